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
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from graph_builder.analysis.centrality import centrality
from graph_builder.analysis.communities import communities
from graph_builder.analysis.compare import compare_notices
from graph_builder.analysis.concentration import gini, hhi
from graph_builder.analysis.data import AgentKind, Corpus, NoticeInfo, Role, without_gc
from graph_builder.analysis.load import ROLE_WEIGHTS, LoadRow, load_table, shares
from graph_builder.analysis.networks import leader_unit_graph, unit_projection
from graph_builder.analysis.portfolio import portfolios
from graph_builder.analysis.reappearance import THRESHOLD, BigramCache, best_matches

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
    #: method key -> method -> the scopes measured that way (see :meth:`note_method`)
    scoped_methods: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def add(self, name: str, rows: list[Row]) -> None:
        self.tables.setdefault(name, []).extend(rows)

    def note_method(self, key: str, method: str, scope: str) -> None:
        """Record that ``scope`` was measured by ``method``: ``methods[key]`` is that method when every scope
        was measured the same way, else each method with its scopes (e.g. betweenness sampled for the whole
        corpus, exact for each notice).

        >>> a = Analysis()
        >>> a.note_method("betweenness", "exact", "all"); a.note_method("betweenness", "exact", "n1")
        >>> a.methods["betweenness"]
        'exact'
        >>> a.note_method("betweenness", "sampled", "n2"); a.methods["betweenness"]
        'exact (all, n1); sampled (n2)'
        """
        methods = self.scoped_methods.setdefault(key, {})
        methods.setdefault(method, []).append(scope)
        if len(methods) == 1:
            self.methods[key] = method
        else:
            self.methods[key] = "; ".join(f"{m} ({_scopes(s)})" for m, s in methods.items())


def _scopes(scopes: list[str]) -> str:
    if len(scopes) <= 3:
        return ", ".join(scopes)
    notices = sum(1 for s in scopes if s != "all")
    return ("all, " if "all" in scopes else "") + f"{notices} notices"


def notice_pairs(corpus: Corpus, *, all_pairs: bool = False) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(same jurisdiction, earlier → later) pairs, and (city → county/district below it, same year) pairs.

    By default each notice is compared with the previous notice of its jurisdiction (by date issued,
    then key), and each county or district notice with the latest city notice of its parent jurisdiction
    in the same year: as many pairs as notices.  ``all_pairs`` gives every earlier → later pair of a
    jurisdiction and every city notice of the year (quadratic in the notices of a jurisdiction).
    """
    infos = sorted(corpus.notices.values(), key=lambda n: (n.issued or "", n.key))
    by_place: dict[str, list[NoticeInfo]] = {}
    for info in infos:
        if info.jurisdiction:
            by_place.setdefault(info.jurisdiction, []).append(info)
    years: list[tuple[str, str]] = []
    for info in infos:  # in date order of the earlier notice, as before
        if not info.jurisdiction:
            continue
        later = by_place[info.jurisdiction]
        i = later.index(info)
        years.extend((info.iri, b.iri) for b in (later[i + 1:] if all_pairs else later[i + 1:i + 2]))
    uppers: dict[tuple[str, int], list[NoticeInfo]] = {}
    for up in infos:
        if up.level == "city" and up.jurisdiction and up.year is not None:
            uppers.setdefault((up.jurisdiction, up.year), []).append(up)
    levels: list[tuple[str, str]] = []
    for up in infos:  # in date order of the city notice, then of the county notice, as before
        if up.level != "city" or not up.jurisdiction or up.year is None:
            continue
        if not all_pairs and uppers[(up.jurisdiction, up.year)][-1] is not up:
            continue
        levels.extend((up.iri, low.iri) for low in infos
                      if low.level in LOWER_LEVELS and low.parent == up.jurisdiction and low.year == up.year)
    return years, levels


def _scope_measures(result: Analysis, corpus: Corpus, scope: str, include_collective: bool, *,
                    split: dict[tuple[str, str], float] | None = None) -> list[LoadRow]:
    """The measures of one scope; returns the :func:`.load_table` of every party of the scope.

    ``split``: :func:`.shares` of the corpus — a task's shares depend on that task alone, so the whole
    corpus' serve every notice.  The load tables of units, leaders and collective parties are cut from
    the table of every party (one pass; the order is the same, as they are sorted on the same key)."""
    kinds_units = {AgentKind.UNIT} | ({AgentKind.COLLECTIVE_UNIT} if include_collective else set())
    kinds_leaders = {AgentKind.LEADER} | ({AgentKind.COLLECTIVE_LEADER} if include_collective else set())
    network_corpus = corpus if include_collective else corpus.without_collectives()

    started = time.perf_counter()
    split = shares(corpus) if split is None else split
    # the projection's node loads are not reported here (load_table's are): any split will do
    projection = unit_projection(network_corpus, split=split)
    measures = centrality(projection)
    groups, method = communities(projection)
    for key, value in measures.methods.items():
        result.note_method(f"unit {key}", value, scope)
    result.note_method("unit communities", method, scope)
    community = {node: i for i, members in enumerate(groups, start=1) for node in members}
    everyone = load_table(corpus, split=split)
    units = [row for row in everyone if row.kind in kinds_units]
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
    leaders = [row for row in everyone if row.kind in kinds_leaders]
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

    collective = [row for row in everyone if row.kind.is_collective]
    result.add("collective", [{"scope": scope, **row.as_dict()} for row in collective])
    for who, rows in (("units", units), ("leaders", leaders)):
        loads = [r.load for r in rows]
        total = sum(loads)
        result.add("concentration", [{
            "scope": scope, "who": who, "parties": len(loads), "total_load": round(total, 4),
            "gini": round(gini(loads), 4), "hhi": round(hhi(loads), 4),
            "top1_share": round(max(loads) / total, 4) if total else 0.0,
            "top5_share": round(sum(sorted(loads, reverse=True)[:5]) / total, 4) if total else 0.0}])
    result.add("portfolios", [{"scope": scope, **p.as_dict()} for p in portfolios(corpus, split=split)
                              if include_collective or p.kind == AgentKind.LEADER])
    result.timings[f"measures {scope}"] = time.perf_counter() - started
    return everyone


def analyze(corpus: Corpus, *, include_collective: bool = False, per_notice: bool = True,
            threshold: float = THRESHOLD, all_pairs: bool = False) -> Analysis:
    """All measures over ``corpus`` (scope ``all``) and, with ``per_notice``, over each notice with assignments.

    ``all_pairs``: compare every pair of notices :func:`notice_pairs` can make, not only consecutive ones.
    """
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

    split = shares(corpus)
    _scope_measures(result, corpus, "all", include_collective, split=split)
    tables: dict[str, list[LoadRow]] = {}  # every party of each notice, for the comparisons
    if per_notice:
        for iri in sorted(by_notice, key=corpus.notice_key):
            tables[iri] = _scope_measures(result, corpus.for_notices([iri]), corpus.notice_key(iri),
                                          include_collective, split=split)

    started = time.perf_counter()
    years, levels = notice_pairs(corpus, all_pairs=all_pairs)
    for before, after in years:
        for n in (before, after):
            if n not in tables:
                tables[n] = load_table(corpus.for_notices([n]), split=split)
        rows = compare_notices(corpus, before, after, tables=(tables[before], tables[after]))
        if not include_collective:
            rows = [r for r in rows if not r.kind.is_collective]
        result.add("comparisons", [{"before": corpus.notice_key(before), "after": corpus.notice_key(after),
                                    **r.as_dict()} for r in rows])
    result.methods["comparisons"] = (
        "every earlier → later pair of notices of one jurisdiction" if all_pairs else
        "each notice against the previous notice of its jurisdiction (by date issued)")
    result.timings["comparisons"] = time.perf_counter() - started

    started = time.perf_counter()
    texts = corpus.texts
    by_text_notice: dict[str, dict[str, str]] = {}
    for task, (notice, _, text) in texts.items():
        if text:
            by_text_notice.setdefault(notice, {})[task] = text
    cache = BigramCache()
    for upper, lower in levels:
        for m in best_matches(by_text_notice.get(upper, {}), by_text_notice.get(lower, {}), cache=cache):
            result.add("reappearance", [{
                "upper": corpus.notice_key(upper), "upper_task": texts[m.upper][1],
                "lower": corpus.notice_key(lower), "lower_task": texts[m.lower][1] if m.lower else None,
                "score": m.score, "reappears": m.score >= threshold,
                "upper_text": texts[m.upper][2], "lower_text": texts[m.lower][2] if m.lower else ""}])
    result.methods["reappearance"] = (f"cosine of TF-IDF character bigrams of task texts; best lower task per upper "
                                      f"task; reappears when score >= {threshold:g}; "
                                      + ("every city notice of the year against each county or district notice "
                                         "below it" if all_pairs else
                                         "each county or district notice against the latest city notice above it "
                                         "of the same year"))
    result.timings["reappearance"] = time.perf_counter() - started
    return result


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(v["name"] if isinstance(v, dict) else v) for v in value)
    return value


@without_gc
def to_csv(rows: list[Row]) -> str:
    """Rows as CSV text (lists joined with '; ')."""
    out = io.StringIO()
    if rows:
        writer = csv.writer(out, lineterminator="\n")
        shapes = set(map(tuple, rows))
        if len(shapes) == 1:  # every row has the same columns in the same order: no lookups per cell
            columns = list(next(iter(shapes)))
            writer.writerow(columns)
            listed = [i for i, k in enumerate(columns) if list in set(map(type, map(itemgetter(k), rows)))]
            if not listed:
                writer.writerows(map(dict.values, rows))
            else:
                writer.writerows([_cell(v) for v in row.values()] for row in rows)
            return out.getvalue()
        columns = list(dict.fromkeys(k for row in rows for k in row))
        writer.writerow(columns)
        writer.writerows([_cell(row.get(k, "")) for k in columns] for row in rows)
    return out.getvalue()


def _row_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False)``, faster for many small values: CPython's C encoder made
    once (``json.JSONEncoder.encode`` makes it again for every value), else the plain encoder."""
    from json import encoder

    plain = json.JSONEncoder(ensure_ascii=False)
    make = getattr(encoder, "c_make_encoder", None)
    if make is None:
        return plain.encode
    fast = make(None, plain.default, encoder.encode_basestring, None, ": ", ", ", False, False, True)
    return lambda value: "".join(fast(value, 0))


@without_gc
def _write_json(result: Analysis, out: IO[bytes]) -> None:
    """``analysis.json``: methods and flags indented, then every table with one row per line.

    The rows go through json's C encoder one by one (an indented dump of the whole payload runs the
    pure-Python encoder: 3× slower on 100 notices); the file parses to the same object.
    """
    head = json.dumps({"methods": result.methods, "include_collective": result.include_collective},
                      ensure_ascii=False, indent=1)
    out.write(head[:-2].encode("utf-8") + b',\n "tables": {')
    encode = _row_encoder()
    for i, (name, rows) in enumerate(result.tables.items()):
        out.write(f'{"," if i else ""}\n  {encode(name)}: ['.encode())
        if rows:
            out.write(("\n   " + ",\n   ".join(map(encode, rows)) + "\n  ]").encode("utf-8"))
        else:
            out.write(b"]")
    out.write(b"\n }\n}" if result.tables else b"}\n}")


def write_tables(result: Analysis, out_dir: Path) -> list[Path]:
    """Write ``<table>.csv`` for every table and ``analysis.json`` with all tables and methods (each atomically)."""
    from graph_builder.store.export import atomic_stream, atomic_write

    written = []
    for name, rows in result.tables.items():
        path = out_dir / f"{name}.csv"
        atomic_write(path, to_csv(rows).encode("utf-8"))
        written.append(path)
    path = out_dir / "analysis.json"
    atomic_stream(path, lambda out: _write_json(result, out))
    written.append(path)
    return written
