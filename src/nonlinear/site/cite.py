"""Cite this page: BibTeX, APA-style and plain-text citations of a note, and its git revision.

Where it sits: ``hooks/reading.py`` reads ``CITATION.cff`` once per build
(:func:`parse_citation_cff`), asks git once for the last commit of every file
(:func:`git_revisions`), and for each page renders :func:`render_cite_html` into the
``partials/nonlinear-cite.html`` template as a collapsed ``<details>`` under the note.

The access date is not known at build time: each citation holds a
``<span class="nl-accessed">`` placeholder (``accessed [DATE]`` without JavaScript) that
``overrides/assets/javascripts/reading.js`` fills with today's date in the right format.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

import yaml

__all__ = [
    "CitationMeta",
    "PageCitation",
    "Revision",
    "git_revisions",
    "page_citation",
    "parse_citation_cff",
    "render_cite_html",
]

_ACCESSED = "\x00accessed\x00"  # where the access date goes; replaced when rendering HTML
RE_BIBTEX_KEY = re.compile(r"[^A-Za-z0-9]+")


@dataclass(frozen=True, slots=True)
class CitationMeta:
    """What ``CITATION.cff`` says about the whole work."""

    title: str
    """Title of the knowledge base."""
    authors: tuple[str, ...]
    """Authors as they should be printed ("The Nonlinear authors", or "Family, G.")."""
    license: str
    """SPDX identifier of the content licence."""
    version: str
    """Version of the release, "" when absent."""
    year: int | None
    """Year of ``date-released``."""


@dataclass(frozen=True, slots=True)
class Revision:
    """The last commit that touched a file."""

    commit: str
    """Abbreviated hash."""
    date: dt.date
    """Commit date."""


@dataclass(frozen=True, slots=True)
class PageCitation:
    """Everything a citation of one page holds."""

    title: str
    """Page title."""
    container: str
    """Title of the whole work the page belongs to."""
    authors: tuple[str, ...]
    """Authors."""
    year: int
    """Year of the page's last revision (or of the build)."""
    url: str
    """Stable URL: ``site_url`` + ``page.url``."""
    version: str
    """Git revision of the content (abbreviated hash), or "unversioned"."""
    updated: dt.date | None
    """Date of the last revision, None when git knows nothing about it."""
    license: str
    """SPDX identifier of the licence."""

    def bibtex(self) -> str:
        """A ``@misc`` entry; the access date goes into ``urldate``."""
        key = RE_BIBTEX_KEY.sub("", f"nonlinear{self.title}{self.year}")
        fields = [
            ("title", "{" + self.title + "}"),
            ("author", " and ".join("{" + a + "}" for a in self.authors)),
            ("howpublished", f"{self.container}"),
            ("year", str(self.year)),
            ("url", self.url),
            ("note", f"Version {self.version}. Licence {self.license}"),
            ("urldate", _ACCESSED),
        ]
        body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields)
        return f"@misc{{{key},\n{body}\n}}"

    def apa(self) -> str:
        """APA style (7th edition) for a page of a website."""
        authors = _join_apa(self.authors)
        # APA dates a web page "(2026, November 20)"; the year alone when the day is unknown.
        updated = self.updated
        date = f"{updated.year}, {updated:%B} {updated.day}" if updated else str(self.year)
        return (
            f"{authors} ({date}). {self.title}. In {self.container} "
            f"(version {self.version}). Retrieved {_ACCESSED}, from {self.url}"
        )

    def plain(self) -> str:
        """One line of plain text, for slides and footnotes."""
        return (
            f"“{self.title}”, {', '.join(self.authors)}, {self.container}, {self.year}, "
            f"version {self.version}, {self.url} ({self.license}, accessed {_ACCESSED})"
        )


def _join_apa(authors: Sequence[str]) -> str:
    """APA joins authors with commas and an ampersand before the last."""
    if len(authors) <= 1:
        return "".join(authors)
    return ", ".join(authors[:-1]) + ", & " + authors[-1]


def parse_citation_cff(text: str) -> CitationMeta:
    """Read the fields a page citation needs from a ``CITATION.cff`` file.

    Args:
        text: The file's YAML.

    Returns:
        The metadata; persons are printed "Family, G." and entities by their ``name``.

    Raises:
        ValueError: The file is not a mapping or has no ``title`` (a configuration error).
    """
    data = yaml.safe_load(text)
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
    released = data.get("date-released")
    year: int | None = None
    if isinstance(released, dt.date):
        year = released.year
    elif isinstance(released, str) and re.match(r"\d{4}", released):
        year = int(released[:4])
    return CitationMeta(
        title=data["title"],
        authors=tuple(authors) or ("Anonymous",),
        license=str(data.get("license", "")),
        version=str(data.get("version", "")),
        year=year,
    )


def git_revisions(root: Path) -> tuple[dict[str, Revision], Revision | None]:
    """The last commit of every tracked file under ``root``, in one ``git log`` call.

    Args:
        root: A folder inside a git work tree (the docs folder).

    Returns:
        ``(by_path, head)``: revisions keyed by POSIX path relative to ``root``, and the
        repository's HEAD (for generated or untracked files). Both are empty/None when
        ``root`` is not in a git repository or git is not installed.
    """
    try:
        head_out = _git(root, "log", "-1", "--format=%h %cs")
        log_out = _git(root, "log", "--format=\x01%h %cs", "--name-only", "--relative", "--", ".")
    except (OSError, subprocess.CalledProcessError):
        return {}, None
    head = _parse_revision(head_out.strip())
    revisions: dict[str, Revision] = {}
    current: Revision | None = None
    for line in log_out.splitlines():
        if line.startswith("\x01"):
            current = _parse_revision(line[1:])
        elif line and current is not None:
            # git log lists newest first: the first time a path appears is its last change.
            revisions.setdefault(_unquote_git_path(line), current)
    return revisions, head


def _git(root: Path, *args: str) -> str:
    # core.quotePath=false: paths with non-ASCII characters come out as UTF-8, not octal escapes.
    completed = subprocess.run(
        ["git", "-c", "core.quotePath=false", *args],
        cwd=root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    return completed.stdout


def _parse_revision(text: str) -> Revision | None:
    commit, _, date = text.partition(" ")
    try:
        return Revision(commit=commit, date=dt.date.fromisoformat(date))
    except ValueError:
        return None


def _unquote_git_path(path: str) -> str:
    # Paths with quotes, backslashes or control characters are still C-quoted by git.
    if len(path) >= 2 and path[0] == path[-1] == '"':
        inner = path[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
        return inner.encode("latin-1").decode("utf-8", "replace")
    return path


def page_citation(
    meta: CitationMeta,
    *,
    title: str,
    url: str,
    revision: Revision | None,
    head: Revision | None,
    today: dt.date,
) -> PageCitation:
    """Assemble the citation of one page.

    Args:
        meta: From ``CITATION.cff``.
        title: The page title.
        url: Absolute URL of the page (``site_url`` joined with ``page.url``).
        revision: The page file's last commit; None for generated or untracked files.
        head: The repository's last commit, used when ``revision`` is None.
        today: The build date, used for the year when git knows nothing.

    Returns:
        The citation.
    """
    chosen = revision or head
    return PageCitation(
        title=title,
        container=meta.title,
        authors=meta.authors,
        year=chosen.date.year if chosen else today.year,
        url=url,
        version=chosen.commit if chosen else "unversioned",
        updated=revision.date if revision else None,
        license=meta.license,
    )


def render_cite_html(citation: PageCitation) -> str:
    """The body of the "Cite this page" box: one copyable code block per format.

    Material's ``content.code.copy`` adds a copy button to every ``pre > code``; the access
    date placeholder is a ``span`` that the page script fills in.
    """
    blocks = []
    for label, fmt, text in (
        ("BibTeX", "bibtex", citation.bibtex()),
        ("APA", "apa", citation.apa()),
        ("Plain text", "plain", citation.plain()),
    ):
        placeholder = f'<span class="nl-accessed" data-format="{fmt}">[DATE]</span>'
        body = escape(text, quote=False).replace(_ACCESSED, placeholder)
        blocks.append(
            f'<p class="nl-cite__label">{label}</p>\n'
            f'<pre class="nl-cite__{fmt}"><code>{body}</code></pre>'
        )
    return "\n".join(blocks)
