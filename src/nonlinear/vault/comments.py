"""Obsidian ``%%comments%%``: removed from the published page.

Where it sits: Obsidian shows ``%%…%%`` only in Editing view (help: "Basic formatting
syntax", Comments), inline or as a block across lines, paragraphs and list items. The site
must drop them before anything else reads the text, so that a comment reaches neither the
HTML, nor the table of contents, nor the search index (all three are built from the
rendered page). :class:`CommentExtension` does this as the first Python-Markdown
preprocessor after whitespace normalisation, so it also applies to any text rendered with
the extension (embedded notes included).

What a comment is comes from :func:`nonlinear.vault.codeblocks.scan_regions`: ``%%`` inside inline
code, any fence, indented code, math or an HTML comment is text (``%%`` is an operator in R;
jackyzha0/quartz#1114 is what a raw-text regex does to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from nonlinear.vault.codeblocks import Region, scan_regions
from nonlinear.vault.obsidian_config import OfmDiagnostic

__all__ = [
    "CommentExtension",
    "CommentPreprocessor",
    "StrippedText",
    "comment_diagnostics",
    "makeExtension",
    "strip_comments",
]

# After NormalizeWhitespace (30: tabs expanded, line ends unified) and before every fence
# stash (superfences' fenced_code_block 25; its raw-fence preprocessor is 31.05 and only
# runs with preserve_tabs) and the HTML-block stash (20): the scanner sees the whole text.
PREPROCESSOR_PRIORITY = 29


@dataclass(frozen=True, slots=True)
class StrippedText:
    """Text with its ``%%`` comments removed."""

    text: str
    """The text without comments (code, math and HTML comments untouched)."""
    comments: tuple[Region, ...]
    """The removed comment regions, with offsets into the original text."""


def strip_comments(text: str) -> StrippedText:
    """Remove Obsidian ``%%`` comments from Markdown text.

    A comment is cut out exactly, delimiters included; the text around it is kept as is
    (a block comment on its own lines leaves those line breaks behind, which Markdown
    reads as blank lines). An unclosed ``%%`` hides the rest of the text, as in Obsidian.

    Args:
        text: Markdown source.

    Returns:
        The text without comments, and where the comments were.
    """
    if "%%" not in text:  # every comment opens with it: no scan needed (most notes)
        return StrippedText(text, ())
    comments = tuple(r for r in scan_regions(text) if r.kind == "comment")
    if not comments:
        return StrippedText(text, ())
    parts: list[str] = []
    position = 0
    for comment in comments:
        parts.append(text[position : comment.start])
        position = comment.end
    parts.append(text[position:])
    return StrippedText("".join(parts), comments)


def comment_diagnostics(text: str, src_uri: str, *, first_line: int = 1) -> list[OfmDiagnostic]:
    """Report unclosed ``%%`` comments, which hide the rest of a note.

    Args:
        text: Markdown source of the note (frontmatter stripped or not).
        src_uri: The note's path in the vault, for the message.
        first_line: Line number of ``text``'s first line in the file (pass the
            frontmatter's length + 1 when it was stripped).

    Returns:
        One ``unclosed-comment`` diagnostic per unclosed comment (at most one).
    """
    diagnostics: list[OfmDiagnostic] = []
    if "%%" not in text:  # every comment opens with it: no scan needed (most notes)
        return diagnostics
    for region in scan_regions(text):
        if region.kind == "comment" and not region.closed:
            line = text.count("\n", 0, region.start)
            col = region.start - (text.rfind("\n", 0, region.start) + 1) + 1
            diagnostics.append(
                OfmDiagnostic(
                    src_uri,
                    first_line + line,
                    col,
                    "unclosed-comment",
                    "'%%' opens a comment that never closes, so the rest of the note is "
                    "hidden; add the closing '%%', or put a literal '%%' in backticks",
                )
            )
    return diagnostics


class CommentPreprocessor(Preprocessor):
    """Drop ``%%`` comments from the lines before the block parser sees them."""

    def run(self, lines: list[str]) -> list[str]:
        """Return ``lines`` without comments.

        Args:
            lines: The document, one line per item.

        Returns:
            The document without comments, one line per item.
        """
        stripped = strip_comments("\n".join(lines))
        if not stripped.comments:
            return lines
        return stripped.text.split("\n")


class CommentExtension(Extension):
    """Python-Markdown extension: remove Obsidian ``%%comments%%``."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        """Register the preprocessor.

        Args:
            md: The Markdown instance.
        """
        md.preprocessors.register(
            CommentPreprocessor(md), "obsidian_comments", PREPROCESSOR_PRIORITY
        )


def makeExtension(**kwargs: Any) -> CommentExtension:  # noqa: N802
    """Entry point for ``markdown_extensions: [nonlinear.vault.comments]``.

    Args:
        **kwargs: Extension configuration (none is defined).

    Returns:
        The extension.
    """
    return CommentExtension(**kwargs)
