"""Type stubs for relcore._core, the C extension (csrc/python/), and the one statement of its
interface: tools/gen_binding.py (`make gen`) writes the binding's argument parsing, method and
property tables, docstrings and type specs from the signatures and docstrings here
(csrc/gen/python/). tests/python/test_stubs.py checks that every public name of the module is
declared here, that the binding accepts exactly the declared keyword and positional forms, and
that sample calls return values of the declared return types.

How a parameter reaches C (the generator's converters): bool -> int, int -> long, a str option
with a default ('words') -> const char *, anything else (texts, objects, Optional[...]) ->
PyObject *, None when the default is None and NULL when omitted with another default."""
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union, overload

from ._tokens import Span, Token

_Text = Union[str, bytes]

__version__: str
unicode_version: str
TOKEN_KINDS: Tuple[str, ...]

# normalize.c
def normalize(text: _Text, form: Optional[str] = "NFC", *, casefold: bool = False,
              strip_accents: bool = False, fold_quotes: bool = False, fold_dashes: bool = False,
              collapse_whitespace: bool = False, errors: str = "strict") -> str:
    """Return text in Unicode normalization form ('NFC', 'NFD', 'NFKC', 'NFKD' or None).

    casefold: Unicode full case folding ('Straße' -> 'strasse'); with a composing form the
        result is NFKC(casefold(NFKC(text))), the form to match on.

    strip_accents: drop nonspacing marks after canonical decomposition ('Côte' -> 'Cote').
    fold_quotes: ’ ‘ ‚ ‛ ` ´ ′ ʼ -> '  and  “ ” „ ‟ ″ « » -> ".
    fold_dashes: ‐ ‑ ‒ – — ― − and small/full-width forms -> -.
    collapse_whitespace: every run of Unicode White_Space -> one space (nothing is stripped).
    errors: for bytes input, 'strict' (UnicodeDecodeError naming the byte offset) or 'replace'.

    A str with a lone surrogate raises ValueError naming its index. ASCII text that the
    options leave unchanged is returned as is, without a copy.

    >>> normalize('Côte d’Ivoire', 'NFKC', casefold=True, strip_accents=True, fold_quotes=True)
    "cote d'ivoire"
    """
def normalize_map(text: _Text, form: Optional[str] = "NFC", *, casefold: bool = False,
                  strip_accents: bool = False, fold_quotes: bool = False,
                  fold_dashes: bool = False, collapse_whitespace: bool = False,
                  errors: str = "strict") -> Tuple[str, bytes, bytes]:
    """Returns (str, starts: bytes, ends: bytes).
    The normalized text and, per output character, the original str span (int64 arrays)."""

# segment.c
def segment(text: _Text, kind: str = "word") -> Tuple[bytes, bytes, bytes]:
    """Returns (starts: bytes, ends: bytes, kinds: bytes).
    Every UAX #29 segment of text (kind 'grapheme', 'word' or 'sentence'): starts and ends are
    native int64 arrays of str indices, kinds one byte per segment (words: 1 word-like,
    2 whitespace, 3 other, 4 emoji; 0 for graphemes and sentences)."""

# tokens.c
def tokenize(text: _Text, *, mode: str = "words", errors: str = "strict") -> Tokens:
    """The tokens of text (str, or UTF-8 bytes decoded with errors) as a Tokens object."""
def tokenize_many(texts: Iterable[_Text], *, mode: str = "words", threads: int = 0,
                  errors: str = "strict") -> List[Tokens]:
    """tokenize() over many texts on `threads` threads (0: one per CPU) with the GIL released;
    a list of Tokens in input order."""
def sentences(text: _Text, *, mode: str = "text", errors: str = "strict") -> List[Span]:
    """The sentences of text as a list of Span(start, end, text)."""

class Tokens:
    """The tokens of a text: len(), [i] and iteration give Token(start, end, text, kind);
    .starts, .ends (int64) and .kinds (uint8) are zero-copy buffers; .texts() lists
    the strings. Offsets are str indices: text[start:end] == token text."""
    @property
    def text(self) -> str:
        """The text the tokens index."""
    @property
    def starts(self) -> memoryview:
        """Start of every token (str index) as a read-only int64 memoryview; numpy.asarray(starts) shares its memory."""
    @property
    def ends(self) -> memoryview:
        """End of every token (str index, exclusive), like starts."""
    @property
    def kinds(self) -> memoryview:
        """Kind code of every token as a read-only uint8 memoryview; relcore.TOKEN_KINDS[code] is its name."""
    def texts(self, /) -> List[str]:
        """The text of every token, in order (a list of str)."""
    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, i: int) -> Token: ...
    @overload
    def __getitem__(self, i: slice) -> List[Token]: ...
    def __iter__(self) -> Iterator[Token]: ...

# gazetteer.c
class Match:
    """A gazetteer match: text[start:end] is the matched text, id and kind the entity's, alias the name that matched, form what it is ('name', 'demonym', 'capital'). Behaves as the 6-tuple (start, end, id, kind, text, alias)."""
    def __init__(self, start: int, end: int, id: str, kind: Optional[str], text: str, alias: str,
                 form: str = "name") -> None: ...
    @property
    def start(self) -> int:
        """index of the first matched character"""
    @property
    def end(self) -> int:
        """index just after the match"""
    @property
    def id(self) -> str:
        """the entity's id ("USA")"""
    @property
    def kind(self) -> Optional[str]:
        """the entity's kind, or None"""
    @property
    def text(self) -> str:
        """the matched text, text[start:end]"""
    @property
    def alias(self) -> str:
        """the alias that matched, as added"""
    @property
    def form(self) -> str:
        """what the alias is: 'name', 'demonym' or 'capital' (not part of the 6-tuple)"""
    def _asdict(self, /) -> Dict[str, Union[int, str, None]]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, i: int) -> Union[int, str, None]: ...
    def __iter__(self) -> Iterator[Union[int, str, None]]: ...

class CompiledGazetteer:
    """A compiled gazetteer: immutable, searched by any number of threads at once (GazetteerBuilder.compile, _from_image; relcore.Gazetteer wraps it)."""
    def find(self, text: _Text, *, overlapping: bool = False, lang: Optional[str] = None) -> List[Match]:
        """Every alias in text, as a list of Match. lang: None (the text's script and marker words decide which languages' aliases fire), a tag such as 'ru' (that language only, with its inflection), or '*' (every language)."""
    def _entry(self, i: int, /) -> Tuple[str, str, Optional[str], Optional[bool], Optional[str], str, bool]:
        """Entry i as added (alias, id, kind, case_sensitive, lang, form) and the case rule in force."""
    def _image(self, /) -> bytes:
        """The compiled image."""
    @classmethod
    def _from_image(cls, source: Union[str, bytes, bytearray, memoryview], /) -> CompiledGazetteer:
        """From a compiled image or the path of its file."""
    def _meta(self, /) -> str:
        """The note stored in the image."""
    @property
    def _ids(self) -> Tuple[str, ...]:
        """The ids by entity number, in code point order: what pair tables and Document.mention_ids number."""
    def __len__(self) -> int: ...

class GazetteerBuilder:
    """Entries being added, empty or starting from those of a CompiledGazetteer."""
    def __init__(self, compiled: Optional[CompiledGazetteer] = None, /) -> None: ...
    def add(self, alias: str, id: str, kind: Optional[str] = None, case_sensitive: Optional[bool] = None,
            lang: Optional[str] = None, form: Optional[str] = None, /) -> None:
        """Add one entry."""
    def compile(self, /) -> CompiledGazetteer:
        """A CompiledGazetteer of the entries (the builder stays usable)."""
    def _add_lang_row(self, row: str, /) -> None:
        """A row of a languages file."""
    def _set_meta(self, meta: str, /) -> None:
        """A note kept in the image."""
    def __len__(self) -> int: ...

# relations.c: the C half of relcore.counter.PairCounter (relcore.corpus, relcore.dask)
_PairRow = Tuple[str, str, int, int]

class Counter:
    """Co-mention totals counted in C (use relcore.counter.PairCounter)."""
    def __init__(self, gazetteer: CompiledGazetteer, window: int, /) -> None:
        """window: relcore.relations.window_code of the window (a token count; 0 sentence, -1 document)."""
    def feed(self, items: Tuple[Union[str, bytes], ...], threads: int, per_doc: bool, files: bool,
             /) -> List[Union[None, int, OSError, List[Tuple[str, str, int]]]]: ...
    def totals(self, form: int, /) -> Union[int, List[_PairRow], bytes]: ...
    def add_table(self, table: bytes, /) -> None: ...
    def stats(self) -> Tuple[int, int]: ...

# document.c: a text analyzed in one core call, kept as columns (relcore.Doc wraps it)
class Document:
    """A text analyzed in C, as columns; its mentions by index or slice (use relcore.Doc)."""
    @property
    def text(self) -> str:
        """the analyzed str"""
    @property
    def tokens(self) -> Tokens:
        """the tokens (relcore.Tokens)"""
    @property
    def ids(self) -> Tuple[str, ...]:
        """tuple of the gazetteer's ids; mention_ids are indices into it"""
    @property
    def entry_kinds(self) -> Tuple[Optional[str], ...]:
        """tuple of each gazetteer entry's kind; index with mention_entries"""
    @property
    def mention_starts(self) -> memoryview:
        """int64 buffer: str index of each mention's start"""
    @property
    def mention_ends(self) -> memoryview:
        """int64 buffer: str index after each mention"""
    @property
    def mention_entries(self) -> memoryview:
        """uint32 buffer: gazetteer entry of each mention"""
    @property
    def mention_ids(self) -> memoryview:
        """uint32 buffer: each mention's id as an index into ids"""
    @property
    def mention_sentences(self) -> memoryview:
        """int64 buffer: sentence of each mention"""
    @property
    def mention_tokens(self) -> memoryview:
        """int64 buffer: token in which each mention starts"""
    @property
    def sentence_starts(self) -> memoryview:
        """int64 buffer: str index of each sentence's start"""
    @property
    def sentence_ends(self) -> memoryview:
        """int64 buffer: str index after each sentence"""
    def pairs(self, window: int, /) -> list:
        """Co-mentioned pairs (list of relcore.Pair) of a window given as relcore.relations.window_code gives it."""
    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, i: int, /) -> Match: ...
    @overload
    def __getitem__(self, i: slice, /) -> List[Match]: ...

def analyze(text: str, gazetteer: CompiledGazetteer, tokens: bool = True) -> Document:
    """Tokens, sentences, the gazetteer's mentions and the sentence pairs of text in one core call
    (GIL released); tokens=False leaves the tokens to be made when first needed."""
def analyze_stream(gazetteer: CompiledGazetteer, threads: int = 1, window: int = 1,
                   tokens: bool = True) -> object:
    """analyze() on `threads` threads (0: one per CPU; the thread of analyze_get is one) started
    once, up to `window` texts ahead of analyze_get."""
def analyze_put(stream: object, text: str, /) -> None:
    """Queues a str."""
def analyze_get(stream: object, /) -> Document:
    """The oldest one's Document."""
