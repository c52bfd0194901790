"""Normalization: NFC, NFKC, and NFKC with case folding, on whole documents (str in, str out).

Peers: unicodedata (+ str.casefold), PyICU Normalizer2 and Hugging Face tokenizers' normalizers.
The case-folding group also shows what relcore's options cost (accent stripping and quote and
dash folding; the alignment map of normalize_with_offsets), and a group of upper-cased pure ASCII
text shows the ASCII fast path. Agreement: share of documents whose output is identical to
unicodedata's.
"""
from __future__ import annotations

import unicodedata
from typing import Dict, List

from .model import SKIPPED, Config, Group, Row, guard, import_peer, unavailable

TASK = "normalize"

FORMS = [
    ("NFC", "NFC"),
    ("NFKC", "NFKC"),
    ("NFKC+casefold", "NFKC_CF"),
]


def _unicodedata_fn(form: str):
    norm = unicodedata.normalize
    if form == "NFKC_CF":
        # relcore's definition of casefold=True with a composing form: NFKC(casefold(NFKC(text)))
        return lambda t: norm("NFKC", norm("NFKC", t).casefold())
    return lambda t: norm(form, t)


def _relcore_row(rc, form: str) -> Row:
    name = "relcore.normalize"
    f = rc.normalize
    if form == "NFKC_CF":
        fn = lambda t: f(t, "NFKC", casefold=True)
    else:
        fn = lambda t, form=form: f(t, form)
    return Row(name, "relcore", "str", fn=fn, relcore=True, agree=fn)


@guard('PyICU Normalizer2', 'PyICU', 'str')
def _icu_row(cfg: Config, form: str) -> Row:
    name = "PyICU Normalizer2"
    icu, why = import_peer("icu", cfg, "PyICU")
    if icu is None:
        return unavailable(name, "PyICU", "str", SKIPPED, why)
    if form == "NFC":
        n = icu.Normalizer2.getNFCInstance()
    elif form == "NFKC":
        n = icu.Normalizer2.getNFKCInstance()
    else:
        n = icu.Normalizer2.getInstance(None, "nfkc_cf", icu.UNormalizationMode2.COMPOSE)
    note = "nfkc_cf: also removes default-ignorable code points" if form == "NFKC_CF" else ""
    return Row(name, "PyICU", "str", fn=n.normalize, agree=n.normalize, note=note)


@guard('tokenizers normalizers', 'tokenizers', 'str')
def _hf_row(cfg: Config, form: str) -> Row:
    name = "tokenizers normalizers"
    tk, why = import_peer("tokenizers", cfg)
    if tk is None:
        return unavailable(name, "tokenizers", "str", SKIPPED, why)
    N = tk.normalizers
    if form == "NFC":
        n, note = N.NFC(), ""
    elif form == "NFKC":
        n, note = N.NFKC(), ""
    else:
        n, note = N.Sequence([N.NFKC(), N.Lowercase()]), "Sequence(NFKC, Lowercase): lowercasing, not full case folding"
    return Row(f"{name} {'Sequence' if form == 'NFKC_CF' else form}", "tokenizers", "str",
               fn=n.normalize_str, agree=n.normalize_str, note=note)


def _agreement(form: str):
    ref = _unicodedata_fn(form)

    def agree(rows: List[Row], docs: List[str]) -> Dict[str, Dict]:
        want = [ref(d) for d in docs]
        out = {}
        for r in rows:
            if not r.runnable or r.agree is None:
                continue
            same = sum(r.agree(d) == w for d, w in zip(docs, want))
            out[r.name] = {"score": same / len(docs) if docs else 1.0,
                           "label": f"{same}/{len(docs)} docs = unicodedata"}
        return out
    return agree


def _option_rows(rc) -> List[Row]:
    """What relcore's options add to NFKC + case folding (no peer does the same work)."""
    f, fo = rc.normalize, rc.normalize_with_offsets
    return [
        Row("relcore.normalize + strip_accents, fold_quotes, fold_dashes", "relcore", "str", relcore=True,
            fn=lambda t: f(t, "NFKC", casefold=True, strip_accents=True, fold_quotes=True, fold_dashes=True),
            note="the form the gazetteer matches on"),
        Row("relcore.normalize_with_offsets", "relcore", "Normalized", relcore=True,
            fn=lambda t: fo(t, "NFKC", casefold=True), note="with the alignment map to the original"),
    ]


def _ascii_docs(docs: List[str]):
    """The documents without their non-ASCII characters, upper-cased: all of it folds."""
    return lambda: [d.encode("ascii", "ignore").decode().upper() for d in docs]


def groups(rc, cfg: Config, docs: List[str]) -> List[Group]:
    out = []
    for label, form in FORMS:
        ud = _unicodedata_fn(form)
        note = "NFKC(casefold(NFKC(t)))" if form == "NFKC_CF" else ""
        rows = [
            _relcore_row(rc, form),
            Row("unicodedata.normalize" + (" + str.casefold" if form == "NFKC_CF" else ""),
                "unicodedata", "str", fn=ud, agree=ud, note=note),
            _icu_row(cfg, form),
            _hf_row(cfg, form),
        ]
        if form == "NFKC_CF":
            rows += _option_rows(rc)
        out.append(Group(TASK, label, "relcore.normalize", rows,
                         description=f"Unicode {label} of each document (str -> str)",
                         agreement=_agreement(form)))
    ud = _unicodedata_fn("NFKC_CF")
    out.append(Group(TASK, "NFKC+casefold, upper-case ASCII", "relcore.normalize",
                     [_relcore_row(rc, "NFKC_CF"),
                      Row("unicodedata.normalize + str.casefold", "unicodedata", "str", fn=ud, agree=ud),
                      Row("str.lower", "str", "str", fn=str.lower, note="what ASCII folding amounts to")],
                     docs=_ascii_docs(docs), agreement=_agreement("NFKC_CF"),
                     description="the corpus without its non-ASCII characters, upper-cased: the ASCII "
                                 "fast path, where every letter changes"))
    return out
