"""Agreement: comparing outputs where they are comparable, and the shared semantics imposed on peers.

- Token boundaries: a row's token spans give a set of boundary offsets; compared with the UAX #29
  word boundaries of the same text (precision, recall, F1).
- Sentences: exact-match accuracy on hand-made cases (tests/data/sentence_cases.jsonl).
- Gazetteer: every matcher's raw hits go through the same whole-word filter and the same
  leftmost-longest selection; the result is compared with a brute-force reference written here.
"""
from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

Span = Tuple[int, int]
Match = Tuple[int, int, str]

REPO = Path(__file__).resolve().parents[2]
SENTENCE_CASES = REPO / "tests" / "data" / "sentence_cases.jsonl"


# ---- spans from strings ------------------------------------------------------------------------

def align(text: str, tokens: Iterable[str]) -> List[Span]:
    """Spans of ``tokens`` found in order in ``text``; tokens not found verbatim are skipped."""
    spans, pos = [], 0
    for tok in tokens:
        if not tok:
            continue
        i = text.find(tok, pos)
        if i < 0:
            continue
        spans.append((i, i + len(tok)))
        pos = i + len(tok)
    return spans


def utf16_to_str_offsets(text: str, offsets: Iterable[int]) -> List[int]:
    """ICU reports UTF-16 code unit offsets; Python str indices differ after any non-BMP character."""
    if all(ord(c) < 0x10000 for c in text):
        return list(offsets)
    table, u = {}, 0
    for i, c in enumerate(text):
        table[u] = i
        u += 2 if ord(c) >= 0x10000 else 1
    table[u] = len(text)
    return [table[o] for o in offsets if o in table]


def boundaries_to_word_spans(text: str, cuts: Sequence[int]) -> List[Span]:
    """Segments between consecutive boundaries, without the all-whitespace ones."""
    out, prev = [], 0
    for c in cuts:
        if c > prev and not text[prev:c].isspace():
            out.append((prev, c))
        prev = c
    if prev < len(text) and not text[prev:].isspace():
        out.append((prev, len(text)))
    return out


# ---- token boundary agreement ------------------------------------------------------------------

def boundary_set(spans: Iterable[Span]) -> Set[int]:
    s: Set[int] = set()
    for a, b in spans:
        s.add(a)
        s.add(b)
    return s


def prf(found: Set, reference: Set) -> Dict[str, float]:
    tp = len(found & reference)
    p = tp / len(found) if found else (1.0 if not reference else 0.0)
    r = tp / len(reference) if reference else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f}


def boundary_agreement(row_spans: Dict[str, List[List[Span]]], ref_spans: List[List[Span]]) -> Dict[str, Dict]:
    """Micro-averaged boundary P/R/F1 of each row against the reference, document by document."""
    out = {}
    for name, per_doc in row_spans.items():
        tp = fp = fn = 0
        for got, ref in zip(per_doc, ref_spans):
            g, r = boundary_set(got), boundary_set(ref)
            tp += len(g & r)
            fp += len(g - r)
            fn += len(r - g)
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[name] = {"score": f, "precision": p, "recall": r,
                     "label": f"boundary F1 {f:.3f} (P {p:.3f} R {r:.3f})"}
    return out


# ---- sentences ---------------------------------------------------------------------------------

def load_sentence_cases(path: Optional[Path] = None) -> List[dict]:
    p = Path(path or SENTENCE_CASES)
    if not p.exists():
        return []
    cases = []
    with open(p, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                cases.append(json.loads(line))
    return cases


def _norm_sentences(sents: Iterable[str]) -> List[str]:
    return [" ".join(s.split()) for s in sents if s.strip()]


def sentence_accuracy(split, cases: Sequence[dict]) -> Dict:
    """Share of cases whose sentences (whitespace-normalized) equal the expected list exactly."""
    right, wrong = 0, []
    for case in cases:
        try:
            got = _norm_sentences(split(case["text"]))
        except Exception as exc:  # a splitter that crashes on a case gets it wrong
            got = [f"<{type(exc).__name__}>"]
        if got == _norm_sentences(case["sentences"]):
            right += 1
        else:
            wrong.append(case.get("id", case["text"][:30]))
    n = len(cases)
    acc = right / n if n else 0.0
    return {"score": acc, "correct": right, "cases": n, "wrong": wrong,
            "label": f"{right}/{n} cases ({acc:.0%})"}


# ---- gazetteer semantics -----------------------------------------------------------------------

def is_word_char(c: str) -> bool:
    """Python re's \\w for str: alphanumeric or underscore."""
    return c.isalnum() or c == "_"


def whole_word(text: str, start: int, end: int) -> bool:
    """A match may not cut through a word: no word character on both sides of either edge."""
    if start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
        return False
    if end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end]):
        return False
    return True


def select(text: str, raw: Iterable[Match]) -> List[Match]:
    """Whole-word filter, then leftmost-longest non-overlapping choice. Applied to every matcher."""
    cand = [m for m in raw if m[1] > m[0] and whole_word(text, m[0], m[1])]
    cand.sort(key=lambda m: (m[0], -m[1], m[2]))
    out, last = [], 0
    for m in cand:
        if m[0] >= last:
            out.append(m)
            last = m[1]
    return out


def brute_force_matches(text: str, aliases: Dict[str, str]) -> List[Match]:
    """Reference matcher: every substring that starts and ends at a whole-word edge, looked up in a set.

    No automaton: for each position where a match may begin, each edge up to the longest alias
    further on is tried. Quadratic in the longest alias, which is what makes it a plain reference."""
    if not aliases:
        return []
    longest = max(len(a) for a in aliases)
    n = len(text)
    w = [is_word_char(c) for c in text]
    # edge[i]: a match may begin or end at i (no word character on both sides of i).
    edge = [True] + [not (w[i - 1] and w[i]) for i in range(1, n)] + [True]
    ends = [i for i in range(n + 1) if edge[i]]
    raw = []
    k = 0
    for i in range(n):
        if not edge[i]:
            continue
        while k < len(ends) and ends[k] <= i:
            k += 1
        j = k
        while j < len(ends) and ends[j] - i <= longest:
            key = text[i:ends[j]]
            if key in aliases:
                raw.append((i, ends[j], aliases[key]))
            j += 1
    return select(text, raw)


def naive_find_matches(text: str, aliases: Dict[str, str]) -> List[Match]:
    """A second, independent reference (str.find per alias) used to test the first one."""
    raw = []
    for alias, ident in aliases.items():
        i = text.find(alias)
        while i >= 0:
            raw.append((i, i + len(alias), ident))
            i = text.find(alias, i + 1)
    return select(text, raw)


def match_agreement(row_matches: Dict[str, List[List[Match]]], ref: List[List[Match]]) -> Dict[str, Dict]:
    out = {}
    ref_set = {(d, m[0], m[1]) for d, ms in enumerate(ref) for m in ms}
    for name, per_doc in row_matches.items():
        got = {(d, m[0], m[1]) for d, ms in enumerate(per_doc) for m in ms}
        s = prf(got, ref_set)
        s["score"] = s["f1"]
        s["found"] = len(got)
        s["reference"] = len(ref_set)
        s["label"] = f"F1 {s['f1']:.3f} vs brute force ({len(got)}/{len(ref_set)} spans)"
        out[name] = s
    return out


# ---- end to end --------------------------------------------------------------------------------

def pairs_in_sentences(sentences: Sequence[Span], matches: Sequence[Match]) -> Dict[Tuple[str, str], int]:
    """Unordered pairs of distinct ids mentioned in the same sentence, counted once per sentence."""
    counts: Dict[Tuple[str, str], int] = {}
    ms = sorted(matches)
    j = 0
    for s, e in sorted(sentences):
        while j < len(ms) and ms[j][0] < s:
            j += 1
        ids = set()
        k = j
        while k < len(ms) and ms[k][0] < e:
            ids.add(ms[k][2])
            k += 1
        for a, b in combinations(sorted(ids), 2):
            counts[(a, b)] = counts.get((a, b), 0) + 1
    return counts


def pair_overlap(a: Dict, b: Dict) -> float:
    """Weighted Jaccard of two pair-count tables: sum of minima over sum of maxima."""
    keys = set(a) | set(b)
    if not keys:
        return 1.0
    num = sum(min(a.get(k, 0), b.get(k, 0)) for k in keys)
    den = sum(max(a.get(k, 0), b.get(k, 0)) for k in keys)
    return num / den if den else 1.0
