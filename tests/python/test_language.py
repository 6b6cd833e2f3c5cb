"""language=: pages whose detected language is not listed are left out,
never without a trace (a None, a "skipped" dict or line), in extract,
extract_warc and warc_to_jsonl alike; bad lists are refused."""

import json
import os

import pytest

import pith

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
SAMPLE = os.path.join(ROOT, "examples", "sample.html")
SAMPLE_WARC = os.path.join(ROOT, "examples", "sample.warc.gz")
SKIPPED = {"skipped": "language", "language": "en", "language_detected": "en",
           "language_score": 0.99}


def sample():
    with open(SAMPLE, "rb") as f:
        return f.read()


def test_a_listed_language_is_kept():
    html = sample()
    assert pith.extract(html, language="de,en") == pith.extract(html)
    assert pith.extract(html, language=["EN"]) == pith.extract(html)


def test_another_language_is_left_out_with_a_trace():
    html = sample()
    assert pith.extract(html, language="de,fr") is None
    assert pith.extract(html, language="de", format="markdown") is None
    page = pith.extract(html, language="de", format="json")
    assert page.pop("url").startswith("https://bosporusnotebook.example/")
    assert page == SKIPPED


@pytest.mark.parametrize("bad", ["", "x", "german", "de,,fr", "d3", ["de", 7], []])
def test_a_list_that_is_no_list_is_refused(bad):
    with pytest.raises(ValueError):
        pith.extract(sample(), language=bad)


def test_extract_warc_and_warc_to_jsonl_write_the_same_skipped_line(tmp_path):
    lines = list(pith.extract_warc(SAMPLE_WARC, language="de"))
    assert len(lines) == 1
    assert {key: lines[0][key] for key in SKIPPED} == SKIPPED
    assert "text" not in lines[0]
    out = tmp_path / "out.jsonl"
    stats = pith.warc_to_jsonl(SAMPLE_WARC, str(out), language="de")
    assert stats["language_skipped"] == 1 and stats["extracted"] == 0
    with open(out) as f:
        assert [json.loads(line) for line in f] == lines
    stats = pith.warc_to_jsonl(SAMPLE_WARC, str(out), language="en")
    assert stats["language_skipped"] == 0 and stats["extracted"] == 1
