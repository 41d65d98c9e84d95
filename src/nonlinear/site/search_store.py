"""Material's search entries of each page, kept under ``.cache/search/`` for the next build.

Where it sits: Material's search plugin cuts every page's HTML into sections with Python's
``HTMLParser``: 3 s CPU of each warm build of the 2,000-note bench vault (py-spy: 785 of 8,156
samples), the same work for every page whose HTML did not change. ``hooks/speed.py`` asks a
:class:`SearchStore` first: a page whose key (:func:`page_key`: its HTML, URL, title, table of
contents and properties, everything the plugin reads of it) the last build met gets the entries
that build made; any other is indexed by Material and kept for the next build.

The file is named after the vault's folder and a digest of what else decides the entries:
Material's version, the view of a page the parser reads (:mod:`nonlinear.site.search_view`),
how keys are written (:mod:`nonlinear.serve.cache`) and whether ``jieba`` (Chinese word
segmentation, which Material uses when it is installed) can be imported. The entries are plain
data, kept as JSON; a file that cannot be read is ignored.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from nonlinear.serve import cache as key_writer
from nonlinear.serve.cache import describe_site_object, digest, stable_repr
from nonlinear.site import search_view
from nonlinear.site.disk_cache import installed_version, store

__all__ = ["SearchStore", "copy_entries", "page_key", "store_path"]

FORMAT = 1
"""Bumped when the file's layout changes."""
KEPT = 4
"""Files kept in the folder, the newest first: one per vault built lately (and per version)."""

Entry = dict[str, Any]
"""One search entry: ``location``, ``title``, ``text`` and maybe ``tags``, ``boost``."""


def store_path(folder: Path, vault: str) -> Path:
    """The file of *folder* (``.cache/search``) for the vault at *vault* and this code."""
    digest_ = hashlib.sha256(f"{FORMAT}\0{vault}".encode())
    digest_.update(installed_version("mkdocs-material"))
    for module in (search_view, key_writer):
        digest_.update(Path(module.__file__ or "").read_bytes())
    digest_.update(b"jieba" if importlib.util.find_spec("jieba") else b"-")
    return folder / f"{digest_.hexdigest()[:20]}.json"


def page_key(content: str, url: str, title: object, toc: object, meta: Mapping[str, Any]) -> str:
    """The key of a page's entries: everything Material's indexer reads of the page.

    A table of contents or a property that cannot be written as plain data makes a key that
    matches no other (:func:`nonlinear.serve.cache.stable_repr`): the page is indexed again.
    """
    return digest(content, url, str(title), stable_repr((toc, meta), describe_site_object))


class SearchStore:
    """The entries of the last build's pages, and this build's, by :func:`page_key`.

    Args:
        path: The store's file (:func:`store_path`), or None to keep nothing.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._kept = _read(path) if path is not None else {}
        self._reused: list[str] = []
        self._new: dict[str, list[Entry]] = {}
        self.indexed = 0
        """Pages indexed anew by this build."""

    def get(self, key: str) -> list[Entry] | None:
        """The entries the last build made for a page of this key (None: not kept).

        They are handed over, not copied: the store lets them go (hooks change entries in
        place before the index is written, and a build would otherwise hold every page's
        entries twice, 6 MB of dictionaries at 5,000 notes). A key is handed out once; if the
        store is saved, :meth:`save` reads the entries it reused back from its file.
        """
        entries = self._kept.pop(key, None)
        if entries is not None:
            self._reused.append(key)
        return entries

    def put(self, key: str, entries: list[Entry]) -> None:
        """Keep (a copy of) the entries Material made for a page of this key."""
        self._new[key] = copy_entries(entries)
        self.indexed += 1

    def save(self) -> None:
        """Keep this build's entries for the next build, when they differ from those kept:
        the new ones, and those reused, as the store's file holds them."""
        if self.path is None or (self.indexed == 0 and not self._kept):
            return  # every page's entries were kept, and no page kept is gone
        before = _read(self.path) if self._reused else {}
        used = {key: before[key] for key in self._reused if key in before}
        used.update(self._new)
        with contextlib.suppress(TypeError, ValueError):
            store(self.path, functools.partial(_write_json, used), kept=KEPT)


def _write_json(entries: dict[str, list[Entry]], file: BinaryIO) -> None:
    """Write *entries* as UTF-8 JSON, piece by piece (never the whole text at once)."""
    text = io.TextIOWrapper(file, encoding="utf-8")
    try:
        json.dump(entries, text, ensure_ascii=False, separators=(",", ":"))
        text.flush()
    finally:
        text.detach()  # the file stays open: its caller closes it


def copy_entries(entries: list[Entry]) -> list[Entry]:
    """Copies of entries: flat dicts whose only containers are lists of strings (``tags``)."""
    return [{k: list(v) if isinstance(v, list) else v for k, v in e.items()} for e in entries]


def _read(path: Path) -> dict[str, list[Entry]]:
    """The entries of *path* (none when it is missing or not a file this module wrote)."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        key: entries
        for key, entries in data.items()
        if isinstance(entries, list) and all(isinstance(e, dict) for e in entries)
    }
