"""Figures of ``policykg analyze`` / ``policykg view``.

Two modes.

With no folder: the sample corpus and synthetic graphs of 10 k and 100 k nodes, in-process.
Prints, for each input: its size (notices, assignments, nodes of the task–party graph),
the time to read the store (SPARQL), to analyse (all measures, whole corpus), to build the
view, the HTML size, and the time headless Chromium takes to draw it (when chromium is
installed); then networkx against igraph on the 10 k co-responsibility graph.

    .venv/bin/python benchmarks/analysis_bench.py [--skip-100k] [--no-browser]

With exports folders of ``policykg build`` (e.g. of ``benchmarks/generate_corpus.py`` corpora):
the two commands as a user runs them, each in its own process, for each folder: wall and CPU
time and peak RSS of ``policykg analyze`` and of ``policykg view`` (their own stage times
too), the sizes of the report, of ``analysis.json`` and of the view, and the input: notices,
quads, assignments, nodes and edges of the task–party graph and of the unit–unit projection.

    .venv/bin/python benchmarks/analysis_bench.py /tmp/an/e100 /tmp/an/e1000 [--browser]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph_builder.analysis.data import AgentKind, Assignment, Corpus, NoticeInfo, Role, load_corpus  # noqa: E402
from graph_builder.analysis.run import analyze  # noqa: E402
from graph_builder.views.browser import find_chromium, open_page  # noqa: E402
from graph_builder.views.network import network_page  # noqa: E402

READY = "window.__pkg && window.__pkg.ready && window.__pkg.stabilized"


def sample_corpus(exports: Path) -> tuple[Corpus, float]:
    """The sample corpus, from the exports of `policykg build` when there are some, else built here."""
    from graph_builder.analysis.data import open_dataset

    try:
        store = open_dataset(exports)
    except FileNotFoundError:
        from graph_builder.parse import parse_path
        from graph_builder.rdf.build import build_dataset
        from graph_builder.store.export import load_store, to_oxigraph

        notices = [parse_path(p) for p in sorted((ROOT / "data" / "notices").glob("*.txt"))]
        store = load_store(to_oxigraph(build_dataset(notices, include_ontology=False)))
    started = time.perf_counter()
    corpus = load_corpus(store)
    return corpus, time.perf_counter() - started


def synthetic_corpus(nodes: int, seed: int = 0) -> Corpus:
    """About ``nodes`` nodes: 80 % tasks, 17 % units, 3 % leaders; each task 1 leader, 1–2 primary, 0–3 assisting."""
    rng = random.Random(seed)
    n_tasks, n_units, n_leaders = int(nodes * 0.8), int(nodes * 0.17), max(1, int(nodes * 0.03))
    notice = NoticeInfo("synthetic", "synthetic", "synthetic", "2023-01-01", "county", "合成县", "合成市")
    rows = []
    weights = [1.0 / (i + 1) ** 0.8 for i in range(n_units)]  # a few units carry much of the load
    for t in range(n_tasks):
        task = f"t{t}"
        leader = rng.randrange(n_leaders)
        rows.append(Assignment("synthetic", task, "task", t + 1, f"第{t + 1}项任务", "", f"l{leader}",
                               f"领导{leader}", AgentKind.LEADER, Role.LEADER))
        units = set(rng.choices(range(n_units), weights=weights, k=rng.randint(1, 5)))
        for i, u in enumerate(sorted(units)):
            role = Role.PRIMARY if i < 2 else Role.ASSISTING
            rows.append(Assignment("synthetic", task, "task", t + 1, f"第{t + 1}项任务", "", f"u{u}", f"单位{u}",
                                   AgentKind.UNIT, role, i + 1))
    return Corpus({"synthetic": notice}, rows)


def measure(name: str, corpus: Corpus, browser: bool, query_s: float | None = None) -> None:
    nodes = len({a.task for a in corpus.assignments}) + len({a.agent for a in corpus.assignments})
    started = time.perf_counter()
    result = analyze(corpus, per_notice=False)
    analyse_s = time.perf_counter() - started
    started = time.perf_counter()
    page = network_page(corpus)
    view_s = time.perf_counter() - started
    line = (f"{name:>10}: {len(corpus.notices)} notices, {len(corpus.assignments):,} assignments, {nodes:,} nodes | "
            + (f"SPARQL read {query_s:.2f} s | " if query_s is not None else "")
            + f"analyse {analyse_s:.2f} s ({len(corpus.assignments) / analyse_s:,.0f} assignments/s) | "
            f"view {view_s:.2f} s, {len(page.html) / 1e6:.2f} MB, {page.nodes:,} nodes drawn"
            + (" (aggregated)" if page.aggregated else ""))
    if browser:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "view.html"
            path.write_text(page.html, encoding="utf-8")
            report = open_page(path, ready=READY, value="window.__pkg.drawn", timeout=180)
            line += f" | chromium load+settle {report.load_seconds:.1f} s" + ("" if report.ready else " (timed out)")
    print(line, flush=True)
    print(f"{'':>12}betweenness: {result.methods['unit betweenness']}", flush=True)


def nx_vs_igraph(corpus: Corpus) -> None:
    import networkx as nx

    from graph_builder.analysis.centrality import centrality
    from graph_builder.analysis.networks import unit_projection

    g = unit_projection(corpus)
    print(f"networkx vs igraph, co-responsibility graph {g.number_of_nodes():,} nodes / "
          f"{g.number_of_edges():,} edges:", flush=True)
    k = 50
    started = time.perf_counter()
    nx.betweenness_centrality(g, k=k, weight="distance", seed=0)
    nx_b = time.perf_counter() - started
    started = time.perf_counter()
    centrality(g, exact_limit=0, samples=k)
    ig_all = time.perf_counter() - started
    print(f"{'':>12}betweenness k={k}: networkx {nx_b:.2f} s; igraph (with PageRank, eigenvector) {ig_all:.2f} s "
          f"({nx_b / ig_all:.0f}×)", flush=True)
    started = time.perf_counter()
    nx.community.louvain_communities(g, weight="weight", seed=0)
    nx_l = time.perf_counter() - started
    from graph_builder.analysis.communities import communities

    started = time.perf_counter()
    communities(g, limit=0)
    ig_l = time.perf_counter() - started
    print(f"{'':>12}Louvain: networkx {nx_l:.2f} s; igraph {ig_l:.2f} s ({nx_l / ig_l:.0f}×)", flush=True)


def run_command(argv: list[str]) -> tuple[str, float, float, int]:
    """Run ``argv``; (its output, wall seconds, CPU seconds user + system, peak RSS in MB)."""
    started = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}):\n{output}")
    return output.strip(), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def input_size(exports: Path) -> str:
    """Notices, quads, assignments, and nodes / edges of the task–party graph and of the unit projection."""
    from graph_builder.analysis.data import open_dataset
    from graph_builder.analysis.networks import unit_projection

    report = exports / "build-report.md"
    found = re.search(r"quads \(named graphs kept\): (\d+)", report.read_text("utf-8")) if report.is_file() else None
    corpus = load_corpus(open_dataset(exports))
    tasks = {a.task for a in corpus.assignments}
    agents = {a.agent for a in corpus.assignments}
    edges = {(a.task, a.agent) for a in corpus.assignments}
    projection = unit_projection(corpus.without_collectives())
    return (f"{len(corpus.notices):,} notices, {int(found.group(1)):,} quads, " if found else
            f"{len(corpus.notices):,} notices, ") + \
        (f"{len(corpus.assignments):,} assignments; task–party graph {len(tasks) + len(agents):,} nodes / "
         f"{len(edges):,} edges; unit projection {projection.number_of_nodes():,} / {projection.number_of_edges():,}")


def measure_exports(exports: Path, browser: bool) -> None:
    """``policykg analyze`` and ``policykg view`` on one exports folder, each in a process of its own."""
    policykg = [sys.executable, "-m", "graph_builder.cli"]
    print(f"{exports}: {input_size(exports)}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for name, argv, files in (
                ("analyze", [*policykg, "analyze", str(exports), "-o", str(out / "analysis")],
                 [out / "analysis" / "report.html", out / "analysis" / "analysis.json"]),
                ("view", [*policykg, "view", str(exports), "-o", str(out / "view.html")], [out / "view.html"])):
            output, wall, cpu, rss = run_command(argv)
            sizes = ", ".join(f"{f.name} {f.stat().st_size / 1e6:.2f} MB" for f in files)
            print(f"  {name:8} wall {wall:6.1f} s, CPU {cpu:6.1f} s, peak RSS {rss:,} MB; {sizes}", flush=True)
            for line in output.splitlines():
                print(f"{'':>12}{line}", flush=True)
        if browser:
            report = open_page(out / "view.html", ready=READY, value="window.__pkg.drawn", timeout=300)
            print(f"  chromium: view drawn and settled in {report.load_seconds:.1f} s"
                  + ("" if report.ready else " (timed out)"), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, metavar="EXPORTS_DIR",
                        help="exports folders of `policykg build`: measure the two commands on each")
    parser.add_argument("--skip-100k", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--browser", action="store_true", help="with folders: also draw each view in chromium")
    parser.add_argument("--exports", type=Path, default=ROOT / "exports",
                        help="exports of `policykg build data/notices` (default: exports/)")
    args = parser.parse_args()
    if args.folders:
        for folder in args.folders:
            measure_exports(folder, args.browser and find_chromium() is not None)
        return
    browser = not args.no_browser and find_chromium() is not None
    corpus, query_s = sample_corpus(args.exports)
    measure("sample", corpus, browser, query_s)
    big = synthetic_corpus(10_000)
    measure("10k", big, browser)
    nx_vs_igraph(big)
    if not args.skip_100k:
        measure("100k", synthetic_corpus(100_000), browser)


if __name__ == "__main__":
    main()
