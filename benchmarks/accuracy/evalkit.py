"""What the accuracy tasks share: scores, rows, peers, the UD reader and the report.

Task modules import it as ``import evalkit`` (run.py puts this folder on sys.path).
"""
from __future__ import annotations

import importlib
import platform
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

# The peers every task may name, in the order of the report (relcore first).
SYSTEM_ORDER = ("relcore", "pysbd", "blingfire", "spacy", "pyicu", "nltk")
NOT_INSTALLED = "not installed"


# ---- scores -----------------------------------------------------------------------------------

def prf(tp: int, n_pred: int, n_gold: int) -> Tuple[Optional[float], Optional[float], Optional[float]]:
    """Precision, recall and F1 from counts; None where the denominator is 0."""
    p = tp / n_pred if n_pred else None
    r = tp / n_gold if n_gold else None
    f = 2 * p * r / (p + r) if p is not None and r is not None and p + r else (0.0 if p == 0 or r == 0 else None)
    return p, r, f


def score_sets(gold: Iterable, pred: Iterable) -> Tuple[int, int, int]:
    """(true positives, predicted, gold) for two collections of hashable items (sets)."""
    g, p = set(gold), set(pred)
    return len(g & p), len(p), len(g)


def row(task: str, dataset: str, system: str, tp: int, n_pred: int, n_gold: int,
        note: Optional[str] = None, **extra) -> dict:
    """A report row from counts; n is the number of gold items."""
    p, r, f = prf(tp, n_pred, n_gold)
    out = {"task": task, "dataset": dataset, "system": system, "precision": p, "recall": r,
           "f1": f, "n": n_gold, "tp": tp, "predicted": n_pred}
    if note:
        out["note"] = note
    out.update(extra)
    return out


def missing_row(task: str, dataset: str, system: str, why: str = NOT_INSTALLED) -> dict:
    """The row of a peer that is not installed (or cannot run): figures None, the reason in note."""
    return {"task": task, "dataset": dataset, "system": system, "precision": None, "recall": None,
            "f1": None, "n": None, "note": why}


# ---- peers ------------------------------------------------------------------------------------

def import_peer(module: str):
    """(module, None) or (None, 'not installed') — a missing peer never fails a run."""
    try:
        return importlib.import_module(module), None
    except Exception as e:  # ImportError, or a broken build raising something else
        return None, NOT_INSTALLED if isinstance(e, ImportError) else f"{NOT_INSTALLED} ({type(e).__name__})"


def peer_version(module: str) -> Optional[str]:
    try:
        from importlib.metadata import version
        return version({"icu": "PyICU"}.get(module, module))
    except Exception:
        return None


# ---- spans and boundaries ---------------------------------------------------------------------

def starts_after_first(spans: Iterable[Tuple[int, int]], text: str) -> Set[int]:
    """Sentence boundaries as the set of positions where a sentence starts, leading white space
    skipped, the first sentence's start left out (it is not a decision)."""
    out = set()
    first = len(text) - len(text.lstrip())
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        if a < b and a > first:
            out.add(a)
    return out


def align(text: str, pieces: Sequence[str], start: int = 0) -> List[Tuple[int, int]]:
    """Offsets of pieces that a system returns as strings (in order, possibly with white space
    trimmed or normalized), found by searching forward in text. A piece that cannot be found
    (the system changed it) is skipped."""
    out, pos = [], start
    for piece in pieces:
        if not piece:
            continue
        i = text.find(piece, pos)
        if i < 0:
            s = piece.strip()
            i = text.find(s, pos) if s else -1
            if i < 0:
                continue
            piece = s
        out.append((i, i + len(piece)))
        pos = i + len(piece)
    return out


def utf16_to_str(text: str, cuts: Iterable[int]) -> List[int]:
    """str indices of UTF-16 offsets (ICU counts UTF-16 code units)."""
    cuts = list(cuts)
    if text.isascii() or not cuts:
        return cuts
    m, u = {}, 0
    for i, ch in enumerate(text):
        m[u] = i
        u += 2 if ord(ch) > 0xFFFF else 1
    m[u] = len(text)
    return [m.get(c, len(text)) for c in cuts]


# ---- Universal Dependencies -------------------------------------------------------------------

@dataclass
class UDSentence:
    text: str
    tokens: List[str]  # surface tokens: a multiword token ("don't") whole, its words left out
    entities: List[str] = field(default_factory=list)  # raw Entity= values, per token (or "")


@dataclass
class UDDocument:
    id: str
    sentences: List[UDSentence]

    def joined(self, sep: str = " ") -> Tuple[str, List[Tuple[int, int]], List[Tuple[int, int]]]:
        """The document as its sentences joined by sep, with gold sentence spans and gold surface
        token spans (offsets into the joined text)."""
        parts, sents, toks, pos = [], [], [], 0
        for s in self.sentences:
            if parts:
                parts.append(sep)
                pos += len(sep)
            sents.append((pos, pos + len(s.text)))
            toks.extend((a + pos, b + pos) for a, b in align(s.text, s.tokens))
            parts.append(s.text)
            pos += len(s.text)
        return "".join(parts), sents, toks


def read_conllu(path: Path) -> List[UDDocument]:
    """Documents of a CoNLL-U file (# newdoc starts one; a file without them is one document)."""
    docs: List[UDDocument] = []
    cur: Optional[UDDocument] = None
    text, tokens, ents, skip_to = None, [], [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# newdoc"):
                did = line.split("=", 1)[1].strip() if "=" in line else f"doc{len(docs) + 1}"
                cur = UDDocument(did, [])
                docs.append(cur)
            elif line.startswith("# text ="):
                text = line.split("=", 1)[1].strip()
            elif line.startswith("#"):
                continue
            elif not line.strip():
                if text is not None:
                    if cur is None:
                        cur = UDDocument(f"doc{len(docs) + 1}", [])
                        docs.append(cur)
                    cur.sentences.append(UDSentence(text, tokens, ents))
                text, tokens, ents, skip_to = None, [], [], 0
            else:
                cols = line.split("\t")
                tid = cols[0]
                if "." in tid:
                    continue  # empty nodes
                if "-" in tid:
                    a, b = tid.split("-")
                    skip_to = int(b)
                    tokens.append(cols[1])
                    ents.append(_entity(cols[9]))
                    continue
                if int(tid) <= skip_to:
                    continue
                tokens.append(cols[1])
                ents.append(_entity(cols[9]))
    if text is not None and cur is not None:
        cur.sentences.append(UDSentence(text, tokens, ents))
    return [d for d in docs if d.sentences]


def _entity(misc: str) -> str:
    for kv in misc.split("|"):
        if kv.startswith("Entity="):
            return kv[7:]
    return ""


def ud_file(shared: Optional[Path], name: str) -> Optional[Path]:
    """A UD dev file in the shared folder (never a test split), or None."""
    if shared is None or "-test" in name:
        return None
    p = shared / "corpora" / "ud" / name
    return p if p.is_file() else None


# ---- report -----------------------------------------------------------------------------------

def meta(ctx) -> dict:
    return {"python": sys.version.split()[0], "platform": platform.platform(), "quick": ctx.quick,
            "shared": str(ctx.shared) if ctx.shared else None,
            "peers": {m: peer_version(m) for m in ("pysbd", "blingfire", "spacy", "icu", "nltk")}}


def _fmt(x) -> str:
    return "—" if x is None else f"{x:.3f}"


def _system_key(name: str):
    base = name.split()[0].lower()
    return (SYSTEM_ORDER.index(base) if base in SYSTEM_ORDER else len(SYSTEM_ORDER), name)


def markdown(result: dict) -> str:
    """One table per task: every data set, relcore first and every peer beside it."""
    lines = ["# Accuracy: relcore beside its peers", "",
             "Generated by `make eval` (benchmarks/accuracy/run.py). Precision, recall and F1 of "
             "boundaries or matches against gold data; n is the number of gold items; — where a "
             "figure is undefined or the system is not installed.", ""]
    rows = result["rows"]
    for t in result["tasks"]:
        lines.append(f"## {t['name']}")
        lines.append("")
        if t.get("doc"):
            lines += [t["doc"], ""]
        trows = [r for r in rows if r["task"] == t["name"]]
        if not trows:
            lines += ["(no rows)", ""]
            continue
        datasets: List[str] = []
        for r in trows:
            if r["dataset"] not in datasets:
                datasets.append(r["dataset"])
        lines.append("| data set | system | precision | recall | F1 | n | note |")
        lines.append("|---|---|---:|---:|---:|---:|---|")
        for d in datasets:
            for r in sorted((r for r in trows if r["dataset"] == d), key=lambda r: _system_key(r["system"])):
                n = "—" if r.get("n") is None else f"{r['n']:,}"
                lines.append(f"| {d} | {r['system']} | {_fmt(r['precision'])} | {_fmt(r['recall'])} | "
                             f"{_fmt(r['f1'])} | {n} | {r.get('note') or ''} |")
        lines.append("")
    for e in result.get("errors", []):
        lines += [f"**{e['task']} failed:** {e['error']}", ""]
    m = result.get("meta") or {}
    if m:
        peers = ", ".join(f"{k} {v or 'not installed'}" for k, v in m.get("peers", {}).items())
        lines += [f"Python {m.get('python')}; {peers}; quick={m.get('quick')}.", ""]
    return "\n".join(lines)
