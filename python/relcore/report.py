"""`relcore report`: a self-contained HTML report on your own corpus.

The report has the most co-mentioned pairs; the co-mention network and partners of a focus id;
mentions of the focus and its main dyads over time, when documents have years (from their file
names, ``AZE_78_2023.txt`` or any ``…2023…``, or from a metadata CSV); and, for each main
partner, the sentences that name both, with every mention highlighted. One pass over the
documents (analyzed on every core); pictures need matplotlib and are left out without it.
The page has no script and fetches nothing.
"""
from __future__ import annotations

import csv
import html
import os
import re
from collections import Counter, defaultdict
from typing import Any, Dict, Iterable, List, Mapping, NamedTuple, Optional, Sequence, Tuple

__all__ = ["Corpus", "collect", "render", "write_report", "read_inputs", "read_meta_csv", "year_of"]

class _Mark(NamedTuple):
    """A mention within an evidence sentence (the attributes mentions_html reads)."""
    start: int
    end: int
    id: str
    kind: Optional[str]


_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def year_of(name: str) -> Optional[int]:
    """The year in a file name: UNGDC's ``ISO3_SESSION_YEAR.txt``, else the last 4-digit year
    (1800–2099) in the base name, else None."""
    from .frames import ungdc_meta
    base = os.path.basename(str(name))
    try:
        return ungdc_meta(base)["year"]
    except ValueError:
        years = _YEAR.findall(base)
        return int(years[-1]) if years else None


def read_meta_csv(path: str) -> Dict[str, Dict[str, str]]:
    """Metadata CSV → file key → row. The key column is the first of ``file``, ``path``, ``doc``,
    ``name``, ``id`` present; rows are matched on the full path or the base name."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        fields = reader.fieldnames or []
        key = next((k for k in ("file", "path", "doc", "name", "id") if k in fields), None)
        if key is None:
            raise ValueError(f"{path}: needs a column naming the files (file, path, doc, name or id); "
                             f"has {fields}")
        return {row[key]: row for row in reader}


def _meta_for(name: str, meta: Optional[Mapping[str, Mapping[str, Any]]]) -> Dict[str, Any]:
    if meta:
        row = meta.get(name) or meta.get(os.path.basename(name))
        if row is None:
            stem = os.path.splitext(os.path.basename(name))[0]
            row = meta.get(stem)
        if row is not None:
            return dict(row)
    return {}


class Corpus:
    """What one pass over the documents gathers for the report."""

    def __init__(self, focus: Optional[str]):
        self.focus = focus
        self.docs = 0
        self.chars = 0
        self.mentions: Counter = Counter()          # id → mentions
        self.pairs: Counter = Counter()             # (a, b) → windows
        self.pair_docs: Counter = Counter()         # (a, b) → documents
        self.by_year: Dict[Any, Counter] = defaultdict(Counter)   # year → focus-pair windows
        self.focus_by_year: Counter = Counter()     # year → focus mentions
        self.docs_by_year: Counter = Counter()
        self.evidence: Dict[str, List[Tuple[str, str, list]]] = defaultdict(list)  # partner → (doc, text, marks)
        self.names: List[str] = []


def collect(items: Iterable[Tuple[str, str]], *, focus: Optional[str] = None,
            meta: Optional[Mapping[str, Mapping[str, Any]]] = None, window="sentence",
            gazetteer=None, threads: int = 0, evidence: int = 3,
            progress: Optional[bool] = None) -> Corpus:
    """One pass over ``(name, text)`` pairs. Without ``focus``, the most mentioned id becomes the
    focus: then the documents are analyzed twice (counting first)."""
    from .doc import analyze_many
    items = list(items)
    if focus is None:
        counts: Counter = Counter()
        for d in analyze_many([t for _, t in items], gazetteer=gazetteer, threads=threads, progress=progress):
            counts.update(m.id for m in d.mentions if m.kind in ("country", "former", "territory"))
        focus = counts.most_common(1)[0][0] if counts else None
    c = Corpus(focus)
    keep = max(evidence, 0) * 4   # candidates per partner; the shortest sentences are shown
    docs = analyze_many([t for _, t in items], gazetteer=gazetteer, threads=threads, progress=progress)
    for (name, text), doc in zip(items, docs):
        c.docs += 1
        c.chars += len(text)
        c.names.append(name)
        row = _meta_for(name, meta)
        year = row.get("year")
        year = int(year) if isinstance(year, str) and year.strip().isdigit() else year
        if year is None:
            year = year_of(name)
        if year is not None:
            c.docs_by_year[year] += 1
        c.mentions.update(m.id for m in doc.mentions)
        if focus is not None and year is not None:
            c.focus_by_year[year] += sum(1 for m in doc.mentions if m.id == focus)
        for p in doc.pairs(window):
            key = (p.a, p.b)
            c.pairs[key] += p.count
            c.pair_docs[key] += 1
            if focus in key:
                partner = p.b if p.a == focus else p.a
                if year is not None:
                    c.by_year[year][partner] += p.count
                if len(c.evidence[partner]) < keep and p.evidence:
                    start, end = p.evidence[0]
                    marks = [m for m in doc.mentions if start <= m.start and m.end <= end]
                    c.evidence[partner].append((name, text[start:end], [(m.start - start, m.end - start, m.id, m.kind) for m in marks]))
    return c


def _name(id_: str) -> str:
    from .describe import _load
    info = _load().get(id_)
    return info.name if info is not None else ""


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]], numeric: Sequence[int] = ()) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = []
    for r in rows:
        cells = "".join(
            f'<td style="text-align:right">{html.escape(str(v))}</td>' if i in numeric
            else f"<td>{html.escape(str(v))}</td>" for i, v in enumerate(r))
        body.append(f"<tr>{cells}</tr>")
    return ('<table style="border-collapse:collapse;font-size:90%" cellpadding="4" border="1">'
            f"<tr>{th}</tr>{''.join(body)}</table>")


def _h2(text: str) -> str:
    return f'<h2 style="font-size:120%">{html.escape(text)}</h2>'


def _timeline_png(years: List[Any], series: Dict[str, List[int]], title: str, ylabel: str) -> str:
    from matplotlib.figure import Figure

    from .plots import figure_data_uri
    fig = Figure(figsize=(8.0, 3.6))
    ax = fig.add_subplot(1, 1, 1)
    for label, values in series.items():
        ax.plot(years, values, marker="o", markersize=3, linewidth=1.6, label=label)
    ax.set_xlabel("year")
    from matplotlib.ticker import MaxNLocator
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # years, not 2020.5
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(frameon=False, fontsize=8, ncol=3)
    fig.tight_layout()
    return (f'<img alt="{html.escape(title)}" style="max-width:760px" '
            f'src="{figure_data_uri(fig, dpi=90)}">')


def render(c: Corpus, *, title: str, top: int = 15, partners: int = 5, evidence: int = 3,
           source: str = "", extra: Sequence[str] = ()) -> str:
    """The report page for a :class:`Corpus`."""
    from .display import legend_html, mentions_html, page
    focus = c.focus
    years = sorted(c.docs_by_year)
    span = (f", {years[0]}–{years[-1]}" if len(years) > 1 else f", {years[0]}") if years else ""
    from .relations import pair_order
    rows = sorted(((a, b, n, c.pair_docs[(a, b)]) for (a, b), n in c.pairs.items()),
                  key=lambda r: pair_order(r[0], r[1], r[2]))
    sections = [
        f"<p>{c.docs:,} documents ({c.chars / 1e6:.1f} million characters{span}){html.escape(source)}; "
        f"{sum(c.mentions.values()):,} mentions of {len(c.mentions):,} ids. Two entities are "
        "co-mentioned when one sentence names both: <b>count</b> is the number of such sentences, "
        "<b>docs</b> the number of documents with at least one.</p>",
        _h2("Top co-mention pairs"),
        _table(["a", "a name", "b", "b name", "count", "docs"],
               [(a, _name(a), b, _name(b), n, d) for a, b, n, d in rows[:top]], numeric=(4, 5)),
    ]
    if focus is None:
        sections.append("<p><i>No mentions: no focus.</i></p>")
        return page(title, sections)
    mine = [(b if a == focus else a, n, d) for a, b, n, d in rows if focus in (a, b)]
    fname = _name(focus) or focus
    sections.append(_h2(f"{fname} ({focus}): co-mention partners"))
    sections.append(f"<p>{fname} is mentioned {c.mentions[focus]:,} times, with {len(mine):,} partners.</p>")
    sections.append(_table(["partner", "name", "count", "docs"],
                           [(p, _name(p), n, d) for p, n, d in mine[:top]], numeric=(2, 3)))
    try:
        from .plots import comention_network, figure_data_uri
        if mine:
            fig = comention_network([(a, b, n) for a, b, n, _ in rows], focus, top=12,
                                    labels={i: i for i in [focus] + [p for p, _, _ in mine[:12]]})
            sections.append(_h2(f"Co-mention network around {focus}") +
                            f'<img alt="co-mention network around {html.escape(focus)}" '
                            f'style="max-width:640px" src="{figure_data_uri(fig, dpi=90)}">')
    except ImportError as e:  # matplotlib is optional
        sections.append(f"<p><i>No network picture: {html.escape(str(e))}</i></p>")
    if len(years) >= 2:
        full = list(range(years[0], years[-1] + 1)) if all(isinstance(y, int) for y in years) else years
        main = [p for p, _, _ in mine[:partners]]
        sections.append(_h2(f"{focus} over time"))
        table_rows = [(y, c.docs_by_year.get(y, 0), c.focus_by_year.get(y, 0))
                      + tuple(c.by_year.get(y, Counter()).get(p, 0) for p in main) for y in full]
        try:
            sections.append(_timeline_png(full, {f"{focus} mentions": [c.focus_by_year.get(y, 0) for y in full]},
                                          f"Mentions of {fname} per year", "mentions"))
            if main:
                sections.append(_timeline_png(
                    full, {f"{focus}–{p}": [c.by_year.get(y, Counter()).get(p, 0) for y in full] for p in main},
                    f"Co-mentions of {focus} with its main partners per year", "count (sentences)"))
        except ImportError:
            pass
        sections.append(_table(["year", "docs", f"{focus} mentions"] + [f"with {p}" for p in main],
                               table_rows, numeric=tuple(range(0, 3 + len(main)))))
    elif not years:
        sections.append("<p><i>No years: name files with a year (AZE_78_2023.txt, report-2021.txt) "
                        "or pass --meta FILE.csv with file and year columns for mentions over time."
                        "</i></p>")
    ev = []
    kinds = set()
    for p, n, _ in mine[:partners]:
        shown = sorted(c.evidence.get(p, []), key=lambda e: len(e[1]))[:evidence]
        if not shown:
            continue
        items = []
        for name, sent, marks in shown:
            ms = [_Mark(*m) for m in marks]
            kinds.update(m.kind for m in ms)
            items.append(f'<li style="margin-bottom:6px"><span style="color:#666;font-size:85%">'
                         f'{html.escape(os.path.basename(name))}</span><br>'
                         f'<span style="line-height:1.8">{mentions_html(sent, ms)}</span></li>')
        ev.append(f"<h3 style=\"font-size:105%\">{html.escape(focus)} and {html.escape(p)} "
                  f"({html.escape(_name(p))}): {n:,} sentences</h3><ul style=\"font-family:Georgia,serif;"
                  f"max-width:60em\">{''.join(items)}</ul>")
    if ev:
        sections.append(_h2("Evidence: sentences naming both") +
                        f'<div style="font-size:85%;margin-bottom:6px">{legend_html(kinds)}</div>' + "".join(ev))
    return page(title, sections + list(extra))


def read_inputs(paths: Sequence[str], errors: str = "strict") -> Tuple[List[Tuple[str, str]], List[str]]:
    """``(name, text)`` of every file under ``paths`` (files, folders' *.txt, globs) and the
    messages for those that could not be read."""
    from .textio import resolve_inputs
    problems: List[str] = []
    files = [f for f in resolve_inputs(paths, problems) if f != "-"]
    items = []
    for f in files:
        try:
            with open(f, "rb") as fh:
                data = fh.read()
            items.append((f, data.decode("utf-8", errors=errors)))
        except UnicodeDecodeError as e:
            problems.append(f"{f}: invalid UTF-8 at byte offset {e.start} (use --errors replace to substitute U+FFFD)")
        except OSError as e:
            problems.append(f"{f}: {e.strerror or e}")
    return items, problems


def write_report(items: Iterable[Tuple[str, str]], out: str, *, focus: Optional[str] = None,
                 meta: Optional[Mapping[str, Mapping[str, Any]]] = None, title: Optional[str] = None,
                 top: int = 15, partners: int = 5, evidence: int = 3, window="sentence",
                 gazetteer=None, threads: int = 0, source: str = "", extra: Sequence[str] = (),
                 progress: Optional[bool] = None) -> str:
    """Analyze ``(name, text)`` items and write the HTML report to ``out``; returns the path.
    ``extra``: HTML fragments appended to the page."""
    c = collect(items, focus=focus, meta=meta, window=window, gazetteer=gazetteer, threads=threads,
                evidence=evidence, progress=progress)
    if title is None:
        name = _name(c.focus) if c.focus else ""
        title = (f"relcore report — {name + ' (' + c.focus + ')' if name else c.focus} and its co-mentions"
                 if c.focus else "relcore report")
    page_html = render(c, title=title, top=top, partners=partners, evidence=evidence, source=source,
                       extra=extra)
    folder = os.path.dirname(os.path.abspath(out))
    os.makedirs(folder, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write(page_html)
    return out
