"""Pygments' HTML formatter, with the token classes of a style worked out once per build.

Where it sits: pymdownx.highlight makes a new ``HtmlFormatter`` for every code block, and each
one walks every token type of its style to name the token's CSS class and style
(``HtmlFormatter._create_stylesheet``): the same two tables, made again for each block. On
the 2,000-note bench vault (5,174 code blocks) that was 2.2 of 61 s under cProfile, in plain
Material's build as much as in ours. :func:`share_stylesheets` (installed by
``hooks/speed.py``) keeps the tables of each style, class prefix and class-naming method the
first time they are made, and gives every later formatter copies of them: each formatter
writes exactly what it wrote before, and owns its tables as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pygments.formatters.html import HtmlFormatter

__all__ = ["share_stylesheets", "shared"]

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


def share_stylesheets() -> None:
    """Make every ``HtmlFormatter`` (and subclass) reuse its style's tables (idempotent)."""
    HtmlFormatter._create_stylesheet = _create_stylesheet


def shared() -> bool:
    """Whether :func:`share_stylesheets` is in effect."""
    return HtmlFormatter._create_stylesheet is _create_stylesheet
