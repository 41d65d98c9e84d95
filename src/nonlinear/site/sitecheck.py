"""Checks over a built site: nothing is fetched from a third party, every internal link resolves.

Where it sits: after ``mkdocs build``; ``tests/sites/test_built_site.py`` runs both checks over
the real site and ``tests/unit/test_sitecheck.py`` over small synthetic pages. Standard
library only (``html.parser``), so it runs anywhere the build runs.

* :func:`external_assets` scans every HTML, CSS and JS file for assets a reader's browser would
  load from another host: ``src``/``href`` of ``script``, ``link`` (except relations that load
  nothing, such as ``canonical``), ``img``, ``iframe``, ``source``, ``video``, ``audio``,
  ``embed``, ``object``, SVG ``image``/``use``; CSS ``url()`` and ``@import`` (in stylesheets,
  ``<style>`` and ``style=""``); and, in scripts, URLs of hosts known to serve assets or track
  readers. Links to other sites (``<a href>``) are fine: following one is the reader's choice.
* :func:`broken_links` resolves every internal ``href`` and ``src`` of every page to a file of
  the site and every ``#fragment`` to an ``id`` (or ``name``) in the target page.

Findings are formatted ``path:line:col: kind: message`` with the path relative to the site.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = [
    "KNOWN_HOSTS",
    "Finding",
    "PageWeight",
    "Reference",
    "broken_links",
    "external_assets",
    "page_weight",
    "scan_html",
]

# Hosts that serve fonts, scripts, styles or analytics; a URL of one in a script is a fetch.
KNOWN_HOSTS = (
    "fonts.googleapis.com",
    "fonts.gstatic.com",
    "cdn.jsdelivr.net",
    "unpkg.com",
    "cdnjs.cloudflare.com",
    "ajax.googleapis.com",
    "code.jquery.com",
    "polyfill.io",
    "www.googletagmanager.com",
    "www.google-analytics.com",
    "api.github.com",
    "gitlab.com",
    "use.fontawesome.com",
    "kit.fontawesome.com",
    "mathjax.org",
    "cdn.mathjax.org",
    "plausible.io",
)
# <link rel=…> values that make the browser load nothing by themselves.
_INERT_RELS = frozenset(
    {"canonical", "alternate", "prev", "next", "license", "author", "help", "me", "bookmark"}
)
# Attributes that make the browser load something, per element.
_LOADING_ATTRS = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
RE_CSS_URL = re.compile(
    r"""
    url\(\s*(?P<quote>['"]?)(?P<url>[^'")\s]+)(?P=quote)\s*\)   # url(…), quoted or not
    | @import\s+(?P<q2>['"])(?P<import>[^'"]+)(?P=q2)           # @import "…"
    """,
    re.VERBOSE | re.IGNORECASE,
)
RE_SCRIPT_URL = re.compile(r"""(?:https?:)?//(?P<host>[A-Za-z0-9.-]+\.[A-Za-z]{2,})""")
_NON_PAGE_SCHEMES = ("mailto:", "tel:", "data:", "javascript:", "blob:", "about:")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a built file."""

    path: str
    """File relative to the site root (POSIX)."""
    line: int
    """1-based line."""
    col: int
    """1-based column."""
    kind: str
    """``external-asset`` or ``broken-link``."""
    message: str
    """What is wrong and the way out."""

    def __str__(self) -> str:
        """``path:line:col: kind: message``."""
        return f"{self.path}:{self.line}:{self.col}: {self.kind}: {self.message}"


@dataclass(frozen=True, slots=True)
class Reference:
    """A URL found in a page."""

    tag: str
    """Element name."""
    attr: str
    """Attribute name (``style`` and ``#text`` for CSS inside the page)."""
    url: str
    """The URL as written."""
    line: int
    """1-based line."""
    col: int
    """1-based column."""
    loads: bool
    """The browser loads it by itself (an asset), as opposed to a link the reader follows."""


class _PageParser(HTMLParser):
    """Collect URLs and element ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[Reference] = []
        self.ids: set[str] = set()
        self.styles: list[tuple[str, int, int]] = []
        self.source_component: tuple[int, int] | None = None
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        values = {name: value or "" for name, value in attrs}
        for key in ("id", "name"):
            if values.get(key) and (key == "id" or tag == "a"):
                self.ids.add(values[key])
        if values.get("data-md-component") == "source" and self.source_component is None:
            self.source_component = (line, offset + 1)
        if "style" in values:
            self.styles.append((values["style"], line, offset + 1))
        loading = _LOADING_ATTRS.get(tag, ())
        rels = set(values.get("rel", "").lower().split())
        for name, value in values.items():
            if not value:
                continue
            if name in loading:
                loads = not (tag == "link" and rels and rels <= _INERT_RELS)
                for url in _srcset_urls(value) if name == "srcset" else [value]:
                    self.references.append(Reference(tag, name, url, line, offset + 1, loads))
            elif name in {"href", "xlink:href"} and tag == "a":
                self.references.append(Reference(tag, name, value, line, offset + 1, False))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            line, offset = self.getpos()
            self.styles.append((data, line, offset + 1))


def _srcset_urls(value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.strip()]


def scan_html(text: str) -> tuple[list[Reference], set[str], tuple[int, int] | None]:
    """Parse one page.

    Args:
        text: The HTML.

    Returns:
        ``(references, ids, source_component)``: every URL (CSS ``url()`` in ``<style>`` and
        ``style=""`` included, as loading references), the ``id``s (and ``a[name]``s) a
        fragment can point at, and where Material's ``data-md-component="source"`` is
        (line, col), if present: it makes Material fetch repository facts from GitHub's API.
    """
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    references = list(parser.references)
    for css, line, col in parser.styles:
        for url, _ in _css_urls(css):
            references.append(Reference("style", "url", url, line, col, True))
    return references, parser.ids, parser.source_component


def _css_urls(css: str) -> Iterator[tuple[str, int]]:
    for match in RE_CSS_URL.finditer(css):
        yield match.group("url") or match.group("import"), match.start()


def _is_external(url: str) -> bool:
    lowered = url.strip().lower()
    return lowered.startswith(("http://", "https://", "//"))


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _site_files(site: Path, suffixes: Iterable[str]) -> list[Path]:
    wanted = tuple(suffixes)
    return sorted(p for p in site.rglob("*") if p.is_file() and p.name.endswith(wanted))


def external_assets(site: Path, *, allow: Iterable[tuple[str, str]] = ()) -> list[Finding]:
    """Everything a page of the site would load from another host.

    Args:
        site: The built site folder.
        allow: ``(file glob, host)`` pairs to accept, each a reviewed exception (for example
            a host named in a vendored script bundle on a code path the site does not use).

    Returns:
        Findings in file order; empty when the site is self-contained.
    """
    allowed = list(allow)
    findings: list[Finding] = []

    def add(rel: str, line: int, col: int, url: str, what: str) -> None:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or url
        if any(Path(rel).match(pattern) and host == h for pattern, h in allowed):
            return
        findings.append(
            Finding(
                rel,
                line,
                col,
                "external-asset",
                f"{what} loads {url} from {host}; ship the file with the site instead",
            )
        )

    for path in _site_files(site, (".html", ".css", ".js", ".mjs")):
        rel = path.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            references, _, source_component = scan_html(text)
            for ref in references:
                if ref.loads and _is_external(ref.url):
                    add(rel, ref.line, ref.col, ref.url, f"<{ref.tag} {ref.attr}>")
            if source_component is not None:
                findings.append(
                    Finding(
                        rel,
                        *source_component,
                        "external-asset",
                        'data-md-component="source" makes Material fetch repository facts '
                        "from the GitHub API; override partials/source.html without it",
                    )
                )
        elif path.suffix == ".css":
            for url, offset in _css_urls(text):
                if _is_external(url):
                    add(rel, *_position(text, offset), url, "CSS")
        else:
            for match in RE_SCRIPT_URL.finditer(text):
                host = match.group("host").lower()
                if any(host == known or host.endswith("." + known) for known in KNOWN_HOSTS):
                    add(rel, *_position(text, match.start()), match.group(0), "script")
    return findings


def broken_links(site: Path, *, site_path: str = "/") -> list[Finding]:
    """Internal ``href``/``src`` that point at no file, or at a ``#fragment`` that is no id.

    Args:
        site: The built site folder.
        site_path: The path part of ``site_url`` (``/nonlinear/``), which root-relative URLs
            such as those of ``404.html`` start with.

    Returns:
        Findings in file order; empty when every link resolves.
    """
    pages = _site_files(site, (".html",))
    scanned = {
        page.relative_to(site).as_posix(): scan_html(page.read_text(encoding="utf-8"))
        for page in pages
    }
    ids = {rel: found[1] for rel, found in scanned.items()}
    prefix = "/" + site_path.strip("/") + "/" if site_path.strip("/") else "/"
    findings: list[Finding] = []
    for rel, (references, _, _) in scanned.items():
        for ref in references:
            url = ref.url.strip()
            if not url or _is_external(url) or url.lower().startswith(_NON_PAGE_SCHEMES):
                continue
            parts = urlsplit(url)
            if parts.scheme:
                continue
            if parts.path.startswith("/"):
                if not parts.path.startswith(prefix):
                    findings.append(_broken(rel, ref, f"is outside the site path {prefix}"))
                    continue
                target = unquote(parts.path[len(prefix) :])
            elif parts.path:
                target = posixpath.normpath(
                    posixpath.join(posixpath.dirname(rel), unquote(parts.path))
                )
            else:
                target = rel
            if target.startswith("../") or target == "..":
                findings.append(_broken(rel, ref, "points above the site root"))
                continue
            resolved = _resolve(site, target, parts.path.endswith("/"))
            if resolved is None:
                findings.append(_broken(rel, ref, "matches no file of the site"))
                continue
            # HTML's "find a potential indicated element": the fragment as written first,
            # then percent-decoded (print-site writes ids like "a%20b" and links "#a%20b").
            fragment = unquote(parts.fragment)
            known = ids.get(resolved, ())
            if (
                fragment
                and resolved.endswith(".html")
                and fragment not in known
                and parts.fragment not in known
            ):
                findings.append(
                    _broken(rel, ref, f"points at #{fragment}, which is no id in {resolved}")
                )
    return findings


def _resolve(site: Path, target: str, is_dir: bool) -> str | None:
    target = target.removeprefix("./")
    if target in {".", ""}:
        target = ""
    candidates = [posixpath.join(target, "index.html")] if is_dir or not target else []
    candidates += [target, posixpath.join(target, "index.html")]
    for candidate in candidates:
        if candidate and (site / candidate).is_file():
            return candidate
    return None


def _broken(rel: str, ref: Reference, why: str) -> Finding:
    return Finding(
        rel, ref.line, ref.col, "broken-link", f"<{ref.tag} {ref.attr}={ref.url!r}> {why}"
    )


@dataclass(frozen=True, slots=True)
class PageWeight:
    """Bytes a browser fetches for one page on a first visit (before any cache)."""

    html: int
    """The page itself."""
    css: int
    """Stylesheets it links."""
    js: int
    """Scripts it loads."""
    fonts: int
    """Fonts named in those stylesheets or in the page's own ``<style>`` (an upper bound: a
    browser loads only used ones)."""
    images: int
    """Images and other ``src`` assets of the page."""

    @property
    def total(self) -> int:
        """Everything together."""
        return self.html + self.css + self.js + self.fonts + self.images


_FONTS = frozenset({".woff2", ".woff", ".ttf", ".otf"})


def page_weight(site: Path, page: str) -> PageWeight:
    """Add up what a page loads from the site.

    Args:
        site: The built site folder.
        page: The page file relative to the site (``Activations/ReLU/index.html``).

    Returns:
        Sizes in bytes per kind.
    """
    path = site / page
    references, _, _ = scan_html(path.read_text(encoding="utf-8"))
    sizes = {"css": 0, "js": 0, "fonts": 0, "images": 0}
    seen: set[Path] = set()
    for ref in references:
        if not ref.loads or _is_external(ref.url) or ref.url.startswith(_NON_PAGE_SCHEMES):
            continue
        target = (path.parent / unquote(urlsplit(ref.url).path)).resolve()
        if not target.is_file() or target in seen:
            continue
        seen.add(target)
        if target.suffix == ".css":
            sizes["css"] += target.stat().st_size
            css = target.read_text(encoding="utf-8", errors="replace")
            for url, _ in _css_urls(css):
                font = (target.parent / unquote(urlsplit(url).path)).resolve()
                if font.suffix in _FONTS and font.is_file() and font not in seen:
                    seen.add(font)
                    sizes["fonts"] += font.stat().st_size
        elif target.suffix in _FONTS:  # an @font-face in the page's own <style>
            sizes["fonts"] += target.stat().st_size
        elif target.suffix in {".js", ".mjs"}:
            sizes["js"] += target.stat().st_size
        elif ref.tag != "link" or "icon" not in ref.attr:
            sizes["images"] += target.stat().st_size
    return PageWeight(html=path.stat().st_size, **sizes)
