"""A vault without a home note gets a generated home page listing its top folders and notes."""

from __future__ import annotations

import markdown
from markdown.extensions.toc import slugify

from nonlinear.site.home import PER_FOLDER, HomeEntry, home_entries, home_markdown
from nonlinear.vault.engine import Engine
from nonlinear.vault.index import SourceNote
from nonlinear.vault.paths import SrcUri


def render(text: str) -> str:
    return markdown.Markdown(extensions=["md_in_html", "attr_list"]).convert(text)


def test_top_folders_and_notes_are_listed_with_their_urls() -> None:
    page = home_markdown(
        "My vault",
        [
            HomeEntry("Daily notes/2024-01-02.md", "2024-01-02", "Daily%20notes/2024-01-02/"),
            HomeEntry("Projects/X/Plan.md", "Plan", "Projects/X/Plan/"),
            HomeEntry("Ideas.md", "Ideas", "Ideas/"),
        ],
    )
    assert page.startswith('<h1 id="home">My vault</h1>\n')
    html = render(page)
    assert '<h1 id="home">My vault</h1>' in html
    assert "3 notes in 2 folders." in html
    assert (
        "<li><strong>Daily notes</strong> (1 note): "
        '<a href="Daily%20notes/2024-01-02/">2024-01-02</a></li>'
    ) in html
    assert (
        '<li><strong>Projects</strong> (1 note): <a href="Projects/X/Plan/">Plan</a></li>' in html
    )
    assert '<ul class="nl-home__notes">\n<li><a href="Ideas/">Ideas</a></li>\n</ul>' in html


def test_titles_are_text_never_markup_math_or_tags() -> None:
    title = 'A *b* [c](d) $x$ #tag %%c%% <img src=x onerror=alert(1)> & "q"'
    html = render(home_markdown('Site <b> "name"', [HomeEntry("N.md", title, "N/")]))
    for markup in ("<img", "<b>", "<em>"):
        assert markup not in html
    assert (
        ">A *b* [c](d) $x$ #tag %%c%% &lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;<"
        in html
    )
    assert '<h1 id="home">Site &lt;b&gt; &quot;name&quot;</h1>' in html


def test_a_big_folder_shows_its_most_linked_notes() -> None:
    entries = [
        HomeEntry(f"F/N{i:02}.md", f"N{i:02}", f"F/N{i:02}/", inbound=i % 7) for i in range(30)
    ]
    html = render(home_markdown("V", entries))
    shown = html.split("(30 notes): ")[1].split("</li>")[0]
    assert shown.count("<a ") == PER_FOLDER
    assert shown.endswith(" and 25 more")
    # inbound 6 for N06, N13, N20, N27; then 5: N05 (title order breaks the tie).
    assert [a.split(">")[1].split("<")[0] for a in shown.split("<a ")[1:]] == [
        "N05",
        "N06",
        "N13",
        "N20",
        "N27",
    ]


def test_an_empty_vault_says_so() -> None:
    assert "This vault has no published notes yet." in render(home_markdown("V", []))


def test_entries_come_from_the_engine_with_titles_urls_and_inbound_links() -> None:
    vault = {
        "A.md": "[[B]] [[B]] [[C]]",
        "B.md": "---\ntitle: Bee\n---\n[[C]]",
        "C.md": "# Sea\n[[C#Sea]]",
        "Hidden.md": "---\npublish: false\n---\n[[A]]",
    }
    urls = {u: u.removesuffix(".md") + "/" for u in vault}
    engine = Engine.build([SourceNote(SrcUri(u), t) for u, t in vault.items()], [], slugify, urls)
    assert home_entries(engine) == [
        HomeEntry("A.md", "A", "A/", 0),
        HomeEntry("B.md", "Bee", "B/", 1),
        HomeEntry("C.md", "Sea", "C/", 2),
    ]
