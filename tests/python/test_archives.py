"""pith.iter_warc and pith.extract_warc over the other archive formats
(zstd with its dictionary frame, LZ4, bzip2, ARC) made by
tests/make_warc.py, and extract_warc's status, mime and verify_digests
options against the batch's lines."""

import json
import zlib

import pytest

import pith
from conftest import dev_pages_folder, make_warc

FORMATS = (("zstd-dict", "warc"), ("lz4", "warc"), ("bz2", "warc"), ("gzip", "arc"),
           ("plain", "arc"))
FAULTS = "truncated-member,garbage,bad-length,corrupt"


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archives")
    pages = dev_pages_folder("scrapinghub")
    files = {}
    for layout, form in FORMATS:
        path = str(folder / ("%s-%s.warc" % (layout, form)))
        files[layout, form] = (path, make_warc(path, pages, "--count", "10", "--layout", layout,
                                               "--format", form, "--faults", FAULTS))
    path = str(folder / "digests.warc")
    files["digests"] = (path, make_warc(path, pages, "--count", "10", "--layout", "gzip",
                                        "--faults", "bad-digest"))
    return files


@pytest.mark.parametrize("layout, form", FORMATS)
def test_every_record_once_whole_or_broken_as_the_manifest_says(archives, layout, form):
    path, rows = archives[layout, form]
    records = list(pith.iter_warc(path))
    assert len(records) == len(rows)
    for record, row in zip(records, rows):
        where = "record at %s" % row["offset"]
        assert record.offset == int(row["offset"]), where
        assert (record.status == "OK") == (row["outcome"] == "ok"), (where, record.error)
        if row["outcome"] == "ok":
            assert record.type == row["type"], where
            assert record.target_uri == ("" if row["target_uri"] == "-" else row["target_uri"])
            assert "%08x" % zlib.crc32(record.payload) == row["payload_crc32"], where
            assert record.digest is None and record.truncated == ""
    assert any(row["outcome"] != "ok" for row in rows)


def test_status_and_mime_filter_as_the_batch_does(archives, tmp_path):
    path, rows = archives["zstd-dict", "warc"]
    for options in ({"status": "200"}, {"status": [200, "3xx"]},
                    {"mime": "application/xhtml+xml"}, {"mime": ["text/html"], "status": "2xx"}):
        lines = list(pith.extract_warc(path, **options))
        out = str(tmp_path / "out.jsonl")
        stats = pith.warc_to_jsonl(path, out, **options)
        with open(out, encoding="utf-8") as f:
            batch = [json.loads(line) for line in f]
        assert [line["record"] for line in lines] == [line["record"] for line in batch]
        assert [line.get("skipped") for line in lines] == [line.get("skipped") for line in batch]
        filtered = [line for line in lines if line.get("skipped") in ("status", "mime")]
        assert stats["filtered"] == len(filtered)
        for line in lines:
            if "status" in options and "text" in line:
                assert str(line["http_status"]).startswith(("200", "3")), options
            if line.get("skipped") == "mime":
                assert line["content_type"]
    html = sum(row["is_html"] == "1" and row["outcome"] == "ok" for row in rows)
    everything = [line for line in pith.extract_warc(path) if "error" not in line]
    assert len(everything) == html
    with pytest.raises(pith.Error):
        pith.warc_to_jsonl(path, str(tmp_path / "bad.jsonl"), status="2z")


def test_verify_digests_turns_a_mismatch_into_an_error_line(archives):
    path, rows = archives["digests"]
    bad = [row for row in rows if row["outcome"] == "bad-digest"]
    assert len(bad) == 1
    records = list(pith.iter_warc(path, verify_digests=True))
    assert [r.digest for r in records].count("MISMATCH") == 1
    assert all(r.digest == "OK" for r in records if r.status == "OK")
    lines = list(pith.extract_warc(path, verify_digests=True))
    errors = [line for line in lines if "error" in line]
    assert len(errors) == 1 and "Digest" in errors[0]["error"]
    assert errors[0]["offset"] == int(bad[0]["offset"])
    assert not any("error" in line for line in pith.extract_warc(path))


def test_an_empty_file_raises_after_no_line(tmp_path):
    path = tmp_path / "empty.warc"
    path.write_bytes(b"")
    with pytest.raises(pith.Error) as error:
        list(pith.extract_warc(str(path)))
    assert error.value.status == "MALFORMED"
