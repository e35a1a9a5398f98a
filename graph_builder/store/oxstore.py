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
from collections.abc import Callable, Iterable, Iterator, Mapping
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


def load_store(exports_dir: Path, nquads: Iterable[Path | str | bytes] | None = None, *,
               fill: Callable[[ox.Store], None] | None = None) -> LoadResult:
    """(Re)create ``exports_dir/store/`` from the dataset export — or from the N-Quads files and byte strings
    ``nquads``, concatenated, or by ``fill`` (which loads and optimizes the new store) — and return what was
    loaded.

    The new store is bulk-loaded into a temporary folder next to the old one and
    swapped in when complete.  ``nquads`` are this program's own cache files, whose IRIs pyoxigraph checked
    when they were made: they are loaded without checking them again (``lenient``, ~10 % of the load's CPU).
    """
    exports_dir = Path(exports_dir)
    source, fmt = dataset_file(exports_dir) if nquads is None and fill is None else (exports_dir, ox.RdfFormat.N_QUADS)
    started = time.perf_counter()
    target = store_path(exports_dir)
    tmp = Path(tempfile.mkdtemp(prefix=".store-", dir=exports_dir))
    try:
        store = ox.Store(str(tmp))
        if fill is not None:
            fill(store)
        else:
            if nquads is None:
                store.bulk_load(path=str(source), format=fmt)
            else:
                bulk_load(store, nquads)
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


def bulk_load(store: ox.Store, nquads: Iterable[Path | str | bytes]) -> None:
    """Bulk-load the N-Quads files and byte strings ``nquads`` (this program's cache: ``lenient``, see
    :func:`load_store`) into ``store``, as one document."""
    with concatenated(nquads) as stream:
        store.bulk_load(stream, format=ox.RdfFormat.N_QUADS, lenient=True)


class _Aborted(Exception):
    """The pieces of a background load will not all come (the build stopped)."""


#: pyoxigraph's bulk loader encodes and saves the quads it reads in batches of this many, one new file per index
#: each (oxigraph's ``DEFAULT_BULK_LOAD_BATCH_SIZE``; if it changes, :class:`BackgroundLoad` only loses speed)
BULK_BATCH = 1_000_000
#: a load expected to be at least this big is optimized when about :data:`COMPACT_SHARE` of it is in ...
COMPACT_MIN = 3 * BULK_BATCH
COMPACT_SHARE = 0.7
#: ... and again at the end only if more than this many quads came after (each batch is a file per index that
#: queries read beside the optimized one; RocksDB merges the files of an index by itself from the fourth)
RECOMPACT_AFTER = 3 * BULK_BATCH
#: the pieces loaded last, on their own: what is left to save once the last notice is built
LAST_SHARE = 0.04


class BackgroundLoad:
    """:func:`load_store` in a thread, from N-Quads pieces handed over while they are being made: a first build
    gives each notice graph's cache file as its worker finishes it, so the bulk load (about one core for minutes
    at 1,000 notices) runs beside the workers instead of after them.  pyoxigraph releases the GIL while it loads.

    ``optimize()`` (RocksDB compacting each index into one sorted file: ~20 s on one core at 6 M quads, and
    the ranking query twice as fast) is what would be left after the last notice.  So when ``expected`` pieces
    make a big load (:data:`COMPACT_MIN`), the first ~70 % (:data:`COMPACT_SHARE`; at most :data:`RECOMPACT_AFTER`
    left; cut where pyoxigraph's last batch is full) is loaded and optimized while the workers build the rest;
    the rest is loaded after, as a few files per index, and optimized again only when the estimate (the mean
    piece so far) was so wrong that they are many.

    :meth:`finish` hands over the last pieces and waits for the new store; :meth:`abort` drops it.
    """

    _END = object()

    def __init__(self, exports_dir: Path, expected: int = 0) -> None:
        self._pieces: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._outcome: list[Any] = []  # the LoadResult, or the exception
        self._expected = expected  # the notice graphs to come
        self._ended = False
        self._given = 0  # the pieces loaded so far
        self.given: set[str] = set()  # the files handed over
        self.runs: list[int] = []  # the quads of each bulk load, and where it optimized (-1)
        Path(exports_dir).mkdir(parents=True, exist_ok=True)  # the new store is made in it, then moved
        # a daemon: a build stopped where nothing aborts the load does not wait for pieces that never come
        self._thread = threading.Thread(target=self._run, args=(exports_dir,), name="policykg-store-load", daemon=True)
        self._thread.start()

    def _run(self, exports_dir: Path) -> None:
        try:
            self._outcome.append(load_store(exports_dir, fill=self._fill))
        except BaseException as exc:  # noqa: BLE001  handed to finish() or abort()
            self._outcome.append(exc)

    def _fill(self, store: ox.Store) -> None:
        self._load(store, self._first_cut)
        store.optimize()
        self.runs.append(-1)
        after = 0
        # the rest in two loads: the last notices' own, so that little is left to save once they come
        while not self._ended:
            after += self._load(store, self._last_cut)
        if after > RECOMPACT_AFTER:
            store.optimize()
            self.runs.append(-1)

    def _load(self, store: ox.Store, cut: Callable[[int], bool]) -> int:
        """Bulk-load the pieces to the end or to ``cut`` (given the quads so far); their quads."""
        count = [0]
        bulk_load(store, self._stream(count, cut))
        self.runs.append(count[0])
        return count[0]

    def _stream(self, count: list[int], cut: Callable[[int], bool]) -> Iterator[Path | str | bytes]:
        """The pieces (adding up their quads in ``count``) to the end or to the ``cut``."""
        while (item := self._pieces.get()) is not self._END:
            if isinstance(item, _Aborted):
                raise item
            piece, quads = item
            yield piece
            self._given += 1
            count[0] += quads
            if cut(count[0]):
                return
        self._ended = True

    def _first_cut(self, quads: int) -> bool:
        """Whether the first load ends after ``quads``: at a full batch, once about :data:`COMPACT_SHARE` of
        what is expected is in (or all but :data:`RECOMPACT_AFTER`, if that is later), when that is
        :data:`COMPACT_MIN` or more."""
        if self._given >= self._expected:
            return False
        expected = quads * self._expected / self._given
        # later for a load so big that its last 30 % would be optimized again
        batches = int(max(COMPACT_SHARE * expected, expected - RECOMPACT_AFTER)) // BULK_BATCH
        return expected >= COMPACT_MIN and quads >= batches * BULK_BATCH

    def _last_cut(self, quads: int) -> bool:
        """Whether a load after the first ends: when only the last :data:`LAST_SHARE` of the pieces are to come."""
        return self._expected - self._given == max(1, int(LAST_SHARE * self._expected))

    def add(self, piece: str | bytes, quads: int = 0) -> None:
        """Hand over an N-Quads file (its path) or bytes, of ``quads`` quads."""
        if isinstance(piece, str):
            self.given.add(piece)
        self._pieces.put((piece, quads))

    def finish(self, rest: Iterable[str | bytes] = ()) -> LoadResult:
        """Hand over those of ``rest`` not given yet, end, and wait for the new store."""
        for piece in rest:
            if not (isinstance(piece, str) and piece in self.given):
                self._pieces.put((piece, 0))
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
