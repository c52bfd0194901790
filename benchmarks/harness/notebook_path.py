"""The notebook path end to end: what an analyst's calls cost against str.split, in one run.

Group "notebook path": every row does a whole corpus the way a notebook does it — the stages alone
(tokenize, sentences, Gazetteer.find), [analyze(t).pairs() for t in texts], analyze_many(threads=n)
with .pairs() of every Doc, cooccurrence(texts, threads=n), mentions_frame(texts, threads=n) —
and str.split beside them as the floor every Python text tool is compared with. The reference is
analyze_many(threads=1) + pairs, so each peer's "relcore ×" is that row's speed over the peer's.

Group "gazetteer against raw automata": Gazetteer.default().find against Aho-Corasick automata
over the same aliases that do none of relcore's work (no normalization, no whole-token rule, no
case rules): ahocorasick_rs leftmost-longest and pyahocorasick, raw hits only.

Group "CLDR names": the ~29,500 CLDR territory names of every locale
(python/relcore/data/cldr_territories.tsv) in a relcore Gazetteer and in a pyahocorasick
Automaton (matched as written, case-sensitive: its cheapest variant) plus a whole-word filter.

Group "whole UNGDC corpus": every speech of the UN General Debate Corpus (10,952, 199 MB):
``relcore pairs --threads N`` as a child process (whole command: interpreter start, listing,
reading, counting, writing; peak RSS of the child from wait4), relcore.corpus.count_files in this
process, mentions_frame over all the texts (peak RSS growth of this process), and
relcore.dask.cooccurrence with the workers of a LocalCluster reading the files.

Group "Dask": relcore.dask.cooccurrence on a LocalCluster of two single-threaded worker processes
against relcore.cooccurrence(texts, threads=2) in this process, on the run's corpus.
"""
from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List

from . import corpus as corpus_mod
from .model import SKIPPED, Config, Group, Row, import_peer, unavailable

TASK = "end_to_end"
REF = "relcore.analyze_many(threads=1) + pairs"
GAZ_REF = "relcore Gazetteer.default().find"
CLDR_REF = "relcore Gazetteer (CLDR names).find"
WHOLE_REF = "relcore pairs --threads 1 (command)"
DASK_REF = "relcore.cooccurrence(texts, threads=2)"
REPO = Path(__file__).resolve().parents[2]
CLDR = REPO / "python" / "relcore" / "data" / "cldr_territories.tsv"


def _relcore_rows(rc) -> List[Row]:
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
        Row(GAZ_REF, "relcore", "matches", fn=rc.Gazetteer.default().find, relcore=True),
    ]
    for n in (1, 2):
        rows.append(Row(f"relcore.cooccurrence(texts, threads={n})", "relcore", "table",
                        batch_fn=lambda ds, n=n: rc.cooccurrence(ds, threads=n), relcore=True))
    for n in (1, 2):
        rows.append(Row(f"relcore.mentions_frame(texts, threads={n})", "relcore", "table",
                        batch_fn=lambda ds, n=n: rc.mentions_frame(ds, threads=n), relcore=True,
                        note="pandas DataFrame from column arrays"))
    return rows


def _automaton_rows(rc, cfg: Config) -> List[Row]:
    rows = []
    aliases = list(dict.fromkeys(e[0] for e in rc.Gazetteer.default().entries()))
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


def _whole_word_filter(text: str, hits) -> list:
    """pyahocorasick's raw hits (end index, (length, id)) kept when both edges are word edges."""
    n = len(text)
    out = []
    for end, (length, ident) in hits:
        start = end - length + 1
        if start > 0 and text[start - 1].isalnum():
            continue
        if end + 1 < n and text[end + 1].isalnum():
            continue
        out.append((start, end + 1, ident))
    return out


def _cldr_rows(rc, cfg: Config) -> List[Row]:
    g = rc.Gazetteer.from_file(str(CLDR))
    g.compile()
    aliases = [(e[0], e[1]) for e in g.entries()]
    rows = [Row(CLDR_REF, "relcore", "matches", fn=g.find, relcore=True,
                note=f"{len(aliases):,} names; NFKC, case and accent folding, whole tokens, case rules")]
    pyac, why = import_peer("ahocorasick", cfg, "pyahocorasick")
    if pyac is None:
        rows.append(unavailable("pyahocorasick iter + whole-word filter", "pyahocorasick", "matches",
                                SKIPPED, why))
        return rows
    A = pyac.Automaton()
    for alias, ident in aliases:
        A.add_word(alias, (len(alias), ident))
    A.make_automaton()
    it = A.iter
    rows.append(Row("pyahocorasick iter + whole-word filter", "pyahocorasick", "matches",
                    fn=lambda t: _whole_word_filter(t, it(t)),
                    note="the same names as written, case-sensitive (its cheapest variant)"))
    return rows


# ---- the whole corpus ------------------------------------------------------------------------

# A small launcher process starts `relcore pairs` (what the console script runs:
# relcore.__main__.main) and reports the child's wall time and peak RSS. Started from this
# process directly, the child's peak RSS would be this process's (a child's maximum resident set
# counts the memory of the process it was forked from until it calls exec), not its own.
LAUNCHER = """
import os, subprocess, sys, time
argv = [sys.executable, "-c", "import sys; from relcore.__main__ import main; sys.exit(main())"] + sys.argv[1:]
with open(os.devnull, "wb") as out:
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=out)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
print(os.waitstatus_to_exitcode(status), wall, ru.ru_maxrss * 1024)
"""


def _command_row(root: Path, threads: int, name: str) -> Row:
    """`relcore pairs --threads N ROOT` as a child process: its wall time and peak RSS."""
    peak = {"mb": 0.0}
    env = dict(os.environ, PYTHONPATH=str(REPO / "python"))

    def run(_docs) -> float:
        done = subprocess.run([sys.executable, "-c", LAUNCHER, "pairs", "--threads", str(threads), str(root)],
                              capture_output=True, text=True, env=env, check=True)
        code, wall, rss = done.stdout.split()
        if int(code) != 0:
            raise RuntimeError(f"relcore pairs exited {code}: {done.stderr[-300:]}")
        peak["mb"] = int(rss) / 1e6
        return float(wall)
    return Row(name, "relcore", "pairs", batch_fn=run, relcore=True, self_timed=True,
               child_peak_mb=lambda: peak["mb"],
               note="the whole command in a child process (start-up, listing, reading, counting, writing "
                    "JSON lines); peak MB: the child's peak RSS")


def _whole_rows(rc, cfg: Config, root: Path, state: Dict) -> List[Row]:
    from relcore.corpus import count_files
    from relcore.textio import resolve_inputs
    files = resolve_inputs([str(root)])  # what `relcore pairs ROOT` counts
    rows = [_command_row(root, 1, WHOLE_REF), _command_row(root, 2, "relcore pairs --threads 2 (command)")]
    for n in (1, 2):
        rows.append(Row(f"relcore.corpus.count_files(files, threads={n})", "relcore", "pairs", relcore=True,
                        batch_fn=lambda _docs, n=n: count_files(files, threads=n),
                        note="the same counting in this process (files read in C)"))
    rows.append(Row("relcore.mentions_frame(texts, threads=2)", "relcore", "table", relcore=True,
                    batch_fn=lambda ds: rc.mentions_frame(ds, threads=2),
                    note="every mention of every speech as one DataFrame; peak MB: RSS growth"))
    name = "relcore.dask.cooccurrence (workers read the files)"
    cluster, why = _cluster(cfg, state)
    if cluster is None:
        return rows + [unavailable(name, "relcore", "table", SKIPPED, why, relcore=True)]
    import dask.bag as db
    from relcore import dask as rd
    runs = itertools.count()
    rows.append(Row(name, "relcore", "table", relcore=True,
                    batch_fn=lambda _docs: rd.cooccurrence(db.from_sequence(files, npartitions=32)
                                                           .map(_read, next(runs))),
                    note=f"LocalCluster of 2 processes x 1 thread, 32 partitions; peak MB: this process "
                         f"only; cluster start {state['started']:.2f} s (not timed)"))
    return rows


# ---- Dask --------------------------------------------------------------------------------------

def _salted(text, run):
    """Identity; ``run`` only makes the task keys of each timed run distinct, so that a cluster
    cannot hand back results of an earlier run."""
    return text


def _read(path, run):
    """A file's text, read on a worker (``run`` as in _salted)."""
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def _cluster(cfg: Config, state: Dict):
    """(a LocalCluster of two single-threaded worker processes, "") kept in ``state``, or
    (None, why not)."""
    dask, why = import_peer("dask", cfg)
    distributed, why2 = import_peer("distributed", cfg)
    if dask is None or distributed is None:
        return None, why or why2
    t0 = time.perf_counter()
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    client = distributed.Client(cluster)
    client.run(lambda: __import__("relcore.dask"))  # the workers' imports, before any timing
    state.update(cluster=cluster, client=client, started=time.perf_counter() - t0)
    return cluster, ""


def _dask_rows(rc, cfg: Config, state: Dict) -> List[Row]:
    rows = [Row(DASK_REF, "relcore", "table", relcore=True, batch_fn=lambda ds: rc.cooccurrence(ds, threads=2),
                note="one process, two threads")]
    name = "relcore.dask.cooccurrence (LocalCluster, 2 processes x 1 thread)"
    cluster, why = _cluster(cfg, state)
    if cluster is None:
        return rows + [unavailable(name, "relcore", "table", SKIPPED, why, relcore=True)]
    import dask.bag as db
    from relcore import dask as rd
    runs = itertools.count()

    def run(ds):
        bag = db.from_sequence(ds, npartitions=16).map(_salted, next(runs))
        return rd.cooccurrence(bag)
    return rows + [Row(name, "relcore", "table", relcore=True, batch_fn=run,
                       note=f"texts shipped from the client, 16 partitions; cluster start "
                            f"{state['started']:.2f} s (not timed)")]


def _close(state: Dict) -> None:
    for k in ("client", "cluster"):
        if state.get(k) is not None:
            state.pop(k).close()


def groups(rc, cfg: Config, docs: List[str]) -> List[Group]:
    def prepare():
        return _relcore_rows(rc) + [Row("str.split", "str", "strings", fn=str.split,
                                        note="the floor: Python's own word split")]

    def prepare_gaz():
        return [Row(GAZ_REF, "relcore", "matches", fn=rc.Gazetteer.default().find, relcore=True,
                    note="NFKC + case folding + accents, whole tokens, case rules, Match objects")
                ] + _automaton_rows(rc, cfg)

    out = [Group(TASK, "notebook path", REF, [], prepare=prepare, stride=False,
                 description="whole corpus the way a notebook does it; ratios against str.split "
                             "are the rows' MB/s over str.split's"),
           Group(TASK, "gazetteer against raw automata", GAZ_REF, [], prepare=prepare_gaz, stride=False,
                 description="the default gazetteer's aliases in automata that do none of "
                             "relcore's matching work"),
           Group(TASK, "CLDR names", CLDR_REF, [], prepare=lambda: _cldr_rows(rc, cfg), stride=False,
                 description="every CLDR territory name of every locale in relcore and in pyahocorasick")]
    if cfg.ungdc_root is not None:   # the run is on UNGDC sessions: the whole corpus is there too
        root = Path(cfg.ungdc_root)
        whole: Dict = {}
        out.append(Group(TASK, "whole UNGDC corpus", WHOLE_REF, [], stride=False, warm=False,
                         prepare=lambda: _whole_rows(rc, cfg, root, whole), close=lambda: _close(whole),
                         docs=lambda: corpus_mod.load_ungdc("all").docs,
                         description=f"every speech under {root}: the command line against the same "
                                     f"counting in process, and every mention as a DataFrame"))
    state: Dict = {}
    out.append(Group(TASK, "Dask", DASK_REF, [], prepare=lambda: _dask_rows(rc, cfg, state), stride=False,
                     close=lambda: _close(state),
                     description="relcore.dask on a local cluster against one process, same texts"))
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
    ("CLDR names: relcore >= 10x pyahocorasick + whole-word filter", "CLDR names", CLDR_REF,
     "pyahocorasick iter + whole-word filter", 10.0),
    ("relcore pairs over the whole corpus: 2 threads >= 1.8x 1 thread", "whole UNGDC corpus",
     "relcore pairs --threads 2 (command)", WHOLE_REF, 1.8),
]


def _peak(results: Dict, group: str, row: str):
    for t in results.get("tasks", []):
        for g in t["groups"]:
            for r in g["rows"] if g["name"] == group else ():
                if r["name"] == row and r.get("status") == "ok":
                    return r.get("peak_mem_mb")
    return None


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
    peaks = [p for p in (_peak(results, "whole UNGDC corpus", n) for n in
                         (WHOLE_REF, "relcore pairs --threads 2 (command)")) if p is not None]
    if peaks:
        top = max(peaks)
        out.append({"target": "relcore pairs over the whole corpus: peak RSS < 1 GB",
                    "measured": f"{top:.0f} MB", "status": "met" if top < 1000 else "missed", "ratio": None})
    return out
