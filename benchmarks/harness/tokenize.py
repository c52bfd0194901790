"""Tokenization: words of each document, as spans (offsets) or as strings; and UAX #29 segments.

Group "words": relcore.tokenize (spans in int64 buffers) is the reference; every peer does its own
idea of word tokenization, and the output column says what it returns:
  spans       offsets into the str (tuples, or buffers for relcore)
  strings     a list of token strings, no offsets
  str         one string with tokens separated by spaces (BlingFire text_to_words)
  Doc         spaCy Doc (token offsets held in C arrays, like relcore's buffers)
Group "UAX #29": every word-boundary segment, spaces included (relcore mode="uax29", ICU).

Agreement: boundary F1 against the UAX #29 word boundaries of the same text (relcore mode="uax29"
when it has landed, else ICU's word BreakIterator), whitespace segments left out; rows that return
strings are aligned to the text first.
"""
from __future__ import annotations

import re
from typing import Dict, List

from .agreement import align, boundaries_to_word_spans, boundary_agreement, utf16_to_str_offsets
from .model import SKIPPED, guard, Config, Group, Row, import_peer, relcore_missing, unavailable

TASK = "tokenize"
WORD_PATTERN = r"\w+|[^\w\s]"


def _relcore_rows(rc) -> List[Row]:
    if rc is None or not hasattr(rc, "tokenize"):
        return [relcore_missing("relcore.tokenize", "spans", "relcore.tokenize"),
                relcore_missing("relcore.tokenize().texts()", "strings", "relcore.tokenize")]
    tok = rc.tokenize

    def spans(t):
        x = tok(t)
        return list(zip(x.starts, x.ends))
    rows = [Row("relcore.tokenize", "relcore", "spans", fn=tok, relcore=True, agree=spans,
                note="int64 start/end buffers"),
            Row("relcore.tokenize().texts()", "relcore", "strings", fn=lambda t: tok(t).texts(),
                relcore=True, agree=spans)]
    if hasattr(rc, "tokenize_many"):
        many = rc.tokenize_many
        rows.append(Row("relcore.tokenize_many(threads=1)", "relcore", "spans",
                        batch_fn=lambda ds: many(ds, threads=1), relcore=True,
                        note="whole corpus in one call, one thread (threads: see scaling)"))
    return rows


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


def internal_segment(rc, kind: str):
    """relcore._core.segment(text, kind): the UAX #29 engine under tokenize/sentences, or None."""
    core = getattr(rc, "_core", None) if rc is not None else None
    seg = getattr(core, "segment", None)
    if seg is None:
        return None
    try:
        seg("a b", kind)
    except Exception:
        return None
    return lambda t: seg(t, kind)


def _segment_word_spans(seg):
    def spans(t):
        starts, ends, kinds = seg(t)
        return [(s, e) for s, e, k in zip(memoryview(starts).cast("q"), memoryview(ends).cast("q"), kinds)
                if k != 2]  # 2: whitespace segment
    return spans


def _reference(rc, icu_spans):
    """(name, text -> word spans) of the UAX #29 reference for agreement, or (None, None)."""
    if rc is not None and hasattr(rc, "tokenize"):
        try:
            rc.tokenize("a b", mode="uax29")

            def ref(t):
                x = rc.tokenize(t, mode="uax29")
                return [(s, e) for s, e in zip(x.starts, x.ends) if not t[s:e].isspace()]
            return "relcore uax29", ref
        except (TypeError, ValueError):
            pass
    seg = internal_segment(rc, "word")
    if seg is not None:
        return "relcore UAX #29 engine", _segment_word_spans(seg)
    if icu_spans is not None:
        return "ICU word BreakIterator", icu_spans
    return None, None


def _agreement(ref_name, ref):
    def agree(rows: List[Row], docs: List[str]) -> Dict[str, Dict]:
        if ref is None:
            return {r.name: {"score": None, "label": "no UAX #29 reference available"}
                    for r in rows if r.runnable}
        want = [ref(d) for d in docs]
        got = {r.name: [r.agree(d) for d in docs] for r in rows if r.runnable and r.agree}
        res = boundary_agreement(got, want)
        for v in res.values():
            v["reference"] = ref_name
            v["label"] += f" vs {ref_name}"
        return res
    return agree


def groups(rc, cfg: Config) -> List[Group]:
    icu_spans, icu_row = _icu_row(cfg)
    ref_name, ref = _reference(rc, icu_spans)
    words = _relcore_rows(rc) + _re_rows() + _regex_rows(cfg) + _nltk_rows(cfg) + [_spacy_row(cfg)] \
        + _hf_rows(cfg) + _blingfire_rows(cfg)
    if rc is not None and hasattr(rc, "tokenize"):
        uax = Row("relcore.tokenize(mode=\"uax29\")", "relcore", "spans", relcore=True,
                  fn=lambda t: rc.tokenize(t, mode="uax29"),
                  agree=lambda t: [(s, e) for s, e in zip(*(lambda x: (x.starts, x.ends))(rc.tokenize(t, mode="uax29")))
                                   if not t[s:e].isspace()])
    else:
        uax = relcore_missing("relcore.tokenize(mode=\"uax29\")", "spans", "relcore.tokenize")
    uax_rows, uax_ref = [uax], uax.name
    seg = internal_segment(rc, "word")
    if seg is not None:
        uax_rows.append(Row("relcore._core.segment(word)", "relcore", "spans", fn=seg, relcore=True,
                            agree=_segment_word_spans(seg),
                            note="internal UAX #29 engine (int64 buffers + kinds), not public API"))
        if not uax.runnable:
            uax_ref = uax_rows[-1].name
    return [
        Group(TASK, "words", "relcore.tokenize", words, agreement=_agreement(ref_name, ref),
              description="word tokens of each document"),
        Group(TASK, "UAX #29 segments", uax_ref, uax_rows + [icu_row], agreement=_agreement(ref_name, ref),
              description="every UAX #29 word-boundary segment, spaces included"),
    ]
