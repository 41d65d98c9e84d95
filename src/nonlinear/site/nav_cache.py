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

Checking a kept rendering's links costs a ``url`` filter call each, which was a third of the
navigation's time on the 2,000-note bench vault. Most checks need none: a relative link depends
only on the folder it is written from (MkDocs' ``get_relative_url``), so two pages of one folder
(``a.html`` and ``b.html``) write every link alike, and two sibling pages under directory URLs
(``P/a/`` and ``P/b/``) write alike every link that does not point into ``P/a/`` or ``P/b/``.
Each kept rendering notes which names of the recording page's parent folder its links point
into (:class:`_Origin`); a page that passes that test reuses it with no filter call, any other
page is checked link by link as before.

The folders that hold the page (``item.active``) cannot be kept whole: each page of a folder
draws its own entry, with its table of contents, among its siblings. But a folder's own parts
(its toggle, its label, its index note's link, the list around its entries) depend on the page
only through the index note's link (and ``index == page``), so the first page of a folder
keeps them as a :class:`_Skeleton`: the folder's output cut around each entry's. A later page
the folder holds gets the same parts around its entries' renderings (the page's own, the kept
ones of its siblings), once each of the folder's own links comes out the same from it: without
Jinja's loop over the folder's entries, which was most of the navigation's remaining time (the
2,000-note bench vault's folders hold 60 notes each). A folder whose index note is the page,
or whose output cannot be cut exactly (an entry's text met twice), is rendered as Material
does.

An item with a ``pages`` attribute (a Material blog view) is always rendered afresh: the macro
compares the page with those pages.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

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


def _parts(url: str) -> tuple[str, ...]:
    """The segments of a site-relative path as MkDocs normalizes it for a relative link."""
    path = posixpath.normpath("/" + url)[1:]
    return tuple(path.split("/")) if path else ()


def _base(page_url: str) -> tuple[tuple[str, ...], bool] | None:
    """The folder relative links are written from (MkDocs drops a file name: a last segment
    with a dot), and whether it is the page's own folder (a directory URL, ``P/a/``)."""
    folder, _, name = page_url.rpartition("/")
    if "." in name:
        return _parts(folder), False
    parts = _parts(page_url)
    return (parts, True) if parts else None


@dataclass(frozen=True, slots=True)
class _Origin:
    """Where a kept rendering was drawn from, for the link-free check of :meth:`reusable_from`."""

    base: tuple[str, ...]
    """The folder its links were written from."""
    own_folder: bool
    """Whether that folder is the page's own (directory URLs): siblings differ in it."""
    into: frozenset[str] | None
    """The names in the base's parent folder that its links point into or at (``None``: a
    link MkDocs rewrites otherwise, which only a link-by-link check may judge)."""

    @classmethod
    def of(cls, page_url: str, values: Iterable[str]) -> _Origin | None:
        """The origin of a rendering drawn for ``page_url`` with links to ``values``."""
        base = _base(page_url)
        if base is None:
            return None
        parts, own_folder = base
        parent = parts[:-1]
        into: set[str] = set()
        for value in values:
            if not isinstance(value, str):
                return cls(parts, own_folder, None)
            split = urlsplit(value)
            if split.scheme or split.netloc or value.startswith(("/", "#")):
                continue  # written as it is from anywhere
            if value.startswith("../") or "\\" in value:
                return cls(parts, own_folder, None)
            target = _parts(value)
            if target[: len(parent)] == parent and len(target) > len(parent):
                into.add(target[len(parent)])
        return cls(parts, own_folder, frozenset(into))

    def reusable_from(self, base: tuple[tuple[str, ...], bool] | None) -> bool:
        """Whether every link comes out the same from the page whose :func:`_base` is ``base``."""
        if base is None or self.into is None:
            return False
        parts, own_folder = base
        if parts == self.base:
            return True
        return (
            own_folder
            and self.own_folder
            and len(parts) == len(self.base)
            and parts[:-1] == self.base[:-1]
            and parts[-1] not in self.into
            and self.base[-1] not in self.into
        )


@dataclass(slots=True)
class _Entry:
    trace: tuple[tuple[str, str], ...]
    """Every ``url`` filter call of the rendering: (value, URL written)."""
    html: Any
    """What the macro returned (Jinja's Markup)."""
    origin: _Origin | None = None
    """Where it was drawn from (``None``: only a link-by-link check reuses it)."""


@dataclass(slots=True)
class _Skeleton:
    """An active folder's output with its entries cut out (see the module docstring)."""

    prefix: str
    """Everything before the first entry."""
    entries: tuple[tuple[Any, str, int, str], ...]
    """Each entry drawn in the folder: (item, its id path, its level, the text after it)."""
    own_trace: tuple[tuple[str, str], ...]
    """The ``url`` filter calls of the folder's own parts (not of its entries)."""


@dataclass(slots=True)
class _Capture:
    """A folder being rendered for the first time: its entries' outputs, in order."""

    folder: Any
    level: int
    trace: list[tuple[str, str]] = field(default_factory=list)
    entries: list[tuple[Any, str, int, Any, int, int]] = field(default_factory=list)
    """(item, path, level, output, start, end): ``trace[start:end]`` are its ``url`` calls."""


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
    skeletons: dict[tuple[int, str, int], _Skeleton | None] = field(default_factory=dict)
    """Active folders' parts by (id, path, level); ``None``: cannot be cut, render afresh."""
    captures: list[_Capture] = field(default_factory=list)
    """The folders being rendered for their skeleton, innermost last."""
    hits: int = 0
    misses: int = 0
    filled: int = 0
    """Active folders drawn from their skeleton."""
    _page: tuple[object, tuple[tuple[str, ...], bool] | None] = (None, None)
    """The page last asked about, and its :func:`_base`."""
    _written: dict[str, str] = field(default_factory=dict)
    """The ``url`` filter's answers for that page (a value is often checked for several kept
    renderings of one item, drawn from pages at different depths)."""

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
        capture = self.captures[-1] if self.captures else None
        if capture is None or parent is not capture.folder or level != capture.level + 1:
            return self._render(page, url_of, macro, nav_item, path, level, parent)
        start = len(capture.trace)
        html = self._render(page, url_of, macro, nav_item, path, level, parent)
        capture.entries.append((nav_item, path, level, html, start, len(capture.trace)))
        return html

    def _render(  # noqa: PLR0917 - render()'s arguments
        self,
        page: object,
        url_of: UrlOf,
        macro: Callable[..., Any],
        nav_item: Any,
        path: str,
        level: int,
        parent: Any,
    ) -> Any:
        args = (nav_item, path, level) if parent is None else (nav_item, path, level, parent)
        if nav_item is page or hasattr(nav_item, "pages"):
            return macro(*args)
        if getattr(nav_item, "active", False):
            return self._active(page, url_of, macro, nav_item, path, level, args)
        key = (id(nav_item), path, level, None if parent is None else bool(parent.active))
        found = self.entries.get(key)
        if found is None:
            found = self.entries[key] = []
            self.keep.append(nav_item)
        base = self._base_of(page)
        for entry in found:
            if (entry.origin is not None and entry.origin.reusable_from(base)) or all(
                self._url(page, url_of, value) == url for value, url in entry.trace
            ):
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
        url = getattr(page, "url", None)
        origin = _Origin.of(url, (v for v, _ in trace)) if isinstance(url, str) else None
        found.append(_Entry(tuple(trace), html, origin))
        return html

    def _active(  # noqa: PLR0917 - render()'s arguments
        self,
        page: object,
        url_of: UrlOf,
        macro: Callable[..., Any],
        folder: Any,
        path: str,
        level: int,
        args: tuple[Any, ...],
    ) -> Any:
        """A folder that holds the page: its skeleton filled, or rendered (and cut)."""
        children = getattr(folder, "children", None)
        if not children or any(child is page and _is_index(child) for child in children):
            return macro(*args)  # a page, or a folder drawn around its index note: as is
        key = (id(folder), path, level)
        if key in self.skeletons:
            skeleton = self.skeletons[key]
            if skeleton is not None and all(
                self._url(page, url_of, v) == u for v, u in skeleton.own_trace
            ):
                return self._fill(skeleton, page, url_of, macro, folder)
            return macro(*args)
        self.keep.append(folder)
        capture = _Capture(folder, level)
        self.captures.append(capture)
        self.traces.append(capture.trace)
        try:
            html = macro(*args)
        finally:
            self.traces.pop()
            self.captures.pop()
        self.skeletons[key] = _cut(html, capture)
        return html

    def _fill(
        self,
        skeleton: _Skeleton,
        page: object,
        url_of: UrlOf,
        macro: Callable[..., Any],
        folder: Any,
    ) -> Any:
        self.filled += 1
        for outer in self.traces:  # an enclosing folder's capture
            outer.extend(skeleton.own_trace)
        parts: list[str] = [skeleton.prefix]
        html: Any = None
        for item, path, level, after in skeleton.entries:
            html = self.render(page, url_of, macro, item, path, level, folder)
            parts.append(html)
            parts.append(after)
        return type(html)("".join(parts)) if html is not None else "".join(parts)

    def _base_of(self, page: object) -> tuple[tuple[str, ...], bool] | None:
        """:func:`_base` of ``page`` (remembered for the page being rendered)."""
        if self._page[0] is not page:
            url = getattr(page, "url", None)
            self._page = (page, _base(url) if isinstance(url, str) else None)
            self._written.clear()
        return self._page[1]

    def _url(self, page: object, url_of: UrlOf, value: str) -> str:
        """``url_of(value)`` for ``page``, asked once per page and value (a template drawn for
        no page, such as the not-found page, asks every time)."""
        if page is None:
            return url_of(value)
        self._base_of(page)
        written = self._written.get(value)
        if written is None:
            written = self._written[value] = url_of(value)
        return written


def _is_index(item: object) -> bool:
    return bool(getattr(item, "is_index", False))


def _cut(html: Any, capture: _Capture) -> _Skeleton | None:
    """The skeleton of a folder's output ``html`` whose entries' outputs ``capture`` holds;
    ``None`` when an entry's output is empty or met more than once (the cut would be a guess)."""
    text = str(html)
    prefix = ""
    entries: list[tuple[Any, str, int, str]] = []
    own: list[tuple[str, str]] = []
    at = 0
    traced = 0
    for item, path, level, output, start, end in capture.entries:
        piece = str(output)
        if not piece or text.count(piece) != 1:
            return None
        found = text.find(piece, at)
        if found < 0:
            return None
        between = text[at:found]
        if entries:
            entries[-1] = (*entries[-1][:3], between)
        else:
            prefix = between
        entries.append((item, path, level, ""))
        at = found + len(piece)
        own.extend(capture.trace[traced:start])
        traced = end
    if not entries:
        return None
    entries[-1] = (*entries[-1][:3], text[at:])
    own.extend(capture.trace[traced:])
    return _Skeleton(prefix, tuple(entries), tuple(own))
