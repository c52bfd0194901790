"""Reading text inputs: what the command line and the library's file readers (relcore.corpus)
share, so that a read error is worded one way everywhere. Library modules import this, never the
command line (relcore.cli)."""
from __future__ import annotations

import glob
import os
from typing import List, Optional, Sequence

__all__ = ["InputError", "resolve_inputs", "decode_utf8"]


class InputError(Exception):
    """A file that cannot be read as text (the message names the file and byte offset)."""


def resolve_inputs(paths: Sequence[str], errors: Optional[List[str]] = None) -> List[str]:
    """Expand files, folders (``*.txt`` inside, recursively, sorted) and globs into a file list;
    '-' (or no path at all) stands for stdin. A path that matches nothing, or a folder without
    ``*.txt`` files, is an InputError — or, when ``errors`` is a list, its message is appended there
    and the other paths are still expanded (the CLI reports them all and processes the rest)."""
    if not paths:
        return ["-"]
    files: List[str] = []

    def bad(message: str) -> None:
        if errors is None:
            raise InputError(message)
        errors.append(message)

    for p in paths:
        if p == "-":
            files.append(p)
        elif os.path.isdir(p):
            found = sorted(glob.glob(os.path.join(glob.escape(p), "**", "*.txt"), recursive=True))
            if not found:
                bad(f"{p}: folder has no *.txt files (name files or a glob to read others)")
            files += found
        elif os.path.exists(p):
            files.append(p)
        else:
            found = sorted(f for f in glob.glob(p, recursive=True) if os.path.isfile(f))
            if not found:
                bad(f"{p}: no such file, folder or matching glob")
            files += found
    return files


def decode_utf8(data: bytes, name: str, errors: str) -> str:
    """data as UTF-8 text; errors "strict" raises an InputError naming the file and byte offset."""
    try:
        return data.decode("utf-8", errors=errors)
    except UnicodeDecodeError as e:
        raise InputError(f"{name}: invalid UTF-8 at byte offset {e.start} "
                         f"(use --errors replace to substitute U+FFFD)") from None
