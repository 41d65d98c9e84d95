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

import bisect
import functools
import hashlib
import heapq
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nonlinear.site.disk_cache import Worker, store, worker_input

if TYPE_CHECKING:  # NumPy is imported where a layout is computed: a warm build reads it
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "CACHED_LAYOUT_NODES",
    "KEPT_LAYOUTS",
    "LAYOUT_FORMAT",
    "LOCAL_FIRST_RING",
    "LOCAL_LIMIT",
    "PALETTE_SIZE",
    "LegendEntry",
    "LinkGraph",
    "LocalGraph",
    "PendingLayout",
    "Neighbourhood",
    "VaultGraph",
    "cached_layout",
    "group_classes",
    "group_label",
    "layout",
    "neighbourhood",
    "node_anchors",
    "radial_layout",
    "render_svg",
    "start_layout",
]

PALETTE_SIZE = 8
"""Number of group colours (``--nl-graph-c0`` … ``--nl-graph-c7``); groups beyond reuse them."""

EXACT_LAYOUT_NODES = 1000
"""Graphs of up to this many notes get the all-pairs layout; bigger ones the grid variant."""

GRID_ITERATIONS = 40
"""Steps of the layout of a big graph (each O(n log n))."""

LOCAL_FIRST_RING = 24
"""Direct neighbours drawn in a local graph at most; the rest are counted as "+K more"."""

LOCAL_LIMIT = 25
"""Notes in a local graph at most, the note included: notes two links away fill what the first
ring leaves, so a well-linked note shows its own neighbours only and stays legible."""

HUB_DEGREE = 64
"""A note linked with more notes than this is a hub: a local graph showing it takes the notes
only the hub links from the front of its rank order, without counting them all."""

LOCAL_LABEL_CHARS = 22
"""Longer titles are cut with "…" in a local graph (the tooltip has the whole title)."""

SIDE_FROM = 0.12
"""With ``label_sides``, labels of dots farther than this from the vertical axis (share of the
half width) go beside them, outwards; the others above (upper half) or below (lower half)."""

RE_NOT_ID = re.compile(r"[^\w-]+")

Node = Mapping[str, str]
Edge = Mapping[str, str]


def layout(
    nodes: Sequence[Node], edges: Sequence[Edge], seed: int = 0, *, iterations: int | None = None
) -> dict[str, tuple[float, float]]:
    """Place nodes in the unit square so that linked notes are close and others apart.

    Up to :data:`EXACT_LAYOUT_NODES` nodes, every pair of nodes repels (O(n²) per step, the
    best picture). Above, the repulsion of distant nodes is taken from grid cells (Barnes–Hut's
    approximation, :func:`_cell_repulsion`), so a step costs O(n log n) and O(n) memory and the
    build stays about linear in the size of the vault (the all-pairs buffers of 5,000 nodes
    would take 400 MB, and a step 25 million pairs).

    Args:
        nodes: Graph nodes; only ``id`` is used. Order does not matter (nodes are sorted).
        edges: Edges between node ids; edges to unknown ids and self-loops are ignored.
        seed: Seed of the random start.
        iterations: Fixed number of steps; by default fewer for big graphs (300 for small
            graphs, 35 for 1,000 nodes; :data:`GRID_ITERATIONS` with the grid) so a build
            stays fast.

    Returns:
        ``{id: (x, y)}`` with coordinates in ``[0, 1]``.
    """
    ids, pairs = _layout_input(nodes, edges)
    return _place(ids, pairs, seed, iterations)


def _layout_input(
    nodes: Sequence[Node], edges: Sequence[Edge]
) -> tuple[list[str], list[tuple[int, int]]]:
    """All a layout depends on: the sorted node ids and the linked pairs of their indices."""
    ids = sorted({node["id"] for node in nodes})
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
    return ids, pairs


def _place(
    ids: Sequence[str], pairs: Sequence[tuple[int, int]], seed: int, iterations: int | None
) -> dict[str, tuple[float, float]]:
    import numpy as np  # noqa: PLC0415 - see the module's imports

    n = len(ids)
    if n == 0:
        return {}
    if n == 1:
        return {ids[0]: (0.5, 0.5)}
    rng = np.random.default_rng(seed)
    pos: npt.NDArray[np.floating[Any]]
    if n <= EXACT_LAYOUT_NODES:
        if iterations is None:
            iterations = int(np.clip(3.5e7 / (n * n), 35, 300))
        pos = _all_pairs_layout(rng, n, pairs, iterations)
    else:
        pos = _grid_layout(rng, n, pairs, GRID_ITERATIONS if iterations is None else iterations)
    lo = pos.min(axis=0).astype(np.float64)
    span = np.maximum(pos.max(axis=0).astype(np.float64) - lo, 1e-12)
    unit: npt.NDArray[np.float64] = (pos.astype(np.float64) - lo) / span
    return {node_id: (float(unit[i, 0]), float(unit[i, 1])) for i, node_id in enumerate(ids)}


LAYOUT_FORMAT = "nonlinear-layout-2"
"""Part of every cached layout's key: change it when the layout's code changes its results."""

CACHED_LAYOUT_NODES = 2
"""Layouts of graphs this big or bigger are kept on disk: even a small one costs NumPy's import
(about 0.1 s of a warm knowledge-base build), which a kept layout spares."""

KEPT_LAYOUTS = 64
"""Cached layouts kept at most (the most recently written). Most are a few hundred bytes (a
5,000-note layout is 200 KB): room for the small vaults a test run builds next to the big one
that is worth keeping."""


def cached_layout(
    nodes: Sequence[Node], edges: Sequence[Edge], cache_dir: Path | None, seed: int = 0
) -> dict[str, tuple[float, float]]:
    """:func:`layout`, kept in ``cache_dir`` under a digest of everything it depends on.

    A rebuild whose links did not change (most edits, every ``make site`` of the same vault)
    reads the positions instead of computing them again (0.6 s at 2,000 notes). The key is the
    node ids, the linked pairs, the seed and :data:`LAYOUT_FORMAT`; positions are stored as
    JSON, whose floats read back exactly. An unreadable entry is computed again and replaced.
    """
    ids, pairs = _layout_input(nodes, edges)
    if cache_dir is None or len(ids) < CACHED_LAYOUT_NODES:
        return _place(ids, pairs, seed, None)
    path = _entry(cache_dir, ids, pairs, seed)
    return _read_entry(path, ids) or _place_and_store(ids, pairs, seed, path)


def _entry(cache_dir: Path, ids: Sequence[str], pairs: Sequence[tuple[int, int]], seed: int) -> Path:
    """The file that keeps the layout of this input."""
    digest = hashlib.sha256(
        json.dumps([LAYOUT_FORMAT, EXACT_LAYOUT_NODES, GRID_ITERATIONS, seed, ids, pairs]).encode()
    ).hexdigest()[:32]
    return cache_dir / f"{digest}.json"


def _read_entry(path: Path, ids: Sequence[str]) -> dict[str, tuple[float, float]] | None:
    """The positions kept at *path*; None when it is missing, unreadable or of another size."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if len(stored) == len(ids):
            return {
                node_id: (float(x), float(y)) for node_id, (x, y) in zip(ids, stored, strict=True)
            }
    except (OSError, ValueError, TypeError):
        pass
    return None


def _place_and_store(
    ids: Sequence[str], pairs: Sequence[tuple[int, int]], seed: int, path: Path
) -> dict[str, tuple[float, float]]:
    positions = _place(ids, pairs, seed, None)
    store(path, json.dumps([positions[i] for i in ids]).encode("utf-8"), kept=KEPT_LAYOUTS)
    return positions


class PendingLayout:
    """A layout that a separate process computes while the build goes on (:func:`start_layout`).

    Computing a big graph's layout (a first build, or one whose links changed) costs NumPy's
    import and the layout's arrays: in the build process they stayed resident until it ended
    (18 MB more peak memory at 2,000 notes, 141 MB against 122 MB). A
    :class:`~nonlinear.site.disk_cache.Worker` (``python -m nonlinear.site.graph_layout``)
    writes the cache entry :func:`cached_layout` reads, on another core while the pages
    render; :meth:`result` waits for it. Should the worker fail, the layout is computed here
    instead: the picture is the same.
    """

    def __init__(
        self,
        ids: Sequence[str],
        pairs: Sequence[tuple[int, int]],
        seed: int,
        path: Path | None,
        positions: dict[str, tuple[float, float]] | None,
    ) -> None:
        self._ids, self._pairs, self._seed, self._path = ids, pairs, seed, path
        self._positions = positions
        if positions is not None:
            self._forget_input()
        self._worker: Worker | None = None
        self.worker_error: str | None = None
        """Why the separate process gave no layout (then computed here), for the log."""
        if positions is None and path is not None:
            self._worker = Worker(__name__, [list(ids), pairs, seed, str(path)], path)

    @property
    def separate(self) -> bool:
        """Whether the layout is being computed by a separate process."""
        return self._worker is not None and self._worker.started

    def result(self) -> dict[str, tuple[float, float]]:
        """The positions: read, or waited for, or computed here if the worker failed."""
        if self._positions is None and self._worker is not None and self._path is not None:
            # (Without a path the layout was computed when this was made.)
            started = self._worker.started
            error = self._worker.wait()
            self._worker = None
            self._positions = _read_entry(self._path, self._ids)
            if self._positions is None:
                if started:
                    self.worker_error = error or "no layout written"
                self._positions = _place_and_store(self._ids, self._pairs, self._seed, self._path)
            self._forget_input()
        assert self._positions is not None  # made, read or computed above
        return self._positions

    def _forget_input(self) -> None:
        """Let the layout's input go once the positions are known: at 5,000 notes its pairs
        are 30,000 tuples, which nothing reads again while the pages render."""
        self._ids, self._pairs = (), ()


def start_layout(
    nodes: Sequence[Node], edges: Sequence[Edge], cache_dir: Path | None, seed: int = 0
) -> PendingLayout:
    """:func:`cached_layout`, computed by a separate process when it is not kept yet.

    Without ``cache_dir`` (or for a graph too small to keep) the layout is computed here, at
    once, as by :func:`layout`.
    """
    ids, pairs = _layout_input(nodes, edges)
    if cache_dir is None or len(ids) < CACHED_LAYOUT_NODES:
        return PendingLayout(ids, pairs, seed, None, _place(ids, pairs, seed, None))
    path = _entry(cache_dir, ids, pairs, seed)
    return PendingLayout(ids, pairs, seed, path, _read_entry(path, ids))


def _worker(argv: Sequence[str]) -> int:
    """``python -m nonlinear.site.graph_layout INPUT``: lay out and keep one graph."""
    ids, pairs, seed, path = worker_input(argv)
    _place_and_store(ids, [(a, b) for a, b in pairs], seed, Path(path))
    return 0


def _all_pairs_layout(
    rng: np.random.Generator, n: int, pairs: Sequence[tuple[int, int]], iterations: int
) -> npt.NDArray[np.float32]:
    """Fruchterman–Reingold with every pair of nodes repelling: O(n²) time and memory a step."""
    import numpy as np  # noqa: PLC0415 - see the module's imports

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
    return pos


def _grid_layout(
    rng: np.random.Generator, n: int, pairs: Sequence[tuple[int, int]], iterations: int
) -> npt.NDArray[np.float64]:
    """The same forces, the far repulsion taken from cells: O(n log n) time, O(n) memory."""
    import numpy as np  # noqa: PLC0415 - see the module's imports

    pos = rng.uniform(-0.5, 0.5, size=(n, 2))
    src = np.array([p[0] for p in pairs], dtype=np.intp)
    dst = np.array([p[1] for p in pairs], dtype=np.intp)
    k = 1.0 / np.sqrt(n)
    gravity = 0.1 * k
    for step in range(iterations):
        temperature = 0.1 * (1.0 - step / iterations) + 0.002
        disp = _cell_repulsion(pos, k * k)
        if pairs:
            edge_delta = pos[src] - pos[dst]
            edge_len = np.sqrt(np.einsum("ij,ij->i", edge_delta, edge_delta))
            pull = edge_delta * (edge_len / k)[:, None]  # attraction d²/k along the unit vector
            for axis in (0, 1):
                disp[:, axis] -= np.bincount(src, weights=pull[:, axis], minlength=n)
                disp[:, axis] += np.bincount(dst, weights=pull[:, axis], minlength=n)
        disp -= pos * (gravity * n * k)  # keep disconnected parts from drifting away
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp))
        scale = np.minimum(length, temperature) / np.maximum(length, 1e-12)
        pos += disp * scale[:, None]
    return pos


# Offsets from a node's cell to the cells of its interaction list at one level: two or three
# cells away (never adjacent), whose parents are adjacent to the node's parent cell.
_FAR = tuple((dx, dy) for dy in range(-3, 4) for dx in range(-3, 4) if max(abs(dx), abs(dy)) >= 2)
_NEAR = tuple((dx, dy) for dy in (-1, 0, 1) for dx in (-1, 0, 1))


def _cell_repulsion(pos: npt.NDArray[np.float64], k2: float) -> npt.NDArray[np.float64]:
    """Repulsion ``k²/d`` on every node, as from all others, in O(n log n).

    A pyramid of grids over the nodes' bounding square (2×2, 4×4, … cells). At each level a
    node is pushed by the cells of its interaction list as if each were one body of its mass
    at its centroid (the cells far enough apart at that level, not yet counted at the level
    above: Barnes and Hut's approximation, laid out as a grid); the nodes of its own and the
    eight adjacent cells of the finest grid push it one by one. The finest cells hold about
    four nodes, so every node meets O(log n) cells and a handful of nodes.
    """
    import numpy as np  # noqa: PLC0415 - see the module's imports

    n = len(pos)
    lo = pos.min(axis=0)
    side = float(max((pos.max(axis=0) - lo).max(), 1e-9)) * (1 + 1e-9)
    finest = max(2, int(np.ceil(np.log(max(n / 4, 1)) / np.log(4))))
    disp = np.zeros((n, 2), dtype=np.float64)
    nodes = np.arange(n)
    far = np.array(_FAR, dtype=np.int64)  # (offsets, 2)
    for level in range(2, finest + 1):
        size = 1 << level
        cell = np.minimum(((pos - lo) / side * size).astype(np.int64), size - 1)
        cid = cell[:, 1] * size + cell[:, 0]
        mass = np.bincount(cid, minlength=size * size).astype(np.float64)
        centre = (
            np.stack(
                [np.bincount(cid, weights=pos[:, axis], minlength=size * size) for axis in (0, 1)],
                axis=1,
            )
            / np.maximum(mass, 1.0)[:, None]
        )
        parent = cell // 2
        # Every offset of the interaction list at once: (offsets, n) candidate cells.
        x = cell[None, :, 0] + far[:, 0, None]
        y = cell[None, :, 1] + far[:, 1, None]
        ok = (x >= 0) & (x < size) & (y >= 0) & (y < size)
        ok &= (np.abs(x // 2 - parent[None, :, 0]) <= 1) & (
            np.abs(y // 2 - parent[None, :, 1]) <= 1
        )
        who = np.broadcast_to(nodes, ok.shape)[ok]
        other = (y * size + x)[ok]
        delta = pos[who] - centre[other]
        d2 = np.maximum(np.einsum("ij,ij->i", delta, delta), 1e-12)
        weight = k2 * mass[other] / d2
        for axis in (0, 1):
            disp[:, axis] += np.bincount(who, weights=delta[:, axis] * weight, minlength=n)
    # The finest level: the nodes of the adjacent cells, one by one.
    size = 1 << finest
    cell = np.minimum(((pos - lo) / side * size).astype(np.int64), size - 1) + 1  # free border
    cols = size + 2
    cid = cell[:, 1] * cols + cell[:, 0]
    order = np.argsort(cid, kind="stable")
    counts = np.bincount(cid, minlength=cols * cols)
    starts = np.cumsum(counts) - counts
    for dx, dy in _NEAR:
        other = cid + dy * cols + dx
        many = counts[other]
        total = int(many.sum())
        if total == 0:
            continue
        i = np.repeat(nodes, many)
        # The r-th partner of node i is the r-th node of the neighbouring cell.
        rank = np.arange(total) - np.repeat(np.cumsum(many) - many, many)
        j = order[np.repeat(starts[other], many) + rank]
        delta = pos[i] - pos[j]
        d2 = np.maximum(np.einsum("ij,ij->i", delta, delta), 1e-12)
        weight = np.where(i != j, k2 / d2, 0.0)
        for axis in (0, 1):
            disp[:, axis] += np.bincount(i, weights=delta[:, axis] * weight, minlength=n)
    return disp


@dataclass(frozen=True, slots=True)
class LinkGraph:
    """The vault's link graph, indexed once per build and queried per page.

    Notes are numbered by id (a note's number is its place in :attr:`ids`, so sorting numbers
    sorts ids) and every per-page question is a lookup in these tables: a page's local graph
    costs what its neighbourhood holds, never the size of the vault.
    """

    nodes: Mapping[str, Node]
    """Every node by id."""
    ids: tuple[str, ...]
    """Node ids, sorted: the number of a note is its place here."""
    number: Mapping[str, int]
    """Node id → number."""
    adjacent: tuple[frozenset[int], ...]
    """Neighbours in either direction, by number (self-links and unknown ids left out)."""
    out: tuple[tuple[int, ...], ...]
    """Out-links by number, ascending (that is, in id order)."""
    mutual_links: tuple[frozenset[int], ...]
    """The out-links that link back, by number."""
    rank: tuple[int, ...]
    """Place of each note in rank order: better linked first, then by title, then by id."""
    by_rank: tuple[int, ...]
    """The note at each place of the rank order (the inverse of :attr:`rank`)."""
    hubs: dict[int, tuple[int, ...]] = field(default_factory=dict, compare=False)
    """The neighbours of each hub met so far, in rank order (:meth:`ranked`)."""

    @classmethod
    def build(cls, nodes: Iterable[Node], edges: Iterable[Edge]) -> LinkGraph:
        """Index the nodes and edges once (edges to unknown ids and self-loops are ignored)."""
        by_id = {node["id"]: node for node in nodes}
        ids = tuple(sorted(by_id))
        number = {node_id: i for i, node_id in enumerate(ids)}
        out: list[set[int]] = [set() for _ in ids]
        both: list[set[int]] = [set() for _ in ids]
        for edge in edges:
            a, b = number.get(edge["source"]), number.get(edge["target"])
            if a is not None and b is not None and a != b:
                out[a].add(b)
                both[a].add(b)
                both[b].add(a)
        titles = [by_id[node_id].get("title", node_id).casefold() for node_id in ids]
        by_rank = sorted(range(len(ids)), key=lambda i: (-len(both[i]), titles[i], ids[i]))
        rank = [0] * len(ids)
        for place, i in enumerate(by_rank):
            rank[i] = place
        none: frozenset[int] = frozenset()
        return cls(
            by_id,
            ids,
            number,
            tuple(frozenset(links) for links in both),
            tuple(tuple(sorted(links)) for links in out),
            tuple(
                frozenset(b for b in links if a in out[b]) or none for a, links in enumerate(out)
            ),
            tuple(rank),
            tuple(by_rank),
        )

    def ranked(self, i: int) -> tuple[int, ...]:
        """The neighbours of note ``i`` in rank order, sorted the first time they are asked
        for (only a hub's are: :data:`HUB_DEGREE`)."""
        found = self.hubs.get(i)
        if found is None:
            found = self.hubs[i] = tuple(sorted(self.adjacent[i], key=self.rank.__getitem__))
        return found

    def degree(self, node_id: str) -> int:
        """Number of distinct notes linked with ``node_id`` in either direction."""
        i = self.number.get(node_id)
        return 0 if i is None else len(self.adjacent[i])

    def mutual(self, a: str, b: str) -> bool:
        """True when ``a`` links to ``b`` and ``b`` links to ``a``."""
        i, j = self.number.get(a), self.number.get(b)
        return i is not None and j is not None and j in self.mutual_links[i]

    def title(self, node_id: str) -> str:
        """The node's title (its id when it has none)."""
        return self.nodes[node_id].get("title", node_id)


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """The notes drawn around one note, and how many of its direct neighbours were left out."""

    nodes: list[Node]
    """The centre first, then ring by ring, each ring in rank order."""
    edges: list[Edge]
    """Edges among the drawn notes, in link direction."""
    distance: dict[str, int]
    """Links from the centre to each drawn note."""
    total: int
    """Direct neighbours of the centre."""
    hidden: int
    """Direct neighbours not drawn (the "+K more")."""


@dataclass(frozen=True, slots=True)
class _Near:
    """:class:`Neighbourhood` by note number (what :meth:`VaultGraph.local` draws from)."""

    order: list[int]
    distance: dict[int, int]
    edges: list[tuple[int, int]]
    total: int
    hidden: int


def neighbourhood(
    centre: str,
    graph: LinkGraph,
    *,
    depth: int = 2,
    limit: int = 40,
    first_ring: int | None = None,
    spokes_only: bool = False,
) -> Neighbourhood:
    """The notes within ``depth`` links of ``centre`` (either direction), best ranked first.

    Ranking, so that a cut never drops the closest notes silently: direct neighbours linked in
    both directions come first, then by degree (better-connected notes first), then by title.
    Farther rings rank by how many drawn notes of the ring inside they link with, then by
    degree and title. Only the neighbourhood is visited, never the whole vault.

    Args:
        centre: Node id of the current note.
        graph: The vault's adjacency (:meth:`LinkGraph.build`, once per build).
        depth: How many links away to go.
        limit: At most this many nodes in all, the centre included.
        first_ring: At most this many direct neighbours (default: ``limit - 1``); the rest
            of the budget goes to the farther rings.
        spokes_only: Keep only edges between notes at consecutive distances from the centre
            (centre to neighbour, neighbour to the next ring), which keeps a drawing legible.

    Returns:
        The drawn notes and edges; no nodes when ``centre`` is not a node.
    """
    c = graph.number.get(centre)
    if c is None:
        return Neighbourhood([], [], {}, 0, 0)
    near = _near(graph, c, depth=depth, limit=limit, first_ring=first_ring, spokes_only=spokes_only)
    ids, nodes = graph.ids, graph.nodes
    return Neighbourhood(
        [nodes[ids[i]] for i in near.order],
        [{"source": ids[a], "target": ids[b]} for a, b in near.edges],
        {ids[i]: d for i, d in near.distance.items()},
        near.total,
        near.hidden,
    )


def _near(
    graph: LinkGraph,
    centre: int,
    *,
    depth: int,
    limit: int,
    first_ring: int | None,
    spokes_only: bool,
) -> _Near:
    """:func:`neighbourhood` by note number."""
    adjacent, rank, by_rank = graph.adjacent, graph.rank, graph.by_rank
    direct = adjacent[centre]
    mutual = graph.mutual_links[centre]
    # Linked both ways first, then by rank (better linked, then by title).
    if mutual:
        ring = sorted(mutual, key=rank.__getitem__)
        ring += sorted(direct - mutual, key=rank.__getitem__)
    else:
        ring = sorted(direct, key=rank.__getitem__)
    cap = max(0, limit - 1) if first_ring is None else max(0, min(first_ring, limit - 1))
    shown = ring[:cap]
    first = len(shown)
    distance = {centre: 0}
    distance.update((i, 1) for i in shown)
    order = [centre, *shown]
    level = 1
    size = len(rank)
    while level < depth and shown and len(order) < limit:
        level += 1
        room = limit - len(order)
        # Hubs of the ring are not counted in full (every page showing a hub would cost the
        # hub's degree, and the build would grow quadratically): the notes they link are met
        # best rank first until the rest cannot be among the best (_through_hubs).
        hubs = [i for i in shown if len(adjacent[i]) > HUB_DEGREE]
        found = _through_hubs(graph, hubs, shown, room, distance, direct) if hubs else None
        if found is None:
            touching = Counter(chain.from_iterable(map(adjacent.__getitem__, shown)))
            # Linked with more of the ring inside first, then by rank: one integer per
            # candidate (rank - count * size), so no two tie; only the best few are kept.
            # (The candidates by set difference, in C: the order does not matter, the keys
            # are sorted next.)
            keys = [
                rank[i] - touching[i] * size
                for i in touching.keys() - direct - distance.keys()
            ]
        else:
            keys = found
        keys.sort()
        shown = [by_rank[key % size] for key in keys[:room]]
        distance.update((i, level) for i in shown)
        order.extend(shown)
    edges: list[tuple[int, int]] = []
    out = graph.out
    for i in order:
        targets = out[i]
        if len(targets) > len(order):  # a hub: look its few drawn targets up
            targets = tuple(j for j in sorted(distance) if _has(targets, j))
        here = distance[i]
        for j in targets:
            there = distance.get(j)
            if there is not None and (not spokes_only or abs(here - there) == 1):
                edges.append((i, j))
    return _Near(order, distance, edges, len(direct), len(direct) - first)


def _through_hubs(  # noqa: PLR0917 - the state of _near's loop
    graph: LinkGraph,
    hubs: list[int],
    shown: list[int],
    room: int,
    distance: Mapping[int, int],
    direct: frozenset[int],
) -> list[int] | None:
    """The keys (rank - count * size) of the next ring's candidates when ``hubs`` (notes of
    ``shown`` linked with more than :data:`HUB_DEGREE` notes) are among the ring: enough of
    them that the best ``room`` keys are the best of all candidates (notes not in
    ``distance``, drawn already, nor in ``direct``, the centre's neighbours).

    The other ring notes' neighbours are counted in full, each plus the hubs it is linked
    with. The notes only hubs link are met in rank order over the hubs' neighbours
    (:meth:`LinkGraph.ranked`) and counted by set lookups; once ``room`` keys are known that
    are better than any note not met yet could have (its rank is no better than the last
    one met, its count at most the number of hubs), the walk stops. Hubs that share few
    neighbours could make it long: past what counting them would cost, None is returned and
    the caller counts everything.
    """
    adjacent, rank = graph.adjacent, graph.rank
    size = len(rank)
    big = [adjacent[h] for h in hubs]
    touching = Counter(
        chain.from_iterable(adjacent[i] for i in shown if len(adjacent[i]) <= HUB_DEGREE)
    )
    keys = [
        rank[i] - (count + sum(i in links for links in big)) * size
        for i, count in touching.items()
        if i not in distance and i not in direct
    ]
    known = sorted(keys)
    most = len(hubs)
    budget = sum(map(len, big)) - max(map(len, big)) + len(touching) + len(distance) + room
    full = walked = 0
    last = -1
    for i in heapq.merge(*map(graph.ranked, hubs), key=rank.__getitem__):
        if i == last:  # met again through the next hub (the same rank)
            continue
        last = i
        place = rank[i]
        if full + bisect.bisect_left(known, place - most * size) >= room:
            break
        walked += 1
        if walked > 4 * budget:
            return None
        if i in touching or i in distance or i in direct:
            continue
        count = sum(i in links for links in big)
        keys.append(place - count * size)
        full += count == most
    return keys


def _has(ascending: Sequence[int], value: int) -> bool:
    """Whether ``value`` is in the ascending sequence (binary search)."""
    k = bisect.bisect_left(ascending, value)
    return k < len(ascending) and ascending[k] == value


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
    inner = sorted(adjacent[centre], key=title.__getitem__)
    angle = {node_id: 2 * math.pi * i / max(len(inner), 1) for i, node_id in enumerate(inner)}
    inner_set = set(inner)
    outer_ids = ids - inner_set - {centre}

    def parent_angle(node_id: str) -> tuple[float, tuple[str, str]]:
        # The first inner-ring note (in ring order) that links this one.
        parents = adjacent[node_id] & inner_set
        return (min(angle[p] for p in parents) if parents else 0.0), title[node_id]

    outer = sorted(outer_ids, key=parent_angle)
    positions = {centre: (0.5, 0.5)}
    for ring, members in enumerate((inner, outer)):
        for i, node_id in enumerate(members):
            positions[node_id] = _ring_point(ring, i, len(members))
    return positions


def _ring_point(ring: int, i: int, count: int) -> tuple[float, float]:
    """Where the ``i``-th of ``count`` notes of a ring (0 inner, 1 outer) goes."""
    radius = 0.48 if ring else 0.28
    # Offset the outer ring by half a step so its notes sit between inner-ring spokes.
    theta = 2 * math.pi * (i + 0.5 * ring) / max(count, 1) - math.pi / 2
    return 0.5 + radius * math.cos(theta), 0.5 + radius * math.sin(theta)


def group_classes(nodes: Iterable[Node]) -> dict[str, int]:
    """Colour index of each group: groups sorted by name, numbered modulo the palette."""
    groups = sorted({node.get("group", "") for node in nodes})
    return {group: i % PALETTE_SIZE for i, group in enumerate(groups)}


def group_label(group: str) -> str:
    """How a group (top folder) is named in a legend."""
    return group or "(top level)"


def node_anchors(nodes: Iterable[Node]) -> dict[str, str]:
    """An HTML id for each node of the global graph, readable and unique: ``nl-node-relu``.

    A link to ``graph/#nl-node-relu`` opens the graph page at that note (CSS ``:target``
    marks it).
    """
    anchors: dict[str, str] = {}
    taken: set[str] = set()
    for node_id in sorted(node["id"] for node in nodes):
        stem = node_id.removesuffix(".md").casefold()
        base = "nl-node-" + (RE_NOT_ID.sub("-", stem).strip("-") or "note")
        anchor, n = base, 1
        while anchor in taken:
            n += 1
            anchor = f"{base}-{n}"
        taken.add(anchor)
        anchors[node_id] = anchor
    return anchors


@functools.lru_cache(maxsize=1 << 16)
def _labels(title: str, label_chars: int | None) -> tuple[str, str]:
    """A node's tooltip and its label, escaped (the label cut with "…" past ``label_chars``).

    Cached: a note appears in the local graphs of all its neighbours.
    """
    shown = title
    if label_chars is not None and len(title) > label_chars:
        shown = title[: label_chars - 1].rstrip() + "…"
    return escape(title), escape(shown)


@functools.lru_cache(maxsize=1 << 16)
def _href(prefix: str, url: str) -> str:
    return escape(prefix + url, quote=True)


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
    anchors: Mapping[str, str] | None = None,
    label_sides: bool = False,
    margin: tuple[float, float] = (90.0, 24.0),
    label_chars: int | None = None,
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
        anchors: Node id → HTML id given to its link (:func:`node_anchors`).
        label_sides: Put labels away from the middle of the drawing (left of a dot in the
            left part, right of it in the right part, above or below it near the vertical
            axis), as a ring around a centre reads best.
        margin: Room left and right, top and bottom, for the labels (CSS pixels).
        label_chars: Cut longer labels with "…" (the tooltip keeps the whole title).

    Returns:
        An ``<svg>`` element as a string.
    """
    placed = [node for node in nodes if node["id"] in positions]
    colour_of = dict(colours) if colours is not None else group_classes(placed)
    # Every placed node's point, once (edges and nodes share them).
    fit = _Fit.of([positions[node["id"]] for node in placed], width, height, margin)
    points = {node_id: fit.point(*position) for node_id, position in positions.items()}
    prefix = base_url.rstrip("/") + "/" if base_url else ""
    lines = _svg_head(width, height, title)
    drawn: set[tuple[str, str]] = set()
    for edge in edges:
        a, b = edge["source"], edge["target"]
        pair = (a, b) if a < b else (b, a)
        if a == b or a not in points or b not in points or pair in drawn:
            continue
        drawn.add(pair)
        lines.append(_line(points[a], points[b]))
    lines.append("</g>")
    lines.append('<g class="nl-graph__nodes">')
    for node in sorted(placed, key=lambda n: (n["id"] == highlight, n["id"])):
        node_id = node["id"]
        current = node_id == highlight
        colour = colour_of.get(node.get("group", ""), 0)
        label, shown = _labels(node.get("title", node_id), label_chars)
        anchor = anchors.get(node_id) if anchors else None
        side, shape = fit.shape(*points[node_id], current=current, label_sides=label_sides)
        lines.append(
            _node_link(
                _href(prefix, node.get("url", "")),
                f"nl-graph__node nl-graph__node--c{colour}"
                + (" nl-graph__node--current" if current else "")
                + side,
                ident=f' id="{escape(anchor, quote=True)}"' if anchor else "",
                label=label,
                shape=shape,
                shown=shown,
                current=current,
            )
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
                f'<text x="20" y="{y + 4}">{escape(group_label(group))}</text></g>'
            )
        lines.append("</g>")
    lines.append("</svg>")
    return "\n".join(lines)


def _svg_head(width: int, height: int, title: str) -> list[str]:
    """The first lines of a drawing, up to the opening of its edges' group."""
    return [
        # role="group", not "img": an image role would hide the note links from screen readers.
        f'<svg class="nl-graph" viewBox="0 0 {width} {height}" role="group" '
        'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        '<g class="nl-graph__edges">',
    ]


def _line(start: tuple[float, float], end: tuple[float, float]) -> str:
    return f'<line x1="{start[0]}" y1="{start[1]}" x2="{end[0]}" y2="{end[1]}"/>'


def _node_link(
    href: str, classes: str, *, ident: str, label: str, shape: str, shown: str, current: bool
) -> str:
    """One node: a link holding its tooltip, its shape (:meth:`_Fit.shape`) and its label."""
    # xlink:href, not href: Material's instant navigation re-assigns `el.href` on every
    # `[href]` element, which throws for SVG links (their href is read-only).
    aria = ' aria-current="page"' if current else ""
    return (
        f'<a xlink:href="{href}" class="{classes}"{ident}{aria}><title>{label}</title>'
        f"{shape}{shown}</text></a>"
    )


@dataclass(frozen=True, slots=True)
class _Fit:
    """How positions in the unit square map to a drawing's points (CSS pixels, one decimal)."""

    x_lo: float
    x_span: float
    y_lo: float
    y_span: float
    margin_x: float
    margin_y: float
    inner_w: float
    inner_h: float
    half_w: float
    half_h: float
    reach_x: float
    reach_y: float

    @classmethod
    def of(
        cls,
        placed: Sequence[tuple[float, float]],
        width: int,
        height: int,
        margin: tuple[float, float],
    ) -> _Fit:
        """Stretch the ``placed`` positions to fill the drawing inside its margins."""
        xs = [x for x, _ in placed]
        ys = [y for _, y in placed]
        x_lo, x_span = (min(xs), max(xs) - min(xs)) if xs else (0.0, 0.0)
        y_lo, y_span = (min(ys), max(ys) - min(ys)) if ys else (0.0, 0.0)
        margin_x, margin_y = margin
        half_w, half_h = width / 2, height / 2
        return cls(
            x_lo,
            x_span,
            y_lo,
            y_span,
            margin_x,
            margin_y,
            width - 2 * margin_x,
            height - 2 * margin_y,
            half_w,
            half_h,
            max(half_w - margin_x, 1.0),
            max(half_h - margin_y, 1.0),
        )

    def point(self, x: float, y: float) -> tuple[float, float]:
        """The drawing's point of a position."""
        px = self.margin_x + ((x - self.x_lo) / self.x_span if self.x_span else 0.5) * self.inner_w
        py = self.margin_y + ((y - self.y_lo) / self.y_span if self.y_span else 0.5) * self.inner_h
        return round(px, 1), round(py, 1)

    def shape(self, x: float, y: float, *, current: bool, label_sides: bool) -> tuple[str, str]:
        """A node's label side class and its markup from the click target to the label's
        ``<text>`` start tag, at point ``(x, y)``."""
        tx, ty, side = x, round(y - 11, 1), ""
        if label_sides and not current:
            # Direction from the middle of the drawing, in units of the half extents.
            u = (x - self.half_w) / self.reach_x
            v = (y - self.half_h) / self.reach_y
            if abs(u) > SIDE_FROM:
                side = " nl-graph__label--east" if u > 0 else " nl-graph__label--west"
                tx, ty = round(x + (10 if u > 0 else -10), 1), round(y + 4, 1)
            elif v > 0:
                ty = round(y + 19, 1)  # below a dot in the lower part
        return side, (
            # A transparent target joins dot and label: one easy click or tap per note.
            f'<rect class="nl-graph__target" x="{round(x - 16, 1)}" y="{round(y - 24, 1)}" '
            f'width="32" height="34" fill="transparent"/>'
            f'<circle cx="{x}" cy="{y}" r="{9 if current else 6}"/>'
            f'<text x="{tx}" y="{ty}">'
        )


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One folder colour of a drawing."""

    label: str
    """The folder, as readers see it (:func:`group_label`)."""
    colour: int
    """Colour index (CSS class ``nl-graph__node--c<colour>``)."""


@dataclass(frozen=True, slots=True)
class LocalGraph:
    """A note's local graph, ready for the template."""

    svg: str
    """The drawing."""
    shown: int
    """Direct neighbours drawn."""
    total: int
    """Direct neighbours in the vault."""
    legend: tuple[LegendEntry, ...]
    """Folder colours used in the drawing, by folder name."""
    anchor: str
    """HTML id of the note on the graph page (for "+K more")."""

    @property
    def hidden(self) -> int:
        """Direct neighbours left out of the drawing (shown as "+K more")."""
        return self.total - self.shown


@dataclass(frozen=True, slots=True)
class VaultGraph:
    """The vault's link graph laid out once per build, drawn whole or around one note."""

    nodes: tuple[Node, ...]
    """Nodes as the engine gives them (``id``, ``title``, ``url``, ``group``)."""
    edges: tuple[Edge, ...]
    """Edges (``source``, ``target``)."""
    layout: PendingLayout
    """Global layout (:func:`start_layout`): only the graph page waits for it."""
    colours: Mapping[str, int]
    """Group → colour index, the same on every page."""
    links: LinkGraph
    """Adjacency, built once: every local graph is a lookup in it."""
    anchors: Mapping[str, str]
    """Node id → HTML id on the graph page."""
    marks: _LocalMarks
    """What each note's node in a local graph says, worked out once per build."""
    drawn: dict[tuple[str, str, str, int, int], LocalGraph | None] | None = field(
        default=None, compare=False
    )
    """The local graphs drawn so far, when they are kept (:func:`keep_between_builds`)."""
    seed: int = 0
    cache_dir: Path | None = None

    @classmethod
    def build(
        cls, graph: Mapping[str, Any], *, seed: int = 0, cache_dir: Path | None = None
    ) -> VaultGraph:
        """Lay out the engine's graph (``{"nodes": [...], "edges": [...]}``); a big graph's
        layout is kept in ``cache_dir`` when given, and computed by a separate process while
        the build goes on when it is not kept yet (:func:`start_layout`).

        While graphs are kept between builds, the same graph as the last build's is that
        build's object, with its layout and its local drawings."""
        global _LAST  # noqa: PLW0603  (make serve's last graph)
        nodes = tuple(graph.get("nodes") or ())
        edges = tuple(graph.get("edges") or ())
        last = _LAST
        if (
            last is not None
            and (last.seed, last.cache_dir) == (seed, cache_dir)
            and last.edges == edges
            and last.nodes == nodes
        ):
            return last
        colours = group_classes(nodes)
        links = LinkGraph.build(nodes, edges)
        made = cls(
            nodes,
            edges,
            start_layout(nodes, edges, cache_dir, seed=seed),
            colours,
            links,
            node_anchors(nodes),
            _LocalMarks.build(links, colours),
            drawn={} if _KEEP else None,
            seed=seed,
            cache_dir=cache_dir,
        )
        _LAST = made if _KEEP else None
        return made

    @property
    def positions(self) -> Mapping[str, tuple[float, float]]:
        """Global layout from :func:`layout` (waits for it if it is being computed)."""
        return self.layout.result()

    def legend(self, nodes: Iterable[Node] | None = None) -> tuple[LegendEntry, ...]:
        """The folder colours of ``nodes`` (default: every node), sorted by folder."""
        groups = sorted(
            {node.get("group", "") for node in (self.nodes if nodes is None else nodes)}
        )
        return tuple(LegendEntry(group_label(g), self.colours.get(g, 0)) for g in groups)

    def global_svg(self, *, base_url: str) -> str:
        """Every note; each node's link carries its anchor (legend: :meth:`legend`)."""
        return render_svg(
            self.nodes,
            self.edges,
            self.positions,
            base_url=base_url,
            colours=self.colours,
            width=900,
            height=680,
            title="Graph of all notes",
            anchors=self.anchors,
        )

    def local(
        self,
        centre: str,
        *,
        base_url: str,
        title: str,
        first_ring: int = LOCAL_FIRST_RING,
        limit: int = LOCAL_LIMIT,
    ) -> LocalGraph | None:
        """The note, its direct neighbours (ranked, at most ``first_ring``) and, while the
        drawing has room (``limit`` notes in all), notes two links away, on rings around it.

        Rings rather than the global layout cut out (neighbours would be cramped) or a force
        layout per page (too slow on a large vault). None when the note has no links.

        The drawing is exactly ``render_svg(near.nodes, near.edges, radial_layout(centre,
        near.nodes, near.edges), highlight=centre, ...)`` of ``near = neighbourhood(centre,
        depth=2, spokes_only=True, ...)``, made from parts worked out once per build (each
        note's marks, :attr:`marks`) or once per ring size (the points, :func:`_ring_frame`):
        a page does no sorting of titles, no layout and no number formatting of its own.
        """
        if self.drawn is None:
            return self._local(centre, base_url, title, first_ring, limit)
        key = (centre, base_url, title, first_ring, limit)
        if key not in self.drawn:
            self.drawn[key] = self._local(centre, base_url, title, first_ring, limit)
        return self.drawn[key]

    def _local(
        self, centre: str, base_url: str, title: str, first_ring: int, limit: int
    ) -> LocalGraph | None:
        links = self.links
        c = links.number.get(centre)
        if c is None:
            return None
        near = _near(links, c, depth=2, limit=limit, first_ring=first_ring, spokes_only=True)
        if len(near.order) < 2:
            return None
        marks = self.marks
        order, adjacent, by_title = near.order, links.adjacent, marks.by_title
        shown = near.total - near.hidden
        # radial_layout's rings: direct neighbours in title order; the others next to the
        # first inner-ring note they link with, then in title order.
        inner = sorted(order[1 : 1 + shown], key=by_title.__getitem__)
        size = len(by_title)

        def beside(i: int) -> int:
            around = adjacent[i]
            parent = next((k for k, j in enumerate(inner) if j in around), 0)
            return parent * size + by_title[i]

        outer = sorted(order[1 + shown :], key=beside)
        slot = {c: 0}
        slot.update((i, k) for k, i in enumerate(inner, start=1))
        slot.update((i, k) for k, i in enumerate(outer, start=1 + len(inner)))
        frame = _ring_frame(len(inner), len(outer))
        lines = _svg_head(LOCAL_WIDTH, LOCAL_HEIGHT, f"Notes linked with {title}")
        drawn: set[tuple[int, int]] = set()
        starts, ends = frame.starts, frame.ends
        for a, b in near.edges:
            pair = (a, b) if a < b else (b, a)
            if pair not in drawn:
                drawn.add(pair)
                lines.append(f"<line {starts[slot[a]]} {ends[slot[b]]}/>")
        lines.append("</g>")
        lines.append('<g class="nl-graph__nodes">')
        prefix = escape(base_url.rstrip("/") + "/" if base_url else "", quote=True)
        classes, labels, texts, hrefs = marks.classes, marks.labels, marks.texts, marks.hrefs
        shapes = frame.shapes
        for i in sorted(order[1:]):
            side, shape = shapes[slot[i]]
            lines.append(
                f'<a xlink:href="{prefix}{hrefs[i]}" class="{classes[i]}{side}">'
                f"<title>{labels[i]}</title>{shape}{texts[i]}</text></a>"
            )
        lines.append(
            _node_link(
                prefix + hrefs[c],
                classes[c] + " nl-graph__node--current",
                ident="",
                label=labels[c],
                shape=shapes[0][1],
                shown=texts[c],
                current=True,
            )
        )
        lines.append("</g>")
        lines.append("</svg>")
        groups = marks.groups
        legend = tuple(marks.legend[g] for g in sorted({groups[i] for i in order}))
        return LocalGraph("\n".join(lines), shown, near.total, legend, self.anchors.get(centre, ""))


_KEEP = False
_LAST: VaultGraph | None = None


def keep_between_builds(keep: bool) -> None:
    """Keep the last graph, its layout and its local drawings for the next build (``make
    serve``: a save that changes no link draws nothing again; the local graphs took a tenth
    of a rebuild of the knowledge base). Off: each build lays out and draws anew."""
    global _KEEP, _LAST  # noqa: PLW0603  (one switch for the process)
    _KEEP, _LAST = keep, None


LOCAL_WIDTH, LOCAL_HEIGHT = 720, 440
"""Size of a local graph's drawing (CSS pixels; it scales to its box)."""
LOCAL_MARGIN = (150.0, 30.0)
"""Room for the labels beside the rings: left and right, top and bottom."""


@dataclass(frozen=True, slots=True)
class _LocalMarks:
    """Each note's parts of a local graph, by note number (:class:`LinkGraph`)."""

    classes: tuple[str, ...]
    """Its node's classes (colour by folder)."""
    labels: tuple[str, ...]
    """Its tooltip: the whole title, escaped."""
    texts: tuple[str, ...]
    """Its label: the title cut at :data:`LOCAL_LABEL_CHARS`, escaped."""
    hrefs: tuple[str, ...]
    """Its URL, escaped (a page puts its way to the site root before it)."""
    by_title: tuple[int, ...]
    """Its place in title order (case-folded title, then id): the rings' order."""
    groups: tuple[int, ...]
    """Its folder's place in :attr:`legend`."""
    legend: tuple[LegendEntry, ...]
    """Every folder's legend entry, by folder name."""

    @classmethod
    def build(cls, links: LinkGraph, colours: Mapping[str, int]) -> _LocalMarks:
        """Work out every note's marks once."""
        nodes = [links.nodes[node_id] for node_id in links.ids]
        titles = [
            node.get("title", node_id) for node_id, node in zip(links.ids, nodes, strict=True)
        ]
        names = sorted({node.get("group", "") for node in nodes})
        folder = {name: k for k, name in enumerate(names)}
        kinds = {name: f"nl-graph__node nl-graph__node--c{colours.get(name, 0)}" for name in names}
        marked = [_labels(t, LOCAL_LABEL_CHARS) for t in titles]
        order = sorted(range(len(nodes)), key=lambda i: (titles[i].casefold(), links.ids[i]))
        by_title = [0] * len(nodes)
        for place, i in enumerate(order):
            by_title[i] = place
        return cls(
            tuple(kinds[node.get("group", "")] for node in nodes),
            tuple(label for label, _ in marked),
            tuple(text for _, text in marked),
            tuple(escape(node.get("url", ""), quote=True) for node in nodes),
            tuple(by_title),
            tuple(folder[node.get("group", "")] for node in nodes),
            tuple(LegendEntry(group_label(name), colours.get(name, 0)) for name in names),
        )


@dataclass(frozen=True, slots=True)
class _RingFrame:
    """The points of a local graph with given ring sizes, as markup, by slot (0 the centre,
    then the inner ring, then the outer ring, each in ring order)."""

    starts: tuple[str, ...]
    """``x1="…" y1="…"`` of a line from the slot."""
    ends: tuple[str, ...]
    """``x2="…" y2="…"`` of a line to the slot."""
    shapes: tuple[tuple[str, str], ...]
    """Label side class and shape markup of the slot's node (:meth:`_Fit.shape`)."""


@functools.lru_cache(maxsize=1024)
def _ring_frame(inner: int, outer: int) -> _RingFrame:
    """The points of every slot of a local graph with ``inner`` and ``outer`` ring sizes: the
    same numbers :func:`radial_layout` and :func:`render_svg` give, worked out once a size."""
    positions = [(0.5, 0.5)]
    positions += [_ring_point(0, i, inner) for i in range(inner)]
    positions += [_ring_point(1, i, outer) for i in range(outer)]
    fit = _Fit.of(positions, LOCAL_WIDTH, LOCAL_HEIGHT, LOCAL_MARGIN)
    points = [fit.point(x, y) for x, y in positions]
    return _RingFrame(
        tuple(f'x1="{x}" y1="{y}"' for x, y in points),
        tuple(f'x2="{x}" y2="{y}"' for x, y in points),
        tuple(
            fit.shape(x, y, current=slot == 0, label_sides=True)
            for slot, (x, y) in enumerate(points)
        ),
    )


if __name__ == "__main__":
    raise SystemExit(_worker(sys.argv[1:]))
