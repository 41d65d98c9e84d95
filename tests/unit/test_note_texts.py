"""Notes read once while the site's files are listed (nonlinear.vault.note_texts)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from nonlinear.vault.note_texts import NoteTexts, as_read


@given(
    st.lists(st.sampled_from(["a", "é", "\r", "\n", "\r\n", "\n\r", " ", "\ufeff", "[[x]]"])),
    st.booleans(),
)
def test_a_kept_text_is_what_reading_the_file_gives(tmp_path_factory, parts, bom) -> None:  # type: ignore[no-untyped-def]
    data = ("\ufeff" if bom else "").encode() + "".join(parts).encode()
    path: Path = tmp_path_factory.mktemp("note") / "note.md"
    path.write_bytes(data)
    with open(path, encoding="utf-8-sig", errors="strict") as file:  # as MkDocs reads a note
        expected = file.read()
    assert as_read(data.decode("utf-8-sig")) == expected


@dataclass
class _File:
    src_uri: str
    generated_by: str | None = None
    reads: int = 0
    own: str = "read from disk"

    @property
    def content_string(self) -> str:
        self.reads += 1
        return self.own


def test_kept_texts_replace_reads_until_forgotten() -> None:
    texts = NoteTexts()
    note = _File("A.md")
    texts.keep("A.md", "kept\r\ntext")
    assert texts.of(note) == "kept\ntext"
    assert note.reads == 0
    texts.forget()
    assert len(texts) == 0
    assert texts.of(note) == "read from disk"
    assert note.reads == 1


def test_a_generated_page_is_always_its_own_content() -> None:
    texts = NoteTexts()
    texts.keep("Gen.md", "the vault's note of that name")
    generated = _File("Gen.md", generated_by="hooks/notebooks.py", own="generated")
    assert texts.of(generated) == "generated"
