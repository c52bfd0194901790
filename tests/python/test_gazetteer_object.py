"""relcore.Gazetteer as an object: its Python half (lock, builder or compiled form, copies,
pickling) over _core.GazetteerBuilder and _core.CompiledGazetteer, as subclasses, threads and the
C functions that take a gazetteer (and call back into it for its compiled form) see it."""
import copy
import gc
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


# ---- the C side given a relcore.Gazetteer ---------------------------------------------------------

def test_c_functions_take_a_gazetteer_and_compile_what_was_added():
    g = Gazetteer(ENTRIES)
    assert ids(_core.analyze("Oman and Chad.", g).mentions()) == ["OMN", "TCD"]
    g.add("Niger", "NER")
    docs = _core.analyze_batch(["Niger.", "Chad."], g, 1)
    assert [ids(d.mentions()) for d in docs] == [["NER"], ["TCD"]]


def test_calling_back_for_the_compiled_form_keeps_nothing_alive():
    """The name the C side looks up on a Gazetteer is interned: CPython's attribute cache keeps the
    str it was asked with, so a new one each call would keep up to thousands of them alive."""
    g = Gazetteer(ENTRIES)
    _core.analyze("Oman", g)
    junk = []
    gc.collect()
    before = sys.getallocatedblocks()
    for i in range(2000):
        junk.append("%09d" % i)  # a str of the name's size: takes the block it was freed from
        _core.analyze("", g, tokens=False)
    gc.collect()
    assert sys.getallocatedblocks() - before - len(junk) < 50


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
        _core.analyze("Oman", Raising(ENTRIES))
    with pytest.raises(LookupError):
        _core.analyze_batch(["Oman", "Chad"], Raising(ENTRIES), 1)
    for wrong in [None, 3, "compiled", _core.GazetteerBuilder(), Gazetteer(ENTRIES)]:
        g = WrongType(wrong)
        refs = sys.getrefcount(wrong)
        for call in (lambda: _core.analyze("Oman", g), lambda: _core.analyze_batch(["Oman"], g, 1)):
            with pytest.raises(TypeError, match=r"WrongType\._compiled\(\) returned .*, not a compiled gazetteer"):
                call()
        assert sys.getrefcount(wrong) == refs


def test_other_objects_are_refused_naming_the_public_class():
    for bad in [3, "Oman", object(), _core.GazetteerBuilder()]:
        with pytest.raises(TypeError, match=r"gazetteer must be a relcore\.Gazetteer, not "):
            _core.analyze("Oman", bad)
