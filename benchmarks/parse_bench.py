"""Parse throughput on the sample corpus, beside its floor (reading and decoding the same files).

Usage: python benchmarks/parse_bench.py [--repeat N] [FILES...]

Prints MB/s and tasks/s for parsing, the floor in MB/s, their ratio, and the
start-up time of ``policykg parse --help`` (heavy imports must not be paid there).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from graph_builder.parse import parse_text
from graph_builder.read import read_path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="*", default=sorted(str(p) for p in (ROOT / "data" / "notices").glob("*.txt")))
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()

    sources = [read_path(f) for f in args.files]
    size_mb = sum(len(Path(f).read_bytes()) for f in args.files) / 1e6
    chars = sum(len(s.text) for s in sources)

    read_times, parse_times = [], []
    tasks = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for f in args.files:
            read_path(f)
        read_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        tasks = 0
        for s in sources:
            tasks += len(parse_text(s.text, source=s.path).tasks)
        parse_times.append(time.perf_counter() - t0)
    read_s, parse_s = statistics.median(read_times), statistics.median(parse_times)

    startup = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "graph_builder.cli", "parse", "--help"], check=True,
                       capture_output=True)
        startup.append(time.perf_counter() - t0)

    print(f"input: {len(args.files)} files, {size_mb:.3f} MB, {chars} characters, {tasks} tasks; "
          f"median of {args.repeat} runs, 1 core")
    print(f"floor (read + decode):  {size_mb / read_s:8.1f} MB/s")
    print(f"parse (clean + structure + fields): {size_mb / parse_s:8.2f} MB/s  {tasks / parse_s:8.0f} tasks/s  "
          f"({parse_s / read_s:.0f}x the floor)")
    print(f"`policykg parse --help` start-up: {statistics.median(startup) * 1000:.0f} ms (median of 5)")


if __name__ == "__main__":
    main()
