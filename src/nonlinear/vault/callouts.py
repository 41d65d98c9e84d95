"""Obsidian callouts (``> [!type] Title``) rendered as Material admonitions.

Where it sits: a Python-Markdown block processor that runs just before the blockquote
processor. It sees only what the parser hands to blocks, so fenced and indented code never
reach it (the fences are stashed by superfences earlier, indented code is taken at priority
80). The body is parsed again as a chunk of Markdown, so it may hold lists (no blank line
needed after the title), code, display math, wiki links, embeds and further callouts
(``> > [!todo]``). The title stays element text, so inline processors (math, links) run on it.

Obsidian's rules (help: "Callouts"): the type is case-insensitive; unknown types look like
``note``; ``-`` after the type folds the callout closed, ``+`` folds it open; without a title
the type, in title case, is the title. The help lists these types and aliases, which map onto
Material's admonition types of the same names:

    note; abstract (summary, tldr); info; todo; tip (hint, important); success (check, done);
    question (help, faq); warning (caution, attention); failure (fail, missing);
    danger (error); bug; example; quote (cite)

Output (Material's CSS styles both shapes):

* not foldable: ``<div class="admonition TYPE"><p class="admonition-title">Title</p>…</div>``
* foldable: ``<details class="TYPE" [open]><summary>Title</summary>…</details>`` as
  pymdownx.details writes it.

TYPE is the canonical type (``faq`` → ``question``); ``data-callout`` keeps the written one, as
Obsidian's own HTML does, for CSS snippets. ``[!type|meta]`` (a community convention) is
accepted and the metadata ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final, Literal, cast
from xml.etree import ElementTree as etree  # noqa: N813 - Python-Markdown's name

from markdown import Extension, Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockQuoteProcessor

__all__ = [
    "CALLOUT_TYPES",
    "RE_CALLOUT",
    "CalloutBlockProcessor",
    "CalloutExtension",
    "CalloutHead",
    "makeExtension",
    "parse_callout_head",
]

CALLOUT_TYPES: Final[dict[str, str]] = {
    alias: canonical
    for canonical, aliases in {
        "note": (),
        "abstract": ("summary", "tldr"),
        "info": (),
        "todo": (),
        "tip": ("hint", "important"),
        "success": ("check", "done"),
        "question": ("help", "faq"),
        "warning": ("caution", "attention"),
        "failure": ("fail", "missing"),
        "danger": ("error",),
        "bug": (),
        "example": (),
        "quote": ("cite",),
    }.items()
    for alias in (canonical, *aliases)
}
"""Every type identifier Obsidian knows (lower case), mapped to its canonical type."""

RE_CALLOUT: Final = re.compile(
    r"""
    [ \t]*\[!
    (?P<type>[^\]\s|]+)         # the type identifier: any non-space text up to ] or |
    (?:\|(?P<meta>[^\]]*))?     # optional |metadata (community convention; ignored)
    \]
    (?P<fold>[+-]?)             # fold: - collapsed, + expanded, nothing: not foldable
    (?:[ \t]+(?P<title>.*?))?   # optional title, the rest of the line
    [ \t]*
    """,
    re.VERBOSE,
)
"""The first line of a callout, after its ``>`` marker."""

# Just above the blockquote processor (20), below lists (30, 40) and code (80): a callout is
# a blockquote whose first line is "[!type]".
BLOCK_PRIORITY = 20.5


@dataclass(frozen=True, slots=True)
class CalloutHead:
    """The parsed first line of a callout."""

    written_type: str
    """The type identifier as written, lower-cased (``faq``)."""
    type: str
    """The canonical type and CSS class (``question``; ``note`` for unknown types)."""
    fold: Literal["", "-", "+"]
    """``-`` folded closed, ``+`` folded open, empty: not foldable."""
    title: str
    """The title (Markdown); the type in title case if none was written."""


def parse_callout_head(line: str) -> CalloutHead | None:
    """Parse the first line of a blockquote as a callout head.

    Args:
        line: The line without its ``>`` marker, e.g. ``[!FAQ]- Why?``.

    Returns:
        The head, or None if the line does not start a callout.
    """
    match = RE_CALLOUT.fullmatch(line)
    if match is None:
        return None
    written = match["type"].lower()
    fold = cast('Literal["", "-", "+"]', match["fold"])  # the pattern allows nothing else
    title = (match["title"] or "").strip() or _title_case(written)
    return CalloutHead(written, CALLOUT_TYPES.get(written, "note"), fold, title)


def _title_case(identifier: str) -> str:
    """Obsidian's default title: the identifier with a capital first letter (``Faq``)."""
    return identifier[:1].upper() + identifier[1:]


class CalloutBlockProcessor(BlockQuoteProcessor):
    """Turn a blockquote that starts with ``[!type]`` into an admonition or details block."""

    def __init__(self, parser: BlockParser) -> None:
        """Initialise.

        Args:
            parser: The Markdown block parser.
        """
        super().__init__(parser)

    def _head(self, block: str) -> tuple[re.Match[str], CalloutHead] | None:
        match = self.RE.search(block)
        if match is None:
            return None
        head = parse_callout_head(match.group(2))
        return None if head is None else (match, head)

    def test(self, parent: etree.Element, block: str) -> bool:
        """Tell whether the block holds a blockquote whose first line is a callout head.

        Args:
            parent: The element the block goes into.
            block: The block's text.

        Returns:
            True for a callout.
        """
        return self._head(block) is not None and super().test(parent, block)

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        """Build the callout element and parse its body into it.

        Args:
            parent: The element the block goes into.
            blocks: The remaining blocks; the first is the callout.
        """
        block = blocks.pop(0)
        found = self._head(block)
        assert found is not None  # test() said so
        match, head = found
        before = block[: match.start()]
        if before.strip():
            # Lines before the quote in the same block are a paragraph of their own.
            self.parser.parseBlocks(parent, [before])
        lines = [self.clean(line) for line in block[match.start() :].lstrip("\n").split("\n")]
        body = "\n".join(lines[1:])

        element: etree.Element
        if head.fold:
            element = etree.SubElement(parent, "details", {"class": head.type})
            if head.fold == "+":
                element.set("open", "open")
            etree.SubElement(element, "summary").text = head.title
        else:
            element = etree.SubElement(parent, "div", {"class": f"admonition {head.type}"})
            etree.SubElement(element, "p", {"class": "admonition-title"}).text = head.title
        element.set("data-callout", head.written_type)
        if body.strip():
            self.parser.state.set("blockquote")
            self.parser.parseChunk(element, body)
            self.parser.state.reset()


class CalloutExtension(Extension):
    """Python-Markdown extension: Obsidian callouts as Material admonitions."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        """Register the block processor.

        Args:
            md: The Markdown instance.
        """
        md.parser.blockprocessors.register(
            CalloutBlockProcessor(md.parser), "obsidian_callout", BLOCK_PRIORITY
        )


def makeExtension(**kwargs: Any) -> CalloutExtension:  # noqa: N802
    """Entry point for ``markdown_extensions: [nonlinear.vault.callouts]``.

    Args:
        **kwargs: Extension configuration (none is defined).

    Returns:
        The extension.
    """
    return CalloutExtension(**kwargs)
