"""Search entries made by one build and read back by the next (nonlinear.site.search_store)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nonlinear.site.search_store import SearchStore, page_key, store_path

ENTRIES = [
    {"location": "A/", "title": "A", "text": "<p>One</p>", "tags": ["x"]},
    {"location": "A/#two", "title": "Two", "text": "", "boost": 2.5},
]


def test_entries_kept_by_one_build_are_read_by_the_next(tmp_path: Path) -> None:
    path = store_path(tmp_path, "/vault")
    first = SearchStore(path)
    key = page_key("<p>One</p>", "A/", "A", [], {"tags": ["x"]})
    assert first.get(key) is None
    first.put(key, ENTRIES)
    first.save()
    second = SearchStore(path)
    assert second.get(key) == ENTRIES
    assert second.get(page_key("<p>One!</p>", "A/", "A", [], {"tags": ["x"]})) is None


def test_what_is_kept_is_what_material_made_whatever_is_done_to_the_index(
    tmp_path: Path,
) -> None:
    """hooks/search.py tunes the index's entries in place (names, weights) before the index is
    written: neither the entries put nor those handed out may carry that into the store."""
    path = store_path(tmp_path, "/vault")
    made = [{**e, "tags": ["x"]} for e in ENTRIES]
    original = [{**e, "tags": ["x"]} for e in ENTRIES]
    store = SearchStore(path)
    store.put("k", made)
    made[0]["tags"].append("added later")
    made[1]["boost"] = 0.5
    store.save()
    again = SearchStore(path)
    handed = again.get("k")
    assert handed == original
    assert handed is not None
    assert again.get("k") is None  # handed over once: the store keeps no copy of its own
    handed[0]["tags"].append("again")
    handed[1]["boost"] = 0.1
    again.put("new page", ENTRIES)
    again.save()  # the entries reused are written as the store's file held them
    third = SearchStore(path)
    assert third.get("k") == original
    assert third.get("new page") == ENTRIES


def test_a_key_changes_with_anything_the_indexer_reads() -> None:
    base = ("<p>x</p>", "A/", "A", [{"id": "h"}], {"tags": ["x"]})
    keys = {
        page_key(*base),
        page_key("<p>y</p>", *base[1:]),
        page_key(base[0], "B/", *base[2:]),
        page_key(*base[:2], "B", *base[3:]),
        page_key(*base[:3], [{"id": "g"}], base[4]),
        page_key(*base[:4], {"tags": ["y"]}),
        page_key(*base[:4], {"tags": ["x"], "search": {"exclude": True}}),
    }
    assert len(keys) == 7
    assert page_key(*base) == page_key(*base)


@pytest.mark.parametrize("damage", [b"", b"{not json", b"[1, 2]", b'{"k": "not a list"}'])
def test_a_file_that_is_not_ours_is_ignored(tmp_path: Path, damage: bytes) -> None:
    path = store_path(tmp_path, "/vault")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(damage)
    store = SearchStore(path)
    assert store.get("k") is None


def test_nothing_unchanged_is_written_again_and_each_vault_has_its_own_file(
    tmp_path: Path,
) -> None:
    path = store_path(tmp_path, "/vault")
    assert path != store_path(tmp_path, "/other")
    store = SearchStore(path)
    store.put("k", ENTRIES)
    store.save()
    os.utime(path, (1_000_000, 1_000_000))
    again = SearchStore(path)
    assert again.get("k") == ENTRIES
    again.save()
    assert path.stat().st_mtime == 1_000_000
    SearchStore(path).save()  # a page gone: the file follows
    assert path.stat().st_mtime != 1_000_000
    assert SearchStore(path).get("k") is None
