"""Country names in Universal Dependencies treebanks: reading CoNLL-U, the gold words, and scoring a
matcher against them. Shared by tools/gen_gazetteer_langs.py (which learns from treebanks that are
not evaluated) and benchmarks/accuracy/task_multilingual.py (which evaluates on the dev splits).

Gold: a surface word (a multiword token counts as one word) is a country-name word when one of its
words is a noun or proper noun (an adjective spelled like a name is an ordinary word: Persian
"مالی" "financial") whose human-annotated lemma, normalized like match tokens, is an alias of a
country, territory or former state in the gazetteer (in the text's language or English); its ids
are those of the alias. (A Georgian lemma may be a whole name joined by "_".)

Scoring a matcher's matches (start, end, id) over one sentence:
  - a gold word is found when a match with one of its ids overlaps it (recall);
  - a match is right when it overlaps a gold word with its id, false when it overlaps neither a
    gold word nor a proper noun (PROPN: organizations, people and multi-word names whose words are
    not country lemmas are left out of both counts) nor a word derived from a name of its id (a
    demonym: the gazetteer maps them to the country on purpose), and neutral otherwise.
Only matches of country kinds count (the matcher passed in filters them).
Precision = right / (right + false); false matches are also given per 1,000 sentences.
"""
import dataclasses
import os
import sys
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

COUNTRY_KINDS = ("country", "territory", "former")


@dataclasses.dataclass
class Word:
    form: str
    start: int
    end: int
    lemmas: List[str]
    upos: List[str]


@dataclasses.dataclass
class Sentence:
    text: str
    words: List[Word]


def read_conllu(path: str) -> Iterator[Sentence]:
    """Sentences of a CoNLL-U file with their surface words located in the text."""
    text, rows = None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# text = "):
                text = line[len("# text = "):]
            elif line.startswith("#"):
                continue
            elif not line.strip():
                if text is not None and rows:
                    yield _sentence(text, rows)
                text, rows = None, []
            else:
                rows.append(line.split("\t"))
    if text is not None and rows:
        yield _sentence(text, rows)


def _sentence(text: str, rows: List[List[str]]) -> Sentence:
    words: List[Word] = []
    cursor = 0
    covered_until = 0
    pending: Optional[Word] = None
    for r in rows:
        if len(r) < 4:
            continue
        tid, form, lemma, upos = r[0], r[1], r[2], r[3]
        if "." in tid:
            continue
        if "-" in tid:
            lo, hi = tid.split("-")
            covered_until = int(hi)
            pending = _locate(text, form, cursor)
            cursor = pending.end if pending.end else cursor
            words.append(pending)
            continue
        if pending is not None and int(tid) <= covered_until:
            pending.lemmas.append(lemma)
            pending.upos.append(upos)
            continue
        pending = None
        w = _locate(text, form, cursor)
        w.lemmas.append(lemma)
        w.upos.append(upos)
        if w.end:
            cursor = w.end
        words.append(w)
    return Sentence(text, words)


def _locate(text: str, form: str, cursor: int) -> Word:
    at = text.find(form, cursor)
    if at < 0:
        return Word(form, 0, 0, [], [])  # not found in the text: never overlaps anything
    return Word(form, at, at + len(form), [], [])


def norm(s: str) -> str:
    import relcore
    return relcore.normalize(s, "NFKC", casefold=True, strip_accents=True)


def country_lemmas(gazetteer_rows: Iterable[Tuple[str, ...]], langs: Optional[Set[str]] = None,
                   forms: Optional[Tuple[str, ...]] = ("name",)) -> Dict[str, Set[str]]:
    """normalized one-word alias -> ids, from (alias, id, kind[, case, lang]) rows of country kinds
    (of the languages `langs` only, if given). A case-sensitive alias ("CAR") names a country only
    as written: it is keyed by itself, not normalized, so the lemma "car" is not the CAR."""
    out: Dict[str, Set[str]] = {}
    for row in gazetteer_rows:
        alias, id_, kind = row[:3]
        case = row[3] if len(row) > 3 else "insensitive"
        lang = row[4] if len(row) > 4 else ""
        form = row[5] if len(row) > 5 else "name"
        if kind not in COUNTRY_KINDS or (langs is not None and lang not in langs):
            continue
        # Names only by default: demonyms, capitals and blocks are other words for a state.
        if forms is not None and form not in forms:
            continue
        if case == "sensitive":
            out.setdefault("\0" + alias, set()).add(id_)
            continue
        n = " ".join(norm(alias).split())
        if n:
            out.setdefault(n, set()).add(id_)
    return out


def unicodedata_mark(c: str) -> bool:
    import unicodedata
    return unicodedata.category(c).startswith("M") or c == "\u200c"


# Words that can name a country: an adjective whose lemma is spelled like a name is an ordinary word
# (Persian "مالی" "financial", French "suisse" "Swiss").
NAME_UPOS = ("PROPN", "NOUN", "X")


def neutral(w: Word, id_: str, lemmas: Dict[str, Set[str]], stems: Dict[str, List[str]]) -> bool:
    """A match on w that is neither right nor false: w is a proper noun (of another name), a word
    derived from a name of id_, or a capitalized adjective spelled like a name of id_ (a demonym:
    Turkish "Türk"; in scripts without case the adjective stays an ordinary word)."""
    return ("PROPN" in w.upos or derived(w, id_, stems) or
            (w.form[:1].isupper() and id_ in gold_ids(w, lemmas, any_upos=True)))


def gold_ids(word: Word, lemmas: Dict[str, Set[str]], any_upos: bool = False) -> Set[str]:
    ids: Set[str] = set()
    for lem, upos in zip(word.lemmas, word.upos):
        if upos not in NAME_UPOS and not any_upos:
            continue
        lem = lem.replace("_", " ")  # Georgian multi-word lemmas: ამერიკის_შეერთებული_შტატები
        ids |= lemmas.get(norm(lem), set()) | lemmas.get("\0" + lem, set())
    return ids


@dataclasses.dataclass
class Score:
    sentences: int = 0
    gold: int = 0
    found: int = 0
    right: int = 0
    false: int = 0
    missed: Dict[str, int] = dataclasses.field(default_factory=dict)
    false_forms: Dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.right / (self.right + self.false) if self.right + self.false else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def false_per_1000(self) -> float:
        return 1000.0 * self.false / self.sentences if self.sentences else 0.0


Matcher = Callable[[str], Sequence[Tuple[int, int, str]]]


def id_stems(lemmas: Dict[str, Set[str]]) -> Dict[str, List[str]]:
    """id -> its one-word aliases without their last letter (the stems of derived words)."""
    out: Dict[str, List[str]] = {}
    for alias, ids in lemmas.items():
        if len(alias) >= 3:
            for i in ids:
                out.setdefault(i, []).append(alias[:-1] if len(alias) >= 5 else alias)
    return out


# After a short name (under 5 letters) only these make a derived word: "Çinli", "چینی".
SHORT_NAME_DERIVATIONS = ("li", "lı", "lu", "lü", "liler", "lılar", "lular", "lüler", "ی", "ي",
                          "ский", "ская", "ські", "ський", "ська", "ци", "ец", "ян", "ացի", "ელი")


def derived(w: Word, id_: str, stems: Dict[str, List[str]]) -> bool:
    """Whether a lemma of w is derived from a name of id_ (a demonym or adjective: Persian
    "ایرانی", Turkish "Kolombiyalı"): such matches are neither right nor false."""
    for lem in w.lemmas:
        n = norm(lem)
        for st in stems.get(id_, ()):
            if n.startswith(st) and n != st and (len(st) >= 4 or n[len(st):] in SHORT_NAME_DERIVATIONS):
                return True
    return False


def score(sentences: Iterable[Sentence], lemmas: Dict[str, Set[str]], matcher: Matcher,
          words: Optional[Dict[str, Set[str]]] = None) -> Score:
    """`words`: every alias of a state (demonyms too), for the neutral matches; `lemmas` if None."""
    s = Score()
    words = words if words is not None else lemmas
    stems = id_stems(words)
    for sent in sentences:
        s.sentences += 1
        golds = [(w, gold_ids(w, lemmas)) for w in sent.words]
        matches = list(matcher(sent.text))
        for w, ids in golds:
            if not ids:
                continue
            s.gold += 1
            if any(m[0] < w.end and w.start < m[1] and m[2] in ids for m in matches):
                s.found += 1
            else:
                s.missed[w.form] = s.missed.get(w.form, 0) + 1
        for a, b, id_ in matches:
            over = [(w, ids) for w, ids in golds if a < w.end and w.start < b]
            if any(id_ in ids for _, ids in over):
                s.right += 1
            elif len(over) > 1:
                continue  # a name of several words: its lemmas are not the name's, no gold for it
            elif not any(neutral(w, id_, words, stems) for w, _ in over):
                s.false += 1
                form = sent.text[a:b]
                s.false_forms[form] = s.false_forms.get(form, 0) + 1
    return s


def exact_form_matcher(aliases: Dict[str, Set[str]]) -> Matcher:
    """The naive peer: a word of the text (split at spaces and punctuation) that equals a one-word
    alias after normalization, with the first id of the alias."""
    import re
    word = re.compile(r"\w+", re.UNICODE)

    def find(text: str):
        out = []
        for m in word.finditer(text):
            ids = aliases.get(norm(m.group()))
            if ids:
                out.append((m.start(), m.end(), sorted(ids)[0]))
        return out
    return find


def gazetteer_rows(path: str) -> List[Tuple[str, str, str, str, str]]:
    """(alias, id, kind, case, lang) of a gazetteer TSV (the default's format), or of the alias
    rows of a languages file (gazetteer_langs.tsv)."""
    rows = []
    with open(path, encoding="utf-8") as f:
        header = None
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if header is None and fields[0] in ("lang", "rule", "marker", "common", "alias") and \
                    "id" not in fields:
                header = "langs"  # a languages file: no header line, the kind first
            if header == "langs":
                if fields[0] == "alias" and len(fields) == 6:
                    rows.append((fields[2], fields[3], fields[4], fields[5], fields[1], "name"))
                continue
            if header is None:
                header = fields
                continue
            rec = dict(zip(header, fields))
            if "alias" in rec and "id" in rec:
                rows.append((rec["alias"], rec["id"], rec.get("kind", ""), rec.get("case", ""),
                             rec.get("lang", ""), rec.get("form", "") or "name"))
    return rows


if __name__ == "__main__":
    sys.exit("a library: see tools/gen_gazetteer_langs.py and benchmarks/accuracy/task_multilingual.py")
