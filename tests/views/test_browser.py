"""The pages in real headless Chromium (Debian's chromium, installed by scripts/setup-system.sh).

Asserted: no console errors, no request to anything but file:/data: URLs, as many nodes drawn as the
graph has, a screenshot that is not blank; a unit named like an HTML injection shows as text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph_builder.analysis.data import AgentKind, Assignment, Corpus, Role
from graph_builder.analysis.run import analyze
from graph_builder.views.browser import find_chromium, open_page, png_colours
from graph_builder.views.network import network_page
from graph_builder.views.report import report_html

pytestmark = pytest.mark.skipif(find_chromium() is None,
                                reason="chromium is not installed (scripts/setup-system.sh installs it)")

READY = "window.__pkg && window.__pkg.ready && window.__pkg.stabilized"


def test_sample_view_draws_every_node_offline(sample_corpus: Corpus, tmp_path: Path) -> None:
    page = network_page(sample_corpus)
    path = tmp_path / "view.html"
    path.write_text(page.html, encoding="utf-8")
    report = open_page(path, ready=READY, value="{drawn: window.__pkg.drawn, data: nodes.length}", timeout=60)
    assert report.ready, "the page never finished drawing"
    assert report.console_errors == []
    assert report.external_requests == []
    assert report.value == {"drawn": page.nodes, "data": page.nodes}
    assert png_colours(report.screenshot) > 10
    (tmp_path / "view.png").write_bytes(report.screenshot)


XSS = "<img src=x onerror=alert(1)>"

HOVER = """(function () {
  var id = nodes.get().filter(function (n) { return n.label === %s; })[0].id;
  var at = network.canvasToDOM(network.getPosition(id));
  network.interactionHandler._checkShowPopup(at);
  var tip = document.querySelector("div.vis-tooltip");
  return {tooltip: tip ? tip.textContent : null, tipElements: tip ? tip.querySelectorAll(":not(br)").length : -1,
          images: document.querySelectorAll("img").length,
          options: Array.prototype.map.call(document.querySelectorAll("#pkg-leader option"),
                                            function (o) { return o.textContent; })};
})()"""


def test_injected_name_is_shown_as_text(tmp_path: Path) -> None:
    text = "修路 <script>window.__hit = 1</script>"
    corpus = Corpus({}, [
        Assignment("n", "t1", "task", 1, "第1项任务", text, "u1", XSS, AgentKind.UNIT, Role.PRIMARY),
        Assignment("n", "t1", "task", 1, "第1项任务", text, "l1", XSS, AgentKind.LEADER, Role.LEADER),
    ])
    path = tmp_path / "xss.html"
    path.write_text(network_page(corpus).html, encoding="utf-8")
    report = open_page(path, ready=READY, value=HOVER % json.dumps(XSS), timeout=30)
    assert report.ready and report.dialogs == [] and report.console_errors == []
    assert report.external_requests == []
    assert report.value["images"] == 0  # nothing parsed the name as HTML
    assert XSS in report.value["tooltip"] and report.value["tipElements"] == 0
    assert XSS in report.value["options"]  # the leader filter lists the name as text


def test_report_opens_offline(sample_corpus: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(report_html(analyze(sample_corpus, per_notice=False)), encoding="utf-8")
    report = open_page(path, ready="document.readyState === 'complete'",
                       value="document.querySelectorAll('svg').length", timeout=30)
    assert report.console_errors == [] and report.external_requests == []
    assert report.value >= 3
    assert png_colours(report.screenshot) > 10
