"""pith.warc_to_jsonl: the lines, thread counts, resume, Ctrl-C, errors."""

import fcntl
import gzip
import json
import os
import signal
import threading

import pytest

import pith
from conftest import ALL_FAULTS, dev_pages_folder, make_warc


def read_lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def expected_lines(inputs, **options):
    """The lines of a batch over inputs: extract_warc's of each, with the
    input's position."""
    return [dict(line, input=position) for position, path in enumerate(inputs)
            for line in pith.extract_warc(path, **options)]


@pytest.fixture(scope="module")
def inputs(warc_files):
    return [warc_files["gzip", ALL_FAULTS, "1.0"][0], warc_files["plain", "", "1.1"][0],
            warc_files["whole-gzip", ALL_FAULTS, "1.0"][0]]


@pytest.mark.parametrize("threads, name", [(1, "out.jsonl"), (3, "out.jsonl.gz")])
def test_lines_are_extract_warc_s_in_input_order(inputs, tmp_path, threads, name):
    output = str(tmp_path / name)
    stats = pith.warc_to_jsonl(inputs, output, threads=threads)
    lines = read_lines(output)
    assert lines == expected_lines(inputs)
    assert stats["extracted"] == sum("text" in line for line in lines) > 0
    assert stats["failed"] == sum("error" in line for line in lines) > 0
    assert stats["records"] == sum(len(list(pith.iter_warc(path))) for path in inputs)
    assert stats["bytes_read"] == sum(os.path.getsize(path) for path in inputs)
    assert stats["resumed"] == 0


def test_one_path_and_favor(inputs, tmp_path):
    output = str(tmp_path / "one.jsonl")
    pith.warc_to_jsonl(inputs[1], output, favor="recall")
    assert read_lines(output) == expected_lines(inputs[1:2], favor="recall")


def test_comments(inputs, tmp_path):
    output = str(tmp_path / "comments.jsonl")
    pith.warc_to_jsonl(inputs[1], output, comments=True)
    lines = read_lines(output)
    assert lines == expected_lines(inputs[1:2], comments=True)
    assert all(isinstance(line["comments"], list) for line in lines if "text" in line)
    assert all("comments" not in line for line in pith.extract_warc(inputs[1]))


def test_resume_keeps_complete_lines(inputs, tmp_path):
    output = str(tmp_path / "resumed.jsonl")
    first = pith.warc_to_jsonl(inputs, output)
    lines = read_lines(output)
    again = pith.warc_to_jsonl(inputs, output, resume=True)
    assert again["resumed"] == len(lines) == first["extracted"] + first["failed"]
    assert read_lines(output) == lines


def test_bad_arguments(inputs, tmp_path):
    output = str(tmp_path / "bad.jsonl")
    with pytest.raises(ValueError, match="favor"):
        pith.warc_to_jsonl(inputs, output, favor="fast")
    with pytest.raises(ValueError, match="threads"):
        pith.warc_to_jsonl(inputs, output, threads=-1)
    with pytest.raises(TypeError):
        pith.warc_to_jsonl([42], output)
    missing = str(tmp_path / "missing.warc")
    with pytest.raises(pith.Error) as raised:
        pith.warc_to_jsonl([missing, inputs[1]], output)
    assert raised.value.status == "IO"
    # The other input was read all the same, after the missing one's line.
    lines = read_lines(output)
    assert lines[0]["warc"] == missing and "error" in lines[0]
    assert lines[1:] == [dict(line, input=1) for line in pith.extract_warc(inputs[1])]
    assert raised.value.stats["extracted"] == len(lines) - 1
    assert raised.value.stats["inputs_failed"] == 1
    assert str(raised.value) == "cannot read %s as a WARC file: No such file or directory" % (
        missing,)
    with pytest.raises(pith.Error) as raised:
        pith.warc_to_jsonl(inputs, str(tmp_path / "no-such-folder" / "out.jsonl"))
    assert raised.value.status == "IO"


# How many copies of ScrapingHub's pages the interrupted run reads: its
# output (over 3 MB) is far more than a pipe holds, so the run cannot end
# while the test holds the pipe unread.
INTERRUPTED_COPIES = 3


def test_ctrl_c_stops_the_batch_and_resume_finishes_it(tmp_path):
    # Ctrl-C comes at a state the test sees, never after a guessed delay
    # (which failed on a busy machine): the output is a FIFO that a thread
    # copies to a file. After the first bytes it sends SIGINT and reads no
    # more until the handler has run, so the batch is still writing when
    # the interrupt is seen; then it drains the rest, so the batch can end.
    one = str(tmp_path / "one.warc.gz")
    make_warc(one, dev_pages_folder("scrapinghub"), "--no-extras")
    big = str(tmp_path / "big.warc.gz")
    with open(one, "rb") as part, open(big, "wb") as whole:
        data = part.read()
        for _ in range(INTERRUPTED_COPIES):
            whole.write(data)
    fifo = str(tmp_path / "interrupted.fifo.jsonl.gz")
    os.mkfifo(fifo)
    output = str(tmp_path / "interrupted.jsonl.gz")
    opened, handled = threading.Event(), threading.Event()

    def handler(signum, frame):
        handled.set()
        raise KeyboardInterrupt

    def copy_output():
        with open(fifo, "rb") as pipe, open(output, "wb") as copy:
            opened.set()
            copy.write(pipe.read(1))
            os.kill(os.getpid(), signal.SIGINT)
            handled.wait()
            copy.write(pipe.read())

    previous = signal.signal(signal.SIGINT, handler)
    reader = threading.Thread(target=copy_output)
    reader.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            pith.warc_to_jsonl(big, fifo, threads=2)
    finally:
        signal.signal(signal.SIGINT, previous)
        handled.set()
        if not opened.is_set():
            # The batch never opened its output: end the reader's open.
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
        reader.join()
    assert handled.is_set()
    partial = read_lines(output)
    stats = pith.warc_to_jsonl(big, output, threads=2, resume=True)
    assert stats["resumed"] == len(partial)
    lines = read_lines(output)
    assert 0 < len(partial) < len(lines)
    assert lines[: len(partial)] == partial
    assert [line["offset"] for line in lines] == [
        line["offset"] for line in pith.extract_warc(big)]


def test_unreadable_inputs_raise(inputs, tmp_path):
    # A directory and a file that is no WARC: their error lines are
    # written, the other input is read whole, and the call raises, as
    # extract_warc does once it has yielded their lines.
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>A page, not a WARC file.</p></body></html>")
    output = str(tmp_path / "unreadable.jsonl")
    for bad, status in ((str(tmp_path), "IO"), (str(page), "MALFORMED")):
        with pytest.raises(pith.Error) as raised:
            pith.warc_to_jsonl([bad, inputs[1]], output)
        assert raised.value.status == status
        assert str(raised.value).startswith("cannot read %s as a WARC file: " % bad)
        assert raised.value.stats["inputs_failed"] == 1
        lines = read_lines(output)
        assert [line["warc"] for line in lines[:2]] == [bad, inputs[1]]
        assert "error" in lines[0] and lines[0]["input"] == 0
        assert lines[1:] == [dict(line, input=1) for line in pith.extract_warc(inputs[1])]
        with pytest.raises((pith.Error, OSError)) as raised:
            yielded = []
            for line in pith.extract_warc(bad):
                yielded.append(line)
        if isinstance(raised.value, pith.Error):
            assert raised.value.status == status
            assert [dict(line, input=0) for line in yielded] == lines[:1]


def test_resume_by_position(inputs, tmp_path):
    # The same file twice is two inputs: cut in the second copy, the run
    # resumes there; the inputs in another order are refused.
    twice = [inputs[1], inputs[1]]
    whole = str(tmp_path / "whole.jsonl")
    pith.warc_to_jsonl(twice, whole)
    lines = read_lines(whole)
    assert lines == expected_lines(twice)
    cut = str(tmp_path / "cut.jsonl")
    keep = len(lines) * 3 // 4
    with open(whole, "rb") as source, open(cut, "wb") as target:
        target.write(b"".join(source.readlines()[:keep]))
    stats = pith.warc_to_jsonl(twice, cut, resume=True)
    assert stats["resumed"] == keep
    assert read_lines(cut) == lines
    with open(cut, "rb") as before:
        kept = before.read()
    with pytest.raises(pith.Error) as raised:
        pith.warc_to_jsonl([inputs[1], inputs[0], inputs[1]], cut, resume=True)
    assert raised.value.status == "INVALID_ARGUMENT"
    assert "is from input 1" in str(raised.value)
    with open(cut, "rb") as after:
        assert after.read() == kept


def test_a_locked_output_is_refused(inputs, tmp_path):
    output = tmp_path / "locked.jsonl"
    output.write_text("{}\n")
    with open(output, "rb+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(pith.Error) as raised:
            pith.warc_to_jsonl(inputs[1], str(output))
        assert raised.value.status == "IO"
        assert "being written by another run" in str(raised.value)
    assert output.read_text() == "{}\n"


def test_a_write_error_says_so(inputs):
    with pytest.raises(pith.Error) as raised:
        pith.warc_to_jsonl(inputs[1], "/dev/full")
    assert raised.value.status == "IO"
    assert str(raised.value) == "cannot write /dev/full: No space left on device"
    assert raised.value.stats["extracted"] == raised.value.stats["failed"] == 0


@pytest.mark.parametrize("format, member", [("markdown", "markdown"), ("html", "html"),
                                            ("json", "document")])
def test_formats_are_extract_warc_s(inputs, tmp_path, format, member):
    output = str(tmp_path / ("%s.jsonl" % format))
    pith.warc_to_jsonl(inputs[1], output, threads=2, format=format, images=True)
    lines = read_lines(output)
    assert lines == expected_lines(inputs[1:2], format=format, images=True)
    pages = [line for line in lines if "text" in line]
    assert pages and all(member in line for line in pages)
    plain = read_lines_of(inputs[1], tmp_path)
    assert [line.get("text") for line in lines] == [line.get("text") for line in plain]
    for line in pages:
        assert list(line)[-2:] == ["text", member]
        assert int(line["simhash"], 16) == pith.simhash(line["text"])
        if member != "document":
            page = pith.extract(pith_payload(inputs[1], line["record"]), url=line["uri"],
                                format=format, images=True,
                                charset=pith_charset(inputs[1], line["record"]))
            assert line[member] == page


def read_lines_of(path, tmp_path):
    output = str(tmp_path / "plain.jsonl")
    pith.warc_to_jsonl(path, output)
    return read_lines(output)


def pith_record(path, number):
    return list(pith.iter_warc(path))[number]


def pith_payload(path, number):
    return pith_record(path, number).payload


def pith_charset(path, number):
    return pith_record(path, number).charset


def test_dedup_names_the_first(inputs, tmp_path):
    output = str(tmp_path / "dedup.jsonl")
    twice = [inputs[1], inputs[1]]
    pith.warc_to_jsonl(twice, output, threads=3, dedup=True)
    lines = read_lines(output)
    plain = expected_lines(twice)
    assert len(lines) == len(plain)
    first = {}
    duplicates = 0
    for line, whole in zip(lines, plain):
        text = whole.get("text")
        if text and text in first:
            duplicates += 1
            assert line == dict({key: whole[key] for key in list(whole)[:8]},
                                duplicate_of=first[text])
        else:
            if text:
                first[text] = {"input": whole["input"], "record": whole["record"]}
            assert line == whole
    assert duplicates >= len(first)
    # extract_warc finds the same repeats within its file.
    assert [line for line in pith.extract_warc(inputs[1], dedup=True)
            if "duplicate_of" not in line] == [
        line for line in lines if line["input"] == 0 and "duplicate_of" not in line]


def test_bad_format(inputs, tmp_path):
    with pytest.raises(ValueError):
        pith.warc_to_jsonl(inputs[1], str(tmp_path / "x.jsonl"), format="docx")
    with pytest.raises(ValueError):
        list(pith.extract_warc(inputs[1], format="docx"))


def test_simhash():
    text = "The council met on Tuesday to discuss the new budget for the parks."
    assert pith.simhash(text) == pith.simhash(text.upper()) != 0
    assert pith.simhash("") == 0
    near = pith.simhash(text.replace("Tuesday", "Monday"))
    far = pith.simhash("Preheat the oven, whisk the eggs with sugar and bake the cake.")
    assert bin(pith.simhash(text) ^ near).count("1") < bin(pith.simhash(text) ^ far).count("1")
    page = pith.extract(b"<html><body><article><p>" + text.encode() * 3
                        + b"</p></article></body></html>", format="json")
    assert page["word_count"] == 39
    assert int(page["simhash"], 16) == pith.simhash(page["text"])
    with pytest.raises(TypeError):
        pith.simhash(b"bytes")
