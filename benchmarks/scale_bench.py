"""Scale benchmark: synthetic corpora of 10, 100 and 1,000 notices, every stage beside its floor.

Usage::

    .venv/bin/python benchmarks/scale_bench.py [--sizes 10 100 1000] [--jobs N] [--work DIR]

For each size it generates the corpus (``benchmarks/generate_corpus.py``, seed 7) and runs, each stage
as a subprocess so that its peak RSS is read (``resource.getrusage(RUSAGE_CHILDREN)`` of a fresh
child): ``policykg parse --json`` (parse + extraction), ``policykg build`` (cold, then warm with one
notice changed: the incremental build; the build's own split of its time is printed beside), the
library's ranking query ``queries/unit-ranking.rq`` (embedded store, and over HTTP through
``policykg serve``), ``policykg analyze`` and ``policykg view``.  Floors, measured in the same run:
reading the files (bytes, UTF-8 decode); bulk-loading the same N-Quads into an in-memory pyoxigraph
store; the same query run in that store.  Figures are printed as a table; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
POLICYKG = str(Path(PY).parent / "policykg")



def ranking_query() -> str:
    """The library's ranking (``queries/unit-ranking.rq``, default weights): it reads the per-role task counts
    ``policykg build`` materialises in ``{base}graph/statistics``."""
    from graph_builder.store.query import find_query, prepare

    return prepare(find_query("unit-ranking"), {})


_CHILD = """
import resource, subprocess, sys, time, json
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
s = time.perf_counter() - t
print(json.dumps({"s": s, "rc": p.returncode, "rss": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "err": p.stderr[-2000:]}))
"""


def timed(cmd: list[str]) -> dict[str, Any]:
    """Run ``cmd`` under a fresh parent; wall seconds, exit code, the peak RSS (MB) of the command, and for a
    build its own split of the time (``notices 50.1, shared graphs 0.4, …``) and how it updated the store."""
    out = subprocess.run([PY, "-c", _CHILD, *cmd], capture_output=True, text=True, cwd=ROOT, check=True)
    r = json.loads(out.stdout)
    if r["rc"] not in (0, 1):
        print(f"  ! {' '.join(cmd[:3])} exited {r['rc']}: {r['err']}", file=sys.stderr)
    split = re.search(r"\(([\d.]+ s: [^)]*)\)", r["err"])
    store = re.search(r"policykg build: store (.*)", r["err"])
    return {"s": r["s"], "rss": r["rss"] / 1024, "rc": r["rc"], "split": split[1] if split else "",
            "store": store[1] if store else ""}


def floor_read(corpus: Path) -> tuple[float, float]:
    t = time.perf_counter()
    size = 0
    for f in sorted(corpus.glob("*.txt")):
        data = f.read_bytes()
        data.decode("utf-8")
        size += len(data)
    return size / 1e6, time.perf_counter() - t


def ranking_times(store: Any, runs: int = 11) -> tuple[float, float]:
    """The ranking query's median wall time and median CPU time of the process, over ``runs`` runs: on a shared
    machine the wall time of a 50 ms query varies twofold from run to run, its CPU time by a few per cent."""
    query = ranking_query()
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        list(store.query(query, use_default_graph_as_union=True))
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def floor_store(nq: Path) -> tuple[float, tuple[float, float], int]:
    """Bulk load into an in-memory pyoxigraph store, and the ranking query there."""
    import pyoxigraph as ox

    t = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    load = time.perf_counter() - t
    return load, ranking_times(store), len(store)


def embedded_query(store_dir: Path) -> tuple[float, float]:
    import pyoxigraph as ox

    return ranking_times(ox.Store.read_only(str(store_dir)))


def http_query(exports: Path) -> float:
    """The ranking query over HTTP through ``policykg serve`` (in a thread, worker processes), median of 5."""
    import urllib.parse
    import urllib.request

    from graph_builder.serve.app import make_server, serve_in_thread

    server = make_server(exports, port=0, quiet=True, timeout=120, max_bytes=256 * 1024 * 1024)
    serve_in_thread(server)
    body = urllib.parse.urlencode({"query": ranking_query()}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{server.server_address[1]}/sparql", data=body, headers={
        "Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"})
    try:
        urllib.request.urlopen(request, timeout=300).read()  # the workers open the store
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            urllib.request.urlopen(request, timeout=300).read()
            runs.append(time.perf_counter() - t)
        return sorted(runs)[2]
    finally:
        server.shutdown()
        server.server_close()


def changed_build(corpus: Path, out: Path, jobs: int, mark: str, *options: str) -> dict[str, Any]:
    """``policykg build`` after the first notice's first "。" became ``mark`` (then put back: the next build
    with another mark again sees one changed notice)."""
    notice = sorted(corpus.glob("*.txt"))[0]
    original = notice.read_bytes()
    try:
        notice.write_bytes(original.replace("。".encode(), mark.encode(), 1))
        return timed([POLICYKG, "build", str(corpus), "-o", str(out), "--jobs", str(jobs), *options])
    finally:
        notice.write_bytes(original)


def bench(size: int, work: Path, jobs: int, *, analysis: bool = True) -> dict[str, object]:
    corpus = work / f"corpus-{size}"
    if not (corpus / "manifest.json").is_file():
        subprocess.run([PY, "benchmarks/generate_corpus.py", str(corpus), "--notices", str(size)], cwd=ROOT,
                       check=True, capture_output=True)
    out = work / f"exports-{size}"
    shutil.rmtree(out, ignore_errors=True)
    mb, read_s = floor_read(corpus)
    manifest = json.loads((corpus / "manifest.json").read_text())
    tasks = sum(len(f["tasks"]) for f in manifest.values())
    r: dict[str, object] = {"size": size, "MB": mb, "read_s": read_s, "tasks": tasks}
    r["parse"] = timed([POLICYKG, "parse", str(corpus), "--json", "--no-extract", "--jobs", str(jobs)])
    r["parse_extract"] = timed([POLICYKG, "parse", str(corpus), "--json", "--jobs", str(jobs)])
    r["start"] = timed([POLICYKG, "parse", "--help"])
    r["build"] = timed([POLICYKG, "build", str(corpus), "-o", str(out), "--jobs", str(jobs)])
    report = (out / "build-report.md").read_text(encoding="utf-8")
    r["quads"] = int(report.split("- quads (named graphs kept): ")[1].split("\n")[0])
    r["triples"] = int(report.split("- triples (all graphs merged): ")[1].split("\n")[0])
    r["export_bytes"] = {p.name: p.stat().st_size for p in sorted(out.glob("policykg.*"))}
    # incremental: one notice changed
    r["incremental"] = changed_build(corpus, out, jobs, "；")
    r["floor_load_s"], r["floor_query_s"], r["store_quads"] = floor_store(out / "policykg.nq")
    r["query_s"] = embedded_query(out / "store")
    r["http_query_s"] = http_query(out)
    # the quick loop: another notice changed, the store and the report brought up to date, no dump files
    r["incremental_no_dumps"] = changed_build(corpus, out, jobs, "！", "--no-dumps")
    if analysis:
        r["analyze"] = timed([POLICYKG, "analyze", str(out), "-o", str(work / f"analysis-{size}")])
        view = work / f"view-{size}.html"
        r["view"] = timed([POLICYKG, "view", str(out), "-o", str(view)])
        r["view_MB"] = view.stat().st_size / 1e6 if view.is_file() else None
    return r


def show(r: dict[str, object]) -> None:
    def t(name: str) -> dict[str, Any]:
        v = r[name]
        assert isinstance(v, dict)
        return v

    mb = float(r["MB"])  # type: ignore[arg-type]
    query, floor = cast(tuple[float, float], r["query_s"]), cast(tuple[float, float], r["floor_query_s"])
    read_s = float(r["read_s"])  # type: ignore[arg-type]
    floor_mbs = mb / read_s if read_s else float("inf")
    print(f"\n== {r['size']} notices, {mb:.1f} MB, {r['tasks']} tasks, {r['quads']:,} quads / {r['triples']:,} "
          f"triples ==")
    rows = [
        ("read files (floor)", f"{read_s:.2f} s", f"{floor_mbs:.0f} MB/s", "1.0×", ""),
        ("parse --no-extract", f"{t('parse')['s']:.2f} s", f"{mb / t('parse')['s']:.2f} MB/s",
         f"{t('parse')['s'] / read_s:.0f}×" if read_s else "", f"{t('parse')['rss']:.0f} MB"),
        ("parse + extraction", f"{t('parse_extract')['s']:.2f} s", f"{mb / t('parse_extract')['s']:.2f} MB/s, "
         + (f"{int(r['tasks']) / t('parse_extract')['s']:.0f} tasks/s" if r["tasks"] else ""),  # type: ignore[call-overload]
         f"{t('parse_extract')['s'] / read_s:.0f}×" if read_s else "", f"{t('parse_extract')['rss']:.0f} MB"),
        ("policykg parse --help", f"{t('start')['s']:.2f} s", "", "", ""),
        ("build, cold (all stages)", f"{t('build')['s']:.1f} s",
         f"{int(r['quads']) / t('build')['s']:,.0f} quads/s", "", f"{t('build')['rss']:.0f} MB"),  # type: ignore[call-overload]
        ("build, one notice changed", f"{t('incremental')['s']:.1f} s", "", "",
         f"{t('incremental')['rss']:.0f} MB"),
        ("build --no-dumps, one notice changed", f"{t('incremental_no_dumps')['s']:.1f} s", "", "",
         f"{t('incremental_no_dumps')['rss']:.0f} MB"),
        ("bulk load N-Quads, in memory (floor)", f"{float(r['floor_load_s']):.2f} s", "", "1.0×", ""),  # type: ignore[arg-type]
        ("ranking query, embedded store", f"{query[0] * 1000:.0f} ms (CPU {query[1] * 1000:.0f} ms)", "",
         f"{query[0] / floor[0]:.1f}× (floor {floor[0] * 1000:.0f} ms, CPU {floor[1] * 1000:.0f} ms, in memory)", ""),
        ("ranking query, HTTP (policykg serve)", f"{float(r['http_query_s']) * 1000:.0f} ms", "",  # type: ignore[arg-type]
         f"{float(r['http_query_s']) / floor[0]:.1f}×", ""),  # type: ignore[arg-type]
    ]
    if "analyze" in r:
        rows += [
            ("analyze", f"{t('analyze')['s']:.1f} s", "", "", f"{t('analyze')['rss']:.0f} MB"),
            ("view", f"{t('view')['s']:.1f} s", f"{r['view_MB'] or 0:.2f} MB HTML", "", f"{t('view')['rss']:.0f} MB"),
        ]
    print(f"| {'stage':38} | time | rate | vs floor | peak RSS |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print("exports:", ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in r["export_bytes"].items()))  # type: ignore[attr-defined]
    print(f"build, cold: {t('build')['split']}; store {t('build')['store']}")
    print(f"build, one notice changed: {t('incremental')['split']}; store {t('incremental')['store']}")
    print(f"build --no-dumps, one notice changed: {t('incremental_no_dumps')['split']}; "
          f"store {t('incremental_no_dumps')['store']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/policykg-scale"))
    parser.add_argument("--no-analysis", action="store_true",
                        help="skip policykg analyze and view (benchmarks/analysis_bench.py measures them on an exports folder)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"policykg scale benchmark: {os.cpu_count()} cores, --jobs {args.jobs}")
    for size in args.sizes:
        show(bench(size, args.work, args.jobs, analysis=not args.no_analysis))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
