"""Resolver: Obsidian's resolution order, case and Unicode rules, ambiguity, aliases, fragments."""

from __future__ import annotations

import difflib
import unicodedata

import pytest
from markdown.extensions.toc import slugify

from nonlinear.vault.index import SourceNote, VaultIndex
from nonlinear.vault.links import WikiLink, markdown_link, parse_wikilink
from nonlinear.vault.paths import SrcUri, note_key
from nonlinear.vault.resolve import Ambiguous, Resolved, Resolver, Suggester, Unresolved

VAULT = {
    "Home.md": "# Home",
    "Activations/ReLU.md": "## Formulation\n\n## Part 1: Basics\n\n### Detail\n\npara ^b1\n",
    "Activations/Leaky ReLU.md": "",
    "Activations/Dup.md": "",
    "Concepts/Dup.md": "",
    "Concepts/Deep/Other.md": "",
    "Dup.md": "",
    "Case.md": "",
    "case.md": "",
    "Concepts/SiLU.md": "---\naliases: [Swish]\n---\ntext",
    "Secret.md": "---\npublish: false\n---\nhidden",
    "Names/C++ & (Rust) 100% ?.md": "",
    "Names/日本語 ✨.md": "",
    "Names/Café.md": "",
}
ATTACHMENTS = ["assets/paper.pdf", "figures/relu.svg", "Pasted image 1.png"]


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    notes = [SourceNote(uri, text) for uri, text in VAULT.items()]  # type: ignore[arg-type]
    return Resolver(VaultIndex.build(notes, slugify, ATTACHMENTS), slugify)


def resolve(resolver: Resolver, text: str, source: str = "Home.md") -> object:
    """Resolve ``[[a wiki link]]``, or else a Markdown link's destination."""
    link = parse_wikilink(text) if text.startswith("[[") else markdown_link(text)
    assert link is not None
    return resolver.resolve(link, source)


@pytest.mark.parametrize(
    ("text", "source", "target", "via"),
    [
        ("[[ReLU]]", "Home.md", "Activations/ReLU.md", "name"),
        ("[[ReLU.md]]", "Home.md", "Activations/ReLU.md", "name"),
        ("[[relu]]", "Home.md", "Activations/ReLU.md", "name"),
        ("[[Activations/ReLU]]", "Home.md", "Activations/ReLU.md", "path"),
        ("[[/Activations/ReLU]]", "Concepts/SiLU.md", "Activations/ReLU.md", "path"),
        ("[[../Activations/ReLU]]", "Concepts/SiLU.md", "Activations/ReLU.md", "relative"),
        ("[[./Leaky ReLU]]", "Activations/ReLU.md", "Activations/Leaky ReLU.md", "relative"),
        ("[[Deep/Other]]", "Concepts/SiLU.md", "Concepts/Deep/Other.md", "relative"),
        ("[[Deep/Other]]", "Home.md", "Concepts/Deep/Other.md", "suffix"),
        ("[[#Top]]", "Home.md", "Home.md", "self"),
        ("[[paper.pdf]]", "Home.md", "assets/paper.pdf", "name"),
        ("[[relu.svg]]", "Home.md", "figures/relu.svg", "name"),
        ("[[Pasted image 1.png]]", "Home.md", "Pasted image 1.png", "name"),
        ("[[Swish]]", "Home.md", "Concepts/SiLU.md", "alias"),
        ("[[C++ & (Rust) 100% ?]]", "Home.md", "Names/C++ & (Rust) 100% ?.md", "name"),
        ("[[日本語 ✨]]", "Home.md", "Names/日本語 ✨.md", "name"),
        ("[[" + unicodedata.normalize("NFD", "Café") + "]]", "Home.md", "Names/Café.md", "name"),
        ("[[Case]]", "Home.md", "Case.md", "name"),
        ("[[case]]", "Home.md", "case.md", "name"),
    ],
)
def test_resolves(resolver: Resolver, text: str, source: str, target: str, via: str) -> None:
    result = resolve(resolver, text, source)
    assert isinstance(result, Resolved), result
    assert (result.src_uri, result.via) == (target, via)


@pytest.mark.parametrize(
    "source", ["Activations/ReLU.md", "Concepts/Deep/Other.md", "Names/Café.md", "Home.md"]
)
def test_a_root_note_named_as_the_link_wins_from_every_folder(
    resolver: Resolver, source: str
) -> None:
    # Rule 1: [[Dup]] is the vault path Dup.md, even beside Activations/Dup.md.
    result = resolve(resolver, "[[Dup]]", source)
    assert isinstance(result, Ambiguous)
    assert result.candidates == ("Activations/Dup.md", "Concepts/Dup.md", "Dup.md")
    assert (result.chosen.src_uri, result.rule) == ("Dup.md", "path")


def pick(vault: list[str], link: str, source: str) -> tuple[str, str]:
    """Obsidian's fixture (pvliesdonk/markdown-vault-mcp#1350), on our resolver."""
    notes = [SourceNote(SrcUri(uri), "") for uri in [*vault, source]]
    index = VaultIndex.build(notes, slugify)
    result = Resolver(index, slugify).resolve(parse_wikilink(link) or WikiLink(""), source)
    assert isinstance(result, Ambiguous | Resolved), result
    if isinstance(result, Resolved):
        return result.src_uri, "only"
    return result.chosen.src_uri, result.rule


# Observed on Obsidian 1.13.7 with getFirstLinkpathDest: each row is (vault, link, source,
# Obsidian's answer).
ROOT_PRESENT = ["Note.md", "zzzz/Note.md", "a/b/Note.md"]
ROOT_DELETED = ["zzzz/Note.md", "a/b/Note.md"]
MORE = ["zzzz/Note.md", "a/b/Note.md", "b/Note.md", "aaaaaaaa/Note.md"]


@pytest.mark.parametrize(
    ("vault", "link", "source", "answer"),
    [
        (ROOT_PRESENT, "[[Note]]", "src-root.md", ("Note.md", "path")),
        (ROOT_PRESENT, "[[Note]]", "zzzz/src-zzzz.md", ("Note.md", "path")),
        (ROOT_PRESENT, "[[Note]]", "a/b/src-ab.md", ("Note.md", "path")),
        (ROOT_DELETED, "[[Note]]", "zzzz/src-zzzz.md", ("zzzz/Note.md", "folder")),
        (ROOT_DELETED, "[[Note]]", "a/b/src-ab.md", ("a/b/Note.md", "folder")),
        # 11 characters before 12: the shortest string, not the fewest folders.
        (ROOT_DELETED, "[[Note]]", "src-root.md", ("a/b/Note.md", "shortest")),
        (MORE, "[[Note]]", "src-root.md", ("b/Note.md", "shortest")),
        # An ancestor folder counts for nothing.
        (MORE, "[[Note]]", "zzzz/deep/src-deep.md", ("b/Note.md", "shortest")),
        # An exact path beats the own-folder suffix match.
        (MORE, "[[b/Note]]", "a/b/src-ab-path.md", ("b/Note.md", "only")),
        (ROOT_DELETED, "[[b/Note]]", "suffix.md", ("a/b/Note.md", "only")),
        # Equal length: Obsidian's pick varied; ours is the alphabetically first.
        (["bb/Tie.md", "aa/Tie.md", "zz/Tie.md"], "[[Tie]]", "src.md", ("aa/Tie.md", "shortest")),
    ],
)
def test_the_tie_break_is_obsidian_s(
    vault: list[str], link: str, source: str, answer: tuple[str, str]
) -> None:
    assert pick(vault, link, source) == answer


def test_case_only_difference_is_ambiguous_without_exact_case(resolver: Resolver) -> None:
    result = resolve(resolver, "[[CASE]]")
    assert isinstance(result, Ambiguous)
    assert result.candidates == ("Case.md", "case.md")


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("[[ReLU#Formulation]]", "formulation"),
        ("[[ReLU#formulation]]", "formulation"),
        ("[[ReLU#Part 1: Basics]]", "part-1-basics"),
        ("[[ReLU#Part 1 Basics]]", "part-1-basics"),
        ("[[ReLU#Part 1: Basics#Detail]]", "detail"),
        ("[[ReLU#^b1]]", "^b1"),
        ("[[paper.pdf#page=3]]", "page=3"),
    ],
)
def test_fragments(resolver: Resolver, text: str, anchor: str) -> None:
    result = resolve(resolver, text)
    assert isinstance(result, Resolved)
    assert (result.anchor, result.missing) == (anchor, None)


@pytest.mark.parametrize(
    ("text", "missing", "available"),
    [
        ("[[ReLU#Nope]]", "heading", ("Formulation", "Part 1: Basics", "Detail")),
        ("[[ReLU#Formulation#Detail]]", "heading", ("Formulation", "Part 1: Basics", "Detail")),
        ("[[ReLU#^nope]]", "block", ("b1",)),
    ],
)
def test_missing_fragments(
    resolver: Resolver, text: str, missing: str, available: tuple[str, ...]
) -> None:
    result = resolve(resolver, text)
    assert isinstance(result, Resolved)
    assert (result.missing, result.available, result.anchor) == (missing, available, None)


@pytest.mark.parametrize(
    ("text", "reason", "suggestions"),
    [
        ("[[Leaky Relu x]]", "missing", ("Leaky ReLU",)),
        ("[[Secret]]", "unpublished", ()),
        ("[[../../x]]", "outside", ()),
        ("[[relu.png]]", "missing", ("relu.svg",)),
    ],
)
def test_unresolved(
    resolver: Resolver, text: str, reason: str, suggestions: tuple[str, ...]
) -> None:
    result = resolve(resolver, text, "Activations/ReLU.md")
    assert isinstance(result, Unresolved)
    assert (result.reason, result.suggestions) == (reason, suggestions)


def test_every_note_resolves_from_its_own_path(resolver: Resolver) -> None:
    for uri in VAULT:
        if uri == "Secret.md":
            continue
        # A leading "/" makes any target a vault-root path, root notes included.
        result = resolve(resolver, f"[[/{uri.removesuffix('.md')}]]", uri)
        assert isinstance(result, Resolved), uri
        assert result.src_uri == uri


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Each form resolves to its candidate alone; a bare "Dup" is never suggested.
        ("Concepts/Deep/Other.md", ["Activations/Dup", "Concepts/Dup", "/Dup"]),
        ("Home.md", ["Activations/Dup", "Concepts/Dup", "/Dup"]),
    ],
)
def test_unambiguous_targets_of_ambiguous_candidates(
    resolver: Resolver, source: str, expected: list[str]
) -> None:
    result = resolve(resolver, "[[Dup]]", source)
    assert isinstance(result, Ambiguous)
    forms = [resolver.unambiguous_target(c, source) for c in result.candidates]
    assert forms == expected
    for form, candidate in zip(forms, result.candidates, strict=True):
        assert resolve(resolver, f"[[{form}]]", source) == Resolved(
            candidate, via="path" if "/" in form else "name"
        )


def test_unambiguous_target_is_the_shortest_unique_suffix(resolver: Resolver) -> None:
    assert resolver.unambiguous_target("Concepts/Deep/Other.md", "Home.md") == "Other"
    assert resolver.unambiguous_target("assets/paper.pdf", "Home.md") == "paper.pdf"


# -- Markdown links: relative to the note first (as MkDocs), then Obsidian's rules ------------


@pytest.mark.parametrize(
    ("dest", "source", "target", "via"),
    [
        ("Dup.md", "Concepts/SiLU.md", "Concepts/Dup.md", "relative"),
        ("Dup.md", "Home.md", "Dup.md", "relative"),
        ("../Dup.md", "Concepts/SiLU.md", "Dup.md", "relative"),
        ("Deep/Other.md", "Concepts/SiLU.md", "Concepts/Deep/Other.md", "relative"),
        ("Activations/ReLU.md", "Home.md", "Activations/ReLU.md", "relative"),
        # Not beside the note: Obsidian's vault path, then the name anywhere.
        ("Activations/ReLU.md", "Concepts/SiLU.md", "Activations/ReLU.md", "path"),
        ("Leaky%20ReLU.md", "Home.md", "Activations/Leaky ReLU.md", "name"),
        ("Leaky ReLU", "Home.md", "Activations/Leaky ReLU.md", "name"),
        ("paper.pdf#page=3", "Home.md", "assets/paper.pdf", "name"),
        ("Caf%C3%A9.md", "Home.md", "Names/Café.md", "name"),
    ],
)
def test_markdown_link_resolution(
    resolver: Resolver, dest: str, source: str, target: str, via: str
) -> None:
    result = resolve(resolver, dest, source)
    assert isinstance(result, Resolved), result
    assert (result.src_uri, result.via) == (target, via)


def test_markdown_links_do_not_fall_back_to_aliases(resolver: Resolver) -> None:
    # [[Swish]] reaches SiLU through its alias; a Markdown link names a file, and no file is Swish.
    assert isinstance(resolve(resolver, "[[Swish]]"), Resolved)
    result = resolve(resolver, "Swish.md", "Home.md")
    assert isinstance(result, Unresolved)
    assert result.reason == "missing"


def test_markdown_link_to_an_unpublished_note_is_unpublished(resolver: Resolver) -> None:
    result = resolve(resolver, "Secret.md", "Home.md")
    assert isinstance(result, Unresolved)
    assert result.reason == "unpublished"


def test_markdown_link_fragment_may_be_the_anchor(resolver: Resolver) -> None:
    for dest in ("ReLU.md#part-1-basics", "ReLU.md#Part%201:%20Basics", "ReLU.md#Part 1 Basics"):
        result = resolve(resolver, dest, "Activations/Leaky ReLU.md")
        assert isinstance(result, Resolved), dest
        assert result.anchor == "part-1-basics", dest


def test_wiki_and_markdown_links_to_the_same_name_are_cached_apart(resolver: Resolver) -> None:
    # Same target text, different rules: the cache must not hand one the other's answer.
    wiki = resolve(resolver, "[[Dup]]", "Concepts/SiLU.md")
    md = resolve(resolver, "Dup", "Concepts/SiLU.md")
    assert isinstance(wiki, Ambiguous)
    assert isinstance(md, Resolved)
    assert (md.src_uri, md.via) == ("Concepts/Dup.md", "relative")


def test_did_you_mean_on_a_large_vault_keeps_difflib_s_best_guess() -> None:
    # The suggester compares a query with the names sharing most three-letter pieces only;
    # its best guess is difflib's over all names.
    words = ["alpha", "beta", "gamma", "river", "stone", "cloud", "engine", "signal", "Résumé"]
    names = [
        f"{a} {b} {n}" for n, (a, b) in enumerate(zip(words * 40, words[3:] * 40, strict=False))
    ]
    names += ["ReLU", "GELU", "Leaky ReLU", "日本語 ✨"]
    suggester = Suggester(names)
    keys = {note_key(n): n for n in names}
    for typo in ["alpha river 27", "Leaky Relu", "releu", "GEL", "日本語", "stone clod 5", "zzzz"]:
        full = difflib.get_close_matches(note_key(typo), list(keys), n=3, cutoff=0.6)
        assert suggester.close(typo)[:1] == tuple(keys[m] for m in full[:1]), typo


def test_forgetting_the_answers_changes_no_answer() -> None:
    notes = [SourceNote(uri, text) for uri, text in VAULT.items()]  # type: ignore[arg-type]
    fresh = Resolver(VaultIndex.build(notes, slugify, ATTACHMENTS), slugify)
    texts = ["[[Dup]]", "[[ReLU#Detail]]", "[[Swish]]", "[[Secret]]", "[[Relu2]]", "[[relu.png]]"]
    sources = ["Home.md", "Activations/ReLU.md", "Concepts/Deep/Other.md"]
    before = [resolve(fresh, text, source) for text in texts for source in sources]
    fresh.forget()
    assert fresh._cache == {}
    assert (fresh._names, fresh._files) == (None, None)
    assert [resolve(fresh, text, source) for text in texts for source in sources] == before
    assert fresh._cache  # asked again, it answers and keeps the answers again
