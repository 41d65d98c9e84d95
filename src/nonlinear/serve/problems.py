"""The problems of a build as the author sees them under ``make serve``.

Every part of the build reports a content problem as one log line ``path:line:col: kind:
message`` (:class:`nonlinear.vault.diagnostics.Located`), and MkDocs reports its own as ``Doc
file 'path' …``. Under ``mkdocs serve`` the hook (``hooks/serve.py``) collects the warnings of
each build, reads them back with :func:`parse_problem`, and shows them where the author looks:

* :func:`render_panel`: a panel at the top of each served page listing that note's problems,
  each as ``line:col: kind: message``, with a link to the vault-wide list;
* :func:`render_problems_page`: the vault-wide list, grouped by file;
* :func:`render_failure`: a build that could not finish (a broken ``mkdocs.yml``, a failing
  notebook cell) shown on top of the last good build, or as a page of its own when there is none.

The panel and the banner are added to the HTML as it is served (:func:`inject`), never written
into the built site: the files under ``mkdocs serve`` are those of a plain build.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

PROBLEMS_PATH = "__problems__/"
"""Where the vault-wide list is served, under the site's mount path (only by ``mkdocs serve``)."""
GENERATION_PATH = PROBLEMS_PATH + "generation"
"""Served text: the number of the last build, which the pages made here poll to reload."""

RE_LOCATED = re.compile(
    r"""
    \A(?:(?P<plugin>[\w.-]+):\ )?   # the "nonlinear: " of MkDocs' get_plugin_logger, if any
    (?P<path>[^\n]+?)               # the file, relative to the vault root (POSIX)
    :(?P<line>\d+):(?P<col>\d+):\   # line and column, 1-based
    (?P<kind>[a-z][a-z0-9-]*):\     # the kind of problem, e.g. unresolved-link
    (?P<message>.+)\Z               # what is wrong and the way out
    """,
    re.VERBOSE | re.DOTALL,
)
# MkDocs' own warnings about a page: "Doc file 'Notes/A.md' contains a link 'x', but …".
RE_MKDOCS_DOC = re.compile(r"\ADoc file '(?P<path>[^'\n]+)' (?P<message>.+)\Z", re.DOTALL)
# Where the panel goes: the top of Material's article, else the top of the body.
RE_ARTICLE = re.compile(r"<article\b[^>]*\bmd-content__inner\b[^>]*>")
RE_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
RE_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL | re.IGNORECASE)

STYLE = """<style>
.nl-serve{margin:0 0 1.2em;padding:.6em .9em;border-left:.25em solid #ff9100;
border-radius:.1rem;background:rgba(255,145,0,.1);font-size:.85em;line-height:1.5}
.nl-serve p{margin:.2em 0}
.nl-serve--failure{border-left-color:#ff1744;background:rgba(255,23,68,.1)}
.nl-serve--clean{border-left-color:#00c853;background:rgba(0,200,83,.08)}
.nl-problems .nl-problems__list{list-style:none;margin:.4em 0 .2em;padding:0}
.nl-problems .nl-problems__list .nl-problems__item{margin:.15em 0;overflow-wrap:anywhere}
.nl-serve pre{margin:.4em 0 0;white-space:pre-wrap;overflow-wrap:anywhere;font-size:.95em}
.nl-problems__where{font-family:var(--md-code-font-family,monospace);
font-variant-numeric:tabular-nums}
.nl-problems__kind{font-weight:700}
</style>"""


@dataclass(frozen=True, slots=True)
class Problem:
    """One warning of a build, with the file and position it names, if it names one."""

    src_uri: str | None
    """The file (relative to the vault root), or ``None`` for a problem of the whole build."""
    line: int | None
    col: int | None
    kind: str
    """``unresolved-link``, ``math-error``…; ``mkdocs`` for MkDocs' own page warnings,
    ``warning`` for any other line."""
    message: str

    @property
    def where(self) -> str:
        """``line:col``, or ``""`` when the warning gives no position."""
        return f"{self.line}:{self.col}" if self.line is not None else ""

    def __str__(self) -> str:
        """``line:col: kind: message`` (the panel's form; the file is the page's)."""
        head = f"{self.where}: " if self.where else ""
        return f"{head}{self.kind}: {self.message}"


def parse_problem(message: str) -> Problem:
    """Read one warning back into a :class:`Problem`.

    Args:
        message: The log record's message, as MkDocs prints it.

    Returns:
        The problem, located when the line says ``path:line:col: kind: message`` or is one of
        MkDocs' ``Doc file 'path' …`` warnings.
    """
    located = RE_LOCATED.match(message)
    if located is not None:
        return Problem(
            located["path"],
            int(located["line"]),
            int(located["col"]),
            located["kind"],
            located["message"].strip(),
        )
    doc = RE_MKDOCS_DOC.match(message)
    if doc is not None:
        return Problem(doc["path"], None, None, "mkdocs", doc["message"].strip())
    return Problem(None, None, None, "warning", message.strip())


def collect(messages: Iterable[str]) -> tuple[Problem, ...]:
    """Parse warnings, each once, in the order: file, line, column, then as logged."""
    seen: dict[Problem, None] = {}
    for message in messages:
        seen.setdefault(parse_problem(message), None)
    order = {problem: n for n, problem in enumerate(seen)}
    return tuple(
        sorted(
            seen,
            key=lambda p: (
                p.src_uri is None,
                p.src_uri or "",
                p.line or 0,
                p.col or 0,
                order[p],
            ),
        )
    )


def by_file(problems: Iterable[Problem]) -> dict[str | None, list[Problem]]:
    """Group problems by the file they name (``None``: the build as a whole)."""
    grouped: dict[str | None, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.src_uri, []).append(problem)
    return grouped


def count(n: int, noun: str) -> str:
    """``1 problem``, ``2 problems``: a number and a noun that takes an ``s``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _item(problem: Problem) -> str:
    where = html.escape(problem.where)
    parts = [f'<span class="nl-problems__where">{where}</span>: '] if where else []
    parts.append(f'<span class="nl-problems__kind">{html.escape(problem.kind)}</span>: ')
    parts.append(html.escape(problem.message))
    return f'<li class="nl-problems__item">{"".join(parts)}</li>'


def render_panel(here: Sequence[Problem], total: int, problems_url: str) -> str:
    """The panel on a served page: this note's problems, and a link to all of them.

    Args:
        here: The problems of the page's own file.
        total: The number of problems of the whole build.
        problems_url: URL of the vault-wide list.

    Returns:
        The HTML to put at the top of the page, or ``""`` when the build has no problems.
    """
    if total == 0:
        return ""
    link = f'<a href="{html.escape(problems_url)}">{count(total, "problem")} in the vault</a>'
    if not here:
        return (
            f'{STYLE}<aside class="nl-serve nl-serve--clean nl-problems" '
            'aria-label="Problems in this note">'
            f"<p>No problems in this note · {link}</p></aside>"
        )
    items = "".join(_item(problem) for problem in here)
    return (
        f'{STYLE}<aside class="nl-serve nl-problems" aria-label="Problems in this note">'
        f"<p><strong>{count(len(here), 'problem')} in this note</strong> · {link} · "
        "shown by <code>make serve</code>; <code>make site</code> stops on them</p>"
        f'<ol class="nl-problems__list">{items}</ol></aside>'
    )


def render_failure(messages: Sequence[str], *, last_good: bool) -> str:
    """The banner of a build that could not finish.

    Args:
        messages: What the build reported (its errors, or the exception).
        last_good: Whether the pages below are those of the last build that finished.

    Returns:
        HTML for the top of the page.
    """
    shown = (
        "The page below is from the last build that finished."
        if last_good
        else "There is no earlier build to show."
    )
    text = html.escape("\n".join(messages) or "The build stopped without a message.")
    return (
        f'{STYLE}<aside class="nl-serve nl-serve--failure" role="alert" '
        'aria-label="The site could not be built">'
        f"<p><strong>The site could not be built.</strong> {shown} Fix the problem and save: "
        f"the page reloads by itself.</p><pre>{text}</pre></aside>"
    )


def render_problems_list(problems: Sequence[Problem], urls: Mapping[str, str]) -> str:
    """The vault-wide list: every problem of the last build, grouped by file.

    Args:
        problems: Every problem of the build (:func:`collect`).
        urls: ``src_uri`` → absolute URL of its page, for files that have one.

    Returns:
        HTML content for the problems page.
    """
    if not problems:
        return (
            "<h1>Problems</h1><p>The last build reported no problems: "
            "<code>make site</code> would build this vault.</p>"
        )
    grouped = by_file(problems)
    files = sum(1 for key in grouped if key is not None)
    where = f" in {count(files, 'file')}" if files else ""
    out = [
        "<h1>Problems</h1>",
        f"<p>The last build reported {count(len(problems), 'problem')}{where}. "
        "<code>make serve</code> shows them here and at the top of each note; "
        "<code>make site</code> stops on them.</p>",
    ]
    for src_uri, found in grouped.items():
        if src_uri is None:
            continue
        name = html.escape(src_uri)
        url = urls.get(src_uri)
        heading = f'<a href="{html.escape(url)}">{name}</a>' if url else name
        out.append(f"<h2><code>{heading}</code></h2>")
        out.append(f'<ol class="nl-problems__list">{"".join(_item(p) for p in found)}</ol>')
    if None in grouped:
        out.append("<h2>Not about one file</h2>")
        out.append(f'<ol class="nl-problems__list">{"".join(_item(p) for p in grouped[None])}</ol>')
    return f'{STYLE}<div class="nl-problems nl-problems--all">{"".join(out)}</div>'


def inject(page: str, fragment: str) -> str:
    """Put *fragment* at the top of the page's content (Material's article), else of its body."""
    if not fragment:
        return page
    found = RE_ARTICLE.search(page) or RE_BODY.search(page)
    if found is None:
        return fragment + page
    return page[: found.end()] + fragment + page[found.end() :]


def reload_script(generation_url: str, generation: int) -> str:
    """A script for the pages made here (no live-reload of their own): reload after a build."""
    body = (
        "(function(){var seen=SEEN;function poll(){fetch(URL,{cache:'no-store'})"
        ".then(function(r){return r.text()}).then(function(t){if(t.trim()!==String(seen))"
        "{location.reload()}else{setTimeout(poll,1000)}},function(){setTimeout(poll,2000)})}"
        "setTimeout(poll,1000)})();"
    )
    body = body.replace("SEEN", str(generation)).replace("URL", _js_string(generation_url))
    return f"<script>{body}</script>"


def _js_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("'", "\\'").replace("<", "\\x3c")
    return f"'{escaped}'"


def render_page(title: str, content: str, *, template: str | None, script: str) -> str:
    """A page made by the server: the site's own 404 page with other content, or a bare page.

    Args:
        title: The page's title.
        content: HTML for the page's content.
        template: The built site's ``404.html`` (Material: the site's header, search and
            styles, with URLs that work at any path), if there is one.
        script: The reload script (:func:`reload_script`).
    """
    if template is not None:
        opened = RE_ARTICLE.search(template)
        closed = template.rfind("</article>")
        if opened is not None and closed > opened.end():
            page = template[: opened.end()] + content + template[closed:]
            page = RE_TITLE.sub(lambda _: f"<title>{html.escape(title)}</title>", page, count=1)
            end = page.rfind("</body>")
            return page[:end] + script + page[end:] if end >= 0 else page + script
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>:root{{color-scheme:light dark}}"
        "body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;"
        f"line-height:1.5;font-size:1.1rem}}</style></head><body>{content}{script}</body></html>"
    )
