"""The notebook path end to end: what an analyst's calls cost against str.split, in one run.

Group "notebook path": every row does a whole corpus the way a notebook does it — the stages alone
(tokenize, sentences, Gazetteer.find), [analyze(t).pairs() for t in texts], analyze_many(threads=n)
with .pairs() of every Doc, cooccurrence(texts, threads=n), mentions_frame(texts, threads=n) —
and str.split beside them as the floor every Python text tool is compared with. The reference is
analyze_many(threads=1) + pairs, so each peer's "relcore ×" is that row's speed over the peer's.

Group "gazetteer against raw automata": Gazetteer.default().find against Aho-Corasick automata
over the same aliases that do none of relcore's work (no normalization, no whole-token rule, no
case rules): ahocorasick_rs leftmost-longest and pyahocorasick, raw hits only.
"""
from __future__ import annotations

from typing import Dict, List

from .model import SKIPPED, Config, Group, Row, import_peer, relcore_missing, unavailable

TASK = "end_to_end"
REF = "relcore.analyze_many(threads=1) + pairs"
GAZ_REF = "relcore Gazetteer.default().find"


def _relcore_rows(rc) -> List[Row]:
    if rc is None or not hasattr(rc, "analyze_many"):
        return [relcore_missing(REF, "pairs", "relcore.analyze_many")]
    many, an = rc.analyze_many, rc.analyze

    def many_pairs(n):
        return lambda ds: [d.pairs() for d in many(ds, threads=n)]

    rows = [
        Row(REF, "relcore", "pairs", batch_fn=many_pairs(1), relcore=True,
            note="Doc columns from one C call per text, pairs counted in C"),
        Row("relcore.analyze_many(threads=2) + pairs", "relcore", "pairs", batch_fn=many_pairs(2),
            relcore=True, note="same, two worker threads (GIL released per document)"),
        Row("[relcore.analyze(t).pairs() for t in texts]", "relcore", "pairs",
            fn=lambda t: an(t).pairs(), relcore=True),
        Row("relcore.tokenize (spans)", "relcore", "spans", fn=rc.tokenize, relcore=True),
        Row("relcore.sentences", "relcore", "spans", fn=rc.sentences, relcore=True),
    ]
    find = rc.Gazetteer.default().find
    rows.append(Row("relcore Gazetteer.default().find", "relcore", "matches", fn=find, relcore=True))
    if hasattr(rc, "cooccurrence"):
        for n in (1, 2):
            rows.append(Row(f"relcore.cooccurrence(texts, threads={n})", "relcore", "table",
                            batch_fn=lambda ds, n=n: rc.cooccurrence(ds, threads=n), relcore=True))
    if hasattr(rc, "mentions_frame"):
        for n in (1, 2):
            rows.append(Row(f"relcore.mentions_frame(texts, threads={n})", "relcore", "table",
                            batch_fn=lambda ds, n=n: rc.mentions_frame(ds, threads=n), relcore=True,
                            note="pandas DataFrame from column arrays"))
    return rows


def _aliases(rc) -> List[str]:
    """The aliases of the default gazetteer, as written (each once)."""
    return list(dict.fromkeys(e[0] for e in rc.Gazetteer.default().entries()))


def _automaton_rows(rc, cfg: Config) -> List[Row]:
    rows = []
    aliases = _aliases(rc)
    ac_rs, why = import_peer("ahocorasick_rs", cfg, "ahocorasick-rs")
    if ac_rs is None:
        rows.append(unavailable("ahocorasick_rs leftmost-longest (raw)", "ahocorasick-rs", "matches",
                                SKIPPED, why))
    else:
        ac = ac_rs.AhoCorasick(aliases, matchkind=ac_rs.MatchKind.LeftmostLongest)
        rows.append(Row("ahocorasick_rs leftmost-longest (raw)", "ahocorasick-rs", "matches",
                        fn=ac.find_matches_as_indexes,
                        note=f"the same {len(aliases):,} aliases; raw hits, no whole-word filter, "
                             f"no normalization"))
    pyac, why = import_peer("ahocorasick", cfg, "pyahocorasick")
    if pyac is None:
        rows.append(unavailable("pyahocorasick iter (raw)", "pyahocorasick", "matches", SKIPPED, why))
    else:
        A = pyac.Automaton()
        for k, a in enumerate(aliases):
            A.add_word(a, k)
        A.make_automaton()
        it = A.iter
        rows.append(Row("pyahocorasick iter (raw)", "pyahocorasick", "matches",
                        fn=lambda t: list(it(t)), note="the same aliases; every overlapping raw hit"))
    return rows


def groups(rc, cfg: Config, docs: List[str]) -> List[Group]:
    def prepare():
        return _relcore_rows(rc) + [Row("str.split", "str", "strings", fn=str.split,
                                        note="the floor: Python's own word split")]

    out = [Group(TASK, "notebook path", REF, [], prepare=prepare,
                 description="whole corpus the way a notebook does it; ratios against str.split "
                             "are the rows' MB/s over str.split's")]
    if rc is not None and hasattr(rc, "Gazetteer") and hasattr(rc.Gazetteer, "default"):
        def prepare_gaz():
            return [Row(GAZ_REF, "relcore", "matches", fn=rc.Gazetteer.default().find, relcore=True,
                        note="NFKC + case folding + accents, whole tokens, case rules, Match objects")
                    ] + _automaton_rows(rc, cfg)
        out.append(Group(TASK, "gazetteer against raw automata", GAZ_REF, [], prepare=prepare_gaz,
                         description="the default gazetteer's aliases in automata that do none of "
                                     "relcore's matching work"))
    return out


def _mbps(results: Dict, group: str) -> Dict[str, float]:
    for t in results.get("tasks", []):
        for g in t["groups"]:
            if g["name"] == group:
                return {r["name"]: r.get("mb_per_s") for r in g["rows"]
                        if r.get("status") == "ok" and r.get("mb_per_s")}
    return {}


# (target, group, numerator row, denominator row, goal)
TARGETS = [
    ("analyze_many(threads=1) + pairs >= 1.0x str.split", "notebook path", REF, "str.split", 1.0),
    ("analyze_many(threads=2) + pairs >= 1.7x threads=1", "notebook path",
     "relcore.analyze_many(threads=2) + pairs", REF, 1.7),
    ("[analyze(t).pairs() ...] >= 0.8x str.split", "notebook path",
     "[relcore.analyze(t).pairs() for t in texts]", "str.split", 0.8),
    ("cooccurrence(texts, threads=2) >= 1.8x threads=1", "notebook path",
     "relcore.cooccurrence(texts, threads=2)", "relcore.cooccurrence(texts, threads=1)", 1.8),
    ("Gazetteer.default().find >= 2x raw ahocorasick_rs leftmost-longest",
     "gazetteer against raw automata", GAZ_REF, "ahocorasick_rs leftmost-longest (raw)", 2.0),
]


def targets(results: Dict) -> List[Dict]:
    """The notebook path's acceptance ratios, each between two rows of one group (same run)."""
    out = []
    for target, group, num, den, goal in TARGETS:
        rates = _mbps(results, group)
        if num not in rates or den not in rates:
            out.append({"target": target, "measured": "not measured in this run", "status": "n/a",
                        "ratio": None})
            continue
        ratio = rates[num] / rates[den]
        miss = f" — missed by {goal / ratio:.2f}×" if ratio < goal else ""
        out.append({"target": target, "measured": f"{ratio:.2f}× ({rates[num]:.0f} vs {rates[den]:.0f} MB/s){miss}",
                    "status": "met" if ratio >= goal else "missed", "ratio": ratio})
    return out
