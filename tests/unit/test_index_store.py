"""Notes indexed by one build and read back by the next (nonlinear.site.index_store)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from markdown.extensions.toc import slugify as toc_slugify

from nonlinear.site import index_store
from nonlinear.site.index_store import NoteStore, store_path
from nonlinear.vault.index import Note, Slugify, SourceNote, index_note
from nonlinear.vault.paths import SrcUri


def _slugify(value: str, separator: str) -> str:
    return str(toc_slugify(value, separator))


NOTES = {
    "A.md": "---\naliases: [Alpha]\ntags: [x]\n---\n# A\n\nLinks [[B#Two]] and ![[C.png]].\n",
    "B.md": "## One\n\nText ^block\n\n## Two\n\n[[A|back]] <b>raw</b>\n",
    "Folder/C.md": "Plain text, `[[not a link]]`.\n",
}


def _source(uri: str, text: str) -> SourceNote:
    return SourceNote(SrcUri(uri), text)


class _Counting:
    """index_note, counting the notes it is asked for."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, source: SourceNote, slugify: Slugify) -> Note:
        self.asked.append(source.src_uri)
        return index_note(source, slugify)


def _build(path: Path | None, notes: dict[str, str]) -> tuple[dict[str, Note], _Counting]:
    counting = _Counting()
    store = NoteStore(path, counting)
    indexed = {
        uri: store.index(SourceNote(SrcUri(uri), text), _slugify) for uri, text in notes.items()
    }
    store.save()
    return indexed, counting


def test_the_next_build_indexes_only_what_changed(tmp_path: Path) -> None:
    path = store_path(tmp_path, "/vault", _slugify)
    first, counting = _build(path, NOTES)
    assert counting.asked == list(NOTES)
    edited = {**NOTES, "B.md": NOTES["B.md"] + "\n[[Folder/C]]\n"}
    second, counting = _build(path, edited)
    assert counting.asked == ["B.md"]
    fresh = {
        uri: index_note(SourceNote(SrcUri(uri), text), _slugify) for uri, text in edited.items()
    }
    assert second == fresh  # kept notes are what indexing them again gives
    assert second["A.md"] == first["A.md"]


def test_the_same_text_at_another_path_is_indexed_again(tmp_path: Path) -> None:
    path = store_path(tmp_path, "/vault", _slugify)
    _build(path, {"A.md": NOTES["A.md"]})
    moved, counting = _build(path, {"Moved/A.md": NOTES["A.md"]})
    assert counting.asked == ["Moved/A.md"]
    assert moved["Moved/A.md"].src_uri == "Moved/A.md"


def test_each_vault_and_each_slugify_has_its_own_file(tmp_path: Path) -> None:
    def upper(value: str, separator: str) -> str:
        return _slugify(value, separator).upper()

    paths = {
        store_path(tmp_path, "/vault", _slugify),
        store_path(tmp_path, "/other vault", _slugify),
        store_path(tmp_path, "/vault", upper),
    }
    assert len(paths) == 3
    assert store_path(tmp_path, "/vault", _slugify) == store_path(tmp_path, "/vault", _slugify)


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a pickle", pickle.dumps({"key": "not a note"}), pickle.dumps(["a", "list"])],
)
def test_a_file_that_is_not_ours_is_ignored(tmp_path: Path, damage: bytes) -> None:
    path = store_path(tmp_path, "/vault", _slugify)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(damage)
    indexed, counting = _build(path, NOTES)
    assert counting.asked == list(NOTES)
    assert indexed["B.md"].blocks  # indexed for real
    _, counting = _build(path, NOTES)
    assert counting.asked == []  # and kept for the next build


def test_an_unchanged_vault_rewrites_nothing_and_no_folder_keeps_nothing(tmp_path: Path) -> None:
    path = store_path(tmp_path, "/vault", _slugify)
    _build(path, NOTES)
    os.utime(path, (1_000_000, 1_000_000))
    _build(path, NOTES)
    assert path.stat().st_mtime == 1_000_000
    _build(path, dict(list(NOTES.items())[:2]))  # a note deleted: the file follows
    assert path.stat().st_mtime != 1_000_000
    _, counting = _build(None, NOTES)
    assert counting.asked == list(NOTES)


def test_a_process_reads_its_own_store_from_memory_until_another_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # make serve builds again and again in one process: the notes it saved are not unpickled.
    path = store_path(tmp_path, "/vault", _slugify)
    first, _ = _build(path, NOTES)
    loads: list[object] = []
    real_load = pickle.load

    def counted_load(file: object) -> object:
        loads.append(file)
        return real_load(file)  # type: ignore[arg-type]

    monkeypatch.setattr(pickle, "load", counted_load)
    second, counting = _build(path, NOTES)
    assert (loads, counting.asked) == ([], [])
    assert all(second[uri] is first[uri] for uri in NOTES)  # the very objects: nothing re-read
    # Another process writes the file (another build of the same vault): it is read again.
    with path.open("wb") as out:
        pickle.dump({}, out)
    os.utime(path, ns=(1, 1))
    _, counting = _build(path, NOTES)
    assert len(loads) == 1
    assert counting.asked == list(NOTES)


def test_make_serve_saves_when_it_stops(tmp_path: Path) -> None:
    # Its rebuilds read the notes from memory; the file is written once, at the end.
    path = store_path(tmp_path, "/vault", _slugify)
    index_store.defer_saves(True)
    try:
        _build(path, NOTES)
        assert not path.exists()
        edited = {**NOTES, "B.md": NOTES["B.md"] + "\nMore.\n"}
        _, counting = _build(path, edited)
        assert counting.asked == ["B.md"]  # the first build's notes, from memory
        assert not path.exists()
    finally:
        index_store.defer_saves(False)
    assert path.exists()
    index_store._LAST.clear()  # another process: only the file
    _, counting = _build(path, edited)
    assert counting.asked == []
