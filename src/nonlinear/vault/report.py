"""The link check: every link of the published vault resolved once, with its diagnostics.

:func:`check_links` walks the index (never the pages), resolves each link through the one
:class:`~nonlinear.vault.resolve.Resolver`, and returns :class:`LinkRecord` values — the rows of
``link-report.json`` and the input of backlinks and the graph — plus one diagnostic per problem.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from nonlinear.vault.diagnostics import Diagnostic, Kind
from nonlinear.vault.index import VaultIndex
from nonlinear.vault.links import WikiLink, format_wikilink
from nonlinear.vault.paths import SrcUri, nfc, relative_href, stem
from nonlinear.vault.resolve import Ambiguous, Resolution, Resolved, Resolver, Unresolved

Status = Literal[
    "resolved",
    "alias",
    "ambiguous",
    "unresolved",
    "unpublished",
    "missing-heading",
    "missing-block",
    "embed-cycle",
]


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """One link or embed of a published note and what became of it."""

    source: SrcUri
    link: WikiLink
    result: Resolution
    status: Status
    target: SrcUri | None
    """The file the link renders to (the pick for an ambiguous link), if any."""
    anchor: str | None

    def as_json(self) -> dict[str, object]:
        """The row of ``link-report.json``."""
        row: dict[str, object] = {
            "source": self.source,
            "line": self.link.line,
            "col": self.link.col,
            "raw": self.link.raw or format_wikilink(self.link),
            "kind": "embed" if self.link.embed else "link",
            "syntax": "markdown" if self.link.markdown else "wiki",
            "status": self.status,
            "target": self.target,
            "anchor": self.anchor,
        }
        if isinstance(self.result, Ambiguous):
            row["candidates"] = list(self.result.candidates)
        if isinstance(self.result, Unresolved) and self.result.suggestions:
            row["suggestions"] = list(self.result.suggestions)
        return row


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """All links of the published vault and the problems among them."""

    records: tuple[LinkRecord, ...]
    diagnostics: tuple[Diagnostic, ...]


def _quote_list(items: Iterable[str], limit: int = 12) -> str:
    items = list(items)
    shown = ", ".join(f"'{i}'" for i in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _status(result: Resolution) -> tuple[Status, SrcUri | None, str | None]:
    match result:
        case Unresolved(reason="unpublished"):
            return "unpublished", None, None
        case Unresolved():
            return "unresolved", None, None
        case Ambiguous(chosen=pick):
            return "ambiguous", pick.src_uri, pick.anchor
        case Resolved(missing="heading"):
            return "missing-heading", result.src_uri, None
        case Resolved(missing="block"):
            return "missing-block", result.src_uri, None
        case Resolved(via="alias"):
            return "alias", result.src_uri, result.anchor
        case Resolved():
            return "resolved", result.src_uri, result.anchor
    raise AssertionError(result)  # pragma: no cover


def describe(
    link: WikiLink, source: str, result: Resolution, resolver: Resolver
) -> list[tuple[Kind, str]]:
    """Return the problems of one resolved link as (kind, message) pairs, with the way out.

    The way out of an ambiguous link names, for each candidate, the shortest link that reaches
    that candidate alone (never the ambiguous name itself); for a Markdown link, the path
    relative to the note.
    """
    written = link.raw or format_wikilink(link)
    out: list[tuple[Kind, str]] = []
    pick: Resolved | None = None
    match result:
        case Unresolved(reason="unpublished", src_uri=hidden):
            kind: Kind = "missing-embed" if link.embed else "unresolved-link"
            note = resolver.index.notes.get(SrcUri(hidden or ""))
            why = (
                "has 'publish: false'"
                if note is None or note.frontmatter.publish_readable
                else "is withheld until its properties can be read"
            )
            out.append(
                (
                    kind,
                    f"{written} points to '{hidden}', which {why}; it renders as "
                    "plain text (publish that note or remove the link)",
                )
            )
        case Unresolved(reason="outside"):
            kind = "missing-embed" if link.embed else "unresolved-link"
            out.append((kind, f"{written} climbs above the vault root; write a path inside it"))
        case Unresolved(suggestions=suggestions):
            kind = "missing-embed" if link.embed else "unresolved-link"
            what = "file" if link.embed and "." in link.target.rsplit("/", 1)[-1] else "note"
            hint = (
                f"did you mean {' or '.join(repr(s) for s in suggestions)}?"
                if suggestions
                else f"create the {what} or correct the name"
            )
            unreachable = _unreachable(link, suggestions)
            if unreachable is not None:
                name, char = unreachable
                hint = (
                    f"'{name}' holds '{char}', which a link reads as syntax (no link can reach "
                    "it; Obsidian forbids # ^ | [ ] in names): rename that note"
                )
            out.append((kind, f"{written} matches no {what}; {hint}"))
        case Ambiguous(candidates=candidates, chosen=chosen_one, rule=rule):
            pick = chosen_one
            why = {
                "path": "its vault path is the link",
                "folder": f"in the folder of '{source}'",
                "shortest": "the shortest path, as Obsidian picks",
            }[rule]
            ways = " or ".join(
                f"({relative_href(source, c)})"  # relative paths are read first
                if link.markdown
                else f"[[{resolver.unambiguous_target(c, source)}]]"
                for c in candidates
            )
            way_out = f"write {ways}"
            if len({nfc(c) for c in candidates}) < len(candidates):
                # Café.md twice, composed and decomposed: no link tells them apart.
                way_out = (
                    "rename one of the files whose names differ only in how their accents "
                    "are encoded (Unicode NFC and NFD; macOS and Windows see one file)"
                )
            out.append(
                (
                    "ambiguous-link",
                    f"{written} matches {len(candidates)} files: {_quote_list(candidates)}; "
                    f"linked to '{chosen_one.src_uri}' ({why}); {way_out}",
                )
            )
        case Resolved():
            pick = result
    if pick is not None:
        if pick.via == "alias":
            name = stem(pick.src_uri)
            out.append(
                (
                    "alias-link",
                    f"{written} reaches '{pick.src_uri}' through its alias "
                    f"'{link.target}'; Obsidian writes [[{name}|{link.target}]]",
                )
            )
        if pick.missing == "heading":
            wanted = "#".join(link.headings)
            out.append(
                (
                    "missing-heading",
                    f"{written}: '{pick.src_uri}' has no heading '{wanted}'; "
                    + (
                        f"its headings are {_quote_list(pick.available)}"
                        if pick.available
                        else "it has no headings"
                    ),
                )
            )
        if pick.missing == "block":
            out.append(
                (
                    "missing-block",
                    f"{written}: '{pick.src_uri}' has no block '^{link.block_id}'; "
                    + (
                        f"its block ids are {_quote_list('^' + b for b in pick.available)}"
                        if pick.available
                        else "add ' ^" + str(link.block_id) + "' at the end of the block"
                    ),
                )
            )
    return out


def _unreachable(link: WikiLink, suggestions: Iterable[str]) -> tuple[str, str] | None:
    """The suggested name that *link* spells out but cannot reach, and the character in it
    that a link reads as syntax (``[[Note #1]]`` is the heading ``1`` of ``Note ``)."""
    if link.markdown or not link.raw.endswith("]]"):
        return None
    inner = link.raw.removeprefix("!").removeprefix("[[").removesuffix("]]")
    written = {inner.strip().casefold(), inner.split("|", 1)[0].strip().casefold()}
    for name in suggestions:
        char = next((c for c in name if c in "#^|[]"), None)
        if char is not None and name.casefold() in written:
            return name, char
    return None


def check_links(index: VaultIndex, resolver: Resolver) -> LinkCheck:
    """Resolve every link of every published note once.

    Args:
        index: The vault index.
        resolver: The resolver over that index.

    Returns:
        The records (document order, notes sorted by path) and their diagnostics.
    """
    records: list[LinkRecord] = []
    diagnostics: list[Diagnostic] = []
    for uri in sorted(index.notes):
        note = index.notes[uri]
        if not note.published:
            continue
        for link in note.links:
            result = resolver.resolve(link, uri)
            status, target, anchor = _status(result)
            records.append(LinkRecord(uri, link, result, status, target, anchor))
            for kind, message in describe(link, uri, result, resolver):
                diagnostics.append(Diagnostic(uri, link.line, link.col, kind, message))
    return LinkCheck(tuple(records), tuple(diagnostics))


def report_json(records: Sequence[LinkRecord], extra: Sequence[Diagnostic] = ()) -> str:
    """Serialise the public link report (``link-report.json``): counts, links, other problems.

    The file is published with the site, so it says nothing a reader could not see on the pages:
    a link to a withheld note (``publish: false``, unreadable properties) is ``unresolved``, as
    on its page, with no target; links *from* withheld notes are not checked at all. The full
    truth (which note a link reaches and why it is hidden) goes to the build log only.
    """
    return "".join(report_chunks(records, extra))


def report_chunks(records: Sequence[LinkRecord], extra: Sequence[Diagnostic] = ()) -> Iterator[str]:
    """:func:`report_json` in pieces, to write to a file: the rows of a few hundred links are
    made and written at a time (a vault of 33,000 links needed 96 MB more for the whole text
    and its rows at once)."""
    counts = Counter("unresolved" if r.status == "unpublished" else str(r.status) for r in records)
    payload = {
        "version": 1,
        "counts": dict(sorted(counts.items())),
        "links": (_public(r.as_json()) for r in records),
        "problems": [str(d) for d in extra],
    }
    return json_for_html_chunks(payload)


def _public(row: dict[str, object]) -> dict[str, object]:
    if row["status"] == "unpublished":
        return {**row, "status": "unresolved", "target": None, "anchor": None}
    return row


def json_for_html(payload: object) -> str:
    """Compact JSON with sorted keys, and ``<``, ``>``, ``&`` written as ``\\u`` escapes.

    The values are the vault's text (paths, titles, link text). JSON readers get them back
    exactly; a browser or a careless script that puts the file into HTML finds no markup in it.
    """
    return _escaped(json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")))


def json_for_html_chunks(payload: Mapping[str, object], batch: int = 500) -> Iterator[str]:
    """:func:`json_for_html` of a mapping, in pieces whose concatenation is that text.

    A value that is a list or an iterator (a generator of rows) is written ``batch`` items at a
    time, so that neither the whole text nor (for an iterator) all the items are held at once.
    """
    yield "{"
    for position, key in enumerate(sorted(payload)):
        yield ("," if position else "") + json_for_html(key).rstrip("\n") + ":"
        value = payload[key]
        if not isinstance(value, (list, Iterator)):
            yield json_for_html(value).rstrip("\n")
            continue
        yield "["
        items = iter(value)
        first = True
        while chunk := list(itertools.islice(items, batch)):
            yield ("" if first else ",") + json_for_html(chunk).rstrip("\n")[1:-1]
            first = False
        yield "]"
    yield "}\n"


def _escaped(text: str) -> str:
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") + "\n"


def summary(records: Sequence[LinkRecord], diagnostics: Sequence[Diagnostic]) -> list[str]:
    """A short human summary: counts per status (each problem was already reported once)."""
    counts = Counter(r.status for r in records)
    head = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "no links"
    return [f"link report: {len(records)} links and embeds ({head})"]
