"""Benchmark of the print-all handout: its cost against an empty Material build, and its scaling.

The handout (``nonlinear.site.handout.render_handout``) replaced mkdocs-print-site-plugin,
whose ``on_post_build`` took 44 % of a warm ``make site``: its anchor regex ran over every tag
of a page for each line, and our MathML puts a whole paragraph on one line. This benchmark
renders handouts of generated notes shaped like ours (headings, footnotes, block ids, links
to other notes, a figure, paragraphs of MathML on one line) and prints, in the same run:

* the CPU time of an empty one-page Material build (a subprocess), the baseline;
* the CPU time of the handout at N and 4N notes, each as a ratio to that baseline;
* the scaling ratio time(4N) / time(N) (linear: <= 4.4).

Times are CPU seconds, best of ``--repeat``. Usage:
``python bench/bench_handout.py [--repeat=K] [N]`` (default N = 250, K = 3).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nonlinear.site.handout import Cover, HandoutNote, note_keys, render_handout

ROOT = Path(__file__).resolve().parent.parent

MATH = (
    '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline"><mrow><mi>f</mi>'
    '<mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo><mo>=</mo>'
    '<mi mathvariant="normal">max</mi><mo>{</mo><mn>0</mn><mo>,</mo><mi>x</mi><mo>}</mo>'
    "</mrow></math>"
)


def note_html(n: int, total: int) -> str:
    """One rendered note: about 20 KB, as a note of the knowledge base."""
    other = (n * 7 + 3) % total
    paragraph = (
        f"<p>Text {MATH} and more {MATH} with a "
        f'<a class="wikilink" href="../Note%20{other}/#section-2">link</a> and {MATH}, '
        f'a footnote<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>.</p>'
    )
    parts = [f"<h1>Note {n}</h1>"]
    for section in range(1, 6):
        parts.append(
            f'<h2 id="section-{section}">Section {section}'
            f'<a class="headerlink" href="#section-{section}">&para;</a></h2>'
        )
        parts += [paragraph] * 4
        parts.append(f'<p id="^block-{section}">A block {MATH}.</p>')
    parts.append(
        f'<figure class="nl-figure" id="figure-{n}"><img src="../../figures/f{n}.svg" alt="f">'
        f"<figcaption>Caption {MATH}</figcaption></figure>"
    )
    parts.append(
        '<div class="footnote"><ol><li id="fn:1"><p>Note '
        '<a class="footnote-backref" href="#fnref:1">&#8617;</a></p></li></ol></div>'
    )
    return "\n".join(parts)


def notes(total: int) -> list[HandoutNote]:
    """``total`` notes in one folder."""
    return [
        HandoutNote(f"Notes/Note {n}.md", f"Note {n}", f"Notes/Note%20{n}/", note_html(n, total))
        for n in range(total)
    ]


def handout_cpu(total: int, repeat: int) -> float:
    """Best CPU time of rendering a handout of ``total`` notes."""
    pages = notes(total)
    keys = note_keys(note.url for note in pages)
    targets = {note.url.replace("%20", " "): ("print_page/", keys[note.url]) for note in pages}
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        render_handout(pages, url="print_page/", cover=Cover("Bench"), site_url="", targets=targets)
        best = min(best, time.process_time() - start)
    return best


def empty_build_cpu(repeat: int) -> float:
    """Best CPU time of building an empty one-page Material site, in a subprocess."""
    best = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "docs").mkdir()
        (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
        (root / "mkdocs.yml").write_text(
            "site_name: Empty\ntheme:\n  name: material\n  font: false\n", encoding="utf-8"
        )
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        for _ in range(repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(root / "site")],
                cwd=root,
                env=env,
                check=True,
            )
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            best = min(best, cpu)
    return best


def main(argv: list[str] | None = None) -> int:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("n", type=int, nargs="?", default=250)
    args = parser.parse_args(argv)
    empty = empty_build_cpu(args.repeat)
    small, large = handout_cpu(args.n, args.repeat), handout_cpu(4 * args.n, args.repeat)
    print(f"empty Material build      {empty:7.3f} s CPU (baseline)")
    for total, cpu in ((args.n, small), (4 * args.n, large)):
        print(f"handout of {total:5d} notes   {cpu:7.3f} s CPU   {cpu / empty:5.2f}x the baseline")
    print(f"scaling 4x notes          {large / small:7.2f}x time (linear: <= 4.4)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
