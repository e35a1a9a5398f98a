"""The embedded SPARQL store: a pyoxigraph (RocksDB) store persisted in ``exports/store/``.

:func:`load_store` (re)creates it from the N-Quads export (``policykg.nq``,
named graphs kept), in a temporary folder that replaces the old store only when
complete, so a reader never sees half a store.  :func:`open_store` opens it,
read-only by default, so several processes (the HTTP server's workers) can
read it at once.  Queries see the union of all named graphs as their default
graph (``use_default_graph_as_union=True``), as the exports are one graph per notice.  In
pyoxigraph that union is a multiset: a triple stated in two notice graphs (a unit named by
both) matches twice, so the library's queries use DISTINCT or COUNT(DISTINCT …).

Examples
--------
>>> from pathlib import Path
>>> store_path(Path("exports"))
PosixPath('exports/store')
"""

from __future__ import annotations

import io
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from graph_builder.errors import PolicyKGError

__all__ = [
    "STORE_DIR",
    "DATASET_FILES",
    "StoreError",
    "LoadResult",
    "store_path",
    "dataset_file",
    "load_store",
    "BackgroundLoad",
    "concatenated",
    "update_store",
    "open_store",
    "memory_store",
]

#: folder of the store inside the exports folder
STORE_DIR = "store"
#: in the exports folder, written by ``policykg build`` (graph_builder.rdf.incremental.sync_store): what the store
#: holds (base IRI, a digest per notice graph), its shared graphs' quads, and the marker of an update in progress
STORE_STATE_DIR = Path("cache") / "store-state"
STORE_STATE = STORE_STATE_DIR / "state.json"
STORE_SHARED = STORE_STATE_DIR / "shared.nq"
STORE_DIRTY = STORE_STATE_DIR / "dirty"
#: dataset exports the store can be loaded from, in order of preference (named graphs kept)
DATASET_FILES: tuple[tuple[str, ox.RdfFormat], ...] = (
    ("policykg.nq", ox.RdfFormat.N_QUADS),
    ("policykg.trig", ox.RdfFormat.TRIG),
)


class StoreError(PolicyKGError):
    """The exports folder has no dataset or no store (exit code 2)."""

    code = "E401"


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What :func:`load_store` did."""

    path: Path
    source: Path  # the dataset export read, or the exports folder when the N-Quads were given
    quads: int
    seconds: float


def store_path(exports_dir: Path) -> Path:
    return Path(exports_dir) / STORE_DIR


def dataset_file(exports_dir: Path) -> tuple[Path, ox.RdfFormat]:
    """The dataset export of ``exports_dir`` (``policykg.nq``, else ``policykg.trig``)."""
    for name, fmt in DATASET_FILES:
        path = Path(exports_dir) / name
        if path.is_file():
            return path, fmt
    raise StoreError(f"no dataset export ({' or '.join(n for n, _ in DATASET_FILES)}) in this folder",
                     path=str(exports_dir), fix="run `policykg build data/notices -o EXPORTS_DIR` (without --no-dumps) first")


class _Concatenated(io.RawIOBase):
    """Files and byte strings read one after the other, as one stream."""

    def __init__(self, pieces: Iterable[Path | str | bytes]) -> None:
        self._pieces = iter(pieces)
        self._current: IO[bytes] | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            if self._current is None:
                piece = next(self._pieces, None)
                if piece is None:
                    return 0
                self._current = io.BytesIO(piece) if isinstance(piece, bytes) else open(piece, "rb")  # noqa: SIM115
            n = self._current.readinto(buffer)  # type: ignore[attr-defined]
            if n:
                return int(n)
            self._current.close()
            self._current = None

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
        super().close()


def concatenated(pieces: Iterable[Path | str | bytes]) -> IO[bytes]:
    """One buffered stream of the files (paths) and byte strings ``pieces``, in order: N-Quads documents
    concatenated are one N-Quads document, which :meth:`pyoxigraph.Store.bulk_load` reads without the
    concatenation ever being written."""
    return io.BufferedReader(_Concatenated(pieces), 1 << 20)


def load_store(exports_dir: Path, nquads: Iterable[Path | str | bytes] | None = None) -> LoadResult:
    """(Re)create ``exports_dir/store/`` from the dataset export — or from the N-Quads files and byte strings
    ``nquads``, concatenated — and return what was loaded.

    The new store is bulk-loaded into a temporary folder next to the old one and
    swapped in when complete.
    """
    exports_dir = Path(exports_dir)
    source, fmt = dataset_file(exports_dir) if nquads is None else (exports_dir, ox.RdfFormat.N_QUADS)
    started = time.perf_counter()
    target = store_path(exports_dir)
    tmp = Path(tempfile.mkdtemp(prefix=".store-", dir=exports_dir))
    try:
        store = ox.Store(str(tmp))
        if nquads is None:
            store.bulk_load(path=str(source), format=fmt)
        else:
            with concatenated(nquads) as stream:
                store.bulk_load(stream, format=fmt)
        store.optimize()
        quads = len(store)
        store.flush()
        del store  # closes the database before the folder is moved
        old = exports_dir / f".store-old-{time.time_ns()}"
        if target.exists():
            target.rename(old)
        tmp.rename(target)
        shutil.rmtree(old, ignore_errors=True)
        # what an incremental build recorded about the old store no longer holds (it records the new one after)
        (exports_dir / STORE_STATE).unlink(missing_ok=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return LoadResult(target, source, quads, time.perf_counter() - started)


class _Aborted(Exception):
    """The pieces of a background load will not all come (the build stopped)."""


class BackgroundLoad:
    """:func:`load_store` in a thread, from N-Quads pieces handed over while they are being made: a first build
    gives each notice graph's cache file as its worker finishes it, so the bulk load (about one core for minutes
    at 1,000 notices) runs beside the workers instead of after them.  pyoxigraph releases the GIL while it loads.

    :meth:`finish` hands over the last pieces and waits for the new store; :meth:`abort` drops it.
    """

    _END = object()

    def __init__(self, exports_dir: Path) -> None:
        self._pieces: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._outcome: list[Any] = []  # the LoadResult, or the exception
        Path(exports_dir).mkdir(parents=True, exist_ok=True)  # the new store is made in it, then moved
        # a daemon: a build stopped where nothing aborts the load does not wait for pieces that never come
        self._thread = threading.Thread(target=self._run, args=(exports_dir,), name="policykg-store-load", daemon=True)
        self._thread.start()
        self.given: set[str] = set()  # the files handed over

    def _run(self, exports_dir: Path) -> None:
        try:
            self._outcome.append(load_store(exports_dir, self._stream()))
        except BaseException as exc:  # noqa: BLE001  handed to finish() or abort()
            self._outcome.append(exc)

    def _stream(self) -> Iterator[Path | str | bytes]:
        while (piece := self._pieces.get()) is not self._END:
            if isinstance(piece, _Aborted):
                raise piece
            yield piece

    def add(self, piece: str | bytes) -> None:
        """Hand over an N-Quads file (its path) or bytes."""
        if isinstance(piece, str):
            self.given.add(piece)
        self._pieces.put(piece)

    def finish(self, rest: Iterable[str | bytes] = ()) -> LoadResult:
        """Hand over those of ``rest`` not given yet, end, and wait for the new store."""
        for piece in rest:
            if not (isinstance(piece, str) and piece in self.given):
                self._pieces.put(piece)
        self._pieces.put(self._END)
        self._thread.join()
        (outcome,) = self._outcome
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome  # type: ignore[no-any-return]

    def abort(self) -> None:
        """Stop the load; its half-made store is removed (the store in place stays as it was)."""
        self._pieces.put(_Aborted("the store's load was stopped before its last piece"))
        self._thread.join()


def update_store(exports_dir: Path, *, remove_graphs: Iterable[str], replace_graphs: Mapping[str, str],
                 remove: Iterable[ox.Quad], add: Iterable[ox.Quad], dirty: Path) -> float:
    """Change the store of ``exports_dir`` in place: drop the named graphs ``remove_graphs``, make each graph of
    ``replace_graphs`` hold the quads of its N-Quads file, remove and add single quads; return the seconds it took.

    For an incremental build, where a bulk load would rewrite millions of quads to change a few
    thousand.  ``dirty`` is created before the first change and deleted after the last, so a build
    interrupted in between is seen by the next one, which then reloads the whole store.
    """
    started = time.perf_counter()
    dirty.parent.mkdir(parents=True, exist_ok=True)
    dirty.touch()
    store = ox.Store(str(store_path(Path(exports_dir))))
    for graph in remove_graphs:
        store.remove_graph(ox.NamedNode(graph))
    for quad in remove:
        store.remove(quad)
    for graph, path in replace_graphs.items():
        _replace_graph(store, ox.NamedNode(graph), path)
    store.extend(add)
    store.flush()
    del store  # closed before the marker goes
    dirty.unlink()
    return time.perf_counter() - started


def _replace_graph(store: ox.Store, graph: ox.NamedNode, path: str) -> None:
    """Make ``graph`` hold the quads of the N-Quads file ``path`` (all in that graph) by writing the difference:
    a notice edited in one place changes a few of its ten thousand quads, and dropping and loading the whole
    graph costs ~0.9 s in RocksDB, reading it back and writing the difference ~0.4 s.  The new quads are read
    through an in-memory store, which gives literals back as the store holds them (an ``xsd:positiveInteger`` as
    an ``xsd:integer``); a graph with blank nodes (relabelled by every load) is dropped and loaded whole."""
    new = ox.Store()
    new.load(path=path, format=ox.RdfFormat.N_QUADS)
    after = set(new)
    before = set(store.quads_for_pattern(None, None, None, graph))
    if any(isinstance(t, ox.BlankNode) for q in before | after for t in (q.subject, q.object)):
        store.remove_graph(graph)
        store.load(path=path, format=ox.RdfFormat.N_QUADS)
        return
    for quad in before - after:
        store.remove(quad)
    store.extend(after - before)


def open_store(exports_dir: Path, *, read_only: bool = True) -> ox.Store:
    """Open the store of ``exports_dir`` (read-only by default: many readers, no writer).

    Raises :class:`StoreError` when the store has not been loaded yet.
    """
    path = store_path(Path(exports_dir))
    if not path.is_dir():
        raise StoreError("no SPARQL store in this folder", path=str(exports_dir),
                         fix="run `policykg build` (it loads the store), or `policykg query --load` once")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the store: {exc}", path=str(path),
                         fix="rebuild it with `policykg query --load --data EXPORTS_DIR`") from exc


def memory_store(exports_dir: Path) -> ox.Store:
    """An in-memory store of the dataset export (for tests and one-off use; nothing written)."""
    source, fmt = dataset_file(Path(exports_dir))
    store = ox.Store()
    store.bulk_load(path=str(source), format=fmt)
    return store
