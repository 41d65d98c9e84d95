"""Obsidian's *Strict line breaks* off: one newline is a line break, in vault notes only.

Where it sits: with the vault setting ``strictLineBreaks`` false (Obsidian's default), Reading
view shows a single newline inside a paragraph as a line break; Python-Markdown's ``nl2br``
does the same. But ``nl2br`` is registered once for every page of the build, and a build also
renders text that is not a vault note: the executed notebooks (their Markdown cells follow
Jupyter's CommonMark rules), the tags index, the graph page and any other page a hook
generates. Soft-wrapped prose there would break mid-sentence, on screen and in print.

:class:`LineBreakExtension` is ``nl2br`` with a switch: the hook hands it a callable that says,
for the page being rendered, whether the vault setting applies (``hooks/obsidian.py`` answers
"is this page a note of the vault?"). The inline pattern is ``nl2br``'s own (a newline, at
priority 5, after every other inline pattern), so a vault note renders exactly as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree as ET

from markdown import Extension, Markdown
from markdown.inlinepatterns import SubstituteTagInlineProcessor

__all__ = ["NEWLINE_PATTERN", "LineBreakExtension", "LineBreakInlineProcessor"]

NEWLINE_PATTERN = r"\n"
"""``nl2br``'s pattern: every newline left inside inline text."""

# nl2br's name and priority: last of the inline patterns, so code spans, links, math and our
# own syntax have taken their text already.
PATTERN_NAME = "nl"
PATTERN_PRIORITY = 5


class LineBreakInlineProcessor(SubstituteTagInlineProcessor):
    """A newline becomes ``<br>`` while ``active()`` is true; otherwise it stays a newline."""

    def __init__(self, active: Callable[[], bool]) -> None:
        """Keep the switch.

        Args:
            active: Asked at each newline: whether the page being rendered takes the setting.
        """
        super().__init__(NEWLINE_PATTERN, "br")
        self.active = active

    def handleMatch(  # type: ignore[override]  # noqa: N802  (Python-Markdown's API)
        self, m: re.Match[str], data: str
    ) -> tuple[ET.Element | str | None, int | None, int | None]:
        """Return a ``<br>``, or decline so that the newline stays a soft break."""
        if not self.active():
            return None, None, None
        return super().handleMatch(m, data)


class LineBreakExtension(Extension):
    """``nl2br`` for the pages ``active()`` accepts (see the module docstring)."""

    def __init__(self, active: Callable[[], bool], **kwargs: Any) -> None:
        """Keep the switch.

        Args:
            active: Whether the page being rendered takes Obsidian's line breaks.
            **kwargs: Python-Markdown extension settings (none are defined).
        """
        self.active = active
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802  (Python-Markdown's API)
        """Register the newline pattern where ``nl2br`` registers its own."""
        processor = LineBreakInlineProcessor(self.active)
        md.inlinePatterns.register(processor, PATTERN_NAME, PATTERN_PRIORITY)
