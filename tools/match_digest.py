#!/usr/bin/env python3
"""A digest of every gazetteer match over a corpus, to prove a change to the matcher keeps its
results: run it before and after (same gazetteer, same files) and compare the two lines.

    python tools/match_digest.py /tmp/ungdc            # every *.txt below, sorted by path
    python tools/match_digest.py --gazetteer g.rcg DIR

Both modes are hashed (longest-leftmost and overlapping): for every file, the number of matches
and each (start, end, id, alias) in order. Prints files, bytes, matches and the SHA-256.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("folder", help="a folder of .txt files (searched recursively)")
    p.add_argument("--gazetteer", help="a saved gazetteer image (default: the bundled gazetteer)")
    args = p.parse_args(argv)
    import relcore
    g = relcore.Gazetteer.load(args.gazetteer) if args.gazetteer else relcore.Gazetteer.default()
    h = hashlib.sha256()
    files = size = matches = 0
    for path in sorted(Path(args.folder).rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        files += 1
        size += len(text.encode("utf-8", errors="surrogatepass"))
        for overlapping in (False, True):
            found = g.find(text, overlapping=overlapping)
            matches += len(found)
            h.update(f"{path.name}\t{overlapping}\t{len(found)}\n".encode())
            for m in found:
                h.update(f"{m.start}\t{m.end}\t{m.id}\t{m.alias}\n".encode())
    print(f"{files} files, {size} bytes, {matches} matches (both modes), sha256 {h.hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
