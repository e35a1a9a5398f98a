"""Typed records → an RDF dataset with provenance.

Layout of the dataset (see ``ontology/README.md``):

* one named graph per notice, named by the notice IRI, holding everything read
  from that notice: the notice, its sections, tasks, projects, target
  statements, assignments, the units, leaders and posts they name, and a
  :class:`pkg:Mention <PKG>` with ``oa:TextPositionSelector`` (start, end) and
  ``oa:TextQuoteSelector`` (exact text) for every task, assignment and name;
* ``{base}graph/regions``: the administrative areas, with the codes, levels
  and parents of the built-in gazetteer;
* the ontology itself, in the named graph of its ontology IRI, so that a dump
  is self-describing (labels of classes and roles) and queries can follow
  ``rdfs:subClassOf``.

No blank node is minted for data (only the ontology's OWL restrictions have
them), so the same input gives the same triples, byte for byte once sorted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import PurePath

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from graph_builder.parse.records import (
    HeadlineTarget,
    LeaderRef,
    Level,
    Notice,
    Project,
    Role,
    Span,
    Task,
    UnitRef,
)
from graph_builder.rdf import iris
from graph_builder.rdf.gazetteer import GAZETTEER
from graph_builder.rdf.namespace import (
    DCTERMS,
    OA,
    ONTOLOGY_IRI,
    ORG,
    PKG,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XSD,
)
from graph_builder.rdf.ontology import load_ontology

__all__ = ["DEFAULT_BASE", "ROLE_TERMS", "LEVEL_TERMS", "build_dataset", "notice_quads", "ontology_triples",
           "region_quads"]

DEFAULT_BASE = iris.DEFAULT_BASE

#: records.Role -> the role individual of the ontology
ROLE_TERMS: dict[Role, URIRef] = {
    Role.PRIMARY: PKG.rolePrimary,
    Role.ASSISTING: PKG.roleAssisting,
    Role.RESPONSIBLE: PKG.roleResponsible,
}

#: records.Level -> the level individual of the ontology (UNKNOWN has none)
LEVEL_TERMS: dict[Level, URIRef] = {
    Level.PROVINCE: PKG.levelProvince,
    Level.CITY: PKG.levelCity,
    Level.COUNTY: PKG.levelCounty,
    Level.DISTRICT: PKG.levelDistrict,
    Level.TOWN: PKG.levelTown,
}

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, Node]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _pos(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.positiveInteger)


def _nonneg(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.nonNegativeInteger)


def _int(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)


def _date(value: str) -> Literal:
    if _DATE.match(value):
        return Literal(value, datatype=XSD.date)
    if _DATETIME.match(value):
        return Literal(value, datatype=XSD.dateTime)
    return Literal(value)


class _NoticeBuilder:
    """Emits the triples of one notice; holds nothing beyond the notice."""

    def __init__(self, notice: Notice, text: str, base: str) -> None:
        self.notice = notice
        self.text = text
        self.base = base
        self.key = iris.notice_key(notice.source)
        self.iri = URIRef(iris.notice_iri(self.key, base=base))
        self.jurisdiction = notice.jurisdiction
        # scope of names whose jurisdiction is unknown: the notice itself
        self.scope = notice.jurisdiction or f"~{PurePath(notice.source).stem}"
        self.triples: list[Triple] = []
        self.regions: set[str] = set()

    # -- helpers --------------------------------------------------------------
    def add(self, s: Node, p: Node, o: Node) -> None:
        self.triples.append((s, p, o))

    def mention(self, thing: str, span: Span, quote: str | None = None) -> URIRef:
        """A pkg:Mention of ``span`` (the quote defaults to the source characters)."""
        evidence = URIRef(iris.evidence_iri(thing))
        position = URIRef(iris.position_iri(thing))
        quote_sel = URIRef(iris.quote_iri(thing))
        exact = self.text[span.start:span.end] if quote is None else quote
        self.add(evidence, RDF.type, PKG.Mention)
        self.add(evidence, OA.hasSource, self.iri)
        self.add(evidence, OA.hasSelector, position)
        self.add(evidence, OA.hasSelector, quote_sel)
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, _nonneg(span.start))
        self.add(position, OA.end, _nonneg(span.end))
        self.add(quote_sel, RDF.type, OA.TextQuoteSelector)
        self.add(quote_sel, OA.exact, Literal(exact))
        return evidence

    def extracted(self, thing: URIRef, cls: URIRef, span: Span, label: str) -> None:
        """Type, label, derivation and evidence of a thing read from the notice."""
        self.add(thing, RDF.type, cls)
        self.add(thing, RDFS.label, _zh(label))
        self.add(thing, PROV.wasDerivedFrom, self.iri)
        self.add(thing, PKG.evidence, self.mention(str(thing), span))

    def region(self, name: str) -> URIRef:
        self.regions.add(name)
        iri = URIRef(iris.region_iri(name, base=self.base))
        self.add(iri, RDF.type, PKG.Region)
        self.add(iri, RDFS.label, _zh(name))
        self.add(iri, SKOS.prefLabel, _zh(name))
        return iri

    def named(self, iri: URIRef, cls: URIRef, name: str) -> None:
        self.add(iri, RDF.type, cls)
        self.add(iri, RDFS.label, _zh(name))
        self.add(iri, SKOS.prefLabel, _zh(name))

    def unit(self, name: str, *, collective: bool) -> URIRef:
        if self.jurisdiction is None:
            scope = self.scope
        else:
            scope = iris.unit_scope(name, jurisdiction=self.jurisdiction,
                                    parent=self.notice.parent_jurisdiction)
        iri = URIRef(iris.unit_iri(name, scope, collective=collective, base=self.base))
        self.named(iri, PKG.CollectiveUnit if collective else PKG.Unit, name)
        if self.jurisdiction is not None:
            self.add(iri, PKG.jurisdiction, self.region(scope))
        return iri

    def leader(self, name: str, *, collective: bool) -> URIRef:
        iri = URIRef(iris.leader_iri(name, self.scope, collective=collective, base=self.base))
        if collective:
            self.named(iri, PKG.CollectiveLeader, name)
            if self.jurisdiction is not None:
                self.add(iri, PKG.jurisdiction, self.region(self.jurisdiction))
            return iri
        self.named(iri, PKG.Leader, name)
        post = URIRef(iris.post_iri(name, self.scope, base=self.base))
        self.add(post, RDF.type, PKG.Post)
        where = self.jurisdiction or "?"
        self.add(post, RDFS.label, _zh(f"{name}（{where}）所任领导职务"))
        self.add(iri, ORG.holds, post)
        self.add(post, ORG.heldBy, iri)
        if self.jurisdiction is not None:
            self.add(post, PKG.jurisdiction, self.region(self.jurisdiction))
        government = self.government()
        if government is not None:
            self.add(post, ORG.postIn, government)
        return iri

    def government(self) -> URIRef | None:
        """The people's government that issued the notice, when the issuer is one."""
        issuer = self.notice.issuer
        if issuer and issuer.endswith("人民政府"):
            return self.unit(issuer, collective=False)
        return None

    # -- the notice -----------------------------------------------------------
    def build(self) -> list[Triple]:
        n, notice = self.iri, self.notice
        self.add(n, RDF.type, PKG.Notice)
        self.add(n, RDFS.label, _zh(notice.title or PurePath(notice.source).stem))
        if notice.title:
            self.add(n, DCTERMS.title, _zh(notice.title))
        if notice.doc_number:
            self.add(n, DCTERMS.identifier, Literal(notice.doc_number))
        if notice.date:
            self.add(n, DCTERMS.issued, _date(notice.date))
        self.add(n, PKG.sha256, Literal(notice.sha256))
        self.add(n, PKG.sourceFile, Literal(PurePath(notice.source).name))
        self.add(n, PKG.sourceEncoding, Literal(notice.encoding))
        if notice.level in LEVEL_TERMS:
            self.add(n, PKG.adminLevel, LEVEL_TERMS[notice.level])
        if notice.jurisdiction:
            self.add(n, DCTERMS.spatial, self.region(notice.jurisdiction))
        if notice.issuer:
            self.add(n, DCTERMS.publisher, self.unit(notice.issuer, collective=False))
        if notice.recipients:
            self.add(n, PKG.recipients, _zh(notice.recipients))
        for convention in notice.conventions:
            self.add(n, PKG.convention, _zh(convention))

        sections: dict[str, list[tuple[int, URIRef]]] = {}
        for section in notice.sections:
            s = URIRef(iris.section_iri(str(n), section.ordinal))
            self.extracted(s, PKG.Section, section.span, f"{section.number} {section.title}".strip())
            self.add(s, PKG.inNotice, n)
            self.add(s, PKG.ordinal, _pos(section.ordinal))
            self.add(s, PKG.printedNumber, Literal(section.number))
            if section.title:
                self.add(s, DCTERMS.title, _zh(section.title))
            sections.setdefault(section.number, []).append((section.span.start, s))

        for task in notice.tasks:
            self.task(task, sections)
        for project in notice.projects:
            self.project(project)
        for position, target in enumerate(notice.headline_targets, start=1):
            self.target(target, position)
        return self.triples

    def task(self, task: Task, sections: Mapping[str, list[tuple[int, URIRef]]]) -> None:
        t = URIRef(iris.task_iri(str(self.iri), task.number))
        self.extracted(t, PKG.Task, task.span, f"第{task.number}项任务")
        self.add(t, PKG.inNotice, self.iri)
        self.add(t, PKG.taskNumber, _pos(task.number))
        if task.stated_number is not None:
            self.add(t, PKG.statedNumber, _int(task.stated_number))
        if task.text:
            self.add(t, PKG.text, _zh(task.text))
        if task.section is not None and task.section in sections:
            # the last section of that number that starts before the task
            candidates = sections[task.section]
            before = [c for c in candidates if c[0] <= task.span.start] or candidates
            self.add(t, PKG.inSection, max(before, key=lambda c: c[0])[1])
        self.assignments(t, task.leaders, task.units)

    def assignments(self, owner: URIRef, leaders: Iterable[LeaderRef], units: Iterable[UnitRef]) -> None:
        for position, lref in enumerate(leaders, start=1):
            a = URIRef(iris.assignment_iri(str(owner), "leader", position))
            self.assignment(owner, a, self.leader(lref.name, collective=lref.collective), PKG.roleLeader,
                            lref.order, "牵头领导", lref.span, lref.quote, lref.name)
        for position, uref in enumerate(units, start=1):
            a = URIRef(iris.assignment_iri(str(owner), "unit", position))
            self.assignment(owner, a, self.unit(uref.name, collective=uref.collective), ROLE_TERMS[uref.role],
                            uref.order, uref.field, uref.span, uref.quote, uref.name)

    def assignment(self, owner: URIRef, a: URIRef, agent: URIRef, role: URIRef, order: int, field: str,
                   span: Span, quote: str, name: str) -> None:
        self.add(owner, PKG.hasAssignment, a)
        self.add(a, RDF.type, PKG.Assignment)
        self.add(a, RDFS.label, _zh(f"{name}：{field}"))
        self.add(a, PROV.agent, agent)
        self.add(a, PROV.hadRole, role)
        self.add(a, PKG.listedOrder, _pos(order))
        if field:
            self.add(a, PKG.fieldLabel, _zh(field))
        self.add(a, PROV.wasDerivedFrom, self.iri)
        self.add(a, PKG.evidence, self.mention(str(a), span, quote))

    def project(self, project: Project) -> None:
        p = URIRef(iris.project_iri(str(self.iri), project.number))
        self.extracted(p, PKG.Project, project.span, project.name)
        self.add(p, PKG.inNotice, self.iri)
        self.add(p, PKG.ordinal, _pos(project.number))
        self.add(p, DCTERMS.title, _zh(project.name))
        if project.annex:
            self.add(p, PKG.annex, _zh(project.annex))
        for position, item in enumerate(project.items, start=1):
            i = URIRef(iris.project_item_iri(str(p), position))
            self.extracted(i, PKG.ProjectItem, item.span, f"{project.name} {item.number or ''}".strip())
            self.add(i, PKG.inProject, p)
            self.add(i, PKG.ordinal, _pos(position))
            if item.number:
                self.add(i, PKG.printedNumber, Literal(item.number))
            if item.content:
                self.add(i, PKG.text, _zh(item.content))
            self.assignments(i, item.leaders, item.units)

    def target(self, target: HeadlineTarget, position: int) -> None:
        g = URIRef(iris.target_iri(str(self.iri), position))
        self.extracted(g, PKG.TargetStatement, target.span, f"主要预期目标{position}")
        self.add(g, PKG.inNotice, self.iri)
        self.add(g, PKG.text, _zh(target.text))
        if target.task is not None:
            self.add(g, PKG.targetTask, URIRef(iris.task_iri(str(self.iri), target.task)))


def notice_quads(notice: Notice, text: str, *, base_iri: str = DEFAULT_BASE) -> tuple[list[Quad], set[str]]:
    """Quads of one notice in its named graph, and the names of the regions it refers to."""
    builder = _NoticeBuilder(notice, text, iris.check_base(base_iri))
    graph = builder.iri
    return [(s, p, o, graph) for s, p, o in dict.fromkeys(builder.build())], builder.regions


def region_quads(names: Iterable[str], parents: Mapping[str, str], *, base_iri: str = DEFAULT_BASE) -> list[Quad]:
    """Quads of the regions graph: each region, its gazetteer code and level, and its parents up the chain.

    ``parents`` gives parents the notices state (``Notice.parent_jurisdiction``);
    the gazetteer wins where it knows the area.
    """
    graph = URIRef(iris.regions_graph_iri(base=base_iri))
    out: list[Triple] = []
    todo, seen = sorted(set(names)), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        iri = URIRef(iris.region_iri(name, base=base_iri))
        out += [(iri, RDF.type, PKG.Region), (iri, RDFS.label, _zh(name)), (iri, SKOS.prefLabel, _zh(name))]
        area = GAZETTEER.get(name)
        parent = area.parent if area else parents.get(name)
        if area is not None:
            out.append((iri, SKOS.notation, Literal(area.code)))
            if area.level in LEVEL_TERMS:
                out.append((iri, PKG.adminLevel, LEVEL_TERMS[area.level]))
        if parent:
            out.append((iri, PKG.parentRegion, URIRef(iris.region_iri(parent, base=base_iri))))
            todo.append(parent)
    return [(s, p, o, graph) for s, p, o in dict.fromkeys(out)]


def ontology_triples() -> Iterator[Triple]:
    """Triples of the ontology, blank nodes relabelled canonically (so exports are stable)."""
    canonical: Graph = to_canonical_graph(load_ontology())
    yield from canonical


def _read_text(notice: Notice) -> str:
    from graph_builder.read import read_path

    return read_path(notice.source).text


def build_dataset(notices: list[Notice], *, base_iri: str = DEFAULT_BASE,
                  texts: Mapping[str, str] | None = None, include_ontology: bool = True) -> Dataset:
    """Build the RDF dataset of ``notices``.

    Parameters
    ----------
    notices
        Parsed notices; their keys (file name stems) must be distinct.
    base_iri
        Base of every data IRI (absolute http(s), ending in ``/``).
    texts
        Decoded source text of each notice, by ``Notice.source``; the quotes of
        task and section mentions are cut from it.  Missing texts are read
        with :func:`graph_builder.read.read_path`.
    include_ontology
        Put the ontology in the named graph of its IRI (default).

    Returns
    -------
    rdflib.Dataset
        One named graph per notice, the regions graph and the ontology graph;
        ``default_union`` is on, so triple patterns on the dataset itself see all graphs.

    Raises
    ------
    ValueError
        On a bad base IRI or two notices with the same key.
    """
    base = iris.check_base(base_iri)
    ds = Dataset(default_union=True)
    seen: dict[str, str] = {}
    regions: set[str] = set()
    parents: dict[str, str] = {}
    for notice in notices:
        key = iris.notice_key(notice.source)
        if key in seen:
            raise ValueError(f"two notices share the key {key!r}: {seen[key]} and {notice.source} "
                             "— rename one of the files (the key is the file name stem)")
        seen[key] = notice.source
        text = texts[notice.source] if texts is not None and notice.source in texts else _read_text(notice)
        quads, used = notice_quads(notice, text, base_iri=base)
        regions |= used
        if notice.jurisdiction and notice.parent_jurisdiction:
            parents.setdefault(notice.jurisdiction, notice.parent_jurisdiction)
        _add(ds, quads)
    _add(ds, region_quads(regions, parents, base_iri=base))
    if include_ontology:
        graph = URIRef(ONTOLOGY_IRI)
        _add(ds, [(s, p, o, graph) for s, p, o in ontology_triples()])
    return ds


def _add(ds: Dataset, quads: Iterable[Quad]) -> None:
    graphs: dict[Node, Graph] = {}
    batch = []
    for s, p, o, g in quads:
        if g not in graphs:
            graphs[g] = ds.graph(g if isinstance(g, URIRef) else None)
        batch.append((s, p, o, graphs[g]))
    ds.addN(batch)
