"""Query workers: each query runs in a separate process that can be killed.

pyoxigraph cannot interrupt a running query from another thread, so the
server keeps a small pool of worker processes (``spawn``), each with the store
opened read-only.  A request takes an idle worker, sends it the query and
waits at most ``timeout`` seconds; past that the worker is killed and replaced,
and the request gets a clear error — the server itself never blocks on a query.
Results are serialized inside the worker into a writer that stops at
``max_bytes``, so a huge result costs neither the worker's nor the server's memory.
"""

from __future__ import annotations

import io
import multiprocessing as mp
import queue
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import IO, Any, cast

__all__ = [
    "Outcome",
    "QueryPool",
    "RESULT_MEDIA",
    "GRAPH_MEDIA",
    "negotiate",
]

#: media type -> pyoxigraph QueryResultsFormat name (SELECT / ASK)
RESULT_MEDIA: dict[str, str] = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
#: media type -> pyoxigraph RdfFormat name (CONSTRUCT / DESCRIBE)
GRAPH_MEDIA: dict[str, str] = {
    "text/turtle": "TURTLE",
    "application/ld+json": "JSON_LD",
    "application/n-triples": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
}
#: short names accepted in ?format= (for browsers, which cannot set Accept)
SHORT_FORMATS = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle",
    "jsonld": "application/ld+json", "nt": "application/n-triples", "rdfxml": "application/rdf+xml",
}


def negotiate(accept: str, offered: Sequence[str]) -> str | None:
    """The media type of ``offered`` that ``accept`` (an HTTP Accept header) prefers; ``None`` if none.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+json", ["text/csv", "application/sparql-results+json"])
    'application/sparql-results+json'
    >>> negotiate("*/*", ["text/turtle", "application/ld+json"])
    'text/turtle'
    >>> negotiate("image/png", ["text/turtle"]) is None
    True
    """
    if not accept.strip():
        return offered[0] if offered else None
    best: tuple[float, int, str] | None = None
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        for rank, candidate in enumerate(offered):
            kind = candidate.split("/")[0]
            if media in (candidate, "*/*", f"{kind}/*"):
                # prefer: higher q, then an exact match over a wildcard, then the server's order
                specificity = 2 if media == candidate else (1 if media != "*/*" else 0)
                key = (q, specificity * 1000 - rank - position, candidate)
                if best is None or key[:2] > best[:2]:
                    best = key
                break
    return best[2] if best else None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker answered: an HTTP status, a media type and the body (or an error message)."""

    status: int
    media: str
    body: bytes


class _TooLarge(Exception):
    pass


class _CappedWriter(io.RawIOBase):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge()
        self.parts.append(bytes(data))
        return len(data)

    def value(self) -> bytes:
        return b"".join(self.parts)


# -- inside the worker process ---------------------------------------------------------

def _execute(store: Any, request: dict[str, Any], max_bytes: int) -> Outcome:
    import pyoxigraph as ox

    kwargs: dict[str, Any] = {}
    if request.get("default_graphs"):
        kwargs["default_graph"] = [ox.NamedNode(g) for g in request["default_graphs"]]
    else:
        kwargs["use_default_graph_as_union"] = True
    if request.get("named_graphs"):
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
    try:
        results = store.query(request["query"], **kwargs)
    except SyntaxError as exc:
        return Outcome(400, "text/plain; charset=utf-8", f"SPARQL syntax error: {exc}\n".encode())
    except (ValueError, OSError) as exc:
        return Outcome(400, "text/plain; charset=utf-8", f"query error: {exc}\n".encode())
    writer = _CappedWriter(max_bytes)
    accept = request.get("accept", "")
    try:
        if request.get("kind") == "rows":
            return _rows(results, max_bytes)
        if isinstance(results, ox.QuerySolutions | ox.QueryBoolean):
            media = negotiate(accept, list(RESULT_MEDIA))
            if media is None:
                return _not_acceptable(accept, RESULT_MEDIA)
            results.serialize(cast(IO[bytes], writer), getattr(ox.QueryResultsFormat, RESULT_MEDIA[media]))
        else:
            media = negotiate(accept, list(GRAPH_MEDIA))
            if media is None:
                return _not_acceptable(accept, GRAPH_MEDIA)
            triples, seen = [], 0
            for triple in dict.fromkeys(results):  # CONSTRUCT may repeat a triple; a graph is a set
                seen += 1
                if seen > max_bytes // 16:
                    raise _TooLarge()
                triples.append(triple)
            ox.serialize(triples, cast(IO[bytes], writer), getattr(ox.RdfFormat, GRAPH_MEDIA[media]),
                         prefixes=request.get("prefixes") or None)
    except _TooLarge:
        return Outcome(413, "text/plain; charset=utf-8",
                       f"the result is larger than the server's limit of {max_bytes} bytes — "
                       "add LIMIT, or select fewer variables\n".encode())
    except OSError as exc:
        if isinstance(exc.__cause__ or exc.__context__, _TooLarge) or "TooLarge" in repr(exc):
            return Outcome(413, "text/plain; charset=utf-8",
                           f"the result is larger than the server's limit of {max_bytes} bytes — add LIMIT\n"
                           .encode())
        return Outcome(500, "text/plain; charset=utf-8", f"query failed: {exc}\n".encode())
    charset = "; charset=utf-8" if not media.endswith("+xml") else ""
    return Outcome(200, media + charset, writer.value())


def _not_acceptable(accept: str, offered: dict[str, str]) -> Outcome:
    return Outcome(406, "text/plain; charset=utf-8",
                   f"cannot answer in {accept!r}; this result is offered as {', '.join(offered)}\n".encode())


def _rows(results: Any, max_bytes: int) -> Outcome:
    """SELECT rows as JSON of plain strings (for the HTML pages), at most max_bytes // 64 rows."""
    import json

    import pyoxigraph as ox

    if not isinstance(results, ox.QuerySolutions):
        return Outcome(400, "text/plain; charset=utf-8", b"only SELECT queries give rows\n")
    names = [v.value for v in results.variables]
    rows, limit = [], max(1, max_bytes // 64)
    for solution in results:
        row = {}
        for name in names:
            term = solution[name]
            if term is None:
                continue
            kind = "iri" if isinstance(term, ox.NamedNode) else "literal" if isinstance(term, ox.Literal) else "bnode"
            row[name] = [kind, term.value]
        rows.append(row)
        if len(rows) >= limit:
            break
    return Outcome(200, "application/json", json.dumps({"vars": names, "rows": rows}).encode("utf-8"))


def _worker_main(store_dir: str, conn: Connection, max_bytes: int) -> None:  # pragma: no cover - child process
    import signal

    import pyoxigraph as ox

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which then stops its workers

    store = ox.Store.read_only(store_dir)
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        try:
            outcome = _execute(store, request, max_bytes)
        except Exception as exc:  # noqa: BLE001 - the worker must answer, whatever happened
            outcome = Outcome(500, "text/plain; charset=utf-8", f"internal error: {exc!r}\n".encode())
        conn.send((outcome.status, outcome.media, outcome.body))


# -- in the server -----------------------------------------------------------------------

class _Worker:
    def __init__(self, ctx: Any, store_dir: str, max_bytes: int) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(store_dir, child, max_bytes), daemon=True,
                                   name="policykg-query-worker")
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        if not self.ready:
            if not self.conn.poll(timeout):
                raise RuntimeError("a query worker did not start in time")
            message = self.conn.recv()
            if message != "ready":
                raise RuntimeError(f"a query worker failed to start: {message!r}")
            self.ready = True

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """``size`` worker processes over the read-only store at ``store_dir``.

    :meth:`run` returns an :class:`Outcome`; it never raises for a bad, slow or huge query.
    """

    def __init__(self, store_dir: str, *, size: int = 2, timeout: float = 10.0,
                 max_bytes: int = 16 * 1024 * 1024, wait: float | None = None) -> None:
        self.store_dir = store_dir
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.wait = timeout if wait is None else wait
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: list[_Worker] = []
        self._closed = False
        self.killed = 0  # workers stopped at the timeout, for the logs and tests
        for _ in range(max(1, size)):
            self._add()
        for worker in list(self._workers):
            worker.wait_ready(60)

    def _add(self) -> _Worker:
        worker = _Worker(self._ctx, self.store_dir, self.max_bytes)
        with self._lock:
            self._workers.append(worker)
        self._idle.put(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)
            self.killed += 1
        if not self._closed:
            self._add()

    def run(self, request: dict[str, Any]) -> Outcome:
        try:
            worker = self._idle.get(timeout=self.wait)
        except queue.Empty:
            return Outcome(503, "text/plain; charset=utf-8",
                           f"all {len(self._workers)} query workers are busy; try again shortly\n".encode())
        try:
            worker.wait_ready(60)
            worker.conn.send(request)
            if not worker.conn.poll(self.timeout):
                self._replace(worker)
                return Outcome(503, "text/plain; charset=utf-8",
                               f"query stopped: it ran longer than the server's timeout of {self.timeout:g} s — "
                               "narrow it (LIMIT, more specific patterns) or run it with `policykg query`\n"
                               .encode())
            status, media, body = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError, RuntimeError) as exc:
            self._replace(worker)
            return Outcome(500, "text/plain; charset=utf-8", f"the query worker failed: {exc!r}\n".encode())
        self._idle.put(worker)
        return Outcome(status, media, body)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            try:
                worker.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
            worker.process.join(2)
            if worker.process.is_alive():
                worker.kill()
