"""Ground truth at scale: a generated vault's rendered links equal its known link graph."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

from nonlinear.vault.paths import slug_path

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.site


def load_generator() -> object:
    spec = importlib.util.spec_from_file_location("vault_gen", ROOT / "bench" / "vault_gen.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


CONFIG = """\
site_name: Generated
docs_dir: vault
strict: true
theme:
  name: material
  font: false
  features: [navigation.prune]
hooks:
  - {hook}
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - md_in_html
  - tables
  - pymdownx.superfences
  - pymdownx.arithmatex:
      generic: true
validation:
  anchors: warn
"""


def test_rendered_links_equal_the_known_graph(tmp_path: Path) -> None:
    generator = load_generator()
    expected = generator.generate(tmp_path / "vault", 60, seed=3)  # type: ignore[attr-defined]
    (tmp_path / "mkdocs.yml").write_text(
        CONFIG.format(hook=ROOT / "hooks" / "wikilinks.py"), encoding="utf-8"
    )
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site = tmp_path / "site"
    build(load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(site), strict=True))

    url_to_uri = {}
    for md in (tmp_path / "vault").rglob("*.md"):
        uri = md.relative_to(tmp_path / "vault").as_posix()
        url_to_uri[(site / slug_path(uri) / "index.html").resolve()] = uri  # the URL rule
    actual = []
    for page, source in sorted(url_to_uri.items(), key=lambda kv: kv[1]):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article")
        assert article is not None
        for a in article.select("a.wikilink"):
            parts = urlsplit(str(a["href"]))
            target = (page.parent / unquote(parts.path) / "index.html").resolve()
            actual.append((source, url_to_uri[target], unquote(parts.fragment) or None))
        assert article.select(".wikilink--broken") == [], source
    # Same links (recall 100 %, nothing wrong, nothing extra from decoys), in the same order.
    assert Counter(actual) == Counter(expected)
    order = sorted(expected, key=lambda e: e[0])
    assert actual == order
