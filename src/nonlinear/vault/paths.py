"""Path kinds of the vault and the URL rule for notes.

Every key the engine stores is a :data:`SrcUri`: the POSIX path of a file relative to the vault
root (MkDocs' ``docs_dir``), with its extension, exactly as MkDocs' ``File.src_uri`` spells it.
Lookups go through a :data:`NoteKey`, the same text Unicode-NFC-normalised and case-folded, so
that ``[[relu]]``, ``[[ReLU]]`` and a macOS (NFD) file name all meet.

URL rule ("slug rule"): notes keep MkDocs' own file-name-based URLs. ``Activations/Leaky ReLU.md``
is served at ``Activations/Leaky%20ReLU/``: MkDocs keeps the file name (spaces, parentheses,
``&``, ``%``, ``?``, ``#``, emoji and non-Latin scripts included) and percent-encodes it with
``urllib.parse.quote``. The engine never builds a URL itself: it emits a *relative, quoted*
``.md`` href (``../Activations/Leaky%20ReLU.md#anchor``) and MkDocs' relpath processor maps it to
the page URL for either ``use_directory_urls`` setting, and validates it. This keeps URLs stable
(a rename is the only thing that changes one), readable, and identical to what a reader sees in
Obsidian; every reserved character is escaped, so no name can break out of the path.
"""

from __future__ import annotations

import posixpath
import unicodedata
from typing import NewType
from urllib.parse import quote

SrcUri = NewType("SrcUri", str)
"""POSIX path of a file relative to the vault root, with its extension (``Activations/ReLU.md``)."""

NoteKey = NewType("NoteKey", str)
"""A name or path, NFC-normalised and case-folded: the key of every case-insensitive lookup."""

Anchor = NewType("Anchor", str)
"""A fragment identifier in a rendered page, without ``#`` (``formulation``, ``^block-1``)."""

NOTE_SUFFIX = ".md"


def nfc(text: str) -> str:
    """Return *text* in Unicode normal form C (macOS writes file names in NFD)."""
    return unicodedata.normalize("NFC", text)


def note_key(text: str) -> NoteKey:
    """Return the case-insensitive lookup key of a name or path.

    Args:
        text: A file name, a note name or a vault path.

    Returns:
        The text NFC-normalised and case-folded.
    """
    return NoteKey(nfc(text).casefold())


def is_note(src_uri: str) -> bool:
    """Return whether *src_uri* names a Markdown note (rather than an attachment)."""
    return src_uri.lower().endswith(NOTE_SUFFIX)


def stem(src_uri: str) -> str:
    """Return the note name Obsidian shows: the file name without ``.md``.

    Attachments keep their extension (``paper.pdf``), as Obsidian's links to them do.
    """
    name = posixpath.basename(src_uri)
    return name[: -len(NOTE_SUFFIX)] if is_note(name) else name


def folder(src_uri: str) -> str:
    """Return the folder of *src_uri* (``""`` for the vault root)."""
    return posixpath.dirname(src_uri)


def top_folder(src_uri: str) -> str:
    """Return the first path component of *src_uri*'s folder, or ``""`` at the vault root."""
    parent = folder(src_uri)
    return parent.split("/", 1)[0] if parent else ""


def relative_href(from_src_uri: str, to_src_uri: str, anchor: str | None = None) -> str:
    """Return a relative, percent-encoded href from one vault file to another.

    The href names the *source* file (``.md`` included) so that MkDocs' relpath processor
    turns it into the page URL and validates the target and the anchor.

    Args:
        from_src_uri: The file the link is written in.
        to_src_uri: The file the link points to.
        anchor: A fragment to append (heading slug or block id), or ``None``.

    Returns:
        For example ``../Activations/Leaky%20ReLU.md#formulation``.
    """
    href = quote(_relpath(to_src_uri, folder(from_src_uri)), safe="/")
    if anchor:
        href += "#" + quote(anchor, safe="^-_.~!$'()*+,;=:@")
    return href


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for two vault-relative POSIX paths, without touching the disk."""
    parts = path.split("/")
    base = start.split("/") if start else []
    common = 0
    while common < min(len(parts) - 1, len(base)) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:])


def relative_url(from_url: str, to_url: str) -> str:
    """Return the URL of *to_url* relative to the page served at *from_url*.

    Both are site-root-relative URLs as MkDocs' ``File.url`` gives them (already quoted). Used for
    media MkDocs does not rewrite itself (``<audio>``, ``<video>``, ``<iframe>``).
    """
    if from_url and not from_url.endswith("/"):
        base = posixpath.dirname(from_url)
    else:
        base = from_url.rstrip("/")
    rel = posixpath.relpath(to_url or ".", base or ".")
    if to_url.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel
