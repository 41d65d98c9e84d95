"""Which context variables a page template can read (for the key of a kept page).

A page's template output is kept between ``make serve`` rebuilds under a key that describes
everything the template context holds for the page. A context entry that no template names
cannot change the output: the vault's graph, given to every page for the hooks, is read by
the hooks only, and leaving it out of the key keeps a link added in one note from making
every page stale. :func:`names_read` finds the names, following ``{% extends %}``,
``{% include %}`` and ``{% import %}`` through the whole template tree.

MkDocs makes a new Jinja environment on every build, which compiles every template again:
:class:`MemoryBytecodeCache` keeps the compiled code between the builds of one process.
"""

from __future__ import annotations

from collections.abc import Callable

import jinja2
import jinja2.meta
import jinja2.nodes

JINJA_MARKERS = ("{{", "{%", "{#")


def names_read(
    env: jinja2.Environment, name: str, listed: Callable[[], list[str]] | None = None
) -> frozenset[str] | None:
    """The context variables *name* and every template it may include or extend use.

    A computed reference (``{% include ".icons/" ~ icon ~ ".svg" %}``) counts every template
    whose name starts with its constant part; a template without any Jinja markup (an icon)
    names nothing. A reference with no constant start, or a template that cannot be read or
    parsed, makes the answer unknown.

    Args:
        env: The Jinja environment of the build.
        name: The page template (``main.html``).
        listed: Every template name of *env* (``env.list_templates``, which walks the theme's
            folders: the caller may keep its answer).

    Returns:
        The names, or ``None`` when they cannot be known (every context entry counts then).
    """
    if env.loader is None:
        return None
    names: set[str] = set()
    queue = [name]
    seen: set[str] = set()
    everything: list[str] | None = None
    try:
        while queue:
            current = queue.pop()
            if current in seen:
                continue
            seen.add(current)
            source, _, _ = env.loader.get_source(env, current)
            if not any(marker in source for marker in JINJA_MARKERS):
                continue
            tree = env.parse(source)
            names |= jinja2.meta.find_undeclared_variables(tree)
            for reference in _references(tree):
                prefix = constant_prefix(reference)
                if prefix is None:
                    return None
                if isinstance(reference, jinja2.nodes.Const):
                    queue.append(prefix)
                    continue
                if everything is None:
                    everything = listed() if listed is not None else env.list_templates()
                queue.extend(t for t in everything if t.startswith(prefix))
    except jinja2.TemplateError:
        return None
    return frozenset(names)


def _references(tree: jinja2.nodes.Template) -> list[jinja2.nodes.Expr]:
    return [
        *(node.template for node in tree.find_all(jinja2.nodes.Extends)),
        *(node.template for node in tree.find_all(jinja2.nodes.Include)),
        *(node.template for node in tree.find_all(jinja2.nodes.Import)),
        *(node.template for node in tree.find_all(jinja2.nodes.FromImport)),
    ]


def constant_prefix(node: jinja2.nodes.Node) -> str | None:
    """A template reference's name, or the constant start of a computed one."""
    while isinstance(node, jinja2.nodes.Concat | jinja2.nodes.Add):
        node = node.nodes[0] if isinstance(node, jinja2.nodes.Concat) else node.left
    if isinstance(node, jinja2.nodes.Const) and isinstance(node.value, str):
        return node.value
    return None


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled Jinja templates kept in memory, for the environments of later builds.

    Jinja keys each entry on the template's name and checks it against a checksum of the
    template's source, so an edited template is compiled again.
    """

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Give the bucket its compiled code, if it was compiled before."""
        if (data := self.data.get(bucket.key)) is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep a freshly compiled template."""
        self.data[bucket.key] = bucket.bytecode_to_string()
