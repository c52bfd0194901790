"""Co-mention tables as networks: networkx graphs, and GEXF / GraphML files for Gephi, Cytoscape,
igraph or networkx.

A table is rows ``(a, b, count, docs)`` — :func:`relcore.cooccurrence`'s DataFrame, the rows of
``relcore pairs``, or any iterable of such tuples. Nodes are ids, labelled with their names
(:func:`relcore.describe`) and carrying ``kind`` and, for states, the COW and Gleditsch–Ward codes;
edges are undirected and carry ``count`` (the weight) and ``docs``. The writers need no networkx.
"""
from __future__ import annotations

from typing import Any, Dict, List, TextIO, Tuple

__all__ = ["to_networkx", "write_gexf", "write_graphml", "edge_rows", "node_attributes"]

Edge = Tuple[str, str, int, int]
NODE_ATTRS = (("name", "string"), ("kind", "string"), ("cow", "int"), ("gw", "int"), ("iso3", "string"))


def edge_rows(table: Any) -> List[Edge]:
    """``(a, b, count, docs)`` tuples from a DataFrame (columns a, b, count, docs) or an iterable of
    rows (``docs`` may be missing: then 0)."""
    if hasattr(table, "itertuples") and hasattr(table, "columns"):
        cols = list(table.columns)
        docs = "docs" in cols
        return [(str(r.a), str(r.b), int(r.count), int(r.docs) if docs else 0)
                for r in table.itertuples(index=False)]
    out = []
    for r in table:
        a, b, n = r[0], r[1], r[2]
        out.append((str(a), str(b), int(n), int(r[3]) if len(r) > 3 else 0))
    return out


def node_attributes(node: str) -> Dict[str, Any]:
    """Label and codes of an id: name (the id itself when unknown), kind, cow, gw, iso3 (None
    where the id has none)."""
    from .describe import _load
    info = _load().get(node)
    if info is None:
        return {"name": node, "kind": None, "cow": None, "gw": None, "iso3": None}
    return {"name": info.name, "kind": info.kind, "cow": info.cow, "gw": info.gw, "iso3": info.iso3}


def _nodes(edges: List[Edge]) -> List[str]:
    seen: Dict[str, None] = {}
    for a, b, _, _ in edges:
        seen.setdefault(a)
        seen.setdefault(b)
    return sorted(seen)


def to_networkx(table: Any, *, min_count: int = 1):
    """An undirected :class:`networkx.Graph`: one node per id (attributes ``name``, ``kind``,
    ``cow``, ``gw``, ``iso3`` where known), one edge per pair with ``count`` >= ``min_count``
    (attributes ``weight`` = ``count``, ``count``, ``docs``). networkx is optional:
    ``pip install networkx`` (or ``'relcore[network]'``).

    >>> g = to_networkx(relcore.cooccurrence(texts))  # doctest: +SKIP
    >>> networkx.degree_centrality(g)                  # doctest: +SKIP
    """
    try:
        import networkx as nx
    except ImportError:
        raise ImportError("relcore.to_networkx needs networkx: pip install networkx "
                          "(or: pip install 'relcore[network]')") from None
    edges = [e for e in edge_rows(table) if e[2] >= min_count]
    g = nx.Graph()
    for node in _nodes(edges):
        g.add_node(node, **{k: v for k, v in node_attributes(node).items() if v is not None})
    for a, b, n, d in edges:
        g.add_edge(a, b, weight=n, count=n, docs=d)
    return g


def write_gexf(table: Any, stream: TextIO, *, description: str = "relcore co-mentions") -> None:
    """GEXF 1.2 (Gephi's format; the version networkx reads): nodes with label and attributes,
    undirected weighted edges."""
    from xml.sax.saxutils import escape, quoteattr  # here: it imports urllib, http and email
    edges = edge_rows(table)
    w = stream.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n'
      '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n'
      f'  <meta><creator>relcore</creator><description>{escape(description)}</description></meta>\n'
      '  <graph mode="static" defaultedgetype="undirected">\n'
      '    <attributes class="node">\n')
    for i, (name, typ) in enumerate(NODE_ATTRS[1:]):
        w(f'      <attribute id="{i}" title="{name}" type="{"integer" if typ == "int" else typ}"/>\n')
    w('    </attributes>\n    <attributes class="edge">\n'
      '      <attribute id="0" title="count" type="integer"/>\n'
      '      <attribute id="1" title="docs" type="integer"/>\n    </attributes>\n    <nodes>\n')
    for node in _nodes(edges):
        attrs = node_attributes(node)
        values = "".join(f'<attvalue for="{i}" value={quoteattr(str(attrs[name]))}/>'
                         for i, (name, _) in enumerate(NODE_ATTRS[1:]) if attrs[name] is not None)
        w(f'      <node id={quoteattr(node)} label={quoteattr(attrs["name"])}>'
          f'<attvalues>{values}</attvalues></node>\n')
    w('    </nodes>\n    <edges>\n')
    for i, (a, b, n, d) in enumerate(edges):
        w(f'      <edge id="{i}" source={quoteattr(a)} target={quoteattr(b)} weight="{n}">'
          f'<attvalues><attvalue for="0" value="{n}"/><attvalue for="1" value="{d}"/></attvalues></edge>\n')
    w('    </edges>\n  </graph>\n</gexf>\n')


def write_graphml(table: Any, stream: TextIO) -> None:
    """GraphML: node attributes as keys (name, kind, cow, gw, iso3), edges with weight, count, docs."""
    from xml.sax.saxutils import escape, quoteattr  # here: it imports urllib, http and email
    edges = edge_rows(table)
    w = stream.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n'
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    for name, typ in NODE_ATTRS:
        w(f'  <key id="{name}" for="node" attr.name="{name}" attr.type="{typ}"/>\n')
    for name in ("weight", "count", "docs"):
        w(f'  <key id="{name}" for="edge" attr.name="{name}" attr.type="int"/>\n')
    w('  <graph id="relcore" edgedefault="undirected">\n')
    for node in _nodes(edges):
        attrs = node_attributes(node)
        data = "".join(f'<data key="{name}">{escape(str(attrs[name]))}</data>'
                       for name, _ in NODE_ATTRS if attrs[name] is not None)
        w(f'    <node id={quoteattr(node)}>{data}</node>\n')
    for a, b, n, d in edges:
        w(f'    <edge source={quoteattr(a)} target={quoteattr(b)}><data key="weight">{n}</data>'
          f'<data key="count">{n}</data><data key="docs">{d}</data></edge>\n')
    w('  </graph>\n</graphml>\n')
