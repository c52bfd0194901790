"""End to end: text -> mentions -> pairs of ids mentioned in the same sentence, with counts.

relcore.analyze(text).pairs() is the reference; relcore's parts are also composed in Python
(sentences + a Gazetteer of the peers' alias list). Peer pipelines join a sentence
splitter and a matcher, with the default alias list, the shared whole-word leftmost-longest
selection and the same pair counting (agreement.pairs_in_sentences): spaCy (sentencizer +
PhraseMatcher on one Doc), BlingFire + pyahocorasick, pySBD + flashtext, re split + re alternation.
Agreement: weighted Jaccard of the pair counts against relcore's.
"""
from __future__ import annotations

import re
from typing import Dict, List

from . import notebook_path
from .agreement import is_word_char, pair_overlap, pairs_in_sentences, select
from .gazetteer import build_flashtext, build_pyahocorasick, build_re, build_relcore, default_aliases
from .model import SKIPPED, guard, Config, Group, Row, import_peer, unavailable

TASK = "end_to_end"
REF = "relcore.analyze().pairs()"


def pair_counts(pairs) -> Dict[tuple, int]:
    """Doc.pairs() (relcore.Pair, a < b) -> {(a, b): count}, the peers' shape."""
    return {(p.a, p.b): p.count for p in pairs}


def _relcore_rows(rc, aliases, ctx) -> List[Row]:
    an, many, sents = rc.analyze, rc.analyze_many, rc.sentences
    find = build_relcore(rc, aliases, ctx)

    def composed(t):
        return pairs_in_sentences([(s.start, s.end) for s in sents(t)], find(t))
    return [
        Row(REF, "relcore", "pairs", fn=lambda t: an(t).pairs(), agree=lambda t: pair_counts(an(t).pairs()),
            relcore=True, note="default gazetteer, its own matching rules"),
        Row("relcore.analyze_many(threads=1)", "relcore", "pairs", relcore=True,
            batch_fn=lambda ds: [d.pairs() for d in many(ds, threads=1)],
            note="whole corpus in one call, one thread (threads: see scaling)"),
        Row("relcore sentences + Gazetteer (composed)", "relcore", "pairs", fn=composed,
            agree=composed, relcore=True, note="same alias list as the peers"),
    ]


@guard('spaCy sentencizer + PhraseMatcher', 'spacy', 'pairs')
def _spacy_row(cfg, aliases) -> Row:
    name = "spaCy sentencizer + PhraseMatcher"
    spacy, why = import_peer("spacy", cfg)
    if spacy is None:
        return unavailable(name, "spacy", "pairs", SKIPPED, why)
    from spacy.matcher import PhraseMatcher
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    m = PhraseMatcher(nlp.vocab, attr="ORTH")
    by_id: Dict[str, list] = {}
    for alias, doc in zip(aliases, nlp.tokenizer.pipe(list(aliases))):
        by_id.setdefault(aliases[alias], []).append(doc)
    for ident, docs in by_id.items():
        m.add(ident, docs)

    def run(t):
        doc = nlp(t)
        found = select(t, [(s.start_char, s.end_char, s.label_) for s in m(doc, as_spans=True)])
        return pairs_in_sentences([(s.start_char, s.end_char) for s in doc.sents], found)
    return Row(name, "spacy", "pairs", fn=run, agree=run)


@guard('BlingFire sentences + pyahocorasick', 'blingfire', 'pairs')
def _blingfire_row(cfg, aliases, ctx) -> Row:
    name = "BlingFire sentences + pyahocorasick"
    bf, why = import_peer("blingfire", cfg)
    ac, why2 = import_peer("ahocorasick", cfg, "pyahocorasick")
    if bf is None or ac is None:
        return unavailable(name, "blingfire", "pairs", SKIPPED, why or why2)
    find = build_pyahocorasick(ac, aliases, ctx)
    ttso = bf.text_to_sentences_and_offsets

    def run(t):
        r = ttso(t)
        return pairs_in_sentences(r[1] if r else [], find(t))
    return Row(name, "blingfire", "pairs", fn=run, agree=run)


@guard('pySBD + flashtext', 'pysbd', 'pairs')
def _pysbd_row(cfg, aliases, ctx) -> Row:
    name = "pySBD + flashtext"
    pysbd, why = import_peer("pysbd", cfg)
    ft, why2 = import_peer("flashtext", cfg)
    if pysbd is None or ft is None:
        return unavailable(name, "pysbd", "pairs", SKIPPED, why or why2)
    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
    find = build_flashtext(ft, aliases, ctx)

    def run(t):
        return pairs_in_sentences([(s.start, s.end) for s in seg.segment(t)], find(t))
    return Row(name, "pysbd", "pairs", fn=run, agree=run)


def _re_row(aliases, ctx) -> Row:
    find = build_re(re, aliases, ctx)
    split = re.compile(r"[^.!?]+(?:[.!?]+|$)")

    def run(t):
        return pairs_in_sentences([m.span() for m in split.finditer(t)], find(t))
    return Row("re split + re alternation", "re", "pairs", fn=run, agree=run, note="naive splitter")


def _agreement(rows: List[Row], docs: List[str]) -> Dict[str, Dict]:
    ref_row = next(r for r in rows if r.name == REF)
    ref = [ref_row.agree(d) for d in docs]
    out = {}
    for r in rows:
        if not (r.runnable and r.agree):
            continue
        got = [r.agree(d) for d in docs]
        tot_a: Dict = {}
        tot_b: Dict = {}
        for g, w in zip(got, ref):
            for k, v in g.items():
                tot_a[k] = tot_a.get(k, 0) + v
            for k, v in w.items():
                tot_b[k] = tot_b.get(k, 0) + v
        s = pair_overlap(tot_a, tot_b)
        out[r.name] = {"score": s, "pairs": sum(tot_a.values()),
                       "label": f"pair overlap {s:.3f} vs {ref_row.name} ({sum(tot_a.values())} pair mentions)"}
    return out


def groups(rc, cfg: Config, docs: List[str]) -> List[Group]:
    aliases, source = default_aliases(rc)
    chars = set()
    for d in docs:
        chars.update(d)
    for a in aliases:
        chars.update(a)
    ctx = {"word_chars": {c for c in chars if is_word_char(c)}}

    def prepare():
        return _relcore_rows(rc, aliases, ctx) + [_spacy_row(cfg, aliases), _blingfire_row(cfg, aliases, ctx),
                                                  _pysbd_row(cfg, aliases, ctx), _re_row(aliases, ctx)]
    return [Group(TASK, "text -> mentions -> sentence pairs", REF, [], prepare=prepare,
                  agreement=_agreement, description=f"aliases from {source}")] + notebook_path.groups(rc, cfg, docs)
