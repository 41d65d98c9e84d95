"""Figures ready for slides: caption, stable URL, SVG/PNG downloads and the licence line.

Where it sits: a Python-Markdown tree processor (:class:`FigureTreeprocessor`, registered by
``hooks/reading.py``) that runs after the inline patterns, so it sees the ``<img>`` that the
vault engine emits for ``![[relu.svg]]``, and before MkDocs' own relative-path processor, so
the links it adds are rewritten and validated by MkDocs like any other.

It matches on the image's ``src`` (``…/figures/<name>.svg``), never on Markdown. A paragraph
holding such an image becomes::

    <figure class="nl-figure" id="figure-relu">
      <img src="…/figures/relu.svg" alt="…">
      <figcaption>caption <span class="nl-figure__meta">…links and licence…</span></figcaption>
    </figure>

The caption is, in order: the italic line right after the image (same paragraph or the next
one, which is then consumed), the ``alt`` text when the author wrote one, the figure's own
title (:class:`FigureInfo`, from its SVG metadata), the figure name ("relu-sparsity" →
"Relu sparsity").

The image's ``alt`` is a real text alternative that does not repeat the caption: the author's
own ``alt`` if there is one, else the description the figure carries (the notebooks write one
from what each figure draws, :mod:`nonlinear.notebooks.describe`), else the caption's text with
its formulas written out in plain text ("the minimum of f is about −0.309 at x ≈ −1.192", not
"the minimum of is about at .").
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from nonlinear.site.math import mathml_to_text

if TYPE_CHECKING:
    from markdown import Markdown

__all__ = [
    "FigureExtension",
    "FigureInfo",
    "FigureLinks",
    "FigureTreeprocessor",
    "svg_info",
    "wrap_figures",
]

RE_FIGURE_SRC = re.compile(
    r"""
    (?:^|/)figures/         # the figures folder the notebooks hook serves
    (?P<name>[^/?#]+)       # the figure's name ...
    \.svg(?:[?#].*)?$       # ... of an SVG (PNG twins are download links, not figures)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class FigureLinks:
    """Site-wide settings for figure credits."""

    site_url: str
    """Absolute site URL ending in ``/`` (for the stable URL); "" for relative only."""
    credit: str = ""
    """Who made the figures (the site's own setting; none shown when empty)."""
    license_name: str = ""
    """Licence shown after the caption (none when empty: a vault's licence is its own)."""
    license_url: str = ""
    """Where the licence text is."""
    figures: Mapping[str, FigureInfo] = field(default_factory=dict)
    """What each figure says about itself, by name (filled in once the figures are known)."""


@dataclass(frozen=True, slots=True)
class FigureInfo:
    """The title, text alternative and size a figure file carries."""

    title: str | None = None
    description: str | None = None
    size: tuple[int, int] | None = None
    """Width and height from the SVG's ``viewBox``: the ``<img>`` reserves its box before
    the image arrives (no layout shift), and may then load lazily."""


# The title and description Matplotlib writes into an SVG: <title> and Dublin Core's
# dc:title / dc:description in the RDF metadata, all near the top of the file.
RE_SVG_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
RE_SVG_VIEWBOX = re.compile(
    r"<svg\b[^>]*\bviewBox=\"\s*[-\d.eE]+[\s,]+[-\d.eE]+[\s,]+([\d.eE]+)[\s,]+([\d.eE]+)\s*\""
)
RE_SVG_DESCRIPTION = re.compile(r"<(?:dc:description|desc)>(.*?)</(?:dc:description|desc)>", re.DOTALL)
SVG_HEAD = 8192
"""How much of an SVG is searched for its metadata."""


def svg_info(text: str) -> FigureInfo:
    """The title and description an SVG declares (``<title>``, ``<desc>``, ``dc:description``).

    Args:
        text: The SVG, or its first few kilobytes.

    Returns:
        What was found, as plain text.
    """
    head = text[:SVG_HEAD]

    def found(pattern: re.Pattern[str]) -> str | None:
        match = pattern.search(head)
        value = " ".join(html.unescape(match.group(1)).split()) if match else ""
        return value or None

    box = RE_SVG_VIEWBOX.search(head)
    size = None
    if box:
        try:
            width, height = round(float(box.group(1))), round(float(box.group(2)))
        except ValueError:
            width = height = 0
        size = (width, height) if width > 0 and height > 0 else None
    return FigureInfo(
        title=found(RE_SVG_TITLE), description=found(RE_SVG_DESCRIPTION), size=size
    )


def wrap_figures(
    root: ET.Element, links: FigureLinks, stash: Sequence[object] = ()
) -> int:
    """Wrap every paragraph that holds one figure image into a ``<figure>``.

    Args:
        root: An element tree of a rendered page (modified in place).
        links: Site URL, credit and what each figure says about itself.
        stash: Python-Markdown's raw HTML stash, where the caption's formulas (MathML) are.

    Returns:
        How many figures were wrapped.
    """
    count = 0
    for parent in list(root.iter()):
        children = list(parent)
        index = 0
        while index < len(children):
            paragraph = children[index]
            image = _sole_figure_image(paragraph)
            if image is None:
                index += 1
                continue
            match = RE_FIGURE_SRC.search(image.get("src", ""))
            assert match is not None  # _sole_figure_image checked it
            follower = children[index + 1] if index + 1 < len(children) else None
            caption = _caption_after(image, paragraph, follower)
            if caption is not None and caption[1]:
                parent.remove(caption[1])
                children.remove(caption[1])
            name = match.group("name")
            figure = _figure(image, name, caption[0] if caption else None, links, stash)
            # End the block's line as Markdown's prettifier (which ran before us) does; tools
            # that read the HTML line by line (print-site's anchor rewriting) rely on it.
            figure.tail = "\n"
            position = list(parent).index(paragraph)
            parent.remove(paragraph)
            parent.insert(position, figure)
            children[index] = figure
            count += 1
            index += 1
    return count


def _sole_figure_image(element: ET.Element) -> ET.Element | None:
    """The figure ``<img>`` of a ``<p>`` holding nothing else but an optional caption."""
    if element.tag != "p" or (element.text or "").strip():
        return None
    kids = list(element)
    if not kids or kids[0].tag != "img" or not RE_FIGURE_SRC.search(kids[0].get("src", "")):
        return None
    rest = [k for k in kids[1:] if k.tag != "br"]
    if (kids[0].tail or "").strip() or len(rest) > 1:
        return None
    if rest and (rest[0].tag != "em" or (rest[0].tail or "").strip()):
        return None
    return kids[0]


def _caption_after(
    image: ET.Element, paragraph: ET.Element, follower: ET.Element | None
) -> tuple[ET.Element, ET.Element | None] | None:
    """The italic caption line and the paragraph to consume (None if it is the same one)."""
    same = [k for k in paragraph if k.tag == "em"]
    if same:
        return same[0], None
    if (
        follower is not None
        and follower.tag == "p"
        and not (follower.text or "").strip()
        and len(follower) == 1
        and follower[0].tag == "em"
        and not (follower[0].tail or "").strip()
    ):
        return follower[0], follower
    return None


def _figure(
    image: ET.Element,
    name: str,
    caption: ET.Element | None,
    links: FigureLinks,
    stash: Sequence[object],
) -> ET.Element:
    src = image.get("src", "")
    info = links.figures.get(name, FigureInfo())
    figure = ET.Element("figure", {"class": "nl-figure", "id": f"figure-{_slug(name)}"})
    img = deepcopy(image)
    img.tail = None
    figure.append(img)
    alt = " ".join((image.get("alt") or "").split())
    # The alt is the author's when it is neither the file name nor the figure's own
    # description (which a notebook page repeats in its Markdown).
    authored = alt if alt.lower() not in {"", name.lower(), f"{name.lower()}.svg"} else ""
    if authored and authored == info.description:
        authored = ""
    figcaption = ET.SubElement(figure, "figcaption")
    text = ET.SubElement(figcaption, "span", {"class": "nl-figure__caption"})
    if caption is not None:
        text.text = caption.text
        for child in caption:
            text.append(deepcopy(child))
    else:
        text.text = authored or info.title or _humanise(name)
    if not authored:
        described = info.description or _plain_text(text, stash) or _humanise(name)
        img.set("alt", described)
    # Figures are below the fold more often than not: the browser fetches them when they come
    # near; the box is reserved from the SVG's size, so nothing moves when they arrive.
    img.set("loading", "lazy")
    img.set("decoding", "async")
    if info.size is not None and "width" not in img.attrib and "height" not in img.attrib:
        img.set("width", str(info.size[0]))
        img.set("height", str(info.size[1]))
    # Material's search leaves out what is marked data-search-exclude: the download line is
    # the same under every figure and would fill the index and the result snippets.
    meta = ET.SubElement(
        figcaption, "span", {"class": "nl-figure__meta", "data-search-exclude": ""}
    )
    stable = f"{links.site_url}figures/{name}.svg" if links.site_url else f"figures/{name}.svg"
    meta.text = "Download "
    svg = ET.SubElement(meta, "a", {"href": src, "download": f"{name}.svg"})
    svg.text = "SVG"
    svg.tail = " · "
    png = ET.SubElement(
        meta, "a", {"href": RE_PNG_SUFFIX.sub(".png", src), "download": f"{name}.png"}
    )
    png.text = "PNG (200 dpi)"
    png.tail = " · Stable URL "
    code = ET.SubElement(meta, "code", {"class": "nl-figure__url"})
    code.text = stable
    if links.credit:
        code.tail = f" · Figure: {links.credit}" + (", " if links.license_name else "")
    elif links.license_name:
        code.tail = " · Licence "
    if links.license_name:
        attrs = {"href": links.license_url, "rel": "license"} if links.license_url else {}
        licence = ET.SubElement(meta, "a" if attrs else "span", attrs)
        licence.text = links.license_name
    return figure


def _plain_text(element: ET.Element, stash: Sequence[object]) -> str:
    """The text of a caption, its formulas (stashed MathML) written out as plain text."""

    def formula(match: re.Match[str]) -> str:
        index = int(match.group(1))
        raw = str(stash[index]) if index < len(stash) else ""
        if not raw.lstrip().startswith("<math"):
            return ""
        try:
            return mathml_to_text(ET.fromstring(raw))
        except ET.ParseError:
            return ""

    return " ".join(RE_STASH_PLACEHOLDER.sub(formula, "".join(element.itertext())).split())


RE_PNG_SUFFIX = re.compile(r"\.svg(?=$|[?#])")
# Python-Markdown's placeholder for stashed raw HTML (STX "wzxhzdk:N" ETX).
RE_STASH_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")


def _humanise(name: str) -> str:
    words = re.sub(r"[-_]+", " ", name).strip()
    return words[:1].upper() + words[1:]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "figure"


class FigureTreeprocessor(Treeprocessor):
    """Run :func:`wrap_figures` on each rendered page."""

    def __init__(self, md: Markdown, links: FigureLinks) -> None:
        """Initialise with the site's figure settings."""
        super().__init__(md)
        self.links = links

    def run(self, root: ET.Element) -> None:
        """Wrap the figures in place."""
        wrap_figures(root, self.links, self.md.htmlStash.rawHtmlBlocks)


class FigureExtension(Extension):
    """Register :class:`FigureTreeprocessor`."""

    def __init__(self, links: FigureLinks, **kwargs: object) -> None:
        """Initialise with the site's figure settings."""
        super().__init__(**kwargs)
        self.links = links

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        """Priority 9: after inline patterns (20) made the ``<img>``, before MkDocs' relpath
        processor (0) rewrites and checks the ``src`` and the download ``href``s we add."""
        md.treeprocessors.register(FigureTreeprocessor(md, self.links), "nonlinear-figures", 9)
