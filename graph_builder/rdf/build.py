"""Typed records → an RDF dataset with provenance.

Layout of the dataset (see ``ontology/README.md``):

* one named graph per notice, named by the notice IRI, holding everything read
  from that notice: the notice, its sections, tasks, projects, target
  statements, assignments, the units, leaders and posts they name, the
  indicators, investment projects and places the extraction stage found in the
  task text (:func:`graph_builder.extract.annotate.annotate`), and a
  :class:`pkg:Mention <PKG>` for every one of them: the notice's characters they were read
  from, named ``{notice}#char={start},{end}`` (RFC 5147), with ``oa:exact`` the characters;
* ``{base}graph/regions``: the administrative areas, with the codes, levels
  and parents of the gazetteer (``graph_builder/resolve/data/regions.tsv``);
* ``{base}graph/resolution``: one ``pkg:NameMerge`` per printed form of a unit or
  leader name that was merged into an entity of another preferred name, with
  its rule and reason (:class:`graph_builder.resolve.Resolver`);
* the ontology itself, in the named graph of its ontology IRI, so that a dump
  is self-describing (labels of classes and roles) and queries can follow
  ``rdfs:subClassOf``.

Units and leaders are resolved before they are minted: the IRI comes from the
entity's (jurisdiction, key), ``skos:prefLabel`` is the entity's preferred label
and each other form printed in the notice is a ``skos:altLabel``; the
assignment's evidence keeps the form as printed.

No blank node is minted for data (only the ontology's OWL restrictions have
them), so the same input gives the same triples, byte for byte once sorted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Identifier

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
from graph_builder.rdf import namespace as ns
from graph_builder.rdf.gazetteer import GAZETTEER, area_named
from graph_builder.rdf.namespace import ONTOLOGY_IRI, ox_terms
from graph_builder.rdf.ontology import load_ontology
from graph_builder.resolve import Entity, Merge, Resolver, unit_scope

# The builder makes pyoxigraph terms (6–8× cheaper than rdflib's, see namespace.ox_terms);
# build_dataset converts them to rdflib (:func:`to_rdflib`).
DCTERMS, OA, ORG, PKG, PROV, QUDT, RDF, RDFS, SDO, SKOS, XSD = (
    ox_terms(n) for n in (ns.DCTERMS, ns.OA, ns.ORG, ns.PKG, ns.PROV, ns.QUDT, ns.RDF, ns.RDFS, ns.SDO, ns.SKOS,
                          ns.XSD))

if TYPE_CHECKING:
    from graph_builder.extract.records import Indicator, ProjectMention, RegionMention

__all__ = ["DEFAULT_BASE", "ROLE_TERMS", "TALLY_TERMS", "statistics_quads", "LEVEL_TERMS", "COMPARATOR_TERMS", "KIND_TERMS", "MERGE_RULE_TERMS",
           "BRANCH", "branch_of", "build_dataset", "notice_quads", "ontology_triples", "to_rdflib", "region_quads",
           "resolution_quads", "entity_quads", "entity_label", "Printed", "merge_printed", "NoticeResult"]

DEFAULT_BASE = iris.DEFAULT_BASE

#: records.Role -> the role individual of the ontology
ROLE_TERMS: dict[Role, ox.NamedNode] = {
    Role.PRIMARY: PKG.rolePrimary,
    Role.ASSISTING: PKG.roleAssisting,
    Role.RESPONSIBLE: PKG.roleResponsible,
}

#: records.Level -> the level individual of the ontology (UNKNOWN has none)
LEVEL_TERMS: dict[Level, ox.NamedNode] = {
    Level.PROVINCE: PKG.levelProvince,
    Level.CITY: PKG.levelCity,
    Level.COUNTY: PKG.levelCounty,
    Level.DISTRICT: PKG.levelDistrict,
    Level.TOWN: PKG.levelTown,
}

#: extract.records.Comparator value -> the comparator individual
COMPARATOR_TERMS: dict[str, ox.NamedNode] = {
    "ge": PKG.comparatorGe,
    "le": PKG.comparatorLe,
    "approx": PKG.comparatorApprox,
    "eq": PKG.comparatorEq,
}

#: extract.records.IndicatorKind value -> the indicator-kind individual
KIND_TERMS: dict[str, ox.NamedNode] = {
    "growth": PKG.kindGrowth,
    "level": PKG.kindLevel,
    "change": PKG.kindChange,
}

#: resolve.Merge.rule -> the merge-rule individual
MERGE_RULE_TERMS: dict[str, ox.NamedNode] = {
    "rule": PKG.mergeByRule,
    "alias": PKG.mergeByAlias,
}

#: A branch of a city or provincial bureau: the bureau's name, then the county or district it serves
#: (full or short name), then 分局 — 市生态环境局嘉祥县分局, 市公安局兖州分局.  市场… is not 市 + 场….
BRANCH = re.compile(r"^(?P<bureau>(?:省|市(?!场))[^分]+?(?:局|委员会|委|办公室|办))(?P<place>[^局委办]{2,8}?)分局$")

Node = ox.NamedNode | ox.BlankNode | ox.Literal
Subject = ox.NamedNode | ox.BlankNode
Triple = tuple[Subject, ox.NamedNode, Node]
Quad = ox.Quad

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")
_ENTERPRISES = re.compile(r"[与、]")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_NO_JURISDICTION = "?"  # where a post is held when the notice names no jurisdiction


def _zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def _pos(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=XSD.positiveInteger)


def _nonneg(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=XSD.nonNegativeInteger)


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=XSD.integer)


def _decimal(value: float) -> ox.Literal:
    """An ``xsd:decimal`` in plain notation: 1.4e10 -> ``14000000000``, 45.7 -> ``45.7``.

    >>> _decimal(1.4e10).value, _decimal(45.7).value, _decimal(-3.0).value
    ('14000000000', '45.7', '-3')
    """
    return ox.Literal(format(Decimal(repr(float(value))).normalize(), "f"), datatype=XSD.decimal)


def _date(value: str) -> ox.Literal:
    if _DATE.match(value):
        return ox.Literal(value, datatype=XSD.date)
    if _DATETIME.match(value):
        return ox.Literal(value, datatype=XSD.dateTime)
    return ox.Literal(value)


def branch_of(name: str) -> tuple[str, str] | None:
    """``(bureau, area)`` when ``name`` is a branch of a city or provincial bureau serving a county or district.

    The area is the gazetteer's full name (a short form in the unit name is expanded); a name
    whose place the gazetteer does not know as a county or district is not a branch.

    >>> branch_of("市生态环境局嘉祥县分局")
    ('市生态环境局', '嘉祥县')
    >>> branch_of("市公安局兖州分局")
    ('市公安局', '兖州区')
    >>> branch_of("区生态环境分局") is None, branch_of("市生态环境局不在册县分局") is None
    (True, True)
    """
    match = BRANCH.match(name)
    if match is None:
        return None
    area = area_named(match["place"])
    if area is None or area.level not in (Level.COUNTY, Level.DISTRICT):
        return None
    return match["bureau"], area.name


@dataclass(slots=True)
class Printed:
    """A unit or leader IRI minted while building a notice: its identity, the forms the notice printed
    for it (task and project fields, the issuer) and every name it was minted under (with how often,
    first seen first: the fallback label of an entity no task field names)."""

    kind: str
    ident: tuple[str, str, str]
    collective: bool
    forms: set[str] = field(default_factory=set)
    names: Counter[str] = field(default_factory=Counter)
    #: regions the entity is the unit (or collective leader) of: stated once, in the entities graph
    jurisdictions: set[str] = field(default_factory=set)

    def merge(self, other: Printed) -> None:
        self.forms |= other.forms
        self.names.update(other.names)
        self.jurisdictions |= other.jurisdictions


def merge_printed(into: dict[str, Printed], part: Mapping[str, Printed]) -> None:
    """Add the entries of one notice (``part``) to those of the notices before it (``into``), in order."""
    for iri, entry in part.items():
        if iri in into:
            into[iri].merge(entry)
        else:
            into[iri] = Printed(entry.kind, entry.ident, entry.collective, set(entry.forms), Counter(entry.names),
                                set(entry.jurisdictions))


class _NoticeBuilder:
    """Emits the triples of one notice; holds nothing beyond the notice and what it resolved."""

    def __init__(self, notice: Notice, text: str, base: str, resolver: Resolver) -> None:
        self.notice = notice
        self.text = text
        self.base = base
        self.resolver = resolver
        self.key = iris.notice_key(notice.source)
        self.iri = ox.NamedNode(iris.notice_iri(self.key, base=base))
        self.jurisdiction = notice.jurisdiction
        # scope of names whose jurisdiction is unknown: the notice itself
        self.scope = notice.jurisdiction or f"~{PurePath(notice.source).stem}"
        self.year = int(notice.date[:4]) if notice.date and notice.date[:4].isdigit() else None
        self.triples: list[Triple] = []
        self.regions: set[str] = set()
        self.printed: dict[str, Printed] = {}
        self.posts: dict[str, tuple[str, str]] = {}  # post IRI -> (leader IRI, where)
        self.held: set[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode]] = set()  # (agent, role, task or item)
        # what unit() and leader() minted for a name, and the record() calls that made it: a notice names a unit
        # in task after task, and minting it again (resolving, IRIs, triples) was a tenth of building the notice
        self.minted: dict[tuple[str, str, bool, bool], tuple[ox.NamedNode, list[tuple[Any, ...]]]] = {}
        self.records: list[tuple[Any, ...]] = []  # every record() call, in order

    # -- helpers --------------------------------------------------------------
    def add(self, s: Subject, p: ox.NamedNode, o: Node) -> None:
        self.triples.append((s, p, o))

    def mention(self, span: Span, quote: str | None = None) -> ox.NamedNode:
        """The pkg:Mention of ``span``: its IRI names the notice's characters (:func:`iris.mention_iri`), and
        ``oa:exact`` gives them (the quote defaults to the source characters)."""
        evidence = ox.NamedNode(iris.mention_iri(self.iri.value, span.start, span.end))
        self.add(evidence, OA.exact, ox.Literal(self.text[span.start:span.end] if quote is None else quote))
        return evidence

    def extracted(self, thing: ox.NamedNode, cls: ox.NamedNode, span: Span, label: str) -> None:
        """Type, label and evidence of a thing read from the notice.  Its derivation is its evidence
        (``pkg:evidence`` is a sub-property of ``prov:wasDerivedFrom``, and the mention's IRI names the notice),
        and its named graph is the notice's: a ``prov:wasDerivedFrom`` of the notice would say it a third time."""
        self.add(thing, RDF.type, cls)
        self.add(thing, RDFS.label, _zh(label))
        self.add(thing, PKG.evidence, self.mention(span))

    def region(self, name: str) -> ox.NamedNode:
        """The IRI of a region the notice names; its type and labels are stated once, in the regions graph
        (:func:`region_quads`) — not in every notice graph, where a label read through the union default graph
        came back once per notice naming the region."""
        self.regions.add(name)
        return ox.NamedNode(iris.region_iri(name, base=self.base))

    def place(self, iri: ox.NamedNode, region: str) -> None:
        """The jurisdiction of a minted unit or collective leader: a fact of the entity, not of the notice, so
        it is stated once in the entities graph (:func:`entity_quads`), not once per notice that names it —
        a unit named in 30 notices made the ranking's place lookup join 30 copies (767 ms at 100 notices)."""
        self.region(region)
        self.printed[iri.value].jurisdictions.add(region)

    def named(self, iri: ox.NamedNode, cls: ox.NamedNode, name: str) -> None:
        self.add(iri, RDF.type, cls)
        self.add(iri, RDFS.label, _zh(name))
        self.add(iri, SKOS.prefLabel, _zh(name))

    def is_region(self, scope: str) -> bool:
        """Whether a unit's scope is a place (the notice's jurisdiction, its stated parent or a gazetteer area)."""
        return bool(scope) and (scope in (self.jurisdiction, self.notice.parent_jurisdiction) or scope in GAZETTEER)

    def resolve(self, kind: str, name: str, jurisdiction: str, *, printed: bool) -> tuple[str, str, str]:
        """The ident of ``name``; a printed task name must be known to the resolver."""
        ident = self.resolver.ident(kind, name, jurisdiction=jurisdiction)
        if printed and self.resolver.get(ident) is None:
            raise ValueError(f"{self.notice.source}: the {kind} {name!r} is not known to the resolver — build the "
                             "Resolver over every notice of the build (graph_builder.resolve.Resolver(notices))")
        return ident

    def record(self, iri: ox.NamedNode, kind: str, ident: tuple[str, str, str], collective: bool, name: str, *,
               printed: bool = True) -> None:
        """Remember that ``iri`` was minted under ``name`` (a printed form when ``printed``).

        Labels are not stated here: they depend on every notice of the build (the most frequent form),
        so they go to the entities graph (:func:`entity_quads`) and a notice graph depends on its notice only.
        """
        self.records.append((iri, kind, ident, collective, name, printed))
        entry = self.printed.get(iri.value)
        if entry is None:
            entry = self.printed[iri.value] = Printed(kind, ident, collective)
        entry.names[name] += 1
        if printed:
            entry.forms.add(name)

    def again(self, key: tuple[str, str, bool, bool]) -> ox.NamedNode | None:
        """The IRI :meth:`unit` or :meth:`leader` minted for ``key`` already, its record() calls made again (the
        names are counted each time they are printed); None the first time.  Its triples and its places are
        stated already."""
        found = self.minted.get(key)
        if found is None:
            return None
        iri, records = found
        for call in records:
            self.record(*call[:5], printed=call[5])
        return iri

    def unit(self, name: str, *, collective: bool, printed: bool = True) -> ox.NamedNode:
        key = ("unit", name, collective, printed)
        iri = self.again(key)
        if iri is None:
            start = len(self.records)
            iri = self._unit(name, collective=collective, printed=printed)
            self.minted[key] = iri, self.records[start:]
        return iri

    def _unit(self, name: str, *, collective: bool, printed: bool) -> ox.NamedNode:
        scope = unit_scope(name, jurisdiction=self.jurisdiction or "", parent=self.notice.parent_jurisdiction)
        ident = self.resolve("unit", name, scope, printed=printed)
        iri = ox.NamedNode(iris.unit_iri(ident[2], scope or self.scope, collective=collective, base=self.base))
        self.add(iri, RDF.type, PKG.CollectiveUnit if collective else PKG.Unit)
        # the issuer is a printed form too (resolution graph), though it is not counted for the preferred label
        self.record(iri, "unit", ident, collective, name)
        if self.jurisdiction is not None and self.is_region(scope):
            self.place(iri, scope)
        if not collective:
            self.branch(iri, ident[2], scope)
        return iri

    def branch(self, iri: ox.NamedNode, key: str, scope: str) -> None:
        """A branch of a higher bureau is a sub-organization of that bureau, located in the area it serves."""
        found = branch_of(key)
        if found is None:
            return
        bureau, area = found
        ident = self.resolve("unit", bureau, scope, printed=False)
        parent = ox.NamedNode(iris.unit_iri(ident[2], scope or self.scope, base=self.base))
        self.add(parent, RDF.type, PKG.Unit)
        self.record(parent, "unit", ident, False, bureau, printed=False)
        if self.jurisdiction is not None and self.is_region(scope):
            self.place(parent, scope)
        self.add(iri, ORG.subOrganizationOf, parent)
        self.add(iri, DCTERMS.spatial, self.region(area))

    def leader(self, name: str, *, collective: bool) -> ox.NamedNode:
        key = ("leader", name, collective, True)
        iri = self.again(key)
        if iri is None:
            start = len(self.records)
            iri = self._leader(name, collective=collective)
            self.minted[key] = iri, self.records[start:]
        return iri

    def _leader(self, name: str, *, collective: bool) -> ox.NamedNode:
        ident = self.resolve("leader", name, self.jurisdiction or "", printed=True)
        key = ident[2]
        iri = ox.NamedNode(iris.leader_iri(key, self.scope, collective=collective, base=self.base))
        self.record(iri, "leader", ident, collective, name)
        if collective:
            self.add(iri, RDF.type, PKG.CollectiveLeader)
            if self.jurisdiction is not None:
                self.place(iri, self.jurisdiction)
            return iri
        self.add(iri, RDF.type, PKG.Leader)
        post = ox.NamedNode(iris.post_iri(key, self.scope, base=self.base))
        self.add(post, RDF.type, PKG.Post)
        self.posts.setdefault(post.value, (iri.value, self.jurisdiction or _NO_JURISDICTION))
        self.add(iri, ORG.holds, post)
        self.add(post, ORG.heldBy, iri)
        if self.jurisdiction is not None:
            self.region(self.jurisdiction)  # the post's jurisdiction is stated in the entities graph
        government = self.government()
        if government is not None:
            self.add(post, ORG.postIn, government)
        return iri

    def government(self) -> ox.NamedNode | None:
        """The people's government that issued the notice, when the issuer is one."""
        issuer = self.notice.issuer
        if issuer and issuer.endswith("人民政府"):
            return self.unit(issuer, collective=False, printed=False)
        return None

    # -- the notice -----------------------------------------------------------
    def build(self) -> list[Triple]:
        n, notice = self.iri, self.notice
        self.add(n, RDF.type, PKG.Notice)
        self.add(n, RDFS.label, _zh(notice.title or PurePath(notice.source).stem))
        if notice.title:
            self.add(n, DCTERMS.title, _zh(notice.title))
        if notice.doc_number:
            self.add(n, DCTERMS.identifier, ox.Literal(notice.doc_number))
        if notice.date:
            self.add(n, DCTERMS.issued, _date(notice.date))
        self.add(n, PKG.sha256, ox.Literal(notice.sha256))
        self.add(n, PKG.sourceFile, ox.Literal(PurePath(notice.source).name))
        self.add(n, PKG.sourceEncoding, ox.Literal(notice.encoding))
        if notice.level in LEVEL_TERMS:
            self.add(n, PKG.adminLevel, LEVEL_TERMS[notice.level])
        if notice.jurisdiction:
            self.add(n, DCTERMS.spatial, self.region(notice.jurisdiction))
        if notice.issuer:
            self.add(n, DCTERMS.publisher, self.unit(notice.issuer, collective=False, printed=False))
        if notice.recipients:
            self.add(n, PKG.recipients, _zh(notice.recipients))
        for convention in notice.conventions:
            self.add(n, PKG.convention, _zh(convention))

        sections: dict[str, list[tuple[int, ox.NamedNode]]] = {}
        for section in notice.sections:
            s = ox.NamedNode(iris.section_iri(n.value, section.ordinal))
            self.extracted(s, PKG.Section, section.span, f"{section.number} {section.title}".strip())
            self.add(s, PKG.inNotice, n)
            self.add(s, PKG.ordinal, _pos(section.ordinal))
            self.add(s, PKG.printedNumber, ox.Literal(section.number))
            if section.title:
                self.add(s, DCTERMS.title, _zh(section.title))
            sections.setdefault(section.number, []).append((section.span.start, s))

        for task in notice.tasks:
            self.task(task, sections)
        for project in notice.projects:
            self.project(project)
        targets = [self.target(target, position)
                   for position, target in enumerate(notice.headline_targets, start=1)]
        self.headline(targets)
        return self.triples

    def task(self, task: Task, sections: Mapping[str, list[tuple[int, ox.NamedNode]]]) -> None:
        t = ox.NamedNode(iris.task_iri(self.iri.value, task.number))
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
        for k, indicator in enumerate(task.indicators, start=1):
            self.add(t, PKG.hasIndicator, self.indicator(ox.NamedNode(iris.indicator_iri(t.value, k)), indicator))
        for k, mentioned in enumerate(task.projects, start=1):
            self.add(t, PKG.mentionsProject, self.investment_project(t, k, mentioned))
        for k, place in enumerate(task.regions, start=1):
            self.region_reference(t, k, place)

    def assignments(self, owner: ox.NamedNode, leaders: Iterable[LeaderRef], units: Iterable[UnitRef]) -> None:
        for position, lref in enumerate(leaders, start=1):
            a = ox.NamedNode(iris.assignment_iri(owner.value, "leader", position))
            self.assignment(owner, a, self.leader(lref.name, collective=lref.collective), PKG.roleLeader,
                            lref.order, "牵头领导", lref.span, lref.quote, lref.name)
        for position, uref in enumerate(units, start=1):
            a = ox.NamedNode(iris.assignment_iri(owner.value, "unit", position))
            self.assignment(owner, a, self.unit(uref.name, collective=uref.collective), ROLE_TERMS[uref.role],
                            uref.order, uref.field, uref.span, uref.quote, uref.name)

    def assignment(self, owner: ox.NamedNode, a: ox.NamedNode, agent: ox.NamedNode, role: ox.NamedNode, order: int, field: str,
                   span: Span, quote: str, name: str) -> None:
        self.add(owner, PKG.hasAssignment, a)
        self.held.add((agent, role, owner))
        self.add(a, RDF.type, PKG.Assignment)
        self.add(a, RDFS.label, _zh(f"{name}：{field}"))
        self.add(a, PROV.agent, agent)
        self.add(a, PROV.hadRole, role)
        self.add(a, PKG.listedOrder, _pos(order))
        if field:
            self.add(a, PKG.fieldLabel, _zh(field))
        self.add(a, PKG.evidence, self.mention(span, quote))

    def project(self, project: Project) -> None:
        p = ox.NamedNode(iris.project_iri(self.iri.value, project.number))
        self.extracted(p, PKG.Project, project.span, project.name)
        self.add(p, PKG.inNotice, self.iri)
        self.add(p, PKG.ordinal, _pos(project.number))
        self.add(p, DCTERMS.title, _zh(project.name))
        if project.annex:
            self.add(p, PKG.annex, _zh(project.annex))
        for position, item in enumerate(project.items, start=1):
            i = ox.NamedNode(iris.project_item_iri(p.value, position))
            self.extracted(i, PKG.ProjectItem, item.span, f"{project.name} {item.number or ''}".strip())
            self.add(i, PKG.inProject, p)
            self.add(i, PKG.ordinal, _pos(position))
            if item.number:
                self.add(i, PKG.printedNumber, ox.Literal(item.number))
            if item.content:
                self.add(i, PKG.text, _zh(item.content))
            self.assignments(i, item.leaders, item.units)

    def target(self, target: HeadlineTarget, position: int) -> tuple[ox.NamedNode, HeadlineTarget]:
        g = ox.NamedNode(iris.target_iri(self.iri.value, position))
        self.extracted(g, PKG.TargetStatement, target.span, f"主要预期目标{position}")
        self.add(g, PKG.inNotice, self.iri)
        self.add(g, PKG.text, _zh(target.text))
        if target.task is not None:
            self.add(g, PKG.targetTask, ox.NamedNode(iris.task_iri(self.iri.value, target.task)))
        return g, target

    # -- extraction -------------------------------------------------------------
    def headline(self, targets: list[tuple[ox.NamedNode, HeadlineTarget]]) -> None:
        """Headline indicators: linked from the notice, and from the target statement that holds them.

        Where the targets are stated as a task (jiaxiang-2023 task 1), an indicator the task already
        has (same span and metric) is that node: the notice links to it, and the task holds it.
        """
        counts: dict[ox.NamedNode, int] = {}
        for k, indicator in enumerate(self.notice.headline_indicators, start=1):
            owner = next(((g, t) for g, t in targets
                          if t.span.start <= indicator.start and indicator.end <= t.span.end), None)
            if owner is not None and owner[1].task is not None:
                task = next((t for t in self.notice.tasks if t.number == owner[1].task), None)
                same = [j for j, ind in enumerate(task.indicators if task is not None else [], start=1)
                        if (ind.start, ind.end, ind.metric) == (indicator.start, indicator.end, indicator.metric)]
                if same:
                    t_iri = iris.task_iri(self.iri.value, owner[1].task)
                    self.add(self.iri, PKG.headlineIndicator, ox.NamedNode(iris.indicator_iri(t_iri, same[0])))
                    continue
            if owner is None:
                i = self.indicator(ox.NamedNode(iris.indicator_iri(self.iri.value, k)), indicator)
            else:
                counts[owner[0]] = counts.get(owner[0], 0) + 1
                i = self.indicator(ox.NamedNode(iris.indicator_iri(owner[0].value, counts[owner[0]])), indicator)
                self.add(owner[0], PKG.hasIndicator, i)
            self.add(self.iri, PKG.headlineIndicator, i)

    def indicator(self, i: ox.NamedNode, ind: Indicator) -> ox.NamedNode:
        self.extracted(i, PKG.Indicator, Span(ind.start, ind.end), f"{ind.metric} {ind.raw}")
        self.add(i, PKG.metric, _zh(ind.metric))
        self.quantity(i, ind.value, ind.unit, ind.unit_iri, ind.raw)
        if ind.value_max is not None:
            self.add(i, SDO.maxValue, _decimal(ind.value_max))
        self.add(i, PKG.comparator, COMPARATOR_TERMS[ind.comparator.value])
        self.add(i, PKG.indicatorKind, KIND_TERMS[ind.kind.value])
        year = ind.year if ind.year is not None else self.year
        if year is not None:
            self.add(i, PKG.targetYear, _int(year))
        return i

    def investment_project(self, task: ox.NamedNode, k: int, mentioned: ProjectMention) -> ox.NamedNode:
        p = ox.NamedNode(iris.mentioned_project_iri(task.value, k))
        self.extracted(p, PKG.InvestmentProject, Span(mentioned.start, mentioned.end), mentioned.name)
        self.add(p, DCTERMS.title, _zh(mentioned.name))
        if self.jurisdiction:
            self.add(p, DCTERMS.spatial, self.region(self.jurisdiction))
        for name in _ENTERPRISES.split(mentioned.enterprise or ""):
            if name.strip():
                self.add(p, PKG.enterprise, self.enterprise(name.strip()))
        if mentioned.investment is not None:
            money = ox.NamedNode(iris.investment_iri(p.value))
            self.add(p, PKG.investment, money)
            self.add(money, RDF.type, SDO.MonetaryAmount)
            self.add(money, RDFS.label, _zh(mentioned.investment.raw))
            self.add(money, SDO.value, _decimal(mentioned.investment.value))
            self.add(money, SDO.currency, ox.Literal(mentioned.investment.currency))
            self.add(money, PKG.printedQuantity, ox.Literal(mentioned.investment.raw))
        for j, capacity in enumerate(mentioned.capacity, start=1):
            c = ox.NamedNode(iris.capacity_iri(p.value, j))
            self.add(p, PKG.capacity, c)
            self.add(c, RDF.type, SDO.QuantitativeValue)
            self.add(c, RDFS.label, _zh(capacity.raw))
            self.quantity(c, capacity.value, capacity.unit, capacity.unit_iri, capacity.raw)
        return p

    def quantity(self, node: ox.NamedNode, value: float, unit: str, unit_iri: str | None, raw: str) -> None:
        """Value in the base unit, the unit as text and (where QUDT has it) as a unit IRI, and the printed form."""
        self.add(node, SDO.value, _decimal(value))
        self.add(node, SDO.unitText, ox.Literal(unit))
        if unit_iri:
            self.add(node, QUDT.unit, ox.NamedNode(unit_iri))
            self.add(ox.NamedNode(unit_iri), RDF.type, QUDT.Unit)
        self.add(node, PKG.printedQuantity, ox.Literal(raw))

    def enterprise(self, name: str) -> ox.NamedNode:
        iri = ox.NamedNode(iris.enterprise_iri(name, self.scope, base=self.base))
        self.named(iri, PKG.Enterprise, name)
        if self.jurisdiction is not None:
            self.add(iri, PKG.jurisdiction, self.region(self.jurisdiction))
        return iri

    def region_reference(self, task: ox.NamedNode, k: int, place: RegionMention) -> None:
        ref = ox.NamedNode(iris.region_reference_iri(task.value, k))
        self.extracted(ref, PKG.RegionReference, Span(place.start, place.end), place.name)
        region = self.region(place.name)
        self.add(ref, PKG.region, region)
        self.add(task, PKG.regionReference, ref)
        self.add(task, PKG.mentionsRegion, region)


@dataclass(slots=True)
class NoticeResult:
    """What :func:`notice_quads` returns: the triples of the notice graph, the regions it names, the units
    and leaders it minted with the forms it printed, and its posts (for the entities and resolution graphs)."""

    graph: ox.NamedNode
    triples: list[Triple]  # distinct, in the order the builder made them
    regions: set[str]
    printed: dict[str, Printed]
    posts: dict[str, tuple[str, str]]
    #: (party, role) -> the number of distinct tasks and project items the party holds in that role
    tallies: Counter[tuple[ox.NamedNode, ox.NamedNode]]

    @property
    def quads(self) -> list[ox.Quad]:
        return [ox.Quad(s, p, o, self.graph) for s, p, o in self.triples]


def notice_quads(notice: Notice, text: str, *, base_iri: str = DEFAULT_BASE,
                 resolver: Resolver | None = None) -> NoticeResult:
    """Quads of one notice in its named graph (``resolver`` defaults to one over this notice alone).

    The graph depends on this notice only (the resolver is asked for identities, which do not
    depend on other notices, never for labels): a notice can be built alone, in a worker process,
    and cached (:mod:`graph_builder.rdf.incremental`).
    """
    builder = _NoticeBuilder(notice, text, iris.check_base(base_iri),
                             resolver if resolver is not None else Resolver([notice]))
    graph = builder.iri
    triples = list(dict.fromkeys(builder.build()))
    tallies = Counter((party, role) for party, role, _ in builder.held)
    return NoticeResult(graph, triples, builder.regions, builder.printed, builder.posts, tallies)


def region_quads(names: Iterable[str], parents: Mapping[str, str], *, base_iri: str = DEFAULT_BASE) -> list[Quad]:
    """Quads of the regions graph: each region, its gazetteer code, level, short form (``skos:altLabel``) and
    listed misprints (``skos:hiddenLabel``), and its parents up the chain.

    ``parents`` gives parents the notices state (``Notice.parent_jurisdiction``);
    the gazetteer wins where it knows the area.
    """
    graph = ox.NamedNode(iris.regions_graph_iri(base=base_iri))
    out: list[Triple] = []
    todo, seen = sorted(set(names)), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        iri = ox.NamedNode(iris.region_iri(name, base=base_iri))
        out += [(iri, RDF.type, PKG.Region), (iri, RDFS.label, _zh(name)), (iri, SKOS.prefLabel, _zh(name))]
        area = GAZETTEER.get(name)
        parent = area.parent if area and area.parent else parents.get(name)
        if area is not None:
            if area.code:
                out.append((iri, SKOS.notation, ox.Literal(area.code)))
            if area.level in LEVEL_TERMS:
                out.append((iri, PKG.adminLevel, LEVEL_TERMS[area.level]))
            if area.short and area.short != name:
                out.append((iri, SKOS.altLabel, _zh(area.short)))
            out += [(iri, SKOS.hiddenLabel, _zh(alias)) for alias in area.aliases]
        if parent:
            out.append((iri, PKG.parentRegion, ox.NamedNode(iris.region_iri(parent, base=base_iri))))
            todo.append(parent)
    return [ox.Quad(s, p, o, graph) for s, p, o in dict.fromkeys(out)]


def entity_label(entry: Printed, resolver: Resolver) -> str:
    """The preferred label of a minted unit or leader: the resolver's (most frequent form over every notice),
    else the most frequent name it was minted under (an issuer or a bureau no task field names)."""
    entity = resolver.get(entry.ident)
    if entity is not None and entity.label:
        return entity.label
    order = list(entry.names)
    return max(order, key=lambda n: (entry.names[n], -order.index(n)))


def entity_quads(printed: Mapping[str, Printed], posts: Mapping[str, tuple[str, str]], resolver: Resolver, *,
                 base_iri: str = DEFAULT_BASE) -> list[Quad]:
    """Quads of the entities graph: ``rdfs:label`` and ``skos:prefLabel`` (the preferred label) and
    ``skos:altLabel`` (every other printed form) of each unit and leader, their ``pkg:jurisdiction``, and the
    label and jurisdiction of each post."""
    graph = ox.NamedNode(iris.entities_graph_iri(base=base_iri))
    out: list[Triple] = []
    labels: dict[str, str] = {}
    for iri in sorted(printed):
        entry = printed[iri]
        label = labels[iri] = entity_label(entry, resolver)
        node = ox.NamedNode(iri)
        out += [(node, RDFS.label, _zh(label)), (node, SKOS.prefLabel, _zh(label))]
        out += [(node, SKOS.altLabel, _zh(form)) for form in sorted(entry.forms - {label})]
        out += [(node, PKG.jurisdiction, ox.NamedNode(iris.region_iri(region, base=base_iri)))
                for region in sorted(entry.jurisdictions)]
    for post in sorted(posts):
        leader, where = posts[post]
        out.append((ox.NamedNode(post), RDFS.label, _zh(f"{labels[leader]}（{where}）所任领导职务")))
        if where != _NO_JURISDICTION:
            out.append((ox.NamedNode(post), PKG.jurisdiction, ox.NamedNode(iris.region_iri(where, base=base_iri))))
    return [ox.Quad(s, p, o, graph) for s, p, o in dict.fromkeys(out)]


def resolution_quads(printed: Mapping[str, Printed], resolver: Resolver, *,
                     base_iri: str = DEFAULT_BASE) -> list[Quad]:
    """Quads of the resolution graph: one ``pkg:NameMerge`` per printed form of an entity other than its
    preferred label, with the rule (variant rule or reviewed alias) and the reason."""
    graph = ox.NamedNode(iris.resolution_graph_iri(base=base_iri))
    out: list[Triple] = []
    for iri in sorted(printed):
        entry = printed[iri]
        label = entity_label(entry, resolver)
        entity = resolver.get(entry.ident)
        known = {m.variant: m for m in entity.merges} if entity is not None else {}
        for form in sorted(entry.forms - {label}):
            merge = known.get(form)
            if merge is None:  # a form outside the task fields (an issuer) that folds onto the entity
                kind, jurisdiction, key = entry.ident
                merge = resolver.merge_of(Entity(kind, jurisdiction, key, entry.collective, label=label), form)
            out += _merge_triples(ox.NamedNode(iris.merge_iri(iri, form)), ox.NamedNode(iri), label, merge)
    return [ox.Quad(s, p, o, graph) for s, p, o in dict.fromkeys(out)]


def _merge_triples(m: ox.NamedNode, entity: ox.NamedNode, label: str, merge: Merge) -> list[Triple]:
    return [
        (m, RDF.type, PKG.NameMerge),
        (m, RDFS.label, _zh(f"{merge.variant} → {label}")),
        (m, PKG.mergedForm, _zh(merge.variant)),
        (m, PKG.mergedInto, entity),
        (m, PKG.mergeRule, MERGE_RULE_TERMS[merge.rule]),
        (m, PKG.mergeReason, ox.Literal(merge.reason)),
    ]


def ontology_triples() -> Iterator[Triple]:
    """Triples of the ontology, blank nodes relabelled canonically (so exports are stable)."""
    from graph_builder.store.export import _term

    canonical: Graph = to_canonical_graph(load_ontology())
    for s, p, o in canonical:
        yield _term(s), _term(p), _term(o)


def to_rdflib(term: Node) -> Identifier:
    """The rdflib term of a pyoxigraph term (an ``xsd:string`` literal becomes a plain one)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _read_text(notice: Notice) -> str:
    from graph_builder.read import read_path

    return read_path(notice.source).text


def build_dataset(notices: list[Notice], *, base_iri: str = DEFAULT_BASE,
                  texts: Mapping[str, str] | None = None, include_ontology: bool = True,
                  resolver: Resolver | None = None) -> Dataset:
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
    resolver
        Name resolution over (at least) these notices; by default
        ``graph_builder.resolve.Resolver(notices)`` with the shipped alias file.

    The indicators, investment projects and regions of the tasks are those the
    records carry: run :func:`graph_builder.extract.annotate.annotate` on each
    notice first (``policykg build`` does); unannotated notices give none.

    Returns
    -------
    rdflib.Dataset
        One named graph per notice, the regions graph and the ontology graph;
        ``default_union`` is on, so triple patterns on the dataset itself see all graphs.

    Raises
    ------
    ValueError
        On a bad base IRI, two notices with the same key, or a unit or leader name the
        ``resolver`` does not know (it was built over other notices).
    """
    base = iris.check_base(base_iri)
    resolver = resolver if resolver is not None else Resolver(notices)
    ds = Dataset(default_union=True)
    seen: dict[str, str] = {}
    regions: set[str] = set()
    parents: dict[str, str] = {}
    printed: dict[str, Printed] = {}
    posts: dict[str, tuple[str, str]] = {}
    tallies: Counter[tuple[ox.NamedNode, ox.NamedNode]] = Counter()
    for notice in notices:
        key = iris.notice_key(notice.source)
        if key in seen:
            raise ValueError(f"two notices share the key {key!r}: {seen[key]} and {notice.source} "
                             "— rename one of the files (the key is the file name stem)")
        seen[key] = notice.source
        text = texts[notice.source] if texts is not None and notice.source in texts else _read_text(notice)
        result = notice_quads(notice, text, base_iri=base, resolver=resolver)
        regions |= result.regions
        merge_printed(printed, result.printed)
        for post, value in result.posts.items():
            posts.setdefault(post, value)
        if notice.jurisdiction and notice.parent_jurisdiction:
            parents.setdefault(notice.jurisdiction, notice.parent_jurisdiction)
        tallies.update(result.tallies)
        _add(ds, result.quads)
    _add(ds, region_quads(regions, parents, base_iri=base))
    _add(ds, entity_quads(printed, posts, resolver, base_iri=base))
    _add(ds, resolution_quads(printed, resolver, base_iri=base))
    _add(ds, statistics_quads(tallies, base_iri=base))
    if include_ontology:
        graph = ox.NamedNode(ONTOLOGY_IRI)
        _add(ds, [ox.Quad(s, p, o, graph) for s, p, o in ontology_triples()])
    return ds


#: role -> the property of the statistics graph that counts a party's tasks in that role
TALLY_TERMS: dict[ox.NamedNode, ox.NamedNode] = {
    PKG.rolePrimary: PKG.primaryTaskCount,
    PKG.roleAssisting: PKG.assistingTaskCount,
    PKG.roleResponsible: PKG.responsibleTaskCount,
    PKG.roleLeader: PKG.leaderTaskCount,
}


def statistics_quads(counts: Mapping[tuple[ox.NamedNode, ox.NamedNode], int], *, base_iri: str = DEFAULT_BASE) -> list[Quad]:
    """The graph ``{base}graph/statistics``: each party's task count per role, materialised so that
    rankings read a few thousand counts instead of aggregating every assignment at query time."""
    graph = ox.NamedNode(iris.statistics_graph_iri(base=base_iri))
    return [ox.Quad(party, TALLY_TERMS[role], _nonneg(n), graph)
            for (party, role), n in sorted(counts.items(), key=lambda item: (item[0][0].value, item[0][1].value))
            if role in TALLY_TERMS]


def _add(ds: Dataset, quads: Iterable[Quad]) -> None:
    graphs: dict[Node, Graph] = {}
    batch = []
    for s, p, o, g in quads:
        if g not in graphs:
            graphs[g] = ds.graph(URIRef(g.value))
        batch.append((to_rdflib(s), to_rdflib(p), to_rdflib(o), graphs[g]))
    ds.addN(batch)  # type: ignore[arg-type]
