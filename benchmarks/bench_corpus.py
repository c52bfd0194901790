"""Corpus scale: the full UN General Debate corpus → co-mention table with
`relcore pairs` on 1 and 2 threads, and the Dask path's overhead on a LocalCluster.

    python benchmarks/bench_corpus.py [--corpus DIR] [--repeat N] [--skip-dask] [--json FILE]

Measured:
  command   `relcore pairs --threads N CORPUS` (JSON lines) as a subprocess, whole
            command (interpreter start, file listing, reading, counting, writing the table):
            wall time, MB/s, peak RSS (os.wait4 of that very child), CPU time. Runs alternate
            1 and 2 threads, `--repeat` times each; outputs of all runs must be identical.
  engine    the same work in this process (PairCounter.count_files, rows()): per-core
            MB/s, and the cost of summing partial tables (what a cluster's reduction does).
  dask      on a subset (sessions 70-78 by default): single-process relcore.cooccurrence vs
            relcore.dask.cooccurrence on LocalCluster(n_workers=2, threads_per_worker=1,
            processes=True) — texts shipped from the client, and paths read on the workers;
            then the whole corpus read on the workers vs counted in one process (2 threads);
            cluster start-up, the gazetteer image's size and load time.
Acceptance: peak RSS < 1 GB; 2 threads >= 1.8x one thread. The machine has 2 cores
shared with other work: the load average before each run is printed, and the spread reported.
"""
import argparse
import glob
import hashlib
import json
import os
import pickle
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "python"))

import relcore  # noqa: E402
from relcore import _core, corpus  # noqa: E402


def find_corpus(arg):
    """The unpacked UNGDC folder: --corpus, build/ungdc, /tmp/ungdc, or unpack ../shared's."""
    cands = [arg] if arg else []
    cands += [os.path.join(ROOT, "build", "ungdc"), "/tmp/ungdc"]
    for c in cands:
        if c and glob.glob(os.path.join(c, "Session 7*")):
            return c
    shared = os.environ.get("RELCORE_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
    tarballs = glob.glob(os.path.join(shared, "corpora", "ungdc", "*.tar.xz"))
    if not tarballs:
        sys.exit("UNGDC corpus not found: pass --corpus DIR or provide ../shared/corpora/ungdc")
    dest = os.path.join(ROOT, "build", "ungdc")
    os.makedirs(dest, exist_ok=True)
    print(f"unpacking {tarballs[0]} to {dest} ...", flush=True)
    with tarfile.open(tarballs[0]) as tf:
        tf.extractall(dest)
    return dest


# What the `relcore` console script does (relcore.__main__.main), plus a timer started after the
# interpreter is up: so each run gives the whole command's wall time and the part of it that
# relcore controls (imports, listing, reading, counting, writing) without Python's own start-up.
LAUNCH = ("import sys, time; t0 = time.perf_counter(); from relcore.__main__ import main; rc = main(); "
          "sys.stderr.write('relcore-seconds %.6f\\n' % (time.perf_counter() - t0)); sys.exit(rc)")


def run_command(corpus_dir, threads, out_path):
    """One `relcore pairs` run: (wall s, in-process s, user s, sys s, peak RSS bytes, sha256)."""
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
    argv = ["relcore", "pairs", "--threads", str(threads), corpus_dir]  # default output: JSON lines
    with open(out_path, "wb") as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen([sys.executable, "-c", LAUNCH] + argv[1:], stdout=out, stderr=err, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        err.seek(0)
        messages = err.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"relcore pairs --threads {threads} exited {code}: {messages}")
    inproc = float(messages.rsplit("relcore-seconds ", 1)[1].split()[0])
    with open(out_path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    return wall, inproc, ru.ru_utime, ru.ru_stime, ru.ru_maxrss * 1024, digest


def spread(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "all": [round(v, 3) for v in values]}


def bench_command(corpus_dir, files, mb, repeat):
    print(f"\n== relcore pairs on {len(files)} files, {mb:.1f} MB "
          f"({repeat} runs per thread count, alternating)")
    results = {1: [], 2: []}
    digests = set()
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "pairs.jsonl")
        for r in range(repeat):
            for threads in (1, 2):
                load = os.getloadavg()[0]
                wall, inproc, user, sys_t, rss, digest = run_command(corpus_dir, threads, out)
                digests.add(digest)
                results[threads].append({"wall": wall, "inproc": inproc, "cpu": user + sys_t,
                                         "rss": rss, "load": load})
                print(f"  run {r + 1} threads={threads}: {wall:5.2f} s  {mb / wall:6.1f} MB/s  "
                      f"(after interpreter start-up {inproc:5.2f} s)  cpu {user + sys_t:5.2f} s  "
                      f"peak RSS {rss / 2**20:5.1f} MiB  (load avg before: {load:.2f})", flush=True)
        with open(out, encoding="utf-8") as f:
            n_pairs = sum(1 for _ in f)  # one JSON line per pair
    if len(digests) != 1:
        sys.exit("the outputs of the runs differ!")
    t1 = [x["wall"] for x in results[1]]
    t2 = [x["wall"] for x in results[2]]
    ratios = [a / b for a, b in zip(t1, t2)]
    i1 = [x["inproc"] for x in results[1]]
    i2 = [x["inproc"] for x in results[2]]
    summary = {
        "files": len(files), "mb": mb, "pairs": n_pairs,
        "wall_1": spread(t1), "wall_2": spread(t2),
        "mb_s_1": mb / statistics.median(t1), "mb_s_2": mb / statistics.median(t2),
        "speedup_median": statistics.median(t1) / statistics.median(t2),
        "speedup_best": min(t1) / min(t2),
        "speedup_per_round": spread(ratios),
        "inproc_1": spread(i1), "inproc_2": spread(i2),
        "inproc_speedup_median": statistics.median(i1) / statistics.median(i2),
        "startup": statistics.median([x["wall"] - x["inproc"] for x in results[1] + results[2]]),
        "peak_rss_mib": max(x["rss"] for x in results[1] + results[2]) / 2**20,
        "cpu_1": statistics.median(x["cpu"] for x in results[1]),
        "cpu_2": statistics.median(x["cpu"] for x in results[2]),
        "load": spread([x["load"] for x in results[1] + results[2]]),
    }
    print(f"  identical output in every run: {n_pairs} pairs")
    print(f"  1 thread : median {summary['wall_1']['median']:.2f} s ({summary['mb_s_1']:.1f} MB/s), "
          f"range {min(t1):.2f}-{max(t1):.2f}")
    print(f"  2 threads: median {summary['wall_2']['median']:.2f} s ({summary['mb_s_2']:.1f} MB/s), "
          f"range {min(t2):.2f}-{max(t2):.2f}")
    print(f"  speedup: {summary['speedup_median']:.2f}x (medians), {summary['speedup_best']:.2f}x (best "
          f"runs), per round {min(ratios):.2f}-{max(ratios):.2f}x")
    print(f"  after interpreter start-up: 1 thread {statistics.median(i1):.2f} s, 2 threads "
          f"{statistics.median(i2):.2f} s: {summary['inproc_speedup_median']:.2f}x (medians); "
          f"interpreter start-up and exit {summary['startup']:.2f} s per run")
    print(f"  peak RSS: {summary['peak_rss_mib']:.1f} MiB")
    return summary


def bench_engine(files, mb, gaz):
    """In-process: per-core throughput of the C path, and the cost of summing partial tables."""
    print("\n== engine (in process)")
    out = {}
    for threads in (1, 2):
        c = _core.PairCounter(gaz)
        t0 = time.perf_counter()
        c.count_files(files, threads=threads)
        rows = c.rows()
        dt = time.perf_counter() - t0
        out[f"engine_{threads}"] = {"seconds": dt, "mb_s": mb / dt}
        print(f"  PairCounter.count_files, {threads} thread(s): {dt:.2f} s, {mb / dt:.1f} MB/s")
    # partial tables: one per 100 speeches, summed as relcore.dask's reduction does (C, bytes)
    from relcore.dask import _sum_tables
    parts = []
    for chunk in corpus.chunked(files, 100, size=lambda f: 0):
        c = _core.PairCounter(gaz)
        c.feed_files(chunk, threads=2)
        parts.append(c.table())
    t0 = time.perf_counter()
    total = _core.PairCounter(gaz)
    total.add_table(_sum_tables(parts, gaz, "sentence"))
    dt = time.perf_counter() - t0
    assert total.rows() == rows, "summing partial tables must give the whole table"
    part_rows = statistics.mean((len(p) - 24) / 24 for p in parts)
    part_bytes = statistics.mean(len(p) for p in parts)
    out["reduce"] = {"partials": len(parts), "seconds": dt, "rows_total": len(rows),
                     "rows_per_partial": part_rows, "bytes_per_partial": part_bytes,
                     "us_per_partial_row": dt / (part_rows * len(parts)) * 1e6}
    print(f"  summing {len(parts)} partial tables of 100 speeches (mean {part_rows:.0f} rows, "
          f"{part_bytes / 1024:.0f} KiB each) in C: {dt * 1000:.1f} ms "
          f"({out['reduce']['us_per_partial_row']:.3f} us per partial row) -> {len(rows)} rows")
    return out


def _salted(text, run):
    """Identity; `run` only makes the task keys of each timed run distinct."""
    return text


def _read(path, run):
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def bench_dask(files, all_files, gaz, n_partitions, full_partitions):
    import dask.bag as db
    import distributed
    from relcore import dask as rd

    texts = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            texts.append(fh.read())
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"\n== Dask on {len(files)} speeches ({mb:.1f} MB), {n_partitions} partitions")
    out = {"docs": len(files), "mb": mb, "partitions": n_partitions}
    image = pickle.dumps(gaz)
    t0 = time.perf_counter()
    for _ in range(20):
        pickle.loads(image)
    out["image_bytes"] = len(image)
    out["image_load_ms"] = (time.perf_counter() - t0) / 20 * 1000
    print(f"  gazetteer: pickles to {len(image) / 1024:.0f} KiB, unpickles (validate + load) in "
          f"{out['image_load_ms']:.1f} ms")

    def timed(fn, repeat=3):
        """Best of `repeat` runs; fn(run) builds its graph anew with run-specific keys, so that
        a cluster cannot hand back results still in memory from the previous run."""
        times, res = [], None
        for run in range(repeat):
            t0 = time.perf_counter()
            res = fn(run)
            times.append(time.perf_counter() - t0)
        return min(times), res

    single, want = timed(lambda run: relcore.cooccurrence(texts, gazetteer=gaz, threads=2))
    single1, _ = timed(lambda run: relcore.cooccurrence(texts, gazetteer=gaz, threads=1))
    out["single_process_2_threads"] = single
    out["single_process_1_thread"] = single1
    print(f"  single process relcore.cooccurrence: {single1:.2f} s (1 thread), {single:.2f} s (2 threads)")

    t0 = time.perf_counter()
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    client = distributed.Client(cluster)
    out["cluster_start"] = time.perf_counter() - t0
    print(f"  LocalCluster(2 processes x 1 thread) start: {out['cluster_start']:.2f} s")
    try:
        import pandas as pd
        client.run(lambda: __import__("relcore.dask"))  # warm the workers' imports
        bag = db.from_sequence(texts, npartitions=n_partitions)
        t_texts, got = timed(lambda run: rd.cooccurrence(bag.map(_salted, run), gazetteer=gaz))
        pd.testing.assert_frame_equal(got, want)
        paths = db.from_sequence(files, npartitions=n_partitions)
        t_paths, got2 = timed(lambda run: rd.cooccurrence(paths.map(_read, run), gazetteer=gaz))
        pd.testing.assert_frame_equal(got2, want)
        t_sync, _ = timed(lambda run: rd.cooccurrence(bag, gazetteer=gaz, scheduler="sync"), 1)
        # the whole corpus, read on the workers, against the same files counted in one process
        full_single, full_want = timed(lambda run: corpus.count_files(all_files, gazetteer=gaz, threads=2))
        full_paths = db.from_sequence(all_files, npartitions=full_partitions)
        t_full, full_got = timed(lambda run: rd.cooccurrence(full_paths.map(_read, run), gazetteer=gaz))
        assert [tuple(r) for r in full_got.itertuples(index=False)] == full_want
    finally:
        client.close()
        cluster.close()
    out.update({"dask_texts_from_client": t_texts, "dask_paths_read_on_workers": t_paths,
                "dask_sync_scheduler": t_sync})
    print(f"  relcore.dask.cooccurrence, texts shipped from the client: {t_texts:.2f} s "
          f"({t_texts / single:.2f}x single process, 2 threads; overhead {t_texts - single:+.2f} s)")
    print(f"  relcore.dask.cooccurrence, workers read the files:        {t_paths:.2f} s "
          f"({t_paths / single:.2f}x; overhead {t_paths - single:+.2f} s)")
    print(f"  relcore.dask.cooccurrence, sync scheduler (graph cost, no cluster): {t_sync:.2f} s "
          f"vs {single1:.2f} s single process 1 thread")
    full_mb = sum(os.path.getsize(f) for f in all_files) / 1e6
    out.update({"full_files": len(all_files), "full_mb": full_mb, "full_partitions": full_partitions,
                "full_single_process_2_threads": full_single, "full_dask_paths": t_full})
    print(f"  whole corpus ({len(all_files)} files, {full_mb:.0f} MB, {full_partitions} partitions), "
          f"workers read the files: {t_full:.2f} s ({full_mb / t_full:.0f} MB/s) vs "
          f"{full_single:.2f} s ({full_mb / full_single:.0f} MB/s) in one process with 2 threads "
          f"(relcore.corpus.count_files): {t_full / full_single:.2f}x, overhead {t_full - full_single:+.2f} s")
    print("  results identical to the single-process results: yes")
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", help="unpacked UNGDC folder (default: build/ungdc or /tmp/ungdc)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per thread count (default 5)")
    ap.add_argument("--skip-command", action="store_true")
    ap.add_argument("--skip-engine", action="store_true")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--dask-sessions", default="70-78", help="subset for the Dask comparison")
    ap.add_argument("--dask-partitions", type=int, default=16, help="partitions of the subset")
    ap.add_argument("--dask-full-partitions", type=int, default=32,
                    help="partitions of the whole corpus (Dask run with workers reading the files)")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args(argv)

    corpus_dir = find_corpus(args.corpus)
    from relcore.cli import resolve_inputs
    files = resolve_inputs([corpus_dir])  # what `relcore pairs DIR` counts
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    print(f"corpus: {corpus_dir}: {len(files)} speeches, {mb:.1f} MB; {os.cpu_count()} CPUs; "
          f"relcore {relcore.__version__}")
    gaz = relcore.Gazetteer.default()
    report = {"corpus": corpus_dir}
    if not args.skip_command:
        report["command"] = bench_command(corpus_dir, files, mb, args.repeat)
    if not args.skip_engine:
        report["engine"] = bench_engine(files, mb, gaz)
    if not args.skip_dask:
        try:
            import dask  # noqa: F401
            import distributed  # noqa: F401
        except ImportError:
            print("\n== Dask: not installed (pip install 'relcore[dask]'), skipped")
        else:
            first, last = (int(x) for x in args.dask_sessions.split("-"))
            subset = [f for f in files
                      if any(f"Session {s:02d} - " in f for s in range(first, last + 1))]
            report["dask"] = bench_dask(subset, files, gaz, args.dask_partitions,
                                        args.dask_full_partitions)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=2)
    cmd = report.get("command")
    if cmd:
        ok_rss = cmd["peak_rss_mib"] < 1024
        ok_speed = cmd["speedup_median"] >= 1.8
        print(f"\nacceptance: peak RSS {cmd['peak_rss_mib']:.0f} MiB < 1 GiB: {'yes' if ok_rss else 'NO'}; "
              f"2 threads {cmd['speedup_median']:.2f}x >= 1.8x: {'yes' if ok_speed else 'NO'} "
              f"(load average during runs {cmd['load']['min']:.2f}-{cmd['load']['max']:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
