"""Sentence boundaries: the position where each sentence starts (the first one left out), scored
against gold — pySBD's 48 English golden rules, relcore's own cases (tests/data/), and the UD
English dev treebanks (EWT: web text; GUM: mixed genres) with the sentences of a document joined
by one space.

Notes: "exact a/b" is the number of cases split exactly right; on UD, "lower-case starts" is the
recall on gold sentences that start with a lower-case letter (web text has many).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import evalkit

NAME = "sentences"
Spans = List[Tuple[int, int]]


# ---- systems: each is text -> list of (start, end) character spans ----------------------------

def _relcore():
    import relcore
    return lambda t: [(s.start, s.end) for s in relcore.sentences(t)], None


def _pysbd():
    pysbd, why = evalkit.import_peer("pysbd")
    if pysbd is None:
        return None, why
    seg = pysbd.Segmenter(language="en", clean=False, char_span=False)
    return lambda t: evalkit.align(t, seg.segment(t)), 'Segmenter("en", clean=False)'


def _blingfire():
    bf, why = evalkit.import_peer("blingfire")
    if bf is None:
        return None, why

    def f(t):
        r = bf.text_to_sentences_and_offsets(t)
        return list(r[1]) if r else []
    return f, "text_to_sentences_and_offsets"


def _spacy():
    spacy, why = evalkit.import_peer("spacy")
    if spacy is None:
        return None, why
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 10_000_000
    return lambda t: [(s.start_char, s.end_char) for s in nlp(t).sents], 'blank("en") + sentencizer'


def _pyicu():
    icu, why = evalkit.import_peer("icu")
    if icu is None:
        return None, why
    bi = icu.BreakIterator.createSentenceInstance(icu.Locale.getEnglish())

    def f(t):
        bi.setText(t)
        cuts = [0] + evalkit.utf16_to_str(t, list(bi))
        return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    return f, "BreakIterator sentence (UAX #29)"


def _nltk():
    nltk, why = evalkit.import_peer("nltk")
    if nltk is None:
        return None, why
    from nltk.tokenize.punkt import PunktSentenceTokenizer
    try:
        tok = nltk.data.load("tokenizers/punkt_tab/english/")
        note = "Punkt, English model"
    except Exception:
        try:
            from nltk.tokenize.punkt import PunktTokenizer
            tok = PunktTokenizer("english")
            note = "Punkt, English model"
        except Exception:
            # The trained model is data that nltk downloads at run time; without it Punkt runs
            # with its defaults (no learned abbreviations).
            tok = PunktSentenceTokenizer()
            note = "Punkt untrained (no punkt data installed)"
    return lambda t: list(tok.span_tokenize(t)), note


SYSTEMS: Dict[str, Callable] = {"relcore": _relcore, "pysbd": _pysbd, "blingfire": _blingfire,
                                "spacy": _spacy, "pyicu": _pyicu, "nltk": _nltk}


# ---- data -------------------------------------------------------------------------------------

def _cases(path: Path) -> List[Tuple[str, List[str]]]:
    out = []
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                c = json.loads(line)
                out.append((c["text"], c["sentences"]))
    return out


def _gold_spans(text: str, sentences: List[str]) -> Spans:
    return evalkit.align(text, sentences)


def datasets(ctx) -> List[Tuple[str, List[Tuple[str, Spans]], bool]]:
    """(name, [(text, gold spans)], cases?) for every data set that is present."""
    out = []
    for name, file in (("golden-rules-en (pySBD, 48)", "golden_rules_en.jsonl"),
                       ("sentence_cases (relcore, tests/data)", "sentence_cases.jsonl")):
        cases = _cases(ctx.root / "tests" / "data" / file)
        if cases:
            out.append((name, [(t, _gold_spans(t, s)) for t, s in cases], True))
    for name, file in (("UD EWT dev (web)", "en_ewt-ud-dev.conllu"),
                       ("UD GUM dev (mixed genres)", "en_gum-ud-dev.conllu")):
        path = evalkit.ud_file(ctx.shared, file)
        if path is None:
            continue
        docs = evalkit.read_conllu(path)
        if ctx.quick:
            docs = docs[:40]
        items = []
        for d in docs:
            text, sents, _ = d.joined(" ")
            items.append((text, sents))
        out.append((name, items, False))
    return out


# ---- scoring ----------------------------------------------------------------------------------

def score(fn, items, cases: bool) -> dict:
    tp = n_pred = n_gold = exact = 0
    low_gold = low_hit = 0
    for text, gold in items:
        pred = fn(text)
        g = evalkit.starts_after_first(gold, text)
        p = evalkit.starts_after_first(pred, text)
        tp += len(g & p)
        n_pred += len(p)
        n_gold += len(g)
        if cases:
            exact += g == p and len(pred) > 0
        for a in g:
            if text[a].islower():
                low_gold += 1
                low_hit += a in p
    r = {"tp": tp, "n_pred": n_pred, "n_gold": n_gold}
    if cases:
        r["note"] = f"exact {exact}/{len(items)}"
        r["exact"] = exact
    elif low_gold:
        r["note"] = f"lower-case starts {low_hit}/{low_gold}"
    return r


def evaluate(ctx) -> List[dict]:
    rows = []
    data = datasets(ctx)
    for system, make in SYSTEMS.items():
        if not ctx.wants(system):
            continue
        fn, note = make()
        for name, items, cases in data:
            if fn is None:
                rows.append(evalkit.missing_row(NAME, name, system, note))
                continue
            s = score(fn, items, cases)
            extra = {"exact": s["exact"], "cases": len(items)} if cases else {}
            notes = "; ".join(x for x in (s.get("note"), note) if x)
            rows.append(evalkit.row(NAME, name, system, s["tp"], s["n_pred"], s["n_gold"], notes, **extra))
    return rows
