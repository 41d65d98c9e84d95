"""Navigation order: the site's sidebar lists a folder's contents as Obsidian's file explorer does.

Obsidian always shows a folder's subfolders before its notes, whatever the sort order; MkDocs'
generated navigation puts files first. :func:`folders_first` reorders one level; the hook
(``hooks/obsidian.py``, ``on_nav``) applies it to every level of a generated navigation, never to
a ``nav:`` written in ``mkdocs.yml``. Pure and generic: it only sorts what it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def folders_first(
    items: Sequence[T], *, is_folder: Callable[[T], bool], is_home: Callable[[T], bool]
) -> list[T]:
    """Return *items* as home page, folders, then the rest, each group in its given order.

    Args:
        items: One level of the navigation (already sorted by name).
        is_folder: Whether an item is a folder (a section).
        is_home: Whether an item is the folder's index page, which stays on top.

    Returns:
        A new list holding the same items.
    """
    home = [item for item in items if is_home(item)]
    folders = [item for item in items if not is_home(item) and is_folder(item)]
    rest = [item for item in items if not is_home(item) and not is_folder(item)]
    return [*home, *folders, *rest]
