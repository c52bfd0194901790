#!/usr/bin/env python3
"""Generate csrc/gen/abbrev_table.h: the abbreviation list and the sentence-starter words that the
tokenizer and the sentence splitter share (csrc/tokenize/abbreviations.c).

    python tools/gen_abbreviations.py [--shared ../shared] [--ungdc /tmp/ungdc] [--mine]

Inputs:
  tools/data/abbreviations.tsv     the list: word, class, case, group (hand-checked entries, the
                                   category lists, and the rows mined before; see its header)
  tools/data/sentence_starters.tsv the starter words: word, group
With --mine, both files first grow from the corpora (rows of group "mined", with their evidence
in tools/data/mined_evidence.tsv), then the header is written:
  - UD English dev splits (../shared/corpora/ud/en_{ewt,gum}-ud-dev.conllu; never a test split):
    a token whose FORM is letters and a final period is an abbreviation by the annotators'
    tokenization ("Inc.", "Assoc.", "Sept."). Classed numbered when a number follows it in at
    least half of its uses, else common; "cap" when its lower-case form is an ordinary word in
    UNGDC (20 uses or more without a period).
  - UNGDC (the UN General Debate speeches, unpacked): a word of 2-6 letters that occurs with a
    period at least 5 times, at least twice as often as without one, and whose period is followed by a
    lower-case word or a number in at least half of the cases (a full stop is followed by a
    capital) — the Punkt idea (Kiss & Strunk 2006) as a filter.
  - starters: a capitalized word that opens a sentence in the UD dev gold at least 3 times, or
    after ". " in UNGDC at least 20 times, is at least 8 times as frequent there as capitalized in
    the middle of a sentence (after a lower-case word), and is an ordinary word (20 uses in lower
    case in UNGDC): "However", "Thus", not "Byron", "Debra" or "Security".
Without --mine the header is regenerated from the two files alone (no corpora needed).
"""
from __future__ import annotations

import argparse
import collections
import glob
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tools" / "data"
OUT = ROOT / "csrc" / "gen" / "abbrev_table.h"
CLASSES = {"title": "RC_ABBR_TITLE", "numbered": "RC_ABBR_NUMBERED", "common": "RC_ABBR_COMMON",
           "final": "RC_ABBR_FINAL"}
MAX_LEN = 7  # the longest entry the lookup accepts (lengths[] has a bit per length)


def read_tsv(path: Path) -> list:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def write_tsv(path: Path, rows: list) -> None:
    head = [l for l in path.read_text(encoding="utf-8").splitlines() if l.startswith("#")]
    path.write_text("\n".join(head + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")


# ---- mining -------------------------------------------------------------------------------------

def ud_forms(shared: Path):
    """(form, next form, sentence-first?) for every token of the UD English dev splits."""
    for name in ("en_ewt-ud-dev.conllu", "en_gum-ud-dev.conllu"):
        path = shared / "corpora" / "ud" / name
        if "-test" in name or not path.is_file():
            continue
        forms = []
        for line in path.read_text(encoding="utf-8").splitlines() + [""]:
            if not line.strip():
                for i, f in enumerate(forms):
                    yield f, forms[i + 1] if i + 1 < len(forms) else "", i == 0
                forms = []
            elif not line.startswith("#"):
                cols = line.split("\t")
                if "." not in cols[0] and "-" not in cols[0]:
                    forms.append(cols[1])


def ungdc_texts(ungdc: Path):
    for f in sorted(glob.glob(str(ungdc / "Session *" / "*.txt"))):
        yield Path(f).read_text(encoding="utf-8", errors="replace")


def mine(shared: Path, ungdc: Path, known: set, starters_known: set):
    evidence, abbrevs, starters = [], {}, set()
    plain = collections.Counter()
    period = collections.defaultdict(collections.Counter)
    start_ungdc, mid_ungdc = collections.Counter(), collections.Counter()
    for text in ungdc_texts(ungdc):
        for m in re.finditer(r"(?<![\w.@/'’-])([A-Za-z]{2,6})(\.?)(?![\w'’-])(?:(?<=\.)(?!\.)\s*(\S?))?", text):
            w, dot, nxt = m.group(1), m.group(2), m.group(3) or ""
            if not dot:
                plain[w.lower()] += 1
                continue
            k = "lower" if nxt.islower() else "digit" if nxt.isdigit() else "upper" if nxt.isupper() else "other"
            period[w.lower()][k] += 1
        for m in re.finditer(r"(?<![\w.'’-])([a-z]{7,})(?![\w.'’-])", text):
            plain[m.group(1)] += 1  # the longer words, for the starters' "ordinary word" test
        for m in re.finditer(r"[a-z]{2,}\. ([A-Z][a-z]+)\b", text):
            start_ungdc[m.group(1)] += 1
        for m in re.finditer(r"\b[a-z]{2,} ([A-Z][a-z]+)\b", text):
            mid_ungdc[m.group(1)] += 1
    # UNGDC abbreviations
    for w, c in period.items():
        n = sum(c.values())
        if w in known or n < 5 or n < 2 * plain[w]:
            continue
        if (c["lower"] + c["digit"]) * 2 < n:
            continue
        cls = "numbered" if c["digit"] * 10 >= 6 * n else "common"
        abbrevs[w] = (cls, "any")
        evidence.append((w, "ungdc", str(n), str(plain[w]), str(c["lower"]), str(c["digit"]), str(c["upper"])))
    # UD abbreviations and starters
    ud_abbr = collections.defaultdict(collections.Counter)
    start_ud, mid_ud = collections.Counter(), collections.Counter()
    for form, nxt, first in ud_forms(shared):
        m = re.fullmatch(r"([A-Za-z]{2,7})\.", form)
        if m:
            w = m.group(1)
            ud_abbr[w.lower()]["n"] += 1
            ud_abbr[w.lower()]["digit"] += nxt[:1].isdigit()
            ud_abbr[w.lower()]["cap"] += w[0].isupper()
        if re.fullmatch(r"[A-Z][a-z]+", form):
            (start_ud if first else mid_ud)[form] += 1
    for w, c in ud_abbr.items():
        if w in known or w in abbrevs:
            continue
        cls = "numbered" if c["digit"] * 2 >= c["n"] and c["digit"] else "common"
        case = "cap" if c["cap"] == c["n"] and plain[w] >= 20 else "any"
        abbrevs[w] = (cls, case)
        evidence.append((w, "ud", str(c["n"]), str(plain[w]), "", str(c["digit"]), ""))
    for src, start, mid, least in (("ud", start_ud, mid_ud, 3), ("ungdc", start_ungdc, mid_ungdc, 20)):
        for w, n in start.items():
            lw = w.lower()
            if lw in starters_known or lw in known or lw in abbrevs or len(w) < 2:
                continue
            # an ordinary word (used in lower case), not a name that opens e-mails ("Debra")
            if n >= least and n >= 8 * mid[w] and plain[lw] >= 20:
                starters.add(lw)
                evidence.append((lw, f"starter-{src}", str(n), str(mid[w]), "", "", ""))
    return abbrevs, starters, evidence


# ---- the header ---------------------------------------------------------------------------------

def c_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(abbrevs: list, starters: list) -> str:
    abbrevs = sorted(abbrevs, key=lambda r: r[0].encode())
    starters = sorted(set(starters), key=lambda w: w.encode())
    lengths = [0] * 26
    for w, _, _, _ in abbrevs:
        if not (w.isascii() and w[0].isalpha() and w[0].islower() and len(w) <= MAX_LEN):
            raise SystemExit(f"bad entry {w!r}: lower-case ASCII, a letter first, at most {MAX_LEN} characters")
        lengths[ord(w[0]) - 97] |= 1 << len(w)
    out = ["/* abbrev_table.h — GENERATED by tools/gen_abbreviations.py from tools/data/abbreviations.tsv",
           " * and tools/data/sentence_starters.tsv (rows mined from the UD English dev splits and UNGDC,",
           " * see the generator). Do not edit: edit the data and run the generator. */",
           "#ifndef RC_ABBREV_TABLE_H", "#define RC_ABBREV_TABLE_H", "",
           f"#define RC_ABBREV_MAX_LEN {MAX_LEN}", "",
           "/* Sorted by strcmp; cap: matches only a capitalized word (\"Sat.\", not \"sat.\"). */",
           "static const abbrev_entry abbrevs[] = {"]
    for w, cls, case, group in abbrevs:
        out.append(f"    {{{c_str(w)}, {CLASSES[cls]}, {1 if case == 'cap' else 0}}}, /* {group} */")
    out += ["};", "", "/* Bit n of lengths[c - 'a'] is set when an entry starts with c and has n characters. */",
            "static const uint16_t lengths[26] = {"]
    out.append("    " + ", ".join(f"0x{x:04X}" for x in lengths) + "};")
    out += ["", "/* Sentence-starter words, sorted, lower case. */", "static const char *const starters[] = {"]
    line = "   "
    for w in starters:
        piece = f" {c_str(w)},"
        if len(line) + len(piece) > 99:
            out.append(line)
            line = "   "
        line += piece
    out += [line, "};", "", "#endif", ""]
    return "\n".join(out)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mine", action="store_true", help="grow the data files from the corpora first")
    p.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder (UD dev splits)")
    p.add_argument("--ungdc", default="/tmp/ungdc", help="the unpacked UNGDC corpus")
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args(argv)
    abbr_rows = read_tsv(DATA / "abbreviations.tsv")
    start_rows = read_tsv(DATA / "sentence_starters.tsv")
    if args.mine:
        known = {r[0] for r in abbr_rows}
        mined, starters, evidence = mine(Path(args.shared), Path(args.ungdc), known, {r[0] for r in start_rows})
        abbr_rows += [[w, c, case, "mined"] for w, (c, case) in sorted(mined.items())]
        start_rows += [[w, "mined"] for w in sorted(starters)]
        write_tsv(DATA / "abbreviations.tsv", sorted(abbr_rows))
        write_tsv(DATA / "sentence_starters.tsv", sorted(start_rows))
        ev = DATA / "mined_evidence.tsv"
        ev.write_text("# word\tsource\tuses with a period (or as a sentence start)\tuses without (or mid-sentence)"
                      "\tfollowed by lower case\tfollowed by a number\tfollowed by a capital\n" +
                      "".join("\t".join(r) + "\n" for r in sorted(evidence)), encoding="utf-8")
        print(f"mined {len(mined)} abbreviations and {len(starters)} starters", file=sys.stderr)
    Path(args.out).write_text(render([tuple(r) for r in abbr_rows], [r[0] for r in start_rows]), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
