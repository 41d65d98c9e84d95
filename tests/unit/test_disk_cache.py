"""nonlinear.site.disk_cache: a whole file or none, and a bounded number kept."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

import pytest

from nonlinear.site.disk_cache import store


def test_store_writes_the_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    store(tmp_path / "deep" / "a.json", b"[1, 2]", kept=4)
    assert (tmp_path / "deep" / "a.json").read_bytes() == b"[1, 2]"
    assert [p.name for p in (tmp_path / "deep").iterdir()] == ["a.json"]


def test_only_the_newest_files_of_the_same_suffix_are_kept(tmp_path: Path) -> None:
    (tmp_path / "other.woff2").write_bytes(b"font")
    for age, name in enumerate(["old.json", "mid.json"]):
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, (1_000_000 + age, 1_000_000 + age))
    store(tmp_path / "new.json", b"y", kept=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mid.json", "new.json", "other.woff2"]


def test_a_folder_that_cannot_be_written_keeps_nothing_and_raises_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"not a folder")
    store(blocker / "a.json", b"x", kept=1)  # mkdir fails: a file is in the way
    assert blocker.read_bytes() == b"not a folder"


def test_a_writer_streams_the_file_and_a_failing_one_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "a.pickle"
    store(path, lambda f: f.write(b"first"), kept=4)
    assert path.read_bytes() == b"first"

    def half_then_fail(file: BinaryIO) -> None:
        file.write(b"half")
        raise TypeError("cannot serialise this")

    with pytest.raises(TypeError):
        store(path, half_then_fail, kept=4)
    assert path.read_bytes() == b"first"  # the reader never sees "half"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pickle"]  # no temporary file left
