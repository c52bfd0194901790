"""Shared fixtures: Unicode data files and the UNGDC corpus (skipped cleanly when absent)."""
import bz2
import glob
import os
import tarfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UCD = os.environ.get("UCD", "/usr/share/unicode")


def package_path():
    """The folder holding the relcore package these tests import: subprocesses get it as
    PYTHONPATH, so they run the same build (the sanitized copy under `make sanitize`, which has
    no extension in the checkout's python/ on a fresh clone)."""
    import relcore
    return os.path.dirname(os.path.dirname(os.path.abspath(relcore.__file__)))


def ucd_path(name):
    """Path of a Unicode data file from Debian's unicode-data, or skip."""
    for cand in (os.path.join(UCD, name), os.path.join(UCD, "auxiliary", name),
                 os.path.join(UCD, name + ".bz2")):
        if os.path.exists(cand):
            return cand
    pytest.skip(f"{name} not found (Debian package unicode-data)")


def ucd_lines(name):
    path = ucd_path(name)
    opener = bz2.open if path.endswith(".bz2") else open
    with opener(path, "rt", encoding="utf-8") as f:
        yield from f


def shared_dir():
    return os.environ.get("RELCORE_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))


def ungdc_root():
    """The unpacked UNGDC corpus (one folder per session), unpacking it once into build/, or None."""
    for cand in (os.path.join(ROOT, "build", "ungdc"), "/tmp/ungdc"):
        if glob.glob(os.path.join(cand, "Session 78 - *")):
            return cand
    tarballs = glob.glob(os.path.join(shared_dir(), "corpora", "ungdc", "*.tar.xz"))
    if not tarballs:
        return None
    dest = os.path.join(ROOT, "build", "ungdc")
    os.makedirs(dest, exist_ok=True)
    with tarfile.open(tarballs[0]) as tf:
        tf.extractall(dest)
    return dest


def ungdc_files(first=70, last=78):
    root = ungdc_root()
    if root is None:
        return None
    files = []
    for s in range(first, last + 1):
        files += glob.glob(os.path.join(root, f"Session {s} - *", "*.txt"))
    return sorted(files)


@pytest.fixture(scope="session")
def ungdc_70_78():
    """Texts of UNGDC sessions 70–78 as (file name, text) pairs; skips without ../shared."""
    files = ungdc_files(70, 78)
    if not files:
        pytest.skip("UNGDC corpus not available (../shared/corpora/ungdc)")
    out = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            out.append((os.path.basename(f), fh.read()))
    return out
