"""Which context variables a page template can read (nonlinear.serve.templates)."""

from __future__ import annotations

import jinja2

from nonlinear.serve.templates import MemoryBytecodeCache, names_read


def _env(templates: dict[str, str]) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader(templates), autoescape=True)


def test_names_are_followed_through_extends_include_and_import() -> None:
    env = _env(
        {
            "main.html": '{% extends "base.html" %}{% block c %}{{ page.title }}{% endblock %}',
            "base.html": '{% include "partials/a.html" %}{% import "macros.html" as m %}'
            '{% from "more.html" import f %}{% block c %}{% endblock %}',
            "partials/a.html": "{{ reading.backlinks }}{% for x in items %}{{ x }}{% endfor %}",
            "macros.html": "{% macro g() %}{{ citing }}{% endmacro %}",
            "more.html": "{% macro f() %}{{ config.site_name }}{% endmacro %}",
            "unused.html": "{{ nonlinear }}",
        }
    )
    assert names_read(env, "main.html") == {"page", "reading", "items", "citing", "config"}


def test_a_computed_include_counts_every_template_under_its_constant_start() -> None:
    env = _env(
        {
            "main.html": '{% include "icons/" ~ icon ~ ".svg" %}{% include "p/" ~ kind %}',
            "icons/a.svg": "<svg/>",  # no Jinja: names nothing
            "icons/b.svg": "<svg>{{ secret }}</svg>",
            "p/x.html": "{{ tags }}",
            "q/y.html": "{{ never }}",
        }
    )
    assert names_read(env, "main.html") == {"icon", "kind", "secret", "tags"}


def test_unknown_when_a_reference_has_no_constant_start_or_a_template_is_missing() -> None:
    assert names_read(_env({"main.html": "{% include which %}"}), "main.html") is None
    assert names_read(_env({"main.html": '{% include "gone.html" %}'}), "main.html") is None
    assert names_read(_env({"main.html": "{{ broken "}), "main.html") is None
    assert names_read(jinja2.Environment(), "main.html") is None  # no loader


def test_compiled_templates_are_kept_for_the_next_environment_until_the_source_changes() -> None:
    cache = MemoryBytecodeCache()
    sources = {"page.html": "Hello {{ name }}"}

    def environment() -> tuple[jinja2.Environment, list[str]]:
        env = jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=cache)
        compiled: list[str] = []
        compile_ = env.compile

        def counting(source: str, name: str | None = None, *args: object, **kw: object) -> object:
            compiled.append(str(name))
            return compile_(source, name, *args, **kw)

        env.compile = counting
        return env, compiled

    first, compiled = environment()
    assert first.get_template("page.html").render(name="a") == "Hello a"
    assert compiled == ["page.html"]
    assert len(cache.data) == 1
    second, compiled = environment()  # a new build: a new environment, the same cache
    assert second.get_template("page.html").render(name="b") == "Hello b"
    assert compiled == []
    sources["page.html"] = "Bye {{ name }}"  # an edited template is compiled again
    third, compiled = environment()
    assert third.get_template("page.html").render(name="c") == "Bye c"
    assert compiled == ["page.html"]
