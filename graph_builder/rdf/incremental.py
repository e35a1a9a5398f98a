"""Builds that scale: each notice built alone in a worker process, cached, and the dataset assembled by streaming.

The large path of ``policykg build`` (no rdflib dataset of the whole corpus):

1. every notice is read, parsed, annotated (spaCy) and turned into the quads of its named graph in a
   worker process (:func:`build_part`, ``jobs`` at once, under the per-file time limit of
   :func:`graph_builder.commands.parse.map_files`).  The worker writes the graph, sorted, as N-Quads to
   ``exports/cache/KEY.nq`` and sends back a small :class:`NoticePart`: the counts of the names the
   notice prints (a :class:`~graph_builder.resolve.Resolver` over that notice), the units, leaders and
   posts it minted, the regions it names, the quotes that differ from the source, the rows of the
   notice-scope checks and what the other checks read of the graph
   (:class:`~graph_builder.rdf.validate.CheckFacts`), a report row, the figures of its graph for ``void.ttl``
   and the report (:func:`graph_builder.store.stats.graph_stats`);
2. a notice graph depends on its notice only (:func:`graph_builder.rdf.build.notice_quads`); what
   depends on every notice — preferred and alternative labels, name merges, regions — is computed
   here from the parts, into the shared graphs ``{base}graph/entities``, ``{base}graph/resolution``
   and ``{base}graph/regions`` (plus the ontology graph);
3. the dataset's N-Quads are the notice graphs' cached N-Quads and the shared graphs, in graph order
   (:meth:`Assembly.pieces`: the sorted dataset, byte for byte what the rdflib path gives); the embedded store
   (``exports/store/``) is bulk-loaded from them (first build) or changed in place (:func:`sync_store`) while
   other processes run pySHACL — over the whole union up to :data:`SHACL_FULL_LIMIT` quads, over a sample
   of notice graphs beyond — and write the dumps (``policykg.nq`` and TriG concatenated from the graphs' cached
   files; the merged N-Triples and Turtle copy each notice's own subjects from its cached files and merge the few
   other triples, :func:`merged_exports`), unless the build is asked for none (``dumps=False``). The
   violation queries that read more than one notice graph are answered from the parts' and the shared graphs'
   check facts (:func:`~graph_builder.rdf.validate.dataset_checks`), and the figures of ``void.ttl`` and
   ``build-report.md`` are the parts' and the shared graphs' summaries combined
   (:class:`graph_builder.store.stats.DatasetStats`): no query over the store, whose size they would scale with.

A part is reused when its notice's file (name and sha256), base IRI and the code and data of the builder
(:func:`fingerprint`) are unchanged: a changed notice rebuilds its own graph, and the shared graphs
and the files are rewritten.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import functools
import gc
import hashlib
import io
import json
import os
import pickle
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from graph_builder.rdf import iris
from graph_builder.rdf.build import Printed, merge_printed
from graph_builder.rdf.validate import CheckFacts

if TYPE_CHECKING:
    from graph_builder.store.oxstore import BackgroundLoad

__all__ = ["BUILDER_VERSION", "CACHE_DIR", "SHACL_FULL_LIMIT", "SHACL_SAMPLE_QUADS", "IN_PLACE_SHARE",
           "NoticePart", "fingerprint", "build_part", "load_part", "Assembly", "assemble",
           "BuildOutcome", "build_corpus", "merged_exports", "write_jsonld", "jsonld_fragment"]

#: bump when the quads of a notice change for a reason the fingerprint does not see
BUILDER_VERSION = "3"
#: per-notice results, inside the exports folder (git-ignored)
CACHE_DIR = "cache"
#: in the cache (a folder, apart from the notices' files): the ontology's graph (:func:`_ontology_quads`)
ONTOLOGY_CACHE = "shared/ontology.nq"
#: in the cache: what the checks and the figures read of the shared graphs (:func:`shared_summaries`)
SHARED_SUMMARIES = "shared/summaries.pickle"
#: up to this many quads, SHACL validates the union of every graph (as the rdflib path does)
SHACL_FULL_LIMIT = 100_000
#: beyond it, SHACL validates a sample of notice graphs of about this many quads, with their shared facts
SHACL_SAMPLE_QUADS = 40_000
#: niceness of the build's workers while the store loads beside them (a first build): the load thread comes first,
#: so that it keeps up with the workers instead of being what is left to do once they are done
WORKER_NICE = 10
#: when more than this share of the notice graphs changed, the store is bulk-loaded anew instead of changed in
#: place: dropping and loading a graph in place costs about what a bulk load costs per graph (0.3 s for the
#: 11 k quads of a notice; 1,000 notices changed in place took minutes and 2 GB of write buffer)
IN_PLACE_SHARE = 0.25

_PACKAGE = Path(__file__).resolve().parents[1]


@dataclass(slots=True)
class NoticePart:
    """What a worker sends back about one notice (its quads are in the cache file ``nquads``)."""

    summary: Any  # graph_builder.store.export.NoticeSummary
    key: str
    fingerprint: str
    nquads: str
    jsonld: str  # the graph's entry of the JSON-LD export (:func:`jsonld_fragment`), a cache file
    quads: int
    resolver: Any  # graph_builder.resolve.Resolver over this notice
    printed: dict[str, Printed]
    posts: dict[str, tuple[str, str]]
    regions: list[str]
    parent: tuple[str, str] | None  # (jurisdiction, parent jurisdiction) the notice states
    quote_mismatches: list[str] = field(default_factory=list)
    tallies: dict[tuple[str, str], int] = field(default_factory=dict)  # (party IRI, role IRI) -> tasks
    checks: list[Any] = field(default_factory=list)  # rdf.validate.CheckResult of the notice-scope checks
    stats: Any = None  # graph_builder.store.stats.GraphStats of the notice graph, for void.ttl and the report
    facts: CheckFacts = field(default_factory=CheckFacts)  # what the other checks read of the notice graph
    sizes: tuple[int, ...] = ()  # of the cache files nquads, its .trig and jsonld, as written (load_part checks them)


@functools.cache
def fingerprint(base_iri: str) -> str:
    """Hash of everything a notice graph depends on besides the notice: the builder's version, the base IRI,
    the code and data files of read/, parse/, extract/, resolve/, rdf/, the JSON-LD writer and the ontology."""
    from graph_builder.rdf.ontology import ONTOLOGY_DIR

    h = hashlib.sha256(f"{BUILDER_VERSION}\n{base_iri}\n".encode())
    files: list[Path] = []
    for sub in ("read", "parse", "extract", "resolve", "rdf"):
        files += [p for p in (_PACKAGE / sub).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    # the cached JSON-LD, terms, the graph's figures
    files += [_PACKAGE / "store" / name for name in ("jsonld.py", "export.py", "stats.py")]
    files += [p for p in ONTOLOGY_DIR.rglob("*") if p.is_file()]
    for path in sorted(files):
        h.update(str(path.relative_to(path.parents[1])).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:32]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextlib.contextmanager
def _collector_off() -> Iterator[None]:
    """Python's cycle collector off within the block (and back on after, if it was on); as a decorator,
    ``@_collector_off()``, within each call.

    A build's parent holds every notice's part for the whole build: hundreds of thousands of small, long-lived,
    acyclic objects (counters, sets, dataclasses), which each pass of the collector walks again — at 1,000
    notices 1.5 of the 2.2 s it took to unpickle the cached parts.  Nothing the build makes needs the
    collector: its garbage is freed by reference counting."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# a notice makes ~100 k objects (records, terms, tuples, node objects) that live until its part is written, and
# no garbage cycles: with the cycle collector on, its passes walked them again and again (~5 % of the CPU)
@_collector_off()
def build_part(path: str, *, base_iri: str, cache_dir: str, print_hash: str) -> NoticePart:
    """Read, parse, annotate and build one notice; write its sorted N-Quads and its part into ``cache_dir``.

    Runs in a worker process (:func:`graph_builder.commands.parse.map_files`).
    """
    from graph_builder.extract.annotate import annotate
    from graph_builder.parse import parse_source
    from graph_builder.rdf.build import notice_quads, statistics_quads
    from graph_builder.rdf.notice_checks import notice_checks
    from graph_builder.rdf.ontology import load_checks
    from graph_builder.rdf.validate import check_quotes
    from graph_builder.read import read_path
    from graph_builder.resolve import Resolver
    from graph_builder.store import jsonld
    from graph_builder.store.export import NoticeSummary, _prefixes
    from graph_builder.store.stats import graph_stats

    source = read_path(path)  # read once: a PDF or Word file costs more to read than to parse
    text = source.text
    notice = parse_source(source, path)
    annotate(notice, text)
    resolver = Resolver([notice])
    result = notice_quads(notice, text, base_iri=base_iri, resolver=resolver)
    # sorted by N-Triples text (store.export.quad_key): pyoxigraph writes each quad's N-Quads line, the
    # triple's text and " <graph> .", which sort as the texts do (a space sorts before any character that may
    # follow a term's text) — and UTF-8 bytes sort as their characters do; ~0.05 s less per notice than
    # formatting the terms in Python, and the quads serve the TriG block
    made = [ox.Quad(s, p, o, result.graph) for s, p, o in result.triples]
    lines = _nquads(made).splitlines(keepends=True)  # one line per quad
    index = {line: i for i, line in enumerate(lines)}  # distinct lines (sorted alone: 4× faster than pairs)
    ordered = sorted(index)
    quads = [made[index[line]] for line in ordered]
    triples = [result.triples[index[line]] for line in ordered]
    key = iris.notice_key(notice.source)
    cache = Path(cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    nq = cache / f"{key}.nq"
    nquads = b"".join(ordered)
    fragment = cache / f"{key}.jsonld"
    # what jsonld_fragment writes of the triples, from the sorted lines: half its CPU (benchmarks/README)
    sizes = tuple(_cached(Path(name), data) for name, data in zip(_data_files(str(nq), str(fragment)), (
        nquads, trig_block(quads, _prefixes(base_iri)),
        jsonld.entry_from_nquads(result.graph.value, ordered, base_iri=base_iri)), strict=True))
    parent = (notice.jurisdiction, notice.parent_jurisdiction) \
        if notice.jurisdiction and notice.parent_jurisdiction else None
    part = NoticePart(NoticeSummary.of(notice), key, print_hash, str(nq), str(fragment), len(ordered), resolver,
                      result.printed,
                      result.posts, sorted(result.regions), parent, check_quotes([notice], {notice.source: text}),
                      {(party.value, role.value): n for (party, role), n in result.tallies.items()},
                      notice_checks(result.graph.value, nquads, statistics_quads(result.tallies, base_iri=base_iri),
                                    load_checks("notice")),
                      graph_stats(result.graph.value, triples),
                      CheckFacts.of(result.graph, result.triples))
    # the cache holds file names, so that a moved or copied exports folder keeps its cache
    part.sizes = sizes
    stored = dataclasses.replace(part, nquads=nq.name, jsonld=fragment.name)
    _cached(cache / f"{key}.part", _dumps_part(stored))
    return part


class _PartPickler(pickle.Pickler):
    """Pickles a part so that it loads fast: a :class:`~collections.Counter` as its items set into
    ``Counter.__new__`` — Counter's own reduction calls ``Counter.__init__``, in Python, once per counter
    (a part holds hundreds: the names printed for each unit and leader)."""

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is Counter:
            return copyreg.__newobj__, (Counter,), None, None, iter(dict.items(obj))  # type: ignore[attr-defined]
        return NotImplemented


def _dumps_part(part: NoticePart) -> bytes:
    out = io.BytesIO()
    _PartPickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(part)
    return out.getvalue()


def _nquads(quads: Iterable[ox.Quad]) -> bytes:
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


def load_part(cache_dir: Path, path: Path, print_hash: str, sha256: str | None = None,
              present: set[str] | None = None) -> NoticePart | None:
    """The cached part of the notice file ``path``, when its file (name and sha256, if known ``sha256``) and the
    builder are unchanged (and its cache files are there: among ``present``, the names in ``cache_dir``, if
    known)."""
    key = iris.notice_key(str(path))
    try:
        part: NoticePart = pickle.loads((cache_dir / f"{key}.part").read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ImportError):
        return None
    files = _data_files(part.nquads, part.jsonld)
    # the file name, not the whole path: the graph names the file only (pkg:sourceFile), so a moved folder is the same
    if (part.fingerprint != print_hash or Path(part.summary.source).name != path.name
            or not all(name in present if present is not None else (cache_dir / name).is_file() for name in files)
            or part.summary.sha256 != (sha256 or _sha256(path))):
        return None
    try:  # a file cut short (written without fsync, then the machine stopped: see _cached) is not used
        if tuple(os.stat(cache_dir / name).st_size for name in files) != part.sizes:
            return None
    except OSError:
        return None
    part.nquads, part.jsonld = str(cache_dir / part.nquads), str(cache_dir / part.jsonld)
    return part


def _digest(print_hash: str, sha256: str | None) -> str:
    """What the store state records of a notice graph: the builder's fingerprint and the notice file's sha256."""
    return f"{print_hash}:{sha256}"


def _recorded(out_dir: Path, base_iri: str) -> dict[str, str] | None:
    """What the last build recorded of each notice graph (:func:`_digest`), if it recorded anything for
    this base IRI (:func:`sync_store` writes it)."""
    from graph_builder.store.oxstore import STORE_STATE

    try:
        state = json.loads((out_dir / STORE_STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    graphs = state.get("graphs") if isinstance(state, dict) and state.get("base") == base_iri else None
    return graphs if isinstance(graphs, dict) else None


def _atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    from graph_builder.store.export import atomic_write

    atomic_write(path, data, durable=durable)


def _data_files(nquads: str, jsonld: str) -> tuple[str, str, str]:
    """The cache files of a part beside its pickle, in the order of its ``sizes``: the graph (N-Quads), its TriG
    block and its JSON-LD entry."""
    return nquads, str(Path(nquads).with_suffix(".trig")), jsonld


def _cache_files(cache: Path, part: NoticePart) -> list[Path]:
    return [*map(Path, _data_files(part.nquads, part.jsonld)), cache / f"{part.key}.part"]


def _fsync_files(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):  # a notice deleted meanwhile
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _cached(path: Path, data: bytes) -> int:
    """Write the cache file ``path`` atomically but without its own fsync; its size.

    An fsync per file — four a notice, each a journal commit — cost more CPU than the rest of writing them (at
    60 notices, 10.6–10.9 s of the machine's CPU with, 7.8–9.8 s without, writeback included): the build fsyncs
    the files its workers wrote once they are all written, in a thread beside its last steps (the system has
    written most of them back by then), before the store state records them (:func:`sync_store`); and
    :func:`load_part` takes a part only if its files have the sizes it records — what a machine stopped before
    that leaves short is rebuilt."""
    _atomic(path, data, durable=False)
    return len(data)


# ----------------------------------------------------------------------------- assembling


@dataclass(slots=True)
class Assembly:
    """The dataset of a build, as files: graph names in order, each graph's quads (cache file or shared list)."""

    graphs: list[str]  # graph IRIs, in export order
    files: dict[str, str]  # notice graph IRI -> its cached N-Quads file
    shared_nquads: dict[str, bytes]  # shared graph IRI -> its distinct quads as sorted N-Quads, in graph order
    quads: dict[str, int]  # graph IRI -> number of quads
    fragments: dict[str, str] = field(default_factory=dict)  # notice graph IRI -> its cached JSON-LD entry
    _parsed: dict[str, list[ox.Quad]] = field(default_factory=dict, repr=False)

    def shared_quads(self, graph: str) -> list[ox.Quad]:
        """The quads of the shared graph ``graph``, in order (parsed when first asked for: a build that reads
        the shared graphs as text alone does not pay for the terms)."""
        if graph not in self._parsed:
            self._parsed[graph] = list(ox.parse(self.shared_nquads[graph], format=ox.RdfFormat.N_QUADS))
        return self._parsed[graph]

    def graph_quads(self, graph: str) -> Iterator[ox.Quad]:
        if graph in self.shared_nquads:
            yield from self.shared_quads(graph)
        else:
            yield from ox.parse(path=self.files[graph], format=ox.RdfFormat.N_QUADS)

    def graph_ntriples(self, graph: str) -> bytes:
        """The graph's triples as sorted N-Triples (a notice graph's from its cache file: each line less its
        graph, the one place a line has " <graph> .\\n" — a newline in a literal is written "\\n")."""
        if graph in self.shared_nquads:
            return b"".join(line.rsplit(b" ", 2)[0] + b" .\n" for line in self.shared_nquads[graph].splitlines())
        return Path(self.files[graph]).read_bytes().replace(f" <{graph}> .\n".encode(), b" .\n")

    def pieces(self) -> list[str | bytes]:
        """The dataset as N-Quads in graph order: each notice graph's cache file (a path), each shared graph's
        bytes — concatenated, the N-Quads export."""
        return [self.shared_nquads[g] if g in self.shared_nquads else self.files[g] for g in self.graphs]

    def write_nquads(self, out: IO[bytes]) -> None:
        from graph_builder.store.oxstore import concatenated

        with concatenated(self.pieces()) as stream:
            shutil.copyfileobj(stream, out, 1 << 20)


def assemble(parts: Sequence[NoticePart], *, base_iri: str, include_ontology: bool = True,
             cache_dir: Path | None = None) -> Assembly:
    """The shared graphs of ``parts`` (in notice order) and the order of every graph (the ontology's graph kept in
    ``cache_dir``, if given, for the next build)."""
    from graph_builder.rdf.build import (
        entity_quads,
        region_quads,
        resolution_quads,
        statistics_quads,
    )
    from graph_builder.resolve import Resolver

    resolver = Resolver.combine(p.resolver for p in parts)
    printed: dict[str, Printed] = {}
    posts: dict[str, tuple[str, str]] = {}
    regions: set[str] = set()
    parents: dict[str, str] = {}
    for part in parts:
        merge_printed(printed, part.printed)
        for post, value in part.posts.items():
            posts.setdefault(post, value)
        regions.update(part.regions)
        if part.parent is not None:
            parents.setdefault(*part.parent)
    quads = region_quads(regions, parents, base_iri=base_iri)
    quads += entity_quads(printed, posts, resolver, base_iri=base_iri)
    quads += resolution_quads(printed, resolver, base_iri=base_iri)
    tallies: Counter[tuple[str, str]] = Counter()
    for part in parts:
        tallies.update(part.tallies)
    quads += statistics_quads({(ox.NamedNode(party), ox.NamedNode(role)): n for (party, role), n in tallies.items()},
                              base_iri=base_iri)
    if include_ontology:
        quads += _ontology_quads(cache_dir, base_iri)
    shared_nquads = _sorted_graphs(quads)
    files = {iris.notice_iri(p.key, base=base_iri): p.nquads for p in parts}
    counts = {iris.notice_iri(p.key, base=base_iri): p.quads for p in parts}
    counts.update({g: data.count(b"\n") for g, data in shared_nquads.items()})
    graphs = _in_graph_order([*files, *shared_nquads])
    fragments = {iris.notice_iri(p.key, base=base_iri): p.jsonld for p in parts}
    return Assembly(graphs, files, shared_nquads, counts, fragments)


def _in_graph_order(graphs: Iterable[str]) -> list[str]:
    """Graph IRIs in the order of the exports (:func:`graph_builder.store.export.quad_key`: numbers in a name
    numerically)."""
    from graph_builder.store.export import _key

    return sorted(graphs, key=lambda g: _key(f"<{g}>"))


def _ontology_quads(cache_dir: Path | None, base_iri: str) -> list[ox.Quad]:
    """The ontology's graph: its triples with blank nodes relabelled canonically by rdflib (0.2 s), or as an earlier
    build of this builder (:func:`fingerprint`) kept them in ``cache_dir``."""
    from graph_builder.rdf.build import ontology_triples
    from graph_builder.rdf.namespace import ONTOLOGY_IRI

    path = cache_dir / ONTOLOGY_CACHE if cache_dir is not None else None
    header = f"# builder {fingerprint(base_iri)}\n".encode()
    if path is not None:
        try:
            data = path.read_bytes()
            if data.startswith(header):
                return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
        except (OSError, SyntaxError):
            pass
    graph = ox.NamedNode(ONTOLOGY_IRI)
    quads = [ox.Quad(s, p, o, graph) for s, p, o in ontology_triples()]
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        _atomic(path, header + _nquads(quads))
    return quads


def _sorted_graphs(quads: Iterable[ox.Quad]) -> dict[str, bytes]:
    """Each named graph of ``quads`` as N-Quads, its distinct quads sorted as
    :func:`graph_builder.store.export.sorted_quads` sorts them, graphs in that order too.

    The lines are sorted as bytes: pyoxigraph writes a triple as its terms' N-Triples text, and the byte order of
    UTF-8 is the code-point order of that text (10× faster than a sort key per quad: 0.4 s at 1,000 notices)."""

    triples: dict[str, list[ox.Triple]] = {}
    for q in quads:
        assert isinstance(q.graph_name, ox.NamedNode)
        triples.setdefault(q.graph_name.value, []).append(q.triple)
    out = {}
    for graph in _in_graph_order(triples):
        lines = set((ox.serialize(triples[graph], format=ox.RdfFormat.N_TRIPLES) or b"").splitlines())
        name = f"<{graph}> .".encode()
        out[graph] = b"".join(line[:-1] + name + b"\n" for line in sorted(lines))  # "s p o ." -> "s p o <g> ."
    return out


# ----------------------------------------------------------------------------- streamed exports


def _own_statements(data: bytes, graph: str, *, indent: bytes = b"") -> tuple[list[memoryview], bytes]:
    """``data`` — a notice graph's cached N-Triples, or its TriG block (``indent`` a tab) — split into the
    statements of the notice's own subjects and the rest: the subjects whose IRI is the graph's (the notice's) or
    under it (``/…``, ``#…``), which no other graph states (a unit, a person, an enterprise may be stated by
    several notices).

    A statement starts at a line that begins with ``indent`` and its subject and ends at the first line that ends
    in `` .`` (pyoxigraph writes a line break in a literal as ``\\n``).  The worker writes the subjects sorted, so
    the statements of each of the three forms of IRI are one run, in the order ``#``, ``/``, ``>``: each run is
    found by a search from the previous one and a search back from the next one — about one pass over ``data`` at C
    speed, no Python loop over its lines.  The runs are whole statements whatever the order, so the two parts hold
    every statement once; if ``data`` were not sorted, some of the notice's statements would be left in the rest,
    or another subject's taken with the notice's (a subject in two blocks of the merged Turtle)."""
    heads = [indent + f"<{graph}{form}".encode() for form in "#/>"]
    firsts: list[int] = []  # where each run starts, -1 if the notice has none
    for head in heads:
        at = max([0, *firsts])
        firsts.append(0 if data.startswith(head) else data.find(b"\n" + head, at) + 1 or -1)
    runs: list[tuple[int, int]] = []
    for i, (head, first) in enumerate(zip(heads, firsts, strict=True)):
        if first >= 0:
            bound = min([f for f in firsts[i + 1:] if f > first], default=len(data))
            last = max(first, data.rfind(b"\n" + head, first, bound) + 1)
            runs.append((first, data.index(b" .\n", last) + 3))
    view = memoryview(data)
    own, rest, at = [], [], 0
    for start, end in sorted(runs):
        start = max(start, at)  # runs that overlap (unsorted data) are joined
        if end > start:
            rest.append(view[at:start])
            own.append(view[start:end])
            at = end
    rest.append(view[at:])
    return own, b"".join(rest)


def _stream_to(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    from graph_builder.store.export import atomic_stream

    atomic_stream(path, write)


def _merged_lines(documents: Iterable[bytes]) -> bytes:
    """The distinct lines of the N-Triples ``documents``, sorted as bytes (the code-point order of their text)."""
    lines: set[bytes] = set()
    for data in documents:
        lines.update(data.splitlines(keepends=True))
    return b"".join(sorted(lines))


def merged_exports(assembly: Assembly, nt: Path | None, ttl: Path | None, prefixes: dict[str, str]) -> None:
    """The merged exports, when asked: the N-Triples ``nt`` and the Turtle ``ttl`` of the distinct triples of
    every graph (a job for another process).

    Each file is the statements of each notice's own subjects (:func:`_own_statements`), notice after notice in
    graph order, copied from what the worker wrote — its sorted N-Triples, its TriG block less one tab of indent
    (pyoxigraph's Turtle) — then the other triples of every graph, distinct and sorted, which are few (1 % at
    1,000 notices: the units, people and enterprises notices name, the shared graphs, the ontology): merged as
    N-Triples lines, and parsed and written by pyoxigraph for the Turtle.  No pass over the whole corpus as
    terms or through a sort: at 1,000 notices (6.5 M quads) 4–5.5 s of CPU for both files instead of 26–31 s
    (``sort -m -u`` of every graph, then the merged N-Triples parsed back for the Turtle writer).  A subject comes
    in one block; the file is grouped by subject, not sorted as a whole."""
    notices = [g for g in assembly.graphs if g in assembly.files]
    shared = [g for g in assembly.graphs if g in assembly.shared_nquads]

    def write_nt(out: IO[bytes]) -> None:
        others = []
        for graph in notices:
            own, other = _own_statements(assembly.graph_ntriples(graph), graph)
            out.writelines(own)
            others.append(other)
        out.write(_merged_lines([*others, *(assembly.graph_ntriples(g) for g in shared)]))

    def write_ttl(out: IO[bytes]) -> None:
        header = trig_header(prefixes)
        out.write(header)
        others = [header]  # a TriG document: each notice's block without the notice's own subjects
        for graph in notices:
            own, other = _own_statements(Path(assembly.files[graph]).with_suffix(".trig").read_bytes(), graph,
                                         indent=b"\t")
            out.write(memoryview(b"".join(own).replace(b"\n\t", b"\n"))[1:])  # one tab less: Turtle
            others.append(other)
        triples = (q.triple for q in ox.parse(b"".join(others), format=ox.RdfFormat.TRIG))
        rest = _merged_lines([ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"",
                              *(assembly.graph_ntriples(g) for g in shared)])
        turtle = ox.serialize(ox.parse(rest, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE,
                              prefixes=prefixes)
        out.write(_prefix_lines(turtle or b"")[1])

    if nt is not None:
        _stream_to(nt, write_nt)
    if ttl is not None:
        _stream_to(ttl, write_ttl)


def quads_exports(assembly: Assembly, nq: Path | None, trig: Path | None, prefixes: dict[str, str]) -> None:
    """The N-Quads export ``nq`` and the TriG export ``trig``, when asked (a job for another process)."""
    from graph_builder.store.export import atomic_stream
    from graph_builder.store.oxstore import concatenated

    if nq is not None:
        _stream_to(nq, assembly.write_nquads)
    if trig is not None:
        pieces: list[str | bytes] = [trig_header(prefixes)]
        pieces += [trig_block(assembly.shared_quads(g), prefixes) if g in assembly.shared_nquads
                   else str(Path(assembly.files[g]).with_suffix(".trig")) for g in assembly.graphs]

        def write(out: IO[bytes]) -> None:
            with concatenated(pieces) as stream:
                shutil.copyfileobj(stream, out, 1 << 20)

        atomic_stream(trig, write)


def _prefix_lines(data: bytes) -> tuple[bytes, bytes]:
    """pyoxigraph's Turtle or TriG ``data`` split into its ``@prefix`` lines and the rest."""
    end = 0
    while data.startswith(b"@prefix", end):
        end = data.index(b"\n", end) + 1
    return data[:end], data[end:]


def trig_header(prefixes: dict[str, str]) -> bytes:
    """The ``@prefix`` lines that open the TriG export and the Turtle export (pyoxigraph writes every prefix it is
    given, the same lines in both formats)."""
    node = ox.NamedNode("urn:x")
    return _prefix_lines(ox.serialize([ox.Quad(node, node, node, node)], format=ox.RdfFormat.TRIG,
                                      prefixes=prefixes) or b"")[0]


def trig_block(quads: Iterable[ox.Quad], prefixes: dict[str, str]) -> bytes:
    """The block ``<graph> { … }`` of one graph in the TriG export: pyoxigraph writes a dataset's TriG as the
    ``@prefix`` lines and each graph's block in turn, so the export is :func:`trig_header` and the blocks in
    graph order (a worker writes its notice's; tested equal to serialising the dataset whole).  Within a block,
    each subject's statements are its Turtle with one tab more (read by :func:`merged_exports`)."""
    return _prefix_lines(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes) or b"")[1]


def jsonld_fragment(graph: str, triples: Iterable[Any], *, base_iri: str) -> bytes:
    """One graph's entry of the JSON-LD export's ``@graph``, indented as :func:`graph_builder.store.jsonld.dumps`
    indents it in the whole document (``triples`` sorted).  A worker writes its notice's from the graph's sorted
    N-Quads lines instead, the same bytes (:func:`graph_builder.store.jsonld.entry_from_nquads`)."""
    from graph_builder.store import jsonld

    writer = jsonld._Writer(base_iri)
    subjects: dict[Any, list[tuple[str, Any]]] = {}
    for s, p, o in triples:
        subjects.setdefault(s, []).append((p.value, o))
    return jsonld.entry_bytes({"@id": writer.iri(ox.NamedNode(graph)),
                               "@graph": [writer.node(s, pairs) for s, pairs in subjects.items()]})


def write_jsonld(assembly: Assembly, out: IO[bytes], *, base_iri: str) -> None:
    """The JSON-LD export, one graph at a time: the bytes :func:`graph_builder.store.jsonld.dumps` gives
    for :func:`graph_builder.store.jsonld.to_jsonld` of the whole dataset."""
    from graph_builder.store import jsonld


    def entries() -> Iterator[bytes]:
        for graph in assembly.graphs:
            if graph in assembly.fragments:  # written by the worker that built the notice
                yield Path(assembly.fragments[graph]).read_bytes()
            else:
                yield jsonld_fragment(graph, (q.triple for q in assembly.graph_quads(graph)), base_iri=base_iri)

    jsonld.write_document(out, entries())


# ----------------------------------------------------------------------------- the store

def sync_store(out_dir: Path, assembly: Assembly, parts: Sequence[NoticePart], *, base_iri: str,
               background: BackgroundLoad | None = None, synced: Callable[[], object] | None = None) -> str:
    """Bring ``out_dir/store/`` up to date with ``assembly``; say how.

    When the cache records what the store holds (and no update was interrupted), only what changed is
    written: changed and deleted notice graphs are dropped, changed ones loaded from their cached N-Quads,
    and the shared graphs get the difference of their quads.  Otherwise (first build, another base IRI,
    a store missing or left half-updated) the store is bulk-loaded from the cached graphs and the shared ones —
    by ``background`` (a :class:`~graph_builder.store.oxstore.BackgroundLoad` given the notice graphs while they
    were built, when :func:`_replaced_whole` said so before the build), if there is one.
    """
    from graph_builder.store import oxstore
    from graph_builder.store.export import atomic_write

    # the files of oxstore.STORE_STATE_DIR (load_store forgets the state of a store it replaces)
    state_path, shared_path, dirty = (out_dir / oxstore.STORE_STATE, out_dir / oxstore.STORE_SHARED,
                                      out_dir / oxstore.STORE_DIRTY)
    graphs = {iris.notice_iri(p.key, base=base_iri): _digest(p.fingerprint, p.summary.sha256) for p in parts}
    shared = b"".join(assembly.shared_nquads.values())  # in graph order
    recorded = _recorded(out_dir, base_iri)
    try:
        old_shared = shared_path.read_bytes()
    except OSError:
        recorded, old_shared = None, b""
    # changed (or added) and deleted notice graphs
    changed = [] if recorded is None else [g for g, digest in graphs.items() if recorded.get(g) != digest]
    gone = [] if recorded is None else [g for g in recorded if g not in graphs]
    if _replaced_whole(out_dir, recorded, len(changed), len(gone), len(graphs)):
        # a new store, swapped in whole: an earlier half-update is gone
        loaded = background.finish(assembly.pieces()) if background is not None \
            else oxstore.load_store(out_dir, assembly.pieces())
        dirty.unlink(missing_ok=True)
        how = f"bulk-loaded ({loaded.quads} quads)"
    else:
        if background is not None:  # _replaced_whole said otherwise: not expected, and harmless
            background.abort()
        before, after = (_lines_by_graph(old_shared), _lines_by_graph(shared)) if shared != old_shared else ({}, {})
        dropped, removed, added = [], [], []
        for graph in sorted(before.keys() | after.keys()):
            old_lines, new_lines = set(before.get(graph, ())), set(after.get(graph, ()))
            if old_lines == new_lines:
                continue
            # a store relabels blank nodes when it loads them: a graph with any is replaced whole
            if graph not in after or any(b"_:" in line for line in old_lines | new_lines):
                dropped.append(graph)
                added += sorted(new_lines)
            else:
                removed += sorted(old_lines - new_lines)
                added += sorted(new_lines - old_lines)
        oxstore.update_store(out_dir, remove_graphs=[*gone, *dropped],
                             replace_graphs={g: assembly.files[g] for g in changed},
                             remove=ox.parse(input=b"\n".join(removed), format=ox.RdfFormat.N_QUADS),
                             add=ox.parse(input=b"\n".join(added), format=ox.RdfFormat.N_QUADS), dirty=dirty)
        how = (f"updated in place: {len(changed)} notice graphs reloaded, {len(gone)} dropped, "
               f"{len(removed)} + {len(added)} shared quads removed + added")
    if shared != old_shared:
        atomic_write(shared_path, shared)
    if synced is not None:  # the cache files this build wrote, without their own fsync (_cached), on disk first
        synced()
    atomic_write(state_path, json.dumps({"base": base_iri, "graphs": graphs}, ensure_ascii=False, indent=0).encode())
    return how


def _replaced_whole(out_dir: Path, recorded: dict[str, str] | None, changed: int = 0, gone: int = 0,
                    graphs: int = 0) -> bool:
    """Whether :func:`sync_store` bulk-loads a new store instead of changing it in place: no state ``recorded``
    for the base IRI (:func:`_recorded`; a first build), no shared graphs recorded, or no store, or one left
    half-updated — or more than :data:`IN_PLACE_SHARE` of the notice graphs changed (``changed`` and ``gone``
    of ``graphs``, or of those recorded if more)."""
    from graph_builder.store import oxstore

    return (recorded is None or not (out_dir / oxstore.STORE_SHARED).is_file()
            or (out_dir / oxstore.STORE_DIRTY).exists() or not oxstore.store_path(out_dir).is_dir()
            or changed + gone > IN_PLACE_SHARE * max(graphs, len(recorded)))


def _lines_by_graph(nquads: bytes) -> dict[str, list[bytes]]:
    """The lines of an N-Quads document (named graphs only, a quad a line) by graph IRI, in order."""
    out: dict[str, list[bytes]] = {}
    for line in nquads.splitlines():
        if line.strip():
            out.setdefault(line.rsplit(b" ", 2)[-2][1:-1].decode(), []).append(line)
    return out


class _Exporters:
    """Worker processes for the slow jobs beside the store (pySHACL, the dumps) when the build may use more than
    one process, else this one."""

    def __init__(self, jobs: int, workers: int) -> None:
        import multiprocessing
        from concurrent.futures import Executor, ProcessPoolExecutor

        # spawned, not forked: this process opens the store (RocksDB threads)
        self.pool: Executor | None = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) \
            if jobs > 1 else None

    def __enter__(self) -> _Exporters:
        return self

    def __exit__(self, *exc: object) -> None:
        """Shut the processes down (also called directly when a build ends before it used them), without waiting
        for them to exit: that takes a process 0.1–0.3 s, while the build writes its report (the interpreter
        joins them before it exits)."""
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        from concurrent.futures import Future

        if self.pool is not None:
            return self.pool.submit(fn, *args)
        done: Future[Any] = Future()
        done.set_result(fn(*args))
        return done


# ----------------------------------------------------------------------------- the build


@dataclass(slots=True)
class BuildOutcome:
    """What :func:`build_corpus` did."""

    notices: int = 0
    rebuilt: int = 0
    quads: int = 0
    written: list[Path] = field(default_factory=list)
    errors: list[Any] = field(default_factory=list)  # PolicyKGError per file that failed
    validation: Any = None  # graph_builder.rdf.validate.Validation
    usage_error: str = ""
    seconds: dict[str, float] = field(default_factory=dict)
    store: str = ""  # how the embedded store was brought up to date (sync_store)

    def timing(self) -> str:
        total = sum(self.seconds.values())
        return f"{total:.1f} s: " + ", ".join(f"{k} {v:.1f}" for k, v in self.seconds.items())


def shacl_sample(assembly: Assembly, total: int, rebuilt: set[str]) -> tuple[bytes, str]:
    """What pySHACL validates, as N-Triples, and a sentence saying what it is: when the build made every notice
    graph, every graph up to :data:`SHACL_FULL_LIMIT` quads, else a sample of notice graphs with the shared facts
    of what they name.

    When the build made some notice graphs but not all (``rebuilt``), the sample is drawn from those, whatever the
    size of the dataset: the others, and the shapes, are as the build that made them validated them (pySHACL
    takes ~16 s for 100 k quads — an edit of one notice among ten must not pay it)."""
    notices = [g for g in assembly.graphs if g in assembly.files]
    some = 0 < len(rebuilt) < len(notices)
    if total <= SHACL_FULL_LIMIT and not some:
        how = f"the union of every graph ({total} quads)"
        return b"".join(assembly.graph_ntriples(g) for g in assembly.graphs), how
    pool = [g for g in notices if g in rebuilt] if some else notices
    step = max(1, len(pool) // 50)
    sample: list[str] = []
    size = 0
    for g in pool[::step]:
        if size >= SHACL_SAMPLE_QUADS:
            break
        sample.append(g)
        size += assembly.quads[g]
    # as N-Triples text: a subject or a predicate (an IRI or a blank node) holds no space
    triples = [assembly.graph_ntriples(g) for g in sample]
    subjects = {line.split(b" ", 1)[0] for data in triples for line in data.splitlines()}
    keep_all = {iris.regions_graph_iri(base=_base_of(assembly))}
    shared = [(graph, line.rsplit(b" ", 2)[0]) for graph, data in assembly.shared_nquads.items()
              for line in data.splitlines()]  # (graph, "s p o")
    merges = {s for s, p, o in (spo.split(b" ", 2) for _, spo in shared) if p == _MERGED_INTO and o in subjects}
    triples += [spo + b" .\n" for graph, spo in shared
                if spo.split(b" ", 1)[0] in subjects or spo.split(b" ", 1)[0] in merges or graph in keep_all
                or graph.startswith("https://policykg.example.org/ontology/")]
    which = (f"{len(sample)} of the {len(pool)} notice graphs this build made ({len(notices)} in all; the "
             f"others unchanged since validated)" if pool is not notices else
             f"{len(sample)} of {len(notices)} notice graphs")
    how = (f"{which} (one in {step} in key order, {size} quads) with the shared facts of what they name and "
           f"the ontology; the violation queries cover every graph")
    return b"".join(triples), how


_MERGED_INTO = b"<https://policykg.example.org/ontology/policykg#mergedInto>"


def _early_shacl(pool: _Exporters, out_dir: Path, built: list[NoticePart], *,
                 base_iri: str) -> tuple[bytes, Any] | None:
    """pySHACL's sample of the notices just ``built`` as it will be if the shared graphs say of what they name
    what they said after the last build (``cache/store-state/shared.nq``), submitted now, while this process
    reads the other notices' parts and makes the shared graphs (~1.5 s at 1,000 notices); with the job.  The
    build uses the job's result only if the sample it then makes is the same bytes (an edit that changes no
    name or count of what the notice names), else it validates its own sample after."""
    from graph_builder.store.oxstore import STORE_SHARED

    try:
        previous = (out_dir / STORE_SHARED).read_bytes()
    except OSError:
        return None
    shared = _lines_by_graph(previous)
    if not built or not any(g.endswith("graph/entities") for g in shared):
        return None
    files = {iris.notice_iri(p.key, base=base_iri): p.nquads for p in built}
    graphs = _in_graph_order([*files, *shared])
    assembly = Assembly(graphs, files, {g: b"".join(line + b"\n" for line in lines) for g, lines in shared.items()},
                        {iris.notice_iri(p.key, base=base_iri): p.quads for p in built})
    sample, _ = shacl_sample(assembly, SHACL_FULL_LIMIT + 1, set(files))
    return sample, pool.submit(shacl_job, sample)


def shared_summaries(assembly: Assembly, path: Path, print_hash: str, *,
                     base_iri: str) -> tuple[list[CheckFacts], list[Any], list[tuple[str, ...]]]:
    """What the checks and the figures read of the shared graphs: each one's check facts and summary
    (:func:`graph_builder.store.stats.graph_stats`), and the name merges — kept in the file ``path`` by the digest
    of the graphs they were made from, and made again only for a graph that changed (0.45 s at 1,000 notices)."""
    from graph_builder.rdf.namespace import ONTOLOGY_IRI
    from graph_builder.store.export import atomic_write
    from graph_builder.store.stats import graph_stats, name_merges

    def digest(*graphs: str) -> str:
        h = hashlib.sha256(f"{print_hash}\n{base_iri}\n".encode())
        for graph in graphs:
            h.update(f"{graph}\n{len(assembly.shared_nquads.get(graph, b''))}\n".encode())
            h.update(assembly.shared_nquads.get(graph, b""))
        return h.hexdigest()

    try:
        kept = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ImportError):
        kept = {}
    if not isinstance(kept, dict):
        kept = {}
    made: dict[str, Any] = {}
    keys = [digest(graph) for graph in assembly.shared_nquads]
    for graph, key in zip(assembly.shared_nquads, keys, strict=True):
        if key in kept:
            made[key] = kept[key]
        else:
            quads = assembly.shared_quads(graph)
            made[key] = (CheckFacts.of(ox.NamedNode(graph), (q.triple for q in quads)),
                         graph_stats(graph, (q.triple for q in quads)))
    read = (iris.resolution_graph_iri(base=base_iri), iris.entities_graph_iri(base=base_iri), ONTOLOGY_IRI)
    key = digest(*read)
    made[key] = kept[key] if key in kept else name_merges(
        (q for g in read if g in assembly.shared_nquads for q in assembly.shared_quads(g)), base_iri=base_iri)
    if made.keys() != kept.keys():
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
    summaries = [made[k] for k in keys]
    return [f for f, _ in summaries], [s for _, s in summaries], made[key]


def _warm_up() -> None:
    """Import pySHACL and read the shapes (in the process that will run :func:`shacl_job`)."""
    import pyshacl  # noqa: F401

    from graph_builder.rdf.ontology import load_shapes

    load_shapes()


def shacl_job(ntriples: bytes) -> Any:
    """pySHACL over the N-Triples ``ntriples`` (:func:`shacl_sample`): a job for another process, so that it
    runs while the build loads the store.  The rdflib graph is made from pyoxigraph's parse (2–3× faster
    than rdflib's N-Triples parser)."""
    from rdflib import Graph

    from graph_builder.rdf.build import to_rdflib
    from graph_builder.rdf.validate import shacl_validate

    data = Graph()
    data.addN((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object), data)
              for t in ox.parse(input=ntriples, format=ox.RdfFormat.N_TRIPLES))
    return shacl_validate(data)


def combine_checks(parts: Sequence[NoticePart], dataset: list[Any]) -> list[Any]:
    """Every check's rows: the notice-scope checks' rows of each part (in notice order) and the other checks'
    (``dataset``, :func:`graph_builder.rdf.validate.dataset_checks`), sorted by check name (as
    :func:`graph_builder.rdf.validate.run_checks` gives them)."""
    from graph_builder.rdf.validate import CheckResult

    rows: dict[str, list[dict[str, str]]] = {c.name: list(c.rows) for c in dataset}
    for part in parts:
        for check in part.checks:
            rows.setdefault(check.name, []).extend(check.rows)
    return [CheckResult(name, rows[name]) for name in sorted(rows)]


def _base_of(assembly: Assembly) -> str:
    entities = next(g for g in assembly.shared_nquads if g.endswith("graph/entities"))
    return entities[: -len("graph/entities")]


@_collector_off()
def build_corpus(paths: Sequence[Path], out_dir: Path, *, base_iri: str, license: str | None = None,
                 dump_url: str | None = None, formats: Sequence[str] | None = None, shacl: bool = True,
                 jobs: int = 1, timeout: float | None = 600.0, use_cache: bool = True,
                 progress: bool = False, dumps: bool = True) -> BuildOutcome:
    """Build the notices of ``paths`` into ``out_dir``: exports, report, embedded store (see the module)."""
    import time

    from graph_builder.commands.parse import map_files
    from graph_builder.errors import PolicyKGError
    from graph_builder.rdf.validate import Validation, dataset_checks
    from graph_builder.resolve import Resolver  # noqa: F401  imported before the thread that unpickles parts
    from graph_builder.store import jsonld, oxstore
    from graph_builder.store.export import (
        DEFAULT_LICENSE,
        EXPORTERS,
        BuildInfo,
        ExportFormat,
        _prefixes,
        atomic_write,
        build_report,
        void_bytes,
    )
    from graph_builder.store.stats import DatasetStats

    outcome = BuildOutcome()
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        outcome.seconds[name] = outcome.seconds.get(name, 0.0) + now - clock
        clock = now

    seen: dict[str, Path] = {}
    for path in paths:
        key = iris.notice_key(str(path))
        if key in seen:
            outcome.usage_error = (f"[E303] two notices share the key {key!r}: {seen[key]} and {path} — rename one "
                                   "of the files (the key is the file name stem)")
            return outcome
        seen[key] = path
    out_dir = Path(out_dir)
    cache = out_dir / CACHE_DIR
    print_hash = fingerprint(base_iri)
    work = functools.partial(build_part, base_iri=base_iri, cache_dir=str(cache), print_hash=print_hash)
    found: list[NoticePart | None] = [None] * len(paths)
    state = _recorded(out_dir, base_iri)
    recorded = state if use_cache else None
    # the notices the store state does not record as they are now are built at once, in the workers, while a
    # thread of this process reads the cached parts of the others (~2.5 s at 1,000 notices)
    digests = {i: _sha256(p) for i, p in enumerate(paths) if state is not None and p.is_file()}
    graph_iris = [iris.notice_iri(iris.notice_key(str(p)), base=base_iri) for p in paths]
    changed = [i for i in range(len(paths))
               if state is not None and state.get(graph_iris[i]) != _digest(print_hash, digests.get(i))]
    first = list(range(len(paths))) if not use_cache else changed if recorded is not None else []
    # a build that will replace the store whole (a first one, or one where most notices changed — the builder
    # did: sync_store's rule) loads it beside the workers: each notice graph as its worker finishes it, the
    # cached ones as they are read; the workers yield the cores to the load (WORKER_NICE), which is what is left
    # to do once the last notice is built
    gone = len(state.keys() - set(graph_iris)) if state is not None else 0
    whole = _replaced_whole(out_dir, state, len(changed), gone, len(paths))
    background = oxstore.BackgroundLoad(out_dir, len(paths)) if whole else None
    nice = WORKER_NICE if background is not None else 0

    def given(result: Any) -> None:
        if background is not None and isinstance(result, NoticePart):
            background.add(result.nquads, result.quads)

    building = set(first)
    rest = [i for i in range(len(paths)) if i not in building and paths[i].is_file()]

    def load_rest() -> None:
        present = set(os.listdir(cache)) if cache.is_dir() else set()
        for i in rest:
            found[i] = load_part(cache, paths[i], print_hash, digests.get(i), present)
            given(found[i])

    chosen = ([ExportFormat(f) for f in formats] if formats else list(ExportFormat)) if dumps else []
    # pySHACL and the dumps run in other processes while this one loads the store; the one for pySHACL starts
    # now and imports while the workers build (~1 s of an incremental build)
    pool = _Exporters(jobs, 1 + 2 * bool(chosen))
    if shacl:
        pool.submit(_warm_up)
    results: list[Any] = []
    early: tuple[bytes, Any] | None = None
    try:
        with ThreadPoolExecutor(1) as thread:
            loading = thread.submit(load_rest)
            if first:
                results = map_files([str(paths[i]) for i in first], work, timeout=timeout, jobs=jobs,
                                    progress=progress, label="build", on_result=given, nice=nice)
                if shacl and pool.pool is not None and recorded is not None:
                    early = _early_shacl(pool, out_dir, [r for r in results if isinstance(r, NoticePart)],
                                         base_iri=base_iri)
            loading.result()
        second = [i for i in range(len(paths)) if i not in building and found[i] is None]  # no usable cache
        if second:
            results += map_files([str(paths[i]) for i in second], work, timeout=timeout, jobs=jobs,
                                 progress=progress, label="build", on_result=given, nice=nice)
    except BaseException:  # e.g. Ctrl-C: the pool's processes and the half-loaded store go too
        pool.__exit__()
        if background is not None:
            background.abort()
        raise
    todo = first + second
    for i, result in zip(todo, results, strict=True):
        if isinstance(result, PolicyKGError):
            outcome.errors.append(result)
        else:
            found[i] = result
    parts = [p for p in found if p is not None]
    outcome.rebuilt = len(todo) - len(outcome.errors)
    outcome.notices = len(parts)
    live = {p.key for p in parts}
    if cache.is_dir():  # a deleted or failed notice: its graph goes
        for stale in cache.iterdir():
            # (.nt: the cache of builds before 2026-11-26)
            if stale.suffix == ".nt" or stale.suffix in (".nq", ".trig", ".jsonld", ".part") and stale.stem not in live:
                stale.unlink()
    lap("notices")
    # the cache files the workers wrote, made durable beside what follows (mostly written back by the system
    # already: an fsync then costs little) and before the store state records them
    syncing = ThreadPoolExecutor(1, thread_name_prefix="policykg-cache-sync")
    synced = syncing.submit(_fsync_files, [path for result in results if isinstance(result, NoticePart)
                                           for path in _cache_files(cache, result)])
    syncing.shutdown(wait=False)
    if not parts:
        pool.__exit__()
        if background is not None:
            background.abort()
        outcome.usage_error = "[E302] no notice could be read — name .txt or .md files or folders holding them"
        return outcome
    assembly = assemble(parts, base_iri=base_iri, cache_dir=cache)
    outcome.quads = sum(assembly.quads.values())
    lap("shared graphs")
    files = {fmt: out_dir / name for fmt, (name, _, _) in EXPORTERS.items()}
    for fmt, path in files.items():  # a dump of an earlier build this one does not rewrite would be stale
        if fmt not in chosen:
            path.unlink(missing_ok=True)
    rebuilt = {iris.notice_iri(iris.notice_key(str(paths[i])), base=base_iri) for i in todo}
    prefixes = _prefixes(base_iri)
    nt, ttl, trig, nq = (files[f] if f in chosen else None
                         for f in (ExportFormat.NTRIPLES, ExportFormat.TURTLE, ExportFormat.TRIG, ExportFormat.NQUADS))
    with pool:
        how = ""
        if shacl:
            sample, how = shacl_sample(assembly, outcome.quads, rebuilt)
            shacl_done = early[1] if early is not None and early[0] == sample else pool.submit(shacl_job, sample)
        merged = pool.submit(merged_exports, assembly, nt, ttl, prefixes) if nt or ttl else None
        quads_done = pool.submit(quads_exports, assembly, nq, trig, prefixes) if nq or trig else None
        # what does not need the store goes first: a first build's load thread is still finishing the store
        # (the last notice graphs: ~15–20 s at 1,000 notices) and this thread would only wait for it
        shared_facts, shared_stats, merges = shared_summaries(assembly, cache / SHARED_SUMMARIES, print_hash,
                                                              base_iri=base_iri)
        checks = combine_checks(parts, dataset_checks(CheckFacts.union([*shared_facts, *(p.facts for p in parts)])))
        # the figures: the notice graphs' summaries (made by the workers) and the shared graphs'
        stats = DatasetStats.of([*(p.stats for p in parts), *shared_stats], merges)
        lap("checks")
        written = []
        if ExportFormat.JSONLD in chosen:
            path = files[ExportFormat.JSONLD]
            _stream_to(path, lambda out: write_jsonld(assembly, out, base_iri=base_iri))
            written.append(path)
        atomic_write(out_dir / jsonld.CONTEXT_FILE, jsonld.dumps(jsonld.context_document(base_iri)))
        written.append(out_dir / jsonld.CONTEXT_FILE)
        lap("export")
        outcome.store = sync_store(out_dir, assembly, parts, base_iri=base_iri, background=background,
                                   synced=synced.result)
        lap("store")
        outcome.validation = Validation(shacl_done.result() if shacl else None, checks,
                                        [m for p in parts for m in p.quote_mismatches])
        lap("checks")
        for done in (merged, quads_done):
            if done is not None:
                done.result()
        lap("export")
    outcome.written += [path for path in (nq, nt, ttl, trig) if path is not None] + written
    checked = [f"SHACL (ontology/shapes.ttl) with pySHACL over {how}"] if shacl else []
    info = BuildInfo([p.summary for p in parts], base_iri=base_iri, license=license or DEFAULT_LICENSE,
                     dump_url=dump_url, validation=outcome.validation,
                     input_errors=[str(e) for e in outcome.errors], checked=checked, formats=chosen)
    for name, data in (("void.ttl", void_bytes(stats, info)), ("build-report.md", build_report(stats, info).encode())):
        atomic_write(out_dir / name, data)
        outcome.written.append(out_dir / name)
    lap("void and report")
    return outcome
