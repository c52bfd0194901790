"""The default gazetteer in the languages of the region: inflected names, clitics and suffixes
(grammar examples), language-aware firing, and the languages file's format and provenance."""
import os
import pickle

import pytest

import relcore

DATA = os.path.join(os.path.dirname(relcore.__file__), "data")


@pytest.fixture(scope="module")
def g():
    return relcore.Gazetteer.default()


def ids(g, text, **kw):
    return [(m.text, m.id) for m in g.find(text, **kw)]


@pytest.mark.parametrize("text, expected", [
    # Russian and Ukrainian: case endings replace the final vowel.
    ("Визит президента России в Азербайджан и в Мексику.", [("России", "RUS"), ("Азербайджан", "AZE"), ("Мексику", "MEX")]),
    ("Делегация Швейцарии прибыла.", [("Швейцарии", "CHE")]),
    ("Посол України в Росії заявив.", [("України", "UKR"), ("Росії", "RUS")]),
    # Armenian articles and cases.
    ("Հայաստանի և Ադրբեջանի միջև, Ռուսաստանում", [("Հայաստանի", "ARM"), ("Ադրբեջանի", "AZE"), ("Ռուսաստանում", "RUS")]),
    # Georgian: the nominative -ი dropped before a case ending.
    ("საქართველოს და რუსეთის შორის, აზერბაიჯანში", [("საქართველოს", "GEO"), ("რუსეთის", "RUS"), ("აზერბაიჯანში", "AZE")]),
    # Turkish with and without an apostrophe, derived forms.
    ("Türkiyemizin ve Kolombiyalı bir yazar Kamerunlu", [("Türkiyemizin", "TUR"), ("Kolombiyalı", "COL"), ("Kamerunlu", "CMR")]),
])
def test_inflected_names(g, text, expected):
    assert ids(g, text) == expected


@pytest.mark.parametrize("text, span, id_", [
    # Arabic proclitics و ف ب ل ك before a name; the span leaves them out.
    ("والصين", "الصين", "CHN"),
    ("والهند", "الهند", "IND"),
    ("بألبانيا", "ألبانيا", "ALB"),
    ("لروسيا", "روسيا", "RUS"),
    ("فمصر", "مصر", "EGY"),
    # ل + ال is written لل: the preposition is the first ل.
    ("للولايات المتحدة", "لولايات المتحدة", "USA"),
    # Nisba adjectives.
    ("الرئيس الصيني", "الصيني", "CHN"),
])
def test_arabic_proclitics_and_nisba(g, text, span, id_):
    assert (span, id_) in ids(g, text, lang="ar")
    assert (span, id_) in ids(g, text)


@pytest.mark.parametrize("word", [
    "Azərbaycanın", "Azərbaycana", "Azərbaycanı", "Azərbaycanda", "Azərbaycandan", "Azərbaycanla",
    "Azərbaycanlı", "Azərbaycanlılar", "Azərbaycanlıların", "Azərbaycandakı",
])
def test_azerbaijani_suffixes(g, word):
    """Grammar examples: genitive, dative, accusative, locative, ablative, instrumental, the
    derived -lı and its plural, -dakı; with the marker word "və" the text is Azerbaijani."""
    assert ids(g, f"{word} və") == [(word, "AZE")]
    assert ids(g, word, lang="az") == [(word, "AZE")]


@pytest.mark.parametrize("text, lang", [
    ("того, что он сказал", "ru"),          # "that" is not Togo
    ("вони мали рацію", "uk"),              # "had" is not Mali
    ("bir bardak sudan içtim ve katar geçti", "tr"),  # "from water", "train" (lower case)
    ("bir bardak sudan ve bir katar", "tr"),  # the same in ASCII only
    ("کمک مالی به او", "fa"),               # "financial"
])
def test_ordinary_words_do_not_fire(g, text, lang):
    assert ids(g, text) == []
    assert ids(g, text, lang=lang) == []


@pytest.mark.parametrize("text", [
    "Maurice Greene won the race.",
    "He works at Credit Suisse in Zurich.",
    "Dominique Strauss-Kahn resigned.",
    "Salvador Dalí painted it.",
])
def test_latin_aliases_of_other_languages_stay_out_of_english(g, text):
    assert [m.id for m in g.find(text) if m.kind in ("country", "territory")] == []


def test_turkish_alias_stays_out_of_persian_text(g):
    text = "او به Fas و تهران سفر کرد"
    assert "MAR" not in [m.id for m in g.find(text)]
    assert "MAR" not in [m.id for m in g.find(text, lang="fa")]
    assert "MAR" in [m.id for m in g.find(text, lang="tr")]


def test_every_language_on_request(g):
    assert ("Maurice", "MUS") in ids(g, "Maurice Greene won the race.", lang="*")
    assert ("Maurice", "MUS") in ids(g, "Le président de Maurice et le Premier ministre")
    assert ("Suisse", "CHE") in ids(g, "la Suisse et la France", lang="fr")


def test_one_language_only(g):
    text = "Россия и Rusya"
    assert ids(g, text, lang="ru") == [("Россия", "RUS")]
    assert ids(g, text, lang="tr") == [("Rusya", "RUS")]
    assert ids(g, "Azerbaijan", lang="ru") == [("Azerbaijan", "AZE")]  # English names stay
    with pytest.raises(TypeError):
        g.find("x", lang=3)


def test_english_text_unchanged(g):
    text = ("The United States, the U.S. and Azerbaijan's delegation met Turkey, not a turkey, "
            "in Côte d'Ivoire — with the EU and NATO.")
    assert [m.id for m in g.find(text)] == ["USA", "USA", "AZE", "TUR", "CIV", "EU", "NATO"]


def test_language_data_survives_save_load_and_pickle(g, tmp_path):
    path = tmp_path / "g.rcg"
    g.save(path)
    for h in (relcore.Gazetteer.load(path), pickle.loads(pickle.dumps(g))):
        assert ids(h, "в России") == [("России", "RUS")]
    h = g.copy()
    h.add("Atlantis", "ATL")
    assert ids(h, "в России и Atlantis") == [("России", "RUS"), ("Atlantis", "ATL")]


def test_old_image_version_refused_clearly(g, tmp_path):
    import struct
    path = tmp_path / "old.rcg"
    g.save(path)
    data = bytearray(path.read_bytes())
    data[8:12] = struct.pack("<I", 1)
    data[24:32] = bytes(8)
    # the checksum over the edited image (FNV-1a style over 64-bit words, see gazetteer_image.c)
    h = 0xCBF29CE484222325
    for i in range(0, len(data), 8):
        w = int.from_bytes(bytes(data[i:i + 8]).ljust(8, b"\0"), "little")
        h = ((h ^ w) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
        h ^= h >> 31
    data[24:32] = h.to_bytes(8, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match=r"^.*\.rcg: a relcore gazetteer image of another format version \(this "
                       r"relcore reads version \d+\): rebuild it from its entries and save it again$"):
        relcore.Gazetteer.load(path)


def test_languages_file_rows():
    kinds = {}
    with open(os.path.join(DATA, "gazetteer_langs.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            r = line.rstrip("\n").split("\t")
            kinds.setdefault(r[0], []).append(r)
    assert set(kinds) == {"lang", "rule", "marker", "common", "alias"}
    assert {r[1] for r in kinds["rule"]} >= {"ru", "uk", "hy", "ka", "tr", "az", "ar", "fa"}
    # every rule says where it came from, learned ones with their count
    for r in kinds["rule"]:
        assert r[8] in ("learned", "grammar") and (r[8] == "grammar" or int(r[7]) >= 3)


def test_generator_reproduces_committed_languages_file(tmp_path):
    """tools/gen_gazetteer_langs.py is deterministic. It needs the learning treebanks (not part of
    the repository or of ../shared): set RELCORE_UD_LEARN to their folder to run this."""
    import subprocess
    import sys
    learn = os.environ.get("RELCORE_UD_LEARN")
    if not learn or not os.path.isdir(learn):
        pytest.skip("RELCORE_UD_LEARN is not set to the learning treebanks")
    if not os.path.isdir("/usr/share/unicode/cldr/common"):
        pytest.skip("no CLDR (Debian unicode-cldr-core)")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = tmp_path / "langs.tsv"
    subprocess.run([sys.executable, os.path.join(root, "tools", "gen_gazetteer_langs.py"), "--learn", learn,
                    "--out", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == open(os.path.join(DATA, "gazetteer_langs.tsv"), "rb").read()


def test_a_languages_file_is_read_row_by_row(tmp_path):
    """Every row but an alias goes to the core as it is (rc_gazetteer_builder_add_lang_row); a row
    the core refuses is named by its file and line."""
    from relcore._gazetteer import _add_language_file

    path = tmp_path / "langs.tsv"
    path.write_text("# comment\nlang\tru\t1\t1\nrule\tru\t-\t-\tи\tя\t2\t40\tgrammar\nmarker\tru\tи\n"
                    "alias\tru\tТого\tTGO\tcountry\tauto\ncommon\tru\tтого\t12\n", encoding="utf-8")
    g = relcore.Gazetteer([("Россия", "RUS", "country", None, "ru")])
    _add_language_file(g, path)
    assert ids(g, "и в России") == [("России", "RUS")]
    assert ids(g, "и того, и Того") == [("Того", "TGO")]  # common word: only with its capital
    for bad in ("lang\tru\tyes\t1", "rule\tru\tи\tя", "markers\tru\tи", "marker\tru\ttwo words",
                "marker\tru\tдва слова"):
        path.write_text(f"# comment\n{bad}\n", encoding="utf-8")
        with pytest.raises(ValueError, match=f"^{path}:2: "):
            _add_language_file(relcore.Gazetteer(), path)


@pytest.mark.parametrize("row, message", [
    ("markers\tru\tи", "unknown row kind 'markers'"),
    ("rule\tru\tи\tя", "a rule row has 7 fields or more, not 4"),
    ("lang\tru\t1", "a lang row has 4 fields or more, not 3"),
    ("alias\tru\tТого\tTGO\tcountry", "an alias row has 6 fields or more, not 5"),
    ("common\tru", "a common row has 3 fields or more, not 2"),
    ("lang\tru\tyes\t1", "lang flags must be 0 or 1, not 'yes' '1'"),
    ("lang\tru\t1\t", "lang flags must be 0 or 1, not '1' ''"),
    ("rule\tru\t-\t-\tи\tя\ttwo", "min_stem must be a number of at most 9 digits, not 'two'"),
    ("rule\tru\t-\t-\tи\tя\t1234567890", "min_stem must be a number of at most 9 digits, not '1234567890'"),
])
def test_a_bad_languages_row_is_named(tmp_path, row, message):
    """What is wrong with a row is said, not just that the core refused it."""
    from relcore._gazetteer import _add_language_file

    path = tmp_path / "langs.tsv"
    path.write_text(f"# comment\n{row}\n", encoding="utf-8")
    with pytest.raises(ValueError) as e:
        _add_language_file(relcore.Gazetteer(), path)
    assert str(e.value) == f"{path}:2: {message}"
