"""relcore.Gazetteer: the Python API, file formats and their errors, persistence and pickling,
threads, the bundled default gazetteer, the damage in a real scraped article, and the UN
General Debate corpus (skipped when ../shared is absent)."""
import copy
import glob
import io
import json
import os
import pickle
import random
import tarfile
import threading

import pytest

import relcore
from relcore import Gazetteer, Match

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get("RELCORE_SHARED") or os.path.join(ROOT, "..", "shared")
SAMPLE = os.path.join(SHARED, "samples", "scraped_article_azerbaijan_us.txt")
DATA = os.path.join(ROOT, "python", "relcore", "data")
# The compiled default gazetteer is cached; keep the tests' copy out of the home directory.
os.environ.setdefault("RELCORE_CACHE_DIR", os.path.join(ROOT, "build", "cache"))


def spans(matches):
    return [(m.text, m.id) for m in matches]


@pytest.fixture
def world():
    return Gazetteer([
        ("United States", "USA", "country"),
        ("United States of America", "USA", "country"),
        ("U.S.", "USA", "country"),
        ("US", "USA", "country"),
        ("Niger", "NER", "country"),
        ("Nigeria", "NGA", "country"),
        ("Oman", "OMN", "country"),
        ("Côte d’Ivoire", "CIV", "country"),
        ("Azerbaijan", "AZE", "country"),
        ("Chad", "TCD", "country", True),
        ("中国", "CHN", "country"),
        ("Türkiye", "TUR", "country"),
        {"alias": "European Union", "id": "EU", "kind": "org", "lang": "en"},
    ])


# ---- the basics ------------------------------------------------------------------------------

def test_find_reports_str_offsets_and_fields(world):
    text = "İİ — the U.S. and Côte d'Ivoire; 中国 and Oman."
    ms = world.find(text)
    assert spans(ms) == [("U.S.", "USA"), ("Côte d'Ivoire", "CIV"), ("中国", "CHN"), ("Oman", "OMN")]
    for m in ms:
        assert text[m.start:m.end] == m.text
        assert isinstance(m, Match)
    civ = ms[1]
    assert (civ.kind, civ.alias) == ("country", "Côte d’Ivoire")
    assert world.find("the European Union")[0].kind == "org"
    assert len(world) == 13


def test_match_is_a_six_tuple():
    m = Match(3, 7, "OMN", None, "Oman", "Oman")
    assert tuple(m) == (3, 7, "OMN", None, "Oman", "Oman")
    assert m == (3, 7, "OMN", None, "Oman", "Oman") and hash(m) == hash(tuple(m))
    assert m._asdict()["id"] == "OMN"
    assert repr(m) == ("Match(start=3, end=7, id='OMN', kind=None, text='Oman', alias='Oman', "
                       "form='name')")
    start, end, *_ = m
    assert (start, end) == (3, 7)
    assert pickle.loads(pickle.dumps(m)) == m
    with pytest.raises(TypeError):
        Match(1, 2, 3, None, "t", "a")
    with pytest.raises(AttributeError):
        m.start = 4


def test_match_compares_as_its_six_tuple():
    a, b = Match(0, 4, "OMN", None, "Oman", "Oman"), Match(5, 9, "TCD", "country", "Chad", "Chad")
    assert a < b and b > a and a <= a and a >= a and a != b and not a == b
    assert a < (1,) and (0, 4) < a and a == (0, 4, "OMN", None, "Oman", "Oman") == a
    assert sorted([b, a]) == [a, b] and {a, b, (0, 4, "OMN", None, "Oman", "Oman")} == {a, b}
    assert a != [0, 4, "OMN", None, "Oman", "Oman"] and a != "Oman"  # a list is not a tuple
    for other in ([0], "Oman", 3):
        with pytest.raises(TypeError):
            a < other
    assert (relcore.Token(0, 4, "Oman", "word") < a) == ((0, 4, "Oman", "word") < tuple(a))
    assert a.__eq__(3) is NotImplemented


def test_match_form_is_outside_the_tuple_in_every_way():
    name = Match(0, 4, "RUS", "country", "Russian", "Russian")
    dem = Match(0, 4, "RUS", "country", "Russian", "Russian", form="demonym")
    assert isinstance(dem, Match) and (dem.form, name.form) == ("demonym", "name")
    assert dem == name and hash(dem) == hash(name) and len(dem) == 6  # the 6-tuples are equal
    assert Match(*name, form=None).form == "name"
    for m in (dem, pickle.loads(pickle.dumps(dem)), copy.copy(dem), copy.deepcopy(dem)):
        assert m.form == "demonym" and tuple(m) == tuple(name)
    assert repr(dem).endswith("form='demonym')") and dem._asdict()["form"] == "demonym"
    with pytest.raises(AttributeError):
        dem.form = "name"
    with pytest.raises(AttributeError):
        dem.extra = 1
    match dem:
        case Match(start, end, ident):
            assert (start, end, ident) == (0, 4, "RUS")
    with pytest.raises(TypeError, match="kind"):
        Match(0, 1, "X", 3, "x", "x")


def test_find_after_every_change_and_in_subclasses():
    """find is the compiled form's own once compiled: every add, copy and load still shows, and a
    subclass's find is its own."""
    g = Gazetteer([("Oman", "OMN")])
    assert [m.id for m in g.find("Oman and Chad")] == ["OMN"]
    g.add("Chad", "TCD")
    assert [m.id for m in g.find("Oman and Chad")] == ["OMN", "TCD"]
    g._add_many([("Niger", "NER")])
    h = g.copy()
    h.add("Oman", "OMN-2")
    assert [m.id for m in g.find("Niger, Oman")] == ["NER", "OMN"]
    assert sorted(m.id for m in h.find("Oman", overlapping=True)) == ["OMN", "OMN-2"]

    class Loud(Gazetteer):
        def find(self, text, **kw):
            return [m._asdict() for m in super().find(text, **kw)]
    loud = Loud([("Chad", "TCD")])
    for _ in range(2):
        assert loud.find("Chad")[0]["id"] == "TCD"


def test_whole_words_spaces_and_case(world):
    assert spans(world.find("Nigeria, Romania and Omani")) == [("Nigeria", "NGA")]
    assert spans(world.find("Niger and Nigeria")) == [("Niger", "NER"), ("Nigeria", "NGA")]
    assert spans(world.find("the United\nStates")) == [("United\nStates", "USA")]
    assert spans(world.find("us, Us and US")) == [("US", "USA")]
    assert spans(world.find("chad, Chad, CHAD")) == [("Chad", "TCD"), ("CHAD", "TCD")]
    assert spans(world.find("COTE D’IVOIRE and Cote d`Ivoire")) == [
        ("COTE D’IVOIRE", "CIV"), ("Cote d`Ivoire", "CIV")]
    assert spans(world.find("TÜRKİYE")) == [("TÜRKİYE", "TUR")]


def test_overlapping(world):
    ms = world.find("United States of America", overlapping=True)
    assert [(m.start, m.end) for m in ms] == [(0, 13), (0, 24)]
    assert [(m.start, m.end) for m in world.find("United States of America")] == [(0, 24)]


def test_case_sensitive_argument():
    g = Gazetteer()
    g.add("Turkey", "TUR", case_sensitive=True)
    g.add("IRAN", "IRN", case_sensitive=False)
    g.add("UN", "UN")
    assert spans(g.find("turkey Turkey TURKEY")) == [("Turkey", "TUR"), ("TURKEY", "TUR")]
    assert spans(g.find("iran")) == [("iran", "IRN")]
    assert spans(g.find("un UN")) == [("UN", "UN")]
    assert [g.case_sensitive(i) for i in range(3)] == [True, False, True]
    assert g.entries()[0] == ("Turkey", "TUR", None, True, None, "name")


def test_bytes_input_and_bad_text(world):
    assert spans(world.find("in Oman".encode())) == [("Oman", "OMN")]
    with pytest.raises(UnicodeDecodeError):
        world.find(b"Oman \xff")
    with pytest.raises(ValueError, match="surrogate"):
        world.find("Oman \ud800 " * 100)
    with pytest.raises(TypeError):
        world.find(42)


def test_add_errors():
    g = Gazetteer()
    with pytest.raises(ValueError, match="alias must not be empty"):
        g.add("", "X")
    with pytest.raises(ValueError, match="id must not be empty"):
        g.add("X", "")
    with pytest.raises(ValueError, match="nothing to match"):
        g.add(" — ", "X")
    for bad in ("yes", 1, 0.0):  # not any truthy object: 'yes' is a mistake
        with pytest.raises(TypeError, match=r"^case_sensitive must be None, True or False, not "):
            g.add("X", "Y", case_sensitive=bad)
        b = relcore._core.GazetteerBuilder()  # the C half checks it too: what it adds is right
        with pytest.raises(TypeError, match=rf"^case_sensitive must be None, True or False, not {bad!r}$"):
            b.add("X", "Y", None, bad)
        assert len(b) == 0
    with pytest.raises(ValueError, match=r"^entry 1: case must be auto, sensitive or insensitive"):
        g._add_entries([("Y", "Y"), ("X", "X", None, 1)])
    with pytest.raises(TypeError):
        g.add("X", 5)
    with pytest.raises(TypeError):
        g.add("X", "Y", kind=3)
    assert len(g) == 1  # the entry before the bad one


def test_lazy_compile_and_copy(world):
    assert world.find("Atlantis") == []
    world.add("Atlantis", "ATL")
    assert spans(world.find("Atlantis")) == [("Atlantis", "ATL")]
    other = world.copy()
    other.add("Lemuria", "LEM")
    assert world.find("Lemuria") == [] and len(other) == len(world) + 1
    assert spans(other.find("Lemuria and Oman")) == [("Lemuria", "LEM"), ("Oman", "OMN")]


def test_from_entries_errors_name_the_entry():
    with pytest.raises(ValueError, match=r"entry 1: .*case"):
        Gazetteer.from_entries([("A", "a"), ("B", "b", None, "maybe")])
    with pytest.raises(ValueError, match=r"entry 2: .*nothing to match"):
        Gazetteer([("A", "a"), ("B", "b"), ("--", "c")])
    with pytest.raises(TypeError, match="entry 0"):
        Gazetteer([42])


# ---- files -------------------------------------------------------------------------------------

def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_from_file_tsv_csv_jsonl(tmp_path):
    tsv = write(tmp_path, "g.tsv", "# comment\nalias\tid\tkind\tcase\tlang\tsource\n"
                "Oman\tOMN\tcountry\tauto\ten\tmanual\nUS\tUSA\tcountry\tsensitive\t\t\n\n")
    csv_ = write(tmp_path, "g.csv", 'alias,id,kind\n"Korea, Republic of",KOR,country\nOman,OMN,\n')
    jsonl = write(tmp_path, "g.jsonl", '{"alias": "Oman", "id": "OMN", "kind": "country"}\n'
                  '# a comment\n{"alias": "US", "id": "USA", "case": "sensitive"}\n')
    plain = write(tmp_path, "plain.tsv", "Oman\tOMN\nNiger\tNER\tcountry\n")
    assert spans(Gazetteer.from_file(tsv).find("us US Oman")) == [("US", "USA"), ("Oman", "OMN")]
    assert spans(Gazetteer.from_file(csv_).find("Korea, Republic of")) == [("Korea, Republic of", "KOR")]
    g = Gazetteer.from_file(str(jsonl))
    assert spans(g.find("us US Oman")) == [("US", "USA"), ("Oman", "OMN")]
    assert g.find("Oman")[0].kind == "country"
    assert len(Gazetteer.from_file(plain)) == 2
    assert len(Gazetteer.from_file(write(tmp_path, "x.data", "Oman\tOMN\n"), format="tsv")) == 1


@pytest.mark.parametrize("name, text, message", [
    ("bad.tsv", "alias\tid\nOman\tOMN\nNiger\n", r"bad\.tsv:3: missing id"),
    ("bad.tsv", "alias\tid\tcase\nOman\tOMN\tmaybe\n", r"bad\.tsv:2: case must be"),
    ("bad.tsv", "alias\tid\n\n# c\nOman\tOMN\n\tNER\n", r"bad\.tsv:5: missing alias"),
    ("bad.tsv", "alias\tid\nOman\tOMN\t1\t2\n", r"bad\.tsv:2: 4 fields"),
    ("bad.tsv", "alias\tid\nOman\tOMN\n — \tX\n", r"bad\.tsv:3: .*nothing to match"),
    ("bad.csv", 'alias,id\nOman,OMN\n"multi\nline",\n', r"bad\.csv:3: missing id"),
    ("bad.jsonl", '{"alias": "Oman", "id": "OMN"}\n{"alias": "X"\n', r"bad\.jsonl:2: invalid JSON"),
    ("bad.jsonl", '{"alias": "Oman", "id": "OMN"}\n{"alias": "X"}\n', r"bad\.jsonl:2: .*'alias' and 'id'"),
    ("bad.jsonl", '{"alias": "Oman", "id": "OMN", "colour": 1}\n', r"bad\.jsonl:1: unknown entry field"),
])
def test_malformed_lines_are_named(tmp_path, name, text, message):
    with pytest.raises(ValueError, match=message):
        Gazetteer.from_file(write(tmp_path, name, text))


def test_unknown_format(tmp_path):
    with pytest.raises(ValueError, match="cannot tell the format"):
        Gazetteer.from_file(write(tmp_path, "g.xml", "<x/>"))


# ---- persistence -------------------------------------------------------------------------------

def test_save_load_pickle(world, tmp_path):
    text = "The U. S, Côte d’Ivoire, 中国, chad and Chad."
    want = world.find(text)
    path = tmp_path / "world.rcg"
    world.save(path)
    loaded = Gazetteer.load(path)
    assert isinstance(loaded, Gazetteer) and len(loaded) == len(world)
    assert loaded.find(text) == want
    assert loaded.entries() == world.entries()
    again = pickle.loads(pickle.dumps(world))
    assert type(again) is Gazetteer and again.find(text) == want
    again.add("Atlantis", "ATL")
    assert spans(again.find("Atlantis")) == [("Atlantis", "ATL")]


def test_load_refuses_damaged_files(world, tmp_path):
    data = world._image()
    rng = random.Random(4)
    cuts = sorted({0, 1, 8, 100, len(data) // 2, len(data) - 1} | {rng.randrange(len(data)) for _ in range(20)})
    for cut in cuts:
        p = tmp_path / f"cut{cut}.rcg"
        p.write_bytes(data[:cut])
        with pytest.raises(ValueError, match="not a relcore gazetteer image"):
            Gazetteer.load(p)
    for _ in range(50):
        flipped = bytearray(data)
        flipped[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        with pytest.raises(ValueError):
            Gazetteer._from_image(bytes(flipped))
    with pytest.raises(FileNotFoundError):
        Gazetteer.load(tmp_path / "missing.rcg")
    with pytest.raises(ValueError):
        pickle.loads(pickle.dumps(world).replace(b"RCGAZ", b"RCGAY"))


def test_files_are_named_in_errors(world, tmp_path):
    """save and load take str, bytes and path-like paths; errors name the path as given."""
    not_image = tmp_path / "notes.txt"
    not_image.write_text("not an image")
    for path in (not_image, str(not_image), os.fsencode(not_image)):
        with pytest.raises(ValueError) as e:
            Gazetteer.load(path)
        assert str(e.value) == f"{path}: not a relcore gazetteer image, or truncated, corrupted or of another version"
    missing = tmp_path / "nowhere" / "g.rcg"
    for path in (missing, str(missing), os.fsencode(missing)):
        with pytest.raises(FileNotFoundError) as e:
            Gazetteer.load(path)
        assert e.value.filename == path
        with pytest.raises(FileNotFoundError):
            world.save(path)
    with pytest.raises(IsADirectoryError):
        world.save(tmp_path)
    with pytest.raises(TypeError):
        Gazetteer.load(3.5)
    for path in (tmp_path / "a.rcg", str(tmp_path / "b.rcg"), os.fsencode(tmp_path / "c.rcg")):
        world.save(path)
        assert Gazetteer.load(path).entries() == world.entries()
    with pytest.raises(ValueError, match="^gazetteer image: not a relcore gazetteer image"):
        Gazetteer._from_image(b"RCGAZ")


# ---- threads -----------------------------------------------------------------------------------

def test_find_from_many_threads(world):
    rng = random.Random(5)
    words = ["Oman", "United States", "U. S", "Niger", "Nigeria", "中国", "us", "the", "Chad",
             "Côte d'Ivoire", "and", "peace"]
    texts = [" ".join(rng.choice(words) for _ in range(3000)) for _ in range(16)]
    want = [world.find(t) for t in texts]
    results = [None] * 64
    errors = []

    def work(k):
        try:
            results[k] = world.find(texts[k % 16])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(64)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(results[k] == want[k % 16] for k in range(64))


def test_add_while_other_threads_find(world):
    text = "Oman and the United States. " * 2000
    stop = threading.Event()
    counts, errors = [], []

    def finder():
        while not stop.is_set():
            try:
                counts.append(len(world.find(text)))
            except Exception as exc:  # pragma: no cover
                errors.append(exc)

    threads = [threading.Thread(target=finder) for _ in range(4)]
    for t in threads:
        t.start()
    for i in range(200):
        world.add(f"Place{i}", f"P{i}")
    stop.set()
    for t in threads:
        t.join()
    assert not errors and counts and set(counts) == {4000}
    assert len(world) == 213 and spans(world.find("Place199")) == [("Place199", "P199")]


# ---- the default gazetteer ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def default():
    return Gazetteer.default()


def test_default_gazetteer(default):
    assert len(default) > 3000
    text = ("The Islamic Republic of Iran, the Democratic People’s Republic of Korea, Bolivia "
            "(Plurinational State of), Azerbaijani and Armenian troops, NATO, the OSCE and the EU; "
            "Türkiye, Côte d'Ivoire, 中国, Азербайджан.")
    ids = [m.id for m in default.find(text)]
    for want in ["IRN", "PRK", "BOL", "AZE", "ARM", "NATO", "OSCE", "EU", "TUR", "CIV", "CHN"]:
        assert want in ids, want
    assert "AZE" in [m.id for m in default.find("Азербайджан")]
    assert [m.id for m in default.find("we and us")] == []
    assert [m.id for m in default.find("Nigeria")] == ["NGA"]
    assert [m.id for m in default.find("the Indian Ocean")] != ["IND"]


def test_default_is_shared_but_independent():
    a, b = Gazetteer.default(), Gazetteer.default()
    assert a is not b
    a.add("Atlantis", "ATL")
    assert b.find("Atlantis") == [] and spans(a.find("Atlantis")) == [("Atlantis", "ATL")]


def test_default_cache_round_trip(tmp_path, monkeypatch):
    """The default is built once and cached as an image; a stale or damaged cache is rebuilt."""
    from relcore import _gazetteer as gz
    monkeypatch.setenv("RELCORE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(gz, "_default", {})
    path = gz.default_cache_path()
    g1 = gz.shared_default()
    assert path.exists() and path.parent == tmp_path
    monkeypatch.setattr(gz, "_default", {})
    g2 = gz.shared_default()
    assert g2.entries() == g1.entries()
    path.write_bytes(path.read_bytes()[:1000])
    monkeypatch.setattr(gz, "_default", {})
    assert len(gz.shared_default()) == len(g1)
    # the variant with capitals has a cache of its own, and neither removes the other
    caps = gz.default_cache_path(capitals=True)
    assert caps != path
    g3 = gz.shared_default(True)
    assert caps.exists() and path.exists()
    assert {e[5] for e in g3.entries()} >= {"capital"} and "capital" not in {e[5] for e in g1.entries()}


# What can surround an alias without being part of its match: spaces, format characters, dashes.
_EDGES = " \t\n\u00a0\u200b\u200c\u200d\u2060\ufeff-\u2013\u2014"


def expected_span(alias, offset):
    core = alias.strip(_EDGES)
    start = offset + alias.index(core)
    return start, start + len(core)


def test_every_default_alias_finds_itself(default):
    """The builder and the matcher cut text the same way: each alias, alone or in a sentence, is
    found as a whole by an entry of its id. (The same entries without the default's language
    settings, in every language: capitals and common words are not what this checks.)"""
    plain = relcore.Gazetteer.from_entries(default.entries())
    for alias, id_, _, _, _, form in default.entries():
        if form == "block":  # never reported: covered by test_default_blocks
            continue
        for text, offset in ((alias, 0), (f"In {alias}, today", 3)):
            found = {(m.start, m.end, m.id) for m in plain.find(text, overlapping=True, lang="*")}
            assert (*expected_span(alias, offset), id_) in found, (alias, id_, found)


def test_cldr_names_find_themselves():
    path = os.path.join(DATA, "cldr_territories.tsv")
    if not os.path.exists(path):
        pytest.skip("no cldr_territories.tsv")
    g = Gazetteer.from_file(path)
    assert len(g) > 20000
    for alias, id_, *_ in g.entries()[::7]:
        found = {(m.start, m.end, m.id) for m in g.find(alias, overlapping=True)}
        assert (*expected_span(alias, 0), id_) in found, (alias, id_, found)


# ---- the damage of a real scraped page -----------------------------------------------------------

@pytest.fixture(scope="module")
def sample():
    if not os.path.exists(SAMPLE):
        pytest.skip("../shared/samples is absent")
    with open(SAMPLE, encoding="utf-8") as f:
        return f.read()


def test_scraped_article(default, sample):
    ms = default.find(sample)
    for m in ms:
        assert sample[m.start:m.end] == m.text
    by_text = {}
    for m in ms:
        by_text.setdefault(m.text, set()).add(m.id)
    assert by_text["U. S"] == {"USA"}                      # "U. S soldiers"
    assert by_text["U.S."] == {"USA"}
    assert by_text["US"] == {"USA"}                        # "US – Azerbaijan Relations"
    assert by_text["Azerbaijani"] == {"AZE"}
    assert by_text["Armenian"] == {"ARM"}                  # "Armenian-backed"
    assert "us" not in by_text                              # the pronoun
    assert "azerbaijan" in by_text                          # lower-case SEO lines
    # En dashes between names: "Azerbaijan–United States relations".
    i = sample.index("Azerbaijan–United States")
    assert [(m.text, m.id) for m in ms if i <= m.start < i + 30] == [
        ("Azerbaijan", "AZE"), ("United States", "USA")]
    # A bare truncated "U." is nothing.
    j = sample.index("the U. However")
    assert not [m for m in ms if j <= m.start < j + 14 and m.id == "USA"]


def test_possessives_and_headings(default):
    text = "AZERBAIJAN–UNITED STATES RELATIONS\nAzerbaijan’s and Armenia's leaders; U.S.-led talks"
    assert [(m.text, m.id) for m in default.find(text)] == [
        ("AZERBAIJAN", "AZE"), ("UNITED STATES", "USA"), ("Azerbaijan", "AZE"), ("Armenia", "ARM"),
        ("U.S.", "USA")]


# ---- the UN General Debate corpus ----------------------------------------------------------------

def ungdc_files():
    """Sessions 70-78 from /tmp/ungdc, or unpacked from ../shared/corpora/ungdc into build/."""
    pattern = "Session {s} - */*.txt"
    for base in ("/tmp/ungdc", os.path.join(ROOT, "build", "ungdc")):
        files = [f for s in range(70, 79) for f in glob.glob(os.path.join(base, pattern.format(s=s)))]
        if len(files) > 1700:
            return sorted(files)
    archives = glob.glob(os.path.join(SHARED, "corpora", "ungdc", "*.tar.xz"))
    if not archives:
        return []
    out = os.path.join(ROOT, "build", "ungdc")
    os.makedirs(out, exist_ok=True)
    for a in archives:
        with tarfile.open(a) as tf:
            members = [m for m in tf.getmembers()
                       if any(f"Session {s} - " in m.name for s in range(70, 79))]
            tf.extractall(out, members=members)
    files = glob.glob(os.path.join(out, "**", "*.txt"), recursive=True)
    return sorted(f for f in files if any(f"Session {s} - " in f for s in range(70, 79)))


@pytest.mark.corpus
def test_ungdc_speakers_name_themselves(default):
    files = ungdc_files()
    if not files:
        pytest.skip("UNGDC corpus not available")
    assert len(files) == 1746
    found = 0
    for path in files:
        speaker = os.path.basename(path).split("_")[0]
        with open(path, encoding="utf-8") as f:
            text = f.read()
        found += any(m.id == speaker for m in default.find(text))
    assert found / len(files) >= 0.99, f"{found} of {len(files)}"


def test_forms_are_reported_and_blocks_hide_what_they_cover():
    g = Gazetteer([("Mexico", "MEX", "country"),
                   ("Mexican", "MEX", "country", None, None, "demonym"),
                   ("Mexico City", "PL_MEXICO_CITY", "place", True, None, "block")])
    g.add("Moscow", "RUS", kind="country", form="capital")
    ms = g.find("Mexico City is in Mexico; a Mexican view from Moscow")
    assert [(m.text, m.id, m.form) for m in ms] == [
        ("Mexico", "MEX", "name"), ("Mexican", "MEX", "demonym"), ("Moscow", "RUS", "capital")]
    assert [m.text for m in g.find("Mexico City", overlapping=True)] == ["Mexico"]
    assert [m.text for m in g.find("Mexico city")] == ["Mexico"]  # the block is case-sensitive
    assert [e[5] for e in g.entries()] == ["name", "demonym", "block", "capital"]
    # the form survives copies, images and pickles, and goes into Match pickles too
    for h in (g.copy(), pickle.loads(pickle.dumps(g)), Gazetteer(g.entries())):
        assert [(m.text, m.form) for m in h.find("Mexico City, Mexican")] == [("Mexican", "demonym")]
    m = g.find("Moscow")[0]
    assert pickle.loads(pickle.dumps(m)).form == "capital" and m._asdict()["form"] == "capital"
    assert tuple(m) == (0, 6, "RUS", "country", "Moscow", "Moscow")  # still a 6-tuple
    assert Match(0, 1, "X", None, "x", "x").form == "name"
    assert Match(0, 1, "X", None, "x", "x", form="demonym").form == "demonym"
    with pytest.raises(ValueError, match="form must be"):
        g.add("Paris", "FRA", form="city")
    with pytest.raises(ValueError, match="form must be"):
        Match(0, 1, "X", None, "x", "x", "town")


def test_form_column_in_files(tmp_path):
    p = tmp_path / "g.tsv"
    p.write_text("alias\tid\tkind\tcase\tlang\tform\n"
                 "Chad\tTCD\tcountry\tsensitive\ten\t\n"
                 "Chadian\tTCD\tcountry\tauto\ten\tdemonym\n"
                 "Lake Chad\tPL_LAKE_CHAD\tplace\tauto\ten\tblock\n", encoding="utf-8")
    g = Gazetteer.from_file(p)
    assert [(m.text, m.form) for m in g.find("Chad, Lake Chad, Chadian")] == [
        ("Chad", "name"), ("Chadian", "demonym")]
    p.write_text("alias\tid\tform\nChad\tTCD\tcity\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"g.tsv:2: form must be"):
        Gazetteer.from_file(p)
