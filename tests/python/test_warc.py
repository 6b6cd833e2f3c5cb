"""pith.iter_warc and pith.extract_warc over WARC files made by
tests/make_warc.py, every layout, whole and damaged: each record of the
manifest is yielded once, as the manifest describes it."""

import gc
import os
import zlib

import pytest

import pith
from conftest import ALL_FAULTS, LAYOUTS


def absent(value):
    """The manifest writes "-" for a field the record does not have."""
    return "" if value == "-" else value


def check_record(record, row):
    where = "record at %s (%s)" % (row["offset"], row["record_id"])
    assert record.offset == int(row["offset"]), where
    assert (record.status == "OK") == (row["outcome"] == "ok"), (where, record.error)
    assert (record.error == "") == (record.status == "OK"), where
    assert record.is_html == (row["is_html"] == "1"), where
    if row["record_id"] != "-":
        assert record.record_id == row["record_id"], where
        assert record.type == row["type"], where
    if row["outcome"] != "ok":
        return
    assert record.target_uri == absent(row["target_uri"]), where
    assert record.http_status == int(row["http_status"]), where
    assert record.charset == (None if row["charset"] == "-" else row["charset"]), where
    assert isinstance(record.payload, bytes)
    assert len(record.payload) == int(row["payload_length"]), where
    assert "%08x" % zlib.crc32(record.payload) == row["payload_crc32"], where


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("faults, version", [("", "1.1"), (ALL_FAULTS, "1.0")])
def test_every_record_once_as_the_manifest_says(warc_files, layout, faults, version):
    path, rows = warc_files[layout, faults, version]
    records = list(pith.iter_warc(path))
    assert len(records) == len(rows)
    for record, row in zip(records, rows):
        check_record(record, row)
    if faults:
        assert any(row["outcome"] != "ok" for row in rows)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_html_only_yields_the_html_records(warc_files, layout):
    path, rows = warc_files[layout, ALL_FAULTS, "1.0"]
    html_rows = [row for row in rows if row["is_html"] == "1"]
    records = list(pith.iter_warc(path, html_only=True))
    assert len(records) == len(html_rows) > 0
    for record, row in zip(records, html_rows):
        check_record(record, row)


def test_record_is_read_only_and_named(warc_files):
    path, rows = warc_files["gzip", "", "1.1"]
    record = next(iter(pith.iter_warc(path)))
    assert isinstance(record, pith.WarcRecord)
    assert record.type == record[1] == rows[0]["type"]
    with pytest.raises(AttributeError):
        record.payload = b""


def open_descriptors():
    return len(os.listdir("/proc/self/fd"))


def test_the_file_is_closed_when_the_reader_is_dropped_or_closed(warc_files):
    path, _ = warc_files["gzip", "", "1.1"]
    before = open_descriptors()
    records = pith.iter_warc(path)
    next(records)
    assert open_descriptors() == before + 1
    del records
    gc.collect()
    assert open_descriptors() == before

    with pith.iter_warc(path) as records:
        next(records)
        assert open_descriptors() == before + 1
    assert open_descriptors() == before
    with pytest.raises(ValueError, match="closed"):
        next(records)

    records = pith.iter_warc(path)
    for _ in records:
        pass
    stats = records.stats()
    records.close()
    assert open_descriptors() == before
    assert stats["records"] > 0 and stats["bytes_read"] == os.path.getsize(path)


def test_a_missing_file_raises_oserror(tmp_path):
    with pytest.raises(FileNotFoundError):
        pith.iter_warc(tmp_path / "missing.warc.gz")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_extract_warc_gives_one_line_per_html_or_broken_record(warc_files, layout):
    path, rows = warc_files[layout, ALL_FAULTS, "1.0"]
    line_rows = [row for row in rows if row["is_html"] == "1" or row["outcome"] != "ok"]
    lines = list(pith.extract_warc(path))
    assert len(lines) == len(line_rows)
    payloads = {record.record_id: record for record in pith.iter_warc(path, html_only=True)}
    for line, row in zip(lines, line_rows):
        assert line["warc"] == path
        assert line["offset"] == int(row["offset"])
        assert line["record_id"] == absent(row["record_id"])
        if row["outcome"] != "ok":
            assert "error" in line and "text" not in line
            continue
        record = payloads[row["record_id"]]
        page = pith.extract(record.payload, url=record.target_uri, charset=record.charset,
                            format="json")
        assert line["uri"] == absent(row["target_uri"])
        assert (line["title"], line["text"], line["encoding"]) == (
            page["title"], page["text"], page["encoding"])
