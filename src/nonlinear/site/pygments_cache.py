"""Pygments as pymdownx.highlight uses it, with what every code block repeats done once.

Where it sits: pymdownx.highlight makes a new ``HtmlFormatter`` for every code block, and each
one walks every token type of its style to name the token's CSS class and style
(``HtmlFormatter._create_stylesheet``): the same two tables, made again for each block. On
the 2,000-note bench vault (5,174 code blocks) that was 2.2 of 61 s under cProfile, in plain
Material's build as much as in ours. :func:`share_stylesheets` (installed by
``hooks/speed.py``) keeps the tables of each style, class prefix and class-naming method the
first time they are made, and gives every later formatter copies of them: each formatter
writes exactly what it wrote before, and owns its tables as before.

The lexer of a block is looked up by name the same way: ``get_lexer_by_name`` walks Pygments'
whole table of lexers (and then the installed plugins) for every block. :func:`share_stylesheets`
also gives pymdownx.highlight a lookup that remembers which class each name found (or that it
found none) and makes a new lexer of it with the block's options, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pymdownx.highlight
from pygments.formatters.html import HtmlFormatter
from pygments.lexers import find_lexer_class_by_name
from pygments.lexers import get_lexer_by_name as pygments_get_lexer_by_name
from pygments.util import ClassNotFound

__all__ = ["get_lexer_by_name", "share_stylesheets", "shared"]

_Tables = tuple[dict[Any, str], dict[str, tuple[str, Any, int]]]

_ORIGINAL: Callable[[Any], None] = HtmlFormatter._create_stylesheet
_MADE: dict[tuple[Any, str, Any], _Tables] = {}


def _create_stylesheet(self: Any) -> None:
    """``HtmlFormatter._create_stylesheet``, made once per style, prefix and naming method."""
    # What the tables depend on: the style's token definitions, and the class names, which
    # come from the prefix through the formatter's own _get_css_class (a subclass may change it).
    key = (self.style, self.classprefix, type(self)._get_css_class)
    made = _MADE.get(key)
    if made is None:
        _ORIGINAL(self)
        made = _MADE[key] = (dict(self.ttype2class), dict(self.class2style))
    self.ttype2class, self.class2style = dict(made[0]), dict(made[1])


_LEXERS: dict[str, Any] = {}
"""Lexer class by lower-case name (None: no lexer has that name)."""


def get_lexer_by_name(_alias: str, **options: Any) -> Any:
    """Pygments' ``get_lexer_by_name``, with the class found for each name remembered."""
    if not _alias or not isinstance(_alias, str):
        return pygments_get_lexer_by_name(_alias, **options)  # its own error, as before
    key = _alias.lower()
    if key not in _LEXERS:
        try:
            _LEXERS[key] = find_lexer_class_by_name(_alias)
        except ClassNotFound:
            _LEXERS[key] = None
    found = _LEXERS[key]
    if found is None:
        raise ClassNotFound(f"no lexer for alias {_alias!r} found")
    return found(**options)


def share_stylesheets() -> None:
    """Make every ``HtmlFormatter`` (and subclass) reuse its style's tables, and
    pymdownx.highlight remember its lexer classes by name (idempotent)."""
    HtmlFormatter._create_stylesheet = _create_stylesheet
    pymdownx.highlight.get_lexer_by_name = get_lexer_by_name


def shared() -> bool:
    """Whether :func:`share_stylesheets` is in effect."""
    return (
        HtmlFormatter._create_stylesheet is _create_stylesheet
        and pymdownx.highlight.get_lexer_by_name is get_lexer_by_name
    )
