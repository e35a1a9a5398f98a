"""An interactive pyvis page of who carries which task — one HTML file that works with no network.

* Nodes coloured by type (task, unit, collective unit, leader, collective leader) and
  sized by load (:mod:`graph_builder.analysis.load`); edges styled by role; a tooltip
  with the task text; a legend; filters by notice, leader and role; an ego view
  (one unit or leader, its tasks and everyone else on them).
* Offline: vis-network is inlined (pyvis ``cdn_resources="in_line"``) and the
  Bootstrap tags every pyvis template links from a CDN are removed;
  :func:`external_references` finds any ``src``/``href`` left pointing outside.
* Safe: names and texts reach the page only as JSON inside scripts (``<`` escaped) and
  as ``textContent``; vis-network shows string tooltips as text.
* Large graphs: positions are computed beforehand (igraph Fruchterman–Reingold,
  seeded), physics runs a bounded stabilization and is switched off when it ends,
  and is off from the start above ``PHYSICS_LIMIT`` nodes.  Above ``AGGREGATE_LIMIT``
  nodes the page shows the unit–unit projection of the ``TOP_N`` heaviest units and
  says so.

Nodes and edges are put into ``net.nodes`` / ``net.edges`` directly: pyvis'
``add_node``/``add_edge`` are quadratic (10 k nodes: 81 s).

Examples
--------
>>> from graph_builder.analysis.data import Assignment, AgentKind, Corpus, Role
>>> corpus = Corpus({}, [Assignment("n", "t1", "task", 1, "第1项任务", "修路", "u1", "<b>局</b>", AgentKind.UNIT,
...                                 Role.PRIMARY)])
>>> page = network_page(corpus)
>>> page.nodes, page.edges, page.aggregated, external_references(page.html)
(2, 1, False, [])
>>> "<b>局</b>" in page.html
False
"""

from __future__ import annotations

import html
import json
import math
import random
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph_builder.analysis.data import AgentKind, Corpus, Role

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["AGGREGATE_LIMIT", "PHYSICS_LIMIT", "TOP_N", "KIND_STYLE", "ROLE_STYLE", "ViewPage", "EgoNotFound",
           "network_page", "external_references"]

AGGREGATE_LIMIT = 3000
PHYSICS_LIMIT = 1000
TOP_N = 300

#: node kind -> (colour, legend label)
KIND_STYLE: dict[str, tuple[str, str]] = {
    "task": ("#9aa5b1", "任务 task"),
    AgentKind.UNIT.value: ("#1f77b4", "单位 unit"),
    AgentKind.COLLECTIVE_UNIT.value: ("#17becf", "单位集合 collective unit"),
    AgentKind.LEADER.value: ("#d62728", "领导 leader"),
    AgentKind.COLLECTIVE_LEADER.value: ("#ff9896", "领导集体 collective leader"),
}

#: role -> (colour, width, dashed, legend label)
ROLE_STYLE: dict[str, tuple[str, float, bool, str]] = {
    Role.LEADER.value: ("#d62728", 2.0, False, "牵头领导 leader"),
    Role.PRIMARY.value: ("#08306b", 3.0, False, "牵头/主办 primary"),
    Role.RESPONSIBLE.value: ("#6b6b6b", 1.5, False, "责任单位 responsible (lead or assist not stated)"),
    Role.ASSISTING.value: ("#8c8c8c", 1.0, True, "协办/配合 assisting"),
    "shared": ("#7f7f7f", 1.0, False, "共同承担任务 shared tasks"),
}


class EgoNotFound(LookupError):
    """``--ego NAME`` names no unit or leader of the graph."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f" — did you mean {', '.join(suggestions[:5])}?" if suggestions else \
            " — give the name exactly as the notice prints it"
        super().__init__(f"[E402] no unit or leader named {name!r} in the graph{hint}")


@dataclass(frozen=True, slots=True)
class ViewPage:
    """The page and what it shows."""

    html: str
    nodes: int
    edges: int
    aggregated: bool
    note: str
    physics: bool


_BOOTSTRAP = re.compile(r"<link[^>]*bootstrap[^>]*/?>|<script[^>]*bootstrap[^>]*>\s*</script>", re.S | re.I)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.S)
_EXTERNAL = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""",
                       re.I)


def external_references(page: str) -> list[str]:
    """URLs outside the page that a ``<script>``, ``<link>``, ``<img>`` or ``<iframe>`` tag would load."""
    return _EXTERNAL.findall(page)


def _script_json(value: Any) -> str:
    """JSON safe inside ``<script>``: no ``</script>``, no ``<!--``."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _layout(g: nx.Graph, seed: int = 0) -> dict[Any, tuple[float, float]]:
    """Positions in vis-network pixels: igraph Fruchterman–Reingold from a seeded start.

    igraph draws its random numbers from Python's ``random`` module: it is seeded for the layout (and
    its state put back), so one graph always gets the same positions.
    """
    import igraph

    nodes = list(g.nodes)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    ig = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in g.edges])
    rng = random.Random(seed)
    start = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in nodes]
    if ig.ecount():
        state = random.getstate()
        random.seed(seed)
        try:
            coords = ig.layout_fruchterman_reingold(seed=start, niter=500).coords
        finally:
            random.setstate(state)
    else:
        coords = start
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = 60.0 * math.sqrt(len(nodes)) / span
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {n: ((c[0] - cx) * scale, (c[1] - cy) * scale) for n, c in zip(nodes, coords, strict=True)}


def _ego(g: nx.Graph, name: str) -> nx.Graph:
    centres = [n for n, d in g.nodes(data=True) if d.get("kind") != "task" and d.get("label") == name]
    if not centres:
        labels = sorted({d["label"] for _, d in g.nodes(data=True) if d.get("kind") != "task"})
        raise EgoNotFound(name, [x for x in labels if name in x or x in name])
    keep = set(centres)
    for c in centres:
        for task in g.neighbors(c):
            keep.add(task)
            keep.update(g.neighbors(task))
    return _induced(g, keep)


def _induced(g: nx.Graph, keep: set[Any] | list[Any]) -> nx.Graph:
    """The subgraph of ``g`` on ``keep``, a copy, nodes and edges in ``g``'s order (``g.subgraph`` orders
    them by a set of the nodes: by string hashes, which change from run to run)."""
    import networkx as nx

    wanted = set(keep)
    h = nx.Graph()
    h.add_nodes_from((n, dict(d)) for n, d in g.nodes(data=True) if n in wanted)
    h.add_edges_from((u, v, dict(d)) for u, v, d in g.edges(data=True) if u in wanted and v in wanted)
    return h


def _tooltip_task(d: dict[str, Any], notice: str) -> str:
    text = d.get("text") or ""
    if len(text) > 400:
        text = text[:400] + "…"
    leaders = "、".join(d.get("leaders") or []) or "—"
    return f"{notice} 第{d.get('number')}项 {d.get('label')}\n牵头领导：{leaders}\n{text}"


def network_page(corpus: Corpus, *, ego: str | None = None, title: str = "policykg — who carries which task",
                 include_collective: bool = True, aggregate_limit: int = AGGREGATE_LIMIT,
                 physics_limit: int = PHYSICS_LIMIT, top_n: int = TOP_N) -> ViewPage:
    """Build the page for ``corpus`` (or the ego network of the unit or leader named ``ego``).

    Raises
    ------
    EgoNotFound
        When ``ego`` names no unit or leader (the message lists close names).
    """
    from graph_builder.analysis.networks import task_agent_graph, unit_projection

    source = corpus if include_collective else corpus.without_collectives()
    total = len({a.task for a in source.assignments}) + len({a.agent for a in source.assignments})
    notes = []
    if ego is None and total > aggregate_limit:
        g = None  # the bipartite graph would only be thrown away
    else:
        g = task_agent_graph(source)
        total = g.number_of_nodes()
    if g is not None and ego is not None:
        g = _ego(g, ego)
        total = g.number_of_nodes()
        notes.append(f"Ego view of {ego}: its tasks and every party on them.")
    aggregated = False
    if g is None or total > aggregate_limit:
        projection = unit_projection(source.without_collectives())
        ranked = sorted(projection.nodes, key=lambda n: (-projection.nodes[n]["load"], projection.nodes[n]["label"]))
        g = _induced(projection, ranked[:top_n])
        for _, _, d in g.edges(data=True):
            d["role"] = "shared"
        aggregated = True
        notes.append(f"The graph has {total:,} nodes, too many to draw legibly: showing the unit–unit "
                     f"co-responsibility projection of the {g.number_of_nodes():,} heaviest units by load "
                     f"(of {projection.number_of_nodes():,} named units); edge width = shared tasks.")
    physics = g.number_of_nodes() <= physics_limit
    positions = _layout(g)
    ids = {n: f"n{i}" for i, n in enumerate(g.nodes)}
    key = corpus.notice_key

    nodes: list[dict[str, Any]] = []
    for n, d in g.nodes(data=True):
        kind = d.get("kind", "task")
        colour = KIND_STYLE.get(kind, KIND_STYLE["task"])[0]
        x, y = positions[n]
        node: dict[str, Any] = {"id": ids[n], "x": round(x, 1), "y": round(y, 1), "color": colour, "kind": kind,
                                "shape": "dot"}
        if kind == "task":
            notice = key(d["notice"])
            node.update(label=f"{notice}#{d['number']}", title=_tooltip_task(d, notice), size=6,
                        notice=notice, leaders=list(d.get("leaders") or []))
        else:
            load = float(d.get("load", 0.0))
            tasks = int(d.get("tasks", g.degree(n)))
            node.update(label=d["label"], size=round(8 + 6 * math.sqrt(load), 1),
                        title=f"{d['label']}\n{KIND_STYLE.get(kind, ('', kind))[1]}\n"
                              f"load {load:.2f} · {tasks} tasks in view", load=round(load, 3))
        nodes.append(node)
    edges: list[dict[str, Any]] = []
    for u, v, d in g.edges(data=True):
        role = d.get("role", "shared")
        colour, width, dashed, label = ROLE_STYLE[role]
        edge: dict[str, Any] = {"from": ids[u], "to": ids[v], "color": colour, "dashes": dashed, "role": role,
                                "title": label}
        if aggregated:
            edge["width"] = round(min(12.0, 0.5 + math.log2(1 + d.get("weight", 1))), 2)
            edge["title"] = f"{d.get('weight', 1)} shared tasks"
        else:
            edge["width"] = width
            edge["notice"] = key(d["notice"])
        edges.append(edge)
    page = _render(nodes, edges, title=title, physics=physics, notes=notes, aggregated=aggregated)
    return ViewPage(page, len(nodes), len(edges), aggregated, " ".join(notes), physics)


_PANEL = """
<style>#loadingBar {{ display: none !important; }}</style>
<div id="pkg-panel" style="font:13px sans-serif;padding:6px 10px;border-bottom:1px solid #ddd">
  <div style="font-size:16px;font-weight:bold">{title}</div>
  <div id="pkg-note" style="color:#8a4b00;margin:4px 0">{note}</div>
  <div id="pkg-legend" style="margin:4px 0">{legend}</div>
  <div id="pkg-filters">
    <label>通知 notice <select id="pkg-notice"><option value="">(all)</option></select></label>
    <label>领导 leader <select id="pkg-leader"><option value="">(all)</option></select></label>
    <label>角色 role <select id="pkg-role"><option value="">(all)</option></select></label>
    <span id="pkg-count"></span>
  </div>
</div>
"""

_SCRIPT = """
<script type="text/javascript">
(function () {
  var FILTERS = %(filters)s;
  var state = {ready: false, drawn: 0, stabilized: false, physics: %(physics)s};
  window.__pkg = state;
  function fill(id, values) {
    var select = document.getElementById(id);
    values.forEach(function (v) {
      var option = document.createElement("option");
      option.value = v[0]; option.textContent = v[1];
      select.appendChild(option);
    });
    select.addEventListener("change", apply);
  }
  function apply() {
    var notice = document.getElementById("pkg-notice").value;
    var leader = document.getElementById("pkg-leader").value;
    var role = document.getElementById("pkg-role").value;
    var all = !notice && !leader && !role;
    var taskOk = {}, visible = {}, edgeUpdates = [], nodeUpdates = [];
    nodes.forEach(function (n) {
      if (n.kind === "task") {
        taskOk[n.id] = (!notice || n.notice === notice) && (!leader || (n.leaders || []).indexOf(leader) >= 0);
      }
    });
    edges.forEach(function (e) {
      var task = taskOk.hasOwnProperty(e.from) ? e.from : (taskOk.hasOwnProperty(e.to) ? e.to : null);
      var ok = all || ((task === null || taskOk[task]) && (!notice || e.notice === notice || task === null)
                       && (!role || e.role === role || e.role === "leader"));
      if (ok) { visible[e.from] = true; visible[e.to] = true; }
      edgeUpdates.push({id: e.id, hidden: !ok});
    });
    nodes.forEach(function (n) { nodeUpdates.push({id: n.id, hidden: !(all || visible[n.id])}); });
    edges.update(edgeUpdates); nodes.update(nodeUpdates);
    var shown = nodeUpdates.filter(function (u) { return !u.hidden; }).length;
    document.getElementById("pkg-count").textContent = shown + " / " + nodeUpdates.length + " nodes";
  }
  fill("pkg-notice", FILTERS.notices);
  fill("pkg-leader", FILTERS.leaders);
  fill("pkg-role", FILTERS.roles);
  document.getElementById("pkg-count").textContent = nodes.length + " nodes";
  network.on("afterDrawing", function () {
    state.drawn = network.body.nodeIndices.length;
    state.ready = true;
  });
  function settle() {  // the layout has settled: stop the physics so the page stays still and cheap
    if (state.stabilized) { return; }
    network.setOptions({physics: false});
    state.stabilized = true;
  }
  network.once("stabilizationIterationsDone", settle);
  // small graphs stabilize while the network is constructed, before this script runs
  if (!state.physics || (network.physics && network.physics.ready)) { settle(); }
})();
</script>
"""


def _legend() -> str:
    parts = []
    for colour, label in KIND_STYLE.values():
        parts.append(f'<span style="margin-right:12px"><span style="display:inline-block;width:11px;height:11px;'
                     f'border-radius:50%;background:{colour}"></span> {html.escape(label)}</span>')
    for colour, width, dashed, label in ROLE_STYLE.values():
        style = "dashed" if dashed else "solid"
        parts.append(f'<span style="margin-right:12px"><span style="display:inline-block;width:24px;'
                     f'border-top:{max(1.0, width):.0f}px {style} {colour};vertical-align:middle"></span> '
                     f'{html.escape(label)}</span>')
    parts.append('<span style="color:#555">node size = load (primary 1, responsible 0.5, assisting 0.25, '
                 'split among co-holders)</span>')
    return "".join(parts)


def _render(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], *, title: str, physics: bool,
            notes: list[str], aggregated: bool) -> str:
    from pyvis.network import Network

    net = Network(height="760px", width="100%", cdn_resources="in_line", heading="")
    net.nodes = nodes
    net.edges = [dict(e, id=f"e{i}") for i, e in enumerate(edges)]
    net.options = {
        "physics": {"enabled": physics, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -40, "springLength": 60, "avoidOverlap": 0.2},
                    "stabilization": {"enabled": True, "iterations": 150, "updateInterval": 25, "fit": True}},
        "edges": {"smooth": False},
        "nodes": {"font": {"size": 12}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True},
    }
    page = net.generate_html(notebook=False)
    page = _BOOTSTRAP.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = page.replace("<head>", '<head>\n<meta name="viewport" content="width=device-width">\n'
                        f"<title>{html.escape(title)}</title>", 1)
    notices = sorted({n["notice"] for n in nodes if "notice" in n})
    leaders = sorted({name for n in nodes for name in n.get("leaders", [])})
    roles = [r for r in ROLE_STYLE if any(e["role"] == r for e in edges) and r != "shared"]
    filters = {"notices": [[n, n] for n in notices], "leaders": [[x, x] for x in leaders],
               "roles": [[r, ROLE_STYLE[r][3]] for r in roles]}
    panel = _PANEL.format(title=html.escape(title), note=html.escape(" ".join(notes)), legend=_legend())
    page = page.replace('<div class="card"', panel + '<div class="card"', 1)
    script = _SCRIPT % {"filters": _script_json(filters), "physics": "true" if physics else "false"}
    return page.replace("</body>", script + "</body>", 1)
