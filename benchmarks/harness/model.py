"""What the harness measures: rows (one library doing one job) grouped under a relcore reference row.

A *row* is one way of doing a task's work on one document (``fn(text)``), or on the whole list at
once (``batch_fn(texts)``, for relcore's ``*_many`` calls and whole-corpus commands). A *group*
holds rows that do comparable work and names the relcore row that every ratio in the group is
taken against. Rows that cannot run (a peer not installed) carry a status and a reason instead of
a function, so the table shows them rather than dropping them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

OK = "ok"
SKIPPED = "skipped"


@dataclass
class Config:
    repeat: int = 5                 # timed runs per row (at least); the median is reported
    # A group whose rounds are quick gets more of them, up to this many seconds of timed runs in
    # all (at most max_repeat rounds): one run of a fast row can land in a slow moment of a shared
    # machine, and a median of five such runs still moves by a tenth between runs of the harness.
    group_seconds: float = 20.0
    max_repeat: int = 25
    budget: float = 2.0             # seconds one timed run may take before the row moves to a subset
    quick: bool = False
    agreement_bytes: int = 400_000  # size of the sample that agreement is computed on
    synthetic_aliases: int = 1_000_000
    build_budget: float = 90.0      # seconds a gazetteer peer may take to build the synthetic list
    build_mem_budget: float = 4000.0  # MB it may take for that (the machine is shared)
    peers: str = "all"              # "all", "builtin" (stdlib only) or comma-separated library names
    groups: str = ""                # comma-separated substrings of group names; "" runs every group
    sizes: tuple = (1_000, 10_000, 100_000, 1_000_000, 10_000_000, None)  # None: whole corpus
    threads: tuple = (1, 2)
    verbose: bool = True
    ungdc_root: Optional[str] = None  # set by the run when its corpus is UNGDC: the whole-corpus group

    def wants(self, group_name: str) -> bool:
        """Whether --group selects a group (every group when it was not given)."""
        names = [s.strip().lower() for s in self.groups.split(",") if s.strip()]
        return not names or any(n in group_name.lower() for n in names)


@dataclass
class Row:
    name: str                       # what the table shows, e.g. "re.finditer spans"
    library: str                    # the package measured (its version goes in the machine line)
    output: str                     # what it returns: "spans", "strings", "str", "boundaries", ...
    fn: Optional[Callable[[str], Any]] = None
    batch_fn: Optional[Callable[[List[str]], Any]] = None
    relcore: bool = False
    status: str = OK
    reason: str = ""
    note: str = ""
    # Untimed: turns one document into what agreement compares (spans, sentence strings, matches).
    agree: Optional[Callable[[str], Any]] = None
    extra: Dict[str, Any] = field(default_factory=dict)   # e.g. build seconds for gazetteers
    # For a row whose work runs in a child process: the child's peak RSS in MB after a run
    # (the process's own peak would say nothing about it).
    child_peak_mb: Optional[Callable[[], float]] = None
    self_timed: bool = False        # batch_fn returns the seconds its work took (a child's own clock)

    @property
    def runnable(self) -> bool:
        return self.status == OK and (self.fn is not None or self.batch_fn is not None)


@dataclass
class Group:
    task: str                       # "tokenize"
    name: str                       # "words"
    reference: str                  # name of the relcore row ratios are taken against
    rows: List[Row]
    description: str = ""
    # agreement(rows, docs) -> {row name: {"score": float, "label": str, ...}}
    agreement: Optional[Callable[[List[Row], List[str]], Dict[str, Dict[str, Any]]]] = None
    agreement_docs: Optional[List[str]] = None  # documents agreement runs on, when not the corpus sample
    # Builds the rows just before the group is measured (gazetteers with a million aliases are
    # built one group at a time and released after it, not all held at once).
    prepare: Optional[Callable[[], List[Row]]] = None
    # The group's own input instead of the run's corpus (the whole UNGDC corpus, upper-cased
    # ASCII), built when the group runs.
    docs: Optional[Callable[[], List[str]]] = None
    # stride=False: every row runs on all of the input (no stride sample for slow rows), so that
    # any two rows of the group compare on identical input, not only each row with the reference.
    stride: bool = True
    warm: bool = True               # False: no warm-up run (rows that take the whole corpus anyway)
    close: Optional[Callable[[], None]] = None   # frees what prepare started (a cluster)

    def release(self) -> None:
        for r in self.rows:
            r.fn = r.batch_fn = r.agree = None
        if self.close is not None:
            self.close()


def unavailable(name: str, library: str, output: str, status: str, reason: str, **kw) -> Row:
    """A row that is reported but not run."""
    return Row(name=name, library=library, output=output, status=status, reason=reason, **kw)


def import_peer(module: str, cfg: Config, library: Optional[str] = None):
    """Import a peer library, or return (None, reason) when it is missing or filtered out."""
    lib = library or module
    if not peer_selected(lib, cfg):
        return None, f"not selected (--peers {cfg.peers})"
    try:
        import importlib
        return importlib.import_module(module), ""
    except Exception as exc:  # ImportError, or a broken native library
        return None, f"{lib} not installed ({type(exc).__name__}: {str(exc)[:80]})"


BUILTIN = {"relcore", "str", "re", "unicodedata", "python"}


def peer_selected(library: str, cfg: Config) -> bool:
    """relcore always runs; "builtin" keeps the standard library peers; else a list of names."""
    if library == "relcore" or cfg.peers == "all":
        return True
    names = {s.strip() for s in cfg.peers.split(",") if s.strip()}
    return library in names or ("builtin" in names and library in BUILTIN)


def guard(name: str, library: str, output: str):
    """Decorator for a peer's row builder: a peer that installs but fails to set up (missing
    language data, a broken native library) is reported as skipped with the error, and the rest
    of the task still runs."""
    def wrap(builder):
        def safe(*args, **kwargs):
            try:
                return builder(*args, **kwargs)
            except Exception as exc:
                row = unavailable(name, library, output, SKIPPED,
                                  f"setup failed: {type(exc).__name__}: {str(exc)[:100]}")
                return [row] if builder.__name__.endswith("_rows") else row
        safe.__name__ = builder.__name__
        return safe
    return wrap
