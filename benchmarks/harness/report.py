"""Output: the markdown table, the JSON file, and PNG charts; and the targets checked."""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Dict, List, Optional

from . import machine as machine_mod
from . import notebook_path

SPAN_OUTPUTS = {"spans", "strings+spans", "Doc"}

TASK_TITLES = {
    "normalize": "Normalization",
    "tokenize": "Tokenization",
    "segment": "UAX #29 engine",
    "sentences": "Sentence splitting",
    "gazetteer": "Gazetteer matching",
    "end_to_end": "End to end",
}


def _fmt(x: Optional[float], digits: int = 1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    if x >= 0.1:
        return f"{x:.{digits + 1}f}"
    return f"{x:.3g}"


def _ratio(x: Optional[float]) -> str:
    if x is None:
        return "–"
    return f"{x:.2f}×" if x < 10 else f"{x:.1f}×"


def _cell(s: str) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def row_line(r: Dict, corpus_bytes: int) -> str:
    status = r["status"]
    name = f"**{r['name']}**" if r.get("relcore") else r["name"]
    if status != "ok":
        return f"| {_cell(name)} | {r['output']} | {status} | | | | {_cell(r.get('reason', ''))} |"
    notes = []
    if r.get("note"):
        notes.append(r["note"])
    if r.get("stride", 1) > 1:
        notes.append(f"timed on 1 in {r['stride']} documents ({r['input_bytes'] / 1e6:.2f} MB)")
    ex = r.get("extra") or {}
    if "build_seconds" in ex:
        notes.append(f"build {ex['build_seconds']:.2f} s, {ex['build_peak_mem_mb']:.0f} MB")
    agree = (r.get("agreement") or {}).get("label", "")
    return (f"| {_cell(name)} | {r['output']} | {_fmt(r['mb_per_s'])} | {_ratio(r.get('relcore_speedup'))} | "
            f"{_fmt(r['peak_mem_mb'])} | {_cell(agree)} | {_cell('; '.join(notes))} |")


def markdown(results: Dict) -> str:
    c = results["corpus"]
    lines = [f"# relcore benchmark — {c['name']}", "",
             f"Corpus: {c['name']}: {c['documents']:,} documents, {c['utf8_bytes'] / 1e6:.2f} MB of UTF-8 "
             f"({c['ascii_documents']:,} pure ASCII). Source: `{c['source']}`.", "",
             f"Machine: {machine_mod.line(results['machine'])}", "",
             f"Method: {results['method']}", ""]
    if results.get("targets"):
        lines += ["## Targets", "", "| target | measured | status |", "|---|---|---|"]
        for t in results["targets"]:
            lines.append(f"| {_cell(t['target'])} | {_cell(t['measured'])} | {t['status']} |")
        lines.append("")
    for task in results["tasks"]:
        lines += [f"## {TASK_TITLES.get(task['task'], task['task'])}", ""]
        for g in task["groups"]:
            inp = g.get("input") or {}
            own = (f" Input: {inp['documents']:,} documents, {inp['utf8_bytes'] / 1e6:.1f} MB."
                   if inp and inp.get("utf8_bytes") != c["utf8_bytes"] else "")
            lines += [f"### {g['name']}", "", f"{g['description']}.{own} Ratios: relcore row `{g['reference']}` "
                      f"÷ this row, on identical input (> 1: relcore is faster).", "",
                      "| row | output | MB/s | relcore × | peak MB | agreement | notes |",
                      "|---|---|---:|---:|---:|---|---|"]
            for r in g["rows"]:
                lines.append(row_line(r, c["utf8_bytes"]))
            lines.append("")
    if results.get("figures"):
        lines += ["## Building and loading", "", "| task | figure | measured | target |", "|---|---|---|---|"]
        for f in results["figures"]:
            mark = "" if f.get("ok") is None else (" (met)" if f["ok"] else " (missed)")
            lines.append(f"| {f['task']} | {_cell(f['figure'])} | {_cell(f['measured'])} | "
                         f"{f.get('target', '')}{mark} |")
        lines.append("")
    sc = results.get("scaling") or {}
    if sc.get("size"):
        series = sc["size"]["series"]
        sizes = [p["bytes"] for p in next(iter(series.values()))]
        lines += ["## Scaling with input size (MB/s)", "",
                  "| function | " + " | ".join(_bytes(b) for b in sizes) + " |",
                  "|---|" + "---:|" * len(sizes)]
        for name, pts in series.items():
            lines.append(f"| {name} | " + " | ".join(_fmt(p["mb_per_s"]) for p in pts) + " |")
        lines.append("")
    if sc.get("threads"):
        series = sc["threads"]["series"]
        lines += ["## Scaling with threads (MB/s, speedup over 1 thread)", "",
                  "| function | " + " | ".join(f"{p['threads']} thread{'s' if p['threads'] > 1 else ''}"
                                                for p in next(iter(series.values()))) + " |",
                  "|---|" + "---:|" * len(next(iter(series.values())))]
        for name, pts in series.items():
            lines.append(f"| {name} | " + " | ".join(f"{_fmt(p['mb_per_s'])} ({p['speedup']:.2f}×)" for p in pts) + " |")
        lines.append("")
    if results.get("skipped_peers"):
        lines += ["## Peers not measured", ""]
        for lib, why in sorted(results["skipped_peers"].items()):
            lines.append(f"- {lib}: {why}")
        lines.append("")
    return "\n".join(lines)


def _bytes(n: int) -> str:
    if n >= 1e6:
        return f"{n / 1e6:.1f} MB"
    if n >= 1e3:
        return f"{n / 1e3:.0f} KB"
    return f"{n} B"


# ---- targets -----------------------------------------------------------------------------------

def _rows(results, task, group_prefix=""):
    for t in results["tasks"]:
        if t["task"] == task:
            for g in t["groups"]:
                if g["name"].startswith(group_prefix):
                    yield g


def _fastest_peer(g, outputs=None):
    peers = [r for r in g["rows"] if not r.get("relcore") and r["status"] == "ok"
             and r.get("relcore_speedup") is not None and (outputs is None or r["output"] in outputs)]
    return min(peers, key=lambda r: r["relcore_speedup"]) if peers else None


def _ref_ok(g) -> bool:
    ref = next((x for x in g["rows"] if x["name"] == g["reference"]), None)
    return ref is not None and ref["status"] == "ok"


def targets(results: Dict) -> List[Dict]:
    """The acceptance ratios, each met / missed (by how much) / n/a (and why)."""
    out = []

    def add(target, g, peer, goal, extra_ok=True, extra="", peer_label=None):
        if not _ref_ok(g):
            out.append({"target": target, "measured": f"`{g['reference']}` did not run",
                        "status": "n/a", "ratio": None})
            return
        if peer is None or peer.get("relcore_speedup") is None:
            why = peer.get("reason", "") if peer else "no such peer measured"
            out.append({"target": target, "measured": f"peer not measured: {why}", "status": "n/a",
                        "ratio": None})
            return
        ratio = peer["relcore_speedup"]
        ok = ratio >= goal and extra_ok
        miss = f" — missed by {goal / ratio:.2f}×" if ratio < goal else ""
        out.append({"target": target, "measured": f"{ratio:.2f}× vs {peer_label or peer['name']}{extra}{miss}",
                    "status": "met" if ok else "missed", "ratio": ratio})

    for g in _rows(results, "normalize"):
        r = next((r for r in g["rows"] if r["name"].startswith("unicodedata")), None)
        add(f"normalization {g['name']} ≥ 10× unicodedata", g, r, 10)
    for g in _rows(results, "tokenize", "words"):
        if g["name"] != "words":
            continue
        add("tokenization to spans ≥ 3× the fastest peer returning spans", g, _fastest_peer(g, SPAN_OUTPUTS), 3)
    for g in _rows(results, "sentences"):
        r = next((r for r in g["rows"] if r["name"] == "pySBD"), None)
        rc = next((r for r in g["rows"] if r["name"] == g["reference"]), None)
        acc_ok, extra = True, ""
        if r and rc and r.get("agreement") and rc.get("agreement"):
            a, b = rc["agreement"].get("score"), r["agreement"].get("score")
            if a is not None and b is not None:
                acc_ok = a >= b
                extra = f"; accuracy {a:.0%} vs pySBD {b:.0%}"
        add("sentences ≥ 20× pySBD with at least its accuracy", g, r, 20, acc_ok, extra)
    for g in _rows(results, "gazetteer"):
        add(f"gazetteer ({g['name']}) ≥ 10× the fastest peer", g, _fastest_peer(g), 10)
    for t in results["tasks"]:
        for g in t["groups"]:
            r = _fastest_peer(g)
            if g["name"] == "notebook path":  # str.split there is a floor, with targets of its own
                continue
            if _ref_ok(g) and r is not None:
                add(f"relcore fastest in {t['task']} / {g['name']}", g, r, 1.0)
    out += notebook_path.targets(results)
    return out


def summary(results: Dict) -> str:
    """A short table for the README: per group, relcore's row against the fastest peer."""
    c = results["corpus"]
    lines = [f"Run of {results.get('started', '?')} on {c['name']} ({c['documents']:,} documents, "
             f"{c['utf8_bytes'] / 1e6:.1f} MB).", "",
             f"Machine: {machine_mod.line(results['machine'])}", "",
             "| task | group | relcore MB/s | fastest peer | its MB/s | relcore × |",
             "|---|---|---:|---|---:|---:|"]
    for t in results["tasks"]:
        for g in t["groups"]:
            ref = next((r for r in g["rows"] if r["name"] == g["reference"]), None)
            peers = [r for r in g["rows"] if not r.get("relcore") and r["status"] == "ok"]
            fastest = max(peers, key=lambda r: r["mb_per_s"]) if peers else None
            if ref is None or ref["status"] != "ok":
                rc_cell, ratio = ref["status"] if ref else "–", "–"
            else:
                rc_cell = _fmt(ref["mb_per_s"])
                ratio = _ratio(fastest.get("relcore_speedup")) if fastest else "–"
            lines.append(f"| {t['task']} | {_cell(g['name'])} | {rc_cell} | "
                         f"{_cell(fastest['name']) if fastest else '–'} | "
                         f"{_fmt(fastest['mb_per_s']) if fastest else '–'} | {ratio} |")
    charts = results.get("charts") or []
    if charts:
        lines += ["", " ".join(f"![{Path(c).stem}](results/{Path(c).name})" for c in charts)]
    return "\n".join(lines)


def update_readme(results: Dict, readme: Path) -> bool:
    """Replace the text between the latest:begin/end markers of the README; False if no markers."""
    if not readme.exists():
        return False
    text = readme.read_text(encoding="utf-8")
    begin, end = "<!-- latest:begin -->", "<!-- latest:end -->"
    if begin not in text or end not in text:
        return False
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    readme.write_text(head + begin + "\n" + summary(results) + "\n" + end + tail, encoding="utf-8")
    return True


# ---- files -------------------------------------------------------------------------------------

def write_json(results: Dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")


def charts(results: Dict, outdir: Path) -> List[str]:
    """PNG charts; returns the files written ([] when matplotlib is missing)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except Exception:
        return []
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for task in results["tasks"]:
        groups = [g for g in task["groups"] if any(r["status"] == "ok" for r in g["rows"])]
        if not groups:
            continue
        n_rows = sum(len([r for r in g["rows"] if r["status"] == "ok"]) for g in groups)
        fig, axes = plt.subplots(len(groups), 1, figsize=(9, 1.2 + 0.36 * n_rows + 0.6 * len(groups)),
                                 squeeze=False)
        for ax, g in zip(axes[:, 0], groups):
            rows = [r for r in g["rows"] if r["status"] == "ok"]
            rows.sort(key=lambda r: r["mb_per_s"])
            names = [r["name"] for r in rows]
            vals = [r["mb_per_s"] for r in rows]
            colors = ["#c0392b" if r.get("relcore") else "#7f8c8d" for r in rows]
            ax.barh(names, vals, color=colors)
            ax.set_xscale("log")
            ax.set_title(f"{TASK_TITLES.get(task['task'], task['task'])}: {g['name']}", fontsize=10)
            ax.tick_params(labelsize=8)
            for y, v in enumerate(vals):
                ax.text(v, y, f" {_fmt(v)}", va="center", fontsize=7)
        axes[-1, 0].set_xlabel(f"MB/s (log scale) — {results['corpus']['name']}")
        fig.tight_layout()
        p = outdir / f"{task['task']}.png"
        fig.savefig(p, dpi=110)
        plt.close(fig)
        written.append(str(p))
    sc = results.get("scaling") or {}
    if sc.get("size"):
        fig, ax = plt.subplots(figsize=(7, 4))
        for name, pts in sc["size"]["series"].items():
            ax.plot([p["bytes"] for p in pts], [p["mb_per_s"] for p in pts], marker="o", label=name)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("input size (bytes)")
        ax.set_ylabel("MB/s")
        ax.set_title("Throughput against input size")
        ax.legend(fontsize=7)
        fig.tight_layout()
        p = outdir / "scaling_size.png"
        fig.savefig(p, dpi=110)
        plt.close(fig)
        written.append(str(p))
    if sc.get("threads"):
        fig, ax = plt.subplots(figsize=(7, 3.5))
        series = sc["threads"]["series"]
        names = list(series)
        width = 0.8 / max(1, len(next(iter(series.values()))))
        for k, t in enumerate(p["threads"] for p in next(iter(series.values()))):
            ax.barh([i + k * width for i in range(len(names))], [series[n][k]["mb_per_s"] for n in names],
                    height=width, label=f"{t} thread(s)")
        ax.set_yticks([i + width / 2 for i in range(len(names))])
        ax.set_yticklabels(names, fontsize=8)
        ax.set_xlabel("MB/s")
        ax.set_title("Throughput against threads")
        ax.legend(fontsize=7)
        fig.tight_layout()
        p = outdir / "scaling_threads.png"
        fig.savefig(p, dpi=110)
        plt.close(fig)
        written.append(str(p))
    return written
