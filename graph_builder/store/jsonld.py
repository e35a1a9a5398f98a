"""JSON-LD written straight from sorted quads with the curated context of the project.

No compaction algorithm is run: each node object is written in compact form
directly, using a term of :data:`CONTEXT` where its coercion (``@type`` or
``@language``) fits the value and a compact IRI with an explicit value object
where it does not — so every triple survives, and pyld's expansion of the
output gives back exactly the input triples (``tests/rdf/test_roundtrip.py``).

Examples
--------
>>> import pyoxigraph as ox
>>> q = ox.Quad(ox.NamedNode("https://policykg.example.org/id/notice/a/task/1"),
...             ox.NamedNode("https://policykg.example.org/ontology/policykg#taskNumber"),
...             ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#positiveInteger")),
...             ox.NamedNode("https://policykg.example.org/id/notice/a"))
>>> doc = to_jsonld([q], base_iri="https://policykg.example.org/id/")
>>> doc["@graph"][0]["@graph"]
[{'@id': 'id:notice/a/task/1', 'number': '1'}]
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import IO, Any

import pyoxigraph as ox

from graph_builder.rdf.namespace import DCTERMS, OA, ORG, PKG, PREFIXES, PROV, QUDT, RDF, RDFS, SDO, SKOS, XSD

__all__ = ["CONTEXT_FILE", "context_document", "to_jsonld", "dumps", "write_document", "entry_bytes"]

#: file name of the context, next to the JSON-LD export which refers to it relatively
CONTEXT_FILE = "context.jsonld"

_ID = "@id"
_LANG_ZH = {"@language": "zh"}

# term -> (property IRI, coercion); coercion: "@id", a datatype IRI, {"@language": ...} or None
_TERMS: dict[str, tuple[str, Any]] = {
    "label": (RDFS.label, _LANG_ZH),
    "prefLabel": (SKOS.prefLabel, _LANG_ZH),
    "title": (DCTERMS.title, _LANG_ZH),
    "text": (PKG.text, _LANG_ZH),
    "identifier": (DCTERMS.identifier, None),
    "issued": (DCTERMS.issued, XSD.date),
    "publisher": (DCTERMS.publisher, _ID),
    "spatial": (DCTERMS.spatial, _ID),
    "sha256": (PKG.sha256, None),
    "sourceFile": (PKG.sourceFile, None),
    "encoding": (PKG.sourceEncoding, None),
    "recipients": (PKG.recipients, _LANG_ZH),
    "convention": (PKG.convention, _LANG_ZH),
    "level": (PKG.adminLevel, _ID),
    "notice": (PKG.inNotice, _ID),
    "section": (PKG.inSection, _ID),
    "project": (PKG.inProject, _ID),
    "number": (PKG.taskNumber, XSD.positiveInteger),
    "statedNumber": (PKG.statedNumber, XSD.integer),
    "printedNumber": (PKG.printedNumber, None),
    "ordinal": (PKG.ordinal, XSD.positiveInteger),
    "annex": (PKG.annex, _LANG_ZH),
    "targetTask": (PKG.targetTask, _ID),
    "assignments": (PKG.hasAssignment, _ID),
    "agent": (PROV.agent, _ID),
    "role": (PROV.hadRole, _ID),
    "order": (PKG.listedOrder, XSD.positiveInteger),
    "field": (PKG.fieldLabel, _LANG_ZH),
    "evidence": (PKG.evidence, _ID),
    "derivedFrom": (PROV.wasDerivedFrom, _ID),
    "source": (OA.hasSource, _ID),
    "selector": (OA.hasSelector, _ID),
    "start": (OA.start, XSD.nonNegativeInteger),
    "end": (OA.end, XSD.nonNegativeInteger),
    "exact": (OA.exact, None),
    "jurisdiction": (PKG.jurisdiction, _ID),
    "parentRegion": (PKG.parentRegion, _ID),
    "code": (SKOS.notation, None),
    "holds": (ORG.holds, _ID),
    "heldBy": (ORG.heldBy, _ID),
    "postIn": (ORG.postIn, _ID),
    # names after resolution
    "altLabel": (SKOS.altLabel, _LANG_ZH),
    "hiddenLabel": (SKOS.hiddenLabel, _LANG_ZH),
    "subOrganizationOf": (ORG.subOrganizationOf, _ID),
    "mergedForm": (PKG.mergedForm, _LANG_ZH),
    "mergedInto": (PKG.mergedInto, _ID),
    "mergeRule": (PKG.mergeRule, _ID),
    "mergeReason": (PKG.mergeReason, None),
    # materialised counts (graph/statistics)
    "primaryTaskCount": (PKG.primaryTaskCount, XSD.nonNegativeInteger),
    "assistingTaskCount": (PKG.assistingTaskCount, XSD.nonNegativeInteger),
    "responsibleTaskCount": (PKG.responsibleTaskCount, XSD.nonNegativeInteger),
    "leaderTaskCount": (PKG.leaderTaskCount, XSD.nonNegativeInteger),
    # indicators, investment projects, places named in tasks
    "indicators": (PKG.hasIndicator, _ID),
    "headlineIndicators": (PKG.headlineIndicator, _ID),
    "metric": (PKG.metric, _LANG_ZH),
    "value": (SDO.value, XSD.decimal),
    "maxValue": (SDO.maxValue, XSD.decimal),
    "unitText": (SDO.unitText, None),
    "unit": (QUDT.unit, _ID),
    "currency": (SDO.currency, None),
    "printed": (PKG.printedQuantity, None),
    "comparator": (PKG.comparator, _ID),
    "kind": (PKG.indicatorKind, _ID),
    "year": (PKG.targetYear, XSD.integer),
    "projects": (PKG.mentionsProject, _ID),
    "enterprise": (PKG.enterprise, _ID),
    "investment": (PKG.investment, _ID),
    "capacity": (PKG.capacity, _ID),
    "regions": (PKG.mentionsRegion, _ID),
    "regionReferences": (PKG.regionReference, _ID),
    "region": (PKG.region, _ID),
}

# classes and individuals usable as bare terms (in @type, and as vocabulary-relative values)
_CLASS_TERMS = ["Notice", "Section", "Task", "Project", "ProjectItem", "TargetStatement", "Indicator", "Unit",
                "CollectiveUnit", "Leader", "CollectiveLeader", "Post", "Region", "Assignment", "Mention",
                "InvestmentProject", "Enterprise", "RegionReference", "NameMerge"]


def _compact(iri: str, namespaces: list[tuple[str, str]]) -> str:
    """``iri`` as ``prefix:rest`` with the longest namespace it extends (the first of ``namespaces``, longest first:
    :func:`_longest_first`), else whole."""
    for prefix, ns in namespaces:
        if len(iri) > len(ns) and iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _prefixes(base_iri: str) -> dict[str, str]:
    return {"id": base_iri, **PREFIXES}


def _longest_first(prefixes: dict[str, str]) -> list[tuple[str, str]]:
    """The (prefix, namespace) pairs of ``prefixes``, longest namespace first (of two as long, the earlier)."""
    return sorted(prefixes.items(), key=lambda item: len(item[1]), reverse=True)


def context_document(base_iri: str) -> dict[str, Any]:
    """The curated ``@context`` (published as ``exports/context.jsonld``)."""
    prefixes = _prefixes(base_iri)
    namespaces = _longest_first(prefixes)
    ctx: dict[str, Any] = {"@version": 1.1}
    ctx.update(prefixes)
    for cls in _CLASS_TERMS:
        ctx[cls] = _compact(str(PKG[cls]), namespaces)
    for term, (iri, coercion) in _TERMS.items():
        definition: dict[str, Any] = {"@id": _compact(str(iri), namespaces)}
        if isinstance(coercion, dict):
            definition.update(coercion)
        elif coercion == _ID:
            definition["@type"] = "@id"
        elif coercion is not None:
            definition["@type"] = _compact(str(coercion), namespaces)
        ctx[term] = definition
    return {"@context": ctx}


_RDF_TYPE = str(RDF.type)
_XSD_STRING = str(XSD.string)


class _Writer:
    def __init__(self, base_iri: str) -> None:
        self.namespaces = _longest_first(_prefixes(base_iri))
        # property IRI -> the first term whose coercion fits an IRI / a language / a datatype (xsd:string: plain)
        self.id_terms: dict[str, str] = {}
        self.lang_terms: dict[tuple[str, str], str] = {}
        self.type_terms: dict[tuple[str, str], str] = {}
        for term, (iri, coercion) in _TERMS.items():
            prop = str(iri)
            if coercion == _ID:
                self.id_terms.setdefault(prop, term)
            elif isinstance(coercion, dict):
                self.lang_terms.setdefault((prop, coercion["@language"]), term)
            else:
                self.type_terms.setdefault((prop, _XSD_STRING if coercion is None else str(coercion)), term)
        self.class_terms = {str(PKG[c]): c for c in _CLASS_TERMS}
        self.compacted: dict[str, str] = {}  # IRI -> compact IRI (predicates and objects repeat)

    def iri(self, node: ox.NamedNode | ox.BlankNode) -> str:
        if isinstance(node, ox.BlankNode):
            return f"_:{node.value}"
        return self.compact(node.value)

    def compact(self, iri: str) -> str:
        found = self.compacted.get(iri)
        if found is None:
            found = self.compacted[iri] = _compact(iri, self.namespaces)
        return found

    def value(self, predicate: str, obj: Any) -> tuple[str, Any]:
        """(key, JSON value) for one object of ``predicate``: a term of the context where its coercion fits."""
        if isinstance(obj, (ox.NamedNode, ox.BlankNode)):
            term = self.id_terms.get(predicate)
            return (term, self.iri(obj)) if term else (self.compact(predicate), {"@id": self.iri(obj)})
        language = obj.language
        if language:
            term = self.lang_terms.get((predicate, language))
            return (term, obj.value) if term else (self.compact(predicate),
                                                   {"@value": obj.value, "@language": language})
        datatype = obj.datatype.value
        term = self.type_terms.get((predicate, datatype))
        if term:
            return term, obj.value
        if datatype == _XSD_STRING:
            return self.compact(predicate), {"@value": obj.value}
        return self.compact(predicate), {"@value": obj.value, "@type": self.compact(datatype)}

    def node(self, subject: Any, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {"@id": self.iri(subject)}
        types: list[str] = []
        props: dict[str, list[Any]] = {}
        for p, o in pairs:
            if p == _RDF_TYPE and isinstance(o, ox.NamedNode):
                types.append(self.class_terms.get(o.value) or self.iri(o))
                continue
            key, value = self.value(p, o)
            props.setdefault(key, []).append(value)
        if types:
            out["@type"] = types[0] if len(types) == 1 else types
        for key in sorted(props):
            values = props[key]
            out[key] = values[0] if len(values) == 1 else values
        return out


def to_jsonld(quads: Iterable[ox.Quad], *, base_iri: str, context: str = CONTEXT_FILE) -> dict[str, Any]:
    """A JSON-LD document of ``quads`` (already sorted): one ``@graph`` entry per named graph.

    Quads of the default graph, if any, are top-level node objects of ``@graph``.
    """
    writer = _Writer(base_iri)
    graphs: dict[Any, dict[Any, list[tuple[str, Any]]]] = {}
    for q in quads:
        graphs.setdefault(q.graph_name, {}).setdefault(q.subject, []).append((q.predicate.value, q.object))
    top: list[dict[str, Any]] = []
    for graph_name, subjects in graphs.items():
        nodes = [writer.node(s, pairs) for s, pairs in subjects.items()]
        if isinstance(graph_name, ox.DefaultGraph):
            top.extend(nodes)
        else:
            top.append({"@id": writer.iri(graph_name), "@graph": nodes})
    return {"@context": context, "@graph": top}


def write_document(out: IO[bytes], entries: Iterable[bytes], context: str = CONTEXT_FILE) -> None:
    """Write a JSON-LD export around its ``@graph`` entries (each the bytes of :func:`entry_bytes`), streaming."""
    out.write(b'{\n "@context": ' + json.dumps(context).encode() + b',\n "@graph": [')
    written = False
    for entry in entries:
        out.write(b",\n" if written else b"\n")
        out.write(entry)
        written = True
    out.write(b"\n ]\n}\n" if written else b"]\n}\n")


#: ``json.dumps(value, ensure_ascii=False)``, without making an encoder per call (one per node object: a quarter
#: of the time of writing a notice's entry)
_encode = json.JSONEncoder(ensure_ascii=False).encode


def entry_bytes(entry: dict[str, Any]) -> bytes:
    """One entry of the export's ``@graph``: a named graph with one node object per line, or a node object."""
    if "@graph" not in entry:
        return b"  " + _encode(entry).encode()
    head = {k: v for k, v in entry.items() if k != "@graph"}
    opening = _encode(head)[:-1] + ', "@graph": ['
    nodes = ",\n".join("   " + _encode(node) for node in entry["@graph"])
    return f"  {opening}\n{nodes}\n  ]}}".encode()


def dumps(document: dict[str, Any]) -> bytes:
    """Deterministic UTF-8 bytes of a JSON-LD document, with a trailing newline.

    An export (``@context`` and ``@graph``) is written one node object per line (json's C encoder:
    an indented document costs 3–4× more to write, and a node per line reads and diffs as well);
    anything else (the context document) with a one-space indent.

    >>> print(dumps({"@context": "context.jsonld", "@graph": [{"@id": "id:g", "@graph": [{"@id": "id:a"}]}]})
    ...       .decode(), end="")
    {
     "@context": "context.jsonld",
     "@graph": [
      {"@id": "id:g", "@graph": [
       {"@id": "id:a"}
      ]}
     ]
    }
    """
    if set(document) != {"@context", "@graph"} or not isinstance(document["@context"], str):
        return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    out = io.BytesIO()
    write_document(out, (entry_bytes(entry) for entry in document["@graph"]), document["@context"])
    return out.getvalue()
