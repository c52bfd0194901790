"""`make demo` / `relcore demo`: who is mentioned with whom in the bundled 2023 UN speeches.

1. runs ``relcore pairs`` over the sample speeches and prints the top co-mention pairs;
2. prints Azerbaijan's partners (``relcore pairs --with AZE``);
3. writes a self-contained HTML report — the pairs table, Azerbaijan's co-mention network as an
   inline PNG, and the Azerbaijani speech with every mention highlighted — and prints its path.
"""
from __future__ import annotations

import html
import os
import time
from collections import Counter
from typing import Callable, List, Optional

from .relations import pair_order
from .samples import SAMPLES_DIR, samples

CENTER = "AZE"


def default_out_dir() -> str:
    """build/demo of the source checkout when running from one, else ./relcore-demo."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if os.path.exists(os.path.join(root, "Makefile")) and os.path.isdir(os.path.join(root, "python")):
        return os.path.join(root, "build", "demo")
    return os.path.abspath("relcore-demo")


def _show_and_run(run_cli: Callable[[List[str]], int], argv: List[str]) -> int:
    print("$ relcore " + " ".join(a if " " not in a else repr(a) for a in argv), flush=True)
    rc = run_cli(argv)
    print(flush=True)
    return rc


def _pairs_table_html(rows, limit: int) -> str:
    cells = "".join(
        f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td>"
        f"<td style=\"text-align:right\">{n}</td><td style=\"text-align:right\">{d}</td></tr>"
        for a, b, n, d in rows[:limit])
    return ('<table style="border-collapse:collapse;font-size:90%" cellpadding="4" border="1">'
            "<tr><th>a</th><th>b</th><th>sentences</th><th>speeches</th></tr>" + cells + "</table>")


def build_report(out_dir: str, top: int = 15) -> str:
    """Analyze the samples and write ``out_dir/report.html``; returns its path."""
    from .display import doc_html, page
    from .doc import analyze_many

    texts = samples()
    names = list(texts)
    docs = dict(zip(names, analyze_many([texts[n] for n in names])))
    counts: Counter = Counter()
    speeches: Counter = Counter()
    for d in docs.values():
        for p in d.pairs("sentence"):
            counts[(p.a, p.b)] += p.count
            speeches[(p.a, p.b)] += 1
    rows = sorted(((a, b, n, speeches[(a, b)]) for (a, b), n in counts.items()),
                  key=lambda r: pair_order(r[0], r[1], r[2]))

    sections = [
        "<p>Co-mentions of states and organizations in ten speeches of the 2023 UN General "
        "Debate (UN General Debate Corpus, CC0): two entities are co-mentioned when one sentence "
        "names both.</p>",
        "<h2 style=\"font-size:120%\">Top co-mention pairs</h2>" + _pairs_table_html(rows, top),
    ]
    try:
        from .plots import comention_network, figure_data_uri
        fig = comention_network([(a, b, n) for a, b, n, _ in rows], CENTER, top=12)
        sections.append(f"<h2 style=\"font-size:120%\">Co-mention network around {CENTER}</h2>"
                        f'<img alt="co-mention network around {CENTER}" style="max-width:640px" '
                        f'src="{figure_data_uri(fig, dpi=90)}">')
    except ImportError as e:  # matplotlib is optional
        sections.append(f"<p><i>No network picture: {html.escape(str(e))}</i></p>")
    aze = next((n for n in names if n.startswith(CENTER + "_")), names[0])
    sections.append("<h2 style=\"font-size:120%\">The speech, mentions highlighted</h2>" +
                    doc_html(docs[aze], title=aze))

    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "report.html")
    with open(path, "w", encoding="utf-8") as f:
        f.write(page("relcore demo — who is mentioned with whom, UN General Debate 2023", sections))
    return path


def run_demo(args, run_cli: Callable[[List[str]], int]) -> int:
    """The `relcore demo` subcommand. run_cli is the command line's main (passed in by relcore.cli,
    so that this module does not import the command line)."""
    top = getattr(args, "top", 15) or 15
    out_dir = getattr(args, "out", None) or default_out_dir()
    texts = samples()
    size = sum(len(t.encode("utf-8")) for t in texts.values())
    print(f"relcore demo: {len(texts)} UN General Debate speeches of 2023 ({size / 1e3:.0f} kB): "
          f"{', '.join(sorted(n.split('_')[0] for n in texts))}\n")
    t0 = time.perf_counter()
    rc = _show_and_run(run_cli, ["pairs", SAMPLES_DIR, "--top", str(top), "--format", "table"])
    if rc:
        return rc
    rc = _show_and_run(run_cli, ["pairs", SAMPLES_DIR, "--with", CENTER, "--top", "10", "--format", "table"])
    if rc:
        return rc
    path = build_report(out_dir, top)
    print(f"report: {path}")
    print(f"({time.perf_counter() - t0:.2f} s)")
    return 0
