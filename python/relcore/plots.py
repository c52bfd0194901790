"""Pictures for notebooks and reports: a co-mention network around one entity and mentions
(or co-mentions) over time. Each function returns a :class:`matplotlib.figure.Figure`.

matplotlib is optional and imported on use. Figures are made without pyplot (no global figure
state, no GUI backend), so they are safe in scripts, threads and notebooks alike; in Jupyter a
returned Figure displays itself. The network layout is computed here with numpy — no networkx.
"""
from __future__ import annotations

import base64
import io
import math
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

__all__ = ["comention_network", "mentions_over_time", "pairs_over_time", "radial_layout", "spring_layout",
           "circular_layout", "figure_data_uri"]

CENTER_COLOR = "#e4572e"
NODE_COLOR = "#4f86c6"
EDGE_COLOR = "#7a7a7a"


def _require_matplotlib(what: str):
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError(f"relcore.plots.{what} draws with matplotlib, which is not installed: "
                          f"pip install matplotlib  (or: pip install 'relcore[notebook]')") from None
    return Figure


def _pair_rows(pairs) -> List[Tuple[str, str, float]]:
    """(a, b, count) from a cooccurrence DataFrame, Pair objects or plain 3-tuples."""
    if hasattr(pairs, "itertuples") and hasattr(pairs, "columns"):
        missing = {"a", "b", "count"} - set(pairs.columns)
        if missing:
            raise ValueError(f"pairs frame needs columns a, b, count (missing {sorted(missing)})")
        return [(str(r.a), str(r.b), float(r.count)) for r in pairs.itertuples(index=False)]
    out = []
    for p in pairs:
        if hasattr(p, "a"):
            out.append((str(p.a), str(p.b), float(p.count)))
        else:
            a, b, n = p[0], p[1], p[2]
            out.append((str(a), str(b), float(n)))
    return out


def circular_layout(n: int, center: Optional[int] = 0):
    """Positions (n×2 array) on the unit circle, the ``center`` node (if any) in the middle."""
    import numpy as np
    pos = np.zeros((n, 2))
    others = [i for i in range(n) if i != center]
    for k, i in enumerate(others):
        angle = math.pi / 2 - 2 * math.pi * k / max(len(others), 1)
        pos[i] = (math.cos(angle), math.sin(angle))
    return pos


def spring_layout(weights, center: Optional[int] = 0, iterations: int = 300):
    """Force-directed positions (Fruchterman–Reingold) for a symmetric weight matrix.

    Every pair of nodes repels; linked nodes attract in proportion to their weight. The start
    is the circular layout, so the result is deterministic; ``center`` stays pinned at the
    origin. Returns an n×2 array scaled into [-1, 1].
    """
    import numpy as np
    w = np.asarray(weights, dtype=float)
    n = w.shape[0]
    if n <= 2:
        return circular_layout(n, center)
    w = w / w.max() if w.max() > 0 else w
    pos = circular_layout(n, center) * 0.8
    k = 1.0 / math.sqrt(n)
    step = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta ** 2).sum(-1))
        np.fill_diagonal(dist, 1.0)
        dist = np.maximum(dist, 1e-3)
        # repulsion k²/d, attraction w·d²/k, both along the line between the nodes
        force = (k * k / dist - w * dist * dist / k) / dist
        np.fill_diagonal(force, 0.0)
        disp = (force[:, :, None] * delta).sum(1)
        length = np.maximum(np.sqrt((disp ** 2).sum(-1)), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, step)[:, None]
        if center is not None:
            pos -= pos[center]
        step *= 0.985
    span = np.abs(pos).max()
    return pos / span if span > 0 else pos


def radial_layout(weights, center: int = 0):
    """The ``center`` node in the middle, the others around it: stronger ties closer (radius
    0.45 to 1 by the square root of the tie to the center), in the angular order a force-directed
    layout gives them (so partners linked to each other sit side by side), evenly spaced so
    that no two labels collide."""
    import numpy as np
    w = np.asarray(weights, dtype=float)
    n = w.shape[0]
    pos = np.zeros((n, 2))
    others = [i for i in range(n) if i != center]
    if not others:
        return pos
    spring = spring_layout(w, center)
    angles = np.arctan2(spring[others, 1], spring[others, 0])
    order = [others[k] for k in np.argsort(angles)]
    tie = w[center]
    strongest = max(tie[others].max(), 1e-12)
    start = math.pi / 2
    for k, i in enumerate(order):
        angle = start - 2 * math.pi * k / len(order)
        r = 1.0 - 0.55 * math.sqrt(max(tie[i], 0.0) / strongest)
        pos[i] = (r * math.cos(angle), r * math.sin(angle))
    return pos


def comention_network(pairs, center: str, *, top: int = 12, layout: str = "radial",
                      labels: Optional[Mapping[str, str]] = None, title: Optional[str] = None,
                      figsize: Tuple[float, float] = (7.0, 7.0)):
    """The entities most often mentioned together with ``center``, as a network picture.

    ``pairs``: a :func:`relcore.cooccurrence` DataFrame (or Pair objects, or (a, b, count)
    tuples). The ``top`` partners of ``center`` by count are drawn around it; an edge's width
    grows with its count, and partners mentioned together are linked too (thinner, lighter).
    ``layout``: ``"radial"`` (default: stronger ties closer to the center, see
    :func:`radial_layout`), ``"spring"`` (force-directed) or ``"circular"``. ``labels`` maps ids to the
    names to show. Returns a matplotlib Figure.
    """
    import numpy as np
    Figure = _require_matplotlib("comention_network")
    rows = _pair_rows(pairs)
    partner: Dict[str, float] = {}
    for a, b, n in rows:
        if a == center and b != center:
            partner[b] = partner.get(b, 0.0) + n
        elif b == center and a != center:
            partner[a] = partner.get(a, 0.0) + n
    chosen = sorted(partner, key=lambda x: (-partner[x], x))[:max(top, 0)]
    nodes = [center] + chosen
    index = {x: i for i, x in enumerate(nodes)}
    w = np.zeros((len(nodes), len(nodes)))
    for a, b, n in rows:
        if a in index and b in index and a != b:
            w[index[a], index[b]] += n
            w[index[b], index[a]] += n
    if layout == "radial":
        pos = radial_layout(w, 0)
    elif layout == "spring":
        pos = spring_layout(w, 0)
    elif layout == "circular":
        pos = circular_layout(len(nodes), 0)
    else:
        raise ValueError("layout must be 'radial', 'spring' or 'circular'")

    fig = Figure(figsize=figsize)
    ax = fig.add_subplot(1, 1, 1)
    wmax = w.max() if w.size and w.max() > 0 else 1.0
    for i in range(len(nodes)):
        for j in range(i + 1, len(nodes)):
            if w[i, j] <= 0:
                continue
            hub = i == 0 or j == 0
            ax.plot(pos[[i, j], 0], pos[[i, j], 1], color=CENTER_COLOR if hub else EDGE_COLOR,
                    alpha=0.75 if hub else 0.3, zorder=1,
                    linewidth=(0.8 + 7.0 * math.sqrt(w[i, j] / wmax)) if hub else
                    (0.4 + 2.5 * math.sqrt(w[i, j] / wmax)))
    sizes = [1400.0] + [250.0 + 1100.0 * math.sqrt(partner[x] / max(partner.values())) for x in chosen]
    colors = [CENTER_COLOR] + [NODE_COLOR] * len(chosen)
    ax.scatter(pos[:, 0], pos[:, 1], s=sizes, c=colors, zorder=2, edgecolors="white", linewidths=1.5)
    for x, (px, py) in zip(nodes, pos):
        name = labels.get(x, x) if labels else x
        ax.text(px, py, name, ha="center", va="center", fontsize=9, fontweight="bold",
                color="white" if x == center else "#111", zorder=3)
    for x in chosen:
        i = index[x]
        below = math.sqrt(sizes[i]) / 2 + 6  # marker radius in points, plus a gap
        ax.annotate(f"{int(partner[x])}", xy=(pos[i, 0], pos[i, 1]), xytext=(0, -below),
                    textcoords="offset points", ha="center", fontsize=7, color="#555", zorder=3)
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    ax.set_axis_off()
    shown = labels.get(center, center) if labels else center
    ax.set_title(title or f"Mentioned together with {shown}" +
                 ("" if chosen else " — no co-mentions found"))
    fig.tight_layout()
    return fig


def _timeline(series: Dict[str, Any], by: str, title: str, ylabel: str,
              figsize: Tuple[float, float]):
    Figure = _require_matplotlib("timeline")
    fig = Figure(figsize=figsize)
    ax = fig.add_subplot(1, 1, 1)
    for label, s in series.items():
        ax.plot(list(s.index), list(s.values), marker="o", markersize=3, linewidth=1.6, label=label)
    ax.set_xlabel(by)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    if series:
        ax.legend(frameon=False, fontsize=8, ncol=2)
    fig.tight_layout()
    return fig


def _full_index(values):
    """All integer steps between the smallest and largest value (years without data show 0)."""
    vals = sorted(values)
    if vals and all(isinstance(v, (int,)) or getattr(v, "is_integer", lambda: False)()
                    for v in vals):
        return list(range(int(vals[0]), int(vals[-1]) + 1))
    return vals


def mentions_over_time(frame, ids: Optional[Sequence[str]] = None, *, by: str = "year",
                       top: int = 6, title: Optional[str] = None,
                       figsize: Tuple[float, float] = (8.0, 4.0)):
    """Mentions per ``by`` (a column such as ``year``) of each id, one line per id.

    ``frame``: a :func:`relcore.mentions_frame` with a ``by`` column (from its ``meta``).
    ``ids``: the ids to draw (default: the ``top`` most mentioned). Returns a Figure.
    """
    if by not in frame.columns:
        raise ValueError(f"the mentions frame has no {by!r} column: pass meta= to mentions_frame")
    counts = frame.groupby([by, "id"]).size().unstack(fill_value=0)
    if ids is None:
        ids = list(counts.sum().sort_values(ascending=False).index[:top])
    index = _full_index(counts.index)
    counts = counts.reindex(index=index, fill_value=0)
    series = {i: (counts[i] if i in counts.columns else counts.iloc[:, :0].sum(axis=1)) for i in ids}
    return _timeline(series, by, title or f"Mentions per {by}", "mentions", figsize)


def pairs_over_time(frame, pairs: Iterable[Tuple[str, str]], *, by: str = "year",
                    title: Optional[str] = None, figsize: Tuple[float, float] = (8.0, 4.0)):
    """Co-mentions per ``by`` of each chosen pair, one line per pair.

    ``frame``: a :func:`relcore.pairs_frame` with a ``by`` column; ``pairs``: (x, y) ids in
    any order. Returns a Figure.
    """
    if by not in frame.columns:
        raise ValueError(f"the pairs frame has no {by!r} column: pass meta= to pairs_frame")
    index = _full_index(frame[by].unique()) if len(frame) else []
    series = {}
    for x, y in pairs:
        a, b = (x, y) if x < y else (y, x)
        sel = frame[(frame["a"] == a) & (frame["b"] == b)]
        s = sel.groupby(by)["count"].sum().reindex(index, fill_value=0)
        series[f"{a}–{b}"] = s
    return _timeline(series, by, title or f"Co-mentions per {by}", "sentences mentioning both",
                     figsize)


def figure_data_uri(fig, *, dpi: int = 100) -> str:
    """The figure as a PNG ``data:`` URI, for self-contained HTML (``<img src=...>``)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
