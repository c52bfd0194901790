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
MAX_LEN = 7  # the longest abbreviation the lookup accepts (lengths[] has a bit per length)


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
#
# The lookups hash instead of searching. A word (lower-cased ASCII, at most KEY_MAX bytes) is read
# as two little-endian 64-bit numbers k0 (bytes 0-7) and k1 (bytes 8-15), zero-padded. Then
#     x = (k1 * M1 + k0) * M2            (mod 2**64)
#     bucket = x >> (64 - RB)            (the top RB bits)
#     slot = ((x >> (64 - RB - SB)) + disp[bucket]) mod 2**SB
# and the slot holds the word's k0, k1 (0, 0 when empty) to compare with. disp[] is found by
# hash-and-displace (Belazzougui, Botelho & Dietzfelbinger 2009, "CHD"): buckets, largest first,
# get the smallest displacement that moves all their words to free slots. Every listed word thus
# has a slot of its own: one probe per lookup, hit or miss. M1 and M2 are fixed odd constants;
# the next candidates are tried only if a table cannot be placed (never so far).

MASK64 = (1 << 64) - 1
KEY_MAX = 15  # the longest word a lookup reads (the C code's key buffer held 15 bytes and a NUL)
MULTIPLIERS = [(0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F), (0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53),
               (0xD6E8FEB86659FD93, 0x94D049BB133111EB), (0xBF58476D1CE4E5B9, 0x2545F4914F6CDD1D)]


def words64(w: str) -> tuple:
    b = w.encode("ascii").ljust(16, b"\0")
    return int.from_bytes(b[:8], "little"), int.from_bytes(b[8:], "little")


def place(words: list) -> dict:
    """The perfect hash of words: multipliers, bits, displacements and the slot of each word."""
    sb = max(4, (len(words) * 13 // 10 - 1).bit_length())  # slots: a power of two >= 1.3 n
    rb = sb - 2                                              # buckets: a quarter of the slots
    for m1, m2 in MULTIPLIERS:
        buckets = collections.defaultdict(list)
        for w in words:
            k0, k1 = words64(w)
            x = ((k1 * m1 + k0) & MASK64) * m2 & MASK64
            buckets[x >> (64 - rb)].append((w, x >> (64 - rb - sb)))
        disp, slots, ok = [0] * (1 << rb), {}, True
        for b in sorted(buckets, key=lambda b: (-len(buckets[b]), b)):
            for d in range(1 << sb):
                want = [(base + d) & ((1 << sb) - 1) for _, base in buckets[b]]
                if len(set(want)) == len(want) and not any(s in slots for s in want):
                    disp[b] = d
                    slots.update((s, w) for s, (w, _) in zip(want, buckets[b]))
                    break
            else:
                ok = False
                break
        if ok:
            return {"m1": m1, "m2": m2, "rb": rb, "sb": sb, "disp": disp, "slots": slots}
    raise SystemExit("no perfect hash found: add multipliers to MULTIPLIERS")


def c_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_hash(name: str, h: dict, info=None) -> list:
    """The constants and tables of one hash; info: the class and case of each abbreviation."""
    up = name.upper()
    out = [f"#define RC_{up}_M1 0x{h['m1']:016X}u", f"#define RC_{up}_M2 0x{h['m2']:016X}u",
           f"#define RC_{up}_RB {h['rb']}", f"#define RC_{up}_SB {h['sb']}",
           f"static const uint{8 if h['sb'] <= 8 else 16}_t {name}_disp[{1 << h['rb']}] = {{"]
    line = "   "
    for d in h["disp"]:
        piece = f" {d},"
        if len(line) + len(piece) > 99:
            out.append(line)
            line = "   "
        line += piece
    out += [line, "};", f"static const {name}_slot {name}_slots[{1 << h['sb']}] = {{"]
    for s in sorted(h["slots"]):
        w = h["slots"][s]
        k0, k1 = words64(w)
        key = f"0x{k0:X}u, {info[w]}" if info else f"0x{k0:X}u, 0x{k1:X}u"
        out.append(f"    [{s}] = {{{key}}}, /* {w} */")
    return out + ["};"]


def render(abbrevs: list, starters: list) -> str:
    abbrevs = sorted(abbrevs, key=lambda r: r[0].encode())
    starters = sorted(set(starters), key=lambda w: w.encode())
    assert MAX_LEN <= 8, "an abbreviation must fit in k0 (abbrev_slot has no k1)"
    lengths = [0] * 26
    for w, _, _, _ in abbrevs:
        if not (w.isascii() and w[0].isalpha() and w[0].islower() and len(w) <= MAX_LEN and w == w.lower()):
            raise SystemExit(f"bad entry {w!r}: lower-case ASCII, a letter first, at most {MAX_LEN} characters")
        lengths[ord(w[0]) - 97] |= 1 << len(w)
    if len({r[0] for r in abbrevs}) != len(abbrevs):
        raise SystemExit("an abbreviation is listed twice")
    for w in starters:
        if not (w.isascii() and w[:1].isalpha() and w == w.lower() and 1 <= len(w) <= KEY_MAX and "\0" not in w):
            raise SystemExit(f"bad starter {w!r}: lower-case ASCII, a letter first, at most {KEY_MAX} characters")
    info = {w: f"{CLASSES[cls]}, {1 if case == 'cap' else 0}" for w, cls, case, _ in abbrevs}
    out = ["/* abbrev_table.h — GENERATED by tools/gen_abbreviations.py from tools/data/abbreviations.tsv",
           " * and tools/data/sentence_starters.tsv (rows mined from the UD English dev splits and UNGDC,",
           " * see the generator). Do not edit: edit the data and run the generator.",
           " *",
           " * The lists, sorted, are compiled only where RC_ABBREV_LISTS is defined (the tests' reference",
           " * lookups); the core looks words up in the perfect hash tables below (see the generator). */",
           "#ifndef RC_ABBREV_TABLE_H", "#define RC_ABBREV_TABLE_H", "",
           "#include <stdint.h>", "",
           f"#define RC_ABBREV_MAX_LEN {MAX_LEN}",
           f"#define RC_ABBREV_KEY_MAX {KEY_MAX}", "",
           "#ifdef RC_ABBREV_LISTS",
           "/* Sorted by strcmp; cap: matches only a capitalized word (\"Sat.\", not \"sat.\"). */",
           "static const struct { const char *word; int cls; int cap; } rc_abbrev_list[] = {"]
    for w, cls, case, group in abbrevs:
        out.append(f"    {{{c_str(w)}, {CLASSES[cls]}, {1 if case == 'cap' else 0}}}, /* {group} */")
    out += ["};", "", "/* Sentence-starter words, sorted, lower case. */", "static const char *const rc_starter_list[] = {"]
    line = "   "
    for w in starters:
        piece = f" {c_str(w)},"
        if len(line) + len(piece) > 99:
            out.append(line)
            line = "   "
        line += piece
    out += [line, "};", "#endif", "",
            "/* Bit n of lengths[c - 'a'] is set when an abbreviation starts with c and has n characters. */",
            "static const uint16_t lengths[26] = {"]
    out.append("    " + ", ".join(f"0x{x:04X}" for x in lengths) + "};")
    out += ["", "/* The abbreviations: a word (k0; k1 would be 0: they are at most 7 bytes), its class and whether",
            " * it matches only capitalized. */",
            "typedef struct { uint64_t k0; uint8_t cls, cap; } abbrev_slot;"]
    out += render_hash("abbrev", place([r[0] for r in abbrevs]), info)
    out += ["", "/* The sentence-starter words. */", "typedef struct { uint64_t k0, k1; } starter_slot;"]
    out += render_hash("starter", place(starters))
    out += ["", "#endif", ""]
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
