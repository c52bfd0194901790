"""The method: one process, interleaved runs, warm-up then the median; peak memory as RSS growth.

For one group, every row first runs once on a small warm-up sample (untimed: it loads lazy tables,
fills caches, and tells how fast the row is). A row whose full-corpus run would take longer than
``Config.budget`` seconds is measured on a stride sample of the documents instead (every 2nd, 4th,
... document), and the group's relcore reference row is then also timed on that same sample, so
that every ratio compares the two on identical input. A group with ``stride=False`` takes no
sample (its rows are compared with each other, not only with the reference), and one with
``warm=False`` no warm-up (rows that run a whole corpus anyway). Then ``repeat`` rounds: in each round every
(row, input) pair runs once, in turn, so that a slow drift of the machine (other processes on a
shared 2-core box) hits every row alike. A group whose rounds are quick runs more of them, up to
``group_seconds`` of timed runs (at most ``max_repeat`` rounds): on a shared machine one run of a
fast row can take a third longer than the next for the same work, and the median of five such
runs is not steady enough for a ratio. The median of the rounds is reported.

Peak memory is measured in a separate, untimed run per (row, input): the growth of the process's
peak resident set (VmHWM, reset through /proc/self/clear_refs) above its resident set before the
run. It counts C allocations that tracemalloc cannot see. Where clear_refs cannot be written,
tracemalloc's peak is reported instead, and the JSON says which. A row whose work runs in a child
process reports the child's own peak (``Row.child_peak_mb``).
"""
from __future__ import annotations

import ctypes
import gc
import statistics
import time
import tracemalloc
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from .corpus import doc_bytes, stride_sample
from .model import Config, Group, Row

MB = 1e6


def run_once(row: Row, docs: Sequence[str]) -> float:
    """Seconds for one pass of ``row`` over ``docs``; outputs are built and then dropped."""
    gc.collect()
    if row.self_timed:
        return row.batch_fn(docs)
    if row.batch_fn is not None:
        t0 = time.perf_counter()
        out = row.batch_fn(docs)
        if out is not None and not isinstance(out, (list, tuple)):
            out = list(out)     # iterators: force the work
        dt = time.perf_counter() - t0
    else:
        fn = row.fn
        t0 = time.perf_counter()
        for d in docs:
            out = fn(d)
        dt = time.perf_counter() - t0
    del out
    return dt


# ---- memory ------------------------------------------------------------------------------------

def _libc():
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


_LIBC = _libc()


def _status_kb(field: str) -> Optional[int]:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def memory_method() -> str:
    if _status_kb("VmHWM") is not None and _reset_peak():
        return "peak RSS growth (VmHWM reset via /proc/self/clear_refs)"
    return "tracemalloc peak (Python allocations only)"


def peak_memory(run: Callable[[], Any]) -> Tuple[float, str]:
    """(MB, method) of the memory ``run()`` needed above what the process held before it."""
    gc.collect()
    if _LIBC is not None:
        try:
            _LIBC.malloc_trim(0)  # hand freed arenas back, so earlier rows' garbage is not reused silently
        except AttributeError:
            pass
    base = _status_kb("VmRSS")
    if base is not None and _reset_peak():
        run()
        peak = _status_kb("VmHWM") or base
        return max(0, peak - base) / 1024.0, "rss"
    tracemalloc.start()
    try:
        run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / MB, "tracemalloc"


# ---- one group ---------------------------------------------------------------------------------

def pick_input(rate_bps: float, docs: List[str], total: int, budget: float) -> Tuple[List[str], int]:
    """The documents a row is timed on: all of them, or the largest stride sample within budget."""
    if rate_bps <= 0 or total / rate_bps <= budget:
        return docs, 1
    k = 1
    while k < len(docs) and total / k / rate_bps > budget:
        k *= 2
    return list(docs[::k]), k


def extra_rounds(cfg: Config, done: int, spent: float) -> int:
    """How many rounds a group runs in all, given ``done`` rounds that took ``spent`` seconds of
    timed runs: more while they fit in ``cfg.group_seconds``, never more than ``cfg.max_repeat``."""
    if done <= 0 or spent <= 0 or cfg.group_seconds <= spent:
        return done
    per_round = spent / done
    return max(done, min(cfg.max_repeat, int(cfg.group_seconds / per_round)))


def measure_group(group: Group, docs: List[str], cfg: Config, log=print) -> Dict[str, Dict[str, Any]]:
    """Time every runnable row of ``group`` on ``docs``. Returns {row name: measurement dict}."""
    total = doc_bytes(docs)
    rows = [r for r in group.rows if r.runnable]
    ref = next((r for r in rows if r.name == group.reference), None)

    stride: Dict[str, int] = {}
    failed: Dict[str, str] = {}
    warm = stride_sample(docs, 200_000 if not cfg.quick else 50_000)
    warm_bytes = doc_bytes(warm)
    for r in rows:
        if not group.warm:
            stride[r.name] = 1
            continue
        try:
            dt = run_once(r, warm)
        except Exception as exc:  # a peer that breaks on real text is reported, not fatal
            failed[r.name] = f"failed on the corpus: {type(exc).__name__}: {str(exc)[:120]}"
            continue
        _, stride[r.name] = pick_input(warm_bytes / max(dt, 1e-9), docs, total, cfg.budget) \
            if group.stride else (docs, 1)
    rows = [r for r in rows if r.name not in failed]

    inputs = {k: (docs if k == 1 else list(docs[::k])) for k in set(stride.values()) | {1}}
    sizes = {k: doc_bytes(v) for k, v in inputs.items()}
    pairs: List[Tuple[Row, int]] = [(r, stride[r.name]) for r in rows]
    if ref is not None and ref.name in stride:
        for k in sorted(set(stride.values())):
            if (ref, k) not in pairs:
                pairs.append((ref, k))

    times: Dict[Tuple[str, int], List[float]] = {(r.name, k): [] for r, k in pairs}
    rounds = cfg.repeat
    rnd = 0
    while rnd < rounds:
        for r, k in pairs:
            times[(r.name, k)].append(run_once(r, inputs[k]))
        rnd += 1
        if rnd == cfg.repeat:  # quick rounds: more of them, within group_seconds and max_repeat
            spent = sum(sum(v) for v in times.values())
            rounds = extra_rounds(cfg, rnd, spent)
        if cfg.verbose:
            log(f"  {group.task}/{group.name}: round {rnd}/{rounds}")

    mem: Dict[Tuple[str, int], Tuple[float, str]] = {}
    for r, k in pairs:
        if r.child_peak_mb is not None:
            mem[(r.name, k)] = (r.child_peak_mb(), "child peak RSS (wait4)")
        else:
            mem[(r.name, k)] = peak_memory(lambda r=r, k=k: run_once(r, inputs[k]))

    out: Dict[str, Dict[str, Any]] = {}
    for r in group.rows:
        if r.name in failed:
            out[r.name] = {"status": "failed", "reason": failed[r.name]}
            continue
        if r.name not in stride:
            continue
        k = stride[r.name]
        med = statistics.median(times[(r.name, k)])
        mbps = sizes[k] / MB / med
        m = {"status": "ok", "seconds": med, "runs": times[(r.name, k)], "input_bytes": sizes[k],
             "input_docs": len(inputs[k]), "stride": k, "mb_per_s": mbps,
             "peak_mem_mb": mem[(r.name, k)][0], "mem_method": mem[(r.name, k)][1]}
        if ref is not None and (ref.name, k) in times:
            ref_mbps = sizes[k] / MB / statistics.median(times[(ref.name, k)])
            m["relcore_mb_per_s_same_input"] = ref_mbps
            m["relcore_speedup"] = ref_mbps / mbps   # > 1: relcore is that many times faster
        out[r.name] = m
    return out
