"""pith.dask: WARC files to JSON lines on a Dask cluster.

    from distributed import Client
    import pith.dask

    client = Client("tcp://scheduler:8786")     # workers must import pith
    stats = pith.dask.extract_warcs(paths, "/shared/out", client=client)

One task per input file; each writes out_dir/NAME.jsonl.gz (NAME: the
input's file name without .gz and .warc) with pith.warc_to_jsonl. A task
writes a temporary file beside its output (a hidden name ending ".tmp.gz")
and renames it into place only when the file is complete, so an output
that exists is whole: a task killed midway (its worker lost) leaves no
output, and the scheduler's retry writes it again from the start. Temporary
files of killed attempts are removed by the attempt that completes.
Outputs that already exist are skipped, so a run that was stopped can
simply be run again.

Paths are opened by the workers: inputs and out_dir must be reachable at
the same paths from every worker (a shared file system). Only
extract_warcs needs the distributed package; workers need pith alone.
"""

import os
import uuid

import pith

_WARC_SUFFIXES = (".gz", ".warc")
#: How the names of temporary outputs end (".gz": the batch writes gzip).
TEMPORARY_SUFFIX = ".tmp.gz"


def output_name(path):
    """The output file name for the WARC file path: its name without the
    .gz and .warc suffixes, plus ".jsonl.gz" (a.warc.gz -> a.jsonl.gz)."""
    name = os.path.basename(os.fsdecode(path))
    for suffix in _WARC_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return name + ".jsonl.gz"


def _temporary_prefix(output):
    folder, name = os.path.split(output)
    return os.path.join(folder, "." + name + ".")


def _remove_stale_temporaries(output):
    """Removes the temporary files that killed attempts left for output."""
    folder, _ = os.path.split(output)
    prefix = os.path.basename(_temporary_prefix(output))
    for entry in os.listdir(folder or "."):
        if entry.startswith(prefix) and entry.endswith(TEMPORARY_SUFFIX):
            try:
                os.unlink(os.path.join(folder, entry))
            except FileNotFoundError:
                pass


def extract_warc_file(path, output, threads=1, favor="balanced", format="text", images=False,
                      dedup=False):
    """One task: pith.warc_to_jsonl(path) into output, atomically.

    Skips the work when output exists. Otherwise writes a uniquely named
    temporary file beside it, renames it to output when complete, then
    removes what earlier, killed attempts left. favor, format, images,
    dedup: as in pith.warc_to_jsonl (dedup within this file). Returns a
    dict: "input",
    "output", "state" ("written" or "existed") and, when written, the
    batch's counts (see pith.warc_to_jsonl).
    """
    path = os.fsdecode(path)
    output = os.fsdecode(output)
    result = {"input": path, "output": output}
    if os.path.exists(output):
        result["state"] = "existed"
        return result
    temporary = _temporary_prefix(output) + uuid.uuid4().hex + TEMPORARY_SUFFIX
    try:
        stats = pith.warc_to_jsonl([path], temporary, threads=threads, favor=favor,
                                   format=format, images=images, dedup=dedup)
        os.replace(temporary, output)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    _remove_stale_temporaries(output)
    result["state"] = "written"
    result.update(stats)
    return result


def extract_warcs(paths, out_dir, client=None, threads_per_task=1, favor="balanced",
                  format="text", images=False, dedup=False):
    """Extract the WARC files paths on a Dask cluster, one task per file.

    paths: WARC file paths (str or os.PathLike), as the workers see them.
    out_dir: the folder the outputs go to (made if missing), one
        NAME.jsonl.gz per input (see output_name); two inputs may not share
        a NAME.
    client: a distributed.Client; None uses the current default client, or
        a temporary local cluster when there is none.
    threads_per_task: extraction threads each task runs (give workers as
        many cores per task slot).
    favor: as in pith.extract().
    format, images: as in pith.warc_to_jsonl: "markdown", "html" or
        "json" add that rendering of each page beside "text".
    dedup: as in pith.warc_to_jsonl, within each file (a task sees one
        file; repeats across files are for a later pass, which the lines'
        "simhash" and a hash of "text" serve).

    Returns one dict per input, in the order of paths (see
    extract_warc_file). Raises what a task raised (e.g. pith.Error for an
    input that cannot be opened); outputs already complete stay, and
    running again does only what is missing.
    """
    import distributed

    paths = [os.fsdecode(path) for path in paths]
    out_dir = os.fsdecode(out_dir)
    outputs = [os.path.join(out_dir, output_name(path)) for path in paths]
    seen = {}
    for path, output in zip(paths, outputs):
        if output in seen:
            raise ValueError("%r and %r would both write %r" % (seen[output], path, output))
        seen[output] = path
    os.makedirs(out_dir, exist_ok=True)

    own_client = None
    if client is None:
        try:
            client = distributed.default_client()
        except ValueError:
            client = own_client = distributed.Client()
    try:
        futures = client.map(
            extract_warc_file,
            paths,
            outputs,
            threads=threads_per_task,
            favor=favor,
            format=format,
            images=images,
            dedup=dedup,
            pure=False,
        )
        return client.gather(futures)
    finally:
        if own_client is not None:
            own_client.close()
