"""HTML views of documents: the text with every mention highlighted, its id and kind shown.

The HTML is self-contained — inline styles only, no script, no fonts or images fetched — so it
renders the same in a notebook (trusted or not), in a saved report and in a headless browser.
"""
from __future__ import annotations

import html
import zlib
from collections import Counter
from typing import Any, Dict, Iterable, List, Optional, Sequence

__all__ = ["KIND_COLORS", "kind_color", "mentions_html", "doc_html", "legend_html", "page"]

# Background colours by mention kind: light enough for black text, far from white and from
# each other so a highlighted mention is unmistakable (the report screenshot test looks for them).
KIND_COLORS: Dict[str, str] = {
    "country": "#ffc94d",       # amber
    "territory": "#ffa94d",     # orange
    "former": "#d9b38c",        # tan: states that no longer exist (USSR, Yugoslavia)
    "organization": "#6fd3f2",  # cyan
    "org": "#6fd3f2",
    "place": "#8fe388",         # green
    "city": "#8fe388",
    "person": "#f7a1d9",        # pink
    "group": "#c5a3ff",         # violet
}
_FALLBACK = ["#b9b4ff", "#ff9e9e", "#9ef0d0", "#e6d36b", "#f2b38a"]


def kind_color(kind: Optional[str]) -> str:
    """Highlight colour of a mention kind (a stable fallback colour for unknown kinds)."""
    if kind in KIND_COLORS:
        return KIND_COLORS[kind]
    key = (kind or "").encode("utf-8")
    return _FALLBACK[zlib.crc32(key) % len(_FALLBACK)]


_MARK = ('<mark style="background:{bg};color:#111;padding:0 2px;border-radius:3px"'
         ' title="{title}">{text}<sub style="font-size:65%;font-weight:600;'
         'margin-left:2px;color:#333">{id}</sub></mark>')


def mentions_html(text: str, mentions: Iterable[Any], *, start: int = 0,
                  end: Optional[int] = None) -> str:
    """``text[start:end]`` as escaped HTML with each mention (``.start``, ``.end``, ``.id``,
    ``.kind``) wrapped in a coloured ``<mark>`` that shows the id and, on hover, id and kind.
    Mentions overlapping an earlier one are skipped."""
    end = len(text) if end is None else end
    out: List[str] = []
    pos = start
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if m.start < pos or m.end > end:
            continue
        out.append(html.escape(text[pos:m.start]))
        kind = getattr(m, "kind", None)
        out.append(_MARK.format(bg=kind_color(kind), title=html.escape(f"{m.id} · {kind or 'entity'}"),
                                text=html.escape(text[m.start:m.end]), id=html.escape(str(m.id))))
        pos = m.end
    out.append(html.escape(text[pos:end]))
    return "".join(out)


def legend_html(kinds: Iterable[Optional[str]]) -> str:
    """A row of colour swatches, one per kind."""
    items = []
    for k in sorted({k or "entity" for k in kinds}):
        items.append(f'<span style="background:{kind_color(k)};padding:0 6px;border-radius:3px;'
                     f'margin-right:6px">{html.escape(k)}</span>')
    return "".join(items)


def doc_html(doc, *, max_chars: Optional[int] = None, title: Optional[str] = None) -> str:
    """An HTML fragment for a :class:`relcore.Doc`: a summary line (counts and the most
    mentioned ids), a legend, and the text with its mentions highlighted. ``max_chars`` cuts
    long texts (at a sentence end when possible) and says so."""
    text = doc.text
    end = len(text)
    if max_chars is not None and end > max_chars:
        end = max_chars
        for s in doc.sentences:
            if s.end <= max_chars:
                end = s.end
        end = end or max_chars
    ids = Counter(m.id for m in doc.mentions)
    top = ", ".join(f"{html.escape(str(i))} ({n})" for i, n in ids.most_common(8))
    head = (f"{len(text):,} characters · {len(doc.tokens):,} tokens · {len(doc.sentences):,} "
            f"sentences · {len(doc.mentions):,} mentions" + (f" — most mentioned: {top}" if top else ""))
    body = mentions_html(text, doc.mentions, end=end)
    more = ""
    if end < len(text):
        more = (f'<p style="color:#666;font-style:italic">… {len(text) - end:,} more characters '
                f'not shown</p>')
    heading = f'<h3 style="margin:0 0 4px 0">{html.escape(title)}</h3>' if title else ""
    return (f'<div class="relcore-doc" style="font-family:Georgia,serif;max-width:60em">{heading}'
            f'<div style="font-family:sans-serif;font-size:85%;color:#444;margin-bottom:4px">{head}</div>'
            f'<div style="font-family:sans-serif;font-size:85%;margin-bottom:8px">'
            f'{legend_html(m.kind for m in doc.mentions)}</div>'
            f'<div style="white-space:pre-wrap;line-height:1.85;max-height:40em;overflow:auto;'
            f'border:1px solid #ddd;padding:8px">{body}</div>{more}</div>')


def page(title: str, sections: Sequence[str]) -> str:
    """A complete, self-contained HTML page (UTF-8, no script) from HTML fragments."""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title></head>"
            '<body style="margin:24px;font-family:sans-serif;color:#111;background:#fff">'
            f"<h1 style=\"font-size:150%\">{html.escape(title)}</h1>"
            + "\n".join(sections) + "</body></html>\n")
