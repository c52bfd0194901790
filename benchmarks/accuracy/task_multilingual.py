"""Country names in the languages of the region: relcore (automatic and with lang=) against a naive
exact-form matcher, on the UD dev splits (gold: words whose annotated lemma is a country name; see
tools/ud_country_names.py for the gold and the scoring). Rows per language: precision, recall, F1,
n = gold words; the note gives false matches per 1,000 sentences."""
import os
import sys

NAME = "multilingual"

TREEBANKS = {"ru": "ru_gsd", "uk": "uk_iu", "hy": "hy_bsut", "ka": "ka_glc", "tr": "tr_boun",
             "fa": "fa_perdt", "fr": "fr_gsd"}


def evaluate(ctx):
    root = str(ctx.root)
    sys.path.insert(0, os.path.join(root, "tools"))
    import relcore
    import ud_country_names as ud

    if ctx.shared is None:
        return []
    data = os.path.join(root, "python", "relcore", "data")
    rows = ud.gazetteer_rows(os.path.join(data, "gazetteer.tsv")) + \
        ud.gazetteer_rows(os.path.join(data, "gazetteer_langs.tsv"))
    g = relcore.Gazetteer.default()
    kinds = ud.COUNTRY_KINDS
    out = []
    for lang, tb in TREEBANKS.items():
        path = os.path.join(str(ctx.shared), "corpora", "ud", f"{tb}-ud-dev.conllu")
        if not os.path.exists(path):
            continue
        sents = list(ud.read_conllu(path))
        if ctx.quick:
            sents = sents[:200]
        lemmas = ud.country_lemmas(rows, {lang, "en"})
        words = ud.country_lemmas(rows, {lang, "en"}, forms=None)
        systems = {
            "relcore": lambda t: [(m.start, m.end, m.id) for m in g.find(t) if m.kind in kinds],
            f"relcore lang={lang}": lambda t: [(m.start, m.end, m.id) for m in g.find(t, lang=lang)
                                               if m.kind in kinds],
            "exact-form": ud.exact_form_matcher(lemmas),
        }
        for name, matcher in systems.items():
            s = ud.score(sents, lemmas, matcher, words)
            out.append({"task": NAME, "dataset": f"{tb} dev", "system": name,
                        "precision": s.precision, "recall": s.recall, "f1": s.f1, "n": s.gold,
                        "note": f"{s.false_per_1000:.2f} false matches per 1,000 sentences "
                                f"({s.false} in {s.sentences})"})
    return out
