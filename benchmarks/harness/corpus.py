"""The text the harness runs on: UNGDC sessions, the bundled sample, or any file or folder of .txt.

Order of choice for ``--corpus auto`` (the default): the UN General Debate Corpus — an unpacked
copy in ``$RELCORE_UNGDC_DIR`` or ``/tmp/ungdc``, or the shared archive
(``<repo>/../shared/corpora/ungdc`` or ``$RELCORE_SHARED/corpora/ungdc``) unpacked once into
``build/ungdc`` — else the sample bundled with the package (``python/relcore/data/samples/``);
``--corpus builtin`` is a short built-in text, for tests.
"""
from __future__ import annotations

import os
import re
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

REPO = Path(__file__).resolve().parents[2]
SESSION_DIR = re.compile(r"^Session (\d+) - (\d{4})$")

# Used only when neither the corpus nor the bundled sample exists. Written for this project.
BUILT_IN = (
    "The Foreign Minister of Azerbaijan met the Secretary-General of the United Nations in New York "
    "on 24 September 2023. Both sides discussed the situation in the South Caucasus, the role of the "
    "OSCE and the European Union, and cooperation with Türkiye, Georgia and Kazakhstan. \u201cWe remain "
    "committed to the Charter,\u201d the Minister said. Dr. A. Rahman of the U.N. Development Programme "
    "(UNDP) added that 3.5 million people\u2014mostly in rural areas\u2014still lack access to water; "
    "see www.undp.org for details. The delegations of the Russian Federation, the United States of "
    "America, China and France did not comment... Negotiations will resume in Geneva next year.\n\n"
    "Président Macron a rencontré le chancelier allemand à Berlin. L\u2019Union européenne et l\u2019OTAN "
    "ont réaffirmé leur soutien à l\u2019Ukraine. Straße, naïve café, \u0130stanbul, \ufb01nance.\n"
)


@dataclass
class Corpus:
    name: str                       # "UNGDC sessions 70-78", "sample", a path
    source: str                     # where the text came from
    docs: List[str]
    names: List[str] = field(default_factory=list)

    @property
    def n_bytes(self) -> int:
        return sum(len(d.encode("utf-8")) for d in self.docs)

    def describe(self) -> dict:
        n_bytes = self.n_bytes
        n_chars = sum(len(d) for d in self.docs)
        ascii_docs = sum(d.isascii() for d in self.docs)
        return {"name": self.name, "source": self.source, "documents": len(self.docs),
                "utf8_bytes": n_bytes, "chars": n_chars, "ascii_documents": ascii_docs}


def doc_bytes(docs: Sequence[str]) -> int:
    return sum(len(d.encode("utf-8")) for d in docs)


def stride_sample(docs: Sequence[str], max_bytes: int) -> List[str]:
    """Every k-th document, k the smallest power of two that keeps the sample under max_bytes.

    A stride (not a prefix) keeps every session in the sample. At least one document is returned."""
    total = doc_bytes(docs)
    k = 1
    while k < len(docs) and total / k > max_bytes:
        k *= 2
    sample = list(docs[::k])
    if len(sample) > 1 and doc_bytes(sample) > max_bytes:
        while len(sample) > 1 and doc_bytes(sample) > max_bytes:
            sample.pop()
    return sample


def parse_sessions(spec: Optional[str]) -> Optional[Tuple[int, int]]:
    """"70-78" -> (70, 78); "75" -> (75, 75); None or "all" -> None (every session)."""
    if not spec or spec == "all":
        return None
    m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+))?\s*", spec)
    if not m:
        raise ValueError(f"--sessions wants N or N-M, got {spec!r}")
    lo = int(m.group(1))
    hi = int(m.group(2) or lo)
    if hi < lo:
        raise ValueError(f"--sessions range is empty: {spec!r}")
    return lo, hi


def shared_dir() -> Optional[Path]:
    env = os.environ.get("RELCORE_SHARED")
    for cand in ([Path(env)] if env else []) + [REPO.parent / "shared"]:
        if cand.is_dir():
            return cand
    return None


def ungdc_archive() -> Optional[Path]:
    shared = shared_dir()
    if shared is None:
        return None
    found = sorted((shared / "corpora" / "ungdc").glob("*.tar.xz"))
    return found[0] if found else None


def _session_dirs(root: Path) -> dict:
    out = {}
    if root.is_dir():
        for p in root.iterdir():
            m = SESSION_DIR.match(p.name)
            if m and p.is_dir():
                out[int(m.group(1))] = p
    return out


def ungdc_root(cache: Optional[Path] = None, log=print) -> Optional[Path]:
    """A folder holding the unpacked "Session NN - YYYY" folders: ``$RELCORE_UNGDC_DIR``, an
    unpacked copy in /tmp/ungdc, or the shared archive unpacked once into ``build/ungdc``."""
    env = os.environ.get("RELCORE_UNGDC_DIR")
    if env and _session_dirs(Path(env)):
        return Path(env)
    if _session_dirs(Path("/tmp/ungdc")):
        return Path("/tmp/ungdc")
    target = Path(cache or REPO / "build" / "ungdc")
    if (target / ".complete").exists():
        return target
    archive = ungdc_archive()
    if archive is None:
        return None
    target.mkdir(parents=True, exist_ok=True)
    log(f"unpacking {archive.name} into {target} (once)")
    with tarfile.open(archive, "r:xz") as tar:
        for m in tar:
            if m.isreg() and m.name.endswith(".txt") and ".." not in m.name.split("/"):
                tar.extract(m, target)
    (target / ".complete").touch()
    return target


def load_ungdc(sessions: Optional[str] = "70-78", log=print) -> Optional[Corpus]:
    root = ungdc_root(log=log)
    if root is None:
        return None
    rng = parse_sessions(sessions)
    dirs = _session_dirs(root)
    picked = sorted(n for n in dirs if rng is None or rng[0] <= n <= rng[1])
    if not picked:
        raise ValueError(f"no UNGDC session in {sessions!r} under {root}")
    docs, names = [], []
    for n in picked:
        for f in sorted(dirs[n].glob("*.txt")):
            docs.append(f.read_text(encoding="utf-8", errors="replace"))
            names.append(f"{dirs[n].name}/{f.name}")
    label = f"UNGDC sessions {picked[0]}-{picked[-1]}" if len(picked) > 1 else f"UNGDC session {picked[0]}"
    return Corpus(label, str(root), docs, names)


def load_path(path: str) -> Corpus:
    p = Path(path)
    if p.is_file():
        files = [p]
    elif p.is_dir():
        files = sorted(p.rglob("*.txt"))
    else:
        raise FileNotFoundError(f"--corpus {path}: no such file or folder")
    if not files:
        raise FileNotFoundError(f"--corpus {path}: no .txt files")
    docs = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    return Corpus(str(p), str(p), docs, [str(f) for f in files])


def load_sample() -> Corpus:
    sample = REPO / "python" / "relcore" / "data" / "samples"
    c = load_path(str(sample))
    c.name = "bundled sample"
    return c


def load(spec: str = "auto", sessions: Optional[str] = "70-78", log=print) -> Corpus:
    """spec: "auto", "ungdc", "sample", "builtin" or a path."""
    if spec == "builtin":
        return Corpus("built-in paragraph", "benchmarks/harness/corpus.py", [BUILT_IN], ["built-in"])
    if spec == "sample":
        return load_sample()
    if spec in ("auto", "ungdc"):
        c = load_ungdc(sessions, log=log)
        if c is not None:
            return c
        if spec == "ungdc":
            raise FileNotFoundError("UNGDC not found: no /tmp/ungdc, no ../shared/corpora/ungdc "
                                    "(set RELCORE_UNGDC_DIR or RELCORE_SHARED)")
        return load_sample()
    return load_path(spec)
