"""One Python-Markdown converter per build, reset between pages, instead of a new one per page.

Where it sits: MkDocs' ``Page.render`` makes a new ``markdown.Markdown`` for every page. Each
one builds Python-Markdown's parser again and runs every extension's ``extendMarkdown`` again
(pymdownx.highlight deep-copies its settings twice per page on the way): about 0.8 ms a page,
1.6 s CPU of a 20 s build of the 2,000-note bench vault, the same in plain Material as in ours.

Python-Markdown supports converting many documents with one converter: ``Markdown.reset()``
clears the document's state (stashed HTML, references) and calls ``reset()`` on every extension
that registered itself as holding state (footnotes, toc, pymdownx.superfences...). While
``hooks/speed.py`` has it installed (:func:`install`), MkDocs' page module asks a
:class:`MarkdownPool` for its converter: a converter made earlier in the build with the same
extensions and settings, reset, when one is free; a new one otherwise. The per-page processors
MkDocs registers on it (anchors, relative links, title) replace the previous page's, under the
same names. A converter is free again once its ``convert`` has returned; MkDocs reads the page's
table of contents from it right after, before anything else can ask for a converter. A
conversion that raised (even one an outer wrapper catches, such as a note nested past the
recursion limit, :func:`nonlinear.vault.markdown_ext._convert_or_show_text`) may leave the parser
half-way through a document, which ``reset()`` does not undo: that converter is never reused.

Every page comes out byte for byte as with a new converter (the knowledge base and the bench
vaults are compared in full by the tests and by hand, see ``hooks/speed.py``).
"""

from __future__ import annotations

import types
from collections.abc import Mapping, Sequence
from typing import Any

import markdown

__all__ = ["MarkdownPool", "install", "uninstall"]


class _Pooled(markdown.Markdown):
    """A converter that puts itself back in its free list after each conversion that returns.

    Its own ``convert`` is the innermost: an extension's wrapper around ``md.convert`` (made in
    ``extendMarkdown``) calls it, so a failure is seen here even when the wrapper catches it.
    """

    free: list[markdown.Markdown]

    def convert(self, source: str) -> str:
        html = super().convert(source)  # a conversion that raises leaves the converter out
        if not any(md is self for md in self.free):  # converted twice: still free once
            self.free.append(self)
        return html


class MarkdownPool:
    """Converters to reuse, by the identity of the extensions and settings they were made with."""

    def __init__(self) -> None:
        """Start with no converter."""
        self._free: dict[tuple[int, ...], list[markdown.Markdown]] = {}
        # What each key's ids belong to, kept alive so that no id is reused by another object.
        self._owners: dict[tuple[int, ...], tuple[object, ...]] = {}
        self.made = 0
        """Converters made (the rest of the pages reused one)."""

    def get(self, *args: Any, **kwargs: Any) -> markdown.Markdown:
        """A converter as ``markdown.Markdown(*args, **kwargs)`` makes, reset for a new document.

        Only ``extensions`` and ``extension_configs`` are pooled (what MkDocs passes); any
        other call makes a new converter, as before.
        """
        extensions = kwargs.get("extensions")
        configs = kwargs.get("extension_configs")
        if args or set(kwargs) - {"extensions", "extension_configs"} or extensions is None:
            return markdown.Markdown(*args, **kwargs)
        key = self._key(extensions, configs)
        free = self._free.setdefault(key, [])
        if free:
            md = free.pop()
            md.reset()
            return md
        md = _Pooled(**kwargs)
        md.free = free
        self.made += 1
        return md

    def _key(self, extensions: Sequence[Any], configs: Mapping[str, Any] | None) -> tuple[int, ...]:
        """The identity of the list, of each extension in it (a list changed during the build
        gets new converters) and of the settings (MkDocs passes a new ``{}`` when there are
        none)."""
        key = (id(extensions), id(configs) if configs else 0, *map(id, extensions))
        if key not in self._owners:
            self._owners[key] = (extensions, configs, *extensions)
        return key


class _MarkdownModule(types.ModuleType):
    """The ``markdown`` module as MkDocs' page module sees it: ``Markdown`` comes from a pool."""

    def __init__(self, pool: MarkdownPool) -> None:
        super().__init__(markdown.__name__, markdown.__doc__)
        self.Markdown = pool.get

    def __getattr__(self, name: str) -> Any:
        return getattr(markdown, name)


def _pages_module() -> types.ModuleType:
    import mkdocs.structure.pages  # noqa: PLC0415 - the pool itself needs no MkDocs

    return mkdocs.structure.pages


def install(pool: MarkdownPool) -> None:
    """Make MkDocs' pages get their converters from *pool* (until :func:`uninstall`)."""
    _pages_module().markdown = _MarkdownModule(pool)  # type: ignore[attr-defined]


def uninstall() -> None:
    """Give MkDocs' pages a new converter each again."""
    _pages_module().markdown = markdown  # type: ignore[attr-defined]
