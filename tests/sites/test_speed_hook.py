"""hooks/speed.py changes nothing that is written: each shortcut is byte for byte Material's.

Each vault is built twice in one process with the configuration ``make site VAULT=`` uses:
once as is, once with a shortcut's event taken out, and every file of the two sites is
compared. The navigation memo (``on_env``; without it Material renders every item for every
page): The vaults are shaped to reach each case
the memo must get right: folders three deep, a folder with an index note (Material's
``navigation.indexes``), a note and a folder of the same name (one URL inside the other's
folder), pages with and without a table of contents, many siblings, names that need escaping,
and both URL styles (``use_directory_urls``).
"""

from __future__ import annotations

import difflib
import gc
import json
import os
import re
import weakref
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
import mkdocs.structure.pages
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import File

from nonlinear.site import markdown_pool, search_store
from nonlinear.site.nav_cache import (
    NAV_TEMPLATES,
    NavMemo,
    _base,
    _Origin,
    rewrite_nav_template,
)
from nonlinear.site.search_view import index_view

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[2]

VAULT = {
    "README.md": "# Start\n\nSee [[Alpha]] and [[Deep note]].\n",
    "Alpha.md": "## One\n\nAlpha links to [[Beta]].\n\n## Two\n\nMore.\n",
    "Beta.md": "Beta has no headings; it links to [[Alpha#Two]].\n",
    "Alpha/Inside Alpha.md": "A note in a folder named like a note ([[Alpha]]).\n",
    "Alpha/Sub/Deep note.md": "## Deep\n\nThree levels down, linking [[Q&A <1>]].\n",
    "Alpha/Sub/Deeper/Bottom.md": "The bottom of the tree.\n",
    "Folder/index.md": "# Folder\n\nThe folder's own page.\n",
    "Folder/Child.md": "## Child heading\n\nA child of an indexed folder.\n",
    "Folder/Q&A <1>.md": "Escaping: [[Child]].\n",
    **{
        f"Many/Note {i:02d}.md": f"Sibling {i}, then [[Note {(i + 1) % 12:02d}]].\n"
        for i in range(12)
    },
    "Émoji ✨/Café ☕.md": "## Déjà vu\n\nUnicode names.\n",
}


def _build(
    vault: Path,
    site: Path,
    *,
    memo: bool,
    directory_urls: bool = True,
    search_view: bool = True,
    view: Callable[[str], str] | None = None,
    search_kept: Path | None = None,
) -> int:
    """Build ``vault`` into ``site``; return how many items the memo reused. ``view`` replaces
    the hook's search view (to watch it work). Search entries are kept in ``search_kept``,
    by default a folder of this build's own (every page is indexed: nothing kept before)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(
        str(ROOT / "mkdocs.vault.yml"),
        docs_dir=str(vault),
        site_dir=str(site),
        strict=False,
        use_directory_urls=directory_urls,
    )
    speed = config.plugins["hooks/speed.py"]
    speed.SEARCH_STORE = str(search_kept or site.parent / f"{site.name}-search")  # type: ignore[attr-defined]
    if not memo:
        config.plugins.events["env"].remove(speed.on_env)  # type: ignore[attr-defined]
    if not search_view:
        config.plugins.events["pre_build"].remove(speed.on_pre_build)  # type: ignore[attr-defined]
    if view is not None:
        speed.index_view = view  # type: ignore[attr-defined]
    build(config)
    assert mkdocs.structure.pages.markdown is markdown, "the converter pool is left installed"
    return int(speed.LAST_MEMO.hits) if memo and speed.LAST_MEMO is not None else 0


@pytest.mark.parametrize("directory_urls", [True, False])
def test_navigation_through_the_memo_is_materials(tmp_path: Path, directory_urls: bool) -> None:
    vault = tmp_path / "vault"
    for name, text in VAULT.items():
        (vault / name).parent.mkdir(parents=True, exist_ok=True)
        (vault / name).write_text(text, encoding="utf-8")
    reused = _build(vault, tmp_path / "memo", memo=True, directory_urls=directory_urls)
    _build(vault, tmp_path / "plain", memo=False, directory_urls=directory_urls)
    assert reused > 100, "the memo reused nothing: this test would prove nothing"
    _assert_same_sites(tmp_path / "plain", tmp_path / "memo")


def _assert_same_sites(plain_site: Path, fast_site: Path) -> None:
    """Every file of the two sites, byte for byte (a unified diff of the first that differs)."""
    files = sorted(p.relative_to(plain_site) for p in plain_site.rglob("*"))
    assert files == sorted(p.relative_to(fast_site) for p in fast_site.rglob("*"))
    for rel in files:
        plain, fast = plain_site / rel, fast_site / rel
        if plain.is_dir() or plain.read_bytes() == fast.read_bytes():
            continue
        diff = difflib.unified_diff(
            plain.read_text("utf-8", "replace").splitlines(),
            fast.read_text("utf-8", "replace").splitlines(),
            f"material/{rel}",
            f"fast/{rel}",
            lineterm="",
            n=1,
        )
        pytest.fail("\n".join(list(diff)[:40]))


def test_materials_templates_are_rewritten() -> None:
    """The calls the memo replaces are in the installed Material (else it silently does nothing)."""
    templates = Path(__import__("material").__file__).parent / "templates"
    for name, (call, through_memo) in NAV_TEMPLATES.items():
        source = (templates / name).read_text(encoding="utf-8")
        assert call in source, name
        rewritten = rewrite_nav_template(name, source)
        assert call not in rewritten
        assert through_memo in rewritten


def test_other_templates_and_other_versions_are_left_alone() -> None:
    assert rewrite_nav_template("partials/toc.html", "{{ item.render(nav_item, path, 1) }}") == (
        "{{ item.render(nav_item, path, 1) }}"
    )
    changed = "{{ item.render(nav_item, path, 1, extra) }}"
    assert rewrite_nav_template("partials/nav.html", changed) == changed


class _Item:
    def __init__(self, name: str, active: bool = False) -> None:
        self.name, self.active = name, active


def test_memo_reuses_only_what_writes_the_same_links() -> None:
    memo = NavMemo()
    calls: list[str] = []
    item, page = _Item("a"), _Item("p")

    def macro(nav_item: _Item, path: str, level: int) -> str:
        calls.append(path)
        memo.record(nav_item.name, base + nav_item.name)  # what the url filter would do
        return f"<a href='{base}{nav_item.name}'>"

    def url_of(value: str) -> str:
        return base + value

    base = "../"
    first = memo.render(page, url_of, macro, item, "__nav_1", 1)
    assert memo.render(page, url_of, macro, item, "__nav_1", 1) == first  # same links: reused
    base = "../../"  # a page one folder deeper writes other links: drawn again
    deeper_page = _Item("q")
    deeper = memo.render(deeper_page, url_of, macro, item, "__nav_1", 1)
    assert deeper == "<a href='../../a'>"
    assert memo.render(deeper_page, url_of, macro, item, "__nav_2", 1) == deeper  # another path
    assert calls == ["__nav_1", "__nav_1", "__nav_2"]
    assert (memo.hits, memo.misses) == (1, 3)


def test_memo_never_reuses_the_page_or_its_folders() -> None:
    memo = NavMemo()
    drawn: list[str] = []

    def macro(nav_item: _Item, path: str, level: int) -> str:
        drawn.append(nav_item.name)
        return nav_item.name

    page, folder = _Item("page", active=True), _Item("folder", active=True)
    for _ in range(2):
        memo.render(page, str, macro, page, "__nav_1_1", 2)
        memo.render(page, str, macro, folder, "__nav_1", 1)
    assert drawn == ["page", "folder", "page", "folder"]
    assert memo.hits == 0


def test_an_enclosing_rendering_keeps_the_links_of_a_reused_part() -> None:
    """A folder drawn around a reused child must be checked against the child's links too."""
    memo = NavMemo()
    child, parent = _Item("child"), _Item("parent")
    page = _Item("p")
    base = "../"

    def url_of(value: str) -> str:
        return base + value

    def child_macro(nav_item: _Item, path: str, level: int) -> str:
        memo.record("child", url_of("child"))
        return url_of("child")

    def parent_macro(nav_item: _Item, path: str, level: int) -> str:
        return "[" + memo.render(page, url_of, child_macro, child, path + "_1", level + 1) + "]"

    memo.render(page, url_of, child_macro, child, "__nav_1_1", 2)  # the child alone, first
    assert memo.render(page, url_of, parent_macro, parent, "__nav_1", 1) == "[../child]"
    base, page = "../../", _Item("q")  # a page one folder deeper
    assert memo.render(page, url_of, parent_macro, parent, "__nav_1", 1) == "[../../child]"


class _Folder(_Item):
    def __init__(self, name: str, children: list[_Item]) -> None:
        super().__init__(name, active=True)
        self.children = children


def _folder_site(memo: NavMemo, folder: _Folder, base: list[str]) -> Callable[..., str]:
    """Material's item macro in miniature: a folder draws its index link and its entries
    through the memo; the page's entry is bold; every link goes through the url filter."""

    def url_of(value: str) -> str:
        return base[0] + value

    def macro(item: _Item, path: str, level: int, parent: object = None) -> str:
        if isinstance(item, _Folder):
            memo.record("index", url_of("index"))
            entries = "\n".join(
                memo.render(current[0], url_of, macro, child, f"{path}_{i}", level + 1, item)
                for i, child in enumerate(item.children, start=1)
            )
            return f"<li><a href='{url_of('index')}'>{item.name}</a><ul>\n{entries}\n</ul></li>"
        if item is current[0]:
            return f"<li><b>{item.name}</b></li>"
        memo.record(item.name, url_of(item.name))
        return f"<li><a href='{url_of(item.name)}'>{item.name}</a></li>"

    current: list[_Item] = [folder.children[0]]

    def draw(page: _Item) -> str:
        current[0] = page
        return memo.render(page, url_of, macro, folder, "__nav_1", 1)

    return draw


def _drawn_alone(folder: _Folder, page: _Item, base: str) -> str:
    """The folder as Material draws it for ``page``: with a fresh memo (nothing reused)."""
    return _folder_site(NavMemo(), folder, [base])(page)


def test_a_folder_holding_the_page_is_filled_around_its_entries() -> None:
    pages = [_Item(name) for name in ("a", "b", "c", "d")]
    folder = _Folder("F", pages)
    memo = NavMemo()
    draw = _folder_site(memo, folder, ["../"])
    for page in [*pages, pages[0]]:
        assert draw(page) == _drawn_alone(folder, page, "../")
    assert memo.filled == 4  # every page after the first: no Jinja loop over the entries
    assert "<b>c</b>" in draw(pages[2])


def test_a_folder_whose_own_link_differs_is_drawn_again() -> None:
    pages = [_Item("a"), _Item("b")]
    folder = _Folder("F", pages)
    memo, base = NavMemo(), ["../"]
    draw = _folder_site(memo, folder, base)
    draw(pages[0])
    base[0] = "../../"  # the folder's index link comes out otherwise from this page
    assert draw(pages[1]) == _drawn_alone(folder, pages[1], "../../")
    assert memo.filled == 0


def test_a_folder_drawn_around_its_index_note_or_not_cut_exactly_is_materials() -> None:
    index, other = _Item("index"), _Item("x")
    index.is_index = True  # type: ignore[attr-defined]
    folder = _Folder("F", [index, other])
    memo = NavMemo()
    draw = _folder_site(memo, folder, ["../"])
    draw(other)
    assert draw(index) == _drawn_alone(folder, index, "../")
    assert memo.filled == 0  # the index note is the page: drawn as Material does
    twins = _Folder("T", [_Item("same"), _Item("same"), _Item("p")])
    memo = NavMemo()
    draw = _folder_site(memo, twins, ["../"])
    for page in (twins.children[2], twins.children[0], twins.children[2]):
        assert draw(page) == _drawn_alone(twins, page, "../")
    assert memo.filled == 0  # an entry's text met twice: no skeleton


MATH_VAULT = {
    "Formulas.md": (
        "# Formulas $f(x)$\n\nInline $\\max(0, x)$ and $a_{[[Decoy]]}$ in a sentence.\n\n"
        "$$\n\\sigma(x) = \\frac{1}{1 + e^{-x}}\n$$\n\n"
        "## Cases $x < 0$\n\n$$\nf(x) = \\begin{cases} x & \\text{if } x > 0 \\\\ 0 & "
        "\\text{otherwise} \\end{cases}\n$$\n\n- a list item $x \\mathbin{\\&} y$\n"
        "- raw MathML <math><mi>q</mi><mtext>  </mtext><mi>r</mi></math> stays as written\n\n"
        "| formula | note |\n| --- | --- |\n| $e^{x}$ | [[Other]] |\n"
    ),
    "Other.md": "## Heading\n\nSee [[Formulas#Cases x < 0]], where $x^2 \\ge 0$.\n",
}


# Notes that each leave state in a converter (footnotes, heading ids, stashed HTML and code,
# math problems, embeds, block ids, tags, callouts), in an order where a leak would show: the
# notes after "A footnote" have none, and every note repeats the same headings.
POOL_VAULT = {
    "A footnote.md": (
        "# Same\n\nText[^1] with a [[B code#Same|link]] and ![[C embed#^para]].\n\n"
        "[^1]: The note's footnote, [[D math]].\n\n## Same\n\n#tag-one\n"
    ),
    "B code.md": (
        "# Same\n\n```python\nx = 1  # [[Not a link]]\n```\n\n"
        '<div markdown="1">*inside* [[A footnote]]</div>\n\n'
        "!!! note\n    Admonition with `#!python y = 2`.\n\n## Same\n\n- [x] done\n- [ ] not\n"
    ),
    "C embed.md": (
        "# Same\n\nA paragraph to embed. ^para\n\n> [!tip] Callout\n> with $x^2$ and [^2].\n\n"
        "[^2]: Second footnote.\n\nTerm\n:   Definition\n\n## Same\n"
    ),
    "D math.md": (
        "# Same\n\n$$\n\\frac{1}{1 + e^{-x}}\n$$\n\nBroken $\\frac{1}$ formula.\n\n"
        "| a | b |\n| - | - |\n| $e^x$ | [[B code]] |\n\n## Same\n\n![[A footnote#Same]]\n"
    ),
    "E empty.md": "",
    **{f"F/Note {i}.md": f"# Same\n\nNote {i}[^n].\n\n[^n]: {i}.\n" for i in range(5)},
}


def test_one_reused_converter_writes_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page converted by one reset converter is the page a new converter writes."""
    vault = tmp_path / "vault"
    for name, text in {**POOL_VAULT, **MATH_VAULT, **VAULT}.items():
        (vault / name).parent.mkdir(parents=True, exist_ok=True)
        (vault / name).write_text(text, encoding="utf-8")
    pools: list[markdown_pool.MarkdownPool] = []
    install = markdown_pool.install

    def counted_install(pool: markdown_pool.MarkdownPool) -> None:
        pools.append(pool)
        install(pool)

    monkeypatch.setattr(markdown_pool, "install", counted_install)
    _build(vault, tmp_path / "pooled", memo=True)
    assert len(pools) == 1
    assert pools[0].made == 1, "the pages did not share one converter"
    monkeypatch.setattr(markdown_pool, "install", lambda pool: None)
    _build(vault, tmp_path / "fresh", memo=True)
    page = (tmp_path / "pooled" / "F" / "Note-3" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="footnote-ref"') == 1  # the vault tests what it means to
    _assert_same_sites(tmp_path / "fresh", tmp_path / "pooled")


def test_search_reads_formulas_as_text_and_writes_the_same_site(tmp_path: Path) -> None:
    """The search index (and every page) with the lighter view is the one without it."""
    vault = tmp_path / "vault"
    vault.mkdir()
    for name, text in MATH_VAULT.items():
        (vault / name).write_text(text, encoding="utf-8")
    views: list[int] = []

    def counted_view(page_html: str) -> str:
        view = index_view(page_html)
        views.append(page_html.count("<") - view.count("<"))
        return view

    _build(vault, tmp_path / "view", memo=True, view=counted_view)
    assert sum(views) > 50, "the search parser was not handed the lighter view"
    _build(vault, tmp_path / "plain", memo=True, search_view=False)
    index = (tmp_path / "view" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "1+e" in index.replace(" ", ""), "the formulas' text is indexed"
    assert "<mi>" not in index
    _assert_same_sites(tmp_path / "plain", tmp_path / "view")


def test_long_lived_objects_leave_the_collector_every_so_many_pages(tmp_path: Path) -> None:
    """Every FREEZE_EVERY pages what is alive is frozen; cyclic garbage is collected first."""
    (tmp_path / "v").mkdir()
    config = load_config(
        str(ROOT / "mkdocs.vault.yml"), docs_dir=str(tmp_path / "v"), site_dir=str(tmp_path / "s")
    )
    speed = config.plugins["hooks/speed.py"]
    speed.on_config(config)  # type: ignore[attr-defined]
    gc.unfreeze()
    try:

        class Cycle:
            def __init__(self) -> None:
                self.me = self

        keep = Cycle()
        garbage = weakref.ref(Cycle())
        for _ in range(speed.FREEZE_EVERY - 1):  # type: ignore[attr-defined]
            speed.on_post_page("<html>")  # type: ignore[attr-defined]
        assert gc.get_freeze_count() == 0
        speed.on_page_content("<p>")  # type: ignore[attr-defined]
        assert gc.get_freeze_count() > 0
        assert garbage() is None, "a garbage cycle was frozen instead of collected"
        assert keep.me is keep
    finally:
        gc.unfreeze()


def test_a_kept_part_is_reused_without_checking_links_only_where_they_come_out_alike() -> None:
    """Relative links from sibling folders differ only for links into either sibling."""
    from mkdocs.utils import normalize_url  # noqa: PLC0415 - the rule the test compares with

    class Page:
        def __init__(self, url: str) -> None:
            self.url = url

    values = ["P/x/", "P/a/child/", "Q/y/", "", "https://example.org/", "#top", "P/"]
    origin = _Origin.of("P/a/", values)
    assert origin is not None
    for url, expected in [
        ("P/b/", False),  # a link points into P/a/: from P/b/ it reads ../a/child/, not child/
        ("P/a/", True),
        ("R/b/", False),  # another parent folder
        ("P/b/c/", False),  # another depth
    ]:
        assert origin.reusable_from(_base(url)) is expected, url
        if expected:
            assert all(
                normalize_url(v, Page(url)) == normalize_url(v, Page("P/a/")) for v in values
            )
    plain = _Origin.of("P/a/", ["P/x/", "Q/y/", ""])
    assert plain is not None
    assert plain.reusable_from(_base("P/b/"))
    assert plain.reusable_from(_base("P/zzz/"))
    for sibling in ("P/b/", "P/zzz/"):  # what the shortcut claims, by MkDocs' own rule
        assert all(
            normalize_url(v, Page(sibling)) == normalize_url(v, Page("P/a/"))
            for v in ["P/x/", "Q/y/", ""]
        )
    assert not plain.reusable_from(_base("P/x/"))  # the page its link points at
    files = _Origin.of("P/a.html", ["P/a/child/", "Q/y.html"])
    assert files is not None
    assert files.reusable_from(_base("P/b.html"))  # one folder: every link alike
    assert not files.reusable_from(_base("Q/b.html"))
    for odd in (["../up/"], [42], ["a\\b"]):  # rewritten otherwise: checked link by link
        kept = _Origin.of("P/a/", odd)  # type: ignore[arg-type]
        assert kept is not None
        assert not kept.reusable_from(_base("P/b/"))
    assert _Origin.of("", ["x/"]) is None  # the home page's folder has no parent


def test_each_note_is_read_twice_our_handlers_once_and_mkdocs_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """hooks/vault.py reads a note and keeps its text for the other handlers (the index, the
    tags listing); MkDocs reads it again to render it. Nothing else opens it while the site is
    built (the redirects' alias lines are looked up only for a report)."""
    vault = tmp_path / "vault"
    notes = {
        **VAULT,
        "Renamed.md": "---\naliases: [Old name, Older name]\n---\nLinks to [[Alpha]].\r\n",
        "Windows.md": "\ufeffLine one\r\n\r\n[[Beta]] on line three\r\n",
    }
    for name, text in notes.items():
        (vault / name).parent.mkdir(parents=True, exist_ok=True)
        (vault / name).write_bytes(text.encode("utf-8"))
    reads: Counter[str] = Counter()
    for name in ("content_bytes", "content_string"):
        prop = getattr(File, name)

        def counted(self: File, _get: Callable[[File], object] = prop.fget) -> object:
            if not self.generated_by:
                reads[self.src_uri] += 1
            return _get(self)

        monkeypatch.setattr(File, name, property(counted, prop.fset))
    _build(vault, tmp_path / "site", memo=True)
    assert {name: reads[name] for name in notes} == dict.fromkeys(notes, 2)
    site = tmp_path / "site"
    assert (site / "Old-name" / "index.html").is_file()  # the aliases were planned
    assert "Beta" in (site / "Windows" / "index.html").read_text(encoding="utf-8")


def test_search_entries_kept_by_the_last_build_give_the_same_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second build takes the entries of unchanged pages from .cache/search/ and indexes an
    edited note anew: its search index is the one a build keeping nothing writes."""
    vault = tmp_path / "vault"
    tuned = {  # entries hooks/search.py changes in place: names, and a minor section's weight
        "Named.md": "---\naliases: [Other name]\n---\n## Body\n\nText.\n\n## References\n\nA.\n"
    }
    for name, text in {**VAULT, **MATH_VAULT, **tuned}.items():
        (vault / name).parent.mkdir(parents=True, exist_ok=True)
        (vault / name).write_text(text, encoding="utf-8")
    store = tmp_path / "kept"
    indexed: list[str] = []
    put = search_store.SearchStore.put

    def counted_put(
        self: search_store.SearchStore, key: str, entries: list[dict[str, Any]]
    ) -> None:
        indexed.append(entries[0]["location"] if entries else "")
        put(self, key, entries)

    monkeypatch.setattr(search_store.SearchStore, "put", counted_put)

    def build_with(folder: Path, site: Path) -> bytes:
        _build(vault, site, memo=True, search_kept=folder)
        return (site / "search" / "search_index.json").read_bytes()

    first = build_with(store, tmp_path / "first")
    assert len(indexed) > len(VAULT)  # every page indexed once
    (vault / "Beta.md").write_text("Beta now says *edited words* [[Alpha#One]].\n", "utf-8")
    indexed.clear()
    second = build_with(store, tmp_path / "second")
    assert indexed == ["Beta/"]  # only the edited note
    assert b"edited words" in second
    assert second != first
    assert second == build_with(tmp_path / "nothing kept", tmp_path / "clean")


def test_the_graph_page_is_rendered_first_and_the_navigation_keeps_its_order(
    tmp_path: Path,
) -> None:
    """hooks/reading.py renders the global graph, the largest page, before the notes (it then
    adds nothing to the build's peak memory); only the order of rendering changes."""
    vault = tmp_path / "vault"
    for name, text in VAULT.items():
        (vault / name).parent.mkdir(parents=True, exist_ok=True)
        (vault / name).write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    _build(vault, site, memo=True)
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    rendered = list(dict.fromkeys(doc["location"].split("#")[0] for doc in docs))
    assert rendered[0] == "graph/"
    assert rendered.index("Alpha/") < rendered.index("Beta/")  # the others in their own order
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = re.findall(r'<a href="([^"]+)" class="md-nav__link', home)
    assert nav.index("Alpha/") < nav.index("Beta/") < nav.index("graph/")  # as Material orders


def test_search_strips_its_attributes_only_where_there_are_some(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Material's attribute regex runs only for pages with such an attribute; same site."""
    from material.plugins.search.plugin import SearchPlugin  # noqa: PLC0415

    vault = tmp_path / "vault"
    vault.mkdir()
    notes = {
        "index.md": "# Home\n\nSee [[Marked]] and [[Plain]].\n",
        "Marked.md": (
            '<div data-search-exclude="yes" markdown>Hidden from search.</div>\n\n'
            '<p data-search-boost="2">Boosted.</p>\n\nAnd an empty one: '
            '<span data-search-exclude="">stays</span>.\n'
        ),
        "Plain.md": '## Plain\n\nNo attributes; only <span data-search-exclude="">this</span>.\n',
    }
    for name, text in notes.items():
        (vault / name).write_text(text, encoding="utf-8")
    stripped: list[str] = []
    original = SearchPlugin.on_page_context

    def counted(self: Any, context: Any, **kwargs: Any) -> Any:
        stripped.append(kwargs["page"].file.src_uri)
        return original(self, context, **kwargs)

    monkeypatch.setattr(SearchPlugin, "on_page_context", counted)
    _build(vault, tmp_path / "shortcut", memo=True)
    assert stripped == ["Marked.md"]
    stripped.clear()
    _build(vault, tmp_path / "plain", memo=True, search_view=False)
    assert len(stripped) > 3  # every page, the generated ones too
    _assert_same_sites(tmp_path / "plain", tmp_path / "shortcut")
    marked = (tmp_path / "shortcut" / "Marked" / "index.html").read_text(encoding="utf-8")
    assert 'data-search-exclude="yes"' not in marked
    assert 'data-search-exclude=""' in marked
