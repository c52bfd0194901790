"""Token boundaries: a token counts when its start and end both match a gold surface token (a
multiword token such as "don't" is one surface token), over the UD English dev treebanks with the
sentences of a document joined by one space.

Each system keeps its own conventions (relcore splits hyphenated words, spaCy splits "don't");
the figures show how far each convention is from UD's surface tokens.
"""
from __future__ import annotations

from typing import Callable, Dict, List, Tuple

import evalkit

NAME = "tokens"
Spans = List[Tuple[int, int]]


def _relcore():
    import relcore

    def f(t):
        tk = relcore.tokenize(t)
        return list(zip(memoryview(tk.starts).tolist(), memoryview(tk.ends).tolist()))
    return f, 'tokenize(mode="words")'


def _spacy():
    spacy, why = evalkit.import_peer("spacy")
    if spacy is None:
        return None, why
    nlp = spacy.blank("en")
    nlp.max_length = 10_000_000
    tok = nlp.tokenizer
    return lambda t: [(w.idx, w.idx + len(w.text)) for w in tok(t) if not w.is_space], 'blank("en") tokenizer'


def _blingfire():
    bf, why = evalkit.import_peer("blingfire")
    if bf is None:
        return None, why
    return lambda t: evalkit.align(t, bf.text_to_words(t).split(" ")), "text_to_words"


def _pyicu():
    icu, why = evalkit.import_peer("icu")
    if icu is None:
        return None, why
    bi = icu.BreakIterator.createWordInstance(icu.Locale.getEnglish())

    def f(t):
        bi.setText(t)
        cuts = [0] + evalkit.utf16_to_str(t, list(bi))
        return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a and not t[a:b].isspace()]
    return f, "BreakIterator word (UAX #29), white space dropped"


def _nltk():
    nltk, why = evalkit.import_peer("nltk")
    if nltk is None:
        return None, why
    from nltk.tokenize import NLTKWordTokenizer
    tok = NLTKWordTokenizer()

    def f(t):
        try:
            return list(tok.span_tokenize(t))
        except ValueError:  # span_tokenize cannot align some quote rewrites
            return evalkit.align(t, tok.tokenize(t))
    return f, "NLTKWordTokenizer (word_tokenize without sentences)"


SYSTEMS: Dict[str, Callable] = {"relcore": _relcore, "blingfire": _blingfire, "spacy": _spacy,
                                "pyicu": _pyicu, "nltk": _nltk}


def datasets(ctx):
    out = []
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
            text, _, toks = d.joined(" ")
            items.append((text, toks))
        out.append((name, items))
    return out


def evaluate(ctx) -> List[dict]:
    rows = []
    data = datasets(ctx)
    for system, make in SYSTEMS.items():
        if not ctx.wants(system):
            continue
        fn, note = make()
        for name, items in data:
            if fn is None:
                rows.append(evalkit.missing_row(NAME, name, system, note))
                continue
            tp = n_pred = n_gold = 0
            for text, gold in items:
                a, b, c = evalkit.score_sets(gold, fn(text))
                tp, n_pred, n_gold = tp + a, n_pred + b, n_gold + c
            rows.append(evalkit.row(NAME, name, system, tp, n_pred, n_gold, note))
    return rows
