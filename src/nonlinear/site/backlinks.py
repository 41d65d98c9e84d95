"""The "Linked from" list of a page: snippets rendered to HTML, and a compact arrangement.

Where it sits: the vault engine gives each page its backlinks with snippets cut into spans
(:mod:`nonlinear.vault.backlinks`); ``hooks/reading.py`` passes them through
:func:`arrange_backlinks`, and ``overrides/partials/nonlinear-backlinks.html`` shows the first
few and the rest under a ``<details>`` that says how many more there are.
A note with 25 backlinks then takes a few hundred pixels instead of twelve screens.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from nonlinear.site.math import latex_to_mathml

__all__ = ["SHOWN", "ArrangedBacklinks", "arrange_backlinks", "render_snippet"]

SHOWN = 6
"""How many backlinks are shown with their snippet before the rest is collapsed."""


@dataclass(frozen=True, slots=True)
class ArrangedBacklinks:
    """What the template shows: the first backlinks in full, the others collapsed."""

    shown: tuple[Mapping[str, Any], ...]
    """Backlinks with ``snippet_html``, closest first (mutual links, then by title)."""
    more: tuple[Mapping[str, Any], ...]
    """The others, by title, also with ``snippet_html`` (shown under a ``<details>``)."""

    @property
    def total(self) -> int:
        """How many notes link here."""
        return len(self.shown) + len(self.more)


def render_snippet(spans: Iterable[Sequence[str]]) -> str:
    """HTML of a snippet given as ``(kind, text)`` spans.

    Text is escaped; the link to the page is ``<strong>``; code is ``<code>``; math is MathML.
    A formula that does not convert cleanly, or links where the page would not (an unsafe
    ``\\href``), is shown as code: its note reports it where it is rendered, and a snippet
    never shows half of one.
    """
    out: list[str] = []
    for kind, text in spans:
        if kind == "math":
            result = latex_to_mathml(text, display=False)
            clean = not result.problems and not result.unsafe
            out.append(result.html if clean else f"<code>{escape(text)}</code>")
        elif kind == "code":
            out.append(f"<code>{escape(text)}</code>")
        elif kind == "link":
            out.append(f"<strong>{escape(text)}</strong>")
        else:
            out.append(escape(text, quote=False))
    return "".join(out)


def arrange_backlinks(
    backlinks: Iterable[Mapping[str, Any]], shown: int = SHOWN
) -> ArrangedBacklinks:
    """Pick the backlinks shown in full and render their snippets.

    Notes the page also links to come first (the two are closely related), then the rest by
    title; everything past *shown* is collapsed, in title order. When only one would be left
    over, it is shown too: a "1 more" toggle saves nothing.

    Args:
        backlinks: The engine's backlinks of one page, sorted by title.
        shown: How many to show in full.

    Returns:
        The arrangement, each entry with ``snippet_html`` added.
    """
    links = list(backlinks)
    if len(links) <= shown + 1:
        first, rest = links, []
    else:
        ranked = sorted(range(len(links)), key=lambda k: (not links[k].get("mutual"), k))
        chosen = set(ranked[:shown])
        first = [links[k] for k in sorted(chosen, key=lambda k: (not links[k].get("mutual"), k))]
        rest = [link for k, link in enumerate(links) if k not in chosen]
    return ArrangedBacklinks(shown=_rendered(first), more=_rendered(rest))


def _rendered(links: Iterable[Mapping[str, Any]]) -> tuple[Mapping[str, Any], ...]:
    return tuple({**link, "snippet_html": render_snippet(link.get("spans", ()))} for link in links)
