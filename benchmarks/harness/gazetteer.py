"""Gazetteer matching: find every alias of a list in each document, as (start, end, id) spans.

All matchers get the identical alias list, matched case-sensitively, and the identical semantics:
their raw hits go through one whole-word filter and one leftmost-longest selection
(agreement.select), so every row returns the same kind of answer. What each library contributes:
  relcore      Gazetteer().add(alias, id, case_sensitive=True) ... .find(text)
  flashtext    KeywordProcessor(case_sensitive=True), word characters = every \\w char of the corpus
  pyahocorasick, ahocorasick-rs   all overlapping substring hits
  spaCy        PhraseMatcher(attr="ORTH") over spacy.blank("en") tokens
  re           one alternation, longest alias first, with \\w lookarounds (default list only)
Two alias lists: the default gazetteer's aliases, and the same plus synthetic aliases up to a
million. Build time and index memory are reported beside throughput; figures() adds what building
and loading relcore's own index costs (a million aliases; the saved default image).
Agreement: F1 of the selected spans against a brute-force matcher (agreement.brute_force_matches).
"""
from __future__ import annotations

import os
import random
import re
import tempfile
import time
from typing import Callable, Dict, List, Tuple

from .agreement import brute_force_matches, is_word_char, match_agreement, select
from .model import SKIPPED, Config, Group, Row, import_peer, unavailable
from .timing import peak_memory

TASK = "gazetteer"


def default_aliases(rc) -> Tuple[Dict[str, str], str]:
    """(alias -> id of relcore's default gazetteer, each alias as written, where it came from)."""
    out: Dict[str, str] = {}
    for e in rc.Gazetteer.default().entries():
        out.setdefault(str(e[0]), str(e[1]))
    return out, "relcore.Gazetteer.default()"


SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]


def synthetic_aliases(n: int, seed: int = 2024) -> Dict[str, str]:
    """n invented names of 1-3 capitalized words of 2-4 syllables ("Zouvaki Temora"), ids S0..S(n-1).

    Deterministic. Invented so that they rarely occur in real text: the list grows the automaton
    without flooding the output with matches."""
    rnd = random.Random(seed)
    out: Dict[str, str] = {}
    syl = SYLLABLES
    while len(out) < n:
        words = []
        for _ in range(rnd.choice((1, 2, 2, 3))):
            w = "".join(rnd.choice(syl) for _ in range(rnd.randint(2, 4)))
            words.append(w.capitalize())
        alias = " ".join(words)
        if alias not in out:
            out[alias] = f"S{len(out)}"
    return out


# ---- matchers: alias dict -> (text -> selected matches) ----------------------------------------

def build_relcore(rc, aliases: Dict[str, str], ctx) -> Callable[[str], list]:
    g = rc.Gazetteer()
    add = g.add
    for alias, ident in aliases.items():
        add(alias, ident, case_sensitive=True)
    g.compile()  # relcore compiles lazily on the first find; the build time includes it
    find = g.find

    def matches(t):
        return select(t, [(m.start, m.end, m.id) for m in find(t)])
    matches.raw = find  # for the row that times relcore's own output
    return matches


def build_flashtext(mod, aliases, ctx):
    kp = mod.KeywordProcessor(case_sensitive=True)
    kp.set_non_word_boundaries(ctx["word_chars"])
    add = kp.add_keyword
    for alias, ident in aliases.items():
        add(alias, ident)
    ex = kp.extract_keywords
    return lambda t: select(t, [(s, e, i) for i, s, e in ex(t, span_info=True)])


def build_pyahocorasick(mod, aliases, ctx):
    A = mod.Automaton()
    for alias, ident in aliases.items():
        A.add_word(alias, (len(alias), ident))
    A.make_automaton()
    it = A.iter
    return lambda t: select(t, [(end + 1 - n, end + 1, i) for end, (n, i) in it(t)])


def build_ahocorasick_rs(mod, aliases, ctx):
    pats = list(aliases)
    ids = [aliases[p] for p in pats]
    ac = mod.AhoCorasick(pats, matchkind=mod.MatchKind.Standard)
    fm = ac.find_matches_as_indexes
    return lambda t: select(t, [(s, e, ids[k]) for k, s, e in fm(t, overlapping=True)])


def build_spacy(mod, aliases, ctx):
    from spacy.matcher import PhraseMatcher
    nlp = mod.blank("en")
    m = PhraseMatcher(nlp.vocab, attr="ORTH")
    by_id: Dict[str, list] = {}
    for alias, doc in zip(aliases, nlp.tokenizer.pipe(list(aliases), batch_size=10_000)):
        by_id.setdefault(aliases[alias], []).append(doc)
    for ident, docs in by_id.items():
        m.add(ident, docs)
    tok = nlp.tokenizer

    def find(t):
        return select(t, [(s.start_char, s.end_char, s.label_) for s in m(tok(t), as_spans=True)])
    return find


def build_re(mod, aliases, ctx):
    alts = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    pat = re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)")
    fi = pat.finditer
    return lambda t: select(t, [(m.start(), m.end(), aliases[m.group()]) for m in fi(t)])


PEERS = [
    # name, library, import name, builder, note, max aliases it is tried with (None: any)
    ("flashtext", "flashtext", "flashtext", build_flashtext, "native whole-word, leftmost-longest", None),
    ("pyahocorasick", "pyahocorasick", "ahocorasick", build_pyahocorasick, "overlapping hits + filter", None),
    ("ahocorasick-rs", "ahocorasick-rs", "ahocorasick_rs", build_ahocorasick_rs,
     "MatchKind.Standard, overlapping hits + filter", None),
    ("spaCy PhraseMatcher", "spacy", "spacy", build_spacy, "tokenizer + PhraseMatcher(ORTH) + filter", None),
    ("re alternation", "re", "re", build_re, "one pattern, longest alias first", 50_000),
]


def _build_row(name, library, builder, mod, aliases, ctx, cfg: Config, relcore=False, note="") -> Row:
    """Build a matcher, timing it; a build estimated to exceed cfg.build_budget is skipped."""
    n = len(aliases)
    pilot_n = 20_000
    if n > 5 * pilot_n:
        # Large lists: build a 20k slice first and extrapolate linearly, so that a matcher that would
        # need minutes or gigabytes on a shared machine is reported as skipped, with the estimate.
        pilot = dict(list(aliases.items())[:pilot_n])
        took = {}

        def pilot_build():
            t0 = time.perf_counter()
            builder(mod, pilot, ctx)
            took["s"] = time.perf_counter() - t0
        try:
            mem, _ = peak_memory(pilot_build)
        except Exception as exc:
            return unavailable(name, library, "matches", SKIPPED,
                               f"build failed: {type(exc).__name__}: {str(exc)[:100]}", relcore=relcore)
        est = took["s"] * n / pilot_n
        est_mem = mem * n / pilot_n
        if est > cfg.build_budget or est_mem > cfg.build_mem_budget:
            return unavailable(name, library, "matches", SKIPPED,
                               f"building {n:,} aliases estimated at {est:.0f} s and {est_mem / 1e3:.1f} GB "
                               f"from a {pilot_n:,} pilot (budget {cfg.build_budget:.0f} s, "
                               f"{cfg.build_mem_budget / 1e3:.1f} GB; raise with --build-budget)",
                               relcore=relcore)
    holder = {}

    def build():
        t0 = time.perf_counter()
        holder["fn"] = builder(mod, aliases, ctx)
        holder["s"] = time.perf_counter() - t0
    try:
        mem, how = peak_memory(build)
    except Exception as exc:
        return unavailable(name, library, "matches", SKIPPED,
                           f"build failed: {type(exc).__name__}: {str(exc)[:100]}", relcore=relcore)
    dt = holder["s"]
    fn = holder["fn"]
    return Row(name, library, "matches", fn=fn, agree=fn, relcore=relcore, note=note,
               extra={"build_seconds": dt, "build_peak_mem_mb": mem, "aliases": n})


def _rows(rc, aliases: Dict[str, str], ctx, cfg: Config) -> List[Row]:
    rows = [_build_row("relcore.Gazetteer.find", "relcore", lambda _m, a, c: build_relcore(rc, a, c),
                       None, aliases, ctx, cfg, relcore=True,
                       note="case_sensitive=True; relcore's token rules (NFKC, accent and quote "
                            "folding, all-caps) before the shared filter")]
    ref = rows[-1]
    if ref.runnable:
        rows.append(Row("relcore.Gazetteer.find (its own output)", "relcore", "Match objects",
                        fn=ref.fn.raw, relcore=True,
                        note="no shared filter or tuple conversion: the engine and binding alone"))
    for name, library, module, builder, note, max_n in PEERS:
        mod, why = import_peer(module, cfg, library)
        if mod is None:
            rows.append(unavailable(name, library, "matches", SKIPPED, why))
        elif max_n is not None and len(aliases) > max_n:
            rows.append(unavailable(name, library, "matches", SKIPPED,
                                    f"{len(aliases):,} alternatives: backtracking regex is not a matcher at this size"))
        else:
            rows.append(_build_row(name, library, builder, mod, aliases, ctx, cfg, note=note))
    return rows


def _agreement(aliases: Dict[str, str]):
    def agree(rows: List[Row], docs: List[str]) -> Dict[str, Dict]:
        ref = [brute_force_matches(d, aliases) for d in docs]
        got = {r.name: [r.agree(d) for d in docs] for r in rows if r.runnable and r.agree}
        return match_agreement(got, ref)
    return agree


def groups(rc, cfg: Config, docs: List[str]) -> List[Group]:
    aliases, source = default_aliases(rc)
    chars = set()
    for d in docs:
        chars.update(d)
    for a in aliases:
        chars.update(a)
    ctx = {"word_chars": {c for c in chars if is_word_char(c)}}
    out = [Group(TASK, f"default aliases ({len(aliases):,})", "relcore.Gazetteer.find", [],
                 agreement=_agreement(aliases), description=f"aliases from {source}",
                 prepare=lambda: _rows(rc, aliases, ctx, cfg))]
    n_syn = cfg.synthetic_aliases
    if n_syn:
        held: Dict[str, Dict[str, str]] = {}

        def prepare_big():   # made only when the group runs, and dropped after it
            big = held["big"] = dict(aliases)
            for a, i in synthetic_aliases(n_syn).items():
                big.setdefault(a, i)
            word_chars = ctx["word_chars"] | {c for a in big for c in a if is_word_char(c)}
            return _rows(rc, big, {"word_chars": word_chars}, cfg)
        label = f"{n_syn / 1e6:g}M" if n_syn >= 1_000_000 else f"{n_syn:,}"
        out.append(Group(TASK, f"default + {label} synthetic aliases", "relcore.Gazetteer.find", [],
                         agreement=lambda rows, ds: _agreement(held["big"])(rows, ds),
                         prepare=prepare_big, close=held.clear,
                         description=f"the default list plus {n_syn:,} invented names"))
    return out


def figures(rc, cfg: Config, log=print) -> List[Dict]:
    """Building and loading relcore's index: a million synthetic aliases added and compiled (time,
    compiled bytes per alias, peak memory growth) and the saved default image loaded."""
    n = cfg.synthetic_aliases or 100_000
    entries = [(a, i, "synthetic") for a, i in synthetic_aliases(n).items()]
    held = {}

    def build():
        t0 = time.perf_counter()
        g = rc.Gazetteer(entries)
        t1 = time.perf_counter()
        g.compile()
        held.update(g=g, add=t1 - t0, compile=time.perf_counter() - t1)
    mem, _ = peak_memory(build)
    g = held.pop("g")
    image = len(g._image())
    probe = f"Between {entries[17][0]} and {entries[n - 1][0].upper()}."
    assert [m.id for m in g.find(probe)] == ["S17", f"S{n - 1}"], "the synthetic gazetteer must find its aliases"
    del g
    total = held["add"] + held["compile"]
    full = n >= 1_000_000  # the targets are for a million aliases (fixed costs weigh on fewer)
    out = [{"figure": f"{n:,} synthetic aliases: add + compile",
            "measured": f"{total:.2f} s (add {held['add']:.2f}, compile {held['compile']:.2f})",
            "target": "< 5 s" if full else "", "ok": total < 5 if full else None},
           {"figure": "compiled image", "measured": f"{image / n:.0f} bytes per alias",
            "target": "< 200" if full else "", "ok": image / n < 200 if full else None},
           {"figure": "peak memory growth while building", "measured": f"{mem * 1e6 / n:.0f} bytes per alias",
            "target": "", "ok": None}]
    default = rc.Gazetteer.default()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "default.rcg")
        default.save(path)
        times = []
        for _ in range(max(cfg.repeat, 5)):
            t0 = time.perf_counter()
            loaded = rc.Gazetteer.load(path)
            times.append(time.perf_counter() - t0)
        assert len(loaded) == len(default)
        size = os.path.getsize(path)
    best = min(times)
    out.append({"figure": f"loading the saved default image ({size / 1e6:.2f} MB)",
                "measured": f"{best * 1e3:.2f} ms (best of {len(times)})", "target": "< 50 ms", "ok": best < 0.05})
    return out
