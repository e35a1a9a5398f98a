"""One :class:`rdflib.namespace.DefinedNamespace` per vocabulary the graph uses.

Every class has ``_fail = True``: a misspelled term is an :class:`AttributeError`
when the code runs, never a silent new IRI.  :class:`PKG` mirrors
``ontology/policykg.ttl`` term for term, and the external classes list only the
terms this project uses, each of which the ontology declares with its OWL type
(``tests/rdf/test_namespace_sync.py`` checks both directions).

Examples
--------
>>> PKG.Task
rdflib.term.URIRef('https://policykg.example.org/ontology/policykg#Task')
>>> OA.TextQuoteSelector
rdflib.term.URIRef('http://www.w3.org/ns/oa#TextQuoteSelector')
>>> PKG.Tsak  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
AttributeError: term 'Tsak' not in namespace ...
"""

from __future__ import annotations

import functools
from types import SimpleNamespace
from typing import Any

from rdflib.namespace import OWL, RDF, RDFS, SH, XSD, DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = [
    "ONTOLOGY_IRI",
    "ONTOLOGY_VERSION_IRI",
    "PKG",
    "OA",
    "ELI",
    "ORG",
    "PROV",
    "SKOS",
    "DCTERMS",
    "SDO",
    "VOID",
    "DCAT",
    "QUDT",
    "OWL",
    "RDF",
    "RDFS",
    "SH",
    "XSD",
    "DOMAIN_NAMESPACES",
    "PREFIXES",
    "OxTerms",
    "ox_terms",
]

ONTOLOGY_IRI = "https://policykg.example.org/ontology/policykg"
ONTOLOGY_VERSION_IRI = "https://policykg.example.org/ontology/policykg/0.2.0"


class PKG(DefinedNamespace):
    """The policykg ontology (``ontology/policykg.ttl``)."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes
    Notice: URIRef
    Section: URIRef
    Task: URIRef
    Project: URIRef
    ProjectItem: URIRef
    TargetStatement: URIRef
    Indicator: URIRef
    InvestmentProject: URIRef
    RegionReference: URIRef
    ResponsibleParty: URIRef
    Unit: URIRef
    CollectiveUnit: URIRef
    Leader: URIRef
    CollectiveLeader: URIRef
    Post: URIRef
    Region: URIRef
    Enterprise: URIRef
    Assignment: URIRef
    Role: URIRef
    AdministrativeLevel: URIRef
    Comparator: URIRef
    IndicatorKind: URIRef
    Mention: URIRef
    NameMerge: URIRef
    MergeRule: URIRef

    # object properties
    inNotice: URIRef
    inSection: URIRef
    inProject: URIRef
    hasAssignment: URIRef
    assignmentOf: URIRef
    evidence: URIRef
    jurisdiction: URIRef
    parentRegion: URIRef
    adminLevel: URIRef
    targetTask: URIRef
    hasIndicator: URIRef
    headlineIndicator: URIRef
    comparator: URIRef
    indicatorKind: URIRef
    mentionsProject: URIRef
    enterprise: URIRef
    investment: URIRef
    capacity: URIRef
    mentionsRegion: URIRef
    regionReference: URIRef
    region: URIRef
    mergedInto: URIRef
    mergeRule: URIRef

    # datatype properties
    sha256: URIRef
    sourceFile: URIRef
    sourceEncoding: URIRef
    recipients: URIRef
    convention: URIRef
    taskNumber: URIRef
    statedNumber: URIRef
    printedNumber: URIRef
    ordinal: URIRef
    listedOrder: URIRef
    fieldLabel: URIRef
    text: URIRef
    annex: URIRef
    metric: URIRef
    targetYear: URIRef
    printedQuantity: URIRef
    primaryTaskCount: URIRef
    assistingTaskCount: URIRef
    responsibleTaskCount: URIRef
    leaderTaskCount: URIRef
    mergedForm: URIRef
    mergeReason: URIRef

    # individuals: roles and administrative levels (SKOS concepts)
    roles: URIRef
    rolePrimary: URIRef
    roleAssisting: URIRef
    roleResponsible: URIRef
    roleLeader: URIRef
    adminLevels: URIRef
    levelProvince: URIRef
    levelCity: URIRef
    levelCounty: URIRef
    levelDistrict: URIRef
    levelTown: URIRef

    # individuals: comparators, indicator kinds, merge rules (SKOS concepts)
    comparators: URIRef
    comparatorGe: URIRef
    comparatorLe: URIRef
    comparatorApprox: URIRef
    comparatorEq: URIRef
    indicatorKinds: URIRef
    kindGrowth: URIRef
    kindLevel: URIRef
    kindChange: URIRef
    mergeRules: URIRef
    mergeByRule: URIRef
    mergeByAlias: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary: the exact characters a fact was read from."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef


class ELI(DefinedNamespace):
    """European Legislation Identifier ontology: the notice and its numbered parts."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True

    LegalResource: URIRef
    LegalResourceSubdivision: URIRef
    is_part_of: URIRef


class ORG(DefinedNamespace):
    """W3C Organization ontology: units, posts and who holds them."""

    _NS = Namespace("http://www.w3.org/ns/org#")
    _fail = True

    Organization: URIRef
    Post: URIRef
    subOrganizationOf: URIRef
    hasSubOrganization: URIRef
    holds: URIRef
    heldBy: URIRef
    postIn: URIRef


class PROV(DefinedNamespace):
    """W3C PROV-O: agents, the qualified association pattern, derivation."""

    _NS = Namespace("http://www.w3.org/ns/prov#")
    _fail = True

    Entity: URIRef
    Activity: URIRef
    Agent: URIRef
    Person: URIRef
    Organization: URIRef
    Association: URIRef
    Role: URIRef
    agent: URIRef
    hadRole: URIRef
    wasDerivedFrom: URIRef


class SKOS(DefinedNamespace):
    """SKOS: roles and levels as concepts; names and codes."""

    _NS = Namespace("http://www.w3.org/2004/02/skos/core#")
    _fail = True

    Concept: URIRef
    ConceptScheme: URIRef
    inScheme: URIRef
    hasTopConcept: URIRef
    prefLabel: URIRef
    altLabel: URIRef
    hiddenLabel: URIRef
    notation: URIRef
    definition: URIRef


class DCTERMS(DefinedNamespace):
    """DCMI Metadata Terms used for notice and dataset metadata."""

    _NS = Namespace("http://purl.org/dc/terms/")
    _fail = True

    Location: URIRef
    title: URIRef
    description: URIRef
    identifier: URIRef
    issued: URIRef
    license: URIRef
    creator: URIRef
    source: URIRef
    publisher: URIRef
    spatial: URIRef
    format: URIRef


class SDO(DefinedNamespace):
    """schema.org terms the ontology aligns to (portal-friendly mirror)."""

    _NS = Namespace("https://schema.org/")
    _fail = True

    Legislation: URIRef
    GovernmentOrganization: URIRef
    Person: URIRef
    AdministrativeArea: URIRef
    QuantitativeValue: URIRef
    MonetaryAmount: URIRef
    value: URIRef
    maxValue: URIRef
    unitText: URIRef
    currency: URIRef


class QUDT(DefinedNamespace):
    """QUDT schema: the unit of measure of a value (unit IRIs are in http://qudt.org/vocab/unit/)."""

    _NS = Namespace("http://qudt.org/schema/qudt/")
    _fail = True

    Unit: URIRef
    unit: URIRef


class VOID(DefinedNamespace):
    """VoID: the dataset description in ``exports/void.ttl``."""

    _NS = Namespace("http://rdfs.org/ns/void#")
    _fail = True
    _extras = ["class"]  # a Python keyword: use VOID["class"]

    Dataset: URIRef
    triples: URIRef
    entities: URIRef
    classes: URIRef
    properties: URIRef
    distinctSubjects: URIRef
    classPartition: URIRef
    subset: URIRef
    uriSpace: URIRef
    vocabulary: URIRef
    dataDump: URIRef
    feature: URIRef


class DCAT(DefinedNamespace):
    """DCAT: the dataset and its distributions in ``exports/void.ttl``."""

    _NS = Namespace("http://www.w3.org/ns/dcat#")
    _fail = True

    Dataset: URIRef
    Distribution: URIRef
    distribution: URIRef
    downloadURL: URIRef
    mediaType: URIRef


#: vocabularies whose used terms the ontology must declare (structural ones excluded)
DOMAIN_NAMESPACES: tuple[type[DefinedNamespace], ...] = (PKG, OA, ELI, ORG, PROV, SKOS, DCTERMS, SDO, QUDT)

#: prefix -> namespace IRI, in the order the exports print them
PREFIXES: dict[str, str] = {
    "pkg": str(PKG._NS),
    "oa": str(OA._NS),
    "eli": str(ELI._NS),
    "org": str(ORG._NS),
    "prov": str(PROV._NS),
    "skos": str(SKOS._NS),
    "dcterms": str(DCTERMS._NS),
    "schema": str(SDO._NS),
    "qudt": str(QUDT._NS),
    "void": str(VOID._NS),
    "dcat": str(DCAT._NS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}


class OxTerms(SimpleNamespace):
    """The terms of one namespace as :class:`pyoxigraph.NamedNode` attributes (:func:`ox_terms`)."""

    def __getattr__(self, name: str) -> Any:  # only called for a missing term
        raise AttributeError(f"term {name!r} not in namespace {self.__dict__.get('_ns', '?')}")


@functools.cache
def ox_terms(namespace: type[DefinedNamespace]) -> OxTerms:
    """The terms of ``namespace`` as pyoxigraph terms, looked up as plain attributes.

    The graph builder makes pyoxigraph terms: a ``DefinedNamespace`` attribute costs ~1.6 µs per
    lookup and an rdflib ``Literal`` ~3 µs to make, a pyoxigraph one 0.35 µs.

    >>> PKG_OX = ox_terms(PKG)
    >>> PKG_OX.Task
    <NamedNode value=https://policykg.example.org/ontology/policykg#Task>
    >>> PKG_OX.Tsak  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AttributeError: term 'Tsak' not in namespace https://policykg.example.org/ontology/policykg#
    """
    import pyoxigraph as ox

    base = str(namespace)
    terms = {str(term)[len(base):]: ox.NamedNode(str(term)) for term in dir(namespace)}
    return OxTerms(_ns=base, **terms)
