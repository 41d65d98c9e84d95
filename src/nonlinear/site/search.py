"""Search that knows a note's names: aliases, notes before notebooks, minor sections last.

Where it sits: Material's search plugin writes ``search/search_index.json`` (one entry per
section of every page) in ``on_post_build``; ``hooks/search.py`` tunes its entries and fields
(:func:`tune_entries`, :func:`tune_fields`) just before, so that the index is written once.
The browser side is Material's own lunr worker, run through
``overrides/assets/javascripts/workers/nonlinear-search.js``, which adds two rules lunr cannot
express: a page whose title or alias *is* the query comes first, and notes come before
notebook pages.

What changes in the index, and why:

* **Names.** A note's title and aliases go into a ``names`` field of its first entry, with
  the title's boost: each name whole, as one token (``"Kaiming initialization"`` →
  ``kaiminginitialization``, which the query ``kaiming*`` matches as a prefix and the worker
  compares with the whole query), and each of its words, so that every word of an alias
  counts as a title word would (``dead neurons`` finds the alias "Dead neurons").
* **Notes before notebooks.** A notebook page's first entry is marked (``notebook``, not
  indexed); the worker lists notebook pages after every note, so a notebook's heading "ReLU"
  no longer outranks the ReLU note, nor its GELU section a note that discusses GELU.
* **Minor sections last.** Sections such as *References* and *Revisions* mention many terms in
  passing; their entries are down-weighted (:attr:`SearchTuning.minor_boost`), so "dead neurons"
  finds the Dying ReLU note and its sections before a revision log that names them.

Everything else (fields, pipeline, tokenizer, highlighting) stays Material's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "KEYS_FIELD",
    "MINOR_SECTIONS",
    "NAMES_FIELD",
    "NOTEBOOK_FIELD",
    "SearchPage",
    "SearchTuning",
    "material_search_index",
    "name_key",
    "parse_tuning",
    "tune_entries",
    "tune_fields",
    "tune_index",
]

NAMES_FIELD = "names"
"""The index field holding a note's names: each whole, then their words."""
NOTEBOOK_FIELD = "notebook"
"""A property of a notebook page's first entry, not indexed: the worker lists it after notes."""
KEYS_FIELD = "name_keys"
"""A property of a page's first entry, not indexed: the keys of its whole names, which the
worker script compares with the whole query."""

MINOR_SECTIONS = (
    "references",
    "revisions",
    "related",
    "see also",
    "further reading",
    "sources",
    "bibliography",
    "changelog",
    "history of this note",
)
"""Headings of administrative sections, compared case-insensitively."""

RE_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class SearchPage:
    """What the index needs to know about one page."""

    names: tuple[str, ...]
    """The page's title, then its aliases."""
    notebook: bool = False
    """Whether the page is a rendered notebook (``.ipynb``, or our notebooks' ``.ipynb.md``)."""


@dataclass(frozen=True, slots=True)
class SearchTuning:
    """The weights; ``extra: nonlinear: search:`` in ``mkdocs.yml`` overrides them."""

    minor_boost: float = 0.2
    """Document boost of a section whose heading is in :attr:`minor_sections`."""
    minor_sections: frozenset[str] = field(default_factory=lambda: frozenset(MINOR_SECTIONS))
    """Administrative section headings, lower case."""


def name_key(name: str) -> str:
    """One search token for a whole name: NFKC, lower case, letters and digits only.

    ``"SiLU (Swish)"`` → ``"siluswish"``, ``"ReLU-6"`` → ``"relu6"``. The worker script
    computes the same key of the query (``String.normalize("NFKC")``, ``toLowerCase``,
    ``/[^\\p{L}\\p{N}]+/gu`` removed) to find exact matches.
    """
    return RE_NOT_WORD.sub("", unicodedata.normalize("NFKC", name).lower())


def parse_tuning(settings: object) -> SearchTuning:
    """Read ``extra: nonlinear: search:`` from ``mkdocs.yml``.

    Args:
        settings: The mapping (or None for the defaults).

    Returns:
        The tuning.

    Raises:
        ValueError: An unknown key or a value of the wrong type, with the way out.
    """
    if settings is None:
        return SearchTuning()
    if not isinstance(settings, Mapping):
        raise ValueError("extra.nonlinear.search must be a mapping")
    defaults = SearchTuning()
    known = {"minor_boost", "minor_sections"}
    unknown = sorted(set(settings) - known)
    if unknown:
        raise ValueError(
            f"extra.nonlinear.search: unknown key {unknown[0]!r}; use one of {sorted(known)}"
        )
    boost = settings.get("minor_boost", defaults.minor_boost)
    if isinstance(boost, bool) or not isinstance(boost, int | float) or boost <= 0:
        raise ValueError(f"extra.nonlinear.search.minor_boost: {boost!r} is not a positive number")
    sections = settings.get("minor_sections", MINOR_SECTIONS)
    if not isinstance(sections, list | tuple) or not all(isinstance(s, str) for s in sections):
        raise ValueError("extra.nonlinear.search.minor_sections: must be a list of headings")
    return SearchTuning(
        minor_boost=float(boost),
        minor_sections=frozenset(s.strip().lower() for s in sections),
    )


def material_search_index(plugins: Mapping[str, Any]) -> Any | None:
    """The index object Material's search plugin fills in this build (``None`` without one).

    Args:
        plugins: MkDocs' plugin collection (``config.plugins``), by name.
    """
    for name in ("material/search", "search"):
        index = getattr(plugins.get(name), "search_index", None)
        if index is not None:
            return index
    return None


def tune_index(
    index: Mapping[str, Any], pages: Mapping[str, SearchPage], tuning: SearchTuning
) -> dict[str, Any]:
    """Return Material's search index with names, notebook marks and minor-section weights.

    Args:
        index: The parsed ``search_index.json`` (``{"config": …, "docs": […]}``).
        pages: Page URL (as in the entries' ``location``, without ``#anchor``) → its names.
        tuning: The weights.

    Returns:
        A new index; the input is not modified (:func:`tune_entries` on copies).
    """
    config = dict(index.get("config") or {})
    config["fields"] = tune_fields(config.get("fields") or {})
    docs = [dict(entry) for entry in index.get("docs") or []]
    tune_entries(docs, pages, tuning)
    return {**index, "config": config, "docs": docs}


def tune_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Material's index fields and the names field, boosted as titles are."""
    title = fields.get("title") or {}
    return {**fields, NAMES_FIELD: {"boost": float(title.get("boost", 1e3))}}


def tune_entries(
    docs: list[dict[str, Any]], pages: Mapping[str, SearchPage], tuning: SearchTuning
) -> None:
    """Add names, notebook marks and minor-section weights to Material's index entries, in
    place. Boosts multiply a boost already set through a page's ``search: boost:`` metadata.

    Args:
        docs: The index's entries (``location``, ``title``, ``text``, maybe ``boost``).
        pages: Page URL (as in the entries' ``location``, without ``#anchor``) → its names.
        tuning: The weights.
    """
    for doc in docs:
        path, anchor = _split(str(doc.get("location", "")))
        page = pages.get(path)
        boost = float(doc.get("boost", 1.0))
        if anchor and _heading(str(doc.get("title", ""))) in tuning.minor_sections:
            boost *= tuning.minor_boost
        if boost != 1.0:
            doc["boost"] = round(boost, 6)
        if not anchor and page is not None and page.names:
            keys = list(dict.fromkeys(k for k in map(name_key, page.names) if k))
            doc[NAMES_FIELD] = list(dict.fromkeys([*keys, *_words(page.names)]))
            doc[KEYS_FIELD] = keys
        if not anchor and page is not None and page.notebook:
            doc[NOTEBOOK_FIELD] = True


def _split(location: str) -> tuple[str, str]:
    path, _, anchor = location.partition("#")
    return path, anchor


def _heading(title: str) -> str:
    """A section title as compared with the minor headings (tags, spaces, case removed)."""
    return " ".join(re.sub(r"<[^>]+>", "", title).split()).lower()


def _words(names: Iterable[str]) -> list[str]:
    """The words of the names, lower case."""
    return [
        word
        for name in names
        for word in RE_NOT_WORD.split(unicodedata.normalize("NFKC", name).lower())
        if word
    ]
