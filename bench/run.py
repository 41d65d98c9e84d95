"""Run every benchmark: each ``bench/bench_*.py`` in its own subprocess, in name order.

``make bench`` calls this. A separate process per benchmark keeps their memory and
imports apart; the output of each is printed as it comes. Arguments after ``--`` are passed
to every benchmark; ``-k NAME`` runs only the benchmarks whose file name contains NAME;
``--large`` is passed to ``bench_vault.py`` only (issue 10's sizes: 5,000 and 6,600 notes).
The exit status is 1 if any benchmark failed, so CI can notice a crashed benchmark (timings
are never asserted).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def discover(select: str | None = None) -> list[Path]:
    """The benchmark scripts, sorted by name, optionally filtered by a substring."""
    found = sorted(BENCH_DIR.glob("bench_*.py"))
    return [p for p in found if select is None or select in p.name]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and return the exit status."""
    parser = argparse.ArgumentParser(description="Run every bench/bench_*.py.")
    parser.add_argument("-k", dest="select", help="only files whose name contains this")
    parser.add_argument("--large", action="store_true", help="bench_vault.py at full size")
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="-- args for each benchmark")
    args = parser.parse_args(argv)
    extra = args.rest[1:] if args.rest[:1] == ["--"] else args.rest

    scripts = discover(args.select)
    if not scripts:
        print(f"no benchmarks matched in {BENCH_DIR}", file=sys.stderr)
        return 1
    failed: list[str] = []
    for script in scripts:
        print(f"=== {script.name} ===", flush=True)
        start = time.perf_counter()
        large = ["--large"] if args.large and script.name == "bench_vault.py" else []
        proc = subprocess.run([sys.executable, str(script), *large, *extra], check=False)
        took = time.perf_counter() - start
        status = "ok" if proc.returncode == 0 else f"FAILED (exit {proc.returncode})"
        print(f"=== {script.name}: {status} in {took:.1f} s ===\n", flush=True)
        if proc.returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"failed benchmarks: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
