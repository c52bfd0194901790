"""Gazetteer: find every mention of a state, an organization or a place, with exact spans.

The engine is C: ``_core.GazetteerBuilder`` takes entries and compiles them into an immutable
``_core.CompiledGazetteer``, which matches. Gazetteer holds one or the other — the builder while
entries are being added, the compiled form once something searches — and adds the Python
conveniences: building from iterables and files (TSV, CSV, JSONL), pickling, copies, and the
bundled default gazetteer.
"""
from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any, Iterable, Iterator, List, Optional, Tuple, Union

from . import _core
from ._match import Match

PathLike = Union[str, "os.PathLike[str]"]
EntryTuple = Tuple[str, str, Optional[str], Optional[bool], Optional[str], Optional[str]]

_DATA_DIR = Path(__file__).resolve().parent / "data"
_CASE_VALUES = {
    "": None, "auto": None,
    "sensitive": True, "true": True, "yes": True, "1": True, "cs": True,
    "insensitive": False, "false": False, "no": False, "0": False, "ci": False,
}
_COLUMNS = ("alias", "id", "kind", "case", "lang")
_FORMS = ("name", "demonym", "capital", "block")
_COLUMN_ALIASES = {"case_sensitive": "case", "type": "kind", "language": "lang"}


def _case_value(value: Any) -> Optional[bool]:
    """`case` / `case_sensitive` of an entry: None (auto), True or False."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _CASE_VALUES:
        return _CASE_VALUES[value.strip().lower()]
    raise ValueError(f"case must be auto, sensitive or insensitive (or a bool), not {value!r}")


def _entry_tuple(item: Any) -> EntryTuple:
    """One entry of an iterable: a (alias, id[, kind[, case_sensitive[, lang[, form]]]]) sequence
    or a mapping with those keys ("case" is accepted for "case_sensitive")."""
    if isinstance(item, dict):
        unknown = set(item) - {"alias", "id", "kind", "case", "case_sensitive", "lang", "form",
                               "source"}
        if unknown:
            raise ValueError(f"unknown entry field(s): {', '.join(sorted(unknown))}")
        if "alias" not in item or "id" not in item:
            raise ValueError("an entry needs 'alias' and 'id'")
        case = item.get("case_sensitive", item.get("case"))
        return (item["alias"], item["id"], item.get("kind") or None, _case_value(case),
                item.get("lang") or None, item.get("form") or None)
    if isinstance(item, (tuple, list)):
        if not 2 <= len(item) <= 6:
            raise ValueError("an entry is (alias, id[, kind[, case_sensitive[, lang[, form]]]])")
        alias, id_, *rest = item
        rest += [None] * (4 - len(rest))
        return (alias, id_, rest[0] or None, _case_value(rest[1]), rest[2] or None, rest[3] or None)
    raise TypeError(f"an entry must be a tuple or a dict, not {type(item).__name__}")


class Gazetteer:
    """A set of aliases of named entities, matched in text at C speed.

    >>> g = Gazetteer([("United States", "USA", "country"), ("U.S.", "USA"), ("US", "USA")])
    >>> [(m.text, m.id) for m in g.find("The U. S and us, the United\\nStates.")]
    [('U. S', 'USA'), ('United\\nStates', 'USA')]

    Matching is on whole tokens, after NFKC, case folding, accent stripping and quote/dash
    folding, so "CÔTE D’IVOIRE" matches "Côte d'Ivoire" and "Niger" never matches in "Nigeria".
    Spaces, line breaks and dashes between words do not matter; periods in an alias are optional
    in the text ("U.S." matches "U. S"). Aliases of at most 3 letters, and acronyms of at most 4
    capitals, are case-sensitive unless told otherwise (so "US" never matches the pronoun "us");
    a case-sensitive alias that is not all capitals also matches all-capitals text ("CHAD").
    Chinese and Japanese aliases match inside text without spaces.

    ``find`` is safe to call from many threads at once and releases the GIL while it works.
    Offsets are ``str`` indices into the text: ``text[m.start:m.end] == m.text``.
    """

    # _b: a GazetteerBuilder holding every entry while some were added since the last
    # compilation, else None; _c: the CompiledGazetteer of the entries when _b is None (None when
    # there are none yet). Searches use _c without the lock; adds and compilations take it, and
    # compilation (GIL released) swaps in a new _c, never changing one a search may be using.
    # Once compiled, the instance's own `find` is _c.find (a C method: no Python frame per search,
    # most of the cost of searching a sentence); the builder takes it away, so that the class's
    # find compiles the new entries first.

    def __init__(self, entries: Optional[Iterable[Any]] = None):
        self._start(None)
        if entries is not None:
            self._add_entries(entries)

    def _start(self, c: Optional[_core.CompiledGazetteer]) -> None:
        """Sets up the state of __init__ holding c (a copy, a pickle: no constructor runs)."""
        self._lock = threading.Lock()
        self._b: Optional[_core.GazetteerBuilder] = None
        self._c: Optional[_core.CompiledGazetteer] = None
        if c is not None:
            self._set_compiled(c)

    def _builder(self) -> _core.GazetteerBuilder:
        """The builder to add to (lock held): after a compilation, a new one from its entries (the
        old one was dropped: it would double the memory)."""
        self.__dict__.pop("find", None)
        if self._b is None:
            self._b = _core.GazetteerBuilder(self._c)
        return self._b

    def _compiled(self) -> _core.CompiledGazetteer:
        """The compiled form of every entry added so far, compiling first if needed."""
        if self._b is None and self._c is not None:  # _b first: a compilation sets _c before it clears _b
            return self._c
        with self._lock:
            if self._b is not None or self._c is None:
                self._set_compiled((self._b or _core.GazetteerBuilder()).compile())
            return self._c

    def _set_compiled(self, c: _core.CompiledGazetteer) -> None:
        """Makes c the current form (lock held): _c before _b (see _compiled), then find."""
        self._c, self._b = c, None
        if type(self).find is Gazetteer.find:  # not overridden by a subclass
            self.find = c.find

    # -- building ----------------------------------------------------------------------------

    def add(self, alias: str, id: str, *, kind: Optional[str] = None,
            case_sensitive: Optional[bool] = None, lang: Optional[str] = None,
            form: Optional[str] = None) -> None:
        """Add `alias` as a name of the entity `id` (e.g. "USA").

        kind: what the entity is ("country", "organization"), reported in matches.
        case_sensitive: None applies the automatic rule (see the class docstring).
        lang: the language of the alias, kept with the entry.
        form: what the alias is, reported as ``Match.form``: "name" (None: the default),
        "demonym", "capital" (a capital or seat of government standing for the state), or
        "block": a longer name that wins over the aliases inside it and is never reported
        ("Mexico City" keeps "Mexico" from matching).
        """
        with self._lock:
            self._builder().add(alias, id, kind, case_sensitive, lang, form)

    def _add_many(self, entries: Iterable[EntryTuple], where: Optional[List[str]] = None) -> None:
        """Adds (alias, id[, kind[, case_sensitive[, lang[, form]]]]) tuples, with case_sensitive
        None, True or False as _entry_tuple makes them (not checked again); those before a bad
        one stay added (len() tells how many), and the bad one raises naming it: where[i] (e.g.
        "f.tsv:17") or "entry i", i counting this call's entries only."""
        with self._lock:
            b = self._builder()
            first = len(b)  # under the lock: no other thread's adds between it and ours
            try:
                for entry in entries:
                    b.add(*entry)
            except (ValueError, TypeError) as exc:
                index = len(b) - first
                label = where[index] if where is not None and index < len(where) else f"entry {index}"
                # A UnicodeError (a lone surrogate in an alias) cannot be built from a message alone.
                cls = ValueError if isinstance(exc, UnicodeError) else type(exc)
                raise cls(f"{label}: {exc}") from exc

    def _add_lang_row(self, row: str) -> None:
        """Language data: a row of a languages file other than an alias (docs/gazetteer.md, the
        gazetteer_langs.tsv format): "lang", "rule", "marker", "common", "designator" or
        "designated", then its fields, separated by tabs."""
        with self._lock:
            self._builder()._add_lang_row(row)

    def _set_meta(self, meta: str) -> None:
        """A note kept in the compiled image (the default gazetteer's data digest)."""
        with self._lock:
            self._builder()._set_meta(meta)

    def compile(self) -> None:
        """Compile now (find() otherwise compiles on first use after adds)."""
        self._compiled()

    def __len__(self) -> int:
        b, c = self._b, self._c
        return len(b) if b is not None else len(c) if c is not None else 0

    # -- searching and reading -----------------------------------------------------------------

    def find(self, text: Union[str, bytes], *, overlapping: bool = False,
             lang: Optional[str] = None) -> List[Match]:
        """Every alias in text, as a list of Match. lang: None (the text's script and marker
        words decide which languages' aliases fire), a tag such as 'ru' (that language only, with
        its inflection), or '*' (every language)."""
        c = self._compiled()
        return c.find(text, overlapping=overlapping, lang=lang) if overlapping or lang is not None else c.find(text)

    def entries(self) -> List[EntryTuple]:
        """The entries as (alias, id, kind, case_sensitive, lang, form) tuples, in the order they
        were added."""
        c = self._compiled()
        return [c._entry(i)[:6] for i in range(len(c))]

    def case_sensitive(self, index: int) -> bool:
        """Whether entry `index` is matched case-sensitively (the automatic rule resolved)."""
        return self._compiled()._entry(index)[6]

    def copy(self) -> "Gazetteer":
        """A new gazetteer with the same entries (adding to it leaves this one alone). The compiled
        form is immutable, so it is shared, not copied; a subclass's own attributes are copied as
        copy.copy would (its constructor is not called)."""
        return self._clone(self._compiled(), dict(self._state()))

    __copy__ = copy

    def __deepcopy__(self, memo: dict) -> "Gazetteer":
        return self._clone(self._compiled(), copy.deepcopy(self._state(), memo))

    def _state(self) -> dict:
        """The attributes a subclass added (what copies and pickles carry besides the entries)."""
        return {k: v for k, v in self.__dict__.items() if k not in _OWN}

    def _clone(self, compiled: _core.CompiledGazetteer, state: dict) -> "Gazetteer":
        g = _new(type(self), compiled)
        g.__dict__.update(state)
        return g

    @classmethod
    def _of(cls, compiled: _core.CompiledGazetteer) -> "Gazetteer":
        g = cls()
        with g._lock:  # whatever cls() added is replaced
            g._set_compiled(compiled)
        return g

    # -- images and files ----------------------------------------------------------------------

    def save(self, path: PathLike) -> None:
        """Write the compiled image to path."""
        image = self._image()
        with open(path, "wb") as f:
            f.write(image)

    @classmethod
    def load(cls, path: PathLike) -> "Gazetteer":
        """Load a gazetteer saved with save(); the image is validated."""
        return cls._of(_load_image(os.fsdecode(path), path))

    def _image(self) -> bytes:
        return self._compiled()._image()

    @classmethod
    def _from_image(cls, data: bytes) -> "Gazetteer":
        return cls._of(_load_image(data))

    def _meta(self) -> str:
        return self._compiled()._meta()

    def _add_entries(self, entries: Iterable[Any], where: Optional[List[str]] = None) -> None:
        """Adds entries (tuples or dicts, see from_entries) as _add_many does."""
        self._add_many((_entry_tuple(item) for item in entries), where)

    @classmethod
    def from_entries(cls, entries: Iterable[Any]) -> "Gazetteer":
        """A gazetteer of `entries`: (alias, id[, kind[, case_sensitive[, lang[, form]]]]) tuples
        or dicts with those keys."""
        return cls(entries)

    @classmethod
    def from_file(cls, path: PathLike, *, format: Optional[str] = None) -> "Gazetteer":
        """Read a gazetteer from a TSV, CSV or JSONL file (format from the extension, or given).

        TSV and CSV: one entry per line, `#` lines are comments; an optional header line names
        the columns (alias, id, kind, case, lang, form; others are ignored), otherwise they come
        in the order alias, id, kind, case, lang. `case` is auto, sensitive or insensitive;
        `form` is name (or empty), demonym, capital or block. JSONL: one object per line with
        those keys. A malformed line raises ValueError("path:line: what is wrong").
        """
        path = os.fspath(path)
        fmt = (format or _guess_format(path)).lower()
        if fmt not in ("tsv", "csv", "jsonl"):
            raise ValueError(f"unknown gazetteer format {fmt!r} (tsv, csv or jsonl)")
        name = os.path.basename(path)
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(_read_rows(f, fmt, name))
        g = cls()
        g._add_entries((entry for _, entry in rows), where=[f"{name}:{line}" for line, _ in rows])
        return g

    # -- pickling, display ---------------------------------------------------------------------

    def __reduce__(self):
        return (_restore, (type(self), self._image()), self._state() or None)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} with {len(self)} entries>"

    # -- the default gazetteer -------------------------------------------------------------------

    @classmethod
    def default(cls, *, capitals: bool = False) -> "Gazetteer":
        """The gazetteer bundled with relcore: countries and territories (ISO 3166-1 alpha-3
        ids), UN member and observer states, intergovernmental organizations, with their short,
        official, former and foreign names, abbreviations and demonyms (``Match.form`` tells a
        name from a demonym).

        capitals: also report a state's capital or seat of government standing for it
        ("Moscow", "the Kremlin", "Downing Street": ``Match.form == "capital"``, the state's
        id). Off by default; either way "Mexico City" is never Mexico.

        Built from ``relcore/data/gazetteer.tsv`` once per machine and cached as a compiled
        image (see ``default_cache_path``); later loads take milliseconds. Each call returns a
        new object sharing the compiled data, so adding to it leaves other callers alone.
        """
        return cls._of(shared_default(bool(capitals))._compiled())


# What Gazetteer itself keeps in an instance's __dict__ (_set_compiled adds find).
_OWN = frozenset(("_lock", "_b", "_c", "find"))


def _new(cls, compiled: _core.CompiledGazetteer) -> Gazetteer:
    """An instance of cls holding compiled, made without calling its constructor (which may take
    arguments), as pickle and copy make objects."""
    g = cls.__new__(cls)
    Gazetteer._start(g, compiled)
    return g


def _restore(cls, image: bytes) -> Gazetteer:
    """Unpickles (the state of a subclass, if any, is set by pickle afterwards)."""
    return _new(cls, _load_image(image))


def _load_image(source: Any, name: Any = "gazetteer image") -> _core.CompiledGazetteer:
    """A CompiledGazetteer from an image (bytes-like) or its file (a str path), validated; errors
    name `name` (the path as the caller gave it)."""
    try:
        return _core.CompiledGazetteer._from_image(source)
    except OSError as exc:  # the C side has only the errno
        raise OSError(exc.errno, exc.strerror, name) from None
    except ValueError as exc:  # ValueError(the version this relcore reads), or ValueError(): see gazetteer.c
        if exc.args and exc.args[0].isdigit():
            raise ValueError(f"{name}: a relcore gazetteer image of another format version (this relcore reads "
                             f"version {exc.args[0]}): rebuild it from its entries and save it again") from None
        if not exc.args:
            raise ValueError(f"{name}: not a relcore gazetteer image, or truncated, corrupted or of another "
                             "version") from None
        raise


def finds_in_c(gaz: Any) -> bool:
    """Whether gaz is a Gazetteer whose find is the class's own, so that the C functions may search
    its compiled form directly; a subclass that overrides find is searched through it."""
    return isinstance(gaz, Gazetteer) and type(gaz).find is Gazetteer.find


def _guess_format(path: str) -> str:
    lower = path.lower()
    for ext, fmt in ((".tsv", "tsv"), (".tab", "tsv"), (".txt", "tsv"), (".csv", "csv"),
                     (".jsonl", "jsonl"), (".ndjson", "jsonl")):
        if lower.endswith(ext):
            return fmt
    raise ValueError(f"{os.path.basename(path)}: cannot tell the format from the name; "
                     "pass format='tsv', 'csv' or 'jsonl'")


def _read_rows(f: io.TextIOBase, fmt: str, name: str) -> Iterator[Tuple[int, EntryTuple]]:
    """(line number, entry) for every entry line of a gazetteer file."""
    if fmt == "jsonl":
        for lineno, line in enumerate(f, 1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            try:
                item = json.loads(text)
                yield lineno, _entry_tuple(item)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{name}:{lineno}: invalid JSON: {exc.msg}") from None
            except (ValueError, TypeError) as exc:
                raise ValueError(f"{name}:{lineno}: {exc}") from None
        return

    def records() -> Iterator[Tuple[int, List[str]]]:
        if fmt == "tsv":
            for lineno, line in enumerate(f, 1):
                line = line.rstrip("\r\n")
                if line.strip() and not line.lstrip().startswith("#"):
                    yield lineno, line.split("\t")
        else:
            reader = csv.reader(f)
            start = 1
            for row in reader:
                lineno, start = start, reader.line_num + 1
                if row and any(c.strip() for c in row) and not row[0].lstrip().startswith("#"):
                    yield lineno, row

    columns: Optional[List[str]] = None
    for lineno, fields in records():
        fields = [c.strip() for c in fields]
        if columns is None:
            columns = list(_COLUMNS)
            names = [_COLUMN_ALIASES.get(c.lower(), c.lower()) for c in fields]
            if names and names[0] == "alias" or "alias" in names and "id" in names:
                if "alias" not in names or "id" not in names:
                    raise ValueError(f"{name}:{lineno}: the header needs 'alias' and 'id' columns")
                columns = names
                continue
        row = dict(zip(columns, fields))
        if len(fields) > len(columns):
            raise ValueError(f"{name}:{lineno}: {len(fields)} fields, the header has {len(columns)}")
        alias, id_ = row.get("alias", ""), row.get("id", "")
        if not alias:
            raise ValueError(f"{name}:{lineno}: missing alias")
        if not id_:
            raise ValueError(f"{name}:{lineno}: missing id (expected alias, id[, kind, case, lang])")
        case = row.get("case", "")
        if case.lower() not in _CASE_VALUES:
            raise ValueError(f"{name}:{lineno}: case must be auto, sensitive or insensitive, "
                             f"not {case!r}")
        form = row.get("form", "")
        if form and form not in _FORMS:
            raise ValueError(f"{name}:{lineno}: form must be name, demonym, capital or block, "
                             f"not {form!r}")
        yield lineno, (alias, id_, row.get("kind") or None, _CASE_VALUES[case.lower()],
                       row.get("lang") or None, form or None)


# -- the default gazetteer: build once, cache the image ------------------------------------------

_default_lock = threading.Lock()
_default: dict = {}  # capitals (bool) -> Gazetteer


def _variant(capitals: bool) -> str:
    return "gazetteer-capitals" if capitals else "gazetteer"


def default_cache_path(capitals: bool = False) -> Path:
    """Where the compiled default gazetteer is cached: $RELCORE_CACHE_DIR, else
    $XDG_CACHE_HOME/relcore, else ~/.cache/relcore; the name holds the data's digest."""
    base = os.environ.get("RELCORE_CACHE_DIR")
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        base = os.path.join(xdg, "relcore")
    return Path(base) / f"{_variant(capitals)}-{_default_digest()[:16]}.rcg"


def _default_entries(capitals: bool) -> Iterator[EntryTuple]:
    """The rows of data/gazetteer.tsv; without capitals a capital is a block, so that it still
    wins over a state's alias inside it ("Kuwait City") but is not reported."""
    path = _DATA_DIR / "gazetteer.tsv"
    with open(path, encoding="utf-8", newline="") as f:
        for _, entry in _read_rows(f, "tsv", path.name):
            if entry[5] == "capital" and not capitals:
                entry = entry[:5] + ("block",)
            yield entry


def _default_digest() -> str:
    """Digest of the default data and of the engine that compiles it: its version and the build
    of the extension (size and time), so that a rebuilt engine never reuses an image compiled
    under other tokenization rules."""
    h = hashlib.sha256()
    st = os.stat(_core.__file__)
    h.update(f"relcore {_core.__version__} unicode {_core.unicode_version} "
             f"core {st.st_size} {st.st_mtime_ns}\n".encode())
    h.update((_DATA_DIR / "gazetteer.tsv").read_bytes())
    h.update((_DATA_DIR / "gazetteer_langs.tsv").read_bytes())
    h.update((_DATA_DIR / "gazetteer_designators.tsv").read_bytes())
    return h.hexdigest()


# The fields each kind of row of a languages file has at least (docs/gazetteer.md).
_LANG_ROW_FIELDS = {"lang": 4, "rule": 7, "marker": 3, "common": 3, "designator": 3, "designated": 3,
                    "alias": 6}


def _check_lang_row(r: List[str]) -> None:
    """Names what is wrong with a row the core would refuse with just "invalid argument"; the
    core remains the one parser of the rows that pass (and refuses a bad word itself)."""
    need = _LANG_ROW_FIELDS.get(r[0])
    if need is None:
        raise ValueError(f"unknown row kind {r[0]!r}")
    if len(r) < need:
        article = "an" if r[0] == "alias" else "a"
        raise ValueError(f"{article} {r[0]} row has {need} fields or more, not {len(r)}")
    if r[0] == "lang" and not {r[2], r[3]} <= {"0", "1"}:
        raise ValueError(f"lang flags must be 0 or 1, not {r[2]!r} {r[3]!r}")
    if r[0] == "rule" and not (r[6].isascii() and r[6].isdigit() and len(r[6]) <= 9):
        raise ValueError(f"min_stem must be a number of at most 9 digits, not {r[6]!r}")


def _add_language_file(g: Gazetteer, path: Path) -> None:
    """Adds a languages file (gazetteer_langs.tsv format, docs/gazetteer.md): case and inflection
    settings, inflection rules, marker and common words, and names shared between languages."""
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            row = line.rstrip("\n")
            r = row.split("\t")
            try:
                _check_lang_row(r)
                if r[0] == "alias":
                    g.add(r[2], r[3], kind=r[4], case_sensitive=r[5] == "sensitive", lang=r[1])
                else:
                    g._add_lang_row(row)
            except (IndexError, ValueError) as e:
                raise ValueError(f"{path}:{lineno}: {e}") from None


def _meta(capitals: bool) -> str:
    return (f"relcore default gazetteer{' with capitals' if capitals else ''}; "
            f"data sha256 {_default_digest()}")


def _build_default(capitals: bool) -> Gazetteer:
    g = Gazetteer(_default_entries(capitals))
    _add_language_file(g, _DATA_DIR / "gazetteer_langs.tsv")
    _add_language_file(g, _DATA_DIR / "gazetteer_designators.tsv")
    g._set_meta(_meta(capitals))
    g.compile()
    return g


def shared_default(capitals: bool = False) -> Gazetteer:
    """The default gazetteer (with capitals, or without), built or loaded once per process
    (thread-safe); shared, so callers must not add to it."""
    with _default_lock:
        if capitals in _default:
            return _default[capitals]
        want = _meta(capitals)
        path = default_cache_path(capitals)
        try:
            g = Gazetteer.load(path)
            if g._meta() == want:
                _default[capitals] = g
                return g
        except (OSError, ValueError):
            pass
        g = _build_default(capitals)
        _write_cache(g, path)
        _default[capitals] = g
        return g


def _write_cache(g: Gazetteer, path: Path) -> None:
    """Saves the image atomically; a cache that cannot be written is simply not used."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        os.close(fd)
        try:
            g.save(tmp)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        # images of the same variant made from other data or by other engine builds
        variant = path.name.rsplit("-", 1)[0]
        for old in path.parent.glob(f"{variant}-*.rcg"):
            if old != path and old.name.rsplit("-", 1)[0] == variant:
                old.unlink()
    except OSError:
        pass
