"""The `relcore` command line: one function per subcommand, argument parsing in `build_parser`.

Every subcommand reads files, folders (their ``*.txt``, recursively), globs or stdin ('-' or no
argument) and writes one row per token / sentence / mention / pair as JSON lines (default),
CSV, TSV or an aligned table (--format). Offsets are character (str) indices into the input.

Exit codes: 0 success; 1 bad input (invalid UTF-8, missing or unreadable file, bad gazetteer
file) — the other inputs are still processed; 2 usage error; 3 not available in this
installation (e.g. `bench` outside a source checkout); 130 interrupted.
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import sys
import time
from typing import Any, Dict, Iterator, List, Optional, Sequence, TextIO, Tuple

from . import _core
from ._normalize import normalize
from .textio import InputError, decode_utf8 as _decode, resolve_inputs  # noqa: F401 (re-exported)

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE, EXIT_UNAVAILABLE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
FORMATS = ["jsonl", "csv", "tsv", "table"]
# Network files of the pair totals (relcore.network): Gephi's GEXF, GraphML.
GRAPH_FORMATS = ["gexf", "graphml"]


class UsageError(Exception):
    """Arguments argparse accepts but that make no sense together (exit 2)."""


# --- input (reading and decoding live in relcore.textio, shared with the library) -----------

class Inputs:
    """Iterates (name, text) over resolved inputs, with a progress bar for multi-file work.

    A file that cannot be read or decoded is reported on stderr and skipped; ``failed`` then
    tells the command to exit 1 at the end.
    """

    def __init__(self, paths: Sequence[str], errors: str, label: str):
        problems: List[str] = []
        self.files = resolve_inputs(paths, problems)
        self.errors = errors
        self.failed = False
        self.progress = Progress(len(self.files), label)
        for message in problems:  # reported first; the files that exist are still processed
            self.fail(message)
        if not self.files:
            self.fail("no input files: nothing was read")

    def __iter__(self) -> Iterator[Tuple[str, str]]:
        try:
            for f in self.files:
                try:
                    if f == "-":
                        name, data = "<stdin>", sys.stdin.buffer.read()
                    else:
                        name = f
                        with open(f, "rb") as fh:
                            data = fh.read()
                    text = _decode(data, name, self.errors)
                except (InputError, OSError) as e:
                    self.fail(e if isinstance(e, InputError) else f"{f}: {e.strerror or e}")
                    self.progress.advance(0)
                    continue
                yield name, text
                self.progress.advance(len(data))
        finally:
            self.progress.close()

    def fail(self, message) -> None:
        self.failed = True
        self.progress.clear()
        print(f"relcore: {message}", file=sys.stderr)


class Progress:
    """A one-line progress bar on stderr, shown only for several files and only when stderr
    is a terminal (so logs and pipes stay clean). Redrawn at most ten times a second."""

    WIDTH = 24

    def __init__(self, total: int, label: str, stream: Optional[TextIO] = None):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = total > 1 and _isatty(self.stream)
        self.total, self.label = total, label
        self.done = 0
        self.bytes = 0
        self.t0 = time.perf_counter()
        self.last = 0.0
        self.drawn = False

    def advance(self, nbytes: int) -> None:
        self.done += 1
        self.bytes += nbytes
        now = time.perf_counter()
        if self.enabled and (now - self.last >= 0.1 or self.done == self.total):
            self.last = now
            self.draw(now)

    def draw(self, now: float) -> None:
        filled = int(self.WIDTH * self.done / max(self.total, 1))
        rate = self.bytes / max(now - self.t0, 1e-9) / 1e6
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] "
                          f"{self.done}/{self.total} files  {self.bytes / 1e6:.1f} MB  {rate:.1f} MB/s\x1b[K")
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.drawn = False

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


# --- output -----------------------------------------------------------------------------------

class RowWriter:
    """Writes dict rows with fixed columns as JSON lines, CSV, TSV or an aligned table."""

    def __init__(self, fmt: str, columns: Sequence[str], stream: Optional[TextIO] = None):
        self.fmt, self.columns = fmt, list(columns)
        self.stream = stream if stream is not None else sys.stdout
        self.table: List[List[str]] = []
        self.csv = None
        if fmt in ("csv", "tsv"):
            self.csv = csv.writer(self.stream, delimiter="," if fmt == "csv" else "\t",
                                  lineterminator="\n")
            self.csv.writerow(self.columns)

    def write(self, row: Dict[str, Any]) -> None:
        if self.fmt == "jsonl":
            self.stream.write(json.dumps({c: row[c] for c in self.columns}, ensure_ascii=False) + "\n")
        elif self.csv is not None:
            self.csv.writerow([row[c] for c in self.columns])
        else:
            self.table.append([_cell(row[c]) for c in self.columns])

    def close(self) -> None:
        if self.fmt == "table":
            self.stream.write(format_table(self.columns, self.table))
        self.stream.flush()


def _cell(v: Any) -> str:
    s = str(v)
    return s.replace("\n", "⏎").replace("\t", " ")


def format_table(columns: Sequence[str], rows: List[List[str]]) -> str:
    """Columns aligned with spaces: numbers right-aligned, text left-aligned."""
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    numeric = [bool(rows) and all(r[i].lstrip("-").isdigit() for r in rows) for i in range(len(columns))]

    def line(cells):
        return "  ".join(c.rjust(w) if num else c.ljust(w)
                         for c, w, num in zip(cells, widths, numeric)).rstrip() + "\n"
    return line(columns) + "".join(line(r) for r in rows)


# --- shared pieces ----------------------------------------------------------------------------

def load_gazetteer(path: Optional[str]):
    """The gazetteer of --gazetteer FILE (TSV, CSV or JSONL aliases, or a saved gazetteer),
    or the bundled default."""
    from ._gazetteer import shared_default
    if path is None:
        return shared_default()
    from ._gazetteer import Gazetteer
    if not os.path.exists(path):
        raise InputError(f"{path}: no such gazetteer file")
    try:
        return Gazetteer.from_file(path)
    except (ValueError, OSError, UnicodeDecodeError) as e:
        try:
            return Gazetteer.load(path)  # a saved gazetteer
        except (ValueError, OSError):
            pass
        raise InputError(f"{path}: not a gazetteer file ({e})") from None


def check_id(gaz, value: str, option: str = "--with") -> None:
    """A UsageError unless ``value`` is an id of ``gaz``; the message suggests close ids, and the
    id of a name given instead of an id (``--with Azerbaijan`` → AZE)."""
    import difflib
    entries = gaz.entries()
    ids = {e[1] for e in entries}
    if value in ids:
        return
    hints: List[str] = []
    if value.upper() in ids:
        hints.append(value.upper())
    folded = value.casefold()
    hints += sorted({e[1] for e in entries if e[0].casefold() == folded})
    if not hints:
        by_upper = {i.upper(): i for i in ids}
        hints = [by_upper[u] for u in difflib.get_close_matches(value.upper(), list(by_upper), n=5, cutoff=0.6)]
    hints = list(dict.fromkeys(hints))[:5]
    hint = f"; did you mean {' or '.join(hints)}?" if hints else " (ids are ISO 3166 alpha-3 codes, " \
        "organization acronyms and PL_ places: see `relcore match` output or docs/gazetteer.md)"
    raise UsageError(f"{option} {value}: not an id of the gazetteer{hint}")


def _prepare(text: str, clean_web: bool):
    """The text to analyze and a function mapping its spans back to the input's."""
    if not clean_web:
        return text, None
    from .clean import clean
    c = clean(text)
    return c.text, c.original_span


# --- subcommands ------------------------------------------------------------------------------

def cmd_normalize(args) -> int:
    inputs = Inputs(args.inputs, args.errors, "normalize")
    out = None if args.format == "text" else RowWriter(args.format, ["source", "text"])
    for name, text in inputs:
        res = normalize(text, None if args.form == "none" else args.form, casefold=args.casefold,
                        strip_accents=args.strip_accents, fold_quotes=args.fold_quotes or args.fold_punct,
                        fold_dashes=args.fold_dashes or args.fold_punct,
                        collapse_whitespace=args.collapse_whitespace)
        if out is None:
            sys.stdout.write(res)
        else:
            out.write({"source": name, "text": res})
    if out is not None:
        out.close()
    return EXIT_BAD_INPUT if inputs.failed else EXIT_OK


def cmd_tokenize(args) -> int:
    from ._tokens import tokenize
    inputs = Inputs(args.inputs, args.errors, "tokenize")
    out = RowWriter(args.format, ["source", "i", "start", "end", "kind", "text"])
    for name, text in inputs:
        for i, t in enumerate(tokenize(text, mode=args.mode)):
            out.write({"source": name, "i": i, "start": t.start, "end": t.end, "text": t.text,
                       "kind": t.kind})  # the fields in Token's order
    out.close()
    return EXIT_BAD_INPUT if inputs.failed else EXIT_OK


def cmd_sentences(args) -> int:
    from ._tokens import sentences
    inputs = Inputs(args.inputs, args.errors, "sentences")
    out = RowWriter(args.format, ["source", "i", "start", "end", "text"])
    for name, text in inputs:
        for i, s in enumerate(sentences(text, mode=args.mode)):
            out.write({"source": name, "i": i, "start": s.start, "end": s.end, "text": s.text})
    out.close()
    return EXIT_BAD_INPUT if inputs.failed else EXIT_OK


def cmd_match(args) -> int:
    gaz = load_gazetteer(args.gazetteer)
    inputs = Inputs(args.inputs, args.errors, "match")
    out = RowWriter(args.format, ["source", "start", "end", "id", "kind", "text"])
    for name, text in inputs:
        work, back = _prepare(text, args.clean)
        for m in gaz.find(work):
            start, end = back(m.start, m.end) if back else (m.start, m.end)
            out.write({"source": name, "start": start, "end": end, "id": m.id, "kind": m.kind,
                       "text": text[start:end]})
    out.close()
    return EXIT_BAD_INPUT if inputs.failed else EXIT_OK


def cmd_pairs(args) -> int:
    from .corpus import PAIR_COLUMNS, count_files, write_rows
    from .relations import parse_window
    try:
        # a token count arrives as a string of digits; the library takes an int
        window = parse_window(int(args.window) if args.window.isdigit() else args.window)
    except (ValueError, TypeError) as e:
        raise UsageError(str(e)) from None
    graph = args.format in GRAPH_FORMATS
    if graph and args.per_file:
        raise UsageError(f"--format {args.format} writes one network of the totals: not with --per-file")
    gaz = load_gazetteer(args.gazetteer)
    if args.with_id:
        check_id(gaz, args.with_id)
    inputs = Inputs(args.inputs, args.errors, "pairs")
    per_file = RowWriter(args.format, ["source", "a", "b", "count"]) if args.per_file else None

    def write_file_pairs(name: str, pairs) -> None:
        for a, b, n in pairs:
            if not args.with_id or args.with_id in (a, b):
                per_file.write({"source": name, "a": a, "b": b, "count": n})

    # Scale hook: worker threads read and count the files in C, in bounded chunks,
    # input order kept for --per-file (relcore.corpus.count_files); `inputs` only lists the
    # files and draws the progress bar.
    try:
        rows = count_files(inputs.files, gazetteer=gaz, window=window, threads=args.threads,
                           errors=args.errors,
                           prepare=(lambda t: _prepare(t, True)[0]) if args.clean else None,
                           on_doc=write_file_pairs if per_file is not None else None,
                           on_error=inputs.fail,
                           on_progress=inputs.progress.advance if inputs.progress.enabled else None)
    finally:
        inputs.progress.close()
    if per_file is not None:
        per_file.close()
    else:
        rows = [r for r in rows if r[2] >= args.min_count
                and (not args.with_id or args.with_id in (r[0], r[1]))]
        rows = rows[:args.top] if args.top else rows
        if graph:
            from . import network
            (network.write_gexf if args.format == "gexf" else network.write_graphml)(rows, sys.stdout)
            sys.stdout.flush()
        else:
            out = RowWriter(args.format, PAIR_COLUMNS)
            write_rows(out, rows)  # out.write per row, faster
            out.close()
    return EXIT_BAD_INPUT if inputs.failed else EXIT_OK


def find_checkout_script(rel: str) -> Optional[str]:
    """A script (rel, a path under the root) of the source checkout this package runs from, or
    else of the checkout in the current folder (a package built elsewhere, e.g. the sanitized
    build), if any."""
    pkg_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for root in (pkg_root, os.getcwd()):
        path = os.path.join(root, rel)
        if os.path.isfile(path) and os.path.isfile(os.path.join(root, "include", "relcore.h")):
            return path
    return None


def find_bench_script() -> Optional[str]:
    return find_checkout_script(os.path.join("benchmarks", "run.py"))


def find_eval_script() -> Optional[str]:
    return find_checkout_script(os.path.join("benchmarks", "accuracy", "run.py"))


def _run_checkout_script(name: str, path: Optional[str], rel: str, what: str, make: str,
                         script_args) -> int:
    """Runs main(script_args) of a harness script of the source checkout (None: not found)."""
    if path is None:
        if {"-h", "--help"} & set(script_args):
            build_parser().parse_args([name, "--help"])  # prints the help and exits 0
        print(f"relcore {name}: {what} ({rel}) is part of the source checkout, not of an "
              f"installed package; run it from a clone of relcore ({make}).", file=sys.stderr)
        return EXIT_UNAVAILABLE
    spec = importlib.util.spec_from_file_location(f"relcore_{name}_run", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses in the script look their module up there
    spec.loader.exec_module(module)
    rc = module.main(list(script_args))
    return int(rc or 0)


def cmd_bench(args) -> int:
    return _run_checkout_script("bench", find_bench_script(), "benchmarks/run.py",
                                "the benchmark harness", "make bench", args.bench_args)


def cmd_eval(args) -> int:
    return _run_checkout_script("eval", find_eval_script(), "benchmarks/accuracy/run.py",
                                "the accuracy harness", "make eval", args.eval_args)


def cmd_report(args) -> int:
    from .report import read_inputs, read_meta_csv, write_report
    gaz = load_gazetteer(args.gazetteer)
    if args.focus:
        check_id(gaz, args.focus, "--focus")
    meta = None
    if args.meta:
        try:
            meta = read_meta_csv(args.meta)
        except (OSError, ValueError) as e:
            raise InputError(f"{args.meta}: {getattr(e, 'strerror', None) or e}") from None
    items, problems = read_inputs(args.inputs, args.errors)
    for p in problems:
        print(f"relcore: {p}", file=sys.stderr)
    if not items:
        print("relcore: no input files: no report written", file=sys.stderr)
        return EXIT_BAD_INPUT
    t0 = time.perf_counter()
    path = write_report(items, args.out, focus=args.focus, meta=meta, title=args.title, top=args.top,
                        gazetteer=gaz, threads=args.threads, progress=None)
    print(f"report: {path} ({len(items):,} documents, {time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    return EXIT_BAD_INPUT if problems else EXIT_OK


def cmd_demo(args) -> int:
    from .demo import run_demo
    return run_demo(args, run_cli=main)


# --- parser -----------------------------------------------------------------------------------

def _add_io(p: argparse.ArgumentParser, formats: Sequence[str] = FORMATS) -> None:
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="files, folders (their *.txt, recursively) or globs; '-' or nothing: stdin")
    p.add_argument("--format", default=formats[0], choices=list(formats),
                   help=f"output format (default {formats[0]})")
    p.add_argument("--errors", default="strict", choices=["strict", "replace"],
                   help="invalid UTF-8: report the file and byte offset and skip it (strict, "
                        "exit 1) or substitute U+FFFD (replace)")


def _sub(sub, name: str, help: str, examples: str) -> argparse.ArgumentParser:
    return sub.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".",
                          epilog="examples:\n" + examples,
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="relcore",
        description="Fast, correct text analysis for international relations: normalization, "
                    "tokens, sentences, gazetteer mentions and who is mentioned with whom.",
        epilog="examples:\n"
               "  relcore pairs speeches/ --top 20 --format table\n"
               "  relcore match --format csv page.txt > mentions.csv\n"
               "  cat page.txt | relcore sentences\n"
               "  relcore normalize --form NFKC --casefold speech.txt\n"
               "  relcore report speeches/ --focus AZE -o report.html\n"
               "  relcore demo\n\n"
               "Run 'relcore COMMAND --help' for the options of each command.\n\n"
               "exit codes: 0 success, 1 bad input (invalid UTF-8, missing file; other inputs are\n"
               "still processed), 2 usage error, 3 not available here, 130 interrupted",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"relcore {_core.__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    n = _sub(sub, "normalize", "Unicode normalization and foldings",
             "  relcore normalize --form NFKC --casefold speech.txt\n"
             "  cat page.txt | relcore normalize --fold-punct --format text\n")
    _add_io(n, ["jsonl", "csv", "tsv", "text"])
    n.add_argument("--form", default="NFC", choices=["NFC", "NFD", "NFKC", "NFKD", "none"])
    n.add_argument("--casefold", action="store_true")
    n.add_argument("--strip-accents", action="store_true")
    n.add_argument("--fold-quotes", action="store_true",
                   help="fold typographic quotes and apostrophes to ASCII (Python: fold_quotes=True)")
    n.add_argument("--fold-dashes", action="store_true",
                   help="fold dashes and minus signs to '-' (Python: fold_dashes=True)")
    n.add_argument("--fold-punct", action="store_true", help="both --fold-quotes and --fold-dashes")
    n.add_argument("--collapse-whitespace", action="store_true")
    n.set_defaults(func=cmd_normalize)

    t = _sub(sub, "tokenize", "tokens with their offsets and kinds, one row per token",
             "  relcore tokenize speech.txt\n"
             "  relcore tokenize --mode uax29 --format tsv 'speeches/*.txt'\n")
    _add_io(t)
    t.add_argument("--mode", default="words", choices=["words", "uax29"],
                   help="words: NLP tokens (default); uax29: every UAX #29 word segment")
    t.set_defaults(func=cmd_tokenize)

    s = _sub(sub, "sentences", "sentences with their offsets, one row per sentence",
             "  cat page.txt | relcore sentences --format csv\n")
    _add_io(s)
    s.add_argument("--mode", default="text", choices=["text", "uax29"],
                   help="text: abbreviation-aware (default); uax29: plain UAX #29")
    s.set_defaults(func=cmd_sentences)

    m = _sub(sub, "match", "gazetteer mentions (countries, organizations, ...), one row each",
             "  relcore match speech.txt\n"
             "  relcore match --gazetteer my_aliases.tsv --format csv corpus/ > mentions.csv\n"
             "  relcore match --clean scraped_page.txt\n")
    _add_io(m)
    m.add_argument("--gazetteer", metavar="FILE",
                   help="aliases (TSV/CSV/JSONL: alias, id, kind) instead of the bundled gazetteer")
    m.add_argument("--clean", action="store_true",
                   help="clean scraped web text first (repeated lines, glued words); offsets "
                        "still point into the input")
    m.set_defaults(func=cmd_match)

    pr = _sub(sub, "pairs", "who is mentioned with whom: co-mention counts over all inputs",
              "  relcore pairs speeches/ --top 20 --format table\n"
              "  relcore pairs --window document --with AZE --format csv 'ungdc/**/*.txt'\n"
              "  relcore pairs --per-file --threads 4 corpus/ > pairs.jsonl\n"
              "  relcore pairs --format gexf speeches/ > comentions.gexf   # open in Gephi\n")
    _add_io(pr, FORMATS + GRAPH_FORMATS)
    pr.add_argument("--gazetteer", metavar="FILE",
                    help="aliases (TSV/CSV/JSONL: alias, id, kind) instead of the bundled gazetteer")
    pr.add_argument("--window", default="sentence",
                    help="sentence (default), document, or a number of tokens")
    pr.add_argument("--top", type=int, default=0, metavar="N", help="only the N most frequent pairs")
    pr.add_argument("--min-count", type=int, default=1, metavar="N",
                    help="only pairs seen in at least N windows")
    pr.add_argument("--with", dest="with_id", metavar="ID", help="only pairs that involve ID")
    pr.add_argument("--per-file", action="store_true",
                    help="one row per input and pair (source, a, b, count) instead of totals")
    pr.add_argument("--threads", type=int, default=0, metavar="N",
                    help="worker threads (default: one per CPU)")
    pr.add_argument("--clean", action="store_true",
                    help="clean scraped web text first (repeated lines, glued words)")
    pr.set_defaults(func=cmd_pairs)

    b = _sub(sub, "bench", "run the benchmark harness (benchmarks/run.py of a source checkout)",
             "  relcore bench --quick\n"
             "  relcore bench --tasks tokenize,match --corpus sample\n")
    b.add_argument("bench_args", nargs="*", metavar="ARG",
                   help="arguments for benchmarks/run.py ('relcore bench --help' in a checkout "
                        "lists them)")
    b.set_defaults(func=cmd_bench)

    e = _sub(sub, "eval", "run the accuracy harness (benchmarks/accuracy/run.py of a source checkout)",
             "  relcore eval --quick\n"
             "  relcore eval --tasks sentences --systems relcore,pysbd\n")
    e.add_argument("eval_args", nargs="*", metavar="ARG",
                   help="arguments for benchmarks/accuracy/run.py ('relcore eval --help' in a checkout "
                        "lists them)")
    e.set_defaults(func=cmd_eval)

    r = _sub(sub, "report", "an HTML report on your own corpus: top pairs, a focus's network, "
             "mentions over time, evidence sentences",
             "  relcore report speeches/ --focus AZE -o report.html\n"
             "  relcore report 'ungdc/Session 7*/*.txt' --focus UKR -o ukraine.html\n"
             "  relcore report corpus/ --meta corpus.csv -o report.html   # file,year columns\n")
    r.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files, folders (their *.txt, recursively) or globs")
    r.add_argument("-o", "--out", default="report.html", metavar="FILE",
                   help="the HTML file to write (default report.html)")
    r.add_argument("--focus", metavar="ID", help="the id whose network and partners are shown "
                   "(default: the most mentioned state)")
    r.add_argument("--meta", metavar="CSV", help="per-file metadata: a column naming the file "
                   "(file, path, doc or name) and a year column; default: years from file names")
    r.add_argument("--title", help="the page title")
    r.add_argument("--top", type=int, default=15, metavar="N", help="pairs and partners listed (default 15)")
    r.add_argument("--gazetteer", metavar="FILE",
                   help="aliases (TSV/CSV/JSONL: alias, id, kind) instead of the bundled gazetteer")
    r.add_argument("--threads", type=int, default=0, metavar="N",
                   help="worker threads (default: one per CPU)")
    r.add_argument("--errors", default="strict", choices=["strict", "replace"],
                   help="invalid UTF-8: report the file and skip it (strict) or substitute U+FFFD")
    r.set_defaults(func=cmd_report)

    d = _sub(sub, "demo", "run the main job on the bundled sample speeches",
             "  relcore demo\n")
    d.add_argument("--out", default=None, metavar="DIR",
                   help="folder for report.html (default build/demo in a checkout, else ./relcore-demo)")
    d.add_argument("--top", type=int, default=15, metavar="N", help="pairs to print (default 15)")
    d.set_defaults(func=cmd_demo)
    return p


def main(argv: Optional[List[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if argv[:1] == ["bench"]:
        # everything after 'bench' belongs to benchmarks/run.py, including --help
        args = argparse.Namespace(func=cmd_bench, bench_args=argv[1:])
    elif argv[:1] == ["eval"]:
        # everything after 'eval' belongs to benchmarks/accuracy/run.py, including --help
        args = argparse.Namespace(func=cmd_eval, eval_args=argv[1:])
    else:
        args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    for opt in ("top", "threads", "min_count"):
        if getattr(args, opt, 0) is not None and getattr(args, opt, 0) < 0:
            parser.error(f"--{opt.replace('_', '-')} must be >= 0")
    try:
        return args.func(args)
    except UsageError as e:
        parser.error(str(e))
        return EXIT_USAGE
    except InputError as e:
        print(f"relcore: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # the reader (head, less) went away: not an error; keep Python from complaining at exit
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK
    except KeyboardInterrupt:
        print("relcore: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
