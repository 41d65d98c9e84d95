"""Benchmark of hostile notes: the engine must stay linear in the size of any single note.

Issue 8 items 12-13. Each case is a small vault built twice with one configuration (Material,
the Markdown extensions that matter to links: :data:`CONFIG`), plain and with
``hooks/wikilinks.py``, each build in a fresh process; times are CPU seconds (best of
``--repeat``), so the ratio engine / plain is what the engine adds on that note. Cases:

* ``one line``: one note with N ``[[T]]`` links on one line (N = 10,000 and 50,000). Plain
  MkDocs renders the same text without links; "plain md" is plain MkDocs on the same note
  written with Markdown links (``[T](T.md)``), which puts the same N links into the page (MkDocs
  and Material then do their own work per link). Target: ratio <= 2, 5x links -> ~5x time.
* ``with words``: ``[[T]] and `` repeated N times (text between the links).
* ``one per line``: N links, one per line, in one paragraph (no line-break extension in this
  configuration, so the newlines between them are inert text; with Obsidian's line breaks on,
  each newline is a match of that pattern for plain MkDocs and the engine alike).
* ``embed chain``: notes E0 ... Ed, each embedding the next (``![[E1]]``), with depth d =
  50, 100, 200 at the margin, 50 and 100 inside a quote (``> ![[E1]]``; quotes nest, so depth
  200 would render 66 MB). The pages hold d + (d - 1) + ... embedded notes, so times are
  reported per MB of Markdown the pages render (the expanded text): the engine's own pass
  (``expand s``) and the whole build; linear means those figures stay flat as d grows.

Usage: ``python bench/bench_hostile.py [--repeat=K] [--quick]`` (``--quick``: smaller sizes).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from nonlinear.vault.engine import Engine  # noqa: E402
from nonlinear.vault.index import SourceNote  # noqa: E402
from nonlinear.vault.paths import SrcUri  # noqa: E402

Vault = dict[str, str]

# Plain Material with the Markdown extensions that matter to links; the engine build adds
# hooks/wikilinks.py. Self-contained, so other benchmarks can change freely.
CONFIG = """\
site_name: Bench
docs_dir: vault
theme:
  name: material
  font: false
  features: [navigation.prune]
{hooks}
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - md_in_html
  - tables
  - admonition
  - footnotes
  - pymdownx.superfences
  - pymdownx.arithmatex:
      generic: true
"""

# One build in a fresh interpreter; prints its CPU seconds (a shared machine disturbs CPU time
# far less than wall time).
CHILD = """\
import json, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
cpu = time.process_time()
build(config)
print(json.dumps({"seconds": time.process_time() - cpu}))
"""


def run_build(config: Path, site: Path) -> dict[str, float]:
    """Build *config* into *site* in a fresh interpreter; return its CPU seconds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(config), str(site)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def one_line(n: int) -> Vault:
    return {"index.md": "# Links\n\n" + " ".join("[[T]]" for _ in range(n)) + "\n", "T.md": "T\n"}


def with_words(n: int) -> Vault:
    return {"index.md": "# Links\n\n" + "[[T]] and " * n + "end\n", "T.md": "T\n"}


def one_per_line(n: int) -> Vault:
    return {"index.md": "# Links\n\n" + "[[T]]\n" * n, "T.md": "T\n"}


def embed_chain(depth: int, *, quoted: bool = False) -> Vault:
    prefix = "> " if quoted else ""
    text = "A line of the note, with *emphasis* and a [[E0|link]].\n" * 5
    vault = {f"E{i}.md": f"# E{i}\n\n{text}\n{prefix}![[E{i + 1}]]\n" for i in range(depth)}
    vault[f"E{depth}.md"] = f"# E{depth}\n\n{text}"
    vault["index.md"] = "# Chain\n\n[[E0]]\n"
    return vault


def expanded_size(vault: Vault) -> tuple[int, float]:
    """Characters of Markdown the pages render once embeds are expanded (the engine's output),
    and the CPU seconds of the engine's own pass (index, links, expansion) that produced it."""
    notes = [SourceNote(SrcUri(uri), text) for uri, text in vault.items()]
    urls = {uri: uri.removesuffix(".md") + "/" for uri in vault}
    start = time.process_time()
    engine = Engine.build(notes, [], lambda v, s: v.lower().replace(" ", s), urls)
    seconds = time.process_time() - start
    return sum(len(engine.markdown_for(uri, "")) for uri in vault), seconds


def write_vault(vault: Vault, work: Path, *, engine: bool) -> Path:
    """Write *vault* and its configuration (plain, or with the engine) under *work*."""
    docs = work / "vault"
    docs.mkdir(parents=True)
    for uri, text in vault.items():
        (docs / uri).write_text(text, encoding="utf-8")
    config = work / "mkdocs.yml"
    hooks = f"hooks:\n  - {ROOT / 'hooks' / 'wikilinks.py'}" if engine else ""
    config.write_text(CONFIG.format(hooks=hooks), encoding="utf-8")
    return config


def best(config: Path, repeat: int) -> float:
    """Best CPU seconds of *repeat* builds of *config*."""
    return min(run_build(config, config.parent / "site")["seconds"] for _ in range(repeat))


def build_pair(vault: Vault, work: Path, repeat: int) -> tuple[float, float]:
    """Best plain and engine CPU seconds of *vault* (written to *work*)."""
    p = best(write_vault(vault, work / "plain", engine=False), repeat)
    e = best(write_vault(vault, work / "engine", engine=True), repeat)
    return p, e


def as_markdown_links(vault: Vault) -> Vault:
    """The same vault with every ``[[T]]`` written ``[T](T.md)``: the same links in the HTML."""
    return {uri: text.replace("[[T]]", "[T](T.md)") for uri, text in vault.items()}


def main(argv: list[str]) -> int:
    """Build every case and print the tables."""
    parser = argparse.ArgumentParser(description="Hostile notes: plain MkDocs vs the engine.")
    parser.add_argument("--repeat", type=int, default=1, help="best of K builds each")
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    args, _ = parser.parse_known_args(argv)  # bench/run.py passes every benchmark's arguments
    sizes = (2_000, 10_000) if args.quick else (10_000, 50_000)
    depths = (25, 50) if args.quick else (50, 100, 200)
    cases: list[tuple[str, int, Callable[[int], Vault]]] = [
        (name, n, make)
        for name, make in (
            ("one line", one_line),
            ("with words", with_words),
            ("one per line", one_per_line),
        )
        for n in sizes
    ]
    with tempfile.TemporaryDirectory(prefix="nonlinear-hostile-") as tmp:
        print("hostile notes: plain MkDocs+Material build vs. with hooks/wikilinks.py (CPU s)")
        print(
            "(plain md s: plain MkDocs on the note written with [T](T.md) links, the same links "
            "in the HTML)"
        )
        print(
            f"{'case':<14} {'links':>7} {'plain s':>8} {'plain md s':>10} {'engine s':>9} "
            f"{'ratio':>6} {'ratio md':>8}"
        )
        by_case: dict[str, list[float]] = {}
        for k, (name, n, make) in enumerate(cases):
            work = Path(tmp) / f"links{k}"
            p, e = build_pair(make(n), work, args.repeat)
            md = best(write_vault(as_markdown_links(make(n)), work / "md", engine=False), 1)
            by_case.setdefault(name, []).append(e)
            print(
                f"{name:<14} {n:>7} {p:>8.2f} {md:>10.2f} {e:>9.2f} {e / p:>6.2f} {e / md:>8.2f}",
                flush=True,
            )
        for name, times in by_case.items():
            print(
                f"scaling {name}: {sizes[-1] // sizes[0]}x links -> {times[-1] / times[0]:.2f}x "
                "engine time"
            )
        print()
        print("embed chains: each note embeds the next (CPU s; MB = Markdown the pages render;")
        print("expand s = the engine's own pass; the rest of a build renders those MB)")
        print(
            f"{'chain':<9} {'depth':>5} {'MB':>6} {'expand s':>8} {'expand s/MB':>11} "
            f"{'plain s':>8} {'engine s':>9} {'engine s/MB':>11}"
        )
        for quoted in (False, True):
            # Quotes nest: every level prefixes all the lines under it, so a quoted chain of
            # depth 200 renders 66 MB of Markdown (minutes); depth 100 makes the point.
            for depth in depths if not quoted else depths[:-1]:
                vault = embed_chain(depth, quoted=quoted)
                chars, expand = expanded_size(vault)
                mb = chars / 1e6
                work = Path(tmp) / f"chain{depth}{'q' if quoted else ''}"
                p, e = build_pair(vault, work, args.repeat)
                kind = "quoted" if quoted else "margin"
                print(
                    f"{kind:<9} {depth:>5} {mb:>6.2f} {expand:>8.2f} {expand / mb:>11.3f} "
                    f"{p:>8.2f} {e:>9.2f} {e / mb:>11.2f}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
