"""Navigation order: the site's sidebar lists a folder's contents as Obsidian's file explorer does.

Obsidian always shows a folder's subfolders before its notes, whatever the sort order; MkDocs'
generated navigation puts files first. :func:`folders_first` reorders one level; the hook
(``hooks/obsidian.py``, ``on_nav``) applies it to every level of a generated navigation, never to
a ``nav:`` written in ``mkdocs.yml``. At the top level the pages the site generates (the graph,
the tags index, "How to cite", the changelog) follow the notes: they are about the site, not
notes among the others, and a reader finds them together at the end (the print-all page last
of all, hooks/handout.py).

A reordered navigation needs its reading order again (what *previous* and *next* follow):
:func:`leaves` and :func:`link_neighbours`. Pure and generic: it only sorts what it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

T = TypeVar("T")

__all__ = ["Neighbours", "folders_first", "leaves", "link_neighbours"]


def folders_first(
    items: Sequence[T],
    *,
    is_folder: Callable[[T], bool],
    is_home: Callable[[T], bool],
    is_generated: Callable[[T], bool] | None = None,
) -> list[T]:
    """Return *items* as home page, folders, notes, then generated pages, each in given order.

    Args:
        items: One level of the navigation (already sorted by name).
        is_folder: Whether an item is a folder (a section).
        is_home: Whether an item is the folder's index page, which stays on top.
        is_generated: Whether an item is a page the site generates (after the notes); none
            is when not given.

    Returns:
        A new list holding the same items.
    """
    home = [item for item in items if is_home(item)]
    folders = [item for item in items if not is_home(item) and is_folder(item)]
    rest = [item for item in items if not is_home(item) and not is_folder(item)]
    generated = [item for item in rest if is_generated is not None and is_generated(item)]
    notes = [item for item in rest if not (is_generated is not None and is_generated(item))]
    return [*home, *folders, *notes, *generated]


def leaves(items: Sequence[T], *, children: Callable[[T], Sequence[T] | None]) -> list[T]:
    """The items without children, depth first: a navigation's reading order.

    Args:
        items: The top level.
        children: An item's children, or ``None`` for a leaf (a page, a link).

    Returns:
        The leaves, in the order a reader meets them going down the sidebar.
    """
    found: list[T] = []
    stack = list(reversed(items))
    while stack:
        item = stack.pop()
        below = children(item)
        if below is None:
            found.append(item)
        else:
            stack.extend(reversed(below))
    return found


class Neighbours(Protocol):
    """A page that knows the pages before and after it (MkDocs' ``Page``)."""

    previous_page: Any
    next_page: Any


def link_neighbours(pages: Sequence[Neighbours]) -> None:
    """Point each page at the one before and after it in *pages* (``None`` at the ends)."""
    for index, page in enumerate(pages):
        page.previous_page = pages[index - 1] if index > 0 else None
        page.next_page = pages[index + 1] if index + 1 < len(pages) else None
