"""SPARQL figures: load time and latency of the ranking query (queries/unit-ranking.rq) in the embedded
pyoxigraph store, through rdflib, and over HTTP (``policykg serve``), for the sample build and for a
synthetic graph of about 1 M quads in the same shape (deterministic seed).

    .venv/bin/python benchmarks/sparql_bench.py                 # sample + synthetic 1 M
    .venv/bin/python benchmarks/sparql_bench.py --quads 200000  # a smaller synthetic graph
    .venv/bin/python benchmarks/sparql_bench.py --no-rdflib-synthetic   # skip rdflib on the big graph (minutes)

Latencies are the median of ``--runs`` runs after one warm-up run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BASE = "https://policykg.example.org/id/"
PKG = "https://policykg.example.org/ontology/policykg#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ROLES = ("rolePrimary", "roleAssisting", "roleResponsible")
BUREAUS = ("财政局", "发展和改革局", "工业和信息化局", "教育和体育局", "农业农村局", "水务局", "商务局", "民政局",
           "自然资源和规划局", "住房城乡建设局", "交通运输局", "卫生健康局", "文化和旅游局", "应急管理局", "市场监督管理局",
           "生态环境分局", "人力资源和社会保障局", "科学技术局", "统计局", "审计局")
SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高"
GIVEN = "锐雷伟军华明强平辉刚勇毅峰涛斌超亮杰鹏"


def synthetic_nquads(path: Path, *, quads: int = 1_000_000, seed: int = 7) -> int:
    """Write about ``quads`` N-Quads in the shape of ``policykg build``'s output; return the number written.

    Jurisdictions of 60 units and 8 leaders each, two notices (2022, 2023) per jurisdiction, tasks with
    one or two leaders and three to seven units in the three unit roles, every task and assignment with
    its evidence mention (named by its notice's characters, with its quote).
    """
    rng = random.Random(seed)
    per_task = 68  # what this generator writes per task, evidence included (the sample build: 86)
    tasks_per_notice = 240
    notices = max(1, round(quads / (per_task * tasks_per_notice)))
    written = 0
    tallies: Counter[tuple[str, str]] = Counter()
    with open(path, "w", encoding="utf-8") as out:
        def q(s: str, p: str, o: str, g: str) -> None:
            nonlocal written
            out.write(f"{s} {p} {o} {g} .\n")
            written += 1

        def iri(x: str) -> str:
            return f"<{x}>"

        def lit(x: str, lang: str | None = None, dtype: str | None = None) -> str:
            text = '"' + x.replace("\\", "\\\\").replace('"', '\\"') + '"'
            return text + (f"@{lang}" if lang else f"^^<{XSD}{dtype}>" if dtype else "")

        def mention(thing: str, notice: str, g: str, start: int, quote_text: str) -> None:
            m = f"{notice}#char={start},{start + len(quote_text)}"
            q(iri(thing), iri(PKG + "evidence"), iri(m), g)
            q(iri(m), iri(OA + "exact"), lit(quote_text), g)

        for n in range(notices):
            place = f"县{n // 2:03d}"
            year = 2022 + n % 2
            notice = f"{BASE}notice/synthetic-{n:03d}-{year}"
            g = iri(notice)
            units = [f"{BASE}unit/{quote(place)}/{quote(place[0] + b + str(k))}" for k in range(3)
                     for b in BUREAUS][:60]
            j = n // 2  # the same people in both years of a jurisdiction
            leaders = [f"{BASE}person/{quote(place)}/"
                       f"{quote(SURNAMES[(j + i) % len(SURNAMES)] + GIVEN[(j * 3 + i) % len(GIVEN)] + str(i))}"
                       for i in range(8)]
            q(g, iri(RDF_TYPE), iri(PKG + "Notice"), g)
            q(g, iri(PKG + "sourceFile"), lit(f"synthetic-{n:03d}-{year}.txt"), g)
            q(g, iri("http://purl.org/dc/terms/issued"), lit(f"{year}-02-01", dtype="date"), g)
            for u in units:
                name = urllib.parse.unquote(u.rsplit("/", 1)[1])
                q(iri(u), iri(RDF_TYPE), iri(PKG + "Unit"), g)
                q(iri(u), iri(RDFS_LABEL), lit(name, "zh"), g)
                q(iri(u), iri(SKOS_PREF), lit(name, "zh"), g)
            for le in leaders:
                name = urllib.parse.unquote(le.rsplit("/", 1)[1])
                q(iri(le), iri(RDF_TYPE), iri(PKG + "Leader"), g)
                q(iri(le), iri(RDFS_LABEL), lit(name, "zh"), g)
                q(iri(le), iri(SKOS_PREF), lit(name, "zh"), g)
            for t in range(1, tasks_per_notice + 1):
                task = f"{notice}/task/{t}"
                q(iri(task), iri(RDF_TYPE), iri(PKG + "Task"), g)
                q(iri(task), iri(RDFS_LABEL), lit(f"第{t}项任务", "zh"), g)
                q(iri(task), iri(PKG + "inNotice"), g, g)
                q(iri(task), iri(PKG + "taskNumber"), lit(str(t), dtype="positiveInteger"), g)
                q(iri(task), iri(PKG + "text"), lit("实施重点项目" * rng.randint(3, 12), "zh"), g)
                mention(task, notice, g, t * 200, "任务原文" * 10)
                chosen = [(le, "roleLeader", "牵头领导") for le in rng.sample(leaders, rng.randint(1, 2))]
                for k, u in enumerate(rng.sample(units, rng.randint(3, 7))):
                    role = ROLES[0] if k == 0 else rng.choice(ROLES)
                    chosen.append((u, role, "承办单位"))
                for i, (agent, role, field) in enumerate(chosen, start=1):
                    tallies[(agent, role)] += 1  # agents are distinct within a task
                    a = f"{task}/{'leader' if role == 'roleLeader' else 'unit'}/{i}"
                    q(iri(task), iri(PKG + "hasAssignment"), iri(a), g)
                    q(iri(a), iri(RDF_TYPE), iri(PKG + "Assignment"), g)
                    q(iri(a), iri(PROV + "agent"), iri(agent), g)
                    q(iri(a), iri(PROV + "hadRole"), iri(PKG + role), g)
                    q(iri(a), iri(PKG + "listedOrder"), lit(str(i), dtype="positiveInteger"), g)
                    q(iri(a), iri(PKG + "fieldLabel"), lit(field, "zh"), g)
                    mention(a, notice, g, t * 200 + 10 * i, "单位")
        # the materialised counts `policykg build` writes (graph/statistics, see rdf.build.statistics_quads)
        stats = iri(BASE + "graph/statistics")
        for (agent, role), n in sorted(tallies.items()):
            prop = PKG + role.removeprefix("role").lower() + "TaskCount"
            q(iri(agent), iri(prop), lit(str(n), dtype="nonNegativeInteger"), stats)
    return written


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(name: str, exports: Path, *, runs: int, rdflib: bool) -> list[str]:
    from graph_builder.serve.app import make_server, serve_in_thread
    from graph_builder.store.oxstore import load_store, open_store
    from graph_builder.store.query import find_query, prepare, rdflib_dataset, run, run_rdflib

    nq = exports / "policykg.nq"
    size_mb = nq.stat().st_size / 1e6
    loaded = load_store(exports)
    store = open_store(exports)
    query = prepare(find_query("unit-ranking"), {})
    rows = len(list(run(store, query)))
    embedded = median_ms(lambda: list(run(store, query)), runs)
    out = [f"## {name}: {loaded.quads:,} quads, policykg.nq {size_mb:.1f} MB, ranking query {rows} rows",
           f"- load into the embedded store (bulk load of policykg.nq): {loaded.seconds:.2f} s",
           f"- ranking query, embedded pyoxigraph (RocksDB, read-only): {embedded:.1f} ms"]
    print("\n".join(out), flush=True)
    server = make_server(exports, port=0, quiet=True, timeout=120, max_bytes=256 * 1024 * 1024)
    serve_in_thread(server)
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    body = urllib.parse.urlencode({"query": query}).encode()

    def http() -> bytes:
        request = urllib.request.Request(url, data=body, headers={
            "Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(request, timeout=300) as response:
            return bytes(response.read())

    result_kb = len(http()) / 1024
    over_http = median_ms(http, runs)
    server.shutdown()
    server.server_close()
    line = f"- ranking query over HTTP (`policykg serve`, JSON results {result_kb:.0f} KB): {over_http:.1f} ms"
    print(line, flush=True)
    out.append(line)
    if rdflib:
        started = time.perf_counter()
        ds = rdflib_dataset(exports)
        parse = time.perf_counter() - started
        lib = median_ms(lambda: list(run_rdflib(ds, query)), max(1, min(runs, 3)))
        line = f"- rdflib: parse policykg.nq {parse:.1f} s; ranking query {lib:.0f} ms"
        print(line, flush=True)
        out.append(line)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--exports", type=Path, help="a built exports folder (default: build data/notices)")
    parser.add_argument("--quads", type=int, default=1_000_000, help="size of the synthetic graph (0: skip it)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-rdflib-synthetic", action="store_true", help="skip rdflib on the synthetic graph")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sparql-bench-") as tmp:
        exports = args.exports
        if exports is None:
            from graph_builder.cli import main as policykg

            exports = Path(tmp) / "sample"
            policykg(["build", str(ROOT / "data" / "notices"), "-o", str(exports), "--no-shacl"])
        else:  # do not touch the user's store: work on a copy of the dataset export
            copy = Path(tmp) / "sample"
            copy.mkdir()
            (copy / "policykg.nq").write_bytes((exports / "policykg.nq").read_bytes())
            exports = copy
        measure("sample build (data/notices)", exports, runs=args.runs, rdflib=True)
        if args.quads:
            synthetic = Path(tmp) / "synthetic"
            synthetic.mkdir()
            started = time.perf_counter()
            n = synthetic_nquads(synthetic / "policykg.nq", quads=args.quads)
            print(f"(generated {n:,} synthetic quads in {time.perf_counter() - started:.1f} s)", flush=True)
            measure(f"synthetic graph (seed 7, {n:,} quads)", synthetic, runs=args.runs,
                    rdflib=not args.no_rdflib_synthetic)
    return 0


if __name__ == "__main__":
    sys.exit(main())
