"""The UAX #29 engine under tokenize and sentences: relcore._core.segment(text, kind), not public API.

Word, sentence and grapheme cluster boundaries as int64 offset buffers with a kind per segment,
against the regular expression word splitter (spans) in the same process. Agreement: the word
segments (whitespace left out) against relcore.tokenize(mode="uax29"), and the sentence segments
on the hand-made sentence cases (plain UAX #29 rules know no abbreviations: the gap to
relcore.sentences is what its rules add).
"""
from __future__ import annotations

import re
from typing import Dict, List

from .agreement import boundary_agreement, load_sentence_cases, sentence_accuracy
from .model import Config, Group, Row

TASK = "segment"
WORD_PATTERN = r"\w+|[^\w\s]"
SPACE = 2  # the kind code of a whitespace segment


def _offsets(buf):
    return memoryview(buf).cast("B").cast("q")


def _word_spans(seg):
    def spans(t):
        starts, ends, kinds = seg(t, "word")
        return [(s, e) for s, e, k in zip(_offsets(starts), _offsets(ends), kinds) if k != SPACE]
    return spans


def _sentence_texts(seg):
    def texts(t):
        starts, ends, _ = seg(t, "sentence")
        return [t[a:b] for a, b in zip(_offsets(starts), _offsets(ends))]
    return texts


def _agreement(rc):
    seg = rc._core.segment

    def agree(rows: List[Row], docs: List[str]) -> Dict[str, Dict]:
        def ref(t):
            x = rc.tokenize(t, mode="uax29")
            return [(s, e) for s, e in zip(x.starts, x.ends) if not t[s:e].isspace()]
        want = [ref(d) for d in docs]
        got = {r.name: [r.agree(d) for d in docs] for r in rows if r.runnable and r.agree}
        out = boundary_agreement(got, want)
        for v in out.values():
            v["label"] += " vs relcore uax29"
        cases = load_sentence_cases()
        if cases:
            out["relcore._core.segment(sentence)"] = sentence_accuracy(_sentence_texts(seg), cases)
        return out
    return agree


def groups(rc, cfg: Config, docs: List[str]) -> List[Group]:
    seg = rc._core.segment
    pat = re.compile(WORD_PATTERN)
    rows = [Row(f"relcore._core.segment({kind})", "relcore", "spans", relcore=True,
                fn=lambda t, kind=kind: seg(t, kind),
                agree=_word_spans(seg) if kind == "word" else None,
                note="int64 buffers + kinds"
                     + (", plain UAX #29 rules (no abbreviations)" if kind == "sentence" else ""))
            for kind in ("word", "sentence", "grapheme")]
    rows.append(Row("re.finditer spans", "re", "spans", fn=lambda t: [m.span() for m in pat.finditer(t)],
                    agree=lambda t: [m.span() for m in pat.finditer(t)], note=WORD_PATTERN))
    return [Group(TASK, "UAX #29 engine", "relcore._core.segment(word)", rows, agreement=_agreement(rc),
                  description="word, sentence and grapheme boundaries of each document (the engine "
                              "under tokenize and sentences)")]
