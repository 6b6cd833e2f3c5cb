"""pith.dask.extract_warcs on a real local cluster of worker processes, one
of them killed while tasks run: every HTML record of every input is in the
outputs exactly once, and no temporary file is left."""

import gzip
import json
import logging
import os
import signal
import threading
import time

import pytest

import pith
import pith.dask
from conftest import dev_pages_folder, make_warc

distributed = pytest.importorskip("distributed")

INPUTS = 6
# How long one task should take: long enough to be killed in the middle.
TASK_SECONDS = 2.0
# Waits that mean something is stuck.
TIMEOUT_SECONDS = 60


def offsets_in(path):
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line)["offset"] for line in lines]


def temporary_files(folder):
    return [name for name in os.listdir(folder) if name.endswith(pith.dask.TEMPORARY_SUFFIX)]


def test_output_names():
    assert pith.dask.output_name("/a/CC-1.warc.gz") == "CC-1.jsonl.gz"
    assert pith.dask.output_name("b.warc") == "b.jsonl.gz"
    assert pith.dask.output_name("c") == "c.jsonl.gz"
    with pytest.raises(ValueError, match="would both write"):
        pith.dask.extract_warcs(["x/a.warc.gz", "y/a.warc"], "out", client=object())


def test_a_killed_worker_costs_nothing(tmp_path):
    base = str(tmp_path / "base.warc.gz")
    rows = make_warc(base, dev_pages_folder("scrapinghub"))
    html_offsets = [int(row["offset"]) for row in rows if row["is_html"] == "1"]
    started = time.monotonic()
    pith.warc_to_jsonl(base, str(tmp_path / "calibration.jsonl.gz"))
    seconds = max(time.monotonic() - started, 0.01)
    copies = max(1, min(40, round(TASK_SECONDS / seconds)))
    # Inputs: the base file repeated (WARC files and gzip members
    # concatenate), under INPUTS names.
    size = os.path.getsize(base)
    repeated = str(tmp_path / "repeated.warc.gz")
    with open(base, "rb") as part, open(repeated, "wb") as whole:
        data = part.read()
        for _ in range(copies):
            whole.write(data)
    expected = sorted(offset + copy * size for copy in range(copies) for offset in html_offsets)
    inputs = []
    for i in range(INPUTS):
        inputs.append(str(tmp_path / ("part-%d.warc.gz" % i)))
        os.symlink(repeated, inputs[-1])
    out_dir = str(tmp_path / "out")

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            distributed.Client(cluster) as client:
        outcome = {}

        def run():
            try:
                outcome["stats"] = pith.dask.extract_warcs(inputs, out_dir, client=client)
            except BaseException as error:
                outcome["error"] = error

        job = threading.Thread(target=run)
        job.start()
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while not (os.path.isdir(out_dir) and temporary_files(out_dir)):
            assert time.monotonic() < deadline, "no task started"
            time.sleep(0.05)
        time.sleep(TASK_SECONDS / 4)
        busy = [worker for worker, keys in client.processing().items() if keys]
        pids = client.run(os.getpid)
        os.kill(pids[busy[0]], signal.SIGKILL)
        job.join(TIMEOUT_SECONDS)
        assert not job.is_alive()
        assert "error" not in outcome, outcome.get("error")

        stats = outcome["stats"]
        assert [entry["input"] for entry in stats] == inputs
        assert all(entry["state"] == "written" for entry in stats)
        for entry in stats:
            assert entry["html_records"] == len(expected)
            assert sorted(offsets_in(entry["output"])) == expected
        assert sorted(os.listdir(out_dir)) == sorted(
            pith.dask.output_name(path) for path in inputs)

        # Complete outputs are not made again.
        again = pith.dask.extract_warcs(inputs, out_dir, client=client)
        assert [entry["state"] for entry in again] == ["existed"] * INPUTS
