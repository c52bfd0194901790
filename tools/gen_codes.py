"""Generate python/relcore/data/ids.tsv: a name and the codes analysts merge on for every id of the
default gazetteer (relcore.describe reads it).

    pip install countrycode==0.6.0      # the codes table (tools/requirements-codes.txt)
    python3 tools/gen_codes.py          # rewrites python/relcore/data/ids.tsv

Inputs, all facts:
  - the ids and kinds: python/relcore/data/gazetteer.tsv (tools/gen_gazetteer.py's output);
  - names: the first row of each id in tools/gazetteer_aliases.tsv outside the demonym and
    abbreviation sections (the UN name of a member state, the English name of an organization or
    place); ids the hand table does not name take the ISO 3166 name;
  - ISO 3166-1 alpha-2, alpha-3, numeric (and ISO 3166-3 for former states): Debian iso-codes
    (/usr/share/iso-codes/json), the source of the gazetteer itself;
  - Correlates of War (COW) state numbers and abbreviations, Gleditsch–Ward numbers and
    abbreviations, V-Dem country ids: the `countrycode` package's code list (Arel-Bundock,
    Enevoldsen, Yetman, "countrycode: An R package to convert country names and country codes",
    JOSS 2018), matched on ISO alpha-3; former states by the name countrycode gives them
    (FORMER below). OVERRIDES corrects the few rows where countrycode disagrees with the code
    lists themselves; each says why.

The output is deterministic; tests/python/test_describe.py regenerates it and compares byte for
byte (skipped when countrycode or iso-codes is not installed).
"""
import argparse
import csv
import io
import json
import os
import pickle
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GAZETTEER = os.path.join(ROOT, "python", "relcore", "data", "gazetteer.tsv")
ALIASES = os.path.join(ROOT, "tools", "gazetteer_aliases.tsv")
OUT = os.path.join(ROOT, "python", "relcore", "data", "ids.tsv")
COLUMNS = ["id", "kind", "name", "iso2", "iso3", "iso_numeric", "cow", "cow_abbrev", "gw", "gw_abbrev",
           "vdem"]

# Former states (ISO 3166-3 codes) → the row of countrycode's list that is the same state.
# SUN: COW and Gleditsch–Ward number the Soviet Union and Russia as one state (365), as does the
# UN seat; SCG: Serbia and Montenegro continues Yugoslavia (345) in both lists; VDR: North Vietnam
# is 816 in both, and unified Vietnam continues it.
FORMER = {
    "CSK": "Czechoslovakia",
    "DDR": "German Democratic Republic",
    "YMD": "Yemen People's Republic",
    "YUG": "Yugoslavia",
    "SCG": "Yugoslavia",
    "SUN": "Russia",
    "VDR": "Vietnam",
}

# Where countrycode's list disagrees with the code list it cites, the code list wins.
# Vietnam: Gleditsch & Ward (1999) number the Democratic Republic of Vietnam 816 (DRV), which
# continues as unified Vietnam after 1975; 817 (RVN) is the Republic of Vietnam, 1954–1975.
# countrycode gives unified Vietnam 817/RVN.
# Serbia: COW continues Yugoslavia (345, YUG) as Serbia; countrycode leaves Serbia without a COW
# code (its Gleditsch–Ward code 340 stays: G&W number Serbia apart).
OVERRIDES = {
    ("SRB", "cow"): "345", ("SRB", "cow_abbrev"): "YUG",
    ("VNM", "gw"): "816", ("VNM", "gw_abbrev"): "DRV",
    ("VDR", "gw"): "816", ("VDR", "gw_abbrev"): "DRV",
}

SKIP_SECTIONS = ("demonym", "abbreviation", "homograph", "former-name", "ambiguous")


def read_ids(path):
    ids = {}
    with open(path, encoding="utf-8") as f:
        rows = csv.reader((ln for ln in f if not ln.startswith("#")), delimiter="\t",
                          quoting=csv.QUOTE_NONE)
        header = next(rows)
        i_id, i_kind = header.index("id"), header.index("kind")
        for r in rows:
            # Blocks (places and phrases that only stop a shorter name inside them) are never
            # reported, so they are not ids a user meets.
            if r[i_kind] != "block":
                ids.setdefault(r[i_id], r[i_kind])
    return ids


def read_names(path):
    """id → the first alias of the id in the hand table, outside sections of variant forms."""
    names, skip = {}, False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("## "):
                parts = line.split()
                skip = parts[1] == "drop" or parts[2] in SKIP_SECTIONS
                continue
            if not line or line.startswith("#") or line.startswith("alias\t") or skip:
                continue
            alias, id_ = line.split("\t")[:2]
            names.setdefault(id_, alias)
    return names


def read_iso(iso_dir):
    with open(os.path.join(iso_dir, "iso_3166-1.json"), encoding="utf-8") as f:
        current = {e["alpha_3"]: e for e in json.load(f)["3166-1"]}
    with open(os.path.join(iso_dir, "iso_3166-3.json"), encoding="utf-8") as f:
        former = {e["alpha_3"]: e for e in json.load(f)["3166-3"]}
    return current, former


def read_countrycode(path=None):
    if path is None:
        try:
            import countrycode
        except ImportError:
            sys.exit("tools/gen_codes.py needs the countrycode package: pip install countrycode==0.6.0")
        path = os.path.join(os.path.dirname(countrycode.__file__), "data", "codelist.pickle")
    with open(path, "rb") as f:
        table = pickle.load(f)  # the package's own data file, from the registry
    n = len(table["country.name.en"])
    rows = [{k: table[k][i] for k in ("country.name.en", "iso3c", "cown", "cowc", "gwn", "gwc", "vdem")}
            for i in range(n)]
    return {r["iso3c"]: r for r in rows if r["iso3c"]}, {r["country.name.en"]: r for r in rows}


def text(v):
    if v is None or v != v:  # None or NaN
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


def generate(iso_dir, countrycode_path=None):
    ids = read_ids(GAZETTEER)
    names = read_names(ALIASES)
    iso_current, iso_former = read_iso(iso_dir)
    cc_by_iso3, cc_by_name = read_countrycode(countrycode_path)
    out = []
    for id_ in sorted(ids):
        kind = ids[id_]
        row = dict.fromkeys(COLUMNS, "")
        row.update(id=id_, kind=kind)
        iso = iso_current.get(id_) if kind in ("country", "territory") else None
        if kind == "former":
            iso = iso_former.get(id_)
        if iso:
            row.update(iso2=iso.get("alpha_2", ""), iso3=id_, iso_numeric=iso.get("numeric", ""))
        cc = cc_by_iso3.get(id_) if kind in ("country", "territory") else None
        if id_ == "XKX":
            cc = cc_by_name.get("Kosovo")  # no ISO code; countrycode lists it by name
        if kind == "former" and id_ in FORMER:
            cc = cc_by_name[FORMER[id_]]
        if cc:
            row.update(cow=text(cc["cown"]), cow_abbrev=text(cc["cowc"]), gw=text(cc["gwn"]),
                       gw_abbrev=text(cc["gwc"]), vdem=text(cc["vdem"]))
        for (oid, col), value in OVERRIDES.items():
            if oid == id_:
                row[col] = value
        name = names.get(id_)
        if not name and iso:
            name = iso.get("common_name") or iso.get("name", "")
        row["name"] = name or id_
        out.append(row)
    return out


def render(rows, iso_dir):
    buf = io.StringIO()
    buf.write("# relcore ids: name and codes of every id of the default gazetteer (relcore.describe).\n"
              "# Generated by tools/gen_codes.py: do not edit. Columns: docs/gazetteer.md, \"Ids and codes\".\n"
              "# Names: tools/gazetteer_aliases.tsv, else ISO 3166 (Debian iso-codes, LGPL-2.1-or-later).\n"
              "# ISO 3166-1/-3 alpha-2, alpha-3, numeric: Debian iso-codes.\n"
              "# cow, cow_abbrev: Correlates of War state system membership codes; gw, gw_abbrev:\n"
              "# Gleditsch & Ward (1999) state list; vdem: V-Dem country_id. Taken from the countrycode\n"
              "# package's code list (Arel-Bundock et al. 2018, GPL-3.0-or-later; codes are facts),\n"
              "# corrected where it disagrees with the source lists (see tools/gen_codes.py).\n")
    w = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow([r[c] for c in COLUMNS])
    return buf.getvalue()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iso-dir", default="/usr/share/iso-codes/json")
    ap.add_argument("--countrycode", default=None, help="codelist.pickle (default: the installed package's)")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args(argv)
    rows = generate(args.iso_dir, args.countrycode)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(render(rows, args.iso_dir))
    print(f"{args.out}: {len(rows)} ids, {sum(1 for r in rows if r['cow'])} with a COW code", file=sys.stderr)


if __name__ == "__main__":
    main()
