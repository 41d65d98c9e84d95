"""Citing: the whole work from ``CITATION.cff``, one page as a living page or as one revision.

Where it sits: ``hooks/citing.py`` finds the vault's citation data once per build
(:func:`find_citation_file`, :func:`parse_citation_cff`) and its git history
(:mod:`nonlinear.site.history`); for each page it assembles a :class:`PageCitation` and
renders, from it, the "Cite this page" box (:func:`render_cite_html`) and the meta tags
reference managers read (:func:`citation_meta_tags`).

A page can be cited two ways:

* **the living page**: its URL on the site, with the date of its last revision and the date
  the reader accessed it (the page may change after that day);
* **this version**: the note's source file at the commit the page shows, in the
  repository. That URL never changes, so it needs no access date to be exact.

The access date is not known at build time: each citation holds a
``<span class="nl-accessed">`` placeholder (``[DATE]`` without JavaScript) that
``overrides/assets/javascripts/reading.js`` fills with today's date in the right format.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Literal
from urllib.parse import quote

import yaml

from nonlinear.site.history import Revision

__all__ = [
    "CITATION_FILE",
    "CitationMeta",
    "PageCitation",
    "SourceLinks",
    "citation_meta_tags",
    "find_citation_file",
    "page_citation",
    "parse_citation_cff",
    "read_citation",
    "render_cite_html",
    "render_text_with_access_date",
    "work_citations",
]

CITATION_FILE = "CITATION.cff"
_ACCESSED = "\x00accessed\x00"  # where the access date goes; replaced when rendering HTML
RE_KEY_JUNK = re.compile(r"[^A-Za-z0-9]+")
# Characters that mean something to (La)TeX inside a BibTeX field, and their text forms.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
RE_BIBTEX_SPECIAL = re.compile(r"[\\{}&%$#_~^]")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
Variant = Literal["living", "version"]


@dataclass(frozen=True, slots=True)
class CitationMeta:
    """What ``CITATION.cff`` says about the whole work."""

    title: str
    """Title of the work (the knowledge base)."""
    authors: tuple[str, ...]
    """Authors as they should be printed ("The Nonlinear authors", or "Family, G.")."""
    license: str
    """SPDX identifier of the content licence, "" when absent."""
    version: str
    """Version of the release, "" when absent."""
    year: int | None
    """Year of ``date-released``."""
    released: dt.date | None = None
    """``date-released``."""
    url: str = ""
    """``url``: the work's home on the web."""
    repository: str = ""
    """``repository-code``: where its sources are."""
    abstract: str = ""
    """``abstract``."""
    keywords: tuple[str, ...] = ()
    """``keywords``."""
    doi: str = ""
    """``doi``."""
    message: str = ""
    """``message``: how the authors ask to be cited."""


@dataclass(frozen=True, slots=True)
class SourceLinks:
    """URLs of files and commits in the repository that holds the vault (GitHub, GitLab…).

    ``source(commit, path)`` is ``<repository>/<lead>blob/<commit>/<path>``: the file as it was
    at that commit, the address a version-pinned citation points at.
    """

    repository: str
    """Repository URL without a trailing slash."""
    lead: str = ""
    """What comes before ``blob/`` in the host's URLs: "" on GitHub, ``-/`` on GitLab."""

    @classmethod
    def from_config(cls, repository: str, edit_uri: str = "") -> SourceLinks | None:
        """Read the host's URL shape from MkDocs' ``edit_uri`` (``edit/main/docs/``,
        ``-/edit/main/docs/``…); None without a repository URL."""
        if not repository.startswith(("https://", "http://")):
            return None
        match = re.match(r"^/?(?P<lead>(?:[^/]+/)*?)(?:edit|blob)/", edit_uri or "")
        lead = match.group("lead") if match else ""
        return cls(repository.rstrip("/"), lead)

    def source(self, commit: str, path: str) -> str:
        """URL of the file at ``path`` (relative to the repository root) at ``commit``."""
        clean = posixpath.normpath(path).lstrip("/")
        return f"{self.repository}/{self.lead}blob/{commit}/{quote(clean)}"

    def commit(self, commit: str) -> str:
        """URL of the commit itself (its diff)."""
        return f"{self.repository}/{self.lead}commit/{commit}"


@dataclass(frozen=True, slots=True)
class PageCitation:
    """Everything a citation of one page holds."""

    title: str
    """Page title."""
    container: str
    """Title of the whole work the page belongs to."""
    authors: tuple[str, ...]
    """Authors."""
    url: str
    """URL of the living page: ``site_url`` + ``page.url``."""
    license: str
    """SPDX identifier of the licence ("" when unknown)."""
    revision: Revision | None
    """The commit the page shows: its source's last commit (HEAD for generated pages)."""
    updated: dt.date | None
    """Date of the page's last revision; None when git knows nothing about its file."""
    first: dt.date | None
    """Date the page was first published (its file's first commit)."""
    source_url: str | None
    """The page's source file at ``revision`` in the repository; None when unknown."""
    year: int
    """Year of the last revision (or of the build when git knows nothing)."""

    @property
    def versioned(self) -> bool:
        """Whether "cite this version" can be offered: a revision and its source URL."""
        return self.revision is not None and self.source_url is not None

    def _key(self, variant: Variant) -> str:
        work = RE_KEY_JUNK.sub("", self.container.split(":")[0].split()[0]) if self.container else ""
        key = f"{work.lower()}{RE_KEY_JUNK.sub('', self.title)}{self.year}"
        if variant == "version" and self.revision is not None:
            key += self.revision.short
        return key or "page"

    def bibtex(self, variant: Variant = "living") -> str:
        """A ``@misc`` entry: full date (BibTeX's ``year``/``month`` and biblatex's ``date``),
        ``version``, ``url`` and ``urldate`` (the access date)."""
        version = variant == "version" and self.versioned
        url = self.source_url if version and self.source_url else self.url
        fields: list[tuple[str, str]] = [
            ("title", "{{" + _bibtex_text(self.title) + "}}"),
            ("author", "{" + " and ".join("{" + _bibtex_text(a) + "}" for a in self.authors) + "}"),
            ("howpublished", "{" + _bibtex_text(self.container) + "}"),
            ("year", "{" + str(self.year) + "}"),
        ]
        when = self.updated or (self.revision.date if self.revision else None)
        if when is not None:
            fields += [("month", _MONTHS[when.month - 1]), ("date", "{" + when.isoformat() + "}")]
        if self.revision is not None:
            fields.append(("version", "{" + self.revision.short + "}"))
        fields += [("url", "{" + url + "}"), ("urldate", "{" + _ACCESSED + "}")]
        notes = []
        if version:
            notes.append(f"Source of {_bibtex_text(self.url)} at this revision")
        if self.license:
            notes.append(f"Licence {_bibtex_text(self.license)}")
        if notes:
            fields.append(("note", "{" + ". ".join(notes) + "}"))
        body = ",\n".join(f"  {name:<12} = {value}" for name, value in fields)
        return f"@misc{{{self._key(variant if version else 'living')},\n{body}\n}}"

    def apa(self, variant: Variant = "living") -> str:
        """APA style (7th edition): a page of a website, or one revision of its source.

        The author element ends with a period, as APA writes "World Health Organization.
        (2018, May 24)."; the living page gets the retrieval date (its content changes), the
        pinned revision does not need one.
        """
        authors = _apa_authors(self.authors)
        date = _apa_date(self.updated or (self.revision.date if self.revision else None))
        if variant == "version" and self.versioned:
            assert self.revision is not None
            return (
                f"{authors} ({date}). {self.title} (Version {self.revision.short}) "
                f"[Source file]. In {self.container}. {self.source_url}"
            )
        version = f" (version {self.revision.short})" if self.revision else ""
        return (
            f"{authors} ({date}). {self.title}. In {self.container}{version}. "
            f"Retrieved {_ACCESSED}, from {self.url}"
        )

    def plain(self, variant: Variant = "living") -> str:
        """One line of plain text, for slides and footnotes."""
        parts = [f"“{self.title}”", ", ".join(self.authors), self.container]
        when = self.updated or (self.revision.date if self.revision else None)
        if variant == "version" and self.versioned:
            assert self.revision is not None
            dated = f" of {_long_date(when)}" if when else ""
            parts += [f"version {self.revision.short}{dated}", str(self.source_url)]
            tail = f" ({self.license})" if self.license else ""
            return ", ".join(parts) + tail
        parts.append(_long_date(when) if when else str(self.year))
        if self.revision is not None:
            parts.append(f"version {self.revision.short}")
        parts.append(self.url)
        licence = f"{self.license}, " if self.license else ""
        return ", ".join(parts) + f" ({licence}accessed {_ACCESSED})"


def _bibtex_text(text: str) -> str:
    """Text as a BibTeX field value: (La)TeX's special characters escaped."""
    return RE_BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_ESCAPES[m.group()], text)


def _apa_authors(authors: Sequence[str]) -> str:
    """APA joins authors with commas and an ampersand before the last; the element ends
    with a period (an initial's own period is not doubled)."""
    if len(authors) <= 1:
        joined = "".join(authors)
    else:
        joined = ", ".join(authors[:-1]) + ", & " + authors[-1]
    return joined if joined.endswith(".") else joined + "."


def _apa_date(date: dt.date | None) -> str:
    """APA dates a web page "2026, November 20", or "n.d." when there is no date."""
    return f"{date.year}, {date:%B} {date.day}" if date else "n.d."


def _long_date(date: dt.date) -> str:
    return f"{date.day} {date:%B} {date.year}"


def find_citation_file(vault: Path) -> Path | None:
    """The vault's ``CITATION.cff``: in the vault folder, or in the folder that holds it.

    The knowledge base keeps it at the repository root, next to ``docs/``; another vault is
    citable when its own file sits in the same places. Nothing else is searched, so a vault
    built with this project's configuration never takes on the knowledge base's citation.
    """
    for folder in (vault, vault.parent):
        candidate = folder / CITATION_FILE
        if candidate.is_file():
            return candidate
    return None


def read_citation(vault: Path) -> tuple[Path, CitationMeta] | None:
    """The vault's citation file (:func:`find_citation_file`) and its data.

    Args:
        vault: The vault folder.

    Returns:
        The file and what it says; ``None`` when the vault has no citation file.

    Raises:
        ValueError: The file cannot be read or says nothing citable; the message names it.
    """
    path = find_citation_file(vault)
    if path is None:
        return None
    try:
        return path, parse_citation_cff(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:  # UnicodeDecodeError is a ValueError
        raise ValueError(f"Cannot read the citation data in '{path}': {error}") from error


def parse_citation_cff(text: str) -> CitationMeta:
    """Read the fields citations need from a ``CITATION.cff`` file.

    Args:
        text: The file's YAML.

    Returns:
        The metadata; persons are printed "Family, G." and entities by their ``name``.

    Raises:
        ValueError: The file is not a mapping or has no ``title`` (a configuration error).
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValueError(f"CITATION.cff is not valid YAML: {error}") from error
    if not isinstance(data, Mapping) or not isinstance(data.get("title"), str):
        raise ValueError("CITATION.cff: expected a mapping with a 'title' string")
    authors: list[str] = []
    for person in data.get("authors") or []:
        if not isinstance(person, Mapping):
            continue
        if "name" in person:
            authors.append(str(person["name"]))
        elif "family-names" in person:
            given = str(person.get("given-names", ""))
            initials = " ".join(f"{part[0]}." for part in given.split() if part)
            authors.append(f"{person['family-names']}, {initials}".rstrip(", "))
    released = _date(data.get("date-released"))
    keywords = data.get("keywords")
    return CitationMeta(
        title=data["title"],
        authors=tuple(authors) or ("Anonymous",),
        license=str(data.get("license") or ""),
        version=str(data.get("version") or ""),
        year=released.year if released else None,
        released=released,
        url=_web_address(data.get("url")),
        repository=_web_address(data.get("repository-code") or data.get("repository")),
        abstract=" ".join(str(data.get("abstract") or "").split()),
        keywords=tuple(str(k) for k in keywords) if isinstance(keywords, list) else (),
        doi=str(data.get("doi") or ""),
        message=" ".join(str(data.get("message") or "").split()),
    )


def _web_address(value: object) -> str:
    """An ``http(s)://`` address from the citation file, else ``""``.

    The file may come with a vault someone else wrote; its addresses become links (the cite
    box, the feed, the changelog), so a ``javascript:`` or ``data:`` one is dropped.
    """
    text = str(value or "").strip()
    return text if re.match(r"https?://", text, re.IGNORECASE) else ""


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def page_citation(
    meta: CitationMeta,
    *,
    title: str,
    url: str,
    revision: Revision | None,
    first: Revision | None = None,
    head: Revision | None = None,
    source_url: str | None = None,
    today: dt.date,
) -> PageCitation:
    """Assemble the citation of one page.

    Args:
        meta: From ``CITATION.cff``.
        title: The page title.
        url: Absolute URL of the page (``site_url`` joined with ``page.url``).
        revision: The page file's last commit; None for generated or untracked files.
        first: The page file's first commit (first publication).
        head: The repository's last commit, shown when ``revision`` is None.
        source_url: The page's source at the revision shown, in the repository.
        today: The build date, used for the year when git knows nothing.

    Returns:
        The citation.
    """
    chosen = revision or head
    return PageCitation(
        title=title,
        container=meta.title,
        authors=meta.authors,
        url=url,
        license=meta.license,
        revision=chosen,
        updated=revision.date if revision else None,
        first=first.date if first else None,
        source_url=source_url if chosen else None,
        year=chosen.date.year if chosen else today.year,
    )


def _code_blocks(citation: PageCitation, variant: Variant, suffix: str) -> str:
    """One labelled, copyable code block per format (Material adds the copy button)."""
    blocks = []
    for label, fmt, text in (
        ("BibTeX", "bibtex", citation.bibtex(variant)),
        ("APA", "apa", citation.apa(variant)),
        ("Plain text", "plain", citation.plain(variant)),
    ):
        body = render_text_with_access_date(text, fmt)
        blocks.append(
            f'<p class="nl-cite__label">{label}</p>\n'
            f'<pre class="nl-cite__{fmt}{suffix}"><code>{body}</code></pre>'
        )
    return "\n".join(blocks)


def render_cite_html(citation: PageCitation) -> str:
    """The body of the "Cite this page" box.

    With a revision and its source URL, the box first names the revision it shows (linked to
    the source at that commit) and offers two tabs, Material's content-tab markup: "Living
    page" and "This version". Without them, only the living page's citations.
    """
    if not citation.versioned:
        return _code_blocks(citation, "living", "")
    assert citation.revision is not None and citation.source_url is not None
    revision = citation.revision
    when = f" of {_long_date(citation.updated)}" if citation.updated else ""
    first = f" First published {_long_date(citation.first)}." if citation.first else ""
    intro = (
        f'<p class="nl-cite__revision">This page shows revision '
        f'<a href="{escape(citation.source_url)}" title="The note\'s source at this commit">'
        f"<code>{revision.short}</code></a>{when}.{first}</p>"
    )
    return (
        f"{intro}\n"
        '<div class="tabbed-set tabbed-alternate nl-cite__tabs" data-tabs="1:2">\n'
        '<input checked="checked" id="nl-cite-living" name="nl-cite" type="radio">\n'
        '<input id="nl-cite-version" name="nl-cite" type="radio">\n'
        '<div class="tabbed-labels">'
        '<label for="nl-cite-living">Cite the living page</label>'
        '<label for="nl-cite-version">Cite this version</label></div>\n'
        '<div class="tabbed-content">\n'
        '<div class="tabbed-block nl-cite__living">\n'
        '<p class="nl-cite__hint">The page at its address: it may change after the day you '
        "read it, so the citation holds that day.</p>\n"
        f"{_code_blocks(citation, 'living', '')}\n</div>\n"
        '<div class="tabbed-block nl-cite__version">\n'
        f'<p class="nl-cite__hint">Exactly the text you are reading: the note\'s source at '
        f"revision <code>{revision.short}</code>, which never changes.</p>\n"
        f"{_code_blocks(citation, 'version', '-version')}\n</div>\n"
        "</div>\n</div>"
    )


def _meta_date(date: dt.date) -> str:
    # Google Scholar's inclusion guidelines ask for "2026/11/20"; Zotero reads it too.
    return f"{date.year:04d}/{date.month:02d}/{date.day:02d}"


def citation_meta_tags(
    *,
    title: str,
    url: str,
    publisher: str,
    language: str = "",
    authors: Iterable[str] = (),
    first: dt.date | None = None,
    updated: dt.date | None = None,
    license: str = "",
    container: str = "",
) -> str:
    """``<meta>`` tags for reference managers: Highwire Press ``citation_*`` and Dublin Core.

    Zotero's "Embedded Metadata" reader, Google Scholar and Mendeley read the ``citation_*``
    names; Dublin Core (``DC.*``, ``DCTERMS.*``) is the fallback other tools read. Every value
    is escaped (a title may hold ``<``, ``&`` or quotes).

    Args:
        title: The page title.
        url: Its absolute URL.
        publisher: Who publishes the site (the work's or the site's name).
        language: The page's language code.
        authors: Authors, in order (none when the vault has no citation data).
        first: When the page was first published.
        updated: When it was last revised.
        license: The content licence.
        container: The work the page belongs to.

    Returns:
        One ``<meta>`` per line.
    """
    authors = tuple(authors)
    pairs: list[tuple[str, str]] = [("citation_title", title)]
    pairs += [("citation_author", author) for author in authors]
    if first is not None:
        pairs.append(("citation_publication_date", _meta_date(first)))
    if updated is not None:
        pairs.append(("citation_online_date", _meta_date(updated)))
    pairs += [("citation_public_url", url), ("citation_publisher", publisher)]
    if language:
        pairs.append(("citation_language", language))
    pairs.append(("DC.title", title))
    pairs += [("DC.creator", author) for author in authors]
    pairs.append(("DC.publisher", publisher))
    if first is not None:
        pairs += [("DC.date", first.isoformat()), ("DCTERMS.created", first.isoformat())]
    if updated is not None:
        pairs.append(("DCTERMS.modified", updated.isoformat()))
    pairs += [("DC.identifier", url), ("DC.type", "Text"), ("DC.format", "text/html")]
    if language:
        pairs.append(("DC.language", language))
    if license:
        pairs.append(("DC.rights", license))
    if container:
        pairs.append(("DCTERMS.isPartOf", container))
    return "\n".join(
        f'<meta name="{name}" content="{escape(value, quote=True)}">'
        for name, value in pairs
        if value
    )


def work_citations(meta: CitationMeta, *, url: str) -> dict[str, str]:
    """Citations of the whole work (the "How to cite" page): BibTeX, APA and plain text.

    Args:
        meta: From ``CITATION.cff``.
        url: The work's address (``url`` of the file, else the site's).

    Returns:
        ``{"bibtex": …, "apa": …, "plain": …}``, plain text (the page escapes it).
    """
    key = RE_KEY_JUNK.sub("", meta.title.split(":")[0]).lower() or "work"
    key += str(meta.year or "")
    fields: list[tuple[str, str]] = [
        ("title", "{{" + _bibtex_text(meta.title) + "}}"),
        ("author", "{" + " and ".join("{" + _bibtex_text(a) + "}" for a in meta.authors) + "}"),
    ]
    if meta.year is not None:
        fields.append(("year", "{" + str(meta.year) + "}"))
    if meta.released is not None:
        fields += [
            ("month", _MONTHS[meta.released.month - 1]),
            ("date", "{" + meta.released.isoformat() + "}"),
        ]
    if meta.version:
        fields.append(("version", "{" + _bibtex_text(meta.version) + "}"))
    if meta.doi:
        fields.append(("doi", "{" + meta.doi + "}"))
    fields += [("url", "{" + url + "}"), ("urldate", "{" + _ACCESSED + "}")]
    if meta.license:
        fields.append(("note", "{Licence " + _bibtex_text(meta.license) + "}"))
    body = ",\n".join(f"  {name:<12} = {value}" for name, value in fields)
    bibtex = f"@misc{{{key},\n{body}\n}}"
    version = f" (Version {meta.version})" if meta.version else ""
    apa = (
        f"{_apa_authors(meta.authors)} ({meta.year or 'n.d.'}). {meta.title}{version}. "
        + (f"https://doi.org/{meta.doi}" if meta.doi else url)
    )
    plain_parts = [", ".join(meta.authors), f"“{meta.title}”"]
    if meta.version:
        plain_parts.append(f"version {meta.version}")
    if meta.released:
        plain_parts.append(_long_date(meta.released))
    plain_parts.append(url)
    licence = f"{meta.license}, " if meta.license else ""
    plain = ", ".join(plain_parts) + f" ({licence}accessed {_ACCESSED})"
    return {"bibtex": bibtex, "apa": apa, "plain": plain}


def render_text_with_access_date(text: str, fmt: str) -> str:
    """Escape plain citation text for HTML, with the access-date placeholder span."""
    placeholder = f'<span class="nl-accessed" data-format="{fmt}">[DATE]</span>'
    return escape(text, quote=False).replace(_ACCESSED, placeholder)


def how_to_cite_markdown(
    meta: CitationMeta,
    *,
    work_url: str,
    cff_href: str,
    changelog_href: str | None,
    feed_href: str | None,
    title: str = "How to cite",
) -> str:
    """The "How to cite" page: the whole work in three formats, the note citations explained,
    the citation file's data, and where the changes are listed.

    Args:
        meta: From ``CITATION.cff``.
        work_url: The work's address (the file's ``url``, else the site's).
        cff_href: Link to the citation file as published on the site.
        changelog_href: Link to the changelog page, None without one.
        feed_href: Link to its Atom feed.
        title: The page title.

    Returns:
        Markdown with raw HTML for the citations, links and the data table (every value
        escaped; the links are final hrefs, not vault paths for the link resolver).
    """
    citations = work_citations(meta, url=work_url)
    blocks = "\n".join(
        f'<p class="nl-cite__label">{label}</p>\n'
        f'<pre class="nl-cite__{fmt}"><code>{render_text_with_access_date(citations[fmt], fmt)}'
        "</code></pre>"
        for label, fmt in (("BibTeX", "bibtex"), ("APA", "apa"), ("Plain text", "plain"))
    )
    rows = [
        ("Title", escape(meta.title)),
        ("Authors", escape("; ".join(meta.authors))),
        ("Version", escape(meta.version)),
        ("Released", meta.released.isoformat() if meta.released else ""),
        ("Licence", escape(meta.license)),
        ("Address", _link(meta.url) if meta.url else ""),
        ("Repository", _link(meta.repository) if meta.repository else ""),
        ("DOI", _link(f"https://doi.org/{meta.doi}", meta.doi) if meta.doi else ""),
        ("Keywords", escape(", ".join(meta.keywords))),
    ]
    table = "\n".join(
        f"<tr><th scope=\"row\">{name}</th><td>{value}</td></tr>" for name, value in rows if value
    )
    lines = [
        "---",
        f"title: {_yaml_scalar(title)}",
        "---",
        "",
        escape(meta.message) if meta.message else "",
        "",
        "## The whole work",
        "",
        f"<p>Cite <em>{escape(meta.title)}</em> as a whole like this (the access date is "
        "today's):</p>",
        "",
        f'<div class="nl-cite nl-cite--work">\n{blocks}\n</div>',
        "",
        "## One note",
        "",
        # One line per paragraph and item: a vault's line-break setting (nl2br) applies here.
        "Every note ends with a **Cite this page** box, with BibTeX, APA and plain text in "
        "two forms:",
        "",
        "- **Cite the living page**: the note's address, the date of its last revision and "
        "the day you read it. The note may improve after that day; readers of a reading list "
        "get the current text.",
        "- **Cite this version**: the note's source file at the revision the page shows, in "
        "the repository. That address never changes, so a quotation stays checkable.",
        "",
        "Reference managers such as Zotero read the title, authors, dates and address from "
        "the page itself: save the page with the browser connector.",
        "",
        "## Citation file",
        "",
        f'<p>These data come from the citation file <a href="{escape(cff_href)}"><code>'
        f"{CITATION_FILE}</code></a>, which GitHub and reference managers also read.</p>",
        "",
        f'<table class="nl-cite__data">\n{table}\n</table>',
        "",
    ]
    if changelog_href is not None:
        feed = (
            f', or follow it in a feed reader with its <a href="{escape(feed_href)}">Atom '
            "feed</a>"
            if feed_href
            else ""
        )
        lines += [
            "## What changed",
            "",
            f'<p>Every revision of the notes is listed in the <a href="{escape(changelog_href)}">'
            f"changelog</a>, newest first{feed}.</p>",
            "",
        ]
    return "\n".join(lines)


def _link(url: str, text: str | None = None) -> str:
    return f'<a href="{escape(url)}">{escape(text if text is not None else url)}</a>'


def _yaml_scalar(text: str) -> str:
    """A YAML double-quoted scalar (titles may hold ``:`` or ``#``)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
