#!/usr/bin/env python3
"""Generate python/relcore/data/gazetteer_langs.tsv: what the default gazetteer knows about the
languages of its aliases — case, inflection rules, marker words, common words — and the copies of
names that several languages spell alike.

Every rule comes from data or from a published grammar fact, never from the text it is evaluated on:

  - Inflection rules (lemma ending -> form ending, with counts) are learned from the proper nouns of
    Universal Dependencies treebanks that the accuracy harness does NOT evaluate (--learn: the
    Russian Taiga dev split, the Ukrainian ParlaMint dev split, the Armenian BSUT train split, the
    Turkish IMST train and dev splits, the Persian Seraji dev split), leaving out every word whose
    lemma is a country name, so that the names being measured teach nothing. They are completed by
    the grammar's endings (GRAMMAR below: case endings of Russian and Ukrainian nouns and adjectives;
    Armenian articles and cases; Georgian cases with the nominative -ი dropped; Turkish and
    Azerbaijani case, possessive and derivational suffixes with vowel harmony; Arabic proclitics
    و ف ب ل ك and the article, nisba adjectives; Persian suffixes), each with count 0.
  - Marker words: the most frequent function words of each language, from its grammar (MARKERS).
  - Common words: words that the gazetteer would match in the learning treebanks where they are not
    names (not a country lemma, not a proper noun), e.g. Turkish "sudan", Persian "مالی".
  - Shared names: a CLDR name of one of these languages that the default gazetteer lists under
    another language's tag (Azerbaijani "İran" is Turkish "İran") is added again with this
    language's tag, so that its rules and settings apply to it.

Format (UTF-8, tab-separated, '#' comments): one row per item, its first column the kind:
  lang    <tag> <cased 0/1> <inflect_any_word 0/1>
  rule    <tag> <form_prefix> <lemma_prefix> <form_suffix> <lemma_suffix> <min_stem_bytes> <count> <source>
  marker  <tag> <word>
  common  <tag> <word> <count>
  alias   <tag> <alias> <id> <kind> <case>
Empty affixes are written "-".

Usage: python3 tools/gen_gazetteer_langs.py --learn DIR [--out TSV]
(DIR holds the learning treebanks named as in UD: ru_taiga-ud-dev.conllu, uk_parlamint-ud-dev.conllu,
hy_bsut-ud-train.conllu, tr_imst-ud-train.conllu, tr_imst-ud-dev.conllu, fa_seraji-ud-dev.conllu.)
"""
import argparse
import collections
import itertools
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "python"))

import ud_country_names as ud  # noqa: E402

LANGS = ["ru", "uk", "hy", "ka", "tr", "az", "ar", "fa"]
# Languages whose names start with a capital; Georgian, Arabic and Persian have no case.
CASED = {"ru", "uk", "hy", "tr", "az", "en", "fr", "es"}
# Languages whose multi-word names inflect in every word (adjective agreement), not just the last.
INFLECT_ANY = {"ru", "uk"}

LEARN_FILES = {
    "ru": ["ru_taiga-ud-dev.conllu"],
    "uk": ["uk_parlamint-ud-dev.conllu"],
    "hy": ["hy_bsut-ud-train.conllu"],
    "tr": ["tr_imst-ud-train.conllu", "tr_imst-ud-dev.conllu"],
    "fa": ["fa_seraji-ud-dev.conllu"],
}

# Function words (grammar facts): frequent, short, and distinctive between languages of one script
# (a word two of them share, such as "la", "que", "bu", "olan", "en", tells neither).
MARKERS = {
    "en": "the of and to in is that for it with as was on are be this by from have has not".split(),
    "fr": "le les des du et est une dans pour qui sur au aux pas ne avec sont ce".split(),
    "es": "el los las del y por para una con al lo como pero más".split(),
    "tr": "ve için ile olarak gibi ama çok kadar değil diye şey şu".split(),
    "az": "və üçün ilə həm edir deyil çox hər isə olaraq".split(),
    "ru": "и что с по как это он она к из от был было были".split(),
    "uk": "і що з до як це та у від й був було були її".split(),
    "ar": "في من على إلى أن عن التي الذي مع هذا هذه كان".split(),
    "fa": "و در به از که این را با است برای آن شد".split(),
}

# Minimum stem, in bytes, so that a rule never reads a two-letter word as a name.
MIN_STEM = {"ru": 6, "uk": 6, "hy": 6, "ka": 9, "tr": 3, "az": 3, "ar": 6, "fa": 6}


def harmony(template, vowels):
    """Expands a suffix template: 'I' = the four-way high vowel, 'A' = the two-way low vowel."""
    four, two = vowels
    outs = [""]
    for ch in template:
        if ch == "I":
            outs = [o + v for o in outs for v in four]
        elif ch == "A":
            outs = [o + v for o in outs for v in two]
        else:
            outs = [o + ch for o in outs]
    return outs


def turkic_suffixes(lang):
    """Case, possessive, plural and derivational suffix chains of Turkish or Azerbaijani (with or
    without the buffer consonants), vowels in harmony within a chain."""
    # (high vowels, low vowel) of back and of front harmony.
    sets = [(("ı", "u"), ("a",)), (("i", "ü"), ("e" if lang == "tr" else "ə",))]
    case = ["", "In", "nIn", "yI", "nI", "I", "yA", "nA", "A", "dA", "tA", "ndA", "dAn", "tAn",
            "ndAn", "lA", "ylA", "dAki", "tAki", "ndAki", "ki", "nIn", "dIr", "dAdIr"]
    if lang == "az":  # Azerbaijani -dakı/-dəki: the last vowel follows harmony too
        case += ["dAkI", "ndAkI"]
    poss = ["", "mIz", "ImIz", "sI", "I", "lArI"]
    deriv = ["", "lI", "lIlAr", "lAr"]
    out = set()
    # A derivational suffix (with its plural) or a possessive, then a case: the forms names take
    # ("Kolombiyalılar", "Türkiyemizin", "Kenya'daki" without its apostrophe).
    for d, p, c in itertools.product(deriv, poss, case):
        if d and p:
            continue
        chain = d + p + c
        if not chain or len(chain) > 9:
            continue
        for four, two in sets:  # back or front harmony for the whole chain
            for s in harmony(chain, (four, two)):
                out.add(s)
    return sorted(out)


def grammar_rules():
    """(lang, form_prefix, lemma_prefix, form_suffix, lemma_suffix) of the grammar facts."""
    rules = []
    ru = {
        "а": ["ы", "и", "е", "у", "ой", "ою"], "я": ["и", "е", "ю", "ей", "ею"],
        "ия": ["ии", "ию", "ией"], "": ["а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах"],
        "й": ["я", "ю", "ем", "е"], "ь": ["и", "ью", "я", "ю", "ем", "е"],
        "ы": ["ов", "ам", "ами", "ах"], "и": ["ей", "ям", "ями", "ях", "ов", "ам", "ами", "ах"],
        "ая": ["ой", "ую", "ою"], "ые": ["ых", "ым", "ыми"], "ие": ["их", "им", "ими"],
        "ий": ["ого", "ому", "им", "ом", "ая"], "ый": ["ого", "ому", "ым", "ом"],
        "ое": ["ого", "ому", "ым", "ом"], "ское": ["ского"],
    }
    uk = {
        "а": ["и", "і", "у", "ою", "о"], "я": ["і", "ю", "ею", "ї"], "ія": ["ії", "ію", "ією"],
        "": ["у", "а", "ом", "і", "ові", "и", "ів", "ам", "ами", "ах"], "й": ["я", "ю", "єм", "ї"],
        "ь": ["і", "ю", "ям", "я"], "и": ["ів", "ам", "ами", "ах"], "і": ["их", "им", "ими"],
        "а_adj": [], "ий": ["ого", "ому", "им", "ім"], "е": ["ого", "ому", "им", "ім"],
        "ка": ["ки", "ці", "ку", "кою"],
    }
    for lemma_end, forms in ru.items():
        for f in forms:
            rules.append(("ru", "", "", f, lemma_end))
    for lemma_end, forms in uk.items():
        if lemma_end.endswith("_adj"):
            continue
        for f in forms:
            rules.append(("uk", "", "", f, lemma_end))
    rules += [("uk", "", "", f, "а") for f in ("ої", "ій")]  # adjectives in -а (Південна Корея)
    # Armenian: articles and cases; names in -ա take a glide before a vowel ending.
    hy_cases = ["ը", "ն", "ի", "ից", "ում", "ով", "ին", "ու", "ներ", "ներում", "ներից", "ի՝"]
    for c in hy_cases:
        rules.append(("hy", "", "", c, ""))
    for c in ["յի", "յից", "յում", "յով", "յին", "ն", "յ"]:
        rules.append(("hy", "", "", "ա" + c, "ա"))
    # Georgian: consonant stems drop the nominative -ი; vowel stems keep their vowel.
    ka_cons = ["ის", "ს", "მა", "ით", "ად", "ში", "ზე", "თან", "იდან", "ისთვის", "ისკენ", "ამდე",
               "ისგან", "ისა", "სა", "შია", "ისაც", "შიც", "ზეც", "მაც", "საც", "ისათვის", "ელი",
               "ელმა", "ელის", "ელები", "ელებმა", "ელების", "ულ", "ული", "ულმა", "ულის"]
    for c in ka_cons:
        rules.append(("ka", "", "", c, "ი"))
    ka_vow = ["ს", "მ", "თი", "დ", "ში", "ზე", "თან", "დან", "სთვის", "სკენ", "მდე", "სგან", "სა",
              "შია", "საც", "შიც", "მაც", "ზეც", "სათვის"]
    for c in ka_vow:
        rules.append(("ka", "", "", c, ""))
    for lang in ("tr", "az"):
        for s in turkic_suffixes(lang):
            rules.append((lang, "", "", s, ""))
    # Arabic: conjunction (و ف), then preposition (ب ل ك), before a name; ل + ال is written لل.
    for conj in ("", "و", "ف"):
        for prep in ("", "ب", "ل", "ك"):
            if conj or prep:
                rules.append(("ar", conj + prep, "", "", ""))
        rules.append(("ar", conj + "لل", "ال", "", ""))
    # Arabic nisba adjectives: الصين -> صيني, روسيا -> روسي, السعودية -> سعودي (and their endings).
    for end in ("ي", "ية", "يون", "يين", "يان", "يات"):
        for lemma_pre, lemma_suf in (("ال", ""), ("", ""), ("", "ا"), ("ال", "ية"), ("", "ية"), ("ال", "ا")):
            rules.append(("ar", "", lemma_pre, end, lemma_suf))
            rules.append(("ar", "ال", lemma_pre, end, lemma_suf))
    # Persian: ezafe and indefinite -ی, plural -ها, after a vowel -ای / -یی (with or without ZWNJ).
    for s in ("ی", "ای", "یی", "ها", "های", "\u200cی", "\u200cای", "\u200cها", "\u200cهای"):
        rules.append(("fa", "", "", s, ""))
    return rules


# Russian and Ukrainian loanwords that end in a vowel + а (Самоа, Гуам is not one) do not decline:
# a rule that reads a form of a noun in -а applies after a consonant only.
CONSONANTS = {"ru": "бвгджзклмнпрстфхцчшщ", "uk": "бвгґджзклмнпрстфхцчшщ"}


def after_consonants(lang, fp, lp, fs, ls):
    """Rules of a noun in -а, made to need a consonant before the ending."""
    if lang in CONSONANTS and ls == "а" and not fp and not lp:
        return [(lang, fp, lp, c + fs, c + ls) for c in CONSONANTS[lang]]
    return [(lang, fp, lp, fs, ls)]


def learned_rules(learn_dir, country):
    """Lemma ending -> form ending counts from the proper nouns of the learning treebanks, leaving
    out the words whose lemma is a country name."""
    counts = collections.Counter()
    for lang, files in LEARN_FILES.items():
        for name in files:
            path = os.path.join(learn_dir, name)
            if not os.path.exists(path):
                sys.exit(f"{path}: missing learning treebank (see --help)")
            for sent in ud.read_conllu(path):
                for w in sent.words:
                    if len(w.lemmas) != 1 or w.upos[0] != "PROPN" or "'" in w.form or "’" in w.form:
                        continue
                    lemma, form = ud.norm(w.lemmas[0]), ud.norm(w.form)
                    if lemma in country or not lemma or not form or lemma == form:
                        continue
                    p = 0
                    while p < min(len(lemma), len(form)) and lemma[p] == form[p]:
                        p += 1
                    lemma_end, form_end = lemma[p:], form[p:]
                    if p < 2 or len(lemma_end) > 3 or len(form_end) > 8 or not form_end:
                        continue
                    counts[(lang, lemma_end, form_end)] += 1
    return counts


def shared_names(cldr_dir, gaz_rows):
    """CLDR names of LANGS that the default gazetteer tags with another language."""
    import gen_gazetteer as gg
    iso1 = gg.read_iso3166_1("/usr/share/iso-codes/json")
    a2 = {e["alpha_2"]: e["alpha_3"] for e in iso1}
    by_key = {}
    for alias, id_, kind, case, lang in gaz_rows:
        by_key.setdefault((ud.norm(alias), id_), []).append((alias, kind, case, lang))
    out = []
    for lang in LANGS:
        path = os.path.join(cldr_dir, "main", lang + ".xml")
        for type_, alt, draft, text in gg.read_cldr_territories(path):
            id_ = gg.cldr_id(type_, a2)
            if id_ is None or draft == "unconfirmed":
                continue
            have = by_key.get((ud.norm(text), id_))
            if not have or any(h[3] == lang for h in have):
                continue
            alias, kind, case, _ = have[0]
            out.append((lang, alias, id_, kind, case))
    return sorted(set(out))


def read_default_rows(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = None
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if header is None:
                header = fields
                continue
            r = dict(zip(header, fields))
            rows.append((r["alias"], r["id"], r["kind"], r["case"], r["lang"]))
    return rows


def common_words(learn_dir, out_rows, gaz_path):
    """Words the gazetteer matches in the learning treebanks where they are not names."""
    import relcore
    g = relcore.Gazetteer.from_file(gaz_path)
    # Every language as if it had no case: a word that is ordinary in lower case ("того", "самой")
    # is found as often as it occurs, and becomes a common word.
    _load_rows(g, [("lang", r[1], "0", r[3]) if r[0] == "lang" else r for r in out_rows], with_common=False)
    rows_all = ud.gazetteer_rows(gaz_path)
    country = ud.country_lemmas(rows_all)
    words = ud.country_lemmas(rows_all, forms=None)
    stems = ud.id_stems(words)
    false, right = collections.Counter(), collections.Counter()
    for lang, files in LEARN_FILES.items():
        for name in files:
            for sent in ud.read_conllu(os.path.join(learn_dir, name)):
                for m in g.find(sent.text, lang=lang):
                    over = [w for w in sent.words if m.start < w.end and w.start < m.end]
                    if len(over) != 1 or m.kind not in ud.COUNTRY_KINDS or m.text.isupper():
                        continue  # an acronym ("ABD") matches as written, never an ordinary word
                    w = over[0]
                    word = ud.norm(sent.text[m.start:m.end])
                    if m.id in ud.gold_ids(w, country) or ud.neutral(w, m.id, words, stems):
                        right[(lang, word)] += 1
                    else:
                        false[(lang, word)] += 1
    # A word that is also a name as often as not stays a name; in a language without case a
    # common word never fires again, so it must never have been a name in these treebanks.
    return sorted((lang, w, n) for (lang, w), n in false.items()
                  if n >= 3 * right[(lang, w)] and (lang in CASED or right[(lang, w)] == 0))


def _load_rows(g, rows, with_common=True):
    for r in rows:
        kind = r[0]
        if kind in ("lang", "rule", "marker") or (kind == "common" and with_common):
            g._add_lang_row("\t".join(map(str, r)))  # the languages file's own row, read by the core's parser
        elif kind == "alias":
            g.add(r[2], r[3], kind=r[4], case_sensitive=r[5] == "sensitive", lang=r[1])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--learn", required=True, help="folder of the learning treebanks")
    ap.add_argument("--cldr-dir", default="/usr/share/unicode/cldr/common")
    ap.add_argument("--gazetteer", default=os.path.join(ROOT, "python/relcore/data/gazetteer.tsv"))
    ap.add_argument("--out", default=os.path.join(ROOT, "python/relcore/data/gazetteer_langs.tsv"))
    args = ap.parse_args(argv)

    gaz = read_default_rows(args.gazetteer)
    country = ud.country_lemmas([(a, i, k) for a, i, k, c, l in gaz])
    rows = []
    for lang in sorted(set(LANGS) | set(MARKERS)):
        rows.append(("lang", lang, "1" if lang in CASED else "0", "1" if lang in INFLECT_ANY else "0"))
    learned = learned_rules(args.learn, country)
    seen = set()
    for (lang, lemma_end, form_end), n in sorted(learned.items()):
        if n < 3:  # seen at least three times: two names sharing an oddity teach nothing
            continue
        for _, _, _, fs, ls in after_consonants(lang, "", "", form_end, lemma_end):
            key = (lang, "", "", ud.norm(fs), ud.norm(ls) if ls else "")
            seen.add(key)
            rows.append(("rule", lang, "-", "-", fs, ls or "-", str(MIN_STEM.get(lang, 4)), str(n),
                         "learned"))
    for lang, fp, lp, fs, ls in (x for r in grammar_rules() for x in after_consonants(*r)):
        key = (lang, ud.norm(fp) if fp else "", ud.norm(lp) if lp else "", ud.norm(fs) if fs else "",
               ud.norm(ls) if ls else "")
        if key in seen:
            continue
        seen.add(key)
        rows.append(("rule", lang, fp or "-", lp or "-", fs or "-", ls or "-", str(MIN_STEM[lang]), "0",
                     "grammar"))
    for lang, words in sorted(MARKERS.items()):
        for w in words:
            rows.append(("marker", lang, w))
    for lang, alias, id_, kind, case in shared_names(args.cldr_dir, gaz):
        rows.append(("alias", lang, alias, id_, kind, case))
    for lang, w, n in common_words(args.learn, rows, args.gazetteer):
        rows.append(("common", lang, w, str(n)))

    lines = [
        "# relcore default gazetteer: languages (case, inflection rules, marker and common words, shared names)",
        "# Generated by tools/gen_gazetteer_langs.py: do not edit; rerun the tool.",
        "# Learned from UD treebanks that are not evaluated: " +
        ", ".join(f for fs in LEARN_FILES.values() for f in fs) + " (CC BY-SA 4.0 / CC BY-NC-SA 4.0 data;",
        "# only counts of word endings and a few words are kept); grammar facts as listed in the tool.",
        "# Format: docs/gazetteer.md (Languages).",
    ]
    for r in rows:
        if any("\t" in x or "\n" in x for x in r):
            sys.exit(f"field with a tab or line break: {r!r}")
        lines.append("\t".join(r))
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, args.out)
    kinds = collections.Counter(r[0] for r in rows)
    print(f"{args.out}: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
