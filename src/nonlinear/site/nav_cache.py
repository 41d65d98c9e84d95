"""Material's navigation, rendered once per part instead of once per page.

Where it sits: Material renders the whole navigation sidebar into every page
(``partials/nav.html`` calls the recursive macro ``render`` of ``partials/nav-item.html`` for
each item). On a vault of a few thousand notes that is most of the theme's time: each page
draws the folders around it again, although a folder that does not hold the page looks the
same from every page in the same place. ``hooks/speed.py`` loads Material's two templates
through :func:`rewrite_nav_template`, which routes each item's macro call through
:class:`NavMemo`; Material's own macro still renders every item the first time.

When a part can be reused: the output of ``render(item, path, level, parent)`` depends on the
current page only through the ``url`` filter (links are written relative to the page) and
through the page's place in the tree (``item.active``, ``item == page``, the page's table of
contents). An item that is not active (the page is not in its subtree) and is not the page
itself is rendered once and kept with every ``url`` its rendering asked for and got; a later
page reuses it when each of those URLs comes out the same from there. Siblings in one folder
write the same relative links, so a folder's entries are drawn once for all of its pages.
The result is byte for byte what Material writes (``tests/sites/test_speed_hook.py`` renders
vaults both ways).

An item with a ``pages`` attribute (a Material blog view) is always rendered afresh: the macro
compares the page with those pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["NAV_TEMPLATES", "NavMemo", "rewrite_nav_template"]

MEMO_GLOBAL = "nonlinear_nav"
"""The Jinja global the rewritten templates call (set by hooks/speed.py)."""

NAV_TEMPLATES: dict[str, tuple[str, str]] = {
    # The top level of the sidebar (Material 9.x, partials/nav.html).
    "partials/nav.html": (
        "{{ item.render(nav_item, path, 1) }}",
        "{{ " + MEMO_GLOBAL + "(item.render, nav_item, path, 1) }}",
    ),
    # The children of a folder, inside the recursive macro (partials/nav-item.html).
    "partials/nav-item.html": (
        '{{ render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}',
        "{{ " + MEMO_GLOBAL + '(render, item, path ~ "_" ~ loop.index, level + 1, nav_item) }}',
    ),
}
"""Template name → (Material's call of the item macro, the same call through the memo)."""


def rewrite_nav_template(name: str, source: str) -> str:
    """Route Material's item macro calls in ``name`` through the memo; other templates as is.

    A template whose call is not written as expected (another Material version) is left
    unchanged: the navigation is then rendered per page, as Material does, never wrongly.
    """
    rewrite = NAV_TEMPLATES.get(name)
    if rewrite is None or rewrite[0] not in source:
        return source
    return source.replace(rewrite[0], rewrite[1])


UrlOf = Callable[[str], str]
"""The ``url`` filter as seen from the page being rendered: a value → the URL written."""


@dataclass(slots=True)
class _Entry:
    trace: tuple[tuple[str, str], ...]
    """Every ``url`` filter call of the rendering: (value, URL written)."""
    html: Any
    """What the macro returned (Jinja's Markup)."""


@dataclass(slots=True)
class NavMemo:
    """Rendered navigation items of one build, reused where a page would render them alike.

    Call :meth:`render` instead of the item macro, and :meth:`record` from the ``url`` filter.
    One memo per build: items are keyed by identity, and the navigation, titles and URLs must
    not change while pages are rendered (MkDocs settles them before the first template).
    """

    entries: dict[tuple[int, str, int, bool | None], list[_Entry]] = field(default_factory=dict)
    keep: list[object] = field(default_factory=list)
    """The items keyed by ``id``: kept alive, so that no id is reused during the build."""
    traces: list[list[tuple[str, str]]] = field(default_factory=list)
    """The traces being recorded: one per item rendering in progress, innermost last."""
    hits: int = 0
    misses: int = 0

    def record(self, value: str, url: str) -> None:
        """Note a ``url`` filter call for every item rendering in progress."""
        for trace in self.traces:
            trace.append((value, url))

    def render(
        self,
        page: object,
        url_of: UrlOf,
        macro: Callable[..., Any],
        nav_item: Any,
        path: str,
        level: int,
        parent: Any = None,
    ) -> Any:
        """The macro's output for ``nav_item``, rendered now or reused.

        Args:
            page: The page being rendered (never reused: it is drawn with its contents).
            url_of: The ``url`` filter for this page (to check a kept rendering's links).
            macro: Material's item macro.
            nav_item: A navigation item (page, section or link).
            path: The item's HTML id path (``__nav_2_3``).
            level: Its depth.
            parent: The enclosing item, when the macro was given one.
        """
        args = (nav_item, path, level) if parent is None else (nav_item, path, level, parent)
        if nav_item is page or getattr(nav_item, "active", False) or hasattr(nav_item, "pages"):
            return macro(*args)
        key = (id(nav_item), path, level, None if parent is None else bool(parent.active))
        found = self.entries.get(key)
        if found is None:
            found = self.entries[key] = []
            self.keep.append(nav_item)
        for entry in found:
            if all(url_of(value) == url for value, url in entry.trace):
                self.hits += 1
                for outer in self.traces:  # an enclosing rendering wrote these links too
                    outer.extend(entry.trace)
                return entry.html
        self.misses += 1
        trace: list[tuple[str, str]] = []
        self.traces.append(trace)
        try:
            html = macro(*args)  # record() adds its links to the enclosing traces too
        finally:
            self.traces.pop()
        found.append(_Entry(tuple(trace), html))
        return html
