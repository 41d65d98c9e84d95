"""The resolver: the one answer to "where does this link go?".

Hrefs, embeds, backlinks, the graph, diagnostics and the link report all call
:meth:`Resolver.resolve`, so they cannot disagree (Quartz #2258 is what happens otherwise).

Order, as Obsidian resolves a written link (``MetadataCache.getFirstLinkpathDest``):

1. ``[[#Heading]]`` / ``[[#^id]]`` (empty target): the note itself.
2. ``./x`` or ``../x``: relative to the linking note's folder.
3. A target with ``/``: a path from the vault root, then from the linking note's folder, then
   any file whose path ends with it.
4. A bare name: every file with that name (``.md`` optional for notes, required otherwise).
5. Nothing yet: a note whose frontmatter ``aliases`` holds the name (reported at info level).

A Markdown link (``[text](Note%20Name.md)``, :attr:`WikiLink.markdown`) is first read as MkDocs
reads it, relative to the linking note's folder; when that names no file, the rules above apply
(as Obsidian resolves Markdown links), except the alias fallback, which Obsidian keeps for wiki
links. Its fragment may be a heading as written or the heading's anchor (``#part-1-basics``).

Matching is case-insensitive and Unicode-normalised (NFC), exact case preferred. When several
files remain, the result is ``Ambiguous``, carrying every candidate so the report can name them,
and the pick is Obsidian's, as observed through ``getFirstLinkpathDest`` on Obsidian 1.13.7
(pvliesdonk/markdown-vault-mcp#1350, fixture and console output there; the help documents no
rule):

1. the file whose vault path *is* the link (``[[Note]]`` → ``Note.md`` at the root, from any
   folder, even beside another ``Note.md``);
2. else a file in the linking note's own folder (an ancestor folder counts for nothing);
3. else the shortest path, counted in characters as Obsidian counts them (UTF-16 units,
   extension included: ``a/b/Note.md`` before ``zzzz/Note.md``);
4. else, where Obsidian's own pick was seen to vary, the alphabetically first path.
"""

from __future__ import annotations

import difflib
import posixpath
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Literal

from nonlinear.vault.index import Heading, Note, Slugify, VaultIndex, loose_key
from nonlinear.vault.links import WikiLink
from nonlinear.vault.paths import Anchor, SrcUri, folder, is_note, nfc, note_key, stem

Via = Literal["self", "path", "relative", "suffix", "name", "alias"]


@dataclass(frozen=True, slots=True)
class Resolved:
    """The link reaches a file (its fragment may still be missing)."""

    src_uri: SrcUri
    """The target file."""
    anchor: Anchor | None = None
    """The fragment to append (heading anchor, ``^block``), ``None`` for the top of the page."""
    via: Via = "name"
    """Which rule found it (``alias`` is the fallback Obsidian does not document)."""
    missing: Literal["heading", "block"] | None = None
    """Set when the note exists but the heading or block id does not."""
    available: tuple[str, ...] = ()
    """With :attr:`missing`: the headings or block ids the note does have."""
    heading: Heading | None = None
    """The heading the fragment names, if any."""


Rule = Literal["path", "folder", "shortest"]
"""Which tie-break rule chose among several files (see the module docstring)."""


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """Several files match; :attr:`chosen` is the deterministic pick, still worth a warning."""

    candidates: tuple[SrcUri, ...]
    chosen: Resolved
    rule: Rule = "shortest"
    """Why :attr:`chosen` was picked."""


@dataclass(frozen=True, slots=True)
class Unresolved:
    """The link reaches nothing the site publishes."""

    reason: Literal["missing", "unpublished", "outside"]
    """``unpublished``: target has ``publish: false``; ``outside``: ``../`` past the root."""
    suggestions: tuple[str, ...] = ()
    """Close names and aliases, best first (did you mean)."""
    src_uri: SrcUri | None = None
    """The unpublished note, for ``unpublished``."""


Resolution = Resolved | Ambiguous | Unresolved


def chosen(result: Resolution) -> Resolved | None:
    """Return the file a result points at (the pick, for an ambiguous one), if any."""
    if isinstance(result, Ambiguous):
        return result.chosen
    if isinstance(result, Resolved):
        return result
    return None


@dataclass(slots=True)
class Resolver:
    """Resolves wiki links against a :class:`VaultIndex`; results are cached per source."""

    index: VaultIndex
    slugify: Slugify
    _cache: dict[tuple[str, str, tuple[str, ...], str | None, bool], Resolution] = field(
        default_factory=dict
    )
    _names: Suggester | None = None
    _files: Suggester | None = None
    _suggested: dict[tuple[bool, str], tuple[str, ...]] = field(default_factory=dict)

    def resolve(self, link: WikiLink, source: str) -> Resolution:
        """Resolve *link* written in the note *source*.

        Args:
            link: The parsed link.
            source: ``src_uri`` of the note the link is written in.

        Returns:
            ``Resolved``, ``Ambiguous`` (with the pick) or ``Unresolved`` (with suggestions).
        """
        key = (source, link.target, link.headings, link.block_id, link.markdown)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._resolve(link, SrcUri(source))
            self._cache[key] = hit
        return hit

    def forget(self) -> None:
        """Drop every answer kept so far and the did-you-mean indexes.

        Nothing changes in what :meth:`resolve` answers; it works each answer out again when
        asked. The hook calls it once every page is converted (no page asks after that), so
        that the build does not hold a cache entry per link until it ends.
        """
        self._cache.clear()
        self._suggested.clear()
        self._names = None
        self._files = None

    def unambiguous_target(self, candidate: str, source: str) -> str:
        """The shortest link target written in *source* that reaches *candidate* alone.

        For the "write [[...]]" hint of an ambiguous link: the shortest path suffix
        (``Concepts/Dup``; notes without ``.md``) that resolves to *candidate* and nothing else,
        else the path from the vault root with a leading ``/`` (``/Dup`` for a root note whose
        bare name is shared).

        Args:
            candidate: ``src_uri`` of one candidate of an ambiguous link.
            source: ``src_uri`` of the note the link is written in.
        """
        path = candidate.removesuffix(".md") if is_note(candidate) else candidate
        parts = path.split("/")
        for size in range(1, len(parts) + 1):
            suffix = "/".join(parts[-size:])
            result = self.resolve(WikiLink(suffix), source)
            if isinstance(result, Resolved) and result.src_uri == candidate:
                return suffix
        return "/" + path

    # -- the file ---------------------------------------------------------------------------

    def _resolve(self, link: WikiLink, source: SrcUri) -> Resolution:
        target = nfc(link.target).strip()
        via: Via
        # The path from the note's folder: read for Markdown links and paths ("./x" too).
        here = (
            posixpath.normpath(posixpath.join(folder(source) or ".", target.lstrip("/")))
            if link.markdown or "/" in target
            else ""
        )
        if not target:
            candidates: tuple[SrcUri, ...] = (source,)
            via = "self"
        elif link.markdown and not here.startswith("../") and self._by_path(here):
            candidates, via = self._by_path(here), "relative"
        elif target.startswith(("./", "../")):
            if here.startswith("../") or here == "..":
                return Unresolved("outside", self._suggest(target))
            candidates, via = self._by_path(here), "relative"
        elif "/" in target:
            path = target.lstrip("/")
            candidates, via = self._by_path(path), "path"
            if not candidates and not target.startswith("/"):
                candidates, via = self._by_path(here), "relative"
            if not candidates:
                candidates, via = self._by_suffix(path), "suffix"
        else:
            candidates, via = self._by_name(target), "name"
        if not candidates and "/" not in target and target and not link.markdown:
            candidates = self.index.by_alias.get(note_key(target), ())
            candidates = tuple(c for c in candidates if self.index.published(c))
            via = "alias"
        if not candidates:
            return Unresolved("missing", self._suggest(target))
        published = tuple(c for c in candidates if self.index.published(c))
        if not published:
            return Unresolved("unpublished", (), candidates[0])
        candidates = self._prefer_exact_case(published, target)
        if len(candidates) == 1:
            return self._fragment(link, candidates[0], via)
        exact = {note_key(target.lstrip("/")), note_key(target.lstrip("/") + ".md")}
        ranked = sorted(candidates, key=lambda c: _closeness(c, source, exact))
        pick = ranked[0]
        resolved = self._fragment(link, pick, via)
        if len(candidates) > 1:
            rule: Rule = ("path", "folder", "shortest")[_closeness(pick, source, exact)[0]]
            return Ambiguous(tuple(sorted(candidates)), resolved, rule)
        return resolved

    def _by_path(self, path: str) -> tuple[SrcUri, ...]:
        found = self.index.by_path.get(note_key(path), ())
        return found or self.index.by_path.get(note_key(path + ".md"), ())

    def _by_name(self, name: str) -> tuple[SrcUri, ...]:
        found = self.index.by_name.get(note_key(name), ())
        return found or self.index.by_name.get(note_key(name + ".md"), ())

    def _by_suffix(self, path: str) -> tuple[SrcUri, ...]:
        name = path.rsplit("/", 1)[-1]
        wanted = [note_key("/" + path), note_key("/" + path + ".md")]
        for want in wanted:
            found = tuple(c for c in self._by_name(name) if note_key("/" + c).endswith(want))
            if found:
                return found
        return ()

    @staticmethod
    def _prefer_exact_case(candidates: tuple[SrcUri, ...], target: str) -> tuple[SrcUri, ...]:
        if len(candidates) < 2:
            return candidates
        tail = target.lstrip("./").rsplit("/", 1)[-1]
        exact = tuple(
            c for c in candidates if nfc(stem(c)) == tail or nfc(c.rsplit("/", 1)[-1]) == tail
        )
        return exact or candidates

    # -- the fragment -----------------------------------------------------------------------

    def _fragment(self, link: WikiLink, target: SrcUri, via: Via) -> Resolved:
        note = self.index.notes.get(target)
        if note is None:
            # Attachments keep their fragment as written (#page=3 for a PDF).
            fragment = link.fragment
            return Resolved(target, Anchor(fragment) if fragment else None, via)
        if link.block_id is not None:
            if link.block_id in note.blocks:
                return Resolved(target, Anchor("^" + link.block_id), via)
            return Resolved(target, None, via, "block", tuple(sorted(note.blocks)))
        if link.headings:
            heading = self._find_heading(note, link.headings)
            if heading is None:
                return Resolved(target, None, via, "heading", tuple(h.text for h in note.headings))
            return Resolved(target, heading.anchor, via, heading=heading)
        return Resolved(target, None, via)

    def _find_heading(self, note: Note, path: Sequence[str]) -> Heading | None:
        """Find the heading named by ``H1#H2``: the last part, under the earlier ones in order."""
        *outer, last = path
        for candidate in self._matching(note, last):
            wanted = list(reversed(outer))
            parent = candidate.parent
            while wanted and parent is not None:
                if self._same_heading(note.headings[parent], wanted[0]):
                    wanted.pop(0)
                parent = note.headings[parent].parent
            if not wanted:
                return candidate
        return None

    def _matching(self, note: Note, text: str) -> list[Heading]:
        """Headings matching *text*: exact, then case-insensitive, slug, loose (punctuation)."""
        tests = (
            lambda h: h.text == text,
            lambda h: note_key(h.text) == note_key(text),
            lambda h: h.anchor == text,  # a Markdown link's "#part-1-basics", "#intro_1"
            lambda h: self.slugify(h.text, "-") == self.slugify(text, "-") != "",
            lambda h: loose_key(h.text) == loose_key(text) != "",
        )
        for test in tests:
            found = [h for h in note.headings if test(h)]
            if found:
                return found
        return []

    def _same_heading(self, heading: Heading, text: str) -> bool:
        return any(
            (
                heading.text == text,
                note_key(heading.text) == note_key(text),
                loose_key(heading.text) == loose_key(text) != "",
            )
        )

    # -- suggestions ------------------------------------------------------------------------

    def _suggest(self, target: str) -> tuple[str, ...]:
        name = target.rsplit("/", 1)[-1]
        if name.lower().endswith(".md"):
            name = name[:-3]
        attachment = "." in name
        found = self._suggested.get((attachment, note_key(name)))
        if found is not None:
            return found
        if attachment:
            # An attachment: suggest files with a close name (extension included).
            if self._files is None:
                names = {uri.rsplit("/", 1)[-1] for uri in self.index.files if not is_note(uri)}
                self._files = Suggester(sorted(names))
            suggester = self._files
        else:
            if self._names is None:
                self._names = Suggester(sorted(set(self.index.names())))
            suggester = self._names
        found = suggester.close(name)
        self._suggested[(attachment, note_key(name))] = found
        return found


@dataclass(slots=True)
class Suggester:
    """Did-you-mean over a fixed list of names, fast on vaults of thousands of notes.

    ``difflib.get_close_matches`` over every name for every unresolved link costs
    names × links: on a generated 6,500-note vault with 1,500 links to notes not written yet,
    most of a build. Names are indexed once by their three-letter pieces; a query compares
    only the names sharing most pieces with it (:attr:`SHORTLIST`), with the same difflib
    scoring and cutoff. Short names (a few letters, no pieces to share) are compared with all.
    """

    names: list[str]
    _keys: list[str] = field(default_factory=list)
    _by_key: dict[str, str] = field(default_factory=dict)
    _grams: dict[str, list[int]] = field(default_factory=dict)

    SHORTLIST = 200

    def __post_init__(self) -> None:
        for name in self.names:
            self._by_key.setdefault(note_key(name), name)
        self._keys = list(self._by_key)
        for position, key in enumerate(self._keys):
            for gram in _trigrams(key):
                self._grams.setdefault(gram, []).append(position)

    def close(self, name: str, n: int = 3, cutoff: float = 0.6) -> tuple[str, ...]:
        """Up to *n* names close to *name*, best first."""
        key = note_key(name)
        grams = _trigrams(key)
        if len(key) < 4:  # too short to share pieces: compare with every name
            pool = self._keys
        else:
            shared: Counter[int] = Counter()
            for gram in grams:
                shared.update(self._grams.get(gram, ()))
            best = sorted(shared.items(), key=lambda item: (-item[1], item[0]))
            pool = [self._keys[position] for position, _ in best[: self.SHORTLIST]]
        matches = difflib.get_close_matches(key, pool, n=n, cutoff=cutoff)
        return tuple(self._by_key[m] for m in matches)


def _trigrams(key: str) -> set[str]:
    padded = f"  {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _closeness(candidate: str, source: str, exact: Collection[str]) -> tuple[int, int, str]:
    """Sort key of the ambiguity pick (module docstring): exact vault path, the linking note's
    own folder, the shortest path in UTF-16 units (JavaScript's string length), the name."""
    if note_key(candidate) in exact:
        rank = 0
    elif folder(candidate) == folder(source):
        rank = 1
    else:
        rank = 2
    return (rank, len(candidate.encode("utf-16-le")) // 2, candidate)
