"""Each note's text, read once while the site's files are listed.

Where it sits: at MkDocs' ``on_files``, three of our handlers need every note's text:
``hooks/vault.py`` decodes each note to leave out the unreadable ones, ``hooks/wikilinks.py``
indexes them and ``hooks/obsidian.py`` looks for the tags index's listing. Each used to read
the file again (three reads of every note, a fourth when MkDocs renders it). Now the first
reader keeps the text here and the others take it; the texts are dropped once the files are
listed (the index keeps what it needs of each).

A kept text is the one MkDocs' ``File.content_string`` would give: UTF-8 with the byte order
mark dropped, and line ends read as ``\\n`` (Python's universal newlines).
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["NOTE_TEXTS", "NoteTexts", "as_read"]


def as_read(decoded: str) -> str:
    """*decoded* (a file's bytes decoded) as reading the file in text mode gives it."""
    if "\r" not in decoded:
        return decoded
    return decoded.replace("\r\n", "\n").replace("\r", "\n")


class SiteFile(Protocol):
    """What is read of MkDocs' ``File``."""

    @property
    def src_uri(self) -> str: ...
    @property
    def generated_by(self) -> str | None: ...
    @property
    def content_string(self) -> str: ...


class NoteTexts:
    """The texts of one build's notes, by vault path, until :meth:`forget`."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}

    def keep(self, src_uri: str, decoded: str) -> None:
        """Keep a note's text, as decoded from its bytes (line ends as stored)."""
        self._texts[src_uri] = as_read(decoded)

    def of(self, file: SiteFile) -> str:
        """The text of a listed file: kept, or read (a page another hook generated, whose
        content is its own, or a note no handler kept)."""
        if file.generated_by:
            return file.content_string
        kept = self._texts.get(file.src_uri)
        return kept if kept is not None else file.content_string

    def forget(self) -> None:
        """Drop every text (the files are listed; a new build reads the notes again)."""
        self._texts.clear()

    def __len__(self) -> int:
        return len(self._texts)


NOTE_TEXTS = NoteTexts()
"""The texts of the current build (one build runs at a time in a process)."""
