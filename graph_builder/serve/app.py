"""``policykg serve``: a read-only SPARQL 1.1 Protocol endpoint and linked-data pages over the embedded store.

==========================  ===========================================================================
``GET /``                   a page to type a query (``?example=NAME`` fills in a query of the library)
``GET|POST /sparql``        SPARQL 1.1 Protocol (``query=`` in the URL or a form body, or a body of type
                            ``application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri``).
                            SELECT/ASK as JSON, XML, CSV or TSV, CONSTRUCT/DESCRIBE as Turtle, JSON-LD,
                            N-Triples or RDF/XML, chosen by ``Accept`` (or ``format=``); an HTML table for
                            browsers. The default graph is the union of the notice graphs.
``GET /{path}``             the entity ``{base}{path}``: HTML (its properties, assignments, source quote),
                            Turtle, JSON-LD or N-Triples by ``Accept`` (or ``?format=turtle|jsonld|nt``)
==========================  ===========================================================================

Errors: 400 with the parser's message for a bad query; 403 for SPARQL Update (read-only); 404 for an
IRI with no data; 406 for an Accept nothing matches; 413 for a request body or a result over the
limits; 503 when a query passes the timeout (its worker process is killed) or every worker is busy.
Queries run in worker processes (:mod:`graph_builder.serve.workers`), so the server keeps answering.
"""

from __future__ import annotations

import html
import json
import re
import sys
import threading
import unicodedata
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from graph_builder.serve import pages
from graph_builder.serve.workers import (
    GRAPH_MEDIA,
    RESULT_MEDIA,
    SHORT_FORMATS,
    Outcome,
    QueryPool,
    negotiate,
)

__all__ = ["Settings", "PolicyKGServer", "make_server", "dataset_base"]

PREFIXES = """PREFIX pkg: <https://policykg.example.org/ontology/policykg#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

_DEFAULT_QUERY = PREFIXES + """
SELECT ?name (COUNT(DISTINCT ?task) AS ?tasks) WHERE {
  ?task a pkg:Task ; pkg:hasAssignment ?a .
  ?a prov:agent ?leader ; prov:hadRole pkg:roleLeader .
  ?leader a pkg:Leader ; skos:prefLabel ?name .
} GROUP BY ?name ORDER BY DESC(?tasks) LIMIT 20
"""


_DRAIN_FACTOR = 8  # an oversized body up to 8 × max_request is read and dropped before the 413


@dataclass(frozen=True, slots=True)
class Settings:
    exports_dir: Path
    base_iri: str
    timeout: float = 10.0  # seconds a query may run
    max_bytes: int = 16 * 1024 * 1024  # largest result body
    max_request: int = 1024 * 1024  # largest request body
    workers: int = 2
    quiet: bool = False


def dataset_base(exports_dir: Path) -> str:
    """The base IRI of the data: ``void:uriSpace`` of ``void.ttl``, else the project default."""
    from graph_builder.rdf.iris import DEFAULT_BASE

    void = Path(exports_dir) / "void.ttl"
    if void.is_file():
        import pyoxigraph as ox

        for triple in ox.parse(path=str(void), format=ox.RdfFormat.TURTLE):
            if triple.predicate.value == "http://rdfs.org/ns/void#uriSpace":
                return str(triple.object.value)
    return DEFAULT_BASE


class PolicyKGServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], settings: Settings, pool: QueryPool) -> None:
        super().__init__(address, Handler)
        self.settings = settings
        self.pool = pool
        from graph_builder.store.query import list_queries

        self.examples = {q.name: q for q in list_queries()}

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()

    def local(self, iri: str) -> str | None:
        """The path this server serves ``iri`` at, or ``None`` if it is not under the dataset's base."""
        base = self.settings.base_iri
        if iri.startswith(base) and len(iri) > len(base):
            return "/" + iri[len(base):].split("#", 1)[0]
        return None


def make_server(exports_dir: Path, *, host: str = "127.0.0.1", port: int = 8000, timeout: float = 10.0,
                max_bytes: int = 16 * 1024 * 1024, workers: int = 2, base_iri: str | None = None,
                quiet: bool = False) -> PolicyKGServer:
    """A server over the store of ``exports_dir`` (loaded from the dataset export if missing); not started.

    ``port=0`` picks a free port (``server.server_address[1]``).
    """
    from graph_builder.store import oxstore

    exports_dir = Path(exports_dir)
    if not oxstore.store_path(exports_dir).is_dir():
        oxstore.load_store(exports_dir)
    settings = Settings(exports_dir, base_iri or dataset_base(exports_dir), timeout, max_bytes,
                        workers=workers, quiet=quiet)
    pool = QueryPool(str(oxstore.store_path(exports_dir)), size=workers, timeout=timeout, max_bytes=max_bytes)
    try:
        return PolicyKGServer((host, port), settings, pool)
    except BaseException:
        pool.close()
        raise


_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_COMMENT = re.compile(r"#[^\n]*")
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|<[^<>\s]*>')


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (a guess good enough to pick a presentation)."""
    match = _FORM.search(_STRING.sub(" ", _COMMENT.sub(" ", query)))
    return match.group(1).upper() if match else "SELECT"


class Handler(BaseHTTPRequestHandler):
    server: PolicyKGServer
    server_version = "policykg-sparql/0.1"
    protocol_version = "HTTP/1.1"
    default_request_version = "HTTP/1.0"  # a malformed request line still gets a status line, not an HTTP/0.9 body
    timeout = 60  # seconds a client may take to send its request

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
        if not self.server.settings.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    # -- plumbing ------------------------------------------------------------------------
    def send(self, status: int, media: str, body: bytes, *, vary: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if vary:
            self.send_header("Vary", "Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def error(self, status: int, message: str) -> None:
        self.send(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"))

    def outcome(self, outcome: Outcome) -> None:
        self.send(outcome.status, outcome.media, outcome.body, vary=True)

    def _drain(self, size: int) -> None:
        left = size
        try:
            while left > 0:
                chunk = self.rfile.read(min(left, 65536))
                if not chunk:
                    break
                left -= len(chunk)
        except OSError:
            pass

    def read_body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is None:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                self.error(411, "send the request body with a Content-Length")
                return None
            return b""
        try:
            size = int(length)
        except ValueError:
            self.error(400, "bad Content-Length")
            return None
        if size < 0 or size > self.server.settings.max_request:
            self.close_connection = True
            if 0 < size <= _DRAIN_FACTOR * self.server.settings.max_request:
                # Read and drop the body first: a client still sending when the socket closes sees a
                # connection reset instead of the 413 (a race, seen with urllib).  Bodies beyond the
                # factor are not worth reading: the connection is closed on them.
                self._drain(size)
            self.error(413, f"the request body is larger than {self.server.settings.max_request} bytes")
            return None
        return self.rfile.read(size)

    # -- methods -------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/", "/index.html"):
            return self.form(params)
        if url.path == "/sparql":
            if "update" in params:
                return self.error(403, "this endpoint is read-only: SPARQL Update is not accepted")
            if "query" not in params:
                return self.form(params)
            return self.sparql(params)
        if url.path == "/favicon.ico":
            return self.error(404, "no icon")
        return self.entity(url.path, params)

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self.close_connection = True
            return self.error(405, "POST is accepted at /sparql only")
        body = self.read_body()
        if body is None:
            return
        media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self.error(400, "the request body is not UTF-8")
        if media == "application/x-www-form-urlencoded":
            for key, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif media == "application/sparql-query":
            params["query"] = [text]
        elif media == "application/sparql-update":
            return self.error(403, "this endpoint is read-only: SPARQL Update is not accepted")
        else:
            return self.error(415, "send application/x-www-form-urlencoded or application/sparql-query")
        if "update" in params:
            return self.error(403, "this endpoint is read-only: SPARQL Update is not accepted")
        if "query" not in params:
            return self.error(400, "no query: send query=… (form) or a body of type application/sparql-query")
        return self.sparql(params)

    def refuse(self) -> None:
        self.close_connection = True
        self.error(405, "this endpoint is read-only: only GET, HEAD and POST /sparql")

    do_PUT = do_DELETE = do_PATCH = refuse  # noqa: N815

    # -- the query form and /sparql --------------------------------------------------------
    def form(self, params: dict[str, list[str]]) -> None:
        name = (params.get("example") or [""])[0]
        example = self.server.examples.get(name)
        query = example.text if example else _DEFAULT_QUERY
        examples = [(q.name, q.title, q.question) for q in self.server.examples.values()]
        settings = self.server.settings
        self.send(200, "text/html; charset=utf-8",
                  pages.query_form(query, examples, timeout=settings.timeout, max_bytes=settings.max_bytes))

    def sparql(self, params: dict[str, list[str]]) -> None:
        queries = params["query"]
        if len(queries) != 1 or not queries[0].strip():
            return self.error(400, "give exactly one non-empty query parameter")
        query = queries[0]
        fmt = (params.get("format") or [""])[0].lower()
        accept = SHORT_FORMATS.get(fmt, self.headers.get("Accept", "") if not fmt else "")
        if fmt and fmt not in SHORT_FORMATS:
            return self.error(400, f"unknown format {fmt!r}; use one of {', '.join(SHORT_FORMATS)}")
        request: dict[str, Any] = {
            "kind": "sparql", "query": query, "accept": accept,
            "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", []),
        }
        form = query_form(query)
        offered = list(RESULT_MEDIA if form in ("SELECT", "ASK") else GRAPH_MEDIA) + ["text/html"]
        chosen = negotiate(accept or "*/*", offered)
        if chosen == "text/html" and not fmt:
            if form == "SELECT":
                request["kind"] = "rows"
                outcome = self.server.pool.run(request)
                if outcome.status != 200:
                    return self.outcome(outcome)
                data = json.loads(outcome.body)
                return self.send(200, "text/html; charset=utf-8", pages.results_table(data, self.server.local),
                                 vary=True)
            request["accept"] = "text/turtle" if form in ("CONSTRUCT", "DESCRIBE") else "application/json"
            outcome = self.server.pool.run(request)
            if outcome.status != 200:
                return self.outcome(outcome)
            body = pages.page("SPARQL result", f"<pre>{html.escape(outcome.body.decode('utf-8'))}</pre>")
            return self.send(200, "text/html; charset=utf-8", body, vary=True)
        return self.outcome(self.server.pool.run(request))

    # -- entities ----------------------------------------------------------------------------
    def entity(self, path: str, params: dict[str, list[str]]) -> None:
        from graph_builder.store.query import ParamType, term

        segments = [quote(unicodedata.normalize("NFC", unquote(s)), safe="-._~") for s in path.strip("/").split("/")]
        iri = self.server.settings.base_iri + "/".join(segments)
        try:
            ref = term(iri, ParamType.IRI)
        except ValueError:
            return self.error(400, f"not an IRI this server serves: {path}")
        fmt = (params.get("format") or [""])[0].lower()
        accept = SHORT_FORMATS.get(fmt, "") if fmt else self.headers.get("Accept", "")
        chosen = negotiate(accept or "text/html", ["text/html", *GRAPH_MEDIA])
        if chosen is None:
            return self.error(406, f"this page is offered as text/html, {', '.join(GRAPH_MEDIA)}")
        if chosen != "text/html":
            construct = PREFIXES + _DESCRIBE.replace("$iri", ref)
            outcome = self.server.pool.run({"kind": "sparql", "query": construct, "accept": chosen,
                                            "prefixes": _TURTLE_PREFIXES})
            if outcome.status == 200 and not outcome.body.strip().strip(b"[]{}").strip():
                return self.error(404, f"no data about {iri}")
            return self.outcome(outcome)
        sections = []
        results = {}
        for key, sparql in _SECTIONS.items():
            outcome = self.server.pool.run({"kind": "rows", "query": PREFIXES + sparql.replace("$iri", ref)})
            if outcome.status != 200:
                return self.outcome(outcome)
            results[key] = json.loads(outcome.body)
        if not results["properties"]["rows"] and not results["incoming"]["rows"]:
            return self.error(404, f"no data about {iri}")
        link = self.server.local
        props = results["properties"]["rows"]
        title = next((r["o"][1] for r in props if r["p"][1].endswith(("#prefLabel", "#label")) and r.get("o")), iri)
        quotes = results["quote"]["rows"]
        if quotes:
            content = "".join(
                f"<blockquote>{html.escape(r['quote'][1])}</blockquote><p>{html.escape(r.get('source', ['', ''])[1])}"
                f" characters {html.escape(r['start'][1])}–{html.escape(r['end'][1])}</p>" for r in quotes)
            sections.append(("原文 source quote", content))
        if results["assignments"]["rows"]:
            sections.append(("责任分工 assignments", pages.table(
                results["assignments"]["vars"], results["assignments"]["rows"], link,
                link_with={"name": "agent"}, labels={"order": "#", "name": "party", "quote": "as printed"})))
        if results["incoming"]["rows"]:
            sections.append(("承担的任务 tasks assigned", pages.table(
                results["incoming"]["vars"], results["incoming"]["rows"], link,
                link_with={"label": "task"}, labels={"label": "task", "quote": "as printed"})))
        if results["tasks"]["rows"]:
            sections.append(("任务 tasks", pages.table(results["tasks"]["vars"], results["tasks"]["rows"], link,
                                                     link_with={"number": "task"})))
        sections.append(("属性 properties", pages.table(["p", "o", "label"], props, link,
                                                      labels={"p": "property", "o": "value"})))
        local = link(iri) or path
        alternates = {"Turtle": f"{local}?format=turtle", "JSON-LD": f"{local}?format=jsonld",
                      "N-Triples": f"{local}?format=nt"}
        self.send(200, "text/html; charset=utf-8", pages.entity_page(iri, title, sections, alternates=alternates),
                  vary=True)


_TURTLE_PREFIXES = {
    "pkg": "https://policykg.example.org/ontology/policykg#", "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "oa": "http://www.w3.org/ns/oa#", "dcterms": "http://purl.org/dc/terms/", "org": "http://www.w3.org/ns/org#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: the data served for an entity: its own triples, its evidence, its assignments (with theirs), and the
#: assignments that name it
_DESCRIBE = """
CONSTRUCT { ?s ?p ?o } WHERE {
  { BIND ($iri AS ?s) ?s ?p ?o }
  UNION { $iri pkg:evidence ?s . ?s ?p ?o }
  UNION { $iri pkg:hasAssignment ?s . ?s ?p ?o }
  UNION { $iri pkg:hasAssignment/pkg:evidence ?s . ?s ?p ?o }
  UNION { ?s prov:agent $iri ; ?p ?o }
}"""

_SECTIONS = {
    "properties": """SELECT DISTINCT ?p ?o ?label WHERE {
        $iri ?p ?o . OPTIONAL { ?o skos:prefLabel|rdfs:label ?label FILTER (isIRI(?o)) } } ORDER BY ?p ?o LIMIT 2000""",
    "quote": """SELECT DISTINCT ?quote ?start ?end ?source WHERE {
        $iri pkg:evidence ?m . ?m oa:exact ?quote .
        BIND (STRAFTER(STR(?m), "#char=") AS ?range)
        BIND (xsd:integer(STRBEFORE(?range, ",")) AS ?start) BIND (xsd:integer(STRAFTER(?range, ",")) AS ?end)
        BIND (IRI(STRBEFORE(STR(?m), "#char=")) AS ?notice) OPTIONAL { ?notice pkg:sourceFile ?source } }""",
    "assignments": """SELECT DISTINCT ?order ?name ?agent ?role ?field ?quote WHERE {
        $iri pkg:hasAssignment ?a . ?a prov:agent ?agent ; prov:hadRole/skos:notation ?role .
        OPTIONAL { ?agent skos:prefLabel ?name } OPTIONAL { ?a pkg:listedOrder ?order }
        OPTIONAL { ?a pkg:fieldLabel ?field } OPTIONAL { ?a pkg:evidence/oa:exact ?quote }
        BIND (IF(?role = "leader", 0, IF(?role = "primary", 1, IF(?role = "responsible", 2, 3))) AS ?rank) }
        ORDER BY ?rank ?order LIMIT 2000""",
    "incoming": """SELECT DISTINCT ?source ?label ?task ?role ?field ?quote WHERE {
        ?a prov:agent $iri ; prov:hadRole/skos:notation ?role . ?task pkg:hasAssignment ?a .
        OPTIONAL { ?task rdfs:label ?label }
        OPTIONAL { GRAPH ?notice { ?a prov:agent $iri } ?notice pkg:sourceFile ?source }
        OPTIONAL { ?task pkg:taskNumber|pkg:ordinal ?number }
        OPTIONAL { ?a pkg:fieldLabel ?field } OPTIONAL { ?a pkg:evidence/oa:exact ?quote } }
        ORDER BY ?source ?number ?task LIMIT 2000""",
    "tasks": """SELECT DISTINCT ?number ?task ?text WHERE {
        ?task pkg:inNotice $iri ; a pkg:Task ; pkg:taskNumber ?number . OPTIONAL { ?task pkg:text ?text } }
        ORDER BY ?number LIMIT 5000""",
}


def serve_in_thread(server: PolicyKGServer) -> threading.Thread:
    """Run ``server`` in a daemon thread (for tests and notebooks); stop it with ``server.shutdown()``."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True,
                              name="policykg-serve")
    thread.start()
    return thread
