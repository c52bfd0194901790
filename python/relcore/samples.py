"""The bundled sample corpus: ten 2023 UN General Debate speeches (CC0, see data/samples/README.md),
and the full corpus when a copy is at hand (:func:`ungdc`: unpacked once into a cache)."""
from __future__ import annotations

import os
from typing import Dict, List, NamedTuple, Optional

SAMPLES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "samples")


def sample_paths() -> Dict[str, str]:
    """File name (``AZE_78_2023.txt``) → path of every bundled sample speech, sorted by name."""
    names = sorted(n for n in os.listdir(SAMPLES_DIR) if n.endswith(".txt"))
    return {n: os.path.join(SAMPLES_DIR, n) for n in names}


def samples() -> Dict[str, str]:
    """File name → text of every bundled sample speech.

    >>> texts = samples()
    >>> "AZE_78_2023.txt" in texts
    True
    """
    out = {}
    for name, path in sample_paths().items():
        with open(path, encoding="utf-8") as f:
            out[name] = f.read()
    return out


# --- the full UN General Debate Corpus, when a copy is at hand -----------------------------------

UNGDC_TARBALL_GLOB = os.path.join("corpora", "ungdc", "*.tar.xz")


def _has_sessions(folder: str) -> bool:
    import glob
    return bool(folder) and bool(glob.glob(os.path.join(glob.escape(folder), "Session * - *")))


def shared_candidates(start: Optional[str] = None) -> List[str]:
    """Folders named ``shared`` that may hold ``corpora/ungdc``: $RELCORE_SHARED, then
    ``shared`` beside every ancestor of ``start`` (default: the current folder) and of this package
    (a checkout in /work/main finds /work/shared, from examples/ too)."""
    out: List[str] = []
    env = os.environ.get("RELCORE_SHARED")
    if env:
        out.append(env)
    for base in (start or os.getcwd(), os.path.dirname(os.path.abspath(__file__))):
        d = os.path.abspath(base)
        while True:
            cand = os.path.join(d, "shared")
            if cand not in out:
                out.append(cand)
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
    return out


def default_cache_dir() -> str:
    """Where unpacked corpora are kept: $RELCORE_CACHE, else $XDG_CACHE_HOME/relcore, else
    ~/.cache/relcore."""
    env = os.environ.get("RELCORE_CACHE")
    if env:
        return env
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(xdg, "relcore")


class CorpusLocation(NamedTuple):
    """Where :func:`ungdc` found the corpus: ``folder`` (one sub-folder per session) and
    ``source`` (the tarball it was unpacked from, or the folder given)."""
    folder: str
    source: str


def ungdc(*, start: Optional[str] = None, cache: Optional[str] = None,
          shared: Optional[List[str]] = None) -> Optional[CorpusLocation]:
    """The UN General Debate Corpus, unpacked: $RELCORE_UNGDC when it is an unpacked copy, else the
    tarball ``shared/corpora/ungdc/*.tar.xz`` (see :func:`shared_candidates`) unpacked once into
    the cache (:func:`default_cache_dir`; later calls reuse it). None when there is no copy.
    ``shared``: the ``shared`` folders to look in, instead of searching.

    >>> loc = ungdc()                     # doctest: +SKIP
    >>> loc.folder, loc.source            # doctest: +SKIP
    ('/root/.cache/relcore/ungdc_1946-2024', '/work/shared/corpora/ungdc/ungdc_1946-2024.tar.xz')
    """
    import glob
    import shutil
    import tarfile
    import tempfile
    env = os.environ.get("RELCORE_UNGDC")
    if env and _has_sessions(env):
        return CorpusLocation(env, env)
    tarballs: List[str] = []
    for folder in (shared if shared is not None else shared_candidates(start)):
        tarballs += sorted(glob.glob(os.path.join(glob.escape(folder), UNGDC_TARBALL_GLOB)))
    if not tarballs:
        return None
    tarball = tarballs[0]
    name = os.path.basename(tarball).split(".tar")[0]
    dest = os.path.join(cache or default_cache_dir(), name)
    done = os.path.join(dest, ".unpacked")
    if os.path.exists(done):
        return CorpusLocation(dest, tarball)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    # unpack beside the destination, then rename: a reader never sees half a corpus
    tmp = tempfile.mkdtemp(prefix=name + ".", dir=os.path.dirname(dest))
    try:
        with tarfile.open(tarball) as tf:
            if hasattr(tarfile, "data_filter"):
                tf.extractall(tmp, filter="data")
            else:
                tf.extractall(tmp)
        open(os.path.join(tmp, ".unpacked"), "w").close()
        if os.path.exists(dest):
            shutil.rmtree(dest)
        os.rename(tmp, dest)
    finally:
        if os.path.exists(tmp):
            shutil.rmtree(tmp, ignore_errors=True)
    return CorpusLocation(dest, tarball)


def ungdc_files(folder: str, first_year: int = 1946, last_year: int = 9999) -> List[str]:
    """The speech files of an unpacked UNGDC folder from ``first_year`` to ``last_year``, sorted."""
    import glob
    from .frames import ungdc_meta
    files = sorted(glob.glob(os.path.join(glob.escape(folder), "Session * - *", "*.txt")))
    return [f for f in files if first_year <= ungdc_meta(f)["year"] <= last_year]
