"""relcore.Gazetteer as an object: its Python half (lock, builder or compiled form, copies,
pickling) over _core.GazetteerBuilder and _core.CompiledGazetteer, as subclasses, threads and the
C functions that take its compiled form see it."""
import copy
import os
import pickle
import sys
import threading

import pytest

import relcore
from relcore import Gazetteer, _core

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("RELCORE_CACHE_DIR", os.path.join(ROOT, "build", "cache"))

ENTRIES = [("Oman", "OMN", "country"), ("Chad", "TCD", "country")]


def ids(matches):
    return [m.id for m in matches]


# ---- the C side takes the compiled form -----------------------------------------------------------

def test_analyze_compiles_what_was_added_and_hands_the_compiled_form_to_c():
    g = Gazetteer(ENTRIES)
    assert ids(relcore.analyze("Oman and Chad.", gazetteer=g).mentions) == ["OMN", "TCD"]
    g.add("Niger", "NER")
    docs = relcore.analyze_many(["Niger.", "Chad."], gazetteer=g, threads=1)
    assert [ids(d.mentions) for d in docs] == [["NER"], ["TCD"]]
    assert ids(_core.analyze("Niger and Chad.", g._compiled())[:]) == ["NER", "TCD"]


class Raising(Gazetteer):
    def _compiled(self):
        raise LookupError("no compiled form today")


class WrongType(Gazetteer):
    def _compiled(self):
        return self._wrong

    def __init__(self, wrong):
        super().__init__(ENTRIES)
        self._wrong = wrong


def test_a_subclass_whose_compiled_form_fails():
    with pytest.raises(LookupError, match="no compiled form today"):
        relcore.analyze("Oman", gazetteer=Raising(ENTRIES))
    with pytest.raises(LookupError):
        list(relcore.analyze_many(["Oman", "Chad"], gazetteer=Raising(ENTRIES), threads=1))
    for wrong in [None, 3, "compiled", _core.GazetteerBuilder(), Gazetteer(ENTRIES)]:
        g = WrongType(wrong)
        refs = sys.getrefcount(wrong)  # (only objects of this test: None and 3 are everywhere)
        for call in (lambda: relcore.analyze("Oman", gazetteer=g),
                     lambda: list(relcore.analyze_many(["Oman"], gazetteer=g, threads=1))):
            with pytest.raises(TypeError, match=r"gazetteer must be a CompiledGazetteer .*, not "):
                call()
        assert sys.getrefcount(wrong) == refs or not isinstance(wrong, (Gazetteer, _core.GazetteerBuilder))


def test_the_c_functions_refuse_anything_but_the_compiled_form():
    for bad in [3, "Oman", object(), _core.GazetteerBuilder(), Gazetteer(ENTRIES)]:
        for call in (lambda: _core.analyze("Oman", bad), lambda: _core.analyze_stream(bad, 1, 1),
                     lambda: _core.Counter(bad, 0)):
            with pytest.raises(TypeError, match=r"gazetteer must be a CompiledGazetteer \(relcore\.Gazetteer\._compiled\(\)\), not "):
                call()


# ---- subclasses ----------------------------------------------------------------------------------

class Named(Gazetteer):
    """A subclass whose constructor needs an argument and which keeps state of its own."""

    def __init__(self, name, entries=()):
        super().__init__(entries)
        self.name = name


def test_copies_pickles_and_loads_of_a_subclass(tmp_path):
    g = Named("world", ENTRIES)
    g.notes = ["a list"]
    for other in (g.copy(), copy.copy(g), copy.deepcopy(g), pickle.loads(pickle.dumps(g))):
        assert type(other) is Named and other.name == "world" and other.notes == ["a list"]
        assert ids(other.find("Chad, Oman")) == ["TCD", "OMN"]
        other.add("Niger", "NER")
        assert ids(other.find("Niger")) == ["NER"] and g.find("Niger") == []
    assert copy.deepcopy(g).notes is not g.notes and copy.copy(g).notes is g.notes

    class Counting(Gazetteer):  # load, like from_file and default, calls the constructor
        def __init__(self, entries=None):
            super().__init__(entries)
            self.calls = 0
    g.save(tmp_path / "g.rcg")
    loaded = Counting.load(tmp_path / "g.rcg")
    assert type(loaded) is Counting and loaded.calls == 0 and ids(loaded.find("Oman")) == ["OMN"]
    assert type(Counting._from_image(g._image())) is Counting


def test_pickles_of_uncompiled_and_empty_gazetteers():
    for g in (Gazetteer(), Gazetteer(ENTRIES)):
        again = pickle.loads(pickle.dumps(g))
        assert len(again) == len(g) and again.entries() == g.entries()
        assert "_lock" not in pickle.dumps(g).decode("latin-1")  # no lock in the state


def test_default_of_a_subclass_is_an_instance_of_it():
    class Mine(Gazetteer):
        pass
    g = Mine.default()
    assert type(g) is Mine and "USA" in ids(g.find("the United States"))
    assert type(Gazetteer.default()) is Gazetteer


def test_analyze_uses_a_subclass_own_find():
    class OnlyStates(Gazetteer):
        def find(self, text, **kw):
            return [m for m in super().find(text, **kw) if m.kind == "country"]
    g = OnlyStates(ENTRIES + [("UN", "UN", "org")])
    assert ids(relcore.analyze("Oman, the UN and Chad.", gazetteer=g).mentions) == ["OMN", "TCD"]
    docs = relcore.analyze_many(["the UN and Oman."], gazetteer=g, threads=1)
    assert [ids(d.mentions) for d in docs] == [["OMN"]]


def test_counting_refuses_a_subclass_own_find_as_it_refuses_any_other_finder(tmp_path):
    """The counters search the compiled form in C, so they cannot call an overridden find: they
    refuse it, as they refuse an object that only has a find method, instead of counting what
    the class's find would not return. Docs analyzed with it are counted."""
    from relcore.corpus import cooccurrence_rows, count_files
    from relcore.counter import PairCounter, cooccur_batch

    class OnlyStates(Gazetteer):
        def find(self, text, **kw):
            return [m for m in super().find(text, **kw) if m.kind == "country"]

    class Finder:
        def find(self, text):
            return []
    g = OnlyStates(ENTRIES + [("UN", "UN", "org")])
    texts = ["Oman, the UN and Chad."]
    (tmp_path / "a.txt").write_text(texts[0])
    for call in (lambda gaz: PairCounter(gaz), lambda gaz: cooccur_batch(texts, gaz, threads=1),
                 lambda gaz: cooccurrence_rows(texts, gazetteer=gaz, threads=1),
                 lambda gaz: count_files([str(tmp_path / "a.txt")], gazetteer=gaz, threads=1)):
        with pytest.raises(TypeError, match=r"OnlyStates overrides find"):
            call(g)
        with pytest.raises(TypeError, match=r"gazetteer must be a relcore\.Gazetteer, not Finder"):
            call(Finder())
    docs = [relcore.analyze(t, gazetteer=g) for t in texts]
    assert cooccurrence_rows(docs, gazetteer=g) == [("OMN", "TCD", 1, 1)]

    class Plain(Gazetteer):  # its find is the class's own: counted in C
        pass
    assert cooccur_batch(texts, Plain(ENTRIES), threads=1) == [("OMN", "TCD", 1, 1)]


# ---- threads -------------------------------------------------------------------------------------

def test_adds_finds_copies_and_pickles_from_many_threads():
    g = Gazetteer(ENTRIES)
    text = "Oman and Chad. " * 400
    errors, stop = [], threading.Event()

    def adder(k):
        try:
            for i in range(150):
                g.add(f"Place{k}x{i}", f"P{k}x{i}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def reader():
        try:
            while not stop.is_set():
                assert len(g.find(text)) == 800
                n = len(g)
                assert n >= 2 and len(g.copy()) >= n
                assert len(pickle.loads(pickle.dumps(g))) >= n
                assert ids(_core.analyze("Chad", g._compiled())[:]) == ["TCD"]
        except Exception as exc:  # pragma: no cover
            errors.append(exc)

    readers = [threading.Thread(target=reader) for _ in range(3)]
    adders = [threading.Thread(target=adder, args=(k,)) for k in range(3)]
    for t in readers + adders:
        t.start()
    for t in adders:
        t.join()
    stop.set()
    for t in readers:
        t.join()
    assert not errors, errors
    assert len(g) == 2 + 3 * 150 and len(g.entries()) == len(g)
    assert ids(g.find("Place2x149 and Place0x0")) == ["P2x149", "P0x0"]


def test_a_builder_refuses_adds_while_it_compiles():
    """_core.GazetteerBuilder.compile reads the entries with the GIL released: an add from another
    thread meanwhile is refused (the Gazetteer's lock keeps its own calls from ever meeting)."""
    b = _core.GazetteerBuilder()
    for i in range(100_000):
        b.add(f"Name number {i}", f"ID{i}")
    refused, done = [], []
    t = threading.Thread(target=lambda: done.append(b.compile()))
    t.start()
    while t.is_alive():
        try:
            b.add("Late", "LATE")
        except RuntimeError as exc:
            refused.append(str(exc))
    t.join()
    assert done and refused and "being compiled" in refused[0]
    n = len(b)
    assert len(b.compile()) == n and n >= 100_000


def test_a_bad_entry_is_numbered_within_its_own_call_whatever_other_threads_add():
    """The number in "entry N" counts the entries of the failing call only: adds from another
    thread just before it runs (here: while it waits for the lock) do not shift it."""
    g = Gazetteer(ENTRIES)
    real, waiting = g._lock, threading.Event()

    class Announcing:  # the gazetteer's lock, saying when a thread starts to wait for it
        def __enter__(self):
            waiting.set()
            return real.__enter__()

        def __exit__(self, *exc):
            return real.__exit__(*exc)

    errors = []

    def add_bad():
        try:
            g._add_entries([("Mali", "MLI"), ("Peru", "PER", "country", "maybe")])
        except ValueError as exc:
            errors.append(str(exc))

    with real:
        g._lock = Announcing()
        t = threading.Thread(target=add_bad)
        t.start()
        assert waiting.wait(10)
        for name in ("Cuba", "Iran", "Iraq"):  # another thread's adds, under the lock
            g._builder().add(name, name.upper(), None, None, None, None)
    t.join()
    assert len(errors) == 1 and errors[0].startswith("entry 1: "), errors
    assert len(g) == 2 + 3 + 1


def test_find_names_a_bad_lang():
    g = Gazetteer(ENTRIES)
    for bad in (3, b"ru", ["ru"]):
        with pytest.raises(TypeError, match=r"lang must be str or None, not (int|bytes|list)"):
            g.find("Oman", lang=bad)
    assert ids(g.find("Oman", lang="*")) == ["OMN"] and ids(g.find("Oman", lang=None)) == ["OMN"]
