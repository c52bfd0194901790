"""Tokenization: words of each document, as spans (offsets) or as strings; and UAX #29 segments.

Group "words": relcore.tokenize (spans in int64 buffers) is the reference; every peer does its own
idea of word tokenization, and the output column says what it returns:
  spans       offsets into the str (tuples, or buffers for relcore)
  strings     a list of token strings, no offsets
  str         one string with tokens separated by spaces (BlingFire text_to_words)
  Doc         spaCy Doc (token offsets held in C arrays, like relcore's buffers)
Group "UAX #29": every word-boundary segment, spaces included (relcore mode="uax29", ICU).

Group "results kept": the same calls with every result kept until the pass ends (the memory of
the results is then fresh memory, and page faults cost every row), and ``Tokens.texts()`` on
tokens made before the pass (the strings alone).

Agreement: boundary F1 against the UAX #29 word boundaries of the same text (relcore
mode="uax29"), whitespace segments left out; rows that return strings are aligned to the text first.
"""
from __future__ import annotations

import re
from typing import Dict, List

from .agreement import align, boundaries_to_word_spans, boundary_agreement, utf16_to_str_offsets
from .model import SKIPPED, guard, Config, Group, Row, import_peer, unavailable

TASK = "tokenize"
WORD_PATTERN = r"\w+|[^\w\s]"


def _relcore_rows(rc) -> List[Row]:
    tok, many = rc.tokenize, rc.tokenize_many

    def spans(t):
        x = tok(t)
        return list(zip(x.starts, x.ends))
    return [Row("relcore.tokenize", "relcore", "spans", fn=tok, relcore=True, agree=spans,
                note="int64 start/end buffers"),
            Row("relcore.tokenize().texts()", "relcore", "strings", fn=lambda t: tok(t).texts(),
                relcore=True, agree=spans),
            Row("relcore.tokenize_many(threads=1)", "relcore", "spans",
                batch_fn=lambda ds: many(ds, threads=1), relcore=True,
                note="whole corpus in one call, one thread (threads: see scaling)")]


def _re_rows() -> List[Row]:
    pat = re.compile(WORD_PATTERN)
    fa, fi = pat.findall, pat.finditer
    return [
        Row("str.split", "str", "strings", fn=str.split, agree=lambda t: align(t, t.split()),
            note="whitespace only"),
        Row("re.findall", "re", "strings", fn=fa, agree=lambda t: align(t, fa(t)), note=WORD_PATTERN),
        Row("re.finditer spans", "re", "spans", fn=lambda t: [m.span() for m in fi(t)],
            agree=lambda t: [m.span() for m in fi(t)], note=WORD_PATTERN),
    ]


@guard('regex', 'regex', 'spans')
def _regex_rows(cfg: Config) -> List[Row]:
    rx, why = import_peer("regex", cfg)
    if rx is None:
        return [unavailable("regex.findall", "regex", "strings", SKIPPED, why),
                unavailable("regex.finditer spans", "regex", "spans", SKIPPED, why)]
    pat = rx.compile(WORD_PATTERN)
    fa, fi = pat.findall, pat.finditer
    return [
        Row("regex.findall", "regex", "strings", fn=fa, agree=lambda t: align(t, fa(t)), note=WORD_PATTERN),
        Row("regex.finditer spans", "regex", "spans", fn=lambda t: [m.span() for m in fi(t)],
            agree=lambda t: [m.span() for m in fi(t)], note=WORD_PATTERN),
    ]


@guard('NLTK', 'nltk', 'spans')
def _nltk_rows(cfg: Config) -> List[Row]:
    nltk, why = import_peer("nltk", cfg)
    if nltk is None:
        return [unavailable("NLTK Treebank span_tokenize", "nltk", "spans", SKIPPED, why),
                unavailable("NLTK wordpunct_tokenize", "nltk", "strings", SKIPPED, why)]
    from nltk.tokenize import TreebankWordTokenizer, wordpunct_tokenize
    tb = TreebankWordTokenizer()
    return [
        Row("NLTK Treebank span_tokenize", "nltk", "spans", fn=lambda t: list(tb.span_tokenize(t)),
            agree=lambda t: list(tb.span_tokenize(t)),
            note="whole document at once (word_tokenize would need Punkt data)"),
        Row("NLTK wordpunct_tokenize", "nltk", "strings", fn=wordpunct_tokenize,
            agree=lambda t: align(t, wordpunct_tokenize(t))),
    ]


@guard('spaCy tokenizer', 'spacy', 'Doc')
def _spacy_row(cfg: Config) -> Row:
    spacy, why = import_peer("spacy", cfg)
    if spacy is None:
        return unavailable("spaCy tokenizer", "spacy", "Doc", SKIPPED, why)
    nlp = spacy.blank("en")
    tokenizer = nlp.tokenizer

    def spans(t):
        return [(w.idx, w.idx + len(w)) for w in tokenizer(t) if not w.is_space]
    return Row("spaCy tokenizer", "spacy", "Doc", fn=tokenizer, agree=spans,
               note='spacy.blank("en").tokenizer; offsets in the Doc')


@guard('tokenizers pre-tokenizers', 'tokenizers', 'strings+spans')
def _hf_rows(cfg: Config) -> List[Row]:
    tk, why = import_peer("tokenizers", cfg)
    if tk is None:
        return [unavailable("tokenizers Whitespace", "tokenizers", "strings+spans", SKIPPED, why),
                unavailable("tokenizers BertPreTokenizer", "tokenizers", "strings+spans", SKIPPED, why)]
    rows = []
    for label, pre in (("Whitespace", tk.pre_tokenizers.Whitespace()),
                       ("BertPreTokenizer", tk.pre_tokenizers.BertPreTokenizer())):
        f = pre.pre_tokenize_str
        rows.append(Row(f"tokenizers {label}", "tokenizers", "strings+spans", fn=f,
                        agree=lambda t, f=f: [o for _, o in f(t)], note="pre_tokenize_str"))
    return rows


@guard('BlingFire', 'blingfire', 'spans')
def _blingfire_rows(cfg: Config) -> List[Row]:
    bf, why = import_peer("blingfire", cfg)
    if bf is None:
        return [unavailable("BlingFire text_to_words", "blingfire", "str", SKIPPED, why),
                unavailable("BlingFire text_to_words_with_offsets", "blingfire", "spans", SKIPPED, why)]
    ttw, ttwo = bf.text_to_words, bf.text_to_words_with_offsets
    return [
        Row("BlingFire text_to_words", "blingfire", "str", fn=ttw,
            agree=lambda t: align(t, ttw(t).split(" ")), note="one space-joined string"),
        Row("BlingFire text_to_words_with_offsets", "blingfire", "spans", fn=ttwo,
            agree=lambda t: ttwo(t)[1], note="offsets converted to str indices in Python by BlingFire"),
    ]


def _icu_row(cfg: Config):
    icu, why = import_peer("icu", cfg, "PyICU")
    if icu is None:
        return None, unavailable("PyICU BreakIterator (word)", "PyICU", "boundaries", SKIPPED, why)
    bi = icu.BreakIterator.createWordInstance(icu.Locale.getEnglish())

    def cuts(t):
        bi.setText(t)
        return list(bi)

    def spans(t):
        return boundaries_to_word_spans(t, utf16_to_str_offsets(t, cuts(t)))
    return spans, Row("PyICU BreakIterator (word)", "PyICU", "boundaries", fn=cuts, agree=spans,
                      note="every UAX #29 boundary, UTF-16 offsets")


def _reference(rc):
    """(name, text -> word spans) of the UAX #29 reference for agreement."""
    def ref(t):
        x = rc.tokenize(t, mode="uax29")
        return [(s, e) for s, e in zip(x.starts, x.ends) if not t[s:e].isspace()]
    return "relcore uax29", ref


def _agreement(ref_name, ref):
    def agree(rows: List[Row], docs: List[str]) -> Dict[str, Dict]:
        want = [ref(d) for d in docs]
        got = {r.name: [r.agree(d) for d in docs] for r in rows if r.runnable and r.agree}
        res = boundary_agreement(got, want)
        for v in res.values():
            v["reference"] = ref_name
            v["label"] += f" vs {ref_name}"
        return res
    return agree


def _kept_rows(rc, docs: List[str]) -> List[Row]:
    """Every result kept until the end of the pass, and texts() of tokens made before it."""
    tok = rc.tokenize
    pat = re.compile(WORD_PATTERN)
    made = {d: tok(d) for d in docs}   # outside the timed passes (samples are subsets of docs)
    premade_texts = lambda ds: [made[d].texts() for d in ds]  # noqa: E731
    return [
        Row("relcore.tokenize (results kept)", "relcore", "spans", relcore=True,
            batch_fn=lambda ds: [tok(d) for d in ds]),
        Row("relcore.tokenize().texts() (results kept)", "relcore", "strings", relcore=True,
            batch_fn=lambda ds: [tok(d).texts() for d in ds]),
        Row("Tokens.texts() (tokens made before)", "relcore", "strings", relcore=True,
            batch_fn=premade_texts, note="the str objects alone, from Tokens made before"),
        Row("str.split (results kept)", "str", "strings", batch_fn=lambda ds: [d.split() for d in ds]),
        Row("re.finditer spans (results kept)", "re", "spans",
            batch_fn=lambda ds: [[m.span() for m in pat.finditer(d)] for d in ds], note=WORD_PATTERN),
    ]


def groups(rc, cfg: Config, docs: List[str]) -> List[Group]:
    icu_spans, icu_row = _icu_row(cfg)
    ref_name, ref = _reference(rc)
    words = _relcore_rows(rc) + _re_rows() + _regex_rows(cfg) + _nltk_rows(cfg) + [_spacy_row(cfg)] \
        + _hf_rows(cfg) + _blingfire_rows(cfg)
    uax = Row("relcore.tokenize(mode=\"uax29\")", "relcore", "spans", relcore=True,
              fn=lambda t: rc.tokenize(t, mode="uax29"), agree=ref)
    return [
        Group(TASK, "words", "relcore.tokenize", words, agreement=_agreement(ref_name, ref),
              description="word tokens of each document"),
        Group(TASK, "words, results kept", "relcore.tokenize (results kept)", [],
              prepare=lambda: _kept_rows(rc, docs),
              description="word tokens of each document, every result kept until the pass ends"),
        Group(TASK, "UAX #29 segments", uax.name, [uax, icu_row], agreement=_agreement(ref_name, ref),
              description="every UAX #29 word-boundary segment, spaces included"),
    ]
