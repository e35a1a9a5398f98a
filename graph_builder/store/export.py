"""Exports of a built dataset: Turtle, TriG, N-Quads, N-Triples, JSON-LD, VoID/DCAT and a build report.

Formats are registered by name in :data:`EXPORTERS`.  Every file is written
atomically (temporary file in the same folder, fsync, :func:`os.replace`) and
its bytes depend only on the input: quads are sorted (numbers in IRIs in
numeric order), blank nodes of the ontology are labelled canonically, and no
time stamp is written.  Serialization is pyoxigraph's (rdflib's Turtle writer
is ~400× slower, see /work/shared/MEASUREMENTS.md).  The figures of ``void.ttl``
and the report are combined from per-graph summaries (:mod:`graph_builder.store.stats`).

===================  ========================================================
``policykg.ttl``     Turtle, all graphs merged into one
``policykg.nt``      N-Triples, all graphs merged into one
``policykg.trig``    TriG, named graphs kept
``policykg.nq``      N-Quads, named graphs kept
``policykg.jsonld``  JSON-LD, named graphs kept, ``@context`` = ``context.jsonld``
``context.jsonld``   the curated JSON-LD context (compact keys)
``void.ttl``         VoID + DCAT description: counts, sources, licence, dumps
``build-report.md``  counts per class and role, SHACL result, checks, warnings
===================  ========================================================
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import io
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urljoin

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node

from graph_builder.parse.records import Notice
from graph_builder.rdf import iris
from graph_builder.rdf.namespace import DCAT, DCTERMS, PKG, PREFIXES, RDF, VOID, XSD
from graph_builder.rdf.validate import Validation
from graph_builder.store import jsonld
from graph_builder.store.stats import DatasetStats, dataset_stats

__all__ = [
    "ExportFormat",
    "EXPORTERS",
    "DEFAULT_LICENSE",
    "BuildInfo",
    "to_oxigraph",
    "sorted_quads",
    "merged_triples",
    "load_store",
    "atomic_write",
    "write_exports",
    "void_triples",
    "build_report",
    "void_bytes",
    "NoticeSummary",
    "quad_key",
    "triple_key",
    "triple_text",
]

DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"


class ExportFormat(enum.StrEnum):
    """Export formats, by name."""

    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    TRIG = "trig"
    NQUADS = "nquads"
    JSONLD = "jsonld"


@dataclass(frozen=True, slots=True)
class NoticeSummary:
    """What the report and the VoID description need of one notice (kept instead of its records at scale)."""

    source: str
    sha256: str
    jurisdiction: str | None
    tasks: int
    projects: int
    assignments: int
    indicators: int
    headline: int
    mentioned: int
    places: int
    warnings: tuple[str, ...]  # warning codes, in order

    @classmethod
    def of(cls, notice: Notice | NoticeSummary) -> NoticeSummary:
        if isinstance(notice, NoticeSummary):
            return notice
        assignments = sum(len(t.units) + len(t.leaders) for t in notice.tasks)
        assignments += sum(len(i.units) + len(i.leaders) for p in notice.projects for i in p.items)
        return cls(notice.source, notice.sha256, notice.jurisdiction, len(notice.tasks), len(notice.projects),
                   assignments, sum(len(t.indicators) for t in notice.tasks), len(notice.headline_indicators),
                   sum(len(t.projects) for t in notice.tasks), sum(len(t.regions) for t in notice.tasks),
                   tuple(w.code for w in notice.warnings))


@dataclass(slots=True)
class BuildInfo:
    """What the report and the VoID description say beyond the graph itself."""

    notices: Sequence[Notice | NoticeSummary]
    base_iri: str = iris.DEFAULT_BASE
    license: str = DEFAULT_LICENSE
    dump_url: str | None = None  # where the dumps are published; default: {base}../exports/
    validation: Validation | None = None
    input_errors: list[str] = field(default_factory=list)
    #: what was checked and how (lines of the report's "Checks" section), when the builder says more
    checked: list[str] = field(default_factory=list)
    #: the dumps written, which void.ttl lists (None: every format)
    formats: Sequence[ExportFormat] | None = None

    @property
    def summaries(self) -> list[NoticeSummary]:
        return [NoticeSummary.of(n) for n in self.notices]

    @property
    def dumps(self) -> str:
        return self.dump_url or urljoin(self.base_iri, "../exports/")


# -- conversion and ordering ---------------------------------------------------

def _term(node: Node) -> Any:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"cannot convert {node!r} to pyoxigraph")


def to_oxigraph(ds: Dataset) -> list[ox.Quad]:
    """Quads of an rdflib dataset as pyoxigraph quads (default-graph triples kept in the default graph)."""
    out = []
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        graph = ox.DefaultGraph() if name is None or str(name).startswith("urn:x-rdflib:default") \
            else _term(name)
        out.append(ox.Quad(_term(s), _term(p), _term(o), graph))
    return out


_NUM = re.compile(r"(\d+)")


def _natural(text: str) -> tuple[Any, ...]:
    return tuple(int(part) if part.isdigit() else part for part in _NUM.split(text))


_natural_cached = functools.lru_cache(maxsize=1 << 18)(_natural)


def _key(term: Any) -> tuple[Any, ...]:
    return _natural_cached(str(term))


def triple_text(t: ox.Triple | ox.Quad) -> str:
    """The N-Triples form of a triple (of a quad: its triple), without the final `` .``."""
    return f"{t.subject} {t.predicate} {t.object}"


def quad_key(q: ox.Quad) -> tuple[Any, ...]:
    """The sort key of a quad in the exports: the graph (numbers in its name numerically), then the triple's
    N-Triples text (code-point order, as ``LC_ALL=C sort`` orders an N-Triples file)."""
    return _key(q.graph_name), triple_text(q)


def triple_key(t: ox.Triple) -> str:
    """The sort key of a triple in the merged exports (Turtle, N-Triples): its N-Triples text."""
    return triple_text(t)


def sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Distinct quads in a stable order: graph, subject, predicate, object (numbers numerically)."""
    unique = set(quads)
    return sorted(unique, key=quad_key)


def merged_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """Distinct triples of all graphs, sorted."""
    unique = {q.triple for q in quads}
    return sorted(unique, key=triple_key)


def load_store(quads: Iterable[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store


# -- writing -------------------------------------------------------------------

def atomic_stream(path: Path, write: Callable[[IO[bytes]], object], *, durable: bool = True) -> None:
    """Write a file through ``write(handle)``, atomically: temp file in the same folder, fsync, os.replace.

    A crash or an exception leaves the previous file as it was and no temp file behind.  Not ``durable``: no
    fsync — the file may be short after the machine stops, before the system writes it (the build's cache).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            buffered = io.BufferedWriter(raw, 1 << 20)  # type: ignore[arg-type]
            write(buffered)
            buffered.flush()
            if durable:
                os.fsync(raw.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_stream`)."""
    atomic_stream(path, lambda handle: handle.write(data), durable=durable)


def _prefixes(base_iri: str) -> dict[str, str]:
    return dict(PREFIXES)  # data IRIs stay whole: "id:notice\/..." would need escaped slashes


def _bytes(data: bytes | None) -> bytes:
    assert data is not None  # serialize() returns bytes when no output is given
    return data


def _turtle(quads: Sequence[ox.Quad], triples: Sequence[ox.Triple], base_iri: str) -> bytes:
    return _bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_prefixes(base_iri)))


def _ntriples(quads: Sequence[ox.Quad], triples: Sequence[ox.Triple], base_iri: str) -> bytes:
    return _bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))


def _trig(quads: Sequence[ox.Quad], triples: Sequence[ox.Triple], base_iri: str) -> bytes:
    return _bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_prefixes(base_iri)))


def _nquads(quads: Sequence[ox.Quad], triples: Sequence[ox.Triple], base_iri: str) -> bytes:
    return _bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))


def _jsonld(quads: Sequence[ox.Quad], triples: Sequence[ox.Triple], base_iri: str) -> bytes:
    return jsonld.dumps(jsonld.to_jsonld(quads, base_iri=base_iri))


#: name -> (file name, writer(sorted quads, sorted merged triples, base IRI) -> bytes, media type)
EXPORTERS: dict[ExportFormat, tuple[str, Callable[[Sequence[ox.Quad], Sequence[ox.Triple], str], bytes], str]] = {
    ExportFormat.TURTLE: ("policykg.ttl", _turtle, "text/turtle"),
    ExportFormat.NTRIPLES: ("policykg.nt", _ntriples, "application/n-triples"),
    ExportFormat.TRIG: ("policykg.trig", _trig, "application/trig"),
    ExportFormat.NQUADS: ("policykg.nq", _nquads, "application/n-quads"),
    ExportFormat.JSONLD: ("policykg.jsonld", _jsonld, "application/ld+json"),
}


def void_triples(stats: DatasetStats, info: BuildInfo) -> list[ox.Triple]:
    """VoID and DCAT description of the dataset and of each notice graph."""
    base = info.base_iri
    ds = ox.NamedNode(f"{base}dataset")

    def nn(iri: str) -> ox.NamedNode:
        return ox.NamedNode(str(iri))

    def integer(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=nn(XSD.integer))

    out = [
        ox.Triple(ds, nn(RDF.type), nn(VOID.Dataset)),
        ox.Triple(ds, nn(RDF.type), nn(DCAT.Dataset)),
        ox.Triple(ds, nn(DCTERMS.title), ox.Literal("政府工作报告任务分解知识图谱", language="zh")),
        ox.Triple(ds, nn(DCTERMS.title), ox.Literal("policykg: knowledge graph of task-breakdown notices",
                                                    language="en")),
        ox.Triple(ds, nn(DCTERMS.license), nn(info.license)),
        ox.Triple(ds, nn(VOID.triples), integer(stats.triples)),
        ox.Triple(ds, nn(VOID.distinctSubjects), integer(stats.subjects)),
        ox.Triple(ds, nn(VOID.entities), integer(sum(stats.entities.values()))),
        ox.Triple(ds, nn(VOID.classes), integer(stats.classes)),
        ox.Triple(ds, nn(VOID.properties), integer(stats.properties)),
        ox.Triple(ds, nn(VOID.uriSpace), ox.Literal(base)),
        ox.Triple(ds, nn(VOID.vocabulary), nn(PKG._NS)),
    ]
    for prefix in ("oa", "eli", "org", "prov", "skos", "dcterms", "schema", "qudt"):
        out.append(ox.Triple(ds, nn(VOID.vocabulary), nn(PREFIXES[prefix])))
    for cls, n in stats.entities.items():
        part = nn(f"{base}dataset/class/{cls.rsplit('#', 1)[-1]}")
        out += [ox.Triple(ds, nn(VOID.classPartition), part),
                ox.Triple(part, nn(VOID["class"]), nn(cls)),
                ox.Triple(part, nn(VOID.entities), integer(n))]
    for notice in info.summaries:
        graph = nn(iris.notice_iri(iris.notice_key(notice.source), base=base))
        subset = nn(f"{graph.value}#graph")
        out += [ox.Triple(ds, nn(DCTERMS.source), graph),
                ox.Triple(ds, nn(VOID.subset), subset),
                ox.Triple(subset, nn(RDF.type), nn(VOID.Dataset)),
                ox.Triple(subset, nn(DCTERMS.source), graph),
                ox.Triple(subset, nn(VOID.triples), integer(stats.per_graph.get(graph.value, 0)))]
    for fmt, (name, _, media) in EXPORTERS.items():
        if info.formats is not None and fmt not in info.formats:
            continue
        url = nn(info.dumps + name)
        dist = nn(f"{base}dataset/distribution/{fmt.value}")
        out += [ox.Triple(ds, nn(VOID.dataDump), url),
                ox.Triple(ds, nn(DCAT.distribution), dist),
                ox.Triple(dist, nn(RDF.type), nn(DCAT.Distribution)),
                ox.Triple(dist, nn(DCAT.downloadURL), url),
                ox.Triple(dist, nn(DCAT.mediaType), ox.Literal(media)),
                ox.Triple(dist, nn(DCTERMS.license), nn(info.license))]
    return sorted(set(out), key=lambda t: (_key(t.subject), _key(t.predicate), _key(t.object)))


def build_report(stats: DatasetStats, info: BuildInfo) -> str:
    """The build report (Markdown): inputs, counts per class and role, checks, warnings."""
    lines = ["# Build report", "",
             "Generated by `policykg build`; do not edit.", "",
             f"- notices: {len(info.notices)}",
             f"- triples (all graphs merged): {stats.triples}",
             f"- quads (named graphs kept): {stats.quads}",
             f"- base IRI: `{info.base_iri}`", ""]
    lines += ["## Notices", "",
              "| file | sha256 | jurisdiction | tasks | projects | assignments | indicators | headline "
              "| investment projects | places named | warnings |",
              "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for summary in info.summaries:
        lines.append(f"| {Path(summary.source).name} | `{summary.sha256[:12]}` | {summary.jurisdiction or '?'} "
                     f"| {summary.tasks} | {summary.projects} | {summary.assignments} | {summary.indicators} "
                     f"| {summary.headline} | {summary.mentioned} | {summary.places} | {len(summary.warnings)} |")
    lines += ["", "## Entities per class", "", "| class | entities |", "|---|---:|"]
    for cls, n in stats.entities.items():
        lines.append(f"| pkg:{cls.rsplit('#', 1)[-1]} | {n} |")
    lines += ["", "## Assignments per role", "", "| role | assignments |", "|---|---:|"]
    for role, n in stats.roles.items():
        lines.append(f"| pkg:{role.rsplit('#', 1)[-1]} | {n} |")
    lines += ["", "## Name merges", "",
              "Each is a `pkg:NameMerge` in the graph `{base}graph/resolution`; an alias is undone by deleting its "
              "line of `graph_builder/resolve/data/aliases.tsv`.", ""]
    merges = stats.merges
    if not merges:
        lines.append("None.")
    else:
        lines += ["| printed form | merged into | rule | reason |", "|---|---|---|---|"]
        lines += [f"| {form} | {label} | {rule} | {reason} |" for form, label, rule, reason in merges]
    lines += ["", "## Checks", ""]
    v = info.validation
    if v is None:
        lines.append("Not run.")
    else:
        if v.shacl is None:
            lines.append("- SHACL (ontology/shapes.ttl): not run (--no-shacl)")
        else:
            state = "conforms" if v.shacl.conforms else f"DOES NOT CONFORM ({v.shacl.results} results)"
            lines.append(f"- SHACL (ontology/shapes.ttl): {state}")
        lines += [f"- {line}" for line in info.checked]
        for check in v.checks:
            lines.append(f"- ontology/checks/{check.name}.rq: "
                         + ("0 rows" if check.ok else f"{len(check.rows)} ROWS"))
        lines.append("- quotes equal to the source characters: "
                     + ("all" if not v.quote_mismatches else f"{len(v.quote_mismatches)} MISMATCHES"))
        if v.shacl is not None and not v.shacl.conforms:
            lines += ["", "```", v.shacl.text.strip()[:20000], "```"]
        for check in v.checks:
            for row in check.rows[:20]:
                lines.append(f"  - {check.name}: " + ", ".join(f"{k}={val}" for k, val in row.items()))
        lines += [f"  - {m}" for m in v.quote_mismatches[:50]]
    lines += ["", "## Parse warnings", ""]
    counts = Counter((Path(n.source).name, code) for n in info.summaries for code in n.warnings)
    if not counts:
        lines.append("None.")
    else:
        lines += ["| file | code | count |", "|---|---|---:|"]
        lines += [f"| {f} | {c} | {k} |" for (f, c), k in sorted(counts.items())]
    if info.input_errors:
        lines += ["", "## Files not read", ""] + [f"- {e}" for e in info.input_errors]
    return "\n".join(lines) + "\n"


def write_exports(ds: Dataset, out_dir: Path, info: BuildInfo, *,
                  formats: Iterable[ExportFormat] = tuple(ExportFormat),
                  quads: Sequence[ox.Quad] | None = None) -> list[Path]:
    """Write the exports of ``ds`` in ``formats`` (and the context, ``void.ttl``, ``build-report.md``) into
    ``out_dir``; return the paths written.  ``void.ttl`` lists the dumps written, unless ``info`` says which.

    ``quads`` (:func:`sorted_quads` of ``ds``) may be passed when the caller has them already.
    """
    formats = [ExportFormat(f) for f in formats]
    if info.formats is None:
        info = dataclasses.replace(info, formats=formats)
    if quads is None:
        quads = sorted_quads(to_oxigraph(ds))
    triples = merged_triples(quads)
    written: list[Path] = []

    def put(name: str, data: bytes) -> None:
        path = out_dir / name
        atomic_write(path, data)
        written.append(path)

    for fmt in formats:
        name, writer, _ = EXPORTERS[fmt]
        put(name, writer(quads, triples, info.base_iri))
    put(jsonld.CONTEXT_FILE, jsonld.dumps(jsonld.context_document(info.base_iri)))
    stats = dataset_stats(quads, base_iri=info.base_iri)
    put("void.ttl", void_bytes(stats, info))
    put("build-report.md", build_report(stats, info).encode("utf-8"))
    return written


def void_bytes(stats: DatasetStats, info: BuildInfo) -> bytes:
    """``void.ttl``: :func:`void_triples` in Turtle."""
    return _bytes(ox.serialize(void_triples(stats, info), format=ox.RdfFormat.TURTLE,
                               prefixes=_prefixes(info.base_iri)))
