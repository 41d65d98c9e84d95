"""Graph layout and SVG rendering."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import numpy as np

from nonlinear.site.graph_layout import (
    PALETTE_SIZE,
    VaultGraph,
    group_classes,
    layout,
    neighbourhood,
    radial_layout,
    render_svg,
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
    sub_nodes, sub_edges = neighbourhood("n0.md", nodes, edges, depth=2)
    assert [n["id"] for n in sub_nodes] == ["n0.md", "n1.md", "n9.md", "n2.md", "n8.md"]
    assert {(e["source"], e["target"]) for e in sub_edges} == {
        ("n0.md", "n1.md"),
        ("n1.md", "n2.md"),
        ("n8.md", "n9.md"),
        ("n9.md", "n0.md"),
    }
    limited, _ = neighbourhood("n0.md", nodes, edges, depth=2, limit=3)
    assert [n["id"] for n in limited] == ["n0.md", "n1.md", "n9.md"]
    assert neighbourhood("missing.md", nodes, edges) == ([], [])


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
    _, kept = neighbourhood("c", nodes, edges, spokes_only=True)
    assert [(e["source"], e["target"]) for e in kept] == [("c", "a"), ("c", "b"), ("b", "d")]


def test_radial_layout_puts_the_centre_in_the_middle_and_rings_around_it() -> None:
    nodes, edges = ring(10)
    sub_nodes, sub_edges = neighbourhood("n0.md", nodes, edges, depth=2)
    pos = radial_layout("n0.md", sub_nodes, sub_edges)
    assert pos["n0.md"] == (0.5, 0.5)
    centre = pos["n0.md"]
    inner = [math.dist(centre, pos[i]) for i in ("n1.md", "n9.md")]
    outer = [math.dist(centre, pos[i]) for i in ("n2.md", "n8.md")]
    assert max(inner) < min(outer)
    assert len(set(pos.values())) == len(pos)
    assert radial_layout("zz", sub_nodes, sub_edges) == {}


def test_vault_graph_draws_whole_and_local() -> None:
    nodes, edges = ring(6)
    nodes.append({"id": "alone.md", "title": "Alone", "url": "alone/", "group": "g0"})
    graph = VaultGraph.build({"nodes": nodes, "edges": edges})
    whole = ET.fromstring(graph.global_svg(base_url=".."))
    assert len(whole.findall(f".//{SVG}a")) == 7
    legend = whole.find(f".//{SVG}g[@class='nl-graph__legend']")
    assert legend is not None
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["g0", "g1", "g2"]
    local = graph.local_svg("n0.md", base_url="..", title="Note 0")
    assert local is not None
    assert 'aria-label="Notes linked with Note 0"' in local
    assert local.count("<a ") == 5  # the note, two neighbours, two notes two links away
    assert graph.local_svg("alone.md", base_url="..", title="Alone") is None


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
