"""Build-speed benchmark of issue 10: one table, every target a ratio against a baseline
measured in the same run.

Every build runs in a fresh interpreter, round-robin with its baseline (baseline, ours,
baseline, ours, ...), and every number is the median over ``--repeat`` rounds. Time is CPU
time, user + sys, of the build process and its children (git, a notebook kernel), read with
``getrusage(RUSAGE_CHILDREN)`` around each build; wall time is shown next to it for the record.
Peak RSS is the build process's own. Nothing is asserted: the machine and its load decide the
numbers, the ratios are what to read.

The rounds that give CPU, wall time and RSS run the build as it is. The breakdown by hook,
plugin and extension (and target 3) comes from one more build of each configuration with every
handler wrapped in a timer: those wrappers cost CPU of their own, on our Markdown processors
(called per block and per inline match) far more than on a plain build's few plugin events,
so timed builds would inflate our side of every ratio. Our modules are byte-compiled first, as
the first ``make site`` on any machine leaves them (``PYTHONDONTWRITEBYTECODE`` is set for
the builds, so that they write nothing into the repository).

Targets (issue 10):

1. the knowledge base, warm ``make site``  vs  an empty one-page Material site (≤ 5);
2. a ``make serve`` rebuild after saving a note  vs  the empty site (≤ 2.5), and the time until
   the served page shows the edit: ``bench/bench_serve.py``'s measurement (serve helper);
3. every hook, plugin and Markdown extension of ours at 4N notes  vs  at N (≤ 4.4), and GC;
4. ``make site VAULT=<generated vault>``  vs  plain Material + ``navigation.prune`` + search
   with the same Markdown extensions and no hooks (≤ 1.15), and peak RSS (≤ 2); at 4N also a
   first build, with nothing kept in ``.cache/`` (the graph layout computed);
5. the vault engine's handlers (index, resolution, backlinks: ``hooks/wikilinks.py`` and its
   Markdown extension)  vs  mkdocs-obsidian-bridge's, on a vault both resolve alike, built in
   a throwaway virtualenv of its own (``bench/out/bridge-venv``, pip from PyPI); the links both
   produce are compared (≤ 1);
6. (``--large``) a ~6,600-note vault with emoji names and dense links  vs  plain (≤ 1.3).

Default sizes keep ``make bench`` to several minutes: N = 500 and 4N = 2,000 notes.
``--large`` uses N = 1,250 and 4N = 5,000 (as the issue states targets 4 and 5) and adds target
6; it takes the better part of an hour on a 2-core machine.

Usage: ``python bench/bench_vault.py [--large] [--repeat K] [--sizes N 4N] [--no-bridge]``
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "bench"))

from vault_gen import generate  # noqa: E402  (sibling script, not a package)

FIRST_BUILD_FORGETS = (
    ".cache/graph-layout",
    ".cache/index",
    ".cache/jinja",
    ".cache/math",
    ".cache/math-font",
    ".cache/search",
)
"""What a build keeps for the next one, apart from the knowledge base's notebooks."""

BRIDGE_REQUIREMENTS = ("mkdocs==1.6.1", "mkdocs-obsidian-bridge==1.3.1")

# The build, in a fresh interpreter. With spec["timed"], every event handler of every plugin
# and hook, and every Markdown processor of the instrumented modules, is timed (CPU time) and
# attributed to its plugin or module, and GC time comes from gc.callbacks; without it the
# build runs untouched. Prints one JSON line.
CHILD = r"""
import gc, json, sys, time, resource
from collections import defaultdict
spec = json.loads(sys.argv[1])
from mkdocs.commands.build import build
from mkdocs.config import load_config
import markdown.util

clock = time.process_time
timers = defaultdict(float)

def timed(key, fn):
    def wrapper(*args, **kwargs):
        start = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            timers[key] += clock() - start
    return wrapper

prefixes = tuple(spec["modules"])
register = markdown.util.Registry.register
def counted_register(self, item, name, priority):
    module = type(item).__module__
    if module.startswith(prefixes):
        key = "ext " + module
        for attr in ("run", "handleMatch", "test"):
            method = getattr(item, attr, None)
            if callable(method):
                setattr(item, attr, timed(key, method))
    return register(self, item, name, priority)
if spec["timed"]:
    markdown.util.Registry.register = counted_register

# Whole phases, for the breakdown (they contain the plugin and extension times above).
import jinja2, markdown
if spec["timed"]:
    jinja2.Template.render = timed("(all templates)", jinja2.Template.render)
    markdown.Markdown.convert = timed("(all Markdown)", markdown.Markdown.convert)

gc_start = [0.0]
def gc_callback(phase, info):
    if phase == "start":
        gc_start[0] = clock()
    else:
        timers["gc"] += clock() - gc_start[0]
if spec["timed"]:
    gc.callbacks.append(gc_callback)

config = load_config(spec["config"], site_dir=spec["site"], strict=False)
plugins = config.plugins
for event, methods in plugins.events.items():
    for i, method in enumerate(methods if spec["timed"] else ()):
        origin = plugins._event_origins.get(method, "?")
        wrapper = timed("plugin " + origin, method)
        methods[i] = wrapper
        plugins._event_origins[wrapper] = origin
build(config)
print(json.dumps({
    "timers": timers,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


@dataclass
class Runs:
    """The runs of one build configuration."""

    label: str
    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    timers: list[dict[str, float]] = field(default_factory=list)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)

    @property
    def median_rss(self) -> float:
        return statistics.median(self.rss)

    def timer(self, key: str) -> float:
        """Median of one timer (0 when a run did not report it)."""
        return statistics.median(t.get(key, 0.0) for t in self.timers)

    def timer_keys(self) -> set[str]:
        return {k for t in self.timers for k in t}


@dataclass(frozen=True)
class Build:
    """How to run one build: interpreter, config, environment, site folder."""

    label: str
    config: Path
    site: Path
    python: str = sys.executable
    env: dict[str, str] = field(default_factory=dict)
    modules: tuple[str, ...] = ("nonlinear",)
    cwd: Path = ROOT
    first: bool = False
    """Build as a first build does: nothing kept from earlier builds (graph layout, formulas,
    math font) in ``.cache/``."""

    def run(self, runs: Runs, *, timed: bool = False) -> None:
        """Build once in a fresh interpreter; append its CPU, wall and RSS, or (*timed*: every
        handler wrapped in a timer) only its timers."""
        spec = {
            "config": str(self.config),
            "site": str(self.site),
            "modules": self.modules,
            "timed": timed,
        }
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        env.update(self.env)
        if self.first:
            for kept in FIRST_BUILD_FORGETS:
                shutil.rmtree(self.cwd / kept, ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        proc = subprocess.run(
            [self.python, "-c", CHILD, json.dumps(spec)],
            capture_output=True,
            text=True,
            env=env,
            cwd=self.cwd,
            check=False,
        )
        wall = time.perf_counter() - wall
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            raise RuntimeError(f"{self.label}: build failed\n{proc.stderr[-3000:]}")
        report = json.loads(proc.stdout.strip().splitlines()[-1])
        if timed:
            runs.timers.append({k: float(v) for k, v in report["timers"].items()})
            return
        runs.cpu.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
        runs.wall.append(wall)
        runs.rss.append(float(report["rss_mb"]))


def round_robin(builds: Sequence[Build], repeat: int, note: Callable[[str], None]) -> list[Runs]:
    """Run the builds in turn, ``repeat`` rounds; a busy moment hits every one alike. Then as
    many rounds of timed builds, for the breakdown by handler (each timer is the median of its
    rounds: one timed build per size made the ratios of target 3 swing by 30 % on a noisy
    machine)."""
    results = [Runs(b.label) for b in builds]
    for round_ in range(repeat):
        for build, runs in zip(builds, results, strict=True):
            build.run(runs)
            note(f"  round {round_ + 1}/{repeat}: {build.label}: {runs.cpu[-1]:.2f} s CPU")
    for round_ in range(repeat):
        for build, runs in zip(builds, results, strict=True):
            build.run(runs, timed=True)
            note(f"  timed build {round_ + 1}/{repeat}: {build.label}")
    return results


def pair_ratio(ours: Runs, base: Runs) -> float:
    """Median over rounds of ours/baseline CPU: each pair ran back to back."""
    return statistics.median(o / b for o, b in zip(ours.cpu, base.cpu, strict=True))


# --- configurations ----------------------------------------------------------------------------


def site_markdown_extensions() -> list[Any]:
    """The Markdown extensions of mkdocs.base.yml (shared by every vault), as written there."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((ROOT / "mkdocs.base.yml").read_text(encoding="utf-8"), Loader=Loader)
    extensions: list[Any] = config["markdown_extensions"]
    return extensions


def plain_config(path: Path, docs: Path, *, plugins: Sequence[Any] = ("search",)) -> Path:
    """Material + navigation.prune + the given plugins, mkdocs.yml's Markdown extensions."""
    config = {
        "site_name": "Bench",
        "docs_dir": str(docs),
        "theme": {"name": "material", "font": False, "features": ["navigation.prune"]},
        "plugins": list(plugins),
        "markdown_extensions": site_markdown_extensions(),
    }
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def engine_config(path: Path, docs: Path) -> Path:
    """The vault engine alone (hooks/wikilinks.py) on the plain configuration."""
    plain_config(path, docs, plugins=["search"])
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["hooks"] = [str(ROOT / "hooks" / "wikilinks.py")]
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def bridge_config(path: Path, docs: Path) -> Path:
    """mkdocs-obsidian-bridge on the plain configuration."""
    return plain_config(path, docs, plugins=["search", "obsidian-bridge"])


def bridge_python(note: Callable[[str], None]) -> str | None:
    """The interpreter of a throwaway virtualenv with mkdocs-obsidian-bridge (made once)."""
    venv = OUT / "bridge-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        note(f"  creating {venv} (mkdocs-obsidian-bridge from PyPI, never in requirements.lock)")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        material = _installed_version("mkdocs-material")
        extensions = _installed_version("pymdown-extensions")
        proc = subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                *BRIDGE_REQUIREMENTS,
                f"mkdocs-material=={material}",
                f"pymdown-extensions=={extensions}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            note(f"  could not install the bridge: {proc.stderr.strip()[-500:]}")
            shutil.rmtree(venv, ignore_errors=True)
            return None
    return str(python)


def _installed_version(distribution: str) -> str:
    from importlib import metadata  # noqa: PLC0415

    return metadata.version(distribution)


# --- links of a built site -----------------------------------------------------------------------

RE_ARTICLE = re.compile(r"<article[^>]*>(.*?)</article>", re.DOTALL)
RE_HREF = re.compile(r'<a\b(?![^>]*class="headerlink")[^>]*\bhref="([^"#]*)(#[^"]*)?"')


def site_links(site: Path) -> dict[str, list[tuple[str, str]]]:
    """Per page (its folder in the site): the (target page, fragment) of each link in its text.

    Pages are named by their folder written by the engine's URL rule
    (:func:`nonlinear.vault.paths.slug_segment` of each part, which leaves a name it wrote
    alone): the engine serves ``Topic (73).md`` at ``Topic-73/``, the bridge at MkDocs'
    ``Topic (73)/``, and both are the page ``Topic-73``.
    """
    from nonlinear.vault.paths import slug_segment  # noqa: PLC0415  (the engine's own rule)

    root = site.resolve()
    pages = {page.parent.resolve() for page in site.rglob("index.html")}

    def name(folder: Path) -> str:
        return "/".join(slug_segment(part) for part in folder.relative_to(root).parts) or "."

    links: dict[str, list[tuple[str, str]]] = {}
    for folder in sorted(pages):
        article = RE_ARTICLE.search((folder / "index.html").read_text(encoding="utf-8"))
        if article is None:
            continue
        found = []
        for href, fragment in RE_HREF.findall(article.group(1)):
            if (not href and not fragment) or "://" in href or href.startswith(("mailto:", "/")):
                continue
            target = (folder / unquote(href)).resolve()  # "" + "#x": this page's heading
            if target in pages:
                found.append((name(target), fragment or ""))
        links[name(folder)] = found
    return links


# --- the table ---------------------------------------------------------------------------------


@dataclass
class Row:
    target: str
    what: str
    ours: str
    base: str
    ratio: float | None
    goal: str

    def line(self) -> str:
        ratio = "-" if self.ratio is None else f"{self.ratio:.2f}"
        return (
            f"{self.target:<4} {self.what:<52} {self.ours:>16} {self.base:>16} "
            f"{ratio:>6} {self.goal:>7}"
        )


def cpu(runs: Runs) -> str:
    return f"{runs.median_cpu:.2f} s"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Issue 10 targets: one table of ratios.")
    parser.add_argument("--large", action="store_true", help="N=1,250/5,000 and target 6")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (median)")
    parser.add_argument("--sizes", type=int, nargs=2, metavar=("N", "N4"), help="override N, 4N")
    parser.add_argument("--no-bridge", action="store_true", help="skip target 5")
    parser.add_argument("--only", nargs="*", help="targets to run (1 3 4 5 6)")
    args = parser.parse_args(argv)
    small, big = args.sizes or ((1250, 5000) if args.large else (500, 2000))
    only = set(args.only or ["1", "2", "3", "4", "5", "6"])
    repeat = args.repeat

    def note(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    rows: list[Row] = []
    details: list[str] = []
    OUT.mkdir(parents=True, exist_ok=True)
    # Our modules as a second build on any machine finds them: compiled (the installed
    # packages were compiled by pip; an editable install of ours is not).
    for folder in (ROOT / "src", ROOT / "hooks"):
        compileall.compile_dir(folder, quiet=1)
    with tempfile.TemporaryDirectory(prefix="nonlinear-bench-") as tmp_name:
        tmp = Path(tmp_name)
        nb_env = {"NONLINEAR_NOTEBOOKS": ""}

        # 1. The knowledge base (warm: one build first fills the notebook cache) vs empty.
        if "1" in only or "2" in only:
            empty_docs = tmp / "empty"
            empty_docs.mkdir()
            (empty_docs / "index.md").write_text("# Empty\n\nOne page.\n", encoding="utf-8")
            empty = Build(
                "empty one-page Material site",
                plain_config(tmp / "empty.yml", empty_docs, plugins=[]),
                tmp / "site-empty",
            )
            kb = Build(
                "knowledge base (make site)",
                ROOT / "mkdocs.yml",
                tmp / "site-kb",
                env={"NONLINEAR_VAULT": str(ROOT / "docs"), "NONLINEAR_NOTEBOOKS": "notebooks"},
            )
            if "1" in only:
                note("target 1: knowledge base vs empty site (warming the notebook cache)")
                kb.run(Runs("warm-up"))
                base, ours = round_robin([empty, kb], repeat, note)
                rows.append(
                    Row(
                        "1",
                        "warm make site of the knowledge base",
                        cpu(ours),
                        cpu(base),
                        pair_ratio(ours, base),
                        "<= 5",
                    )
                )
                details.append(_breakdown("knowledge base", ours))
            if "2" in only:
                rows.extend(_serve_rows(tmp, note))

        # 3 and 4. Generated vaults at N and 4N: full make site vs plain.
        sized: dict[int, tuple[Runs, ...]] = {}
        if only & {"3", "4"}:
            for n in (small, big):
                vault = tmp / f"vault{n}"
                generate(vault, n, seed=1)
                note(f"targets 3-4: {n} notes, plain vs make site VAULT=")
                plain = Build(
                    f"plain {n}", plain_config(tmp / f"plain{n}.yml", vault), tmp / f"site-plain{n}"
                )
                full = Build(
                    f"make site VAULT= {n}",
                    ROOT / "mkdocs.vault.yml",  # as `make site VAULT=` builds it
                    tmp / f"site-full{n}",
                    env={"NONLINEAR_VAULT": str(vault), **nb_env},
                )
                builds = [plain, full]
                if n == big:  # and a first build: the layout computed, nothing kept
                    builds.append(
                        Build(
                            f"first make site VAULT= {n}",
                            full.config,
                            full.site,
                            env=full.env,
                            first=True,
                        )
                    )
                sized[n] = tuple(round_robin(builds, repeat, note))
            if "4" in only:
                for n in (small, big):
                    base, ours = sized[n][:2]
                    rows.append(
                        Row(
                            "4",
                            f"make site VAULT=, {n:,} generated notes",
                            cpu(ours),
                            cpu(base),
                            pair_ratio(ours, base),
                            "<= 1.15",
                        )
                    )
                    rows.append(
                        Row(
                            "4",
                            f"  peak RSS, {n:,} notes",
                            f"{ours.median_rss:.0f} MB",
                            f"{base.median_rss:.0f} MB",
                            ours.median_rss / base.median_rss,
                            "<= 2",
                        )
                    )
                base, _, first = sized[big]
                rows.append(
                    Row(
                        "4",
                        f"  first build (no .cache/), {big:,} notes",
                        cpu(first),
                        cpu(base),
                        pair_ratio(first, base),
                        "<= 1.15",
                    )
                )
                rows.append(
                    Row(
                        "4",
                        f"  peak RSS, first build, {big:,} notes",
                        f"{first.median_rss:.0f} MB",
                        f"{base.median_rss:.0f} MB",
                        first.median_rss / base.median_rss,
                        "<= 2",
                    )
                )
                details.append(_breakdown(f"make site VAULT=, {big:,} notes", sized[big][1]))
                details.append(_breakdown(f"plain Material, {big:,} notes", sized[big][0]))
            if "3" in only:
                at_n, at_4n = sized[small][1], sized[big][1]
                worst = 0.0
                for key in sorted(at_n.timer_keys() | at_4n.timer_keys()):
                    if key.startswith("("):
                        continue  # whole phases: in the breakdown, not hooks or extensions
                    a, b = at_n.timer(key), at_4n.timer(key)
                    if a < 0.05 and b < 0.2:
                        continue  # too small to time (under 50 ms at N)
                    ratio = b / a if a else float("inf")
                    worst = max(worst, ratio)
                    rows.append(
                        Row(
                            "3",
                            f"{key} ({small:,} -> {big:,})",
                            f"{b:.2f} s",
                            f"{a:.2f} s",
                            ratio,
                            "<= 4.4",
                        )
                    )
                rows.append(
                    Row(
                        "3",
                        f"whole build ({small:,} -> {big:,} notes)",
                        cpu(at_4n),
                        cpu(at_n),
                        at_4n.median_cpu / at_n.median_cpu,
                        "<= 4.4",
                    )
                )
                rows.append(
                    Row("3", "  worst hook, plugin or extension above", "", "", worst, "<= 4.4")
                )

        # 5. The engine's handlers vs mkdocs-obsidian-bridge's, on a vault both resolve alike.
        if "5" in only and not args.no_bridge:
            python = bridge_python(note)
            if python is None:
                rows.append(
                    Row(
                        "5",
                        "engine handlers vs mkdocs-obsidian-bridge",
                        "no bridge",
                        "",
                        None,
                        "<= 1",
                    )
                )
            else:
                vault = tmp / "bridge-vault"
                generate(vault, big, seed=2, style="bridge")
                note(f"target 5: {big} notes, vault engine vs mkdocs-obsidian-bridge")
                engine = Build(
                    f"engine {big}", engine_config(tmp / "engine.yml", vault), tmp / "site-engine"
                )
                bridge = Build(
                    f"bridge {big}",
                    bridge_config(tmp / "bridge.yml", vault),
                    tmp / "site-bridge",
                    python=python,
                    modules=("mkdocs_obsidian_bridge",),
                )
                base, ours = round_robin([bridge, engine], repeat, note)
                mine = _sum_runs(ours, lambda k: "wikilinks.py" in k or k.startswith("ext "))
                theirs = _sum_runs(base, lambda k: "obsidian-bridge" in k or k.startswith("ext "))
                rows.append(
                    Row(
                        "5",
                        f"engine handlers vs obsidian-bridge, {big:,} notes",
                        f"{mine:.2f} s",
                        f"{theirs:.2f} s",
                        mine / theirs,
                        "<= 1",
                    )
                )
                rows.append(
                    Row(
                        "5",
                        "  whole build, engine vs bridge",
                        cpu(ours),
                        cpu(base),
                        pair_ratio(ours, base),
                        "",
                    )
                )
                ours_links = site_links(engine.site)
                bridge_links = site_links(bridge.site)
                both = sorted(ours_links.keys() & bridge_links.keys())
                same = sum(1 for p in both if ours_links[p] == bridge_links[p])
                total = sum(len(ours_links[p]) for p in both)
                # Pages only one of them has (the engine may generate a home page) are named,
                # not compared.
                extra = sorted(ours_links.keys() ^ bridge_links.keys())
                details.append(
                    f"target 5: the same links on {same:,} of the {len(both):,} pages both "
                    f"built ({total:,} links)"
                    + (f"; pages only one built: {', '.join(extra[:5])}" if extra else "")
                    + (
                        ""
                        if same == len(both)
                        else "; first difference: "
                        + _first_difference(
                            {p: ours_links[p] for p in both}, {p: bridge_links[p] for p in both}
                        )
                    )
                )
                details.append(_breakdown(f"vault engine alone, {big:,} notes", ours))
                details.append(_breakdown(f"mkdocs-obsidian-bridge, {big:,} notes", base))

        # 6. A large vault with emoji names and dense links.
        if args.large and "6" in only:
            vault = tmp / "emoji-vault"
            generate(vault, 6600, seed=3, links_per_note=20, style="emoji")
            note("target 6: 6,600 notes, emoji names, 20 links per note")
            plain = Build(
                "plain 6600", plain_config(tmp / "plain6600.yml", vault), tmp / "site-plain6600"
            )
            full = Build(
                "make site VAULT= 6600",
                ROOT / "mkdocs.vault.yml",  # as `make site VAULT=` builds it
                tmp / "site-full6600",
                env={"NONLINEAR_VAULT": str(vault), **nb_env},
            )
            base, ours = round_robin([plain, full], repeat, note)
            rows.append(
                Row(
                    "6",
                    "6,600 notes, emoji names, 20 links each",
                    cpu(ours),
                    cpu(base),
                    pair_ratio(ours, base),
                    "<= 1.3",
                )
            )
            rows.append(
                Row(
                    "6",
                    "  peak RSS",
                    f"{ours.median_rss:.0f} MB",
                    f"{base.median_rss:.0f} MB",
                    ours.median_rss / base.median_rss,
                    "",
                )
            )

    print(
        f"issue 10 targets: CPU time (user+sys), median of {repeat} round-robin runs each; "
        "ratio = ours / baseline, median of the back-to-back pairs"
    )
    print(f"{'#':<4} {'what':<52} {'ours':>16} {'baseline':>16} {'ratio':>6} {'target':>7}")
    print("-" * 107)
    for row in rows:
        print(row.line())
    print()
    for block in details:
        print(block)
    return 0


def _serve_rows(tmp: Path, note: Callable[[str], None]) -> list[Row]:
    """Target 2 from the serve helper's bench/bench_serve.py (a real mkdocs serve, an edit
    of Activations/ReLU.md, the served page polled), with its own empty-site baseline."""
    if not (ROOT / "bench" / "bench_serve.py").exists() or not Path("/proc/self/stat").exists():
        return [Row("2", "make serve rebuild after a save", "not measured", "", None, "<= 2.5")]
    import bench_serve  # noqa: PLC0415  (sibling script; only when it exists)

    note("target 2: make serve, edit Activations/ReLU.md, poll the served page (3 rounds)")
    work = tmp / "serve"
    work.mkdir()
    empties = [bench_serve.empty_build_cpu(work)]
    try:
        result = bench_serve.measure(
            work, "Activations/ReLU.md", 3, incremental=True, empties=empties
        )
    except RuntimeError as error:  # the serve helper's script: report it, keep the table
        first = (str(error).strip().splitlines() or ["?"])[0][:40]
        note(f"  bench_serve.py failed: {error}"[:2000])
        return [Row("2", f"make serve: bench_serve failed ({first})", "failed", "", None, "<= 2.5")]
    empty = statistics.median(empties)
    return [
        Row(
            "2",
            "make serve: CPU per rebuild after saving ReLU.md",
            f"{result['cpu']:.2f} s",
            f"{empty:.2f} s",
            result["cpu"] / empty,
            "<= 2.5",
        ),
        Row(
            "2",
            "  save -> served page shows the edit (wall)",
            f"{result['latency']:.2f} s",
            "",
            None,
            "<= 1 s",
        ),
    ]


def _sum_runs(runs: Runs, keep: Callable[[str], bool]) -> float:
    return statistics.median(sum(v for k, v in timers.items() if keep(k)) for timers in runs.timers)


def _breakdown(title: str, runs: Runs) -> str:
    """The timed parts of a build, biggest first (median CPU seconds)."""
    parts = sorted(((runs.timer(k), k) for k in runs.timer_keys()), reverse=True)
    shown = ", ".join(f"{key} {seconds:.2f}" for seconds, key in parts if seconds >= 0.01)
    return f"{title}: {runs.median_cpu:.2f} s CPU, of which {shown}"


def _first_difference(
    ours: dict[str, list[tuple[str, str]]], theirs: dict[str, list[tuple[str, str]]]
) -> str:
    for page in sorted(ours):
        mine, other = ours[page], theirs.get(page, [])
        if mine != other:
            at = next(
                (i for i, (a, b) in enumerate(zip(mine, other, strict=False)) if a != b), None
            )
            if at is None:
                return f"{page}: engine {len(mine)} links, bridge {len(other)}"
            return f"{page}, link {at + 1}: engine {mine[at]}, bridge {other[at]}"
    return "none"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
