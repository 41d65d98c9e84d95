"""Navigation order: folders before notes, as in Obsidian's file explorer."""

from __future__ import annotations

from nonlinear.site.nav_order import folders_first


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
