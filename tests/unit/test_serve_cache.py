"""The pieces of the incremental rebuild that need no MkDocs: digests, serialisation, stores."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from nonlinear.serve.cache import (
    PageStore,
    config_chain,
    configuration_files,
    describe_site_object,
    digest,
    file_parts,
    stable_repr,
    summaries,
)


@dataclass(frozen=True)
class Point:
    x: int
    y: float


class Opaque:
    """An object the serialiser knows nothing about."""


def test_digest_frames_its_parts() -> None:
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("a", b"b") == digest("a", "b")
    assert len(digest("x")) == 40


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ({"b": 1, "a": [1, 2]}, {"a": [1, 2], "b": 1}),  # key order does not matter
        ({1, 2, 3}, {3, 2, 1}),
        (Point(1, 2.5), Point(1, 2.5)),
        ((None, True, "s", b"b"), (None, True, "s", b"b")),
        ([1, [2, 3]], (1, (2, 3))),  # a list and a tuple of the same items are the same data
        ("x" * 5000, "x" * 5000),
    ],
)
def test_equal_data_gives_equal_text(a: object, b: object) -> None:
    assert stable_repr(a) == stable_repr(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ([1, 2], [2, 1]),
        ({1: "a"}, {2: "a"}),
        ({(1, 2): "a"}, {(1, 3): "a"}),  # keys JSON cannot hold: the slower writer
        ({1, 2}, [1, 2]),
        (b"ab", "ab"),
        ("x" * 5000, "x" * 4999 + "y"),
        ({"a": 1}, {"a": "1"}),
        (True, 1),
        (Point(1, 2.5), Point(1, 2.0)),
        ("a,b", ["a", "b"]),
    ],
)
def test_different_data_gives_different_text(a: object, b: object) -> None:
    assert stable_repr(a) != stable_repr(b)


def test_unknown_objects_never_match_unless_described() -> None:
    thing = Opaque()
    assert stable_repr(thing) != stable_repr(thing)  # not even itself: never a stale hit
    described = {"k": thing}
    describe = lambda v: "opaque" if isinstance(v, Opaque) else v  # noqa: E731
    assert stable_repr(described, describe) == stable_repr({"k": Opaque()}, describe)
    cycle: list[object] = []
    cycle.append(cycle)
    assert stable_repr(cycle) != stable_repr(cycle)  # a cycle is followed only so deep


def test_unknown_objects_never_match_a_key_another_process_kept() -> None:
    """A key kept on disk (search entries) is compared with keys of later processes."""
    script = (
        "from nonlinear.serve.cache import stable_repr\n"
        "class Opaque: pass\n"
        "print(stable_repr([Opaque()]))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    texts = {
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
        ).stdout
        for _ in range(2)
    }
    assert len(texts) == 2


def test_site_objects_are_described_as_the_keys_need_them(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    file = File("A b.md", str(tmp_path / "docs"), str(tmp_path / "site"), use_directory_urls=True)
    page = Page("A b", file, config)
    section, link = Section("Folder", [page]), Link("Out", "https://example.org/")
    heading = AnchorLink("Two", "two", 2)
    toc = TableOfContents([AnchorLink("One", "one", 1)])
    assert describe_site_object(file) == ("A b.md", "A b/index.html", "A%20b/", None)
    assert describe_site_object(page) == ("page", "A b", "A%20b/")
    assert describe_site_object(section) == ("section", "Folder")
    assert describe_site_object(link) == ("link", "Out", "https://example.org/")
    assert describe_site_object(heading) == ("Two", "two", 2, [])
    assert describe_site_object(toc) == list(toc.items)
    assert describe_site_object(datetime.date(2026, 12, 3)) == "2026-12-03"
    thing = Opaque()
    assert describe_site_object(thing) is thing
    assert stable_repr({"toc": toc, "page": page}, describe_site_object) == stable_repr(
        {"toc": TableOfContents([AnchorLink("One", "one", 1)]), "page": page},
        describe_site_object,
    )


def test_large_containers_met_again_in_a_build_are_described_once() -> None:
    graph = {"nodes": list(range(100))}
    shared: dict[int, tuple[object, str]] = {}
    key = {"graph": graph, (1, 2): "non-string key: the slow writer, which uses `shared`"}
    first = stable_repr(key, shared=shared)
    assert id(graph["nodes"]) in shared
    assert stable_repr(key, shared=shared) == first


def test_page_store_keeps_one_result_per_page_under_its_key() -> None:
    store: PageStore[str] = PageStore("markdown")
    store.begin()
    assert store.get("a.md", "k1") is None
    store.put("a.md", "k1", "html-1")
    store.put("b.md", "k1", "html-b")
    store.end()
    store.begin()
    assert store.get("a.md", "k1") == "html-1"
    assert store.get("a.md", "k2") is None  # another key: made again
    assert store.get("a.md", "k1", valid=lambda html: html != "html-1") is None
    store.put("a.md", "k2", "html-2")
    store.end()  # b.md was not asked for: removed from the site
    assert len(store) == 1
    assert store.summary() == "markdown 1 kept/2 made"
    store.begin()
    assert store.get("a.md", "k1") is None  # only the latest result is kept
    assert store.get("a.md", "k2") == "html-2"
    assert summaries([store]) == "markdown 1 kept/1 made"
    store.clear()
    assert len(store) == 0


def test_config_chain_follows_inherit_relative_to_each_file(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    child = tmp_path / "mkdocs.yml"
    child.write_text("site_name: x\nINHERIT: conf/base.yml\n", encoding="utf-8")
    (tmp_path / "conf" / "base.yml").write_text('INHERIT: "../root.yml"\n', encoding="utf-8")
    (tmp_path / "root.yml").write_text("theme: material\n", encoding="utf-8")
    assert config_chain(child) == [child, tmp_path / "conf" / "base.yml", tmp_path / "root.yml"]
    (tmp_path / "root.yml").write_text("INHERIT: mkdocs.yml\n", encoding="utf-8")  # a loop
    assert len(config_chain(child)) == 3


def test_configuration_files_cover_inherited_config_citation_and_obsidian_settings(
    tmp_path: Path,
) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("INHERIT: base.yml\n", encoding="utf-8")
    (tmp_path / "base.yml").write_text("theme: material\n", encoding="utf-8")
    vault = tmp_path / "notes" / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    for name in ("app.json", "workspace.json", "workspace-mobile.json", "appearance.json"):
        (vault / ".obsidian" / name).write_text("{}", encoding="utf-8")
    (vault / ".obsidian" / "plugins.txt").write_text("", encoding="utf-8")
    assert configuration_files(config, vault) == [
        config,
        tmp_path / "base.yml",
        vault / "CITATION.cff",
        vault.parent / "CITATION.cff",
        tmp_path / "CITATION.cff",
        vault / ".obsidian" / "app.json",
        vault / ".obsidian" / "appearance.json",
    ]
    assert configuration_files(None, vault)[:2] == [
        vault / "CITATION.cff",
        vault.parent / "CITATION.cff",
    ]


def test_file_parts_hold_each_path_and_its_bytes_or_missing(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"one")
    parts = file_parts([tmp_path / "a", tmp_path / "gone"])
    assert parts == [str(tmp_path / "a"), b"one", str(tmp_path / "gone"), "missing"]
    (tmp_path / "a").write_bytes(b"two")
    assert digest(*file_parts([tmp_path / "a"])) != digest(*parts[:2])
