"""relcore's benchmark harness: relcore against its peers, in one process, on real text.

Entry points: ``benchmarks/run.py`` (``make bench``), ``python -m relcore bench`` (imports
``benchmarks/run.py`` and calls its ``main(argv)``), or from Python::

    from harness import run_benchmarks, Config
    results = run_benchmarks(Config(quick=True), corpus="sample", tasks=["tokenize"])

One module per task (normalize, tokenize, sentences, gazetteer, end_to_end); each gives groups
of comparable rows (model.py); timing.py holds the method, agreement.py the comparisons,
scaling.py the size and thread curves, report.py the table, JSON and charts.
"""
from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from . import corpus as corpus_mod
from . import machine, relcore_api, report, scaling, timing
from . import end_to_end, gazetteer, normalize, sentences, tokenize
from .model import NOT_YET, OK, SKIPPED, Config, Group, Row

TASKS = {
    "normalize": normalize,
    "tokenize": tokenize,
    "sentences": sentences,
    "gazetteer": gazetteer,
    "end_to_end": end_to_end,
}
ALL_TASKS = list(TASKS)
RESULTS_DIR = Path(__file__).resolve().parents[1] / "results"

__all__ = ["run_benchmarks", "Config", "ALL_TASKS", "RESULTS_DIR", "report", "corpus_mod"]


def _groups(task: str, rc, cfg: Config, docs: List[str]) -> List[Group]:
    mod = TASKS[task]
    if task in ("gazetteer", "end_to_end"):
        return mod.groups(rc, cfg, docs)
    return mod.groups(rc, cfg)


def _row_result(r: Row, measured: Dict, agreement: Dict) -> Dict:
    d = {"name": r.name, "library": r.library, "output": r.output, "relcore": r.relcore,
         "status": r.status, "reason": r.reason, "note": r.note, "extra": r.extra}
    m = measured.get(r.name)
    if m:
        d.update(m)
        if m.get("status") != "ok":
            d["status"] = m["status"]
    if r.name in agreement:
        d["agreement"] = {k: v for k, v in agreement[r.name].items() if k != "wrong" or v}
    return d


def run_benchmarks(cfg: Config, corpus: str = "auto", sessions: Optional[str] = "70-78",
                   tasks: Sequence[str] = ALL_TASKS, log=print) -> Dict:
    """Run the harness; returns the results dict (what latest.json holds)."""
    t_start = time.time()
    rc, rc_why = relcore_api.load()
    c = corpus_mod.load(corpus, sessions, log=log)
    docs = c.docs
    if cfg.quick and corpus_mod.doc_bytes(docs) > 1_000_000:
        docs = corpus_mod.stride_sample(docs, 1_000_000)
        c = corpus_mod.Corpus(c.name + " (quick: stride sample)", c.source, docs)
    log(f"corpus: {c.name}, {len(docs)} documents, {corpus_mod.doc_bytes(docs) / 1e6:.2f} MB")
    agree_docs = corpus_mod.stride_sample(docs, cfg.agreement_bytes)

    results: Dict = {
        "format": 1,
        "started": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t_start)),
        "machine": machine.describe(rc),
        "corpus": c.describe(),
        "relcore": relcore_api.describe(rc) if rc else {"error": rc_why},
        "config": {k: v for k, v in cfg.__dict__.items() if k != "verbose"},
        "method": (f"one process; per group, every row warmed up on a ~200 KB sample, then {cfg.repeat} "
                   f"interleaved rounds over the rows, median reported; MB/s = UTF-8 bytes of input / "
                   f"median seconds; a row whose run would exceed {cfg.budget:g} s is timed on a stride "
                   f"sample of the documents and relcore is timed on the same sample for its ratio; "
                   f"peak MB = {timing.memory_method()} in one untimed run; agreement on a "
                   f"{corpus_mod.doc_bytes(agree_docs) / 1e3:.0f} KB stride sample."),
        "tasks": [],
    }
    skipped: Dict[str, str] = {}
    for task in tasks:
        if task not in TASKS:
            raise ValueError(f"unknown task {task!r}; choose from {', '.join(ALL_TASKS)}")
        log(f"task {task}")
        tres = {"task": task, "groups": []}
        for g in _groups(task, rc, cfg, docs):
            if g.prepare is not None:
                log(f"  building {g.name}")
                g.rows = g.prepare()
            # Objects built so far (a million-alias trie of Python dicts, say) are moved out of the
            # garbage collector's sight, so that its full passes do not bill the rows that follow.
            gc.collect()
            gc.freeze()
            measured = timing.measure_group(g, docs, cfg, log=log)
            try:
                agreement = g.agreement(g.rows, g.agreement_docs or agree_docs) if g.agreement else {}
            except Exception as exc:
                agreement = {r.name: {"score": None, "label": f"agreement failed: {type(exc).__name__}: {exc}"}
                             for r in g.rows}
            rows = [_row_result(r, measured, agreement) for r in g.rows]
            for r in g.rows:
                if r.status == SKIPPED and not r.relcore and "not installed" in r.reason:
                    skipped[r.library] = r.reason
            tres["groups"].append({"name": g.name, "description": g.description, "reference": g.reference,
                                   "rows": rows})
            g.release()
            gc.unfreeze()
        results["tasks"].append(tres)
    if cfg.scaling:
        log("scaling")
        results["scaling"] = {"size": scaling.by_size(rc, docs, cfg, log),
                              "threads": scaling.by_threads(rc, docs, cfg, log)}
    results["skipped_peers"] = skipped
    results["targets"] = report.targets(results)
    results["seconds"] = time.time() - t_start
    return results
