"""Progress bars: shown with progress=True (tqdm), never with False, and by default only when a
notebook or terminal watches and the call is slow; no tqdm, no bar and no error."""
import io
import sys
import types

import pytest

import relcore
from relcore import progress

pytest.importorskip("tqdm")
TEXTS = ["Armenia and Azerbaijan met in Baku."] * 5


class TTY(io.StringIO):
    def isatty(self):
        return True


def test_true_shows_a_bar(monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    docs = list(relcore.analyze_many(TEXTS, progress=True, threads=1))
    assert len(docs) == 5
    assert "analyze" in err.getvalue() and "5/5" in err.getvalue()


@pytest.mark.parametrize("call", [
    lambda p: list(relcore.analyze_many(TEXTS, progress=p, threads=1)),
    lambda p: relcore.cooccurrence(TEXTS, progress=p),
    lambda p: relcore.dyads(TEXTS, [{"year": 2000}] * 5, progress=p),
])
def test_every_long_call_has_one(call, monkeypatch):
    pytest.importorskip("pandas")
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    call(True)
    assert "5/5" in err.getvalue()
    err.truncate(0)
    err.seek(0)
    call(False)
    assert err.getvalue() == ""


def test_default_only_when_watched_and_slow(monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    list(relcore.analyze_many(TEXTS, threads=1))          # a pipe or a log: nothing
    assert err.getvalue() == ""
    tty = TTY()
    monkeypatch.setattr(sys, "stderr", tty)
    list(relcore.analyze_many(TEXTS, threads=1))          # a terminal, but quick: nothing
    assert tty.getvalue() == ""
    monkeypatch.setattr(progress, "AUTO_DELAY", 0.0)      # as if the call were slow
    list(relcore.analyze_many(TEXTS, threads=1))
    assert "analyze:" in tty.getvalue() and "/5 [" in tty.getvalue()  # drawn, then cleared


def test_notebook_counts_as_watched(monkeypatch):
    class ZMQInteractiveShell:
        pass
    fake = types.ModuleType("IPython")
    fake.get_ipython = lambda: ZMQInteractiveShell()
    monkeypatch.setitem(sys.modules, "IPython", fake)
    monkeypatch.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert progress.in_notebook() and progress.watched()
    fake.get_ipython = lambda: None                     # IPython imported, no kernel
    assert not progress.in_notebook()


def test_without_tqdm_no_bar_and_no_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    assert len(list(relcore.analyze_many(TEXTS, progress=True, threads=1))) == 5
    assert err.getvalue() == ""


def test_analyze_many_refuses_a_single_string():
    with pytest.raises(TypeError, match="for one text use relcore.analyze"):
        relcore.analyze_many("Armenia and Azerbaijan")
