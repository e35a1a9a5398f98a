"""``policykg analyze``: every measure over the whole corpus and per notice, as tables.

:func:`analyze` returns an :class:`Analysis` — named tables (lists of flat rows) and
the methods used — which :func:`write_tables` writes as CSV and JSON and
:mod:`graph_builder.views.report` turns into the HTML report.

Tables (``scope`` is ``all`` or a notice key):

==========================  =================================================================
``notices``                 each notice: jurisdiction, level, date, tasks, assignments per role
``role_counts``             assignments and tasks per role, per notice
``unit_load``               named units: load, tasks by role, weighted degree, betweenness,
                            PageRank, eigenvector centrality (unit–unit projection), community
``leader_load``             named leaders: load, tasks, units steered (leader–unit graph)
``collective``              collective units and leaders (各镇街, 各位县长 …), reported apart
``concentration``           Gini and HHI of load across units and across leaders
``communities``             Louvain communities of the unit–unit projection
``portfolios``              each leader's tasks, co-leaders and units
``unit_edges``              unit–unit co-responsibility edges (shared tasks)
``leader_unit_edges``       leader–unit edges (tasks, per role)
``comparisons``             two notices of one jurisdiction: rank changes, new, vanished
``reappearance``            city tasks and their most similar county task, with the score
==========================  =================================================================
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph_builder.analysis.centrality import centrality
from graph_builder.analysis.communities import communities
from graph_builder.analysis.compare import compare_notices
from graph_builder.analysis.concentration import gini, hhi
from graph_builder.analysis.data import AgentKind, Corpus, Role
from graph_builder.analysis.load import ROLE_WEIGHTS, load_table
from graph_builder.analysis.networks import leader_unit_graph, unit_projection
from graph_builder.analysis.portfolio import portfolios
from graph_builder.analysis.reappearance import THRESHOLD, best_matches

__all__ = ["Analysis", "analyze", "write_tables", "notice_pairs"]

LOWER_LEVELS = ("county", "district")

Row = dict[str, Any]


@dataclass(slots=True)
class Analysis:
    """The tables of an analysis, the methods used and how long each step took."""

    tables: dict[str, list[Row]] = field(default_factory=dict)
    methods: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    include_collective: bool = False

    def add(self, name: str, rows: list[Row]) -> None:
        self.tables.setdefault(name, []).extend(rows)


def notice_pairs(corpus: Corpus) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(same jurisdiction, earlier → later) pairs, and (city → county/district below it, same year) pairs."""
    infos = sorted(corpus.notices.values(), key=lambda n: (n.issued or "", n.key))
    years, levels = [], []
    for i, a in enumerate(infos):
        for b in infos[i + 1:]:
            if a.jurisdiction and a.jurisdiction == b.jurisdiction:
                years.append((a.iri, b.iri))
    for up in infos:
        for low in infos:
            if (up.level == "city" and low.level in LOWER_LEVELS and low.parent == up.jurisdiction
                    and up.year is not None and up.year == low.year):
                levels.append((up.iri, low.iri))
    return years, levels


def _scope_measures(result: Analysis, corpus: Corpus, scope: str, include_collective: bool) -> None:
    kinds_units = {AgentKind.UNIT} | ({AgentKind.COLLECTIVE_UNIT} if include_collective else set())
    kinds_leaders = {AgentKind.LEADER} | ({AgentKind.COLLECTIVE_LEADER} if include_collective else set())
    network_corpus = corpus if include_collective else corpus.without_collectives()

    started = time.perf_counter()
    projection = unit_projection(network_corpus)
    measures = centrality(projection)
    groups, method = communities(projection)
    result.methods.update({f"unit {k}": v for k, v in measures.methods.items()})
    result.methods["unit communities"] = method
    community = {node: i for i, members in enumerate(groups, start=1) for node in members}
    units = load_table(corpus, kinds=kinds_units)
    result.add("unit_load", [
        {"scope": scope, "rank": i, **row.as_dict(),
         "weighted_degree": round(measures.degree.get(row.agent, 0.0), 4),
         "betweenness": round(measures.betweenness.get(row.agent, 0.0), 6) + 0.0,
         "pagerank": round(measures.pagerank.get(row.agent, 0.0), 6) + 0.0,
         "eigenvector": round(measures.eigenvector.get(row.agent, 0.0), 6) + 0.0,
         "community": community.get(row.agent)}
        for i, row in enumerate(units, start=1)])
    by_agent = {row.agent: row for row in units}
    result.add("communities", [
        {"scope": scope, "community": i, "size": len(members),
         "members": "; ".join(sorted((by_agent[m].name for m in members if m in by_agent),
                                     key=lambda n: n))}
        for i, members in enumerate(groups, start=1)])
    result.add("unit_edges", [
        {"scope": scope, "unit_a": projection.nodes[u]["label"], "unit_b": projection.nodes[v]["label"],
         "shared_tasks": d["weight"]} for u, v, d in sorted(projection.edges(data=True),
                                                            key=lambda e: (-e[2]["weight"], e[0], e[1]))])

    lu = leader_unit_graph(network_corpus)
    leaders = load_table(corpus, kinds=kinds_leaders)
    result.add("leader_load", [
        {"scope": scope, "rank": i, **row.as_dict(),
         "units_steered": lu.degree(row.agent) if row.agent in lu else 0,
         "weighted_degree": lu.degree(row.agent, weight="weight") if row.agent in lu else 0}
        for i, row in enumerate(leaders, start=1)])
    result.add("leader_unit_edges", [
        {"scope": scope, "leader": lu.nodes[a]["label"], "unit": lu.nodes[b]["label"], "tasks": d["weight"],
         **{f"as_{r.value}": d.get(r.value, 0) for r in (Role.PRIMARY, Role.RESPONSIBLE, Role.ASSISTING)}}
        for a, b, d in sorted(((x, y, d) if lu.nodes[x]["kind"].endswith("leader") else (y, x, d)
                               for x, y, d in lu.edges(data=True)), key=lambda e: (-e[2]["weight"], e[0], e[1]))])

    collective = load_table(corpus, kinds={AgentKind.COLLECTIVE_UNIT, AgentKind.COLLECTIVE_LEADER})
    result.add("collective", [{"scope": scope, **row.as_dict()} for row in collective])
    for who, rows in (("units", units), ("leaders", leaders)):
        loads = [r.load for r in rows]
        total = sum(loads)
        result.add("concentration", [{
            "scope": scope, "who": who, "parties": len(loads), "total_load": round(total, 4),
            "gini": round(gini(loads), 4), "hhi": round(hhi(loads), 4),
            "top1_share": round(max(loads) / total, 4) if total else 0.0,
            "top5_share": round(sum(sorted(loads, reverse=True)[:5]) / total, 4) if total else 0.0}])
    result.add("portfolios", [{"scope": scope, **p.as_dict()} for p in portfolios(corpus)
                              if include_collective or p.kind == AgentKind.LEADER])
    result.timings[f"measures {scope}"] = time.perf_counter() - started


def analyze(corpus: Corpus, *, include_collective: bool = False, per_notice: bool = True,
            threshold: float = THRESHOLD) -> Analysis:
    """All measures over ``corpus`` (scope ``all``) and, with ``per_notice``, over each notice with assignments."""
    result = Analysis(include_collective=include_collective)
    result.methods["load weights"] = ", ".join(f"{r.value} {w:g}" for r, w in ROLE_WEIGHTS.items()) + \
        " — each split among the parties sharing that role on a task"
    result.methods["collective parties"] = ("included in networks and rankings" if include_collective else
                                            "reported apart (table 'collective'), left out of networks and rankings;"
                                            " they still count when a role's weight is split")
    by_notice = Counter(a.notice for a in corpus.assignments)
    tasks_by_notice: dict[str, set[str]] = {}
    for a in corpus.assignments:
        tasks_by_notice.setdefault(a.notice, set()).add(a.task)
    role_tasks: dict[tuple[str, Role], set[str]] = {}
    role_n: Counter[tuple[str, Role]] = Counter()
    for a in corpus.assignments:
        role_tasks.setdefault((a.notice, a.role), set()).add(a.task)
        role_n[(a.notice, a.role)] += 1
    for info in sorted(corpus.notices.values(), key=lambda n: n.key):
        result.add("notices", [{
            "notice": info.key, "title": info.title, "issued": info.issued, "level": info.level,
            "jurisdiction": info.jurisdiction, "parent": info.parent,
            "tasks_with_assignments": len(tasks_by_notice.get(info.iri, ())), "assignments": by_notice[info.iri],
            **{f"assignments_{r.value}": role_n[(info.iri, r)] for r in Role}}])
        result.add("role_counts", [
            {"notice": info.key, "role": r.value, "assignments": role_n[(info.iri, r)],
             "tasks": len(role_tasks.get((info.iri, r), ())), "weight": ROLE_WEIGHTS[r]} for r in Role])

    _scope_measures(result, corpus, "all", include_collective)
    if per_notice:
        for iri in sorted(by_notice, key=corpus.notice_key):
            _scope_measures(result, corpus.for_notices([iri]), corpus.notice_key(iri), include_collective)

    started = time.perf_counter()
    years, levels = notice_pairs(corpus)
    for before, after in years:
        rows = compare_notices(corpus, before, after)
        if not include_collective:
            rows = [r for r in rows if not r.kind.is_collective]
        result.add("comparisons", [{"before": corpus.notice_key(before), "after": corpus.notice_key(after),
                                    **r.as_dict()} for r in rows])
    texts = dict(corpus.texts)
    for upper, lower in levels:
        up = {t: v[2] for t, v in texts.items() if v[0] == upper and v[2]}
        low = {t: v[2] for t, v in texts.items() if v[0] == lower and v[2]}
        for m in best_matches(up, low):
            result.add("reappearance", [{
                "upper": corpus.notice_key(upper), "upper_task": texts[m.upper][1],
                "lower": corpus.notice_key(lower), "lower_task": texts[m.lower][1] if m.lower else None,
                "score": m.score, "reappears": m.score >= threshold,
                "upper_text": texts[m.upper][2], "lower_text": texts[m.lower][2] if m.lower else ""}])
    result.methods["reappearance"] = (f"cosine of TF-IDF character bigrams of task texts; best lower task per upper "
                                      f"task; reappears when score >= {threshold:g}")
    result.timings["comparisons"] = time.perf_counter() - started
    return result


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(v["name"] if isinstance(v, dict) else v) for v in value)
    return value


def to_csv(rows: list[Row]) -> str:
    """Rows as CSV text (lists joined with '; ')."""
    out = io.StringIO()
    if rows:
        columns = list(dict.fromkeys(k for row in rows for k in row))
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()


def write_tables(result: Analysis, out_dir: Path) -> list[Path]:
    """Write ``<table>.csv`` for every table and ``analysis.json`` with all tables and methods (each atomically)."""
    from graph_builder.store.export import atomic_write

    written = []
    for name, rows in result.tables.items():
        path = out_dir / f"{name}.csv"
        atomic_write(path, to_csv(rows).encode("utf-8"))
        written.append(path)
    path = out_dir / "analysis.json"
    payload = {"methods": result.methods, "include_collective": result.include_collective,
               "tables": result.tables}
    atomic_write(path, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))
    written.append(path)
    return written
