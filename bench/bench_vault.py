"""Benchmark of the vault engine: generated vaults built with and without it.

For N in (1000, 4000) notes (``bench/vault_gen.py``) the same MkDocs configuration (Material,
``navigation.prune``, the site's Markdown extensions) is built twice — once plain, once with
``hooks/wikilinks.py`` — each in a fresh process so peak RSS is that build's own. Prints N,
plain time, engine time, their ratio, peak RSS of both, and the 4x scaling ratio of the engine
build. Times are CPU seconds of the build process (best of ``--repeat``), which a busy shared
machine disturbs far less than wall time. Targets: engine overhead <= 15 % (ratio <= 1.15);
4x notes -> <= 4.4x time.

Usage: ``python bench/bench_vault.py [--repeat=K] [N ...]`` (default 1000 4000, K=1).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from vault_gen import generate  # noqa: E402  (sibling script, not a package)

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

# Runs in a child process: one build, its CPU time (robust on a shared machine; wall time is
# reported too) and the process's own peak RSS.
CHILD = """\
import json, resource, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
wall, cpu = time.perf_counter(), time.process_time()
build(config)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
print(json.dumps({"seconds": cpu, "wall": wall, "rss_mb": rss}))
"""


def run_build(config: Path, site: Path) -> dict[str, float]:
    """Build *config* into *site* in a fresh interpreter; return seconds and peak RSS (MB)."""
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


def bench(n: int, work: Path, repeat: int = 1) -> dict[str, float]:
    """Generate an N-note vault and build it plain and with the engine."""
    root = work / f"n{n}"
    links = generate(root / "vault", n, seed=1)
    plain = root / "plain.yml"
    engine = root / "engine.yml"
    plain.write_text(CONFIG.format(hooks=""), encoding="utf-8")
    engine.write_text(
        CONFIG.format(hooks=f"hooks:\n  - {ROOT / 'hooks' / 'wikilinks.py'}"), encoding="utf-8"
    )
    # Best of `repeat` runs each, alternating, so a busy moment does not favour either side.
    runs_p, runs_e = [], []
    for _ in range(repeat):
        runs_p.append(run_build(plain, root / "site-plain"))
        runs_e.append(run_build(engine, root / "site-engine"))
    p = min(runs_p, key=lambda r: r["seconds"])
    e = min(runs_e, key=lambda r: r["seconds"])
    # Each plain/engine pair ran back to back: the median of their ratios resists the machine
    # changing speed between pairs (on a shared 2-core machine CPU time drifts by 20-50 %).
    pair_ratios = sorted(
        er["seconds"] / pr["seconds"] for pr, er in zip(runs_p, runs_e, strict=True)
    )
    return {
        "n": n,
        "links": len(links),
        "plain": p["seconds"],
        "engine": e["seconds"],
        "ratio": e["seconds"] / p["seconds"],
        "median_pair": statistics.median(pair_ratios),
        "pairs": len(pair_ratios),
        "rss_plain": p["rss_mb"],
        "rss_engine": e["rss_mb"],
    }


def main(argv: list[str]) -> int:
    """Run the benchmark and print the table.

    ``--repeat=K`` builds K plain/engine pairs: *ratio* is best engine over best plain, *median
    pair ratio* the median over the K back-to-back pairs.
    """
    parser = argparse.ArgumentParser(
        description="Build generated vaults with plain MkDocs+Material and with the engine."
    )
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 4000], help="notes (N)")
    parser.add_argument("--repeat", type=int, default=1, help="K plain/engine pairs")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nonlinear-bench-") as tmp:
        rows = [bench(n, Path(tmp), args.repeat) for n in args.sizes]
    print("vault engine: generated vaults, plain MkDocs+Material build vs. with hooks/wikilinks.py")
    print(
        f"{'N':>6} {'links':>7} {'plain cpu s':>8} {'engine cpu s':>9} {'ratio':>6} "
        f"{'median pair ratio':>18} {'RSS plain MB':>13} {'RSS engine MB':>14}"
    )
    for r in rows:
        print(
            f"{r['n']:>6.0f} {r['links']:>7.0f} {r['plain']:>8.2f} {r['engine']:>9.2f} "
            f"{r['ratio']:>6.3f} {r['median_pair']:>11.3f} of {r['pairs']:<3.0f}"
            f" {r['rss_plain']:>13.0f} {r['rss_engine']:>14.0f}"
        )
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        scale = last["n"] / first["n"]
        print(
            f"scaling {first['n']:.0f} -> {last['n']:.0f} notes ({scale:.0f}x): engine build "
            f"{last['engine'] / first['engine']:.2f}x time, plain build "
            f"{last['plain'] / first['plain']:.2f}x (target <= {1.1 * scale:.1f}x)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
