"""Gazetteer: precision on a hand-checked sample of matches, recall of state names on GUM dev.

Systems: relcore's default gazetteer (``Gazetteer.default()``) and a naive matcher of ISO 3166-1
names (case-sensitive whole words, every ISO name and its text form, the usual baseline).

- Precision: every match each system makes in a fixed sample of documents — the 30 GUM dev
  documents, excerpts of 24 UN General Debate speeches from 1946 to 2023, and the bundled scraped
  page — is looked up in ``tests/data/gazetteer_judged.tsv``, where each (document, span, id) was
  judged right or wrong by hand (the judgments and their conventions: docs/gazetteer.md). A
  match nobody judged is reported in the note (and counted neither way); ``--unjudged`` lists
  them so that they can be judged after the data changed.
- Recall: GUM dev place entities whose Wikipedia identity is a state (``Entity=`` in MISC,
  identity ``Netherlands``, ``United_States``): found when a match of the state's id lies inside
  the entity's span.

    python benchmarks/accuracy/task_gazetteer.py [--shared PATH] [--unjudged]
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

NAME = "gazetteer"

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
JUDGED = ROOT / "tests" / "data" / "gazetteer_judged.tsv"
GAZETTEER_TSV = ROOT / "python" / "relcore" / "data" / "gazetteer.tsv"

# UN General Debate speeches in the sample: (session, index of the file in the session's sorted
# list) and the first EXCERPT characters of each. Spread over the corpus's 79 sessions, so that
# historical names (Kampuchea, Zaire, the Byelorussian SSR) are in it.
# The last two lines of sessions were added later, to make the sample larger (judged the same way).
UNGDC_SAMPLE = [(s, (s * 7) % 40) for s in (1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37, 40,
                                              43, 46, 50, 55, 60, 65, 70, 74, 77, 78,
                                              2, 6, 12, 18, 24, 30, 36, 42, 48, 58, 68, 76,
                                              3, 9, 15, 21, 27, 33, 39, 45, 53, 63, 72, 75)]
EXCERPT = 3000
STATE_KINDS = ("country", "territory", "former")

Doc = Tuple[str, str, str]  # (source, doc id, text)
propn_starts: Dict[str, set] = {}


# ---- documents ----------------------------------------------------------------------------------

def read_conllu_docs(path: Path) -> Iterator[Tuple[str, str, List[Tuple[int, int, str]]]]:
    """(doc id, text, entities) of each document of a CoNLL-U file with GUM's Entity= column.
    The text is rebuilt from the tokens (a space unless SpaceAfter=No, a line break between
    sentences); entities are (start, end, "type identity") character spans. The start offsets
    of proper nouns (UPOS PROPN) are collected in ``propn_starts[doc id]``."""
    doc_id, parts, pos, ents, open_ = None, [], 0, [], {}

    def flush():
        if doc_id is not None:
            return doc_id, "".join(parts), sorted(ents)
        return None

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# newdoc id = "):
                done = flush()
                if done:
                    yield done
                doc_id, parts, pos, ents, open_ = line[14:].strip(), [], 0, [], {}
                continue
            if not line:
                if parts and not parts[-1].endswith("\n"):
                    parts[-1] = parts[-1].rstrip(" ") + "\n"
                    pos = sum(len(p) for p in parts)
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            form, misc = cols[1], cols[9]
            start, end = pos, pos + len(form)
            if cols[3] == "PROPN":
                propn_starts.setdefault(doc_id, set()).add(start)
            fields = dict(kv.split("=", 1) for kv in misc.split("|") if "=" in kv)
            ent = fields.get("Entity", "")
            for m in re.finditer(r"\((\d+)-([^()]*)|(\d+)\)", ent):
                if m.group(1):
                    parts_ = m.group(2).split("-", 6)
                    etype = parts_[0]
                    identity = parts_[6] if len(parts_) > 6 else ""
                    closes = ent[m.end():m.end() + 1] == ")"
                    if closes:
                        ents.append((start, end, f"{etype} {identity}".strip()))
                    else:
                        open_.setdefault(m.group(1), []).append((start, etype, identity))
                else:
                    stack = open_.get(m.group(3))
                    if stack:
                        s, etype, identity = stack.pop()
                        ents.append((s, end, f"{etype} {identity}".strip()))
            sep = "" if fields.get("SpaceAfter") == "No" else " "
            parts.append(form + sep)
            pos = end + len(sep)
    done = flush()
    if done:
        yield done


def ungdc_dir(shared: Optional[Path]) -> Optional[Path]:
    for cand in ([Path("/tmp/ungdc"), ROOT / "build" / "ungdc"]):
        if (cand / "Session 78 - 2023").is_dir():
            return cand
    return None


def sample_docs(shared: Optional[Path]) -> List[Doc]:
    """The documents of the hand-checked sample that are available here."""
    docs: List[Doc] = []
    if shared is not None:
        gum = shared / "corpora" / "ud" / "en_gum-ud-dev.conllu"
        if gum.exists():
            docs += [("gum", d, t) for d, t, _ in read_conllu_docs(gum)]
    root = ungdc_dir(shared)
    if root is not None:
        for session, index in UNGDC_SAMPLE:
            [folder] = sorted(root.glob(f"Session {session:02d} - *"))
            files = sorted(folder.glob("*.txt"))
            path = files[index % len(files)]
            text = path.read_text(encoding="utf-8", errors="replace")[:EXCERPT]
            docs.append(("ungdc", path.name, text))
    if shared is not None:
        page = shared / "samples" / "scraped_article_azerbaijan_us.txt"
        if page.exists():
            docs.append(("page", page.name, page.read_text(encoding="utf-8")))
    return docs


# ---- systems ------------------------------------------------------------------------------------

ISO_3166_1_JSON = Path("/usr/share/iso-codes/json/iso_3166-1.json")  # Debian iso-codes


class NaiveIso:
    """Exact, case-sensitive, whole-word matching of the ISO 3166-1 names of states (name,
    common and official name, "Korea, Republic of" also as "Republic of Korea"), longest first:
    what one writes in ten lines. From Debian iso-codes, else from CLDR's English names."""

    def __init__(self):
        names: Dict[str, str] = {}
        if ISO_3166_1_JSON.exists():
            import json
            for e in json.loads(ISO_3166_1_JSON.read_text(encoding="utf-8"))["3166-1"]:
                for key in ("name", "common_name", "official_name"):
                    if key in e:
                        n = e[key]
                        names.setdefault(n, e["alpha_3"])
                        head, sep, tail = n.partition(", ")
                        if sep:
                            names.setdefault(f"{tail} {head}", e["alpha_3"])
        else:
            with open(ROOT / "python" / "relcore" / "data" / "cldr_territories.tsv",
                      encoding="utf-8") as f:
                for line in f:
                    parts = line.rstrip("\n").split("\t")
                    if len(parts) == 3 and "en" in parts[2].split(","):
                        names.setdefault(parts[0], parts[1])
        self.ids = names
        alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        self.rx = re.compile(r"(?<!\w)(?:" + alt + r")(?!\w)")

    def find(self, text: str) -> List[Tuple[int, int, str]]:
        return [(m.start(), m.end(), self.ids[m.group()]) for m in self.rx.finditer(text)]


def systems(ctx=None):
    import relcore
    g = relcore.Gazetteer.default()
    out = {"relcore": lambda t: [(m.start, m.end, m.id) for m in g.find(t)],
           "naive ISO names": NaiveIso().find}
    if ctx is not None and getattr(ctx, "systems", None) is not None:
        out = {k: v for k, v in out.items() if ctx.wants(k.split()[0])}
    return out


# ---- judgments ----------------------------------------------------------------------------------

JUDGED_COLUMNS = ["source", "doc", "start", "end", "text", "id", "verdict", "note"]


def read_judged(path: Path = JUDGED) -> Dict[Tuple[str, int, int, str], str]:
    """{(doc, start, end, id): "right" | "wrong"}."""
    out = {}
    with open(path, encoding="utf-8") as f:
        rows = csv.DictReader((l for l in f if not l.startswith("#")), delimiter="\t",
                              quoting=csv.QUOTE_NONE)
        for r in rows:
            if r["verdict"] not in ("right", "wrong"):
                raise ValueError(f"{path.name}: verdict must be right or wrong: {r}")
            out[(r["doc"], int(r["start"]), int(r["end"]), r["id"])] = r["verdict"]
    return out


def state_ids() -> set:
    """Ids of states (kinds country, territory, former) in the default data."""
    with open(GAZETTEER_TSV, encoding="utf-8") as f:
        rows = csv.DictReader((l for l in f if not l.startswith("#")), delimiter="\t",
                              quoting=csv.QUOTE_NONE)
        return {r["id"] for r in rows if r["kind"] in STATE_KINDS}


def precision_counts(find, docs: List[Doc], judged, only=None) -> Tuple[int, int, List[tuple]]:
    """(right, wrong, unjudged matches) of one system over the sample (matches of the ids in
    `only`, when given)."""
    right = wrong = 0
    unjudged = []
    for source, doc, text in docs:
        for s, e, id_ in find(text):
            if only is not None and id_ not in only:
                continue
            v = judged.get((doc, s, e, id_))
            if v == "right":
                right += 1
            elif v == "wrong":
                wrong += 1
            else:
                unjudged.append((source, doc, s, e, text[s:e], id_))
    return right, wrong, unjudged


def state_identities() -> Dict[str, str]:
    """Wikipedia-style identities (GUM's) of states: English names with underscores -> id."""
    out = {}
    with open(GAZETTEER_TSV, encoding="utf-8") as f:
        rows = csv.DictReader((l for l in f if not l.startswith("#")), delimiter="\t",
                              quoting=csv.QUOTE_NONE)
        for r in rows:
            if r["kind"] in STATE_KINDS and r["form"] == "name" and r["lang"] == "en":
                out.setdefault(r["alias"].replace(" ", "_"), r["id"])
    return out


def gum_gold(shared: Path) -> List[Tuple[str, int, int, str]]:
    """(doc, start, end, id) of every GUM dev place entity whose identity is a state and that
    names it: its span holds a proper noun ("the United States", "America", "these U. S."; not
    "the country", "our nation", "it")."""
    idents = state_identities()
    gold = []
    for doc, text, ents in read_conllu_docs(shared / "corpora" / "ud" / "en_gum-ud-dev.conllu"):
        propn = propn_starts.get(doc, set())
        for s, e, what in ents:
            etype, _, identity = what.partition(" ")
            if etype == "place" and identity in idents and any(s <= p < e for p in propn):
                gold.append((doc, s, e, idents[identity]))
    return gold


# ---- the task -----------------------------------------------------------------------------------

def _row(dataset, system, p, r, n, note=None):
    f1 = 2 * p * r / (p + r) if p is not None and r is not None and (p + r) else None
    out = {"task": NAME, "dataset": dataset, "system": system, "precision": p, "recall": r,
           "f1": f1, "n": n}
    if note:
        out["note"] = note
    return out


def evaluate(ctx) -> List[dict]:
    shared = getattr(ctx, "shared", None)
    docs = sample_docs(shared)
    if not docs:
        return []
    judged = read_judged()
    syst = systems(ctx)
    rows = []
    states = state_ids()
    for what, only in (("every match", None), ("states", states)):
        for name, find in syst.items():
            right, wrong, unjudged = precision_counts(find, docs, judged, only)
            n = right + wrong
            note = f"{right} right, {wrong} wrong of {n} judged matches in {len(docs)} documents"
            if unjudged:
                note += f"; {len(unjudged)} not judged"
            rows.append(_row(f"hand-checked sample (GUM dev, UNGDC 1946-2023, scraped page), "
                             f"{what}", name, right / n if n else None, None, n, note))
    if shared is not None and (shared / "corpora" / "ud" / "en_gum-ud-dev.conllu").exists():
        gold = gum_gold(shared)
        texts = {d: t for d, t, _ in read_conllu_docs(shared / "corpora" / "ud" / "en_gum-ud-dev.conllu")}
        for name, find in syst.items():
            matches = {doc: find(text) for doc, text in texts.items()}
            found = sum(any(s <= a and b <= e and i == id_ for a, b, i in matches[doc])
                        for doc, s, e, id_ in gold)
            rows.append(_row("GUM dev: place entities that are states", name, None,
                             found / len(gold) if gold else None, len(gold),
                             f"{found} of {len(gold)} found"))
    return rows


def main(argv=None) -> int:
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--unjudged", action="store_true",
                    help="print the matches of every system that are not judged yet (TSV)")
    args = ap.parse_args(argv)
    shared = Path(args.shared) if Path(args.shared).is_dir() else None

    class Ctx:
        systems = None
        quick = False
        root = ROOT

        def wants(self, s):
            return True
    ctx = Ctx()
    ctx.shared = shared
    if args.unjudged:
        judged = read_judged() if JUDGED.exists() else {}
        seen = set()
        for name, find in systems().items():
            for source, doc, s, e, text, id_ in precision_counts(find, sample_docs(shared), judged)[2]:
                if (doc, s, e, id_) not in seen:
                    seen.add((doc, s, e, id_))
                    print("\t".join([source, doc, str(s), str(e), text.replace("\n", " "), id_]))
        return 0
    for r in evaluate(ctx):
        print(r)
    return 0


if __name__ == "__main__":
    if str(ROOT / "python") not in sys.path:
        sys.path.insert(0, str(ROOT / "python"))
    sys.exit(main())
