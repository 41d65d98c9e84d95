"""The print-all handout: every note on one page, ready to print or save as PDF.

Where it sits: ``hooks/handout.py`` adds the handout page(s) in ``on_files``; once every page
is rendered (the handout's ``on_page_context``), it hands each note's rendered HTML, in
navigation order, to :func:`render_handout`, which returns the page's body and its table of
contents. Nothing here reads files or knows MkDocs.

What a handout holds, in order: a cover (title, version = commit, its date, licence, address,
how to cite), the contents, then one section per note. Each note starts on a new printed page
under its number and title, with its own address printed below; its figures are numbered
"Figure <note>.<n>"; its links are rewritten so that nothing breaks on the single page:

* every ``id`` of the note is prefixed with the note's key (``relu--formulation``), and so are
  same-page links (``#formulation``), ``<label for>``, ARIA id references, SVG ``url(#…)``
  references, a form control's ``form`` and ``list``, ``popovertarget``, ``itemref``, and
  names with their ``usemap="#…"``: headings, block ids (``^block``), footnotes and tabs stay
  unique and reachable. What only looks like a reference stays: MathML's
  ``<mo form="prefix">``, ``<meta name>``;
* a link to another note of the same handout becomes a link to its section (``#gelu``, or
  ``#gelu--formulation`` for a heading); a note of another handout of a split vault is reached
  on that handout's page;
* a link to any other page of the site (the tags index, the graph) and every ``src`` are
  rebased to the handout's own URL, so they keep working from there;
* links with a scheme (``https:``, ``mailto:``, ``obsidian:``) are left alone, with their
  classes: an ``obsidian://`` link stays marked as a link to the app.

The rewrite is one linear pass over the start tags of each note (:data:`RE_MARKUP`); comments,
``<script>`` and ``<style>`` are copied as they are. The HTML is the build's own output
(Python-Markdown's serializer plus raw HTML written in notes), so attributes are well quoted.

**Large vaults.** One page holding thousands of notes helps no one: browsers take minutes to
lay it out and nobody prints 10,000 pages. Up to ``max_notes`` notes (default
:data:`MAX_NOTES`) there is one handout. Above that, :func:`plan_handouts` makes one handout
per top-level folder (notes at the vault's root form their own), and splits any that is still
too large into numbered parts in navigation order; the print page then lists the handouts.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import functools
import posixpath
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape, unescape
from urllib.parse import quote, unquote, urlsplit

from nonlinear.vault.paths import relative_url

# A link between two handouts is the same relative URL for every note of a handout: worked out
# once per pair (a split vault's notes link across handouts thousands of times).
_handout_url = functools.lru_cache(maxsize=4096)(relative_url)

__all__ = [
    "MAX_NOTES",
    "Assignment",
    "Cover",
    "HandoutNote",
    "HandoutPlan",
    "HandoutSettings",
    "RenderedHandout",
    "TocEntry",
    "assign_notes",
    "licence_url",
    "note_keys",
    "parse_settings",
    "plan_handouts",
    "render_handout",
    "render_handout_index",
    "rewrite_note_html",
]

MAX_NOTES = 200
"""Notes in one handout before a vault's notes are split by folder (about 800 printed pages)."""

RE_MARKUP = re.compile(
    r"""
    <!--.*?-->                                      # a comment: copied as it is
    | <(?P<raw>script|style)\b[^>]*>.*?</(?P=raw)\s*>  # raw text: copied as it is
    | <(?=figcaption\b|[A-Za-z][A-Za-z0-9:_-]*\s+[^\s"'>/=])  # a start tag with attributes
                                                    # or a caption (others stay as they are):
      (?P<name>[A-Za-z][A-Za-z0-9:_-]*)             # its name ...
      (?P<attrs>(?:\s+[^\s"'>/=]+                   # ... its attributes: a name
        (?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?  #     and maybe a value, quoted or not
      )*)
      (?P<end>\s*/?>)                               # ... and its end
    """,
    re.VERBOSE | re.DOTALL | re.IGNORECASE,
)
RE_ATTR = re.compile(
    r"""
    (?P<space>\s+)(?P<name>[^\s"'>/=]+)            # an attribute's name ...
    (?:(?P<eq>\s*=\s*)                             # ... and maybe its value:
       (?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s"'=<>`]+)))?
    """,
    re.VERBOSE,
)
RE_URL_REF = re.compile(r"url\(\s*(['\"]?)#([^'\")\s]+)\1\s*\)")
"""An SVG paint or clip reference to an element of the same page: ``url(#gradient)``."""
RE_KEY_JUNK = re.compile(r"[^\w]+", re.UNICODE)
RE_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Quick test: only tags with one of these attributes are taken apart.
RE_INTERESTING = re.compile(
    r"\b(?:id|href|src|srcset|poster|data|for|name|headers|aria-\w+|xlink:href|usemap|itemref"
    r"|popovertarget|commandfor)\s*=|url\(",
    re.IGNORECASE,
)
RE_FORM_REF = re.compile(r"\b(?:form|list)\s*=", re.IGNORECASE)
"""The same test for the ``form`` and ``list`` references of :data:`_FORM_OWNERS`."""
_ID_REFS = frozenset(
    {"for", "headers", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns",
     "aria-activedescendant", "aria-details", "aria-errormessage", "aria-flowto", "list", "form",
     "itemref", "popovertarget", "commandfor"}
)  # fmt: skip
"""Attributes that hold ids of the same page (one, or several between spaces)."""
_FORM_OWNERS = frozenset({"button", "fieldset", "input", "object", "output", "select", "textarea"})
"""Elements whose ``form`` attribute names a form by id (and custom elements, with a ``-``).
Elsewhere ``form`` is not a reference: MathML's ``<mo form="prefix">`` is an operator's form."""
_NAME_KEPT = frozenset({"meta", "param"})
"""Elements whose ``name`` is a key of their own (metadata, a plugin's parameter), kept as it
is. Elsewhere a name is prefixed like an id: a link (``<a name>``) or ``usemap="#name"`` reaches
it, or it groups elements of one note (the radio buttons of tabs, ``<details name>``)."""
_SRC_ATTRS = frozenset({"src", "poster", "data"})
_REWRITTEN = _ID_REFS | _SRC_ATTRS | {"id", "name", "href", "xlink:href", "srcset", "usemap"}
"""Attributes (lower case) whose value is rewritten; any other only for its ``url(#…)``."""


@dataclass(frozen=True, slots=True)
class HandoutNote:
    """A rendered page as the handout takes it."""

    src_uri: str
    """Its file in the vault."""
    title: str
    """Its title (plain text)."""
    url: str
    """Its URL relative to the site root, as MkDocs gives it (``Activations/ReLU/``)."""
    html: str
    """Its rendered content."""
    folder: tuple[str, ...] = ()
    """Titles of the navigation sections it sits in, outermost first."""


@dataclass(frozen=True, slots=True)
class HandoutPlan:
    """One handout page: which notes it holds."""

    slug: str
    """"" for the only handout; else its name below the print page (``activations``)."""
    title: str
    """"" for the only handout; the folder (and part) it holds in a split vault."""
    members: tuple[str, ...]
    """Its notes' ``src_uri``, in navigation order (folders first, as Obsidian lists them)."""


@dataclass(frozen=True, slots=True)
class Cover:
    """What the cover says."""

    title: str
    """The work's title."""
    url: str = ""
    """The site's address."""
    version: str = ""
    """The commit the handout was built from (abbreviated)."""
    version_url: str = ""
    """Where that commit can be seen."""
    date: dt.date | None = None
    """The commit's date."""
    licence: str = ""
    """Licence of the content (SPDX identifier or free text)."""
    citation: str = ""
    """How to cite the work (plain text)."""
    part: str = ""
    """Which part of a split vault this handout is."""


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One line of the handout's table of contents."""

    title: str
    """The note's (or folder's) title."""
    anchor: str
    """Its id on the handout page."""
    children: tuple[TocEntry, ...] = ()
    """Notes of a folder."""


@dataclass(frozen=True, slots=True)
class RenderedHandout:
    """The handout page's body and table of contents."""

    html: str
    """Cover, contents and notes."""
    toc: tuple[TocEntry, ...]
    """Folders and notes, for the page's table of contents."""
    figures: int = 0
    """Figures numbered."""
    keys: Mapping[str, str] = field(default_factory=dict)
    """Section id of each note, by its URL."""


@dataclass(frozen=True, slots=True)
class HandoutSettings:
    """``extra: nonlinear: print:`` in mkdocs.yml."""

    enabled: bool = True
    """Build the handout at all."""
    max_notes: int = MAX_NOTES
    """The most notes one handout holds; a larger vault is printed by folder."""
    exclude: tuple[str, ...] = ()
    """Notes left out: globs over ``src_uri`` (``Templates/*``), or folders (``Daily/``)."""

    def excludes(self, src_uri: str) -> bool:
        """Whether ``src_uri`` is left out of the handout."""
        for pattern in self.exclude:
            if pattern.endswith("/") and src_uri.startswith(pattern):
                return True
            if fnmatch.fnmatchcase(src_uri, pattern):
                return True
        return False


def parse_settings(settings: object) -> HandoutSettings:
    """Read the ``print:`` settings.

    Raises:
        ValueError: A setting that does not exist or has a wrong value (a configuration error).
    """
    if settings is None:
        return HandoutSettings()
    if not isinstance(settings, Mapping):
        raise ValueError("extra.nonlinear.print must be a mapping")
    unknown = sorted(set(settings) - {"enabled", "max_notes", "exclude"})
    if unknown:
        raise ValueError(
            f"unknown extra.nonlinear.print setting(s) {unknown}; known: enabled, max_notes, "
            "exclude"
        )
    enabled = settings.get("enabled", True)
    max_notes = settings.get("max_notes", MAX_NOTES)
    exclude = settings.get("exclude") or []
    if not isinstance(enabled, bool):
        raise ValueError(f"extra.nonlinear.print.enabled must be true or false, not {enabled!r}")
    if not isinstance(max_notes, int) or isinstance(max_notes, bool) or max_notes < 1:
        raise ValueError(
            f"extra.nonlinear.print.max_notes must be a positive integer, not {max_notes!r}"
        )
    if not isinstance(exclude, list) or not all(isinstance(p, str) for p in exclude):
        raise ValueError("extra.nonlinear.print.exclude must be a list of paths or globs")
    return HandoutSettings(enabled, max_notes, tuple(exclude))


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKC", unquote(text)).casefold()
    return RE_KEY_JUNK.sub("-", text.replace("_", "-")).strip("-")


def note_keys(urls: Iterable[str]) -> dict[str, str]:
    """A unique section id for each page URL: its path as a slug (``activations-relu``).

    Keys hold no ``--`` (runs of separators collapse), so ``<key>--<id>`` never collides
    between two notes. The home page (``""``) is ``home``; a clash gets ``-2``, ``-3``….
    """
    keys: dict[str, str] = {}
    used: set[str] = set()
    for url in urls:
        base = _slug(url.removesuffix("index.html").removesuffix(".html")) or "home"
        key, n = base, 1
        while key in used:
            n += 1
            key = f"{base}-{n}"
        used.add(key)
        keys[url] = key
    return keys


@dataclass(frozen=True, slots=True)
class Assignment:
    """Which handout prints each note, and where a link to a printed note leads."""

    groups: dict[str, list[HandoutNote]]
    """Each plan's notes by its slug, in the order given (navigation order)."""
    targets: dict[str, tuple[str, str]]
    """Every printed note's URL (unquoted) → (its handout's URL, its section key)."""


def assign_notes(
    notes: Sequence[HandoutNote], plans: Sequence[HandoutPlan], urls: Mapping[str, str]
) -> Assignment:
    """Share the printed notes among the handouts of *plans*.

    Args:
        notes: Every rendered page, in navigation order; a page no plan holds is not printed.
        plans: The handouts (:func:`plan_handouts`).
        urls: Each plan's page URL, by its slug.

    Returns:
        The notes of each handout and the link target of each printed note
        (:func:`render_handout`'s ``targets``). Keys come from all notes, so a note keeps
        its key whichever handout prints it.
    """
    owner = {uri: plan.slug for plan in plans for uri in plan.members}
    groups: dict[str, list[HandoutNote]] = {}
    for note in notes:
        if note.src_uri in owner:
            groups.setdefault(owner[note.src_uri], []).append(note)
    keys = note_keys(note.url for note in notes)
    targets = {
        unquote(note.url): (urls[owner[note.src_uri]], keys[note.url])
        for note in notes
        if note.src_uri in owner
    }
    return Assignment(groups, targets)


def _folder(page_url: str) -> str:
    """The folder relative links of a page start from (``Activations/ReLU/`` or ``a/``)."""
    if not page_url or page_url.endswith("/"):
        return page_url
    return posixpath.dirname(page_url) + "/" if "/" in page_url else ""


def _site_path(page_url: str, path: str) -> str:
    """A relative path from a page, as a path from the site root (unquoted, normalised)."""
    joined = posixpath.normpath(posixpath.join(_folder(page_url), unquote(path)))
    if joined == ".":
        return ""
    if path.endswith("/") and not joined.endswith("/"):
        joined += "/"
    return joined


def _page_url_variants(target: str) -> tuple[str, ...]:
    """The page URLs a link path may mean: ``a/b/`` for ``a/b``, ``a/b/index.html``, ``a/b/``;
    ``index.html`` and ``""`` for the home page (with and without directory URLs)."""
    stripped = target.removesuffix("index.html")
    variants = [target, stripped]
    if stripped and not stripped.endswith("/"):
        variants.append(stripped + "/")
    if not stripped or stripped.endswith("/"):
        variants.append(stripped + "index.html")
    return tuple(variants)


@dataclass(slots=True)
class _Rewriter:
    """Rewrites one note's tags for the handout page (see the module docstring)."""

    key: str
    page_url: str
    handout_url: str
    targets: Mapping[str, tuple[str, str]]
    number: str
    figures: int = 0
    element: str = ""
    """The tag being rewritten (lower case)."""

    def fragment(self, fragment: str) -> str:
        return f"{self.key}--{fragment}"

    def href(self, value: str) -> str:
        raw = unescape(value)
        if not raw or raw.startswith(("//", "/")) or RE_SCHEME.match(raw):
            return value
        if raw.startswith("#"):
            return escape("#" + self.fragment(raw[1:]), quote=True) if raw != "#" else value
        parts = urlsplit(raw)
        target = _site_path(self.page_url, parts.path) if parts.path else self.page_url
        for variant in _page_url_variants(unquote(target)):
            found = self.targets.get(variant)
            if found is None:
                continue
            handout, key = found
            anchor = f"{key}--{parts.fragment}" if parts.fragment else key
            where = "" if handout == self.handout_url else _handout_url(self.handout_url, handout)
            return escape(f"{where}#{anchor}", quote=True)
        return escape(self.rebase(raw), quote=True)

    def rebase(self, raw: str) -> str:
        """A relative URL of this note, relative to the handout page instead."""
        if not raw or raw.startswith(("//", "/", "#")) or RE_SCHEME.match(raw):
            return raw
        parts = urlsplit(raw)
        target = _site_path(self.page_url, parts.path)
        url = relative_url(self.handout_url, quote(target, safe="/:@!$&'()*+,;=-._~"))
        if parts.query:
            url += "?" + parts.query
        if parts.fragment:
            url += "#" + parts.fragment
        return url

    def srcset(self, value: str) -> str:
        candidates = []
        for candidate in unescape(value).split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            candidates.append(f"{self.rebase(url)} {descriptor}".strip())
        return escape(", ".join(candidates), quote=True)

    def attribute(self, name: str, value: str) -> str:
        lower = name.lower()
        if lower not in _REWRITTEN:
            if "url(" in value:
                return RE_URL_REF.sub(lambda m: f"url({m[1]}#{self.fragment(m[2])}{m[1]})", value)
            return value
        if lower == "id" or (lower == "name" and self.element not in _NAME_KEPT):
            return escape(self.fragment(unescape(value)), quote=True) if value else value
        if lower == "name":
            return value
        if lower in ("href", "xlink:href"):
            return self.href(value)
        if lower in _SRC_ATTRS:
            return escape(self.rebase(unescape(value)), quote=True)
        if lower == "srcset":
            return self.srcset(value)
        if lower == "usemap":  # a hash-name reference to a <map name>
            raw = unescape(value)
            return escape("#" + self.fragment(raw[1:]), quote=True) if raw[1:2] else value
        if (lower == "form" and self.element not in _FORM_OWNERS and "-" not in self.element) or (
            lower == "list" and self.element != "input"
        ):
            return value
        ids = unescape(value).split()  # an attribute of _ID_REFS
        return escape(" ".join(self.fragment(i) for i in ids), quote=True)

    def tag(self, match: re.Match[str]) -> str:
        name, attrs = match.group("name", "attrs")
        if name is None:
            return match.group()  # a comment, a script or a style
        element = name.lower()
        if attrs and (
            RE_INTERESTING.search(attrs)
            or ((element in _FORM_OWNERS or "-" in element) and RE_FORM_REF.search(attrs))
        ):
            self.element = element
            text = f"<{name}{RE_ATTR.sub(self._attribute, attrs)}{match.group('end')}"
        else:
            text = match.group()
        if element == "figcaption":
            self.figures += 1
            text += f'<span class="nl-print-figure">Figure {self.number}.{self.figures}.</span> '
        return text

    def _attribute(self, match: re.Match[str]) -> str:
        space, name, eq, dq, sq, uq = match.group("space", "name", "eq", "dq", "sq", "uq")
        if eq is None:
            return match.group()
        value = dq if dq is not None else sq if sq is not None else uq or ""
        new = self.attribute(name, value)
        if dq is not None and new == value:
            return match.group()
        if sq is not None:
            return f"{space}{name}='{new.replace(chr(39), '&#x27;')}'"
        return f'{space}{name}="{new.replace(chr(34), "&quot;")}"'


def rewrite_note_html(
    html: str,
    *,
    key: str,
    page_url: str,
    handout_url: str,
    targets: Mapping[str, tuple[str, str]],
    number: str,
) -> tuple[str, int]:
    """One note's HTML as it goes into a handout.

    Args:
        html: The note's rendered content.
        key: Its section id on the handout page.
        page_url: Its own URL (links in it are relative to it).
        handout_url: The handout page's URL.
        targets: Every page printed in some handout: its URL (unquoted) mapped to the
            handout's URL and the page's key.
        number: The note's number in the handout, for its figures.

    Returns:
        The rewritten HTML and the number of figure captions numbered.
    """
    rewriter = _Rewriter(key, page_url, handout_url, targets, number)
    return RE_MARKUP.sub(rewriter.tag, html), rewriter.figures


def _nav_key(src_uri: str) -> tuple[tuple[int, str], ...]:
    """Sort key of navigation order: folders before notes at every level, then by name."""
    parts = src_uri.split("/")
    return (*((0, part.casefold()) for part in parts[:-1]), (1, parts[-1].casefold()))


def plan_handouts(src_uris: Iterable[str], *, max_notes: int = MAX_NOTES) -> list[HandoutPlan]:
    """Which handout pages to build: one, or above ``max_notes`` one per top-level folder,
    split into parts of at most ``max_notes`` notes.

    Args:
        src_uris: The printable pages.
        max_notes: The most notes one handout holds (at least 1).

    Returns:
        The plans in navigation order; a single plan has an empty slug and title.
    """
    ordered = sorted(src_uris, key=_nav_key)
    max_notes = max(1, max_notes)
    if len(ordered) <= max_notes:
        return [HandoutPlan("", "", tuple(ordered))]
    groups: dict[str, list[str]] = {}
    for src_uri in ordered:
        folder = src_uri.split("/", 1)[0] if "/" in src_uri else ""
        groups.setdefault(folder, []).append(src_uri)
    plans: list[HandoutPlan] = []
    used: set[str] = set()
    for folder, members in groups.items():
        name = folder or "Notes at the top of the vault"
        chunks = [members[i : i + max_notes] for i in range(0, len(members), max_notes)]
        for n, chunk in enumerate(chunks, start=1):
            title = name if len(chunks) == 1 else f"{name}, part {n} of {len(chunks)}"
            slug = _slug(title) or "notes"
            candidate, k = slug, 1
            while candidate in used:
                k += 1
                candidate = f"{slug}-{k}"
            used.add(candidate)
            plans.append(HandoutPlan(candidate, title, tuple(chunk)))
    return plans


def licence_url(licence: str) -> str:
    """The licence text's address for an SPDX identifier (Creative Commons, or SPDX's list)."""
    match = re.fullmatch(r"CC-(BY(?:-NC)?(?:-ND|-SA)?)-(\d\.\d)", licence.strip())
    if match:
        return f"https://creativecommons.org/licenses/{match[1].lower()}/{match[2]}/"
    if licence.strip() == "CC0-1.0":
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    if re.fullmatch(r"[A-Za-z0-9.+-]+", licence.strip()):
        return f"https://spdx.org/licenses/{licence.strip()}.html"
    return ""


def _cover_html(cover: Cover, notes: int, figures: int) -> str:
    rows: list[str] = []
    if cover.version:
        version = f"<code>{escape(cover.version)}</code>"
        if cover.version_url:
            version = f'<a href="{escape(cover.version_url)}">{version}</a>'
        when = f" of {cover.date.day} {cover.date:%B} {cover.date.year}" if cover.date else ""
        rows.append(f"<dt>Version</dt><dd>{version}{when}</dd>")
    elif cover.date:
        rows.append(f"<dt>Date</dt><dd>{cover.date.day} {cover.date:%B} {cover.date.year}</dd>")
    if cover.licence:
        url = licence_url(cover.licence)
        text = escape(cover.licence)
        rows.append(
            f'<dt>Licence</dt><dd><a href="{escape(url)}" rel="license">{text}</a></dd>'
            if url
            else f"<dt>Licence</dt><dd>{text}</dd>"
        )
    if cover.url:
        rows.append(
            f'<dt>Online</dt><dd><a href="{escape(cover.url)}">{escape(cover.url)}</a></dd>'
        )
    what = f"{notes} note{'s' if notes != 1 else ''}"
    if figures:
        what += f", {figures} figure{'s' if figures != 1 else ''}"
    rows.append(f"<dt>Contents</dt><dd>{what}</dd>")
    part = f'<p class="nl-print-cover__part">{escape(cover.part)}</p>' if cover.part else ""
    cite = (
        f'<p class="nl-print-cover__cite"><strong>Cite as</strong> {escape(cover.citation)}</p>'
        if cover.citation
        else ""
    )
    return (
        '<section class="nl-print-cover" id="cover">\n'
        f'<p class="nl-print-cover__title">{escape(cover.title)}</p>\n{part}\n'
        f'<dl class="nl-print-cover__facts">{"".join(rows)}</dl>\n{cite}\n'
        "</section>"
    )


def _toc(notes: Sequence[HandoutNote], keys: Mapping[str, str]) -> tuple[TocEntry, ...]:
    """Notes grouped under their top-level folder, in navigation order."""
    entries: list[TocEntry] = []
    group: list[TocEntry] = []
    current: str | None = None

    def close() -> None:
        if current:
            entries.append(TocEntry(current, "folder-" + (_slug(current) or "notes"), tuple(group)))
        else:
            entries.extend(group)

    for note in notes:
        folder = note.folder[0] if note.folder else ""
        if folder != current:
            close()
            current, group = folder, []
        group.append(TocEntry(note.title, keys[note.url]))
    close()
    return tuple(entries)


def _toc_html(toc: Sequence[TocEntry], numbers: Mapping[str, int]) -> str:
    def items(entries: Sequence[TocEntry]) -> str:
        out = []
        for entry in entries:
            if entry.children:
                out.append(
                    f'<li class="nl-print-toc__folder"><span id="{entry.anchor}">'
                    f"{escape(entry.title)}</span><ol>{items(entry.children)}</ol></li>"
                )
            else:
                number = numbers[entry.anchor]
                out.append(
                    f'<li value="{number}"><a href="#{entry.anchor}">{escape(entry.title)}</a></li>'
                )
        return "".join(out)

    return (
        '<nav class="nl-print-toc" aria-labelledby="contents">\n'
        f'<h2 id="contents">Contents</h2>\n<ol>{items(toc)}</ol>\n</nav>'
    )


def _heading(html: str, number: int, url: str, folder: tuple[str, ...], href: str) -> str:
    """Number the note's first ``<h1>`` and print its address right under it."""
    start = html.find("<h1")
    end = html.find("</h1>", start) if start >= 0 else -1
    crumb = f'<p class="nl-print-note__folder">{escape(" › ".join(folder))}</p>\n' if folder else ""
    address = f'<p class="nl-print-note__url"><a href="{escape(href)}">{escape(url)}</a></p>'
    if start < 0 or end < 0:
        return f"{crumb}{address}\n{html}"
    open_end = html.find(">", start) + 1
    number_html = f'<span class="nl-print-note__number">{number}</span> '
    return (
        f"{html[:start]}{crumb}{html[start:open_end]}{number_html}"
        f"{html[open_end : end + 5]}\n{address}{html[end + 5 :]}"
    )


def render_handout(
    notes: Sequence[HandoutNote],
    *,
    url: str,
    cover: Cover,
    site_url: str,
    targets: Mapping[str, tuple[str, str]],
    stylesheet: str = "",
) -> RenderedHandout:
    """The body of one handout page.

    Args:
        notes: Its notes, in navigation order.
        url: Its own URL relative to the site root.
        cover: What its cover says.
        site_url: The site's absolute URL (``https://…/``), printed under each title; "" to
            print site-relative URLs.
        targets: Every printed page's URL (unquoted) → (its handout's URL, its key), from
            all plans (links across handouts of a split vault).
        stylesheet: Href of the handout stylesheet, linked from the body so that it loads on
            this page only (also after Material's instant navigation, which keeps ``<head>``).

    Returns:
        The HTML (a ``<div class="nl-print">``) and the table of contents.
    """
    keys = {note.url: targets[unquote(note.url)][1] for note in notes}
    numbers: dict[str, int] = {}
    sections: list[str] = []
    figures = 0
    for number, note in enumerate(notes, start=1):
        key = keys[note.url]
        numbers[key] = number
        body, count = rewrite_note_html(
            note.html,
            key=key,
            page_url=note.url,
            handout_url=url,
            targets=targets,
            number=str(number),
        )
        figures += count
        address = (site_url + note.url) if site_url else note.url
        # Without a site URL the address is site-relative: its link starts from this page.
        href = address if site_url else relative_url(url, note.url or "./")
        sections.append(
            f'<section class="nl-print-note" id="{key}" data-url="{escape(note.url)}">\n'
            f"{_heading(body, number, address, note.folder, href)}\n</section>"
        )
    toc = _toc(notes, keys)
    link = f'<link rel="stylesheet" href="{escape(stylesheet)}">\n' if stylesheet else ""
    html = (
        f'{link}<div class="nl-print">\n'
        '<p class="nl-print-hint">Print this page, or save it as PDF, from the browser '
        "(Ctrl+P or ⌘P): each note starts on a new page.</p>\n"
        f"{_cover_html(cover, len(notes), figures)}\n"
        f"{_toc_html(toc, numbers)}\n" + "\n".join(sections) + "\n</div>"
    )
    return RenderedHandout(html, toc, figures, keys)


def render_handout_index(
    handouts: Sequence[tuple[str, str, Sequence[str]]], *, url: str, total: int, max_notes: int
) -> str:
    """The print page of a split vault: which handout holds which notes.

    Args:
        handouts: ``(url, title, note titles)`` of each handout, in order.
        url: The print page's own URL.
        total: Notes in all handouts.
        max_notes: The most one handout holds (said on the page).

    Returns:
        HTML: a sentence and the list of handouts.
    """
    rows = []
    for href, title, titles in handouts:
        span = ""
        if titles:
            first, last = titles[0], titles[-1]
            span = escape(first) if first == last else f"{escape(first)} … {escape(last)}"
            span = f" ({span})"
        count = f"{len(titles)} note{'s' if len(titles) != 1 else ''}"
        rows.append(
            f'<li><a href="{escape(relative_url(url, href))}">{escape(title)}</a>'
            f" — {count}{span}</li>"
        )
    return (
        '<div class="nl-print-index">\n'
        f"<p>The vault has {total} notes, more than one handout holds ({max_notes}), so they "
        "are printed by folder. Open a handout, then print it or save it as PDF from the "
        "browser.</p>\n"
        f'<ul class="nl-print-index__list">{"".join(rows)}</ul>\n</div>'
    )
