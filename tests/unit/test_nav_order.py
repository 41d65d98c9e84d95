"""Navigation order: folders before notes, as in Obsidian's file explorer."""

from __future__ import annotations

from dataclasses import dataclass

from nonlinear.site.nav_order import folders_first, leaves, link_neighbours


def test_home_stays_first_then_folders_then_notes_each_in_given_order() -> None:
    items = ["About", "index", "Activations/", "Glossary", "Concepts/", "Zeta"]
    ordered = folders_first(
        items, is_folder=lambda i: i.endswith("/"), is_home=lambda i: i == "index"
    )
    assert ordered == ["index", "Activations/", "Concepts/", "About", "Glossary", "Zeta"]
    assert items[0] == "About"  # the input is not modified


def test_a_level_without_folders_or_home_is_unchanged() -> None:
    items = ["b", "a", "c"]
    assert folders_first(items, is_folder=lambda _: False, is_home=lambda _: False) == items


def test_generated_pages_follow_the_notes_and_the_home_page_stays_first() -> None:
    items = ["Changelog*", "index*", "About", "Graph*", "Activations/", "Glossary", "Tags*"]
    ordered = folders_first(
        items,
        is_folder=lambda i: i.endswith("/"),
        is_home=lambda i: i.startswith("index"),
        is_generated=lambda i: i.endswith("*"),
    )
    assert ordered == [
        "index*",
        "Activations/",
        "About",
        "Glossary",
        "Changelog*",
        "Graph*",
        "Tags*",
    ]


@dataclass
class Item:
    name: str
    children: list[Item] | None = None
    previous_page: Item | None = None
    next_page: Item | None = None


def test_leaves_are_the_reading_order_depth_first() -> None:
    tree = [
        Item("home"),
        Item("A", [Item("a1"), Item("B", [Item("b1")]), Item("empty", []), Item("a2")]),
        Item("z"),
    ]
    found = leaves(tree, children=lambda i: i.children)
    assert [i.name for i in found] == ["home", "a1", "b1", "a2", "z"]
    assert leaves([], children=lambda i: None) == []


def test_link_neighbours_points_each_page_at_the_next_and_previous() -> None:
    pages = [Item("a", next_page=Item("stale")), Item("b"), Item("c", next_page=Item("stale"))]
    link_neighbours(pages)
    assert [(p.previous_page and p.previous_page.name) for p in pages] == [None, "a", "b"]
    assert [(p.next_page and p.next_page.name) for p in pages] == ["b", "c", None]
    one = [Item("only", previous_page=Item("x"), next_page=Item("y"))]
    link_neighbours(one)
    assert (one[0].previous_page, one[0].next_page) == (None, None)
