"""Path kinds of the vault and the URL rule for notes.

Every key the engine stores is a :data:`SrcUri`: the POSIX path of a file relative to the vault
root (MkDocs' ``docs_dir``), with its extension, exactly as MkDocs' ``File.src_uri`` spells it.
Lookups go through a :data:`NoteKey`, the same text Unicode-NFC-normalised and case-folded, so
that ``[[relu]]``, ``[[ReLU]]`` and a macOS (NFD) file name all meet.

URL rule ("slug rule", :func:`slug_path`): a note's URL is its vault path written so that a
person can type it from a slide: ``Activations/Leaky ReLU.md`` is served at
``Activations/Leaky-ReLU/``. Each folder and the file name, separately:

* letters and digits of any script are kept, **in their letter case** (``ReLU`` stays
  ``ReLU``), and so are ``-``, ``_`` and ``.`` inside a name;
* ``&``, ``+`` and ``%`` become the words ``and``, ``plus`` and ``percent``; apostrophes
  vanish (``Bayes' rule`` → ``Bayes-rule``);
* every other run of characters — spaces, punctuation, symbols, emoji — becomes one ``-``,
  and no name starts or ends with ``-`` or ``.``;
* a name with nothing left (``🍅``) keeps its characters, spaces made ``-``.

Letter case is kept on purpose: an old URL (``Leaky%20ReLU/``) and its new one must be two
different folders, so that the old one can hold a redirect page; lowercasing would make old and
new URLs of a name without spaces (``ReLU/`` → ``relu/``) differ only in case, which is one
folder on the case-insensitive file systems (macOS, Windows) many sites are built on.

Attachments keep their path (embeds, downloads and their stable URLs do not move). Two notes
that slug to the same URL are told apart deterministically (:mod:`nonlinear.vault.permalinks`).
The engine never writes a URL into a page itself: it emits a *relative, quoted* ``.md`` href
(``../Activations/Leaky%20ReLU.md#anchor``) and MkDocs' relpath processor maps it to the page's
URL, whatever it is, and validates it.
"""

from __future__ import annotations

import functools
import posixpath
import re
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
    parts = to_src_uri.split("/")
    start = folder(from_src_uri)
    base = start.split("/") if start else []
    common = 0
    while common < min(len(parts) - 1, len(base)) and parts[common] == base[common]:
        common += 1
    # The relative path, quoted: per name, since quoting is per character (a name is quoted
    # once per build, not once per link).
    href = "/".join([".."] * (len(base) - common) + [_quoted(part) for part in parts[common:]])
    if anchor:
        href += "#" + _quoted_anchor(anchor)
    return href


@functools.lru_cache(maxsize=16384)  # every folder and file name a link names
def _quoted(name: str) -> str:
    return quote(name, safe="/")


@functools.lru_cache(maxsize=4096)
def _quoted_anchor(anchor: str) -> str:
    return quote(anchor, safe="^-_.~!$'()*+,;=:@")


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


# Apostrophes vanish; &, + and % become words; every other run of non-name characters is "-".
RE_SLUG_DROP = re.compile(r"['\u2019\u02bc]")
RE_SLUG_WORDS = re.compile(r"\s*([&+%])\s*")
_WORDS = {"&": "-and-", "+": "-plus-", "%": "-percent-"}
RE_SLUG_DASHES = re.compile(r"-{2,}")


MAX_SEGMENT_BYTES = 240
"""The longest folder or file name (UTF-8 bytes) the URL rule writes: file systems allow 255,
and a numbered twin (``-2``) must still fit."""


def fits_file_name(path: str) -> bool:
    """Whether every part of site path *path* is a name a file system accepts (255 bytes)."""
    return all(len(part.encode("utf-8")) <= 255 for part in path.split("/"))


def _clip(text: str) -> str:
    """*text* cut to :data:`MAX_SEGMENT_BYTES` at a character boundary, without a final ``-``."""
    data = text.encode("utf-8")
    if len(data) <= MAX_SEGMENT_BYTES:
        return text
    return data[:MAX_SEGMENT_BYTES].decode("utf-8", "ignore").rstrip("-.") or "-"


def slug_segment(name: str) -> str:
    """One folder or note name written for a URL (see the module docstring); a name longer
    than a file system allows once written (``&`` → ``and``) is cut to
    :data:`MAX_SEGMENT_BYTES`.

    >>> slug_segment("Leaky ReLU"), slug_segment("C++ & Rust 100% ?"), slug_segment("🌱 Seeds")
    ('Leaky-ReLU', 'C-plus-plus-and-Rust-100-percent', 'Seeds')
    """
    return _clip(_slug(name))


def _slug(name: str) -> str:
    text = nfc(name)
    text = RE_SLUG_DROP.sub("", text)
    text = RE_SLUG_WORDS.sub(lambda m: _WORDS[m.group(1)], text)
    text = "".join(c if (c.isalnum() or c in "-_.") else " " for c in text)
    text = RE_SLUG_DASHES.sub("-", "-".join(text.split()))
    text = text.strip("-.")
    text = RE_SLUG_DASHES.sub("-", text.replace(".-", "-").replace("-.", "-"))
    if text:
        return text
    fallback = "-".join(nfc(name).split()).strip("-.")
    return fallback or "-"


def slug_path(src_uri: str) -> str:
    """The site path of a note by the URL rule, without a trailing slash.

    ``Activations/Leaky ReLU.md`` → ``Activations/Leaky-ReLU``; an ``index.md`` or ``README.md``
    is its folder's page (``Concepts/index.md`` → ``Concepts``, the root's → ``""``).
    """
    parent, name = posixpath.split(src_uri)
    parts = [slug_segment(part) for part in parent.split("/")] if parent else []
    base = name[: -len(NOTE_SUFFIX)] if is_note(name) else name
    if base not in {"index", "README"}:
        parts.append(slug_segment(base))
    return "/".join(parts)
