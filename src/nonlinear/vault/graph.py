"""The link graph of the published vault: nodes (notes) and edges (resolved links and embeds)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypedDict

from nonlinear.vault.index import VaultIndex
from nonlinear.vault.paths import top_folder
from nonlinear.vault.report import LinkRecord, json_for_html_chunks


class GraphNode(TypedDict):
    """A published note."""

    id: str
    title: str
    url: str
    group: str


class GraphEdge(TypedDict):
    """A link or embed from one published note to another."""

    source: str
    target: str


class Graph(TypedDict):
    """The ``graph`` of the engine → templates contract and of ``graph.json``."""

    nodes: list[GraphNode]
    edges: list[GraphEdge]


def build_graph(
    index: VaultIndex, records: Iterable[LinkRecord], url_of: Callable[[str], str]
) -> Graph:
    """Build the graph of published notes.

    Args:
        index: The vault index.
        records: The resolved links (:func:`nonlinear.vault.report.check_links`).
        url_of: Site-root-relative URL of a note (MkDocs' ``page.url``).

    Returns:
        Nodes sorted by id (group = top folder, ``""`` at the root) and unique edges sorted by
        (source, target); self-links and links to attachments are left out.
    """
    nodes: list[GraphNode] = [
        {"id": uri, "title": note.title, "url": url_of(uri), "group": top_folder(uri)}
        for uri, note in sorted(index.notes.items())
        if note.published
    ]
    published = {n["id"] for n in nodes}
    pairs = {
        (r.source, r.target)
        for r in records
        if r.target is not None and r.target != r.source and r.target in published
    }
    edges: list[GraphEdge] = [{"source": s, "target": t} for s, t in sorted(pairs)]
    return {"nodes": nodes, "edges": edges}


def graph_json(graph: Graph) -> str:
    """Serialise the graph with sorted keys (stable output for diffs and caches); titles and
    paths are the vault's text, so no ``<``, ``>`` or ``&`` is written raw."""
    return "".join(graph_json_chunks(graph))


def graph_json_chunks(graph: Graph) -> Iterator[str]:
    """:func:`graph_json` in pieces, to write to a file without holding the whole text."""
    return json_for_html_chunks(graph)
