"""The analysis as one HTML page a researcher can read offline: inline SVG charts and tables, no script.

Examples
--------
>>> from graph_builder.analysis.run import Analysis
>>> page = report_html(Analysis())
>>> page.startswith("<!DOCTYPE html>") and "<script" not in page
True
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from graph_builder.analysis.concentration import lorenz
from graph_builder.analysis.data import Role, without_gc
from graph_builder.analysis.run import Analysis
from graph_builder.views.svg import bar_chart, lorenz_chart, stacked_bars

__all__ = ["table_html", "report_html"]

TOP = 15

_CSS = """
body { font: 14px/1.45 sans-serif; margin: 24px auto; max-width: 1100px; color: #222; padding: 0 12px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ddd; }
h3 { font-size: 15px; margin-top: 20px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
td, th { border: 1px solid #ddd; padding: 3px 7px; vertical-align: top; }
th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #555; } .charts { display: flex; flex-wrap: wrap; gap: 16px; }
details { margin: 6px 0; }
"""


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]], *, limit: int | None = None) -> str:
    if not rows:
        return '<p class="note">(none)</p>'
    head = "".join(f"<th>{escape(title)}</th>" for _, title in columns)
    body = []
    for row in rows[:limit]:
        cells = []
        for key, _ in columns:
            value = row.get(key)
            if isinstance(value, float):
                cells.append(f'<td class="num">{value:.4g}</td>')
            elif isinstance(value, int) and not isinstance(value, bool):
                cells.append(f'<td class="num">{value}</td>')
            elif isinstance(value, list):
                cells.append(f"<td>{escape('; '.join(str(v) for v in value))}</td>")
            else:
                cells.append(f"<td>{escape('' if value is None else str(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = f'<p class="note">… {len(rows) - limit} more rows in the CSV</p>' if limit and len(rows) > limit else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"


def table_html(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None, *,
               limit: int | None = 20) -> str:
    """An HTML table of flat rows (e.g. query results or an analysis table), every value escaped.

    For notebooks: ``IPython.display.HTML(table_html(rows))``.

    >>> table_html([{"unit": "<区财政局>", "tasks": 3}])
    '<table><thead><tr><th>unit</th><th>tasks</th></tr></thead><tbody><tr><td>&lt;区财政局&gt;</td><td class="num">3</td></tr></tbody></table>'
    """
    keys = list(columns) if columns is not None else list(dict.fromkeys(k for row in rows for k in row))
    return _table(rows, [(k, k) for k in keys], limit=limit)


def _by(rows: list[dict[str, Any]], *keys: str) -> dict[Any, list[dict[str, Any]]]:
    """Rows grouped by the value of ``keys`` (one pass; a filter per scope or pair is quadratic)."""
    out: dict[Any, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r.get(keys[0]) if len(keys) == 1 else tuple(r.get(k) for k in keys), []).append(r)
    return out


@without_gc
def report_html(result: Analysis, *, title: str = "policykg — who carries the responsibility") -> str:
    """The report page for ``result``."""
    t = result.tables
    scopes = ["all"] + sorted({r["scope"] for r in t.get("unit_load", []) if r["scope"] != "all"})
    scoped = {name: _by(t.get(name, []), "scope") for name in ("unit_load", "leader_load", "concentration",
                                                                "portfolios", "collective", "communities")}
    out = [f"<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
           f"<style>{_CSS}</style></head><body><h1>{escape(title)}</h1>"]

    out.append("<h2>Method</h2><table>")
    for key, value in result.methods.items():
        out.append(f"<tr><th>{escape(key)}</th><td>{escape(value)}</td></tr>")
    out.append("</table>")

    out.append("<h2>Notices</h2>")
    out.append(_table(t.get("notices", []), [("notice", "notice"), ("jurisdiction", "jurisdiction"),
                                             ("level", "level"), ("issued", "issued"),
                                             ("tasks_with_assignments", "tasks with assignments"),
                                             *[(f"assignments_{r.value}", r.value) for r in Role]]))

    out.append("<h2>Load by role</h2><p class=\"note\">Load each role puts on the units and leaders of a notice: "
               "tasks with that role × the role's weight.</p>")
    per_notice: dict[str, dict[str, float]] = {}
    for r in t.get("role_counts", []):
        if r["tasks"]:
            per_notice.setdefault(r["notice"], {})[r["role"]] = r["tasks"] * r["weight"]
    out.append(stacked_bars(sorted(per_notice.items()), [r.value for r in Role], title="load by role, per notice"))

    for scope in scopes:
        units = scoped["unit_load"].get(scope, [])
        leaders = scoped["leader_load"].get(scope, [])
        if not units and not leaders:
            continue
        label = "all notices" if scope == "all" else scope
        out.append(f"<h2>Who carries the load — {escape(label)}</h2><div class=\"charts\">")
        if units:
            out.append(bar_chart([(r["name"], r["load"]) for r in units[:TOP]],
                                 title=f"top {min(TOP, len(units))} units by load"))
        if leaders:
            out.append(bar_chart([(r["name"], r["load"]) for r in leaders[:TOP]], colour="#d62728",
                                 title=f"top {min(TOP, len(leaders))} leaders by load"))
        out.append("</div>")
        conc = scoped["concentration"].get(scope, [])
        series = []
        if units:
            series.append(("units", lorenz([r["load"] for r in units])))
        if leaders:
            series.append(("leaders", lorenz([r["load"] for r in leaders])))
        out.append('<div class="charts">' + lorenz_chart(series, title="concentration of load (Lorenz)") + "<div>")
        out.append(_table(conc, [("who", "who"), ("parties", "parties"), ("total_load", "total load"),
                                 ("gini", "Gini"), ("hhi", "HHI"), ("top1_share", "top-1 share"),
                                 ("top5_share", "top-5 share")]))
        out.append("</div></div>")
        out.append("<h3>Units</h3>")
        out.append(_table(units, [("rank", "#"), ("name", "unit"), ("load", "load"), ("tasks", "tasks"),
                                  ("tasks_primary", "primary"), ("tasks_responsible", "responsible"),
                                  ("tasks_assisting", "assisting"), ("weighted_degree", "weighted degree"),
                                  ("betweenness", "betweenness"), ("pagerank", "PageRank"),
                                  ("eigenvector", "eigenvector"), ("community", "community")], limit=25))
        if leaders:
            out.append("<h3>Leaders</h3>")
            out.append(_table(leaders, [("rank", "#"), ("name", "leader"), ("load", "load"), ("tasks", "tasks"),
                                        ("units_steered", "units steered"), ("notices", "notices")]))
        portfolios = scoped["portfolios"].get(scope, [])
        if portfolios:
            out.append("<h3>Portfolios</h3>")
            rows = [dict(p, units=[f"{u['name']} ({u['tasks']})" for u in p["units"][:8]]) for p in portfolios]
            out.append(_table(rows, [("name", "leader"), ("tasks", "tasks"), ("shared_tasks", "shared with a co-leader"),
                                     ("co_leaders", "co-leaders"), ("units", "units on their tasks (tasks)")]))
        collective = scoped["collective"].get(scope, [])
        if collective:
            out.append("<h3>Collective parties (reported apart)</h3>")
            out.append(_table(collective, [("name", "name"), ("kind", "kind"), ("load", "load"), ("tasks", "tasks")],
                              limit=15))
        groups = scoped["communities"].get(scope, [])
        if groups:
            out.append("<details><summary>Communities of units that share tasks (Louvain)</summary>")
            out.append(_table(groups, [("community", "#"), ("size", "size"), ("members", "members")], limit=20))
            out.append("</details>")

    comparisons = t.get("comparisons", [])
    if comparisons:
        out.append("<h2>Same jurisdiction, two notices</h2>")
        by_pair = _by(comparisons, "before", "after")
        for before, after in sorted(by_pair):
            rows = by_pair[(before, after)]
            counts = {s: sum(1 for r in rows if r["status"] == s) for s in ("both", "new", "vanished")}
            out.append(f"<h3>{escape(before)} → {escape(after)}</h3><p>in both: {counts['both']}, "
                       f"new: {counts['new']}, vanished: {counts['vanished']}</p>")
            out.append(_table(rows, [("name", "name"), ("kind", "kind"), ("status", "status"),
                                     ("rank_before", "rank before"), ("rank_after", "rank after"),
                                     ("rank_change", "change"), ("tasks_before", "tasks before"),
                                     ("tasks_after", "tasks after")], limit=30))
    matches = t.get("reappearance", [])
    if matches:
        out.append("<h2>City tasks that reappear below</h2><p class=\"note\">"
                   f"{escape(result.methods.get('reappearance', ''))}</p>")
        by_pair = _by(matches, "upper", "lower")
        for upper, lower in sorted(by_pair):
            rows = sorted(by_pair[(upper, lower)], key=lambda r: -r["score"])
            hits = sum(1 for r in rows if r["reappears"])
            out.append(f"<h3>{escape(upper)} → {escape(lower)}: {hits} of {len(rows)} tasks reappear</h3>")
            short = [dict(r, upper_text=r["upper_text"][:90], lower_text=(r["lower_text"] or "")[:90]) for r in rows]
            out.append(_table(short, [("score", "score"), ("upper_task", "city task"), ("upper_text", "city text"),
                                      ("lower_task", "county task"), ("lower_text", "county text")], limit=15))
    out.append("</body></html>")
    return "".join(out)
