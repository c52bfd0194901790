"""relcore's benchmark harness: relcore against its peers, in one process, on real text.

Entry points: ``benchmarks/run.py`` (``make bench``), ``relcore bench`` (imports
``benchmarks/run.py`` and calls its ``main(argv)``), or from Python::

    from harness import run_benchmarks, Config
    results = run_benchmarks(Config(quick=True), corpus="sample", tasks=["tokenize"])

One module per task (normalize, tokenize, segment, sentences, gazetteer, end_to_end with the
notebook path, scaling); each gives groups of comparable rows (model.py) measured by timing.py;
agreement.py holds the comparisons, report.py the table, JSON and charts, machine.py the machine
line, corpus.py the text.
"""
from __future__ import annotations

import gc
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from . import corpus as corpus_mod
from . import machine, report, scaling, timing
from . import end_to_end, gazetteer, normalize, segment, sentences, tokenize
from .model import SKIPPED, Config, Group, Row

TASKS = {
    "normalize": normalize,
    "tokenize": tokenize,
    "segment": segment,
    "sentences": sentences,
    "gazetteer": gazetteer,
    "end_to_end": end_to_end,
    "scaling": scaling,
}
ALL_TASKS = list(TASKS)
RESULTS_DIR = Path(__file__).resolve().parents[1] / "results"
REPO = Path(__file__).resolve().parents[2]

__all__ = ["run_benchmarks", "Config", "ALL_TASKS", "RESULTS_DIR", "report", "corpus_mod", "load_relcore"]


def load_relcore():
    """The relcore module: the installed one, else the checkout's python/ (where `make build` puts it)."""
    try:
        import relcore
    except ImportError:
        sys.path.insert(0, str(REPO / "python"))
        try:
            import relcore
        except ImportError as exc:
            raise SystemExit(f"relcore does not import ({exc}); run `make build`") from exc
    return relcore


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


def _run_group(g: Group, docs: List[str], agree_docs: List[str], cfg: Config, log) -> Dict:
    if g.docs is not None:
        log(f"  reading the input of {g.name}")
        docs = g.docs()
        agree_docs = corpus_mod.stride_sample(docs, cfg.agreement_bytes)
    if g.prepare is not None:
        log(f"  building {g.name}")
        g.rows = g.prepare()
    # Objects built so far (a million-alias trie of Python dicts, say) are moved out of the
    # garbage collector's sight, so that its full passes do not bill the rows that follow.
    gc.collect()
    gc.freeze()
    try:
        measured = timing.measure_group(g, docs, cfg, log=log)
        try:
            agreement = g.agreement(g.rows, g.agreement_docs or agree_docs) if g.agreement else {}
        except Exception as exc:
            agreement = {r.name: {"score": None, "label": f"agreement failed: {type(exc).__name__}: {exc}"}
                         for r in g.rows}
        rows = [_row_result(r, measured, agreement) for r in g.rows]
        return {"name": g.name, "description": g.description, "reference": g.reference, "rows": rows,
                "input": {"documents": len(docs), "utf8_bytes": corpus_mod.doc_bytes(docs)}}
    finally:
        g.release()
        gc.unfreeze()


def run_benchmarks(cfg: Config, corpus: str = "auto", sessions: Optional[str] = "70-78",
                   tasks: Sequence[str] = ALL_TASKS, log=print) -> Dict:
    """Run the harness; returns the results dict (what latest.json holds)."""
    for task in tasks:
        if task not in TASKS:
            raise ValueError(f"unknown task {task!r}; choose from {', '.join(ALL_TASKS)}")
    t_start = time.time()
    rc = load_relcore()
    c = corpus_mod.load(corpus, sessions, log=log)
    docs = c.docs
    cfg.ungdc_root = c.source if c.name.startswith("UNGDC") else None
    if cfg.quick and corpus_mod.doc_bytes(docs) > 1_000_000:
        docs = corpus_mod.stride_sample(docs, 1_000_000)
        c = corpus_mod.Corpus(c.name + " (quick: stride sample)", c.source, docs)
    log(f"corpus: {c.name}, {len(docs)} documents, {corpus_mod.doc_bytes(docs) / 1e6:.2f} MB")
    agree_docs = corpus_mod.stride_sample(docs, cfg.agreement_bytes)

    results: Dict = {
        "format": 2,
        "started": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t_start)),
        "machine": machine.describe(rc),
        "corpus": c.describe(),
        "relcore": {"version": rc.__version__, "path": str(Path(rc.__file__).parent)},
        "config": {k: v for k, v in cfg.__dict__.items() if k != "verbose"},
        "method": (f"one process; per group, every row warmed up on a ~200 KB sample, then {cfg.repeat} "
                   f"interleaved rounds over the rows (a quick group more, up to {cfg.group_seconds:g} s of "
                   f"timed runs or {cfg.max_repeat} rounds), median reported; MB/s = UTF-8 bytes of input / "
                   f"median seconds; a row whose run would exceed {cfg.budget:g} s is timed on a stride "
                   f"sample of the documents and relcore is timed on the same sample for its ratio; "
                   f"peak MB = {timing.memory_method()} in one untimed run; agreement on a "
                   f"{corpus_mod.doc_bytes(agree_docs) / 1e3:.0f} KB stride sample."),
        "tasks": [],
        "figures": [],
    }
    skipped: Dict[str, str] = {}
    for task in tasks:
        log(f"task {task}")
        if task == "scaling":
            results["scaling"] = {}
            if cfg.wants("size"):
                results["scaling"]["size"] = scaling.by_size(rc, docs, cfg, log)
            if cfg.wants("threads"):
                results["scaling"]["threads"] = scaling.by_threads(rc, docs, cfg, log)
            continue
        mod = TASKS[task]
        tres = {"task": task, "groups": []}
        for g in mod.groups(rc, cfg, docs):
            if not cfg.wants(g.name):
                continue
            gres = _run_group(g, docs, agree_docs, cfg, log)
            for r in g.rows:
                if r.status == SKIPPED and not r.relcore and "not installed" in r.reason:
                    skipped[r.library] = r.reason
            tres["groups"].append(gres)
        if hasattr(mod, "figures") and cfg.wants("build"):
            log(f"  {task}: build and load figures")
            results["figures"] += [dict(f, task=task) for f in mod.figures(rc, cfg, log)]
        results["tasks"].append(tres)
    results["skipped_peers"] = skipped
    results["targets"] = report.targets(results)
    results["seconds"] = time.time() - t_start
    return results
