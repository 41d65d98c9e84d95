"""Templates compiled by one build, read back by the next (nonlinear.site.template_cache)."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from nonlinear.site import template_cache
from nonlinear.site.template_cache import disk_bytecode_cache, settings_key


class _Counting(jinja2.Environment):
    """An environment that counts the templates it compiles from source."""

    compiled = 0

    def compile(self, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        type(self).compiled += 1
        return super().compile(*args, **kwargs)


def _env(folder: Path, templates: dict[str, str], **settings: object) -> jinja2.Environment:
    env = _Counting(loader=jinja2.DictLoader(templates), **settings)  # type: ignore[arg-type]
    env.bytecode_cache = disk_bytecode_cache(folder, env)
    return env


@pytest.fixture(autouse=True)
def _reset_count() -> None:
    _Counting.compiled = 0


def test_a_second_environment_reads_the_compiled_templates(tmp_path: Path) -> None:
    templates = {"page.html": "{% include 'part.html' %}<p>{{ x }}</p>", "part.html": "[{{ x }}]"}
    first = _env(tmp_path, templates).get_template("page.html").render(x="<b>")
    assert _Counting.compiled == 2
    second = _env(tmp_path, templates).get_template("page.html").render(x="<b>")
    assert _Counting.compiled == 2  # nothing compiled again
    assert second == first == "[<b>]<p><b></p>"


def test_an_edited_template_is_compiled_again(tmp_path: Path) -> None:
    _env(tmp_path, {"page.html": "old {{ x }}"}).get_template("page.html")
    edited = _env(tmp_path, {"page.html": "new {{ x }}"}).get_template("page.html")
    assert _Counting.compiled == 2
    assert edited.render(x=1) == "new 1"


def test_settings_that_change_the_code_never_share_it(tmp_path: Path) -> None:
    templates = {"page.html": "{{ x }}"}
    plain = _env(tmp_path, templates).get_template("page.html").render(x="<b>")
    escaped = _env(tmp_path, templates, autoescape=True).get_template("page.html").render(x="<b>")
    assert (plain, escaped) == ("<b>", "&lt;b&gt;")
    assert _Counting.compiled == 2
    assert len(list(tmp_path.iterdir())) == 2
    keys = {
        settings_key(jinja2.Environment(**settings))  # type: ignore[arg-type]
        for settings in (
            {},
            {"trim_blocks": True},
            {"block_start_string": "<%", "block_end_string": "%>"},
            {"extensions": ["jinja2.ext.loopcontrols"]},
            {"finalize": str},
        )
    }
    assert len(keys) == 5


def test_a_folder_that_cannot_be_made_keeps_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.DictLoader({"a": "x"}))
    assert disk_bytecode_cache(blocker, env) is None


def test_only_the_most_recently_used_entries_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(template_cache, "KEPT", 2)
    templates = {name: f"{name} {{{{ x }}}}" for name in ("a", "b", "c")}
    env = _env(tmp_path, templates)
    for name in templates:
        env.get_template(name)
    (folder,) = tmp_path.iterdir()
    entries = sorted(folder.iterdir())
    assert len(entries) == 3
    for age, entry in enumerate(entries):  # the first written is the oldest
        os.utime(entry, (1_000_000 + age, 1_000_000 + age))
    oldest = entries[0]
    name = next(n for n in templates if oldest.name == f"__jinja2_{_key(n)}.cache")
    # Reading the oldest entry makes it the newest (not compiled again): the next build keeps it.
    monkeypatch.setattr(template_cache, "KEPT", 3)
    _env(tmp_path, templates).get_template(name)
    assert _Counting.compiled == 3
    monkeypatch.setattr(template_cache, "KEPT", 2)
    _env(tmp_path, templates)
    kept = set(folder.iterdir())
    assert len(kept) == 2
    assert oldest in kept


def _key(name: str) -> str:
    return jinja2.FileSystemBytecodeCache().get_cache_key(name)
