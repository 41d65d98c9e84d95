"""Python-Markdown extension that renders wiki links, media embeds and block ids.

Pipeline position: MkDocs creates one ``Markdown`` per page with our extension instance (the hook
appends it to ``markdown_extensions`` in ``on_config``). Note transclusions were already expanded
in the page's Markdown by :mod:`nonlinear.vault.embeds`; what reaches this extension is:

* ``[[...]]`` and ``![[...]]`` in prose → :class:`WikiLinkInlineProcessor`, priority 185:
  below backticks (190) and arithmatex inline math (189.9), so code and math are never scanned;
  above backslash escapes (180), so ``\\|`` inside a table cell is still raw when we read it.
* `` ^id`` markers → :class:`BlockIdTreeprocessor` (priority 6: after the inline pass, before
  toc and MkDocs' anchor collector at 5) moves them into ``id`` attributes; a ``^id`` line right
  under a table or quote first gets a blank line before it (:class:`BlockIdLinePreprocessor`), so
  it names that block, as the index says.

Links are emitted as relative ``.md`` hrefs; MkDocs' relpath treeprocessor (priority 0) turns them
into page URLs and validates them. Unresolved links become ``<span class="wikilink
wikilink--broken">``, never a dead ``<a>``; a link to a heading or block the note lacks stays a
link to the note, with the ``wikilink--broken`` class and a tooltip saying what is missing.
Every text is set as element text, so the serializer escapes it: an alias cannot inject markup.
"""

from __future__ import annotations

import bisect
import copy
import re
import xml.etree.ElementTree as etree  # noqa: N813  (Python-Markdown's own spelling)
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from nonlinear.vault.links import (
    RE_AUTOLINK,
    RE_WIKILINK,
    WikiLink,
    inline_comment_spans,
    markdown_link,
    parse_inner,
)
from nonlinear.vault.paths import SrcUri, is_note, relative_href, stem
from nonlinear.vault.resolve import Resolution, Resolved, Resolver, Unresolved, chosen
from nonlinear.vault.safety import URL_ATTRIBUTES, is_event_attribute, unsafe_url

IMAGE_EXTENSIONS = frozenset({"avif", "bmp", "gif", "jpeg", "jpg", "png", "svg", "webp"})
AUDIO_EXTENSIONS = frozenset({"flac", "m4a", "mp3", "ogg", "wav", "3gp"})
VIDEO_EXTENSIONS = frozenset({"mkv", "mov", "mp4", "ogv", "webm"})
# Python-Markdown's placeholder for an inline node stashed by an earlier pattern (code, math).
RE_INLINE_PLACEHOLDER = re.compile("\x02klzzwxh:(\\d+)\x03")
RE_SIZE = re.compile(r"^(?P<width>\d+)(?:x(?P<height>\d+))?$")
RE_OWN_LINE_BLOCK = re.compile(r"^\^(?P<id>[A-Za-z0-9_-]+)$")
# A trailing marker, also on a line of its own after a soft break ("text\n^id").
RE_TRAILING_MARKER = re.compile(r"(?:^|\s)\^(?P<id>[A-Za-z0-9_-]+)[ \t]*$")
# A table row or quote line, then a "^id" line right under it (top level: at most 3 spaces).
RE_TABLE_OR_QUOTE = re.compile(r"^ {0,3}[|>]")
RE_MARKER_LINE = re.compile(r"^ {0,3}\^[A-Za-z0-9_-]+[ \t]*$")
BLOCK_TAGS = frozenset({"ul", "ol", "p", "div", "blockquote", "table", "pre", "dl"})

MediaUrl = Callable[[str, str], str]
"""``media_url(page_src_uri, file_src_uri)``: URL of a file relative to a page's URL."""


@dataclass(slots=True)
class Trace:
    """What a page's rendering asked the rest of the build, with the answers it got."""

    links: list[tuple[WikiLink, str, Resolution]] = field(default_factory=list)
    """Every link resolved: (link, source note, answer), in order."""
    media: list[tuple[str, str, str]] = field(default_factory=list)
    """Every embedded file's URL asked for: (page, file, URL)."""


@dataclass(slots=True)
class RenderContext:
    """What the renderer needs to know about the build; the hook updates ``src_uri`` per page."""

    resolver: Resolver
    media_url: MediaUrl
    src_uri: str = ""
    """The page being rendered."""
    trace: Trace | None = None
    """When set, every question the renderer asks about the rest of the vault is recorded
    here (``make serve`` keeps a page's HTML between rebuilds while :meth:`still_answers`
    holds for its trace)."""
    too_deep: list[str] = field(default_factory=list)
    """Pages that nested too deeply to render (shown as text); the hook reports them."""

    def resolve(self, link: WikiLink) -> Resolution:
        """Resolve *link* written in the page being rendered (the only way rendering asks)."""
        result = self.resolver.resolve(link, self.src_uri)
        if self.trace is not None:
            self.trace.links.append((link, self.src_uri, result))
        return result

    def url(self, page: str, target: str) -> str:
        """URL of the file *target* relative to *page* (an embedded audio, video or PDF)."""
        result = self.media_url(page, target)
        if self.trace is not None:
            self.trace.media.append((page, target, result))
        return result

    def still_answers(self, trace: Trace) -> bool:
        """Whether every question of *trace* gets the same answer from this build.

        The rendered HTML of a page depends on the rest of the vault only through these
        answers (and, once MkDocs turns the ``.md`` hrefs into URLs, the files it looks up,
        which the caller records itself), so a page whose Markdown and trace are unchanged
        renders to the same HTML.
        """
        return all(
            self.resolver.resolve(link, source) == old for link, source, old in trace.links
        ) and all(self.media_url(page, target) == old for page, target, old in trace.media)


def _extension(src_uri: str) -> str:
    name = src_uri.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _broken_title(result: Unresolved, where: str) -> str:
    """The tooltip of a broken link: missing, with the best did-you-mean if there is one.

    A link to a withheld note (``publish: false``) reads exactly like a link to no note: the
    page is public, and must not confirm that the note exists (the build log says which).
    """
    hint = f" (did you mean {result.suggestions[0]!r}?)" if result.suggestions else ""
    return f"No note or file {where}{hint}"


def _missing_fragment_title(link: WikiLink, result: Resolved) -> str:
    """The tooltip of a link whose note exists but whose heading or block does not."""
    note = stem(result.src_uri)
    where = "the link opens the top of the note"
    if result.missing == "block":
        return f"No block ^{link.block_id} in {note!r}: {where}"
    return f"No heading {' > '.join(link.headings)!r} in {note!r}: {where}"


def _broken(link: WikiLink, title: str) -> etree.Element:
    el = etree.Element("span", {"class": "wikilink wikilink--broken", "title": title})
    el.text = AtomicString(link.text)
    return el


def render_link(link: WikiLink, ctx: RenderContext) -> etree.Element:
    """Render one link or embed written in the page ``ctx.src_uri``.

    Args:
        link: The parsed link.
        ctx: Resolver, media URL helper and current page.

    Returns:
        ``<a class="wikilink">``, an ``<img>``/``<audio>``/``<video>``/``<iframe>`` for media
        embeds, or ``<span class="wikilink wikilink--broken">`` when nothing is published there.
    """
    source = ctx.src_uri
    result = ctx.resolve(link)
    pick = chosen(result)
    if pick is None:
        assert isinstance(result, Unresolved)
        return _broken(link, _broken_title(result, f"named {link.target!r}"))
    target = pick.src_uri
    ext = _extension(target)
    if link.embed and not is_note(target):
        media = _render_media(link, source, target, ext, anchor=pick.anchor, ctx=ctx)
        if media is not None:
            return media
    if target == source and pick.anchor:
        href = "#" + pick.anchor
    else:
        href = relative_href(source, target, pick.anchor)
    classes = "wikilink wikilink--embed" if link.embed else "wikilink"
    el = etree.Element("a", {"class": classes, "href": href})
    if pick.missing is not None:
        # The note is there but the heading or block is not: still a link to the note (Obsidian
        # opens it at the top), drawn as broken so the reader and the author see it.
        el.set("class", classes + " wikilink--broken")
        el.set("title", _missing_fragment_title(link, pick))
    el.text = AtomicString(link.text)
    return el


def _render_media(
    link: WikiLink, source: str, target: SrcUri, ext: str, *, anchor: str | None, ctx: RenderContext
) -> etree.Element | None:
    size = RE_SIZE.match(link.alias or "")
    if ext in IMAGE_EXTENSIONS:
        # MkDocs rewrites <img src> itself (and checks the file exists).
        alt = link.alias if link.alias and not size else target.rsplit("/", 1)[-1]
        el = etree.Element(
            "img",
            {"class": "wikilink-embed", "src": relative_href(source, target), "alt": alt},
        )
        if size:
            el.set("width", size.group("width"))
            if size.group("height"):
                el.set("height", size.group("height"))
        return el
    url = ctx.url(source, target)
    if ext in AUDIO_EXTENSIONS or ext in VIDEO_EXTENSIONS:
        tag = "audio" if ext in AUDIO_EXTENSIONS else "video"
        el = etree.Element(tag, {"class": "wikilink-embed", "controls": "", "src": url})
        if size and tag == "video":
            el.set("width", size.group("width"))
        el.text = ""
        return el
    if ext == "pdf":
        el = etree.Element(
            "iframe",
            {
                "class": "wikilink-embed wikilink-embed--pdf",
                "src": url + ("#" + anchor if anchor else ""),
                "title": link.alias or target.rsplit("/", 1)[-1],
            },
        )
        el.text = ""
        return el
    return None


class WikiLinkInlineProcessor(InlineProcessor):
    """Turns ``[[...]]`` / ``![[...]]`` into elements via :func:`render_link`, in linear time.

    Python-Markdown rebuilds a paragraph's text after every match (the match becomes a
    placeholder), which is quadratic when one paragraph holds thousands of links. So one match
    renders the whole run of links that follows it, as long as the text between two links is
    inert, text no later inline pattern reads (:data:`RE_INERT_GAP`: no newline, markup
    character or placeholder). The run is handed to Python-Markdown as a single childless
    fragment element; :class:`FragmentTreeprocessor` puts the links and the text between them
    in its place right after the inline pass, so every later step sees plain siblings and the
    HTML is the same as one match per link would give.
    """

    def __init__(
        self,
        context: Callable[[], RenderContext],
        md: Markdown,
        fragments: dict[etree.Element, list[etree.Element]] | None = None,
    ) -> None:
        super().__init__(RE_WIKILINK.pattern, md)
        # The shared pattern is written with re.VERBOSE; compile it the same way here.
        self.compiled_re = re.compile(RE_WIKILINK.pattern, re.VERBOSE | re.DOTALL)
        self.context = context
        self.fragments = fragments if fragments is not None else {}
        self._comments = _CommentSpans()
        self._later: list[re.Pattern[str]] | None = None
        self._rendered: dict[tuple[str, str], etree.Element] = {}
        self.runs = True
        """Render runs of links in one match (``False``: one match per link, as a test asks)."""

    def handleMatch(  # type: ignore[override]  # noqa: N802  (Python-Markdown's API name)
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        """Render the match and the run of links after it; code and math are already hidden."""
        if not self._renders(m, data):
            return None, None, None
        ctx = self.context()
        elements = [self._render(m, ctx)]
        end = m.end(0)
        for following in self.compiled_re.finditer(data, end) if self.runs else ():
            gap = RE_INERT_GAP.fullmatch(data, end, following.start(0))
            if gap is None or not self._renders(following, data):
                break
            if "\n" in gap.group(0) and self._read_by_later_patterns(gap.group(0)):
                break  # a line break the line-break pattern turns into <br>
            if data.startswith("{", following.end(0)):
                break  # "[[x]]{: .cls }": attr_list needs that link as an element of its own
            if gap.group(0):
                elements[-1].tail = gap.group(0)
            elements.append(self._render(following, ctx))
            end = following.end(0)
        if len(elements) == 1:
            return elements[0], m.start(0), end
        fragment = etree.Element(FRAGMENT)
        fragment.text = AtomicString("")  # nothing for Python-Markdown to look into
        self.fragments[fragment] = elements
        return fragment, m.start(0), end

    def _read_by_later_patterns(self, text: str) -> bool:
        """Whether an inline pattern after this one would match in *text* (a line break)."""
        if self._later is None:
            registry = self.md.inlinePatterns  # iterates by priority, highest first
            mine = registry.get_index_for_name("nonlinear-wikilink")
            self._later = [pattern.compiled_re for pattern in list(registry)[mine + 1 :]]
        return any(pattern.search(text) for pattern in self._later)

    def _renders(self, m: re.Match[str], data: str) -> bool:
        inner = m.group("inner")
        pipe = inner.find("|")
        target = inner if pipe < 0 else inner[:pipe]
        if "\x02" in target or "\x03" in target:
            return False  # a stashed code span or math in the target: not a link
        # Python-Markdown leaves inline comments to a later pattern.
        return not self._comments.inside(data, m.start(0))

    def _render(self, m: re.Match[str], ctx: RenderContext) -> etree.Element:
        """Render one link; a link written again on the same page is copied, not resolved again."""
        inner = m.group("inner")
        if "\x02" in inner:
            link = parse_inner(inner, embed=bool(m.group("bang")))
            el = render_link(link, ctx)
            if link.alias is not None and "\x02" in link.alias and el.tag in {"a", "span"}:
                # Code or math in the display text ([[Funcs#hasTag|`hasTag`]]): put the stashed
                # elements back inside the link; the text around them stays text.
                stash = getattr(self.md.treeprocessors["inline"], "stashed_nodes", {})
                _fill(el, link.alias, stash)
            return el
        key = (ctx.src_uri, m.group(0))
        done = self._rendered.get(key)
        if done is None:
            done = render_link(parse_inner(inner, embed=bool(m.group("bang"))), ctx)
            if len(self._rendered) > 4096:
                self._rendered.clear()
            self._rendered[key] = done
        if len(done):
            return copy.deepcopy(done)
        clone = etree.Element(done.tag, done.attrib)
        clone.text = done.text
        return clone


def _fill(el: etree.Element, text: str, stash: dict[str, object]) -> None:
    """Set *el*'s content to *text*, its inline placeholders replaced by the stashed nodes."""
    el.text = None
    last: etree.Element | None = None
    pos = 0
    for m in RE_INLINE_PLACEHOLDER.finditer(text):
        node = stash.get(m.group(1))
        piece = text[pos : m.start()] + ("" if isinstance(node, etree.Element) else m.group(0))
        if last is None:
            el.text = AtomicString((el.text or "") + piece)
        else:
            last.tail = AtomicString((last.tail or "") + piece)
        if isinstance(node, etree.Element):
            el.append(node)
            last = node
        pos = m.end()
    rest = text[pos:]
    if last is None:
        el.text = AtomicString((el.text or "") + rest)
    else:
        last.tail = AtomicString((last.tail or "") + rest)


FRAGMENT = "nonlinear-fragment"
"""The tag of a run of links while Python-Markdown's inline pass runs (never in the output)."""

RE_INERT_GAP = re.compile(r"[^\r\\`*_\[\]()<>&#%$=~^{}\x02\x03]*")
"""Text between two links that no later inline pattern reads: no markup character (emphasis,
links, raw HTML, entities, tags, comments, math, ``==``, ``~~``, attribute lists, escapes) and
no placeholder of an earlier pattern. A newline counts only where no later pattern (a
line-break extension, two spaces before it) matches the text."""


class _CommentSpans:
    """Where the inline ``<!-- -->`` and ``%% %%`` comments of a text are, found once per text.

    The processor asks about every match of one text; Python-Markdown passes the same string
    object until a match is accepted, so the spans are computed once for it (linear), and a
    question is a binary search. The scanner masks the same spans
    (:func:`nonlinear.vault.links.scan_note`), so both agree.
    """

    def __init__(self) -> None:
        self._text: str | None = None
        self._starts: list[int] = []
        self._ends: list[int] = []

    def inside(self, data: str, pos: int) -> bool:
        """Whether *pos* lies inside a comment of *data*."""
        if data is not self._text:
            self._text = data
            spans = inline_comment_spans(data)
            self._starts = [start for start, _ in spans]
            self._ends = [end for _, end in spans]
        k = bisect.bisect_right(self._starts, pos) - 1
        return k >= 0 and pos < self._ends[k]


class FragmentTreeprocessor(Treeprocessor):
    """Puts each run of links :class:`WikiLinkInlineProcessor` made in place of its fragment.

    Runs right after the inline pass (20), before every other tree processor, so none of them
    ever sees a fragment. Linear in the size of the tree.
    """

    def __init__(self, md: Markdown, fragments: dict[etree.Element, list[etree.Element]]) -> None:
        super().__init__(md)
        self.fragments = fragments

    def run(self, root: etree.Element) -> None:
        """Replace each fragment by its links, in place."""
        if not self.fragments:
            return
        for parent in list(root.iter()):
            if not any(child.tag == FRAGMENT for child in parent):
                continue
            children: list[etree.Element] = []
            for child in parent:
                if child.tag != FRAGMENT:
                    children.append(child)
                    continue
                links = self.fragments.pop(child)
                if child.tail:  # the text after the run follows its last link
                    links[-1].tail = (links[-1].tail or "") + child.tail
                children.extend(links)
            parent[:] = children
        self.fragments.clear()


class BlockIdLinePreprocessor(Preprocessor):
    """Separates a ``^id`` line written right under a table or quote from that block.

    Without a blank line the tables extension reads ``^id`` as one more row and a quote takes it as
    lazy continuation text, so the id would show as text and name nothing. The index
    (:func:`~nonlinear.vault.links.scan_note`) counts such an id as naming the block above it; a
    blank line makes the renderer agree (:class:`BlockIdTreeprocessor` then moves it onto the table
    or quote). Runs after fenced code and HTML blocks are stashed, so their lines are never touched.
    """

    def run(self, lines: list[str]) -> list[str]:
        """Return the lines with a blank line inserted before each such marker line."""
        out: list[str] = []
        for line in lines:
            if out and RE_MARKER_LINE.match(line) and RE_TABLE_OR_QUOTE.match(out[-1]):
                out.append("")
            out.append(line)
        return out


class BlockIdTreeprocessor(Treeprocessor):
    """Moves Obsidian block ids (`` ^id``) into ``id="^id"`` attributes.

    A marker at the end of a paragraph or list item names that element; a paragraph holding only
    ``^id`` names the block before it (list, quote, table) and is removed.
    """

    def run(self, root: etree.Element) -> None:
        """Rewrite the tree in place."""
        for parent in list(root.iter()):
            children = list(parent)
            for i, child in enumerate(children):
                if child.tag == "p" and len(child) == 0 and child.text:
                    own = RE_OWN_LINE_BLOCK.match(child.text.strip())
                    if own and i > 0 and children[i - 1].get("id") is None:
                        children[i - 1].set("id", "^" + own.group("id"))
                        parent.remove(child)
                        continue
                if child.tag in {"p", "li"}:
                    _strip_marker(child)
                    in_item = child.tag == "li" or (parent.tag == "li" and i == 0)
                    if in_item and child.get("id") is None:
                        _strip_first_line_marker(child)


def _strip_marker(el: etree.Element) -> None:
    """Move a trailing `` ^id`` of *el*'s own inline text into its ``id``."""
    holder: etree.Element | None = None  # element whose .tail is the last inline text
    for sub in el:
        if sub.tag in BLOCK_TAGS:
            break
        holder = sub
    text = holder.tail if holder is not None else el.text
    if not text:
        return
    marker = RE_TRAILING_MARKER.search(text.rstrip("\n"))
    if marker is None or el.get("id") is not None:
        return
    kept = text.rstrip("\n")[: marker.start()].rstrip()
    if holder is not None:
        holder.tail = kept + ("\n" if text.endswith("\n") else "")
    else:
        el.text = kept + ("\n" if text.endswith("\n") else "")
    el.set("id", "^" + marker.group("id"))


def _strip_first_line_marker(el: etree.Element) -> None:
    """Move a `` ^id`` ending the first line of a list item into its ``id``, when more lines
    follow ("4. Next. ^ord2" and an indented continuation): the index names the item so."""
    text = el.text or ""
    first, newline, _ = text.partition("\n")
    has_more = bool(newline) or (len(el) > 0 and el[0].tag == "br")
    marker = RE_TRAILING_MARKER.search(first)
    if not has_more or marker is None:
        return
    el.text = first[: marker.start()].rstrip() + text[len(first) :]
    el.set("id", "^" + marker.group("id"))


class MarkdownLinkTreeprocessor(Treeprocessor):
    """Resolves Obsidian-style Markdown links (``[t](Note%20Name.md)``, ``![](image.png)``).

    Every ``href``/``src`` that is a path into the vault is read by
    :func:`~nonlinear.vault.links.markdown_link` and resolved by the one :class:`Resolver` — the
    same question, with the same answer, the link check asked of the scanned note. A path relative
    to the page that names a file is kept as MkDocs reads it; otherwise the link gets the relative
    ``.md`` href of the file Obsidian would open, with the heading's anchor. A link to a
    ``publish: false`` note or to nothing at all becomes ``<span class="wikilink
    wikilink--broken">``, as a wiki link does; the link check has reported it with its line.
    External URLs, absolute paths and same-page anchors are left for MkDocs; an
    ``obsidian://`` link gets the class ``obsidian-uri`` (it opens the app, not the site).
    """

    def __init__(self, context: Callable[[], RenderContext], md: Markdown) -> None:
        super().__init__(md)
        self.context = context

    def run(self, root: etree.Element) -> None:
        """Rewrite hrefs and srcs in place."""
        ctx = self.context()
        for el in root.iter():
            key = "href" if el.tag == "a" else "src" if el.tag == "img" else None
            if key is None or "wikilink" in (el.get("class") or ""):
                continue
            value = el.get(key) or ""
            if el.tag == "a" and value[:9].lower() == "obsidian:":
                _obsidian_uri(el)
                continue
            link = markdown_link(value)
            if link is None:
                continue
            result = ctx.resolve(link)
            pick = chosen(result)
            if pick is None:
                assert isinstance(result, Unresolved)
                _broken_markdown(el, result)
                continue
            parts = urlsplit(value)
            anchor = pick.anchor if pick.missing is None else None
            href = relative_href(ctx.src_uri, pick.src_uri, anchor)
            el.set(key, href + ("?" + parts.query if parts.query else ""))
            if pick.missing is not None and el.tag == "a":
                classes = (el.get("class") or "").split()
                el.set("class", " ".join([*classes, "wikilink--broken"]))
                el.set("title", _missing_fragment_title(link, pick))


def _obsidian_uri(el: etree.Element) -> None:
    """Mark an ``obsidian://`` link: it opens the Obsidian app, not a page of the site.

    Kept as a link (a reader with the vault can use it), but styled and titled so that no one
    mistakes it for a page link that does nothing.
    """
    classes = (el.get("class") or "").split()
    el.set("class", " ".join([*classes, "obsidian-uri"]))
    el.set("title", el.get("title") or "Opens the Obsidian app (needs the vault on this computer)")


def _broken_markdown(el: etree.Element, result: Unresolved) -> None:
    """Turn a Markdown link or image that reaches nothing published into a broken-link span.

    Like a wiki link: the reader sees the link text (an image's alt text), never the target's
    file name, which a dead ``href``/``src`` would leak for a ``publish: false`` note.
    """
    text = (el.get("alt") or "") if el.tag == "img" else None
    el.attrib.clear()
    el.tag = "span"
    el.set("class", "wikilink wikilink--broken")
    el.set("title", _broken_title(result, "at this path"))
    if text is not None:
        el.text = AtomicString(text)


class UnsafeAutolinkInlineProcessor(InlineProcessor):
    """``<javascript:…>``, ``<data:…>``…: an autolink with an unsafe scheme, shown as its text.

    CommonMark (and Obsidian) read ``<scheme:…>`` as a link; Python-Markdown links only
    ``<scheme://…>`` and passes the rest through as raw HTML. Either way such a URL becomes a
    ``<span class="link--unsafe">`` holding the URL as text. Other autolinks are declined.
    """

    def handleMatch(  # type: ignore[override]  # noqa: N802  (Python-Markdown's API name)
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        """Render an unsafe autolink as text; decline any other."""
        scheme = unsafe_url(m.group(1))
        if scheme is None:
            return None, None, None
        el = etree.Element("span", {"class": "link--unsafe"})
        el.set("title", f"Not followed: a {scheme} address")
        el.text = AtomicString(m.group(1))
        return el, m.start(0), m.end(0)


class SafetyTreeprocessor(Treeprocessor):
    """Renders inert what Markdown syntax may put into a page to run as a script.

    After attr_list (8) and every processor that adds elements, before the Markdown links are
    resolved (0.5): an event-handler attribute (``{onclick="…"}``) is removed; a link or image
    whose URL has an unsafe scheme (:mod:`nonlinear.vault.safety`) becomes a
    ``<span class="link--unsafe">`` with its text (an image's alt text); any other URL
    attribute with such a value is removed. Raw HTML is stashed by then and left as written.
    The scanner reports each of them with its line.
    """

    def run(self, root: etree.Element) -> None:
        """Neutralise the tree in place."""
        for el in root.iter():
            if not el.attrib:
                continue
            for name in list(el.attrib):
                value = el.attrib[name] or ""  # attr_list can leave a key without a value
                if is_event_attribute(name):
                    del el.attrib[name]
                    continue
                if ":" not in value and "&" not in value:
                    continue  # no scheme without a colon (written, or as a reference)
                if name.lower() not in URL_ATTRIBUTES:
                    continue
                image = el.tag == "img" and name == "src"
                candidates = [c.split()[0] for c in value.split(",") if c.split()] or [value]
                scheme = next(
                    (
                        bad
                        for c in (candidates if name.lower() == "srcset" else [value])
                        if (bad := unsafe_url(c, image=image))
                    ),
                    None,
                )
                if scheme is None:
                    continue
                if (el.tag, name) in {("a", "href"), ("img", "src")}:
                    _inert(el, scheme)
                    break
                del el.attrib[name]


def _inert(el: etree.Element, scheme: str) -> None:
    """Turn a link or image with an unsafe URL into a span holding its text."""
    text = (el.get("alt") or "") if el.tag == "img" else None
    el.attrib.clear()
    el.tag = "span"
    el.set("class", "link--unsafe")
    # The tooltip names the scheme without its colon: the page holds no "javascript:" at all.
    el.set("title", f"Not followed: a {scheme} address")
    if text is not None:
        el.text = AtomicString(text)


class TransclusionTreeprocessor(Treeprocessor):
    """Keeps transcluded headings out of the page's table of contents and anchors.

    Inside ``<div class="transclusion">`` headings become ``<p role="heading">`` (toc, at
    priority 5, only looks at ``h1``–``h6``), and the first paragraph is marked as the source link.
    """

    def run(self, root: etree.Element) -> None:
        """Rewrite the tree in place."""
        for div in root.iter("div"):
            if "transclusion" not in (div.get("class") or "").split():
                continue
            first = div.find("p")
            if first is not None:
                first.set("class", "transclusion__source")
            for el in div.iter():
                if isinstance(el.tag, str) and re.fullmatch(r"h[1-6]", el.tag):
                    level = el.tag[1]
                    el.tag = "p"
                    el.set("class", f"transclusion__heading transclusion__heading--h{level}")
                    el.set("role", "heading")
                    el.set("aria-level", level)
                    el.attrib.pop("id", None)


def _convert_or_show_text(md: Markdown, context: Callable[[], RenderContext]) -> None:
    """Make *md* show a note it cannot render (nesting past Python's recursion limit) as text.

    Python-Markdown and its extensions recurse once per level of nesting: emphasis thousands
    of ``*`` deep, or a list hundreds of levels deep, raises ``RecursionError`` and stopped the
    whole build. Such a page is shown as its Markdown, escaped, in a ``<pre>``, and recorded in
    :attr:`RenderContext.too_deep` for the hook to report.
    """
    convert = md.convert

    def convert_or_show_text(source: str) -> str:
        try:
            return convert(source)
        except RecursionError:
            md.reset()
            context().too_deep.append(context().src_uri)
            text = source.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            return f'<pre class="nl-too-deep"><code>{text}</code></pre>'

    md.convert = convert_or_show_text  # type: ignore[method-assign]


class WikiLinkExtension(Extension):
    """Registers the wiki link processors on a Markdown instance."""

    def __init__(self, context: Callable[[], RenderContext]) -> None:
        """Args: context: returns the current build's render context (read at render time)."""
        super().__init__()
        self.context = context

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802  (Python-Markdown's API name)
        """Register the block-id line preprocessor (19), the inline processors (185, 121) and
        the treeprocessors (19.9, 6.5, 6, 0.75, 0.5)."""
        _convert_or_show_text(md, self.context)
        # < backtick 190 and arithmatex 189.9 (code and math stay text); > escape 180 ("\|").
        fragments: dict[etree.Element, list[etree.Element]] = {}
        md.inlinePatterns.register(
            WikiLinkInlineProcessor(self.context, md, fragments), "nonlinear-wikilink", 185
        )
        # Before autolinks (120) and raw HTML (90), after code (190) and escapes (180).
        md.inlinePatterns.register(
            UnsafeAutolinkInlineProcessor(RE_AUTOLINK.pattern, md), "nonlinear-unsafe-autolink", 121
        )
        # After fenced code (25) and HTML blocks (20) are stashed: their lines stay untouched.
        md.preprocessors.register(BlockIdLinePreprocessor(md), "nonlinear-block-id-lines", 19)
        # After the inline pass (20) and attr_list (8); before toc and MkDocs' anchors (5).
        # Right after the inline pass (20): no other tree processor sees a fragment.
        md.treeprocessors.register(
            FragmentTreeprocessor(md, fragments), "nonlinear-fragments", 19.9
        )
        md.treeprocessors.register(TransclusionTreeprocessor(md), "nonlinear-transclusion", 6.5)
        md.treeprocessors.register(BlockIdTreeprocessor(md), "nonlinear-block-ids", 6)
        # After attr_list (8) and footnotes: no script URL or on* attribute goes further.
        md.treeprocessors.register(SafetyTreeprocessor(md), "nonlinear-safety", 0.75)
        # Just before MkDocs' relpath (0), after every other processor that adds links.
        md.treeprocessors.register(
            MarkdownLinkTreeprocessor(self.context, md), "nonlinear-markdown-links", 0.5
        )
