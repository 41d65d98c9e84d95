"""The page title as the first heading of a rendered note.

Obsidian notes carry no ``# H1``: a note's title is its file name (or frontmatter ``title``).
Material's template adds that title as ``<h1>`` only when the content has none, so anything
that reads the rendered content alone (the print-all page) would lose the title. Putting the
heading into the content gives the same page and a titled print-all page.
"""

from __future__ import annotations

import html as html_lib
import re

from markupsafe import Markup

RE_H1 = re.compile(r"<h1[\s>]", re.IGNORECASE)
"""An ``<h1>`` start tag (``<h1>`` or ``<h1 id=...>``), not ``<h10>`` or ``<header>``."""


def title_heading(content: str, title: str) -> str:
    """Return *content* opening with ``<h1>title</h1>`` unless it already has an ``<h1>``.

    Args:
        content: Rendered HTML of a page (ours, from Python-Markdown).
        title: The page title, plain text.

    Returns:
        The content, with the escaped title as its first heading where it had none.
    """
    if RE_H1.search(content):
        return content
    return f"<h1>{html_lib.escape(title)}</h1>\n{content}"


def plain_title(title: str) -> str:
    """The text of a page title.

    The vault hook hands the theme each note's title escaped, as ``Markup`` (Material prints
    ``page.title`` unescaped in places); code that escapes for itself, or writes text
    (citations, SVG, redirects), wants the text back. A plain ``str`` is already text.
    """
    return title.unescape() if isinstance(title, Markup) else title
