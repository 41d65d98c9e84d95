"""Per-page results kept between the rebuilds of ``make serve`` (an incremental rebuild).

MkDocs rebuilds the whole site on every save. Under ``mkdocs serve`` the hook
``hooks/incremental.py`` keeps, for every page, the results of the expensive steps — the
Markdown rendered to HTML, the page template rendered around it, the page's search entries,
its section of the print page — each in a :class:`PageStore` under a key that digests
everything the step read (STYLE.md, "Incremental rebuilds"). A step whose key is unchanged
is not run again: its kept result is used. Every build still runs every event of every plugin
for every page, so whatever the site assembles from all pages (search index, tags index,
redirects, graph, print page) is always complete, and the result equals a clean build byte for
byte (tests/sites/test_incremental.py).

This module is pure: digests, a stable serialisation of plain data, and the stores.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

V = TypeVar("V")

_UNSTABLE = itertools.count()
"""Numbers values that cannot be described: never equal to anything, across builds too."""
_PROCESS = os.urandom(8).hex()
"""Marks this process's numbers: a key kept on disk by another process never matches one."""


def digest(*parts: str | bytes) -> str:
    """A digest of *parts* (each part framed by its length, so parts cannot run together)."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


Describe = Callable[[object], object]
"""Turns an object the serialiser does not know into plain data, or returns it unchanged."""


def describe_site_object(value: object) -> object:
    """MkDocs' and Material's objects as plain data (a :data:`Describe` for page keys).

    Objects are recognised by the module and name of their class or a base class, so this
    module does not import MkDocs: a file is its paths and URL, a page its title and URL, a
    section its title, a link its title and URL, a table of contents its entries; dates are
    written in ISO form; Material's tags are their attributes. Anything else is returned
    unchanged (and :func:`stable_repr` makes a key holding it match nothing).
    """
    for kind in type(value).__mro__:
        name = f"{kind.__module__}.{kind.__qualname__}"
        described = _DESCRIBERS.get(name)
        if described is not None:
            return described(value)
    iso = getattr(value, "isoformat", None)
    if callable(iso):
        return iso()
    if type(value).__module__.startswith("material.plugins.tags.") and hasattr(value, "__dict__"):
        return vars(value)  # Material's Tag, TagReference: a name, flags and links
    return value


_DESCRIBERS: dict[str, Callable[[Any], object]] = {
    "mkdocs.structure.files.File": lambda v: (v.src_uri, v.dest_uri, v.url, v.generated_by),
    "mkdocs.structure.pages.Page": lambda v: ("page", v.title, v.url),
    "mkdocs.structure.nav.Section": lambda v: ("section", v.title),
    "mkdocs.structure.nav.Link": lambda v: ("link", v.title, v.url),
    "mkdocs.structure.toc.TableOfContents": lambda v: list(v.items),
    "mkdocs.structure.toc.AnchorLink": lambda v: (v.title, v.id, v.level, list(v.children)),
}


Shared = dict[int, tuple[object, str]]
"""Texts of large containers described before in this build, by ``id`` (:func:`stable_repr`)."""

SHARED_MIN = 16
"""Containers with fewer items are described every time they are met."""


def stable_repr(
    value: object,
    describe: Describe | None = None,
    *,
    depth: int = 12,
    shared: Shared | None = None,
) -> str:
    """A text that is equal for equal plain data, across builds and processes.

    Plain data is ``None``, booleans, numbers, strings, bytes, and mappings, sequences, sets
    and dataclasses of plain data (written as JSON where it can be, so a list and a tuple of
    the same items, or the keys ``1`` and ``"1"``, are the same data). *describe* may turn
    other objects into plain data (a page into its title and URL…). An object that stays
    unknown, or data nested deeper than *depth*, becomes a marker equal to nothing else, so a
    key holding it never matches: an unknown input can cost a cache hit, never give a wrong
    one.

    Args:
        value: What to serialise.
        describe: Turns known non-plain objects into plain data.
        depth: How deep to follow containers.
        shared: Texts of large containers (:data:`SHARED_MIN` items or more) met before in
            this build: the same object given to every page (the vault's graph) is described
            once. It holds the objects, so their ids stay theirs; the caller starts a new one
            for each build, and so takes such a container to be unchanged during a build.
    """
    try:  # most keys are plain JSON data: the C encoder is ten times faster than _write
        return json.dumps(
            _substitute(value, describe, shared, 3) if shared is not None else value,
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
            default=functools.partial(_json_default, describe),
        )
    except (TypeError, ValueError, RecursionError):  # non-string keys, cycles, depth
        pass
    out: list[str] = []
    _write(value, describe, depth, out, shared)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class _Known:
    """A large container already described in this build: its digest stands for it."""

    text: str


def _substitute(value: object, describe: Describe | None, shared: Shared, depth: int) -> object:
    """*value* with long strings and large containers near its top replaced by digests."""
    if isinstance(value, str):
        return _Known("#" + digest(value)) if len(value) > LONG else value
    if isinstance(value, Mapping | list) and len(value) >= SHARED_MIN:
        known = shared.get(id(value))
        if known is None:
            known = (value, "#" + digest(stable_repr(value, describe)))
            shared[id(value)] = known
        return _Known(known[1])
    if depth <= 0:
        return value
    if isinstance(value, Mapping) and all(isinstance(k, str) for k in value):
        return {k: _substitute(v, describe, shared, depth - 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_substitute(v, describe, shared, depth - 1) for v in value]
    return value


def _json_default(describe: Describe | None, value: object) -> object:
    """Plain data for what JSON does not know; a marker equal to nothing for the unknown."""
    if isinstance(value, _Known):
        return value.text
    if isinstance(value, set | frozenset):
        return {"<set>": sorted(stable_repr(item, describe) for item in value)}
    if isinstance(value, bytes):
        return {"<bytes>": value.hex()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return {"<" + type(value).__qualname__ + ">": fields}
    described = describe(value) if describe is not None else value
    if described is value:
        return f"<{type(value).__qualname__} #{_PROCESS}:{next(_UNSTABLE)}>"
    return {"<" + type(value).__qualname__ + ">": described}


LONG = 512
"""Strings longer than this are written as their digest (hashing is cheaper than escaping)."""


def _write(
    value: object, describe: Describe | None, depth: int, out: list[str], shared: Shared | None
) -> None:
    if isinstance(value, str) and len(value) > LONG:
        out.append("#" + digest(value))
    elif value is None or isinstance(value, bool | int | str | bytes):
        out.append(repr(value))
    elif isinstance(value, float):
        out.append(repr(value) if math.isfinite(value) else f"float({value!r})")
    elif depth <= 0:
        out.append(f"<too deep #{_PROCESS}:{next(_UNSTABLE)}>")
    elif shared is not None and isinstance(value, Mapping | list) and len(value) >= SHARED_MIN:
        known = shared.get(id(value))
        if known is None:
            inner: list[str] = []
            _write_container(value, describe, depth, inner, shared)
            known = (value, "#" + digest("".join(inner)))
            shared[id(value)] = known
        out.append(known[1])
    else:
        _write_container(value, describe, depth, out, shared)


def _write_container(
    value: object, describe: Describe | None, depth: int, out: list[str], shared: Shared | None
) -> None:
    if isinstance(value, Mapping):
        out.append("{")
        if all(isinstance(k, str) for k in value):
            items = sorted((repr(k), v) for k, v in value.items())
        else:
            items = sorted((stable_repr(k, describe, depth=1), v) for k, v in value.items())
        for key, item in items:
            out.append(key)
            out.append(":")
            _write(item, describe, depth - 1, out, shared)
            out.append(",")
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[" if isinstance(value, list) else "(")
        for item in value:
            _write(item, describe, depth - 1, out, shared)
            out.append(",")
        out.append("]" if isinstance(value, list) else ")")
    elif isinstance(value, set | frozenset):
        out.append("{|")
        out.extend(sorted(stable_repr(item, describe, depth=depth - 1) + "," for item in value))
        out.append("|}")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        out.append(type(value).__qualname__)
        _write(
            {f.name: getattr(value, f.name) for f in dataclasses.fields(value)},
            describe,
            depth - 1,
            out,
            shared,
        )
    else:
        described = describe(value) if describe is not None else value
        if described is value:
            out.append(f"<{type(value).__qualname__} #{_PROCESS}:{next(_UNSTABLE)}>")
        else:
            out.append(f"<{type(value).__qualname__}>")
            _write(described, describe, depth - 1, out, shared)


@dataclass
class PageStore(Generic[V]):
    """One kept result per page: the last one computed, with the key it was computed for.

    A build calls :meth:`begin`, then :meth:`get`/:meth:`put` for each page, then :meth:`end`,
    which forgets the pages that were not asked for (removed or renamed notes), so the store
    never holds more than one result per page of the current site.
    """

    name: str
    """What the results are, for the build's summary line."""
    _entries: dict[str, tuple[str, V]] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)
    hits: int = 0
    misses: int = 0

    def begin(self) -> None:
        """Start a build: no page asked for yet."""
        self._seen.clear()
        self.hits = self.misses = 0

    def get(self, page: str, key: str, valid: Callable[[V], bool] | None = None) -> V | None:
        """The result kept for *page* if it was computed under *key*, else ``None``.

        Args:
            page: The page (its ``src_uri``, or another name unique in the store).
            key: The digest of everything the result was computed from.
            valid: A further check of a kept result (e.g. its links still resolve the same).
        """
        self._seen.add(page)
        entry = self._entries.get(page)
        if entry is not None and entry[0] == key and (valid is None or valid(entry[1])):
            self.hits += 1
            return entry[1]
        self.misses += 1
        return None

    def put(self, page: str, key: str, value: V) -> None:
        """Keep *value*, computed for *page* under *key* (replacing the page's older one)."""
        self._seen.add(page)
        self._entries[page] = (key, value)

    def end(self) -> None:
        """Finish a build: forget the pages it did not have."""
        for page in [p for p in self._entries if p not in self._seen]:
            del self._entries[page]

    def clear(self) -> None:
        """Forget everything (the configuration or the code changed)."""
        self._entries.clear()
        self._seen.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def summary(self) -> str:
        """``name: hits kept, misses made`` for the build's log line."""
        return f"{self.name} {self.hits} kept/{self.misses} made"


def summaries(stores: Iterable[PageStore[object]]) -> str:
    """One line for the build log: what each store kept and what it had to make."""
    return ", ".join(store.summary() for store in stores)


RE_INHERIT = re.compile(r"^INHERIT:[ \t]*(\S.*?)[ \t]*$", re.MULTILINE)


def config_chain(path: Path) -> list[Path]:
    """A MkDocs configuration file and those it inherits from (``INHERIT:``, read as MkDocs
    reads it: relative to the file naming it), nearest first.

    ``mkdocs serve`` watches only the first; the rebuild key must cover them all.
    """
    found: list[Path] = []
    while path not in found:
        found.append(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            break
        parent = RE_INHERIT.search(text)
        if parent is None:
            break
        path = (path.parent / parent.group(1).strip("'\"")).resolve()
    return found


def configuration_files(config_file: Path | None, vault: Path) -> list[Path]:
    """The files whose change makes every kept result stale, besides the code.

    The MkDocs configuration and the files it inherits from (:func:`config_chain`), the
    citation file wherever the citing hook may read it (the vault folder, the folder holding
    it, next to the configuration), and the vault's Obsidian settings (``.obsidian/*.json``)
    but ``workspace*.json``, which Obsidian rewrites as the author clicks around.

    Args:
        config_file: The configuration file, if the build has one.
        vault: The vault folder (``docs_dir``).

    Returns:
        Paths in a fixed order; some may not exist (:func:`file_parts` says so).
    """
    found: list[Path] = config_chain(config_file) if config_file is not None else []
    found += [vault / "CITATION.cff", vault.parent / "CITATION.cff"]
    if config_file is not None:
        found.append(config_file.parent / "CITATION.cff")
    found += sorted(p for p in vault.glob(".obsidian/*.json") if not p.name.startswith("workspace"))
    return found


def file_parts(paths: Iterable[Path]) -> list[str | bytes]:
    """Each path and its bytes (``"missing"`` when it cannot be read), for :func:`digest`."""
    parts: list[str | bytes] = []
    for path in paths:
        try:
            parts += [str(path), path.read_bytes()]
        except OSError:
            parts += [str(path), "missing"]
    return parts
