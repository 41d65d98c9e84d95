"""The link graph drawn as SVG at build time: a force-directed layout and its rendering.

Where it sits: ``hooks/reading.py`` takes the graph the vault engine puts in
``context["nonlinear"]["graph"]`` (nodes with ``id``, ``title``, ``url``, ``group``; edges with
``source`` and ``target``), lays it out once per build with :func:`layout`, and renders the
global graph page and each note's local graph (:func:`neighbourhood`) with :func:`render_svg`.

The SVG needs no JavaScript: nodes are ``<a xlink:href>`` links with a ``<title>`` tooltip and
a text label; colours are CSS variables (``--nl-graph-c0`` … ``--nl-graph-c7``, Okabe–Ito palette,
defined for light and dark schemes in ``overrides/assets/stylesheets/reading.css``).

The layout is Fruchterman–Reingold with vectorised all-pairs repulsion, a fixed number of
iterations and a seeded start, so the same graph always gives the same picture.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "PALETTE_SIZE",
    "VaultGraph",
    "group_classes",
    "layout",
    "neighbourhood",
    "radial_layout",
    "render_svg",
]

PALETTE_SIZE = 8
"""Number of group colours (``--nl-graph-c0`` … ``--nl-graph-c7``); groups beyond reuse them."""

Node = Mapping[str, str]
Edge = Mapping[str, str]


def layout(
    nodes: Sequence[Node], edges: Sequence[Edge], seed: int = 0, *, iterations: int | None = None
) -> dict[str, tuple[float, float]]:
    """Place nodes in the unit square so that linked notes are close and others apart.

    Args:
        nodes: Graph nodes; only ``id`` is used. Order does not matter (nodes are sorted).
        edges: Edges between node ids; edges to unknown ids and self-loops are ignored.
        seed: Seed of the random start.
        iterations: Fixed number of steps; by default fewer for big graphs (300 for small
            graphs, 35 for 1,000 nodes and more) so a build stays fast.

    Returns:
        ``{id: (x, y)}`` with coordinates in ``[0, 1]``.
    """
    ids = sorted({node["id"] for node in nodes})
    n = len(ids)
    if n == 0:
        return {}
    if n == 1:
        return {ids[0]: (0.5, 0.5)}
    index = {node_id: i for i, node_id in enumerate(ids)}
    pairs = sorted(
        {
            (
                min(index[e["source"]], index[e["target"]]),
                max(index[e["source"]], index[e["target"]]),
            )
            for e in edges
            if e["source"] in index and e["target"] in index and e["source"] != e["target"]
        }
    )
    if iterations is None:
        iterations = int(np.clip(3.5e7 / (n * n), 35, 300))
    rng = np.random.default_rng(seed)
    # float32 halves the memory traffic of the (n, n) steps, which dominate the time.
    pos = rng.uniform(-0.5, 0.5, size=(n, 2)).astype(np.float32)
    src = np.array([p[0] for p in pairs], dtype=np.intp)
    dst = np.array([p[1] for p in pairs], dtype=np.intp)
    k = np.float32(1.0 / np.sqrt(n))  # ideal edge length for an area of 1
    k2 = k * k
    gravity = np.float32(0.1) * k
    diagonal = np.arange(n)
    # Element-wise (n, n) buffers reused every step. No matrix product on purpose: BLAS spreads
    # it over threads (slow on a busy 2-core machine) and may sum in a machine-dependent order.
    dx = np.empty((n, n), dtype=np.float32)
    dy = np.empty((n, n), dtype=np.float32)
    weights = np.empty((n, n), dtype=np.float32)
    scratch = np.empty((n, n), dtype=np.float32)
    disp = np.empty((n, 2), dtype=np.float32)
    for step in range(iterations):
        temperature = np.float32(0.1 * (1.0 - step / iterations) + 0.002)
        np.subtract(pos[:, 0, None], pos[None, :, 0], out=dx)
        np.subtract(pos[:, 1, None], pos[None, :, 1], out=dy)
        np.multiply(dx, dx, out=weights)
        np.multiply(dy, dy, out=scratch)
        weights += scratch
        np.maximum(weights, np.float32(1e-6), out=weights)
        # Repulsion k²/d along the unit vector: (p_i - p_j) k²/d², summed over j.
        np.divide(k2, weights, out=weights)
        weights[diagonal, diagonal] = 0.0
        np.multiply(dx, weights, out=scratch)
        scratch.sum(axis=1, out=disp[:, 0])
        np.multiply(dy, weights, out=scratch)
        scratch.sum(axis=1, out=disp[:, 1])
        if pairs:
            edge_delta = pos[src] - pos[dst]
            edge_len = np.sqrt(np.einsum("ij,ij->i", edge_delta, edge_delta))
            pull = edge_delta * (edge_len / k)[:, None]  # attraction d²/k along the unit vector
            np.subtract.at(disp, src, pull)
            np.add.at(disp, dst, pull)
        disp -= pos * gravity * n * k  # keep disconnected parts from drifting away
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp))
        scale = np.minimum(length, temperature) / np.maximum(length, 1e-12)
        pos += disp * scale[:, None]
    lo = pos.min(axis=0).astype(np.float64)
    span = np.maximum(pos.max(axis=0).astype(np.float64) - lo, 1e-12)
    unit: npt.NDArray[np.float64] = (pos.astype(np.float64) - lo) / span
    return {node_id: (float(unit[i, 0]), float(unit[i, 1])) for i, node_id in enumerate(ids)}


def neighbourhood(
    centre: str,
    nodes: Sequence[Node],
    edges: Sequence[Edge],
    *,
    depth: int = 2,
    limit: int = 40,
    spokes_only: bool = False,
) -> tuple[list[Node], list[Edge]]:
    """The notes within ``depth`` links of ``centre`` (either direction), nearest first.

    Args:
        centre: Node id of the current note.
        nodes: All nodes.
        edges: All edges.
        depth: How many links away to go.
        limit: At most this many nodes (the centre and its direct neighbours come first).
        spokes_only: Keep only edges between notes at consecutive distances from the centre
            (centre to neighbour, neighbour to the next ring), which keeps a drawing legible.

    Returns:
        The nodes and the edges among them; empty when ``centre`` is not a node.
    """
    by_id = {node["id"]: node for node in nodes}
    if centre not in by_id:
        return [], []
    adjacent: dict[str, set[str]] = {node_id: set() for node_id in by_id}
    for edge in edges:
        a, b = edge["source"], edge["target"]
        if a in by_id and b in by_id and a != b:
            adjacent[a].add(b)
            adjacent[b].add(a)
    seen = {centre: 0}
    queue = deque([centre])
    while queue:
        current = queue.popleft()
        if seen[current] >= depth:
            continue
        for other in sorted(adjacent[current]):
            if other not in seen:
                seen[other] = seen[current] + 1
                queue.append(other)
    chosen = sorted(seen, key=lambda node_id: (seen[node_id], node_id))[:limit]
    keep = set(chosen)
    sub_edges = [
        e
        for e in edges
        if e["source"] in keep
        and e["target"] in keep
        and (not spokes_only or abs(seen[e["source"]] - seen[e["target"]]) == 1)
    ]
    return [by_id[node_id] for node_id in chosen], sub_edges


def radial_layout(
    centre: str, nodes: Sequence[Node], edges: Sequence[Edge]
) -> dict[str, tuple[float, float]]:
    """Place a neighbourhood on rings around its centre: cheap (no iterations) and readable.

    Direct neighbours go on the inner ring in title order; notes two links away go on the outer
    ring, next to the first inner-ring note that links them. Used for the local graph of every
    page, where a force layout per page would cost too much on a large vault.

    Args:
        centre: Id of the note in the middle.
        nodes: The neighbourhood (from :func:`neighbourhood`).
        edges: Edges among them.

    Returns:
        ``{id: (x, y)}`` in ``[0, 1]``, the centre at ``(0.5, 0.5)``.
    """
    ids = {node["id"] for node in nodes}
    if centre not in ids:
        return {}
    adjacent: dict[str, set[str]] = {node_id: set() for node_id in ids}
    for edge in edges:
        a, b = edge["source"], edge["target"]
        if a in ids and b in ids and a != b:
            adjacent[a].add(b)
            adjacent[b].add(a)
    title = {node["id"]: (node.get("title", node["id"]).casefold(), node["id"]) for node in nodes}
    inner = sorted(adjacent[centre], key=lambda node_id: title[node_id])
    angle = {node_id: 2 * np.pi * i / max(len(inner), 1) for i, node_id in enumerate(inner)}
    outer_ids = ids - set(inner) - {centre}

    def parent_angle(node_id: str) -> tuple[float, tuple[str, str]]:
        parents = [angle[p] for p in inner if p in adjacent[node_id]]
        return (min(parents) if parents else 0.0), title[node_id]

    outer = sorted(outer_ids, key=parent_angle)
    positions = {centre: (0.5, 0.5)}
    for ring, members, radius in ((0, inner, 0.28), (1, outer, 0.48)):
        # Offset the outer ring by half a step so its notes sit between inner-ring spokes.
        for i, node_id in enumerate(members):
            theta = 2 * np.pi * (i + 0.5 * ring) / max(len(members), 1) - np.pi / 2
            positions[node_id] = (
                float(0.5 + radius * np.cos(theta)),
                float(0.5 + radius * np.sin(theta)),
            )
    return positions


def group_classes(nodes: Iterable[Node]) -> dict[str, int]:
    """Colour index of each group: groups sorted by name, numbered modulo the palette."""
    groups = sorted({node.get("group", "") for node in nodes})
    return {group: i % PALETTE_SIZE for i, group in enumerate(groups)}


def render_svg(
    nodes: Sequence[Node],
    edges: Sequence[Edge],
    positions: Mapping[str, tuple[float, float]],
    *,
    highlight: str | None = None,
    base_url: str = "",
    width: int = 800,
    height: int = 600,
    title: str = "Graph of linked notes",
    colours: Mapping[str, int] | None = None,
    legend: bool = False,
) -> str:
    """Draw the graph as an accessible, script-free SVG.

    Args:
        nodes: Nodes with ``id``, ``title``, ``url`` (site-root-relative) and ``group``.
        edges: Edges between node ids (drawn once per unordered pair).
        positions: From :func:`layout`; nodes without a position are left out. Positions are
            stretched to fill the drawing, so a neighbourhood cut from the global layout works.
        highlight: Id of the current note, drawn larger and labelled in bold.
        base_url: Prefix that turns a node ``url`` into an ``href`` (the relative path to the
            site root, e.g. ``"../.."``, or an absolute URL).
        width: Width of the drawing in CSS pixels (the SVG scales to its container).
        height: Height of the drawing.
        title: Accessible name of the drawing.
        colours: Group → colour index; defaults to :func:`group_classes` of ``nodes``.
        legend: Name each group's colour in the top-left corner.

    Returns:
        An ``<svg>`` element as a string.
    """
    placed = [node for node in nodes if node["id"] in positions]
    colour_of = dict(colours) if colours is not None else group_classes(placed)
    margin_x, margin_y = 90.0, 24.0
    xs = [positions[node["id"]][0] for node in placed]
    ys = [positions[node["id"]][1] for node in placed]
    x_lo, x_span = (min(xs), max(xs) - min(xs)) if xs else (0.0, 0.0)
    y_lo, y_span = (min(ys), max(ys) - min(ys)) if ys else (0.0, 0.0)

    def point(node_id: str) -> tuple[float, float]:
        x, y = positions[node_id]
        px = margin_x + ((x - x_lo) / x_span if x_span else 0.5) * (width - 2 * margin_x)
        py = margin_y + ((y - y_lo) / y_span if y_span else 0.5) * (height - 2 * margin_y)
        return round(px, 1), round(py, 1)

    prefix = base_url.rstrip("/") + "/" if base_url else ""
    lines = [
        # role="group", not "img": an image role would hide the note links from screen readers.
        f'<svg class="nl-graph" viewBox="0 0 {width} {height}" role="group" '
        'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        '<g class="nl-graph__edges">',
    ]
    drawn: set[tuple[str, str]] = set()
    for edge in edges:
        a, b = edge["source"], edge["target"]
        pair = (min(a, b), max(a, b))
        if a == b or a not in positions or b not in positions or pair in drawn:
            continue
        drawn.add(pair)
        (x1, y1), (x2, y2) = point(a), point(b)
        lines.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>')
    lines.append("</g>")
    lines.append('<g class="nl-graph__nodes">')
    for node in sorted(placed, key=lambda n: (n["id"] == highlight, n["id"])):
        x, y = point(node["id"])
        current = node["id"] == highlight
        colour = colour_of.get(node.get("group", ""), 0)
        classes = f"nl-graph__node nl-graph__node--c{colour}" + (
            " nl-graph__node--current" if current else ""
        )
        label = escape(node.get("title", node["id"]))
        href = escape(prefix + node.get("url", ""), quote=True)
        aria = ' aria-current="page"' if current else ""
        # xlink:href, not href: Material's instant navigation re-assigns `el.href` on every
        # `[href]` element, which throws for SVG links (their href is read-only).
        lines.append(
            f'<a xlink:href="{href}" class="{classes}"{aria}><title>{label}</title>'
            # A transparent target joins dot and label: one easy click or tap per note.
            f'<rect class="nl-graph__target" x="{round(x - 16, 1)}" y="{round(y - 24, 1)}" '
            f'width="32" height="34" fill="transparent"/>'
            f'<circle cx="{x}" cy="{y}" r="{9 if current else 6}"/>'
            f'<text x="{x}" y="{round(y - 11, 1)}">{label}</text></a>'
        )
    lines.append("</g>")
    if legend:
        lines.append('<g class="nl-graph__legend">')
        groups = sorted({node.get("group", "") for node in placed})
        for row, group in enumerate(groups):
            y = 14 + 18 * row
            colour = colour_of.get(group, 0)
            lines.append(
                f'<g class="nl-graph__node--c{colour}"><circle cx="10" cy="{y}" r="5"/>'
                f'<text x="20" y="{y + 4}">{escape(group or "(top level)")}</text></g>'
            )
        lines.append("</g>")
    lines.append("</svg>")
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class VaultGraph:
    """The vault's link graph laid out once per build, drawn whole or around one note."""

    nodes: tuple[Node, ...]
    """Nodes as the engine gives them (``id``, ``title``, ``url``, ``group``)."""
    edges: tuple[Edge, ...]
    """Edges (``source``, ``target``)."""
    positions: Mapping[str, tuple[float, float]]
    """Global layout from :func:`layout`."""
    colours: Mapping[str, int]
    """Group → colour index, the same on every page."""

    @classmethod
    def build(cls, graph: Mapping[str, Any], *, seed: int = 0) -> VaultGraph:
        """Lay out the engine's graph (``{"nodes": [...], "edges": [...]}``)."""
        nodes = tuple(graph.get("nodes") or ())
        edges = tuple(graph.get("edges") or ())
        return cls(nodes, edges, layout(nodes, edges, seed=seed), group_classes(nodes))

    def global_svg(self, *, base_url: str) -> str:
        """Every note, with a legend of the groups."""
        return render_svg(
            self.nodes,
            self.edges,
            self.positions,
            base_url=base_url,
            colours=self.colours,
            width=900,
            height=680,
            title="Graph of all notes",
            legend=True,
        )

    def local_svg(self, centre: str, *, base_url: str, title: str, limit: int = 20) -> str | None:
        """The note and its neighbours up to two links away, on rings around it.

        Rings rather than the global layout cut out (neighbours would be cramped) or a force
        layout per page (too slow on a large vault). None when the note has no links.
        """
        nodes, edges = neighbourhood(
            centre, self.nodes, self.edges, depth=2, limit=limit, spokes_only=True
        )
        if len(nodes) < 2:
            return None
        return render_svg(
            nodes,
            edges,
            radial_layout(centre, nodes, edges),
            highlight=centre,
            base_url=base_url,
            colours=self.colours,
            width=640,
            height=400,
            title=f"Notes linked with {title}",
        )
