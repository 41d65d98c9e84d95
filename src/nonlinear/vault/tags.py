"""Obsidian tags: inline ``#tag`` and ``#nested/tag`` in prose, plus frontmatter ``tags:``.

Where it sits: Material's tags plugin builds its index from ``page.meta["tags"]`` in
``on_page_markdown`` (priority -50). ``hooks/obsidian.py`` runs earlier in the same event,
calls :func:`find_tags` on the note's own Markdown (not the text with embedded notes expanded:
Obsidian keeps tags per file) and stores :func:`merge_tags` of the frontmatter and inline tags
back into the page meta. During rendering,
:class:`TagInlineProcessor` turns the same ``#tags`` into small links to the tags index.
Both sides use :data:`RE_TAG` and :func:`is_tag_name`; a test checks they agree.

Obsidian's rules (help: "Tags"): letters, digits, ``_``, ``-`` and ``/`` (nesting), and
Unicode including emoji; no spaces or other ASCII punctuation; at least one character that is
not a digit (``#1984`` is not a tag, ``#y1984`` is); case-insensitive, shown with the first
casing seen. A tag starts at the start of a line or after whitespace, so ``a#b``,
``https://x.org/#frag``, ``[[Note#Heading]]`` and an escaped ``\\#`` are not tags, and a
heading's ``# `` marker (followed by a space) is not one either. Tags inside code, math,
HTML comments and ``%%comments%%`` do not count (:mod:`nonlinear.vault.codeblocks`).

Python-Markdown reads ``#tag`` at the start of a line as a heading (it needs no space after
the hashes); Obsidian (CommonMark) needs the space. :class:`TagExtension` therefore swaps in
:class:`ObsidianHashHeaderProcessor`, so a note that starts with ``#draft #idea`` shows
two tags, as in Obsidian, instead of a heading.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Final

from markdown import Extension, Markdown
from markdown.blockprocessors import HashHeaderProcessor
from markdown.inlinepatterns import InlineProcessor

from nonlinear.vault.codeblocks import prose_segments, scan_regions

__all__ = [
    "RE_TAG",
    "RE_TAG_NAME",
    "InlineTag",
    "ObsidianHashHeaderProcessor",
    "TagExtension",
    "TagInlineProcessor",
    "find_tags",
    "frontmatter_tags",
    "is_tag_name",
    "makeExtension",
    "merge_tags",
    "tag_anchor",
]

# Characters a tag name cannot hold (a character class cannot carry VERBOSE comments):
_NOT_IN_TAG: Final = (
    r"\s\x00-\x1f\x7f"  # whitespace; control characters (Markdown's placeholders use STX/ETX)
    r"!-,.:-@\[-\^`{-~"  # ASCII punctuation except - / _
    "\u2000-\u200c\u200e-\u206f"  # general punctuation (quotes, dashes) but ZWJ (emoji)
    "\u3000-\u303f«»¡¿"  # CJK and Latin-1 punctuation
)

RE_TAG: Final = re.compile(
    rf"""
    (?<![^\s])                 # at the start or after whitespace: not a#b, url/#x, \#
    \#
    (?P<name>[^{_NOT_IN_TAG}]+) # the name: letters, digits, _ - /, Unicode, emoji
    """,
    re.VERBOSE,
)
"""An inline tag: ``#`` then the name (group ``name``); check :func:`is_tag_name` too."""

RE_TAG_NAME: Final = re.compile(f"[^{_NOT_IN_TAG}]+")
"""The characters a tag name may hold (a ``tags:`` property entry must fullmatch it)."""

RE_ATTR_LIST: Final = re.compile(r"\{[^{}\n]*\}")
RE_HTML_TAG: Final = re.compile(r"<[A-Za-z/][^<>\n]*>")

# Inline priority: below backtick (190), arithmatex (189.9) and escape (180) so code, math and
# "\#" are never seen; below link (160) and autolinks (120/110) so URLs are consumed first;
# below raw HTML (90) and entities (80) so '<a title=" #x">' and '&#35;' stay intact; above
# emphasis (60, 50) so '*#tag*' works.
INLINE_PRIORITY = 75

TagUrlBuilder = Callable[[str], "str | None"]
"""Maps a tag name to the href of its entry in the tags index (None: render no link)."""


@dataclass(frozen=True, slots=True)
class InlineTag:
    """A ``#tag`` found in Markdown text."""

    name: str
    """The tag without ``#``, as written (``Activation/rectifier``)."""
    start: int
    """Offset of the ``#``."""
    line: int
    """1-based line of the ``#`` in the scanned text."""
    col: int
    """1-based column of the ``#``."""


def is_tag_name(name: str) -> bool:
    """Tell whether ``name`` (without ``#``) is a valid Obsidian tag.

    Args:
        name: Candidate tag text matched by :data:`RE_TAG`.

    Returns:
        True unless the name is empty or all digits (``1984``) or only slashes.
    """
    return bool(name) and not name.isdigit() and bool(name.strip("/"))


def _in_attr_list(text: str, start: int, end: int) -> bool:
    """Tell whether ``text[start:end]`` sits in an attribute list or an HTML tag.

    attr_list is enabled in this site (Material needs it), so ``## Heading { #custom-id }``
    and the headings Material's tags plugin inserts carry ids, not tags; ``<b title=" #x">``
    holds an attribute value. (During rendering raw HTML is already stashed; the scanner
    needs the check.)
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return any(
        m.start() < start and end < m.end()
        for pattern in (RE_ATTR_LIST, RE_HTML_TAG)
        for m in pattern.finditer(text, line_start, line_end)
    )


def find_tags(text: str) -> list[InlineTag]:
    """Find the inline tags of a note, outside code, math and comments.

    Args:
        text: Markdown source (frontmatter stripped, as in ``on_page_markdown``).

    Returns:
        Tags in order of appearance, duplicates included.
    """
    tags: list[InlineTag] = []
    if "#" not in text or RE_TAG.search(text) is None:
        # A tag found outside code is found in the whole text too, at the same place: none
        # there (headings' "## ", links' "[[Note#Heading]]"), no scan of code regions needed.
        return tags
    line_starts: list[int] | None = None  # computed on the first tag: most notes have none
    for start, end in prose_segments(text, scan_regions(text)):
        for match in RE_TAG.finditer(text, start, end):
            name = match["name"]
            if not is_tag_name(name) or _in_attr_list(text, match.start(), match.end()):
                continue
            if line_starts is None:
                line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
            line = bisect.bisect_right(line_starts, match.start())
            col = match.start() - line_starts[line - 1] + 1
            tags.append(InlineTag(name, match.start(), line, col))
    return tags


def frontmatter_tags(value: object) -> list[str]:
    """Normalise a frontmatter ``tags`` value to a list of names.

    Obsidian writes a YAML list; older notes use a string (``tags: a, b`` or ``tags: a b``);
    a leading ``#`` is tolerated.

    Args:
        value: ``page.meta.get("tags")``: None, a string, or a list of scalars.

    Returns:
        The tag names, in order, without ``#`` and empty items.
    """
    if value is None:
        return []
    items: Iterable[object]
    if isinstance(value, str):
        items = re.split(r"[,\s]+", value)
    elif isinstance(value, list | tuple):
        items = value
    else:
        items = [value]
    names = (str(item).strip().lstrip("#") for item in items if item is not None)
    return [name for name in names if name]


def merge_tags(*groups: Iterable[str]) -> list[str]:
    """Merge tag lists, case-insensitively, keeping the first casing seen.

    Args:
        *groups: Tag names, e.g. frontmatter tags first, then inline tags.

    Returns:
        Each tag once, in order of first appearance.
    """
    seen: dict[str, str] = {}
    for group in groups:
        for name in group:
            seen.setdefault(name.casefold(), name)
    return list(seen.values())


def tag_anchor(
    name: str,
    slugify: Callable[[str, str], str],
    *,
    separator: str = "-",
    template: str = "tag:{slug}",
    hierarchy_separator: str | None = None,
) -> str:
    """Compute the fragment of a tag's entry in Material's tags index.

    Mirrors ``ListingManager._slugify`` of Material's tags plugin: with a hierarchy, each
    level is slugified on its own and the levels are joined by the hierarchy separator.

    Args:
        name: The tag.
        slugify: The plugin's ``tags_slugify`` callable ``(text, separator) -> slug``.
        separator: The plugin's ``tags_slugify_separator``.
        template: The plugin's ``tags_slugify_format``.
        hierarchy_separator: ``tags_hierarchy_separator`` if ``tags_hierarchy`` is on.

    Returns:
        The anchor, e.g. ``tag:activation``.
    """
    if hierarchy_separator is None:
        slug = slugify(name, separator)
    else:
        parts = name.split(hierarchy_separator)
        slug = hierarchy_separator.join(slugify(part, separator) for part in parts)
    return template.format(slug=slug)


class TagInlineProcessor(InlineProcessor):
    """Render ``#tag`` as ``<a class="tag" href="…">#tag</a>``.

    The link is stored as raw HTML, so MkDocs' link checker does not try to resolve the tags
    index's anchors (Material only adds them in ``on_env``, after the check's data is taken).
    """

    ANCESTOR_EXCLUDES = ("a",)  # a tag in link text stays text: no link inside a link

    def __init__(self, md: Markdown, build_url: TagUrlBuilder | None) -> None:
        """Initialise.

        Args:
            md: The Markdown instance.
            build_url: Href of a tag's index entry; None renders plain ``<span>`` chips.
        """
        super().__init__(RE_TAG.pattern, md)
        self.compiled_re = RE_TAG  # keep the VERBOSE flag
        self.build_url = build_url

    def handleMatch(  # type: ignore[override]  # noqa: N802
        self, m: re.Match[str], data: str
    ) -> tuple[str | None, int | None, int | None]:
        """Replace one tag with a stashed chip, or decline.

        Args:
            m: Match of :data:`RE_TAG`.
            data: The text being processed.

        Returns:
            ``(placeholder, start, end)``, or ``(None, None, None)`` to leave the text alone.
        """
        name = m["name"]
        if not is_tag_name(name) or _in_attr_list(data, m.start(), m.end()):
            return None, None, None
        label = html.escape(f"#{name}", quote=False)
        url = self.build_url(name) if self.build_url is not None else None
        if url is None:
            chip = f'<span class="tag">{label}</span>'
        else:
            chip = f'<a class="tag" href="{html.escape(url, quote=True)}">{label}</a>'
        return self.md.htmlStash.store(chip), m.start(), m.end()


class ObsidianHashHeaderProcessor(HashHeaderProcessor):
    """ATX headings as in CommonMark and Obsidian: the hashes need a space (or nothing) after.

    Python-Markdown's own rule makes ``#tag`` at the start of a line an ``<h1>``.
    """

    RE = re.compile(r"(?:^|\n)(?P<level>#{1,6})(?=[ \t]|\n|$)(?P<header>(?:\\.|[^\\])*?)#*(?:\n|$)")


class TagExtension(Extension):
    """Python-Markdown extension: inline Obsidian tags and CommonMark-style ATX headings."""

    def __init__(self, build_url: TagUrlBuilder | None = None, **kwargs: Any) -> None:
        """Initialise.

        Args:
            build_url: Href of a tag's entry in the tags index (see :data:`TagUrlBuilder`).
            **kwargs: Passed to :class:`markdown.Extension`.
        """
        super().__init__(**kwargs)
        self.build_url = build_url

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        """Register the tag pattern and replace the ATX heading processor.

        Args:
            md: The Markdown instance.
        """
        md.inlinePatterns.register(
            TagInlineProcessor(md, self.build_url), "obsidian_tag", INLINE_PRIORITY
        )
        # Same name and priority as the processor it replaces.
        md.parser.blockprocessors.register(ObsidianHashHeaderProcessor(md.parser), "hashheader", 70)


def makeExtension(**kwargs: Any) -> TagExtension:  # noqa: N802
    """Entry point for ``markdown_extensions: [nonlinear.vault.tags]`` (chips without links).

    Args:
        **kwargs: Extension configuration.

    Returns:
        The extension.
    """
    return TagExtension(**kwargs)
