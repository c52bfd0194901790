"""The `relcore` command line: one function per subcommand, argument parsing in `build_parser`.

Exit codes: 0 success, 1 bad input (invalid UTF-8, unreadable file), 2 usage error.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import sys
from typing import Iterator, List, Optional, Tuple

from . import _core
from ._normalize import normalize

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2


class InputError(Exception):
    """A file that cannot be read as text (the message names the file and byte offset)."""


def iter_inputs(paths: List[str], errors: str) -> Iterator[Tuple[str, str]]:
    """(name, text) for every file, folder (its *.txt, recursively), glob or '-' (stdin)."""
    if not paths:
        paths = ["-"]
    for p in paths:
        if p == "-":
            data = sys.stdin.buffer.read()
            yield "<stdin>", _decode(data, "<stdin>", errors)
            continue
        if os.path.isdir(p):
            files = sorted(glob.glob(os.path.join(p, "**", "*.txt"), recursive=True))
        elif os.path.exists(p):
            files = [p]
        else:
            files = sorted(glob.glob(p, recursive=True))
            if not files:
                raise InputError(f"{p}: no such file, folder or matching glob")
        for f in files:
            with open(f, "rb") as fh:
                data = fh.read()
            yield f, _decode(data, f, errors)


def _decode(data: bytes, name: str, errors: str) -> str:
    try:
        return data.decode("utf-8", errors=errors)
    except UnicodeDecodeError as e:
        raise InputError(f"{name}: invalid UTF-8 at byte offset {e.start} "
                         f"(use --errors replace to substitute U+FFFD)") from None


def cmd_normalize(args) -> int:
    for name, text in iter_inputs(args.inputs, args.errors):
        out = normalize(text, None if args.form == "none" else args.form, casefold=args.casefold,
                        strip_accents=args.strip_accents, fold_quotes=args.fold_punct,
                        fold_dashes=args.fold_punct, collapse_whitespace=args.collapse_whitespace)
        if args.format == "text":
            sys.stdout.write(out)
        else:
            sys.stdout.write(json.dumps({"source": name, "text": out}, ensure_ascii=False) + "\n")
    return EXIT_OK


def cmd_demo(args) -> int:
    from .demo import run_demo
    return run_demo(args)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="relcore",
        description="Fast, correct text analysis for international relations.",
        epilog="examples:\n"
               "  relcore normalize --form NFKC --casefold speech.txt\n"
               "  cat page.txt | relcore normalize --fold-punct --format text\n"
               "  relcore demo\n\n"
               "exit codes: 0 success, 1 bad input (invalid UTF-8, missing file), 2 usage error",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"relcore {_core.__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    n = sub.add_parser("normalize", help="Unicode normalization and foldings",
                       description="Normalize files, folders, globs or stdin.")
    n.add_argument("inputs", nargs="*", help="files, folders, globs; '-' or nothing for stdin")
    n.add_argument("--form", default="NFC", choices=["NFC", "NFD", "NFKC", "NFKD", "none"])
    n.add_argument("--casefold", action="store_true")
    n.add_argument("--strip-accents", action="store_true")
    n.add_argument("--fold-punct", action="store_true", help="fold quotes and dashes")
    n.add_argument("--collapse-whitespace", action="store_true")
    n.add_argument("--format", default="jsonl", choices=["jsonl", "text"])
    n.add_argument("--errors", default="strict", choices=["strict", "replace"])
    n.set_defaults(func=cmd_normalize)

    d = sub.add_parser("demo", help="run the main job on the bundled sample speeches")
    d.set_defaults(func=cmd_demo)
    return p


def main(argv: Optional[List[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.func(args)
    except InputError as e:
        print(f"relcore: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
