"""Entity IRIs are dereferenceable: ``<base>unit/x`` is served at ``/unit/x`` as HTML, Turtle, JSON-LD or N-Triples.

Expected values read off the notices: yanzhou-2023 task 1 — 牵头领导:张锐, 承办单位:**区工业和信息化局、
区发展和改革局、**区科技局、区投资促进中心等,工业园区、各镇街 (bold = primary); 张锐 leads 26 tasks; 区委组织部 is
listed in tasks 5 (bold), 22 and 69; yanzhou-2023 has 81 tasks; jining-2023 task 87 has no fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from graph_builder.serve.app import make_server, serve_in_thread
from tests.serve.test_endpoint import get

PKG = "https://policykg.example.org/ontology/policykg#"
PROV = "http://www.w3.org/ns/prov#"
BASE = "https://policykg.example.org/id/"
TASK_1 = "notice/yanzhou-2023/task/1"
ZHANG_RUI = f"person/{quote('兖州区')}/{quote('张锐')}"
ZZB = f"unit/{quote('兖州区')}/{quote('区委组织部')}"


def text(html: bytes) -> str:
    return re.sub(r"<[^>]+>", " ", html.decode("utf-8"))


def test_task_page(base_url: str) -> None:
    status, media, body = get(f"{base_url}/{TASK_1}", "text/html")
    assert status == 200 and media.startswith("text/html")
    page = body.decode()
    section = page.split("责任分工", 1)[1].split("</table>", 1)[0]
    header = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<th>(.*?)</th>", section)]
    assert header == ["#", "party", "role", "field", "as printed"]
    by_role: dict[str, set[str]] = {}
    for row in re.findall(r"<tr>(<td>.*?)</tr>", section):
        cols = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td>(.*?)</td>", row)]
        by_role.setdefault(cols[2], set()).add(cols[1])
    assert by_role["primary"] == {"区工业和信息化局", "区发展和改革局"}
    assert by_role["leader"] == {"张锐"}
    assert {"区投资促进中心", "工业园区", "各镇街"} <= by_role["assisting"]
    assert "突出制造业核心地位" in text(body)  # the source quote
    # with the file and the characters it was read from: they quote the task's first line (yanzhou-2023.txt)
    ((start, end),) = re.findall(r"yanzhou-2023\.txt characters (\d+)–(\d+)", page)
    source = (Path(__file__).resolve().parents[2] / "data" / "notices" / "yanzhou-2023.txt").read_text(encoding="utf-8")
    assert source[int(start):int(end)].startswith("1.") and "突出制造业核心地位" in source[int(start):int(end)]
    assert f'href="/{ZHANG_RUI}"' in page  # parties link to their own pages on this server


def test_task_turtle_and_jsonld_agree(base_url: str) -> None:
    graphs = {}
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                        ("application/n-triples", "nt")):
        status, media, body = get(f"{base_url}/{TASK_1}", accept)
        assert status == 200 and media.startswith(accept)
        graphs[fmt] = Graph().parse(data=body.decode("utf-8"), format=fmt)
    assert len(graphs["turtle"]) == len(graphs["json-ld"]) == len(graphs["nt"]) > 0
    g = graphs["json-ld"]
    task = URIRef(BASE + TASK_1)
    assert (task, RDF.type, URIRef(PKG + "Task")) in g
    agents = {g.value(a, URIRef(PROV + "agent")) for a in g.objects(task, URIRef(PKG + "hasAssignment"))}
    assert URIRef(BASE + ZHANG_RUI) in agents
    assert (None, URIRef("http://www.w3.org/ns/oa#exact"), Literal("张锐")) in g  # evidence of the assignment


def test_format_parameter(base_url: str) -> None:
    status, media, _ = get(f"{base_url}/{TASK_1}?format=jsonld", "text/html")
    assert status == 200 and media.startswith("application/ld+json")


def test_leader_page_lists_his_tasks(base_url: str) -> None:
    status, _, body = get(f"{base_url}/{ZHANG_RUI}", "text/turtle")
    g = Graph().parse(data=body.decode("utf-8"), format="turtle")
    person = URIRef(BASE + ZHANG_RUI)
    led = {a for a in g.subjects(URIRef(PROV + "agent"), person)
           if (a, URIRef(PROV + "hadRole"), URIRef(PKG + "roleLeader")) in g}
    assert len(led) == 26
    status, _, body = get(f"{base_url}/{ZHANG_RUI}", "text/html")
    assert status == 200 and text(body).count("牵头领导") >= 26


def test_unit_page(base_url: str) -> None:
    status, _, body = get(f"{base_url}/{ZZB}", "text/html")
    assert status == 200
    labels = re.findall(r"第(\d+)项任务", body.decode())
    assert sorted(set(map(int, labels))) == [5, 22, 69]


def test_lowercase_percent_encoding_is_the_same_iri(base_url: str) -> None:
    assert get(f"{base_url}/{ZZB.lower().replace('unit/', 'unit/')}", "text/turtle")[0] == 200


def test_notice_page_lists_its_tasks(base_url: str) -> None:
    status, _, body = get(f"{base_url}/notice/yanzhou-2023", "text/html")
    assert status == 200
    assert len(set(re.findall(r'href="/notice/yanzhou-2023/task/(\d+)"', body.decode()))) == 81


def test_task_without_fields(base_url: str) -> None:
    status, _, body = get(f"{base_url}/notice/jining-2023/task/87", "text/html")
    assert status == 200 and "加强组织领导" in text(body) and "责任分工" not in body.decode()


def test_not_found_and_not_acceptable(base_url: str) -> None:
    assert get(f"{base_url}/unit/nowhere/nothing", "text/html")[0] == 404
    assert get(f"{base_url}/unit/nowhere/nothing", "text/turtle")[0] == 404
    assert get(f"{base_url}/{TASK_1}", "image/png")[0] == 406


HOSTILE = """<https://policykg.example.org/id/unit/x/evil> <http://www.w3.org/2004/02/skos/core#prefLabel> "<script>alert('x')</script>&amp;"@zh <https://policykg.example.org/id/notice/evil> .
<https://policykg.example.org/id/unit/x/evil> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://policykg.example.org/ontology/policykg#Unit> <https://policykg.example.org/id/notice/evil> .
<https://policykg.example.org/id/unit/x/evil> <http://www.w3.org/2000/01/rdf-schema#comment> "\\"><img src=x onerror=alert(1)>" <https://policykg.example.org/id/notice/evil> .
"""


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exports: Path = tmp_path_factory.mktemp("hostile")
    (exports / "policykg.nq").write_text(HOSTILE, encoding="utf-8")
    srv = make_server(exports, port=0, workers=1, quiet=True)
    thread = serve_in_thread(srv)
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()
    thread.join(5)


def test_text_from_notices_is_escaped(hostile_url: str) -> None:
    status, _, body = get(f"{hostile_url}/unit/x/evil", "text/html")
    page = body.decode()
    assert status == 200
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;amp;" in page
