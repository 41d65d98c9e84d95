"""Content lint: problems in the *text* of a note that no link resolver can see.

Where it sits: the vault engine (``vault.py``, ``resolve.py``) checks links and embeds while
the site is built; this module checks what a reader would notice in the prose itself. It runs
in ``make test`` (``tests/unit/test_content.py`` lints every note of ``docs/``) and can be
called on any note. Like the rest of the library it is pure: text in, diagnostics out; it
never reads files, never logs and never repairs a note (the fix is an edit, see STYLE.md §6).

Checks:

* ``mojibake`` (every note): UTF-8 text that was decoded as Latin-1/cp1252 and saved again,
  e.g. ``Â`` before a no-break space, ``â€™`` for ``’``, ``Ã©`` for ``é``. Reported at the
  first character of the garbled sequence, with the text to put in its place.
* Activation notes (frontmatter ``activation:``) must have a display formula (``$$``), an
  ``![[<name>.svg]]`` figure embed and a ``## References`` section naming a checkable
  primary source: an arXiv id, a DOI, an ISBN or publisher (a book), or a named venue.
* ``bad-frontmatter``: YAML that does not parse, or an ``activation:`` that is not a name or
  a list of names.
* ``spelling`` (every note): the house style is Oxford spelling, British with ``-ize`` (the
  spelling of the seed note, of the note names ``Weight initialization``, ``Batch
  normalization``, and of most paper titles) and ``-re``/``-our`` (``zero-centred``). A ``-ise``
  form of an ``-ize`` verb (``initialisation``, ``normalised``) in prose is reported with its
  ``-ize`` form; inline code, links' destinations and fenced code are not prose.

Positions are 1-based lines and columns (columns count characters, not bytes) of the whole
file, frontmatter included, so editors can jump to ``path:line:col``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

import yaml

from nonlinear.vault.diagnostics import Located

__all__ = [
    "LintDiagnostic",
    "LintKind",
    "NoteText",
    "lint_note",
    "parse_note",
]

LintKind = Literal[
    "mojibake",
    "bad-frontmatter",
    "missing-formula",
    "missing-figure",
    "missing-references",
    "unverifiable-references",
    "spelling",
]
"""Every kind of problem the lint reports."""


class LintDiagnostic(Located[LintKind]):
    """A problem in a note's text. Lint kinds are checked by the test suite, not by the build."""

    __slots__ = ()


# --- mojibake -------------------------------------------------------------------------------
#
# A UTF-8 multi-byte sequence is a lead byte (C2–DF: 2 bytes, E0–EF: 3, F0–F4: 4) followed by
# continuation bytes (80–BF). Decoded as Latin-1 each byte becomes one character: leads become
# 'Â'…'ô' and continuations U+0080–U+00BF. Decoded as Windows-1252 (what most "Latin-1"
# readers really use), bytes 80–9F become typographic characters instead ('€', '™', '“'…).


def _continuation_chars() -> str:
    """Characters that a UTF-8 continuation byte (0x80–0xBF) turns into under Latin-1/cp1252."""
    chars = [chr(byte) for byte in range(0x80, 0xC0)]  # Latin-1: the byte value itself
    for byte in range(0x80, 0xA0):  # cp1252: 5 of these 32 bytes are undefined
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            continue
    return "".join(sorted(set(chars)))


_CONT: Final = re.escape(_continuation_chars())

RE_MOJIBAKE: Final = re.compile(
    rf"""
      [\u00c2-\u00df] [{_CONT}]          # a 2-byte sequence (e.g. C2 A0, C3 A9) read as 2 chars
    | [\u00e0-\u00ef] [{_CONT}]{{2}}     # a 3-byte sequence (e.g. E2 80 99) read as 3 chars
    | [\u00f0-\u00f4] [{_CONT}]{{3}}     # a 4-byte sequence read as 4 chars
    | \u00c2 (?=[ ])                     # 'Â' + plain space: a no-break space (C2 A0) whose
                                         # second half an editor later turned into a space
    """,
    re.VERBOSE,
)


def _to_bytes(garbled: str) -> bytes:
    """Undo the wrong decoding: each character back to the single byte it was read from."""
    out = bytearray()
    for char in garbled:
        code = ord(char)
        out += bytes([code]) if code < 0x100 else char.encode("cp1252")
    return bytes(out)


def _repair(garbled: str) -> str | None:
    """Return the text ``garbled`` was meant to be, or None if it is not valid UTF-8 mojibake."""
    if garbled == "\u00c2":  # the 'Â' + space case: the no-break space lost its second byte
        return "\u00a0"
    try:
        return _to_bytes(garbled).decode("utf-8")
    except UnicodeDecodeError:  # e.g. an overlong form: a real accented letter, not mojibake
        return None


def _describe(replacement: str) -> str:
    if replacement in {"\u00a0", " "}:
        return "a space"
    return repr(replacement)


def _mojibake(src_uri: str, lines: Sequence[str]) -> list[LintDiagnostic]:
    found: list[LintDiagnostic] = []
    for number, line in enumerate(lines, start=1):
        for match in RE_MOJIBAKE.finditer(line):
            garbled = match.group()
            repaired = _repair(garbled)
            if repaired is None:
                continue
            shown = garbled + " " if garbled == "\u00c2" else garbled
            found.append(
                LintDiagnostic(
                    src_uri,
                    number,
                    match.start() + 1,
                    "mojibake",
                    f"{shown!r} is UTF-8 text that was decoded as Latin-1 and saved again; "
                    f"replace {shown!r} with {_describe(repaired)}",
                )
            )
    return found


# --- note structure -------------------------------------------------------------------------

RE_FENCE: Final = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")  # opening/closing code fence
RE_HEADING: Final = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<title>.*?)[ \t#]*$")
RE_SVG_EMBED: Final = re.compile(
    r"""
    !\[\[                 # embed opener
    [^\]|#]+ \.svg        # target file name ending in .svg
    (?: [|#] [^\]]* )?    # optional |size or #fragment
    \]\]
    """,
    re.VERBOSE | re.IGNORECASE,
)
RE_CITATION: Final = re.compile(
    r"""
      arXiv: \s? \d{4}\.\d{4,5}                      # arXiv id, e.g. arXiv:1502.01852
    | \b 10\.\d{4,9}/\S+                             # DOI, e.g. 10.1109/ICCV.2015.123
    | \b ISBN \b                                     # a book
    | \b Press \b                                    # a book: "MIT Press"
    | \b (?: Proceedings | Conference | Journal | Workshop | Transactions | Advances\ in
           | ICML | NeurIPS | NIPS | AISTATS | ICLR | ICCV | CVPR | BMVC | PMLR | JMLR
           | Neural\ Networks ) \b                   # a named peer-reviewed venue
    | \b (?: manuscript | technical\ report | thesis ) \b   # a named unpublished document
    """,
    re.VERBOSE | re.IGNORECASE,
)


# --- spelling -------------------------------------------------------------------------------
#
# Stems whose verbs take -ize in Oxford spelling. An explicit list, because "-ise" alone also
# ends words that never take -ize (otherwise, noise, compromise, exercise, surprise, advertise).
_IZE_STEMS: Final = [
    "binari",
    "categori",
    "centrali",
    "characteri",
    "discreti",
    "emphasi",
    "generali",
    "initiali",
    "lineari",
    "maximi",
    "memoi",
    "minimi",
    "normali",
    "optimi",
    "organi",
    "parametri",
    "penali",
    "populari",
    "quanti",
    "randomi",
    "reali",
    "recogni",
    "regulari",
    "seriali",
    "speciali",
    "stabili",
    "standardi",
    "summari",
    "symboli",
    "tokeni",
    "utili",
    "vectori",
    "visuali",
]
RE_ISE: Final = re.compile(
    r"\b(?P<stem>" + "|".join(_IZE_STEMS) + r")s(?P<end>e|es|ed|ing|er|ers|ation|ations|able)\b",
    re.IGNORECASE,
)
# Not prose: inline code, a link's destination, a bare URL, a wiki link's target.
RE_NOT_PROSE: Final = re.compile(r"`+[^`]*`+|\]\([^)]*\)|<?https?://\S+|\[\[[^\]|#]*")


def _spelling(src_uri: str, body: Sequence[tuple[int, str]]) -> list[LintDiagnostic]:
    found: list[LintDiagnostic] = []
    for number, text in body:
        if "is" not in text:
            continue
        prose = RE_NOT_PROSE.sub(lambda m: " " * len(m.group(0)), text)
        for m in RE_ISE.finditer(prose):
            z = "Z" if m.group(0)[len(m["stem"])].isupper() else "z"
            oxford = m["stem"] + z + m["end"]
            found.append(
                LintDiagnostic(
                    src_uri,
                    number,
                    m.start() + 1,
                    "spelling",
                    f"'{m.group(0)}': the notes use Oxford spelling (-ize); write '{oxford}'",
                )
            )
    return found


@dataclass(frozen=True, slots=True)
class NoteText:
    """A note split into frontmatter and body lines, code blocks marked.

    Build it with :func:`parse_note`.
    """

    frontmatter: dict[str, object]
    """Parsed YAML frontmatter (empty when the note has none or it does not parse)."""
    key_lines: dict[str, int]
    """1-based line of each top-level frontmatter key."""
    body: tuple[tuple[int, str], ...]
    """``(line number, text)`` of every body line outside fenced code blocks."""
    problems: tuple[tuple[int, str], ...] = field(default=())
    """``(line, message)`` of frontmatter problems."""

    @property
    def activations(self) -> tuple[str, ...]:
        """Names in the ``activation:`` key (a name or a list of names); empty if absent."""
        value = self.frontmatter.get("activation")
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return tuple(str(item) for item in value)
        return ()

    def section(self, title: str) -> tuple[int, str] | None:
        """Return ``(heading line, text)`` of the first ``## title`` section, or None.

        The section runs to the next heading of level 1 or 2; code blocks are left out.
        """
        start: int | None = None
        parts: list[str] = []
        for number, text in self.body:
            heading = RE_HEADING.match(text)
            if heading and len(heading["hashes"]) <= 2:
                if start is not None:
                    break
                if len(heading["hashes"]) == 2 and heading["title"].strip() == title:
                    start = number
                continue
            if start is not None:
                parts.append(text)
        return None if start is None else (start, "\n".join(parts))


def parse_note(text: str) -> NoteText:
    """Split a note into frontmatter and body; never raises on content.

    Args:
        text: The whole note, as read from disk (UTF-8).

    Returns:
        The parsed note; frontmatter problems are listed in ``problems``.
    """
    lines = text.splitlines()
    frontmatter: dict[str, object] = {}
    key_lines: dict[str, int] = {}
    problems: list[tuple[int, str]] = []
    first_body = 0
    if lines and lines[0].rstrip() == "---":
        end = next(
            (i for i in range(1, len(lines)) if lines[i].rstrip() in {"---", "..."}),
            None,
        )
        if end is None:
            problems.append((1, "frontmatter opened with '---' is never closed; add a '---' line"))
        else:
            first_body = end + 1
            try:
                loaded = yaml.safe_load("\n".join(lines[1:end]))
            except yaml.YAMLError as error:
                mark = getattr(error, "problem_mark", None)
                where = 2 + (mark.line if mark is not None else 0)
                problems.append((where, f"frontmatter is not valid YAML: {error}"))
                loaded = None
            if isinstance(loaded, dict):
                frontmatter = {str(key): value for key, value in loaded.items()}
            elif loaded is not None:
                problems.append((2, "frontmatter must be a mapping of keys to values"))
            for i in range(1, end):
                key = re.match(r"^([^\s:#][^:]*):", lines[i])
                if key:
                    key_lines.setdefault(key.group(1).strip(), i + 1)
    body: list[tuple[int, str]] = []
    fence: str | None = None
    for i in range(first_body, len(lines)):
        opener = RE_FENCE.match(lines[i])
        if fence is None and opener:
            fence = opener["fence"]
            continue
        if fence is not None:
            if opener and opener["fence"][0] == fence[0] and len(opener["fence"]) >= len(fence):
                fence = None
            continue
        body.append((i + 1, lines[i]))
    return NoteText(frontmatter, key_lines, tuple(body), tuple(problems))


def _activation_checks(src_uri: str, note: NoteText) -> list[LintDiagnostic]:
    found: list[LintDiagnostic] = []
    value = note.frontmatter.get("activation")
    where = note.key_lines.get("activation", 1)
    if not note.activations:
        found.append(
            LintDiagnostic(
                src_uri,
                where,
                1,
                "bad-frontmatter",
                f"'activation:' must name a function of nonlinear.activations or list several "
                f"(activation: relu, or activation: [elu, selu]); found {value!r}",
            )
        )
        return found
    if not any("$$" in text for _, text in note.body):
        found.append(
            LintDiagnostic(
                src_uri,
                where,
                1,
                "missing-formula",
                "an activation note needs its definition as display math; add f(x) and f'(x) "
                "between '$$' lines under '## Definition'",
            )
        )
    if not any(RE_SVG_EMBED.search(text) for _, text in note.body):
        found.append(
            LintDiagnostic(
                src_uri,
                where,
                1,
                "missing-figure",
                f"an activation note needs its figure; add '![[{note.activations[0]}.svg]]' "
                "under '## Figure'",
            )
        )
    references = note.section("References")
    if references is None:
        found.append(
            LintDiagnostic(
                src_uri,
                where,
                1,
                "missing-references",
                "an activation note needs a '## References' section with its primary source "
                "(authors, year, title, venue, arXiv id or DOI)",
            )
        )
    elif not RE_CITATION.search(references[1]):
        found.append(
            LintDiagnostic(
                src_uri,
                references[0],
                1,
                "unverifiable-references",
                "'## References' names no checkable source; give the primary source's arXiv id "
                "(arXiv:NNNN.NNNNN), DOI (10.xxxx/...), venue or publisher, not only web pages",
            )
        )
    return found


def lint_note(src_uri: str, text: str) -> list[LintDiagnostic]:
    """Check the text of one note.

    Args:
        src_uri: POSIX path of the note relative to the vault root, used in the diagnostics.
        text: The note's content, decoded as UTF-8.

    Returns:
        The problems found, sorted by position; empty when the note is clean.
    """
    note = parse_note(text)
    found = _mojibake(src_uri, text.splitlines())
    found += [
        LintDiagnostic(src_uri, line, 1, "bad-frontmatter", message)
        for line, message in note.problems
    ]
    found += _spelling(src_uri, note.body)
    if "activation" in note.frontmatter:
        found += _activation_checks(src_uri, note)
    return sorted(found, key=lambda d: (d.line, d.col, d.kind))
