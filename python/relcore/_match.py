"""Match: what Gazetteer.find reports, a record of seven fields that behaves as the 6-tuple
(start, end, id, kind, text, alias) — unpacking, indexing, len(), ==, <, hash — plus ``form``
outside the tuple.

The type is C's (``_core.Match``): find() makes one per match, and a C object of its own is the
cheapest to make (a tuple class is a GC type, whose every allocation counts towards the next
collection). C gives it its fields, its constructor and item access; what is not on that path —
display, comparisons, hashing, pickling, ``_asdict`` — is defined here, on the same type.
"""
from __future__ import annotations

import operator
from typing import Any, Callable, Dict, Tuple, Union

from ._core import Match

_FIELDS = ("start", "end", "id", "kind", "text", "alias")
_six = operator.attrgetter(*_FIELDS)  # the 6-tuple, made in C


def _compare(op: Callable[[Any, Any], Any]) -> Callable[[Match, Any], Any]:
    """A comparison of a Match as its 6-tuple, with other Matches and with tuples."""
    def compare(self: Match, other: Any) -> Any:
        if isinstance(other, Match):
            other = _six(other)
        elif not isinstance(other, tuple):
            return NotImplemented
        return op(_six(self), other)
    compare.__name__ = f"__{op.__name__}__"
    return compare


def _repr(self: Match) -> str:
    return (f"Match(start={self.start!r}, end={self.end!r}, id={self.id!r}, kind={self.kind!r}, "
            f"text={self.text!r}, alias={self.alias!r}, form={self.form!r})")


def _reduce(self: Match) -> Tuple[type, tuple]:
    return type(self), (*_six(self), self.form)


def _hash(self: Match) -> int:
    return hash(_six(self))


def _asdict(self: Match, /) -> Dict[str, Union[int, str, None]]:
    """The fields as a dict."""
    d: Dict[str, Union[int, str, None]] = dict(zip(_FIELDS, _six(self)))
    d["form"] = self.form
    return d


for _op in (operator.eq, operator.ne, operator.lt, operator.le, operator.gt, operator.ge):
    setattr(Match, f"__{_op.__name__}__", _compare(_op))
Match.__hash__ = _hash  # type: ignore[method-assign,assignment]
Match.__repr__ = _repr  # type: ignore[method-assign,assignment]
Match.__reduce__ = _reduce  # type: ignore[method-assign,assignment]
Match._asdict = _asdict  # type: ignore[attr-defined]
Match.__match_args__ = _FIELDS  # type: ignore[attr-defined]  (case Match(start, end, id): ...)

__all__ = ["Match"]
