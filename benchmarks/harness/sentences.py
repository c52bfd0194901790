"""Sentence splitting of each document.

Rows: relcore.sentences (list of Span objects), pySBD (strings), BlingFire text_to_sentences
(one newline-joined str) and text_to_sentences_and_offsets (spans), spaCy's sentencizer (Doc, then
spans), PyICU's sentence BreakIterator (boundaries, UTF-16 offsets), and a naive regex split
(always available; the floor any splitter should beat on the hand-made cases).
Agreement: exact-match accuracy on tests/data/sentence_cases.jsonl.
"""
from __future__ import annotations

import re
from typing import Dict, List

from .agreement import load_sentence_cases, sentence_accuracy, utf16_to_str_offsets
from .model import SKIPPED, guard, Config, Group, Row, import_peer, unavailable

TASK = "sentences"
NAIVE = re.compile(r"(?<=[.!?])\s+")


def _cut(text: str, cuts: List[int]) -> List[str]:
    out, prev = [], 0
    for c in cuts:
        if c > prev:
            out.append(text[prev:c])
        prev = c
    if prev < len(text):
        out.append(text[prev:])
    return out


def _relcore_row(rc) -> Row:
    f = rc.sentences
    return Row("relcore.sentences", "relcore", "spans", fn=f, relcore=True,
               agree=lambda t: [t[s.start:s.end] for s in f(t)], note="list of Span")


@guard('pySBD', 'pysbd', 'strings')
def _pysbd_row(cfg: Config) -> Row:
    pysbd, why = import_peer("pysbd", cfg)
    if pysbd is None:
        return unavailable("pySBD", "pysbd", "strings", SKIPPED, why)
    seg = pysbd.Segmenter(language="en", clean=False, char_span=False)
    return Row("pySBD", "pysbd", "strings", fn=seg.segment, agree=seg.segment,
               note='Segmenter(language="en", clean=False)')


@guard('BlingFire', 'blingfire', 'spans')
def _blingfire_rows(cfg: Config) -> List[Row]:
    bf, why = import_peer("blingfire", cfg)
    if bf is None:
        return [unavailable("BlingFire text_to_sentences", "blingfire", "str", SKIPPED, why),
                unavailable("BlingFire text_to_sentences_and_offsets", "blingfire", "spans", SKIPPED, why)]
    tts, ttso = bf.text_to_sentences, bf.text_to_sentences_and_offsets

    def spans(t):
        r = ttso(t)
        return [t[s:e] for s, e in r[1]] if r else []
    return [
        Row("BlingFire text_to_sentences", "blingfire", "str", fn=tts,
            agree=lambda t: tts(t).split("\n"), note="one newline-joined str"),
        Row("BlingFire text_to_sentences_and_offsets", "blingfire", "spans", fn=ttso, agree=spans),
    ]


@guard('spaCy sentencizer', 'spacy', 'spans')
def _spacy_row(cfg: Config) -> Row:
    spacy, why = import_peer("spacy", cfg)
    if spacy is None:
        return unavailable("spaCy sentencizer", "spacy", "spans", SKIPPED, why)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")

    def spans(t):
        return [(s.start_char, s.end_char) for s in nlp(t).sents]
    return Row("spaCy sentencizer", "spacy", "spans", fn=spans,
               agree=lambda t: [t[a:b] for a, b in spans(t)],
               note='blank("en") + sentencizer; includes tokenization')


@guard('PyICU BreakIterator (sentence)', 'PyICU', 'boundaries')
def _icu_row(cfg: Config) -> Row:
    icu, why = import_peer("icu", cfg, "PyICU")
    if icu is None:
        return unavailable("PyICU BreakIterator (sentence)", "PyICU", "boundaries", SKIPPED, why)
    bi = icu.BreakIterator.createSentenceInstance(icu.Locale.getEnglish())

    def cuts(t):
        bi.setText(t)
        return list(bi)
    return Row("PyICU BreakIterator (sentence)", "PyICU", "boundaries", fn=cuts,
               agree=lambda t: _cut(t, utf16_to_str_offsets(t, cuts(t))),
               note="UAX #29 sentence boundaries, UTF-16 offsets")


def _naive_row() -> Row:
    split = NAIVE.split
    return Row("re.split (naive)", "re", "strings", fn=split, agree=split, note=NAIVE.pattern)


def _agreement(rows: List[Row], docs: List[str]) -> Dict[str, Dict]:
    cases = load_sentence_cases()
    if not cases:
        return {r.name: {"score": None, "label": "no sentence cases"} for r in rows if r.runnable}
    return {r.name: sentence_accuracy(r.agree, cases) for r in rows if r.runnable and r.agree}


def groups(rc, cfg: Config, docs: List[str]) -> List[Group]:
    rows = [_relcore_row(rc), _pysbd_row(cfg)] + _blingfire_rows(cfg) + [_spacy_row(cfg), _icu_row(cfg),
                                                                      _naive_row()]
    return [Group(TASK, "sentences", "relcore.sentences", rows, agreement=_agreement,
                  description="sentence spans of each document")]
