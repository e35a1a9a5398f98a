"""Load the dataset into an external SPARQL 1.1 store, named graphs kept, in batches, resumable.

Two routes, both standard:

* **Graph Store HTTP Protocol** (``graph_store``): the first batch of a graph is ``PUT {graph_store}?graph=G``
  (replacing what the store had in G), the next ones ``POST`` (adding), as N-Triples.
* **SPARQL 1.1 Update** (``endpoint``): ``DROP SILENT GRAPH <G> ; INSERT DATA { GRAPH <G> { … } }`` for the
  first batch, ``INSERT DATA`` for the next ones, sent as ``application/sparql-update``.

Batches are numbered per graph; every batch the store acknowledged is recorded in a state file
(``EXPORTS_DIR/.push/<target>.json``, with the SHA-256 of the dataset file).  A rerun after an
interruption skips the recorded batches and sends the rest; a changed dataset starts over.  Adding
a triple twice changes nothing in RDF, so a batch that was sent but not recorded is simply sent again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pyoxigraph as ox

from graph_builder.errors import PolicyKGError
from graph_builder.store.oxstore import dataset_file

__all__ = ["PushError", "PushResult", "push", "batches", "remote_counts", "local_counts"]


class PushError(PolicyKGError):
    """The store refused a batch or could not be reached (exit code 1; rerun to resume)."""

    code = "E501"


@dataclass(slots=True)
class PushResult:
    batches_sent: int = 0
    batches_skipped: int = 0
    triples_sent: int = 0
    graphs: dict[str, int] = field(default_factory=dict)  # graph -> triples in the dataset file
    complete: bool = False
    seconds: float = 0.0
    state_file: Path | None = None


Batch = tuple[str | None, int, list[ox.Quad]]  # graph IRI (None: default graph), index in that graph, quads


def batches(path: Path, fmt: ox.RdfFormat, size: int) -> Iterator[Batch]:
    """Quads of the dataset file in batches of at most ``size``, per graph, numbered from 0 in each graph.

    Quads with a blank node (the ontology's OWL restrictions) go together into one last batch of their
    graph, whatever its size: a blank node label means the same node only within one request.
    A graph whose quads are not contiguous in the file continues its numbering.
    """
    counters: dict[str | None, int] = {}
    current: str | None = None
    chunk: list[ox.Quad] = []
    blank: list[ox.Quad] = []

    def flush(parts: list[list[ox.Quad]]) -> Iterator[Batch]:
        for part in parts:
            if part:
                index = counters.get(current, 0)
                counters[current] = index + 1
                yield current, index, part

    for quad in ox.parse(path=str(path), format=fmt):
        graph = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        if graph != current:
            yield from flush([chunk, blank])
            chunk, blank, current = [], [], graph
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
            blank.append(quad)
            continue
        if len(chunk) >= size:
            yield from flush([chunk])
            chunk = []
        chunk.append(quad)
    yield from flush([chunk, blank])


def _ntriples(quads: list[ox.Quad]) -> str:
    return "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _with_query(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = (parts.query + "&" if parts.query else "") + urlencode(params)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


class _Client:
    def __init__(self, *, user: str | None, password: str | None, timeout: float, retries: int) -> None:
        handlers: list[urllib.request.BaseHandler] = []
        if user is not None:  # Basic (Fuseki, GraphDB) or Digest (Virtuoso's /sparql-auth), as the store asks
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, "http://", user, password or "")  # type: ignore[arg-type]
            manager.add_password(None, "https://", user, password or "")  # type: ignore[arg-type]
            handlers += [urllib.request.HTTPBasicAuthHandler(manager), urllib.request.HTTPDigestAuthHandler(manager)]
        self.opener = urllib.request.build_opener(*handlers)
        self.timeout = timeout
        self.retries = retries

    def request(self, method: str, url: str, body: bytes, media: str, accept: str = "*/*") -> bytes:
        delay = 0.5
        for attempt in range(self.retries + 1):
            req = urllib.request.Request(url, data=body if method != "GET" else None, method=method,
                                         headers={"Content-Type": media, "Accept": accept})
            try:
                with self.opener.open(req, timeout=self.timeout) as response:
                    return bytes(response.read())
            except urllib.error.HTTPError as exc:
                detail = exc.read()[:500].decode("utf-8", "replace").strip()
                if exc.code < 500 or attempt == self.retries:
                    raise PushError(f"{method} {url} answered {exc.code} {exc.reason}: {detail}", path=url,
                                    fix="check the URL, the credentials and that the store accepts writes; "
                                        "rerun to resume") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                if attempt == self.retries:
                    raise PushError(f"{method} {url} failed: {exc}", path=url,
                                    fix="is the store running and reachable? rerun to resume") from None
            time.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")


def push(exports_dir: Path, *, endpoint: str | None = None, graph_store: str | None = None,
         batch_size: int = 20000, user: str | None = None, password: str | None = None,
         timeout: float = 120.0, retries: int = 3, max_batches: int | None = None, restart: bool = False,
         progress: Callable[[str | None, int, int], None] | None = None) -> PushResult:
    """Send the dataset export of ``exports_dir`` to a store; return what was done.

    Give ``graph_store`` (Graph Store HTTP Protocol URL) or ``endpoint`` (SPARQL Update URL); the
    Graph Store Protocol is used when both are given.  ``max_batches`` stops after that many batches
    (the run can be resumed); ``restart`` forgets the recorded progress.
    """
    if not graph_store and not endpoint:
        raise ValueError("give a Graph Store Protocol URL or a SPARQL Update endpoint")
    if batch_size < 1:
        raise ValueError("the batch size must be at least 1")
    exports_dir = Path(exports_dir)
    path, fmt = dataset_file(exports_dir)
    target = graph_store or endpoint or ""
    state_file = exports_dir / ".push" / (hashlib.sha256(f"{target}|{batch_size}".encode()).hexdigest()[:16]
                                          + ".json")
    dataset_sha = _sha256(path)
    done: set[str] = set()
    if state_file.is_file() and not restart:
        state = json.loads(state_file.read_text(encoding="utf-8"))
        if state.get("dataset_sha256") == dataset_sha:
            done = set(state.get("done", []))
    client = _Client(user=user, password=password, timeout=timeout, retries=retries)
    result = PushResult(state_file=state_file)
    started = time.perf_counter()

    def save(complete: bool) -> None:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps({"target": target, "batch_size": batch_size, "dataset": path.name,
                                   "dataset_sha256": dataset_sha, "complete": complete,
                                   "done": sorted(done)}, ensure_ascii=False, indent=0), encoding="utf-8")
        os.replace(tmp, state_file)

    for graph, index, quads in batches(path, fmt, batch_size):
        key = f"{graph or ''}#{index}"
        result.graphs[graph or ""] = result.graphs.get(graph or "", 0) + len(quads)
        if key in done:
            result.batches_skipped += 1
            continue
        if max_batches is not None and result.batches_sent >= max_batches:
            save(False)
            result.seconds = time.perf_counter() - started
            return result
        body = _ntriples(quads)
        if graph_store:
            url = (_with_query(graph_store, {"graph": graph}) if graph is not None
                   else graph_store + ("&" if "?" in graph_store else "?") + "default")
            client.request("PUT" if index == 0 else "POST", url, body.encode("utf-8"), "application/n-triples")
        else:
            assert endpoint is not None
            if graph is None:
                update = f"INSERT DATA {{\n{body}}}"
                if index == 0:
                    update = "DROP SILENT DEFAULT ;\n" + update
            else:
                update = f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}"
                if index == 0:
                    update = f"DROP SILENT GRAPH <{graph}> ;\n" + update
            client.request("POST", endpoint, update.encode("utf-8"), "application/sparql-update")
        done.add(key)
        result.batches_sent += 1
        result.triples_sent += len(quads)
        save(False)
        if progress is not None:
            progress(graph, index, len(quads))
    save(True)
    result.complete = True
    result.seconds = time.perf_counter() - started
    return result


_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def remote_counts(query_endpoint: str, *, user: str | None = None, password: str | None = None,
                  timeout: float = 120.0) -> dict[str, int]:
    """Triples per named graph in a store, through its SPARQL query endpoint."""
    client = _Client(user=user, password=password, timeout=timeout, retries=1)
    body = client.request("POST", query_endpoint, urlencode({"query": _COUNTS}).encode(),
                          "application/x-www-form-urlencoded", accept="application/sparql-results+json")
    data = json.loads(body)
    return {b["g"]["value"]: int(b["n"]["value"]) for b in data["results"]["bindings"]}


def local_counts(exports_dir: Path) -> dict[str, int]:
    """Triples per named graph in the dataset export (distinct triples, as a store holds them)."""
    path, fmt = dataset_file(Path(exports_dir))
    graphs: dict[str, set[tuple[str, str, str]]] = {}
    for quad in ox.parse(path=str(path), format=fmt):
        if isinstance(quad.graph_name, ox.DefaultGraph):
            continue
        graphs.setdefault(quad.graph_name.value, set()).add(
            (str(quad.subject), str(quad.predicate), str(quad.object)))
    return {g: len(t) for g, t in graphs.items()}
