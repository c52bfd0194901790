#!/usr/bin/env python3
"""Run relcore's accuracy harness: relcore beside its peers, on the same gold data, in one run.

    python benchmarks/accuracy/run.py [--tasks sentences,tokens,...] [--systems relcore,pysbd,...]
                                      [--quick] [--shared PATH] [--out DIR]

Every task module benchmarks/accuracy/task_*.py is discovered and run (see README.md beside this
file for the interface). Prints one markdown table per task and writes accuracy.md and
accuracy.json to benchmarks/results/ (``--out DIR`` to write elsewhere). ``relcore eval ARGS``
calls ``main(ARGS)`` here.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
import traceback
from pathlib import Path
from typing import List, Optional, Set

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RESULTS_DIR = ROOT / "benchmarks" / "results"
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
# Measure this checkout's relcore (its python/ folder), not another installed one.
if (ROOT / "python" / "relcore").is_dir() and "relcore" not in sys.modules:
    sys.path.insert(0, str(ROOT / "python"))

import evalkit  # noqa: E402

ROW_KEYS = ("task", "dataset", "system", "precision", "recall", "f1", "n")


class Context:
    """What every task's evaluate(ctx) receives."""

    def __init__(self, shared: Optional[Path], root: Path, quick: bool, systems: Optional[Set[str]]):
        self.shared = shared  # the shared data folder (corpora/ud, corpora/ungdc, ...), None if absent
        self.root = root  # the repository root
        self.quick = quick  # small and fast: a sample of each data set
        self.systems = systems  # the systems asked for (lower case), None for all

    def wants(self, system: str) -> bool:
        """Whether the system (a name as it appears in the rows) was asked for."""
        return self.systems is None or system.lower() in self.systems


def find_shared(explicit: Optional[str] = None) -> Optional[Path]:
    """The shared folder: --shared, else ../shared beside the repository, else /work/shared."""
    for cand in ([Path(explicit)] if explicit else [ROOT.parent / "shared", Path("/work/shared")]):
        if cand.is_dir():
            return cand.resolve()
    return None


def discover(tasks: Optional[Set[str]] = None) -> list:
    """The task modules (task_*.py beside this file), sorted by file name; those named in `tasks`
    only, when given. A module without NAME or evaluate is an error, not a silent skip."""
    mods = []
    for path in sorted(HERE.glob("task_*.py")):
        spec = importlib.util.spec_from_file_location(f"relcore_accuracy_{path.stem}", path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod  # dataclasses and pickling look modules up there
        spec.loader.exec_module(mod)
        if not isinstance(getattr(mod, "NAME", None), str) or not callable(getattr(mod, "evaluate", None)):
            raise SystemExit(f"{path.name}: a task module defines NAME (str) and evaluate(ctx)")
        if tasks is None or mod.NAME in tasks or path.stem[5:] in tasks:
            mods.append(mod)
    return mods


def check_row(row: dict, task: str) -> dict:
    missing = [k for k in ROW_KEYS if k not in row]
    if missing:
        raise ValueError(f"task {task}: a row lacks {', '.join(missing)}: {row!r}")
    return row


def run(ctx: Context, modules: list, verbose: bool = True) -> dict:
    """Runs every task; a task that raises gives an error entry, the others still run."""
    out = {"tasks": [], "rows": [], "errors": []}
    for mod in modules:
        t0 = time.perf_counter()
        if verbose:
            print(f"[accuracy] {mod.NAME} ...", file=sys.stderr, flush=True)
        try:
            rows = [check_row(dict(r), mod.NAME) for r in mod.evaluate(ctx)]
        except Exception as e:  # one broken task must not hide the others' figures
            out["errors"].append({"task": mod.NAME, "error": f"{type(e).__name__}: {e}",
                                  "traceback": traceback.format_exc()})
            if verbose:
                traceback.print_exc()
            rows = []
        doc = (mod.__doc__ or "").strip().split("\n\n")[0]
        out["tasks"].append({"name": mod.NAME, "doc": doc, "seconds": round(time.perf_counter() - t0, 2)})
        out["rows"].extend(rows)
    return out


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="relcore eval", description=__doc__.split("\n\n")[0])
    p.add_argument("--tasks", default=None, help="comma-separated task names (default: all)")
    p.add_argument("--systems", default=None,
                   help="comma-separated systems, e.g. relcore,pysbd (default: all)")
    p.add_argument("--quick", action="store_true", help="a sample of each data set")
    p.add_argument("--shared", default=None, help="the shared data folder (default ../shared)")
    p.add_argument("--out", default=str(RESULTS_DIR), help="folder for accuracy.md and accuracy.json")
    p.add_argument("--list", action="store_true", help="list the tasks and exit")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines (stderr)")
    args = p.parse_args(argv)

    tasks = set(args.tasks.split(",")) if args.tasks else None
    modules = discover(tasks)
    if args.list:
        for m in discover():
            print(f"{m.NAME}\t{(m.__doc__ or '').strip().splitlines()[0] if m.__doc__ else ''}")
        return 0
    if tasks and not modules:
        print(f"relcore eval: no task named {args.tasks}", file=sys.stderr)
        return 2
    systems = {s.strip().lower() for s in args.systems.split(",")} if args.systems else None
    ctx = Context(shared=find_shared(args.shared), root=ROOT, quick=args.quick, systems=systems)
    result = run(ctx, modules, verbose=not args.quiet)
    result["meta"] = evalkit.meta(ctx)
    md = evalkit.markdown(result)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "accuracy.md").write_text(md, encoding="utf-8")
    (out / "accuracy.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    print(md)
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
