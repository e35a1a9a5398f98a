"""The SPARQL 1.1 Protocol endpoint, through a real client (SPARQLWrapper) and plain HTTP (curl, sockets).

Expected values read off the notices: yanzhou-2023 张锐 leads 26 tasks (``grep -o '牵头领导[:：][^。]*' | grep -c 张锐``);
the sample has 81 + 32 + 89 + 81 = 283 tasks.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph, URIRef
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from tests.serve.conftest import MAX_BYTES, TIMEOUT

PREFIX = """PREFIX pkg: <https://policykg.example.org/ontology/policykg#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
LEADER_TASKS = PREFIX + """SELECT ?name (COUNT(DISTINCT ?task) AS ?tasks) WHERE {
  ?a prov:hadRole pkg:roleLeader ; prov:agent ?leader . ?task pkg:hasAssignment ?a .
  FILTER EXISTS { ?task a pkg:Task } ?leader skos:prefLabel ?name . FILTER (STR(?name) = "张锐")
} GROUP BY ?name"""
TASKS = PREFIX + "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a pkg:Task ; pkg:inNotice ?x }"
TASK_1 = "https://policykg.example.org/id/notice/yanzhou-2023/task/1"
CONSTRUCT = PREFIX + f"CONSTRUCT {{ <{TASK_1}> ?p ?o }} WHERE {{ <{TASK_1}> ?p ?o }}"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # ~10^13 rows: never finishes


def get(url: str, accept: str = "*/*", *, data: bytes | None = None, media: str | None = None,
        method: str | None = None) -> tuple[int, str, bytes]:
    headers = {"Accept": accept}
    if media:
        headers["Content-Type"] = media
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read()


def q(base_url: str, query: str) -> str:
    return f"{base_url}/sparql?" + urllib.parse.urlencode({"query": query})


def test_bound_to_loopback(server) -> None:  # type: ignore[no-untyped-def]
    assert server.server_address[0] == "127.0.0.1"


def test_sparqlwrapper_json(base_url: str) -> None:
    client = SPARQLWrapper(f"{base_url}/sparql")
    client.setQuery(LEADER_TASKS)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
    assert [(b["name"]["value"], b["tasks"]["value"]) for b in bindings] == [("张锐", "26")]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_xml_and_csv(base_url: str, method: str) -> None:
    client = SPARQLWrapper(f"{base_url}/sparql")
    client.setMethod(method)
    client.setQuery(TASKS)
    client.setReturnFormat(XML)
    doc = client.query().convert()
    assert [n.firstChild.data for n in doc.getElementsByTagName("literal")] == ["283"]  # type: ignore[union-attr]
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().split() == ["n", "283"]  # type: ignore[union-attr]


def test_sparqlwrapper_construct(base_url: str) -> None:
    client = SPARQLWrapper(f"{base_url}/sparql")
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")  # type: ignore[arg-type]
    assert (URIRef(TASK_1), URIRef("https://policykg.example.org/ontology/policykg#taskNumber"), None) in graph


def test_ask(base_url: str) -> None:
    status, media, body = get(q(base_url, PREFIX + f"ASK {{ <{TASK_1}> a pkg:Task }}"),
                              "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed (scripts/setup-system.sh)")
@pytest.mark.parametrize(("accept", "media", "check"), [
    ("application/sparql-results+json", "application/sparql-results+json",
     lambda b: json.loads(b)["results"]["bindings"][0]["n"]["value"] == "283"),
    ("application/sparql-results+xml", "application/sparql-results+xml", lambda b: b">283</literal>" in b),
    ("text/csv", "text/csv", lambda b: b.split() == [b"n", b"283"]),
    ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.split()[0] == b"?n"),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml", lambda b: b"283" in b),
    ("*/*", "application/sparql-results+json", lambda b: b"283" in b),
])
def test_curl_accept_select(base_url: str, accept: str, media: str, check) -> None:  # type: ignore[no-untyped-def]
    out = subprocess.run(["curl", "-sS", "-H", f"Accept: {accept}", "--data-urlencode", f"query={TASKS}",
                          "-w", "\n%{http_code} %{content_type}", f"{base_url}/sparql"],
                         capture_output=True, check=True, timeout=30).stdout
    body, _, status_line = out.rpartition(b"\n")
    status, content_type = status_line.decode().split(" ", 1)
    assert status == "200" and content_type.startswith(media)
    assert check(body)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                             ("application/n-triples", "nt")])
def test_curl_accept_construct(base_url: str, accept: str, fmt: str) -> None:
    out = subprocess.run(["curl", "-sS", "-G", "-H", f"Accept: {accept}", "--data-urlencode", f"query={CONSTRUCT}",
                          f"{base_url}/sparql"], capture_output=True, check=True, timeout=30).stdout
    graph = Graph().parse(data=out.decode("utf-8"), format=fmt)
    assert (URIRef(TASK_1), URIRef("https://policykg.example.org/ontology/policykg#taskNumber"), None) in graph


def test_post_sparql_query_body(base_url: str) -> None:
    status, _, body = get(f"{base_url}/sparql", "text/csv", data=TASKS.encode(), media="application/sparql-query")
    assert status == 200 and body.split() == [b"n", b"283"]


def test_html_results_for_browsers(base_url: str) -> None:
    status, media, body = get(q(base_url, LEADER_TASKS), "text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and media.startswith("text/html")
    assert "张锐" in body.decode() and "<td>26</td>" in body.decode()


def test_query_form(base_url: str) -> None:
    status, media, body = get(f"{base_url}/?example=unit-ranking", "text/html")
    text = body.decode()
    assert status == 200 and "<textarea" in text and "Responsibility ranking" in text
    assert "<script" not in text and 'src="http' not in text and 'href="http' not in text  # nothing from elsewhere


def test_bad_query_gives_400_with_the_parser_message(base_url: str) -> None:
    status, media, body = get(q(base_url, "SELECT ?x WHERE { ?x"))
    assert status == 400 and media.startswith("text/plain")
    assert body.decode().startswith("SPARQL syntax error: error at 1:")


@pytest.mark.parametrize(("data", "media"), [
    (b"INSERT DATA { <http://e.org/a> <http://e.org/b> <http://e.org/c> }", "application/sparql-update"),
    (b"update=DROP+ALL", "application/x-www-form-urlencoded"),
])
def test_read_only(base_url: str, data: bytes, media: str) -> None:
    status, _, body = get(f"{base_url}/sparql", data=data, media=media)
    assert status == 403 and b"read-only" in body
    assert get(q(base_url, TASKS), "text/csv")[2].split() == [b"n", b"283"]  # nothing changed


def test_other_methods_refused(base_url: str) -> None:
    assert get(f"{base_url}/sparql", data=b"x", media="text/turtle", method="PUT")[0] == 405
    assert get(f"{base_url}/sparql", method="DELETE")[0] == 405


def test_timeout_stops_the_query_and_the_server_stays_up(server, base_url: str) -> None:  # type: ignore[no-untyped-def]
    killed = server.pool.killed
    started = time.perf_counter()
    status, _, body = get(q(base_url, HEAVY), "application/sparql-results+json")
    elapsed = time.perf_counter() - started
    assert status == 503 and b"timeout" in body
    assert TIMEOUT <= elapsed < TIMEOUT + 10
    assert server.pool.killed == killed + 1
    assert get(q(base_url, TASKS), "text/csv")[2].split() == [b"n", b"283"]


def test_huge_result_is_refused(base_url: str) -> None:
    status, _, body = get(q(base_url, "SELECT * WHERE { ?s ?p ?o }"), "application/sparql-results+json")
    assert status == 413 and str(MAX_BYTES).encode() in body
    status, _, body = get(q(base_url, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"), "text/turtle")
    assert status == 413
    assert get(q(base_url, TASKS), "text/csv")[0] == 200


def test_oversized_request_body(base_url: str) -> None:
    status, _, body = get(f"{base_url}/sparql", data=b"query=" + b"x" * (2 * 1024 * 1024),
                          media="application/x-www-form-urlencoded")
    assert status == 413


def test_malformed_requests(base_url: str) -> None:
    host, port = urllib.parse.urlsplit(base_url).netloc.split(":")
    for raw in (b"GARBAGE\r\n\r\n", b"GET /sparql?query=%ZZ HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                b"\x00\xff\xfe binary \r\n\r\n", b"POST /sparql HTTP/1.1\r\nContent-Length: abc\r\n\r\n"):
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(raw)
            reply = sock.recv(4096)
        assert reply.startswith(b"HTTP/1.") and int(reply.split()[1]) >= 400, raw
    status, _, _ = get(q(base_url, "SELECT * WHERE { ?s ?p ?o } LIMIT 1"), "text/csv")
    assert status == 200
    assert get(f"{base_url}/sparql", data=b"query=x", media="image/png")[0] == 415


def test_concurrent_clients(base_url: str) -> None:
    urls = [(q(base_url, TASKS), "text/csv"), (q(base_url, LEADER_TASKS), "application/sparql-results+json"),
            (f"{base_url}/notice/yanzhou-2023/task/1", "text/turtle"),
            (f"{base_url}/notice/jining-2023/task/87", "text/html")]
    results: list[int] = []
    lock = threading.Lock()

    def client(k: int) -> None:
        for i in range(4):
            url, accept = urls[(k + i) % len(urls)]
            status = get(url, accept)[0]
            with lock:
                results.append(status)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 24 and set(results) == {200}


def test_csv_result_is_parseable(base_url: str) -> None:
    status, _, body = get(q(base_url, PREFIX + "SELECT ?name WHERE { ?u a pkg:Unit ; skos:prefLabel ?name } "
                                               "ORDER BY ?name LIMIT 5"), "text/csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows[0] == ["name"] and len(rows) == 6
