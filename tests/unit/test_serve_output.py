"""make serve's site folder, written only where a rebuild changed it (nonlinear.serve.output)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nonlinear.serve.output import StagedSite, staged_site, write_site_file


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _begin(output: StagedSite, site: Path, files: dict[str, bytes]) -> None:
    """A build that has written *files* so far."""
    output.begin(site)
    for rel, data in files.items():
        output.write(site / rel, data)


def _build(output: StagedSite, site: Path, files: dict[str, bytes]) -> str:
    """One finished build writing *files*; returns the commit's summary."""
    _begin(output, site, files)
    return str(output.commit())


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_ino, status.st_mtime_ns


SITE = {
    "index.html": b"<h1>Home</h1>",
    "Notes/A/index.html": b"<h1>A</h1>",
    "Notes/B/index.html": b"<h1>B</h1>",
    "Old name/index.html": b"redirect to A",
}


def test_a_rebuild_writing_the_same_bytes_touches_no_file(tmp_path: Path) -> None:
    site, output = tmp_path / "site", StagedSite()
    assert _build(output, site, SITE) == "4 written, 0 unchanged, 0 removed"
    stamps = {rel: _stamp(site / rel) for rel in SITE}
    os.utime(site / "index.html", ns=(1, 1))  # a change the output does not make would show
    stamps["index.html"] = _stamp(site / "index.html")
    assert _build(output, site, SITE) == "0 written, 4 unchanged, 0 removed"
    assert {rel: _stamp(site / rel) for rel in SITE} == stamps
    assert _tree(site) == SITE


def test_changed_files_reach_the_site_only_when_the_build_finishes(tmp_path: Path) -> None:
    site, output = tmp_path / "site", StagedSite()
    _build(output, site, SITE)
    output.begin(site)
    output.write(site / "index.html", SITE["index.html"])
    output.write(site / "Notes/A/index.html", b"<h1>A, edited</h1>")
    output.write(site / "Notes/C/index.html", b"<h1>C</h1>")
    assert _tree(site) == SITE  # the browser still reads the last good build
    assert str(output.commit()) == "2 written, 1 unchanged, 2 removed"
    assert _tree(site) == {
        "index.html": b"<h1>Home</h1>",
        "Notes/A/index.html": b"<h1>A, edited</h1>",
        "Notes/C/index.html": b"<h1>C</h1>",
    }  # B and the redirect were not written again: gone, and their folders with them
    assert sorted(p.name for p in (site / "Notes").iterdir()) == ["A", "C"]
    assert not (tmp_path / "site.staging").exists()


def test_a_failed_build_leaves_the_last_good_site(tmp_path: Path) -> None:
    site, output = tmp_path / "site", StagedSite()
    _build(output, site, SITE)
    output.begin(site)
    output.write(site / "Notes/A/index.html", b"half")
    assert output.abort() is True
    assert _tree(site) == SITE
    assert not (tmp_path / "site.staging").exists()
    # and the next build still knows what the site holds
    assert _build(output, site, SITE) == "0 written, 4 unchanged, 0 removed"


def test_a_first_build_goes_straight_in_and_a_failed_one_has_no_good_site(
    tmp_path: Path,
) -> None:
    site, output = tmp_path / "site", StagedSite()
    (site / "stale").mkdir(parents=True)
    (site / "stale" / "old.html").write_bytes(b"from another run")
    (site / ".keep").write_bytes(b"hidden entries are never removed, as MkDocs leaves them")
    output.begin(site)
    output.write(site / "index.html", b"new")
    assert (site / "index.html").read_bytes() == b"new"  # nothing to keep: no staging
    assert output.abort() is False
    assert _build(output, site, {"index.html": b"new"}) == "1 written, 0 unchanged, 1 removed"
    assert _tree(site) == {"index.html": b"new", ".keep": (site / ".keep").read_bytes()}


def test_files_written_straight_into_the_site_count_as_this_builds(tmp_path: Path) -> None:
    site, output = tmp_path / "site", StagedSite()
    _build(output, site, SITE)
    _begin(output, site, SITE)
    (site / "sitemap.xml.gz").write_bytes(b"gz 1")  # MkDocs writes it straight into the site
    output.commit()
    assert (site / "sitemap.xml.gz").read_bytes() == b"gz 1"
    output.begin(site)
    output.write(site / "index.html", SITE["index.html"])
    (site / "Notes/A/nb.ipynb").write_bytes(b"copied by a plugin")
    assert output.paths() == {"index.html", "Notes/A/nb.ipynb"}
    output.commit()
    assert _tree(site) == {
        "index.html": SITE["index.html"],
        "Notes/A/nb.ipynb": b"copied by a plugin",
    }  # the gzip of the previous build was not written again
    _build(output, site, {"index.html": SITE["index.html"]})  # the plugin did not copy it again
    assert _tree(site) == {"index.html": SITE["index.html"]}


def test_copies_are_made_again_only_when_their_source_changed(tmp_path: Path) -> None:
    site, output, source = tmp_path / "site", StagedSite(), tmp_path / "pic.svg"
    source.write_bytes(b"<svg/>")

    def build() -> str:
        output.begin(site)
        output.copy(source, site / "img/pic.svg")
        return str(output.commit())

    assert build() == "1 written, 0 unchanged, 0 removed"
    assert build() == "0 written, 1 unchanged, 0 removed"
    source.write_bytes(b"<svg id='x'/>")
    assert build() == "1 written, 0 unchanged, 0 removed"
    assert (site / "img/pic.svg").read_bytes() == b"<svg id='x'/>"


def test_a_page_may_become_a_folder_and_back(tmp_path: Path) -> None:
    # A note "a" (use_directory_urls: false → a.html) becomes a folder's name, and back.
    site, output = tmp_path / "site", StagedSite()
    _build(output, site, {"a": b"file", "b/c.html": b"c"})
    _build(output, site, {"a/index.html": b"now a folder", "b": b"now a file"})
    assert _tree(site) == {"a/index.html": b"now a folder", "b": b"now a file"}
    _build(output, site, {"a": b"file again", "b/c.html": b"c"})
    assert _tree(site) == {"a": b"file again", "b/c.html": b"c"}


def test_written_twice_back_to_the_sites_bytes(tmp_path: Path) -> None:
    site, output = tmp_path / "site", StagedSite()
    _build(output, site, SITE)
    _begin(output, site, SITE)
    output.write(site / "index.html", b"first")
    output.write(site / "index.html", SITE["index.html"])
    assert str(output.commit()) == "0 written, 4 unchanged, 0 removed"


def test_only_the_site_folder_is_staged(tmp_path: Path) -> None:
    site, output = tmp_path / "site", StagedSite()
    output.begin(site)
    assert output.owns(site / "x.html")
    assert output.is_site(site)
    assert not output.owns(site)
    assert not output.owns(tmp_path / "site.staging" / "x.html")
    assert not output.owns(tmp_path / "elsewhere" / "x.html")
    assert not output.owns(site / ".." / "x.html")
    with pytest.raises(ValueError, match="not in the site folder"):
        output.write(tmp_path / "x.html", b"x")
    output.commit()
    assert not output.owns(site / "x.html")  # no build in progress
    with pytest.raises(RuntimeError, match="no build in progress"):
        output.write(site / "x.html", b"x")


def test_hooks_write_their_files_through_the_staged_site(tmp_path: Path) -> None:
    site, output = tmp_path / "site", StagedSite()
    write_site_file(site / "graph.json", ["{", "}"])  # no serve: straight to disk, in pieces
    assert (site / "graph.json").read_text("utf-8") == "{}"
    _build(output, site, {"graph.json": b"{}"})
    output.begin(site)
    token = staged_site.set(output)
    try:
        write_site_file(site / "graph.json", ['{"nodes"', ": []}"])
        assert (site / "graph.json").read_text("utf-8") == "{}"  # staged until the commit
        write_site_file(tmp_path / "elsewhere.txt", ["not the site's"])
        assert (tmp_path / "elsewhere.txt").exists()
    finally:
        staged_site.reset(token)
    output.commit()
    assert (site / "graph.json").read_text("utf-8") == '{"nodes": []}'


def test_a_dirty_build_keeps_what_it_did_not_write(tmp_path: Path) -> None:
    # mkdocs serve --dirty writes only the pages whose source changed.
    site, output = tmp_path / "site", StagedSite()
    _build(output, site, SITE)
    output.begin(site, prune=False)
    output.write(site / "Notes/A/index.html", b"<h1>A, edited</h1>")
    assert str(output.commit()) == "1 written, 0 unchanged, 0 removed"
    assert _tree(site) == {**SITE, "Notes/A/index.html": b"<h1>A, edited</h1>"}
    # what it kept is still known: writing B's bytes again is no change
    output.begin(site, prune=False)
    output.write(site / "Notes/B/index.html", SITE["Notes/B/index.html"])
    assert str(output.commit()) == "0 written, 1 unchanged, 0 removed"
