"""Shared fixtures: paths from tests/run.sh's environment, the dev pages,
and WARC files made by tests/make_warc.py."""

import csv
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
DEVPAGES = os.path.join(ROOT, os.environ.get("PITH_DEVPAGES", "build/devpages"))
LAYOUTS = ("plain", "gzip", "whole-gzip")
ALL_FAULTS = "truncated-member,garbage,bad-length,truncated-end"


def plain_environment():
    """The environment without the sanitizer runtime tests/python.sh
    preloads: programs built with a sanitizer carry their own, and refuse
    to start beside a second copy."""
    environment = dict(os.environ)
    environment.pop("LD_PRELOAD", None)
    return environment


def dev_pages(dataset, count=None):
    """Up to count page paths of a dev dataset, sorted by name."""
    folder = os.path.join(DEVPAGES, dataset, "html")
    if not os.path.isdir(folder):
        pytest.skip("no dev pages in %s (make test unpacks them)" % folder)
    names = sorted(name for name in os.listdir(folder) if name.endswith(".html"))
    return [os.path.join(folder, name) for name in names[:count]]


def read_manifest(path):
    with open(path + ".manifest.tsv", newline="") as manifest:
        return list(csv.DictReader(manifest, delimiter="\t"))


def make_warc(output, pages, *options):
    """Writes the WARC file output from the dev pages folder pages with
    tests/make_warc.py; returns its manifest rows (dicts by column)."""
    subprocess.run(
        [sys.executable, os.path.join(ROOT, "tests", "make_warc.py"), "--pages", pages,
         "-o", output, *options],
        check=True, env=plain_environment())
    return read_manifest(output)


def dev_pages_folder(dataset):
    folder = os.path.join(DEVPAGES, dataset, "html")
    if not os.path.isdir(folder):
        pytest.skip("no dev pages in %s (make test unpacks them)" % folder)
    return folder


@pytest.fixture(scope="session")
def pith_command():
    return os.path.join(BUILD, "pith")


@pytest.fixture(scope="session")
def warc_files(tmp_path_factory):
    """(layout, faults, version) -> (path, manifest rows)."""
    folder = tmp_path_factory.mktemp("warc")
    pages = dev_pages_folder("scrapinghub")
    files = {}
    for layout in LAYOUTS:
        for faults, version in (("", "1.1"), (ALL_FAULTS, "1.0")):
            path = str(folder / ("%s-%s-%s.warc" % (layout, faults and "faults", version)))
            options = ["--count", "12", "--layout", layout, "--version", version]
            if faults:
                options += ["--faults", faults]
            files[layout, faults, version] = (path, make_warc(path, pages, *options))
    return files
