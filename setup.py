"""The Python package's build (pyproject.toml holds its description).

Two things pyproject.toml cannot say: the version, read from
include/pith.h, where it is written once; and how the extension pith._pith
is built, which is by the Makefile's own rule for make python, in a folder
of setuptools' build tree, so that it is compiled with the flags, sources
and link line that make uses and never reads the Makefile's build/. The
extension links libpith.a, built there from src/, and needs neither the
source tree nor an installed libpith when it runs.
"""

import os
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = os.path.dirname(os.path.abspath(__file__))


def pith_version():
    with open(os.path.join(ROOT, "include", "pith.h"), encoding="utf-8") as header:
        text = header.read()
    parts = []
    for part in ("MAJOR", "MINOR", "PATCH"):
        found = re.search(r"^#define PITH_VERSION_%s +([0-9]+)$" % part, text, re.MULTILINE)
        if not found:
            sys.exit("setup.py: include/pith.h defines no PITH_VERSION_%s" % part)
        parts.append(found.group(1))
    return ".".join(parts)


class build_with_make(build_ext):
    """Builds each extension as make python does, with the Python that
    runs this build (its headers), then copies it to the name setuptools
    expects (e.g. _pith.cpython-311-x86_64-linux-gnu.so)."""

    def build_extension(self, extension):
        folder = os.path.join(os.path.abspath(self.build_temp), "make")
        module = os.path.join(folder, "python", "pith", "_pith.so")
        jobs = self.parallel if isinstance(self.parallel, int) and self.parallel > 0 else (
            len(os.sched_getaffinity(0)))
        command = ["make", "-C", ROOT, "-j%d" % jobs, "BUILD=" + folder,
                   "PYTHON=" + sys.executable, module]
        print(" ".join(command), flush=True)
        subprocess.run(command, check=True)
        target = self.get_ext_fullpath(extension.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(module, target)


# Beside make's build/, not in it: setuptools' own tree and metadata
# (egg_info wants its folder to exist).
SETUPTOOLS_BUILD = os.path.join("build", "setuptools")
os.makedirs(SETUPTOOLS_BUILD, exist_ok=True)

setup(
    version=pith_version(),
    ext_modules=[Extension("pith._pith", sources=["python/pithmodule.c"])],
    cmdclass={"build_ext": build_with_make},
    options={"build": {"build_base": SETUPTOOLS_BUILD}, "egg_info": {"egg_base": SETUPTOOLS_BUILD}},
)
