"""Hostile vaults built through the real MkDocs build, and the audit every output must pass.

Each test builds one small vault of ``tests/security/vaults/`` in place with
``mkdocs.vault.yml``, as ``make site VAULT=...`` does (notebooks off, not strict), so that every
problem is reported and the site is still written. :func:`audit` then checks every file the
build wrote:

* no element carries an event-handler attribute (``on*``), in HTML, SVG and XML, nor in any
  string of the JSON files (the search index and graph are put into pages with ``innerHTML``);
* no ``javascript:``, ``vbscript:`` or ``data:text/html`` URL in any attribute;
* no sentinel text of an unpublished note appears in any file;

and the build raised nothing and left the vault byte-identical.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parents[2]
VAULTS = Path(__file__).resolve().parent / "vaults"

# Attributes whose value is a URL a browser may follow or load.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "xlink:href", "action", "formaction", "poster", "data", "background", "srcset"}
)
# What a browser ignores inside a scheme name (tabs, newlines, other controls and spaces).
RE_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]+")
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


@dataclass(frozen=True)
class Built:
    """A hostile vault after its build."""

    vault: Path
    site: Path
    messages: list[str]
    """Every log message of the build, as printed."""

    def has_message(self, *parts: str) -> bool:
        """Whether one message holds every part."""
        return any(all(p in m for p in parts) for m in self.messages)


def vault_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_vault(name: str, site_dir: Path) -> Built:
    """Build ``tests/security/vaults/<name>`` with the real configuration, not strict."""
    vault = VAULTS / name
    before = vault_hash(vault)
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(collect)
    logger.setLevel(logging.INFO)
    keys = ("NO_MKDOCS_2_WARNING", "NONLINEAR_NOTEBOOKS", "NONLINEAR_VAULT")
    saved = {key: os.environ.get(key) for key in keys}
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ["NONLINEAR_NOTEBOOKS"] = ""  # another vault: no notebooks
    os.environ["NONLINEAR_VAULT"] = str(vault)
    try:
        config = load_config(
            str(ROOT / "mkdocs.vault.yml"), docs_dir=str(vault), site_dir=str(site_dir)
        )
        build(config)  # raises (a traceback) if the build crashes
    finally:
        logger.removeHandler(collect)
        logger.setLevel(level)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert vault_hash(vault) == before, "the build wrote into the vault"
    assert not any("Traceback" in m for m in collect.messages)
    return Built(vault, site_dir, collect.messages)


def _attribute_problems(soup: BeautifulSoup, where: str) -> Iterator[str]:
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            name = attribute.lower()
            if name.startswith("on"):
                yield f"{where}: <{element.name} {attribute}=...>"
            if name in URL_ATTRIBUTES or name.endswith(":href"):
                text = " ".join(value) if isinstance(value, list) else str(value)
                url = RE_IGNORED_IN_SCHEME.sub("", html.unescape(text)).lower()
                if url.startswith(DANGEROUS_SCHEMES):
                    yield f"{where}: <{element.name} {attribute}={text!r}>"


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def audit(built: Built, sentinels: Iterable[str] = ()) -> None:
    """Check every file of the site: nothing runs, nothing unpublished is there."""
    problems: list[str] = []
    sentinels = list(sentinels)
    files = [p for p in built.site.rglob("*") if p.is_file()]
    assert files, "the build wrote nothing"
    for path in files:
        where = str(path.relative_to(built.site))
        data = path.read_bytes()
        for sentinel in sentinels:
            if sentinel.encode() in data:
                problems.append(f"{where}: holds {sentinel!r}")
        if path.suffix in {".html", ".htm", ".svg", ".xml"}:
            text = data.decode("utf-8", errors="replace")
            parser = "html.parser" if path.suffix.startswith(".htm") else "xml"
            problems.extend(_attribute_problems(BeautifulSoup(text, parser), where))
        elif path.suffix == ".json" and b"<" in data:
            # Strings a page puts into HTML (the search index): each must be safe markup.
            # Our data files (graph.json, link-report.json) write no raw "<" at all.
            for string in _strings(json.loads(data)):
                if "<" in string:
                    soup = BeautifulSoup(string, "html.parser")
                    problems.extend(_attribute_problems(soup, where + " (a JSON string)"))
    assert not problems, "\n".join(problems)


def built_site(name: str) -> Callable[[pytest.TempPathFactory], Built]:
    """A module-scoped fixture building the hostile vault *name* once for its tests."""

    @pytest.fixture(scope="module")
    def fixture(tmp_path_factory: pytest.TempPathFactory) -> Built:
        return build_vault(name, tmp_path_factory.mktemp(name) / "site")

    return fixture


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def soup_of(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup(read(site, path), "html.parser")
