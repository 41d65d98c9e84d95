"""What a note's Markdown may not make a reader's browser run: script URLs and event handlers.

A vault is untrusted input (a pull request, a shared folder, a web clipper). Markdown syntax can
put a URL or an attribute into the page without any raw HTML: ``[x](javascript:alert(1))``, an
image, a reference definition, ``$\\href{javascript:…}{x}$`` in math, and attribute lists
(``## Title {onclick="…"}``, which Material needs enabled). This module decides which of them
are unsafe; the Markdown extension (:mod:`nonlinear.vault.markdown_ext`) renders them inert and
the scanner (:mod:`nonlinear.vault.links`) finds them with their line for the report.

A URL is read as a browser reads an attribute value: character references decoded
(``jav&#x09;ascript:``), leading and trailing spaces and control characters dropped, tabs and
newlines removed anywhere, the scheme compared without case. Unsafe schemes:

* ``javascript:``, ``vbscript:``, ``livescript:`` run code;
* ``data:`` can carry a whole HTML document; only an image (``data:image/png;base64,…`` and the
  other raster and SVG types) in an image's ``src`` is kept, where a browser shows it as a
  picture and runs nothing;
* ``file:`` points into the reader's own computer (and names the author's files).

Raw HTML written in a note is not Markdown syntax: the page shows it as written, as MkDocs
does (Obsidian sanitises it). :func:`read_raw_html` finds the raw start tags that can run a
script (``<script>``, an ``on*`` attribute, a script URL, ``srcdoc``...) so that each is
reported (see the README for why they are not rewritten), and, in the same pass, the addresses
the raw HTML loads or links to (an ``<img src>`` is a use of a file that no link records).
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Final

from nonlinear.vault.codeblocks import scan_regions

UNSAFE_SCHEMES: Final = frozenset({"javascript", "vbscript", "livescript", "data", "file"})
"""Schemes a link, image or attribute written in a note may not use."""

# What a browser ignores in a URL attribute: C0 controls and space at both ends; tab, LF and CR
# anywhere (WHATWG URL parser).
_STRIP: Final = "".join(chr(c) for c in range(0x21))
RE_TAB_NEWLINE: Final = re.compile(r"[\t\n\r]")
RE_SCHEME: Final = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
RE_DATA_IMAGE: Final = re.compile(
    r"data:image/(?:png|gif|jpeg|jpg|pjpeg|webp|avif|bmp|x-icon|vnd\.microsoft\.icon|svg\+xml)"
    r"[;,]",
    re.IGNORECASE,
)

URL_ATTRIBUTES: Final = frozenset(
    {
        "href",
        "src",
        "xlink:href",
        "action",
        "formaction",
        "poster",
        "data",
        "background",
        "srcset",
        "cite",
        "longdesc",
        "codebase",
        "dynsrc",
        "lowsrc",
    }
)
"""Attributes whose value a browser follows or loads as a URL."""


def url_scheme(url: str) -> str | None:
    """The scheme of *url* as a browser reads it from an attribute (lower case), if any.

    >>> url_scheme(" JaVa&#x09;Script:alert(1)")
    'javascript'
    >>> url_scheme("Notes/ReLU.md") is None
    True
    """
    plain = RE_TAB_NEWLINE.sub("", html.unescape(url)).strip(_STRIP)
    match = RE_SCHEME.match(plain)
    return match.group(1).lower() if match else None


def unsafe_url(url: str, *, image: bool = False) -> str | None:
    """The unsafe scheme of *url* (``"javascript"``...), or ``None`` when it may be used.

    Args:
        url: The URL as written (an attribute value or a Markdown destination).
        image: Whether it is an image's ``src`` (a ``data:image/…`` URL is safe there).

    Returns:
        The scheme if it is in :data:`UNSAFE_SCHEMES` (and not an image's data URL).
    """
    scheme = url_scheme(url)
    if scheme not in UNSAFE_SCHEMES:
        return None
    if scheme == "data" and image:
        plain = RE_TAB_NEWLINE.sub("", html.unescape(url)).strip(_STRIP)
        if RE_DATA_IMAGE.match(plain):
            return None
    return scheme


@functools.lru_cache(maxsize=1024)  # asked of every attribute of every page: few names
def is_event_attribute(name: str) -> bool:
    """Whether an attribute is an event handler (``onclick``, ``ONLOAD``…): its value runs."""
    return name.strip().lower().startswith("on")


def unsafe_message(scheme: str) -> str:
    """What happened to an unsafe URL and the way out (the end of its report)."""
    risk = (
        "points into the reader's own computer"
        if scheme == "file"
        else "can hold a page that runs scripts"
        if scheme == "data"
        else "runs a script"
    )
    return (
        f"a '{scheme}:' URL {risk}, so it is shown as text, not followed (link to an http(s) "
        "address or a file of the vault instead)"
    )


# Raw HTML elements that run or load active content whatever their attributes.
ACTIVE_ELEMENTS: Final = frozenset(
    {"script", "object", "embed", "applet", "base", "frame", "frameset", "portal"}
)


@dataclass(frozen=True, slots=True)
class UnsafeHtml:
    """A start tag of raw HTML in a note that can run a script in a reader's browser."""

    offset: int
    """Offset of ``<`` in the scanned text."""
    detail: str
    """What makes it active: the element (``<script>``), the attribute (``onerror``), or a
    URL attribute's scheme (``href=javascript:``)."""
    raw: str
    """The start tag as written (cut to 80 characters)."""


@dataclass(frozen=True, slots=True)
class RawHtml:
    """What the raw HTML of a note's Markdown holds (code, math and comments left out)."""

    unsafe: tuple[UnsafeHtml, ...] = ()
    """Start tags that can run a script, in order."""
    addresses: tuple[str, ...] = ()
    """Values of URL attributes (``src``, ``href``, ``poster``…), character references
    decoded, in order."""


class _TagFinder(HTMLParser):
    def __init__(self, starts: list[int]) -> None:
        super().__init__(convert_charrefs=True)
        self.starts = starts
        self.found: list[UnsafeHtml] = []
        self.addresses: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.addresses.extend(v for n, v in attrs if n in URL_ATTRIBUTES and v)
        detail = _active(tag, attrs)
        if detail is not None:
            line, col = self.getpos()
            raw = self.get_starttag_text() or f"<{tag}>"
            raw = raw if len(raw) <= 80 else raw[:79] + "…"
            self.found.append(UnsafeHtml(self.starts[line - 1] + col, detail, raw))

    handle_startendtag = handle_starttag


def _active(tag: str, attrs: list[tuple[str, str | None]]) -> str | None:
    if tag in ACTIVE_ELEMENTS:
        return f"<{tag}>"
    for name, value in attrs:
        if is_event_attribute(name) or name == "srcdoc":
            return name
        if name in URL_ATTRIBUTES and (scheme := unsafe_url(value or "", image=name == "src")):
            return f"{name}={scheme}:"
        if tag == "meta" and name == "http-equiv" and (value or "").lower() == "refresh":
            return "meta refresh"
    return None


RE_START_TAG: Final = re.compile(r"<[a-zA-Z]")
"""Where HTMLParser sees a start tag open: text without it has no start tag to report."""


def _start_tags(text: str) -> _TagFinder:
    """*text* parsed: its active start tags (offsets into *text*) and its URL attributes."""
    starts = [0]
    for line in text.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    finder = _TagFinder(starts)
    finder.feed(text)
    finder.close()
    return finder


def read_raw_html(text: str) -> RawHtml:
    """The raw HTML of Markdown *text*: its start tags that can run a script, and its addresses.

    Code, math and comments are left out (their ``<`` is text). The page renders raw HTML as
    written (as MkDocs does), so active tags are reported, not changed: see the README.

    Args:
        text: A note's Markdown body.

    Returns:
        Each active start tag with its offset, and every URL attribute's value.
    """
    if RE_START_TAG.search(text) is None:
        return RawHtml()
    masked = list(text)
    for region in scan_regions(text):
        masked[region.start : region.end] = " " * (region.end - region.start)
    finder = _start_tags("".join(masked))
    return RawHtml(tuple(finder.found), tuple(finder.addresses))


ACTIVE_FILE_SUFFIXES: Final = (".html", ".htm", ".xhtml", ".xht", ".shtml", ".svg", ".xml")
"""Files a browser runs scripts in when a reader opens them from the site (an attachment)."""


_ACTIVE_TAG_STARTS: Final = tuple("<" + name for name in sorted(ACTIVE_ELEMENTS))
RE_MAYBE_ACTIVE_ATTRIBUTE: Final = re.compile(
    # HTMLParser starts an attribute's name after a quote, a space or a slash: an event handler
    # (on…), srcdoc, http-equiv, or a URL attribute whose value is not a plain #fragment (a
    # fragment has no scheme). Lower-case text.
    r"""[\s"'/](?:on|srcdoc|http-equiv|(?:"""
    + "|".join(sorted(URL_ATTRIBUTES))
    + r""")\s*+=\s*+(?:["'](?!#)|(?!["'#])))"""
)


def _may_be_active(text: str) -> bool:
    """Whether *text* holds what any start tag that :func:`_active` reports must contain.

    A cheap test before parsing: a Matplotlib SVG of thousands of elements, whose only URLs are
    ``xlink:href="#glyph"``, is passed by a few searches of its text instead of a parse
    (the knowledge base's 35 figures: 0.09 s -> 0.02 s CPU). Text that merely looks active
    (a comment, the word "once") is parsed, as before.
    """
    lower = text.lower()
    return (
        any(start in lower for start in _ACTIVE_TAG_STARTS)
        or RE_MAYBE_ACTIVE_ATTRIBUTE.search(lower) is not None
    )


def find_unsafe_file_markup(text: str) -> list[UnsafeHtml]:
    """Start tags that can run a script in an HTML, SVG or XML file of the vault, in order.

    The site copies such a file as it is, and a reader who opens it (a link to it, its
    address) runs its scripts on the site's own address, so they are reported.

    Args:
        text: The file's text.

    Returns:
        Each active start tag with its offset.
    """
    if RE_START_TAG.search(text) is None or not _may_be_active(text):
        return []
    return _start_tags(text).found
