"""Progress bars for long calls over many documents, in notebooks and terminals.

``progress=True`` shows a bar (tqdm's, when tqdm is installed: ``pip install 'relcore[progress]'``);
``progress=False`` never; ``progress=None``, the default, shows one only where someone is watching —
a Jupyter notebook, or a terminal on stderr — and only once the call has run for
:data:`AUTO_DELAY` seconds, so quick calls and logs stay clean. Without tqdm there is no bar.
"""
from __future__ import annotations

import sys
from typing import Any, Iterable, Iterator, Optional

__all__ = ["progress_bar", "watched", "AUTO_DELAY"]

#: Seconds before an automatic bar (progress=None) appears.
AUTO_DELAY = 2.0


def in_notebook() -> bool:
    """True inside a Jupyter kernel (a ZMQ shell), where tqdm draws a widget or HTML bar."""
    ipython = sys.modules.get("IPython")
    if ipython is None or "ipykernel" not in sys.modules:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:  # an IPython too old or half-imported: no notebook bar
        return False
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def watched() -> bool:
    """A notebook, or stderr is a terminal."""
    if in_notebook():
        return True
    try:
        return bool(sys.stderr.isatty())
    except (AttributeError, ValueError):
        return False


def _tqdm():
    try:
        import tqdm  # noqa: F401
    except ImportError:
        return None
    if in_notebook():
        try:
            import ipywidgets  # noqa: F401  tqdm's notebook bar needs it; otherwise the text bar
            from tqdm.notebook import tqdm as bar
            return bar
        except ImportError:
            pass
    from tqdm import tqdm as bar
    return bar


class _Null:
    """The no-bar bar: update and close do nothing."""

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def progress_bar(progress: Optional[bool], *, total: Optional[int] = None, desc: str = "",
                 unit: str = "doc") -> Any:
    """A bar with ``update(n)`` and ``close()`` (a context manager), or a do-nothing one when
    ``progress`` is False, when tqdm is missing, or when ``progress`` is None and nobody watches."""
    if progress is False or (progress is None and not watched()):
        return _Null()
    bar = _tqdm()
    if bar is None:
        return _Null()
    kwargs = dict(total=total, desc=desc, unit=unit, leave=progress is True, file=sys.stderr)
    if progress is None:
        kwargs["delay"] = AUTO_DELAY
    try:
        return bar(**kwargs)
    except TypeError:  # a tqdm older than 4.59 has no delay
        kwargs.pop("delay", None)
        return bar(**kwargs)


def track(items: Iterable[Any], progress: Optional[bool], *, desc: str = "", unit: str = "doc",
          total: Optional[int] = None) -> Iterator[Any]:
    """``items``, advancing a bar as each one is taken; the bar closes when the loop ends."""
    if total is None:
        try:
            total = len(items)  # type: ignore[arg-type]
        except TypeError:
            total = None
    with progress_bar(progress, total=total, desc=desc, unit=unit) as bar:
        if isinstance(bar, _Null):  # nothing to advance: hand the items on at C speed
            yield from items
            return
        for item in items:
            yield item
            bar.update(1)
