"""Graph layout and SVG rendering."""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from nonlinear.site import graph_layout
from nonlinear.site.graph_layout import (
    CACHED_LAYOUT_NODES,
    HUB_DEGREE,
    KEPT_LAYOUTS,
    PALETTE_SIZE,
    LinkGraph,
    VaultGraph,
    cached_layout,
    group_classes,
    layout,
    neighbourhood,
    node_anchors,
    radial_layout,
    render_svg,
    start_layout,
)

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def ring(n: int, groups: int = 3) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    nodes = [
        {"id": f"n{i}.md", "title": f"Note {i}", "url": f"n{i}/", "group": f"g{i % groups}"}
        for i in range(n)
    ]
    edges = [{"source": f"n{i}.md", "target": f"n{(i + 1) % n}.md"} for i in range(n)]
    return nodes, edges


def test_layout_is_deterministic_and_in_the_unit_square() -> None:
    nodes, edges = ring(25)
    first = layout(nodes, edges, seed=0)
    assert first == layout(list(reversed(nodes)), list(reversed(edges)), seed=0)
    assert set(first) == {n["id"] for n in nodes}
    for x, y in first.values():
        assert 0.0 <= x <= 1.0
        assert 0.0 <= y <= 1.0
    assert first != layout(nodes, edges, seed=1)


def test_linked_nodes_are_closer_than_unlinked_ones() -> None:
    # Two dense clusters joined by one edge: within-cluster distances must be the shorter.
    nodes = [{"id": f"{c}{i}"} for c in "ab" for i in range(8)]
    edges = [
        {"source": f"{c}{i}", "target": f"{c}{j}"} for c in "ab" for i in range(8) for j in range(i)
    ]
    edges.append({"source": "a0", "target": "b0"})
    pos = layout(nodes, edges)

    def mean_distance(pairs: list[tuple[str, str]]) -> float:
        return float(np.mean([math.dist(pos[p], pos[q]) for p, q in pairs]))

    within = [(f"{c}{i}", f"{c}{j}") for c in "ab" for i in range(8) for j in range(i)]
    across = [(f"a{i}", f"b{j}") for i in range(8) for j in range(8)]
    assert mean_distance(within) < 0.5 * mean_distance(across)


def test_layout_edge_cases() -> None:
    assert layout([], []) == {}
    assert layout([{"id": "a"}], []) == {"a": (0.5, 0.5)}
    # Unknown endpoints and self-loops are ignored, not errors.
    pos = layout(
        [{"id": "a"}, {"id": "b"}],
        [{"source": "a", "target": "zz"}, {"source": "a", "target": "a"}],
    )
    assert set(pos) == {"a", "b"}
    assert pos["a"] != pos["b"]


def test_layout_of_a_thousand_nodes_has_no_overlaps() -> None:
    rng = np.random.default_rng(3)
    nodes = [{"id": str(i)} for i in range(1000)]
    edges = [
        {"source": str(i), "target": str(int(j))}
        for i in range(1000)
        for j in rng.integers(0, 1000, 2)
    ]
    pos = np.array(list(layout(nodes, edges).values()))
    assert np.isfinite(pos).all()
    assert len({(round(x, 6), round(y, 6)) for x, y in pos}) == 1000


def test_neighbourhood_depth_and_limit() -> None:
    nodes, edges = ring(10)
    graph = LinkGraph.build(nodes, edges)
    near = neighbourhood("n0.md", graph, depth=2)
    # Ring by ring; equal degree and no mutual links, so each ring is in title order.
    assert [n["id"] for n in near.nodes] == ["n0.md", "n1.md", "n9.md", "n2.md", "n8.md"]
    assert near.distance == {"n0.md": 0, "n1.md": 1, "n9.md": 1, "n2.md": 2, "n8.md": 2}
    assert {(e["source"], e["target"]) for e in near.edges} == {
        ("n0.md", "n1.md"),
        ("n1.md", "n2.md"),
        ("n8.md", "n9.md"),
        ("n9.md", "n0.md"),
    }
    assert (near.total, near.hidden) == (2, 0)
    limited = neighbourhood("n0.md", graph, depth=2, limit=3)
    assert [n["id"] for n in limited.nodes] == ["n0.md", "n1.md", "n9.md"]
    cut = neighbourhood("n0.md", graph, depth=2, limit=2)
    assert [n["id"] for n in cut.nodes] == ["n0.md", "n1.md"]
    assert (cut.total, cut.hidden) == (2, 1)
    missing = neighbourhood("missing.md", graph)
    assert (missing.nodes, missing.edges, missing.total) == ([], [], 0)


def star() -> LinkGraph:
    """c links to a..f; b and e link back to c; the others differ in degree."""
    nodes = [{"id": x, "title": x.upper()} for x in "cabdefxyz"]
    pairs = [("c", t) for t in "abdef"] + [("b", "c"), ("e", "c")]
    pairs += [("a", "x"), ("a", "y"), ("a", "z"), ("d", "x"), ("f", "x"), ("f", "y")]
    return LinkGraph.build(nodes, [{"source": s, "target": t} for s, t in pairs])


def test_neighbours_rank_mutual_links_first_then_degree_then_title() -> None:
    graph = star()
    assert graph.mutual("c", "b")
    assert not graph.mutual("c", "a")
    assert (graph.degree("a"), graph.degree("f"), graph.degree("d")) == (4, 3, 2)
    near = neighbourhood("c", graph, depth=1)
    # b and e link back (mutual, degree 1 each: title order), then a (4), f (3), d (2).
    assert [n["id"] for n in near.nodes] == ["c", "b", "e", "a", "f", "d"]
    top = neighbourhood("c", graph, depth=1, limit=4)
    assert [n["id"] for n in top.nodes] == ["c", "b", "e", "a"]
    assert (top.total, top.hidden) == (5, 2)


def test_first_ring_cap_leaves_room_for_the_second_ring_ranked_by_links_inside() -> None:
    graph = star()
    near = neighbourhood("c", graph, depth=2, limit=6, first_ring=3)
    # First ring: b, e, a (f and d hidden). Second ring: x and y and z link to a only;
    # x also links to hidden d and f, which does not count. Ties by degree, then title.
    assert [n["id"] for n in near.nodes] == ["c", "b", "e", "a", "x", "y"]
    assert near.hidden == 2
    assert near.distance["x"] == 2
    # A hidden direct neighbour never reappears in the second ring.
    assert "d" not in near.distance
    assert "f" not in near.distance


def test_anchors_are_unique_readable_html_ids() -> None:
    nodes = [{"id": i} for i in ("A/ReLU.md", "a/relu.md", "Q&A 1?.md", "日本語.md", "%.md")]
    anchors = node_anchors(nodes)
    assert anchors["A/ReLU.md"] == "nl-node-a-relu"
    assert anchors["a/relu.md"] == "nl-node-a-relu-2"
    assert anchors["Q&A 1?.md"] == "nl-node-q-a-1"
    assert anchors["日本語.md"] == "nl-node-日本語"
    assert anchors["%.md"] == "nl-node-note"
    assert len(set(anchors.values())) == len(nodes)
    assert not any(c.isspace() for a in anchors.values() for c in a)


def test_group_classes_wrap_around_the_palette() -> None:
    nodes = [{"id": str(i), "group": f"g{i:02d}"} for i in range(PALETTE_SIZE + 2)]
    classes = group_classes(nodes)
    assert classes["g00"] == 0
    assert classes[f"g{PALETTE_SIZE:02d}"] == 0
    assert classes["g01"] == 1


def test_render_svg_links_titles_labels_and_highlight() -> None:
    nodes, edges = ring(4)
    nodes[1]["title"] = "A <b> & C"
    svg = render_svg(nodes, edges, layout(nodes, edges), highlight="n2.md", base_url="../..")
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == f"{SVG}svg"
    links = root.findall(f".//{SVG}a")
    assert sorted(a.get(XLINK_HREF) or "" for a in links) == [f"../../n{i}/" for i in range(4)]
    current = [a for a in links if "nl-graph__node--current" in (a.get("class") or "")]
    assert len(current) == 1
    assert current[0].get("aria-current") == "page"
    assert current[0].get(XLINK_HREF) == "../../n2/"
    titles = {a.findtext(f"{SVG}title") for a in links}
    assert "A <b> & C" in titles  # escaped in the markup, plain in the tree
    assert "<b>" not in svg
    assert len(root.findall(f".//{SVG}line")) == 4
    for a in links:
        assert a.findtext(f"{SVG}text") == a.findtext(f"{SVG}title")
        assert any(c.startswith("nl-graph__node--c") for c in (a.get("class") or "").split())


def test_render_svg_draws_each_pair_once_and_skips_unplaced_nodes() -> None:
    nodes = [{"id": "a", "title": "A", "url": "a/"}, {"id": "b", "title": "B", "url": "b/"}]
    edges = [{"source": "a", "target": "b"}, {"source": "b", "target": "a"}]
    svg = render_svg(nodes, edges, {"a": (0.0, 0.0), "b": (1.0, 1.0)})
    assert svg.count("<line") == 1
    svg = render_svg(nodes, edges, {"a": (0.0, 0.0)})
    assert svg.count("<line") == 0
    assert svg.count("<a ") == 1


def test_neighbourhood_spokes_only_drops_edges_within_a_ring() -> None:
    nodes = [{"id": x} for x in "cabd"]
    edges = [
        {"source": "c", "target": "a"},
        {"source": "c", "target": "b"},
        {"source": "a", "target": "b"},  # both one link away: dropped
        {"source": "b", "target": "d"},
    ]
    near = neighbourhood("c", LinkGraph.build(nodes, edges), spokes_only=True)
    assert [(e["source"], e["target"]) for e in near.edges] == [
        ("c", "a"),
        ("c", "b"),
        ("b", "d"),
    ]


def test_radial_layout_puts_the_centre_in_the_middle_and_rings_around_it() -> None:
    nodes, edges = ring(10)
    near = neighbourhood("n0.md", LinkGraph.build(nodes, edges), depth=2)
    pos = radial_layout("n0.md", near.nodes, near.edges)
    assert pos["n0.md"] == (0.5, 0.5)
    centre = pos["n0.md"]
    inner = [math.dist(centre, pos[i]) for i in ("n1.md", "n9.md")]
    outer = [math.dist(centre, pos[i]) for i in ("n2.md", "n8.md")]
    assert max(inner) < min(outer)
    assert len(set(pos.values())) == len(pos)
    assert radial_layout("zz", near.nodes, near.edges) == {}


def test_vault_graph_draws_whole_and_local() -> None:
    nodes, edges = ring(6)
    nodes.append({"id": "alone.md", "title": "Alone", "url": "alone/", "group": "g0"})
    graph = VaultGraph.build({"nodes": nodes, "edges": edges})
    whole = ET.fromstring(graph.global_svg(base_url=".."))
    links = whole.findall(f".//{SVG}a")
    assert len(links) == 7
    assert {a.get("id") for a in links} == set(graph.anchors.values())
    assert [(e.label, e.colour) for e in graph.legend()] == [("g0", 0), ("g1", 1), ("g2", 2)]
    local = graph.local("n0.md", base_url="..", title="Note 0")
    assert local is not None
    assert 'aria-label="Notes linked with Note 0"' in local.svg
    assert local.svg.count("<a ") == 5  # the note, two neighbours, two notes two links away
    assert (local.shown, local.total, local.hidden) == (2, 2, 0)
    assert local.anchor == graph.anchors["n0.md"]
    # Only the folders drawn: n0 (g0), n1 (g1), n5 (g2), n2 (g2), n4 (g1).
    assert [e.label for e in local.legend] == ["g0", "g1", "g2"]
    assert graph.local("alone.md", base_url="..", title="Alone") is None


def test_local_graph_of_a_hub_counts_the_neighbours_it_leaves_out() -> None:
    hub = [{"id": "hub.md", "title": "Hub", "url": "hub/", "group": ""}]
    spokes = [
        {"id": f"s{i:02d}.md", "title": f"Spoke {i:02d}", "url": f"s{i}/", "group": "g"}
        for i in range(30)
    ]
    edges = [{"source": "hub.md", "target": s["id"]} for s in spokes]
    edges += [{"source": s["id"], "target": "hub.md"} for s in spokes[25:]]  # mutual
    graph = VaultGraph.build({"nodes": hub + spokes, "edges": edges})
    local = graph.local("hub.md", base_url="", title="Hub", first_ring=10, limit=25)
    assert local is not None
    assert (local.shown, local.total, local.hidden) == (10, 30, 20)
    drawn = {a.findtext(f"{SVG}title") for a in ET.fromstring(local.svg).iter(f"{SVG}a")}
    # The five mutual neighbours are kept first, then the rest by title.
    assert {f"Spoke {i}" for i in range(25, 30)} <= drawn
    assert drawn == {"Hub"} | {f"Spoke {i:02d}" for i in [0, 1, 2, 3, 4, 25, 26, 27, 28, 29]}


def test_local_graph_labels_sit_outside_the_ring_and_long_titles_are_cut() -> None:
    hub = [{"id": "h.md", "title": "H", "url": "h/", "group": ""}]
    spokes = [{"id": f"{i}.md", "title": f"{i} " + "x" * 40, "url": f"{i}/"} for i in range(8)]
    edges = [{"source": "h.md", "target": s["id"]} for s in spokes]
    local = VaultGraph.build({"nodes": hub + spokes, "edges": edges}).local(
        "h.md", base_url="", title="H"
    )
    assert local is not None
    root = ET.fromstring(local.svg)
    sides = {}
    for a in root.iter(f"{SVG}a"):
        circle, text = a.find(f"{SVG}circle"), a.find(f"{SVG}text")
        assert circle is not None
        assert text is not None
        classes = (a.get("class") or "").split()
        side = next((c for c in classes if c.startswith("nl-graph__label--")), "")
        dx = float(text.get("x") or 0) - float(circle.get("cx") or 0)
        sides[a.findtext(f"{SVG}title")] = (side, dx)
        title = a.findtext(f"{SVG}title") or ""
        if len(title) > 22:
            assert (text.text or "").endswith("…")
            assert len(text.text or "") == 22
    east = [dx for side, dx in sides.values() if side == "nl-graph__label--east"]
    west = [dx for side, dx in sides.values() if side == "nl-graph__label--west"]
    assert east
    assert west
    assert all(dx > 0 for dx in east)
    assert all(dx < 0 for dx in west)


def test_svg_links_use_xlink_href_so_material_instant_navigation_leaves_them_alone() -> None:
    nodes, edges = ring(3)
    svg = render_svg(nodes, edges, layout(nodes, edges))
    assert " href=" not in svg
    assert svg.count("xlink:href=") == 3


def test_svg_keeps_its_links_visible_to_assistive_technology() -> None:
    nodes, edges = ring(3)
    root = ET.fromstring(render_svg(nodes, edges, layout(nodes, edges), title="Graph"))
    assert root.get("role") == "group"  # "img" would hide the links inside
    assert root.get("aria-label") == "Graph"


def test_cell_repulsion_approximates_the_all_pairs_force() -> None:
    from nonlinear.site.graph_layout import _cell_repulsion  # noqa: PLC0415  (private)

    rng = np.random.default_rng(7)
    pos = rng.uniform(-0.5, 0.5, size=(1500, 2))
    k2 = 1.0 / len(pos)
    delta = pos[:, None, :] - pos[None, :, :]
    d2 = np.maximum((delta**2).sum(axis=2), 1e-12)
    np.fill_diagonal(d2, np.inf)
    exact = (delta * (k2 / d2)[:, :, None]).sum(axis=1)
    approx = _cell_repulsion(pos, k2)
    error = np.linalg.norm(approx - exact, axis=1) / np.linalg.norm(exact, axis=1)
    assert float(np.median(error)) < 0.05
    assert float(np.quantile(error, 0.95)) < 0.25


def test_layout_of_a_big_graph_keeps_linked_notes_close() -> None:
    # Above EXACT_LAYOUT_NODES the far repulsion comes from cells; the picture must still
    # separate two communities joined by one edge, and stay deterministic and overlap-free.
    from nonlinear.site.graph_layout import EXACT_LAYOUT_NODES  # noqa: PLC0415

    rng = np.random.default_rng(5)
    half = EXACT_LAYOUT_NODES // 2 + 100
    nodes = [{"id": f"{c}{i}"} for c in "ab" for i in range(half)]
    edges = [
        {"source": f"{c}{i}", "target": f"{c}{int(j)}"}
        for c in "ab"
        for i in range(half)
        for j in rng.integers(0, half, 3)
    ]
    edges.append({"source": "a0", "target": "b0"})
    pos = layout(nodes, edges)
    assert pos == layout(list(reversed(nodes)), edges)
    xy = np.array([pos[n["id"]] for n in nodes])
    assert ((xy >= 0.0) & (xy <= 1.0)).all()
    assert len({(round(x, 6), round(y, 6)) for x, y in xy}) == len(nodes)
    a, b = xy[:half], xy[half:]
    assert np.linalg.norm(a.mean(axis=0) - b.mean(axis=0)) > 0.3


def test_cached_layout_is_the_layout_and_is_read_back(tmp_path: Path) -> None:
    nodes, edges = ring(max(CACHED_LAYOUT_NODES, 20))
    cache = tmp_path / "layouts"
    first = cached_layout(nodes, edges, cache)
    assert first == layout(nodes, edges)
    [kept] = cache.glob("*.json")
    # The second build reads the file: a planted (valid) entry is what comes back.
    planted = [[0.25, 0.75]] * len(nodes)
    kept.write_text(json.dumps(planted), encoding="utf-8")
    assert set(cached_layout(nodes, edges, cache).values()) == {(0.25, 0.75)}
    # Another graph (one link less) is another entry; a broken entry is computed again.
    assert cached_layout(nodes, edges[1:], cache) == layout(nodes, edges[1:])
    assert len(list(cache.glob("*.json"))) == 2
    kept.write_text("{not json", encoding="utf-8")
    assert cached_layout(nodes, edges, cache) == first
    assert json.loads(kept.read_text(encoding="utf-8"))[0] == list(first[sorted(first)[0]])


def test_small_layouts_are_not_kept_and_old_ones_are_dropped(tmp_path: Path) -> None:
    nodes, edges = ring(CACHED_LAYOUT_NODES - 1)
    assert cached_layout(nodes, edges, tmp_path) == layout(nodes, edges)
    assert not list(tmp_path.iterdir())
    nodes, edges = ring(CACHED_LAYOUT_NODES)
    for i in range(KEPT_LAYOUTS + 3):
        cached_layout(nodes, edges, tmp_path, seed=i)
    assert len(list(tmp_path.glob("*.json"))) == KEPT_LAYOUTS
    assert not list(tmp_path.glob("*.tmp"))


def test_a_layout_not_kept_yet_is_computed_by_a_separate_process(tmp_path: Path) -> None:
    nodes, edges = ring(40)
    cache = tmp_path / "layouts"
    pending = start_layout(nodes, edges, cache)
    assert pending.separate
    assert pending.result() == layout(nodes, edges)
    assert pending.worker_error is None
    [kept] = cache.iterdir()  # the entry only: the worker's input file is gone
    assert kept.suffix == ".json"
    assert cached_layout(nodes, edges, cache) == pending.result()
    again = start_layout(nodes, edges, cache)  # kept: read at once, no process
    assert not again.separate
    assert again.result() == pending.result()


def test_a_failed_worker_leaves_the_layout_to_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nodes, edges = ring(30)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))
    pending = start_layout(nodes, edges, tmp_path)
    assert not pending.separate  # could not even start: computed when asked
    assert pending.result() == layout(nodes, edges)
    monkeypatch.setattr(sys, "executable", "/bin/false")
    pending = start_layout(ring(31)[0], ring(31)[1], tmp_path)
    assert pending.separate
    assert pending.result() == layout(*ring(31))
    assert pending.worker_error == "exit status 1"
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".json", ".json"]


def test_without_a_cache_the_layout_is_computed_at_once() -> None:
    nodes, edges = ring(12)
    pending = start_layout(nodes, edges, None)
    assert not pending.separate
    assert pending.result() == layout(nodes, edges)


def random_vault(seed: int, n: int) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Notes with clashing and missing titles, missing folders, a hub, mutual and stray links."""
    rnd = random.Random(seed)
    titles = ["Alpha", "alpha", "Beta", 'b <&> "q"', "Zeta " + "x" * 30, "É", "ß"]
    nodes: list[dict[str, str]] = []
    for i in range(n):
        node = {"id": f"{rnd.choice('abcXY')}{i}.md", "url": rnd.choice([f"u{i}/", "a&b/"])}
        if rnd.random() < 0.9:
            node["title"] = rnd.choice(titles) + (str(i) if rnd.random() < 0.7 else "")
        if rnd.random() < 0.8:
            node["group"] = rnd.choice(["", "g1", "g2", "G3", "h", "i", "j", "k", "l", "m"])
        nodes.append(node)
    ids = [node["id"] for node in nodes] + ["ghost.md"]
    hub = rnd.choice(ids)
    edges = [
        {
            "source": hub if rnd.random() < 0.2 else rnd.choice(ids),
            "target": hub if rnd.random() < 0.2 else rnd.choice(ids),
        }
        for _ in range(n * rnd.choice([1, 2, 4, 8]))
    ]
    return nodes, edges


def test_local_graph_is_the_radial_drawing_of_the_neighbourhood() -> None:
    """local() draws from parts made once per build; the picture is the one the public
    functions make (neighbourhood -> radial_layout -> render_svg), byte for byte."""
    drawn = 0
    for seed in range(8):
        nodes, edges = random_vault(seed, 6 + 5 * seed)
        graph = VaultGraph.build({"nodes": nodes, "edges": edges})
        for node in [*nodes, {"id": "ghost.md"}]:
            centre = node["id"]
            for first_ring, limit, base_url in [(24, 25, "../a&b"), (3, 8, ""), (1, 2, "..")]:
                local = graph.local(
                    centre, base_url=base_url, title="A <b>", first_ring=first_ring, limit=limit
                )
                near = neighbourhood(
                    centre, graph.links, limit=limit, first_ring=first_ring, spokes_only=True
                )
                if len(near.nodes) < 2:
                    assert local is None
                    continue
                assert local is not None
                expected = render_svg(
                    near.nodes,
                    near.edges,
                    radial_layout(centre, near.nodes, near.edges),
                    highlight=centre,
                    base_url=base_url,
                    colours=graph.colours,
                    width=720,
                    height=440,
                    title="Notes linked with A <b>",
                    label_sides=True,
                    margin=(150.0, 30.0),
                    label_chars=22,
                )
                assert local.svg == expected
                assert local.legend == graph.legend(near.nodes)
                assert (local.total, local.hidden) == (near.total, near.hidden)
                drawn += 1
    assert drawn > 300


def spec_neighbourhood(
    centre: str,
    nodes: list[dict[str, str]],
    edges: list[dict[str, str]],
    *,
    limit: int,
    first_ring: int,
) -> tuple[list[str], list[tuple[str, str]], int, int]:
    """neighbourhood(depth=2, spokes_only=True) as its docstring says it, counting everything."""
    by_id = {node["id"]: node for node in nodes}
    out: dict[str, set[str]] = {node_id: set() for node_id in by_id}
    both: dict[str, set[str]] = {node_id: set() for node_id in by_id}
    for edge in edges:
        a, b = edge["source"], edge["target"]
        if a != b and a in by_id and b in by_id:
            out[a].add(b)
            both[a].add(b)
            both[b].add(a)
    rank = {i: (-len(both[i]), by_id[i].get("title", i).casefold(), i) for i in by_id}
    direct = both[centre]
    ring = sorted(direct, key=lambda n: (not (n in out[centre] and centre in out[n]), rank[n]))
    first = ring[: min(first_ring, limit - 1)]
    counts: dict[str, int] = {}
    for n in first:
        for other in both[n] - direct - {centre}:
            counts[other] = counts.get(other, 0) + 1
    second = sorted(counts, key=lambda n: (-counts[n], rank[n]))[: limit - 1 - len(first)]
    if not first:
        second = []
    distance = {centre: 0} | dict.fromkeys(first, 1) | dict.fromkeys(second, 2)
    order = [centre, *first, *second]
    drawn = [
        (a, b)
        for a in order
        for b in sorted(out[a])
        if b in distance and abs(distance[a] - distance[b]) == 1
    ]
    return order, drawn, len(direct), len(direct) - len(first)


def test_neighbourhood_of_hubs_is_the_one_counting_every_candidate() -> None:
    """Hubs in a ring are not walked in full; the notes drawn are the same."""
    for seed in range(4):
        rnd = random.Random(seed)
        n = 600 if seed == 3 else 240
        nodes = [
            {"id": f"n{i:03d}.md", "title": rnd.choice("AaBb") + str(i % 50)} for i in range(n)
        ]
        edges = [{"source": f"n{i:03d}.md", "target": "n000.md"} for i in range(1, n)]
        if seed == 3:  # two hubs sharing few neighbours, one much bigger than the other
            edges = [{"source": f"n{i:03d}.md", "target": "n000.md"} for i in range(1, 521)]
            edges += [{"source": f"n{i:03d}.md", "target": "n599.md"} for i in range(515, 599)]
        if seed == 0:  # three more hubs, smaller
            edges += [
                {"source": f"n{i:03d}.md", "target": f"n{1 + i % 3:03d}.md"} for i in range(n)
            ]
        edges += [
            {"source": f"n{rnd.randrange(n):03d}.md", "target": f"n{rnd.randrange(n):03d}.md"}
            for _ in range((3 - seed % 3) * n)
        ]
        graph = LinkGraph.build(nodes, edges)
        assert max(map(len, graph.adjacent)) > HUB_DEGREE  # the hub's way is taken
        for centre in [node["id"] for node in nodes[::4]]:
            for first_ring, limit in [(24, 25), (3, 12), (2, 30), (1, 30)]:
                near = neighbourhood(
                    centre, graph, limit=limit, first_ring=first_ring, spokes_only=True
                )
                got = (
                    [node["id"] for node in near.nodes],
                    [(e["source"], e["target"]) for e in near.edges],
                    near.total,
                    near.hidden,
                )
                assert got == spec_neighbourhood(
                    centre, nodes, edges, limit=limit, first_ring=first_ring
                ), centre


def test_a_layout_not_kept_yet_is_computed_without_numpy_in_the_build(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from nonlinear.site.graph_layout import *\n"
        "nodes = [{'id': f'n{i}'} for i in range(30)]\n"
        "edges = [{'source': f'n{i}', 'target': f'n{(i + 1) % 30}'} for i in range(30)]\n"
        f"pending = start_layout(nodes, edges, Path({str(tmp_path)!r}))\n"
        "print(len(pending.result()), pending.worker_error, 'numpy' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["30", "None", "False"]


def test_make_serve_keeps_the_same_graph_and_its_drawings_between_builds() -> None:
    nodes, edges = ring(6)
    graph_layout.keep_between_builds(True)
    try:
        first = VaultGraph.build({"nodes": nodes, "edges": edges})
        drawing = first.local("n0.md", base_url="..", title="Note 0")
        again = VaultGraph.build({"nodes": [dict(n) for n in nodes], "edges": list(edges)})
        assert again is first  # equal graph: the last build's, drawings included
        assert again.local("n0.md", base_url="..", title="Note 0") is drawing
        assert again.local("n0.md", base_url=".", title="Note 0") is not drawing  # other page
        # A link more: laid out and drawn anew, and the drawing shows the new link.
        edges.append({"source": "n0.md", "target": "n3.md"})
        changed = VaultGraph.build({"nodes": nodes, "edges": edges})
        assert changed is not first
        redrawn = changed.local("n0.md", base_url="..", title="Note 0")
        assert redrawn is not None
        assert redrawn.total == 3
    finally:
        graph_layout.keep_between_builds(False)
    # Not kept (a plain build): each build has its own graph.
    assert VaultGraph.build({"nodes": nodes, "edges": edges}) is not changed
