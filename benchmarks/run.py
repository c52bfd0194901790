#!/usr/bin/env python3
"""Run relcore's benchmark harness: relcore against its peers, in one process, on real text.

    python benchmarks/run.py [--corpus auto|ungdc|sample|builtin|PATH] [--sessions 70-78]
                             [--tasks normalize,tokenize,...] [--group NAME,...] [--repeat N] [--group-seconds S] [--quick]
                             [--peers all|builtin|LIST]

Prints the markdown table and writes benchmarks/results/latest.json, latest.md and PNG charts
(``--out DIR`` to write elsewhere; a run of only some tasks or groups writes ``partial.*``
instead, so that it never replaces the full results). ``relcore bench ARGS`` calls ``main(ARGS)`` here.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import harness  # noqa: E402
from harness import report  # noqa: E402
from harness.model import Config  # noqa: E402


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="relcore bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", default="auto",
                   help="auto (UNGDC from $RELCORE_UNGDC_DIR, /tmp/ungdc or ../shared when there, else "
                        "the bundled sample), ungdc, sample, builtin, or a .txt file or folder of .txt files")
    p.add_argument("--sessions", default="70-78", help="UNGDC sessions, N or N-M or all (default 70-78)")
    p.add_argument("--tasks", default=",".join(harness.ALL_TASKS),
                   help=f"comma-separated, from {','.join(harness.ALL_TASKS)}")
    p.add_argument("--group", default="",
                   help="only the groups whose name contains one of these comma-separated words "
                        "(e.g. 'notebook path', 'CLDR', 'whole', 'threads', 'size', 'build')")
    p.add_argument("--repeat", type=int, default=None, help="timed runs per row; the median is reported (5)")
    p.add_argument("--group-seconds", type=float, default=None,
                   help="a group whose rounds are quick runs more of them, up to this many seconds of timed "
                        "runs and 25 rounds (20; 0: exactly --repeat rounds)")
    p.add_argument("--budget", type=float, default=None,
                   help="seconds one timed run may take before a slow row moves to a stride sample (2)")
    p.add_argument("--quick", action="store_true",
                   help="small and fast: 3 runs, ≤1 MB of corpus, 10k synthetic aliases, short scaling")
    p.add_argument("--peers", default="all", help="all, builtin (standard library only) or library names")
    p.add_argument("--synthetic-aliases", type=int, default=None,
                   help="size of the synthetic alias list (1,000,000; 0 to leave it out)")
    p.add_argument("--build-budget", type=float, default=None,
                   help="seconds a gazetteer peer may take to build the synthetic list (90)")
    p.add_argument("--build-mem-budget", type=float, default=None,
                   help="MB a gazetteer peer may take to build the synthetic list (4000)")
    p.add_argument("--no-scaling", action="store_true", help="leave out the scaling task (size and thread curves)")
    p.add_argument("--no-charts", action="store_true", help="write no PNG charts")
    p.add_argument("--out", default=str(harness.RESULTS_DIR), help="folder for latest.json, latest.md, PNGs")
    p.add_argument("--json", default=None, help="also write the JSON here")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines (stderr)")
    return p.parse_args(argv)


def config_from(args: argparse.Namespace) -> Config:
    cfg = Config(quick=args.quick, peers=args.peers, groups=args.group, verbose=not args.quiet)
    if args.quick:
        cfg.repeat, cfg.budget, cfg.agreement_bytes, cfg.group_seconds = 3, 0.25, 100_000, 0.0
        cfg.synthetic_aliases, cfg.build_budget = 10_000, 20.0
        cfg.sizes = (1_000, 10_000, 100_000, None)
    if args.repeat is not None:
        cfg.repeat = max(1, args.repeat)
    if args.group_seconds is not None:
        cfg.group_seconds = max(0.0, args.group_seconds)
    if args.budget is not None:
        cfg.budget = args.budget
    if args.build_budget is not None:
        cfg.build_budget = args.build_budget
    if args.build_mem_budget is not None:
        cfg.build_mem_budget = args.build_mem_budget
    if args.synthetic_aliases is not None:
        cfg.synthetic_aliases = max(0, args.synthetic_aliases)
    return cfg


def main(argv=None) -> int:
    args = parse_args(argv)
    cfg = config_from(args)
    tasks = [t.strip() for t in args.tasks.split(",") if t.strip()]
    if args.no_scaling:
        tasks = [t for t in tasks if t != "scaling"]
    partial = bool(args.group) or set(tasks) != set(harness.ALL_TASKS)
    stem = "partial" if partial else "latest"

    def log(msg):
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)
    results = harness.run_benchmarks(cfg, corpus=args.corpus, sessions=args.sessions, tasks=tasks, log=log)
    out = Path(args.out)
    if not args.no_charts and not partial:
        results["charts"] = [Path(p).name for p in report.charts(results, out)]
    table = report.markdown(results)
    report.write_json(results, out / f"{stem}.json")
    (out / f"{stem}.md").write_text(table + "\n", encoding="utf-8")
    if args.json:
        report.write_json(results, Path(args.json))
    if not args.quick and not partial and out.resolve() == Path(harness.RESULTS_DIR).resolve():
        report.update_readme(results, HERE / "README.md")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
