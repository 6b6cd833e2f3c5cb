"""pith.warc_to_jsonl: the lines, thread counts, resume, Ctrl-C, errors."""

import gzip
import json
import os
import signal
import threading
import time

import pytest

import pith
from conftest import ALL_FAULTS, dev_pages_folder, make_warc


def read_lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def inputs(warc_files):
    return [warc_files["gzip", ALL_FAULTS, "1.0"][0], warc_files["plain", "", "1.1"][0],
            warc_files["whole-gzip", ALL_FAULTS, "1.0"][0]]


@pytest.mark.parametrize("threads, name", [(1, "out.jsonl"), (3, "out.jsonl.gz")])
def test_lines_are_extract_warc_s_in_input_order(inputs, tmp_path, threads, name):
    output = str(tmp_path / name)
    stats = pith.warc_to_jsonl(inputs, output, threads=threads)
    lines = read_lines(output)
    expected = [line for path in inputs for line in pith.extract_warc(path)]
    assert lines == expected
    assert stats["extracted"] == sum("text" in line for line in lines) > 0
    assert stats["failed"] == sum("error" in line for line in lines) > 0
    assert stats["records"] == sum(len(list(pith.iter_warc(path))) for path in inputs)
    assert stats["bytes_read"] == sum(os.path.getsize(path) for path in inputs)
    assert stats["resumed"] == 0


def test_one_path_and_favor(inputs, tmp_path):
    output = str(tmp_path / "one.jsonl")
    pith.warc_to_jsonl(inputs[1], output, favor="recall")
    assert read_lines(output) == list(pith.extract_warc(inputs[1], favor="recall"))


def test_comments(inputs, tmp_path):
    output = str(tmp_path / "comments.jsonl")
    pith.warc_to_jsonl(inputs[1], output, comments=True)
    lines = read_lines(output)
    assert lines == list(pith.extract_warc(inputs[1], comments=True))
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
    assert lines[1:] == list(pith.extract_warc(inputs[1]))
    assert raised.value.stats["extracted"] == len(lines) - 1
    with pytest.raises(pith.Error) as raised:
        pith.warc_to_jsonl(inputs, str(tmp_path / "no-such-folder" / "out.jsonl"))
    assert raised.value.status == "IO"


def test_ctrl_c_stops_the_batch_and_resume_finishes_it(tmp_path):
    one = str(tmp_path / "one.warc.gz")
    make_warc(one, dev_pages_folder("scrapinghub"), "--no-extras")
    # Long enough that the signal lands mid-run, even on a fast machine.
    big = str(tmp_path / "big.warc.gz")
    with open(one, "rb") as part, open(big, "wb") as whole:
        data = part.read()
        for _ in range(20):
            whole.write(data)
    output = str(tmp_path / "interrupted.jsonl.gz")

    finished = threading.Event()

    def interrupt():
        while not os.path.exists(output) or os.path.getsize(output) == 0:
            if finished.wait(0.01):
                return
        os.kill(os.getpid(), signal.SIGINT)

    sender = threading.Thread(target=interrupt)
    sender.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            pith.warc_to_jsonl(big, output, threads=2)
    finally:
        finished.set()
        sender.join()
    partial = read_lines(output)
    stats = pith.warc_to_jsonl(big, output, threads=2, resume=True)
    assert stats["resumed"] == len(partial)
    lines = read_lines(output)
    assert 0 < len(partial) < len(lines)
    assert lines[: len(partial)] == partial
    assert [line["offset"] for line in lines] == [
        line["offset"] for line in pith.extract_warc(big)]
