"""`make demo` / `relcore demo`: who is mentioned with whom in the bundled 2023 UN speeches.

1. runs ``relcore pairs`` over the sample speeches and prints the top co-mention pairs;
2. prints Azerbaijan's partners (``relcore pairs --with AZE``);
3. writes a self-contained HTML report (`relcore report` on the samples) — the pairs table,
   Azerbaijan's partners and co-mention network as an inline PNG, the sentences behind its main
   relations, and the Azerbaijani speech with every mention highlighted — and prints its path.
"""
from __future__ import annotations

import os
import time
from typing import Callable, List

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


def build_report(out_dir: str, top: int = 15) -> str:
    """Analyze the samples and write ``out_dir/report.html`` (the report of `relcore report`,
    plus the Azerbaijani speech with every mention highlighted); returns its path."""
    from .display import doc_html
    from .doc import analyze
    from .report import write_report

    texts = samples()
    names = list(texts)
    aze = next((n for n in names if n.startswith(CENTER + "_")), names[0])
    speech = ("<h2 style=\"font-size:120%\">The speech, mentions highlighted</h2>" +
              doc_html(analyze(texts[aze]), title=aze))
    path = os.path.join(out_dir, "report.html")
    return write_report(list(texts.items()), path, focus=CENTER, top=top,
                        title="relcore demo — who is mentioned with whom, UN General Debate 2023",
                        source=" — ten speeches of the 2023 UN General Debate (UN General Debate "
                               "Corpus, CC0)", extra=[speech], progress=False)


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
