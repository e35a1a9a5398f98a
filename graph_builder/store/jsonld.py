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

__all__ = ["CONTEXT_FILE", "context_document", "to_jsonld", "dumps", "write_document", "entry_bytes",
           "entry_from_nquads"]

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
        # for :meth:`entry_from_nquads`, by N-Quads text: an IRI's or blank node's JSON string, a class's as @type;
        # the (key, JSON before, JSON after) of a value: for a predicate and what follows a literal's closing quote
        # (before the string of the lexical form, after from its closing quote), for a predicate and an IRI or
        # blank node (before and after its JSON string)
        self.names: dict[bytes, bytes] = {}
        self.type_names: dict[bytes, bytes] = {}
        self.literal_forms: dict[bytes, tuple[str, bytes, bytes]] = {}
        self.link_forms: dict[bytes, tuple[str, bytes, bytes]] = {}
        self.keys: dict[str, bytes] = {}  # key of a form -> b', "key": '

    def iri(self, node: ox.NamedNode | ox.BlankNode) -> str:
        if isinstance(node, ox.BlankNode):
            return f"_:{node.value}"
        return self.compact(node.value)

    def compact(self, iri: str) -> str:
        found = self.compacted.get(iri)
        if found is None:
            found = self.compacted[iri] = _compact(iri, self.namespaces)
        return found

    def type_name(self, iri: str) -> str:
        """An ``@type``: a term of the context for a class of the ontology, else the compact IRI."""
        return self.class_terms.get(iri) or self.compact(iri)

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
                types.append(self.type_name(o.value))
                continue
            key, value = self.value(p, o)
            props.setdefault(key, []).append(value)
        if types:
            out["@type"] = types[0] if len(types) == 1 else types
        for key in sorted(props):
            values = props[key]
            out[key] = values[0] if len(values) == 1 else values
        return out

    def entry_from_nquads(self, graph: str, lines: Iterable[bytes]) -> bytes:
        """:func:`entry_bytes` of the graph entry :meth:`node` makes of the triples, from the graph's N-Quads lines as
        pyoxigraph writes them (sorted, every line of the graph ``graph``): the same bytes, at a few string
        operations a line.

        From the terms, each read of a term's parts makes a Python object (``.value``, ``.language``,
        ``.datatype.value``), and json encodes a dict per node: 27 ms of CPU for a notice graph of 6 k quads, where
        this takes 13 ms.  Here each line is cut in three at its first two spaces (no IRI or blank node has one),
        and the JSON around a literal's lexical form comes from its predicate and the text after its closing quote
        (``@zh``, ``^^<…#date>``, nothing): one decision of :meth:`value` per (predicate, form), remembered.  The
        lexical form is written as it stands in the line: pyoxigraph's N-Triples escapes are JSON's escapes
        (``\\"`` ``\\\\`` ``\\n`` ``\\r`` ``\\t`` ``\\b`` ``\\f``), and every other character is written raw by both,
        except the ones pyoxigraph writes as ``\\uXXXX`` (controls, U+007F, U+FFFE/U+FFFF: upper-case hex, or raw in
        JSON): a form holding ``\\u`` or ``\\U`` is read back with pyoxigraph's parser and encoded by json
        (``tests/store/test_jsonld.py`` checks every code point).
        """
        cut = -len(f" <{graph}> .\n".encode())
        rdf_type = f"<{_RDF_TYPE}>".encode()
        names, type_names, literal_forms, link_forms = self.names, self.type_names, self.literal_forms, self.link_forms
        nodes: list[bytes] = []
        subject = b""
        types: list[bytes] = []
        props: dict[str, list[bytes]] = {}
        for line in lines:
            s, p, o = line[:cut].split(b" ", 2)
            if s != subject:  # sorted: a subject's lines are together (each starts with its text and a space)
                if subject:
                    nodes.append(self._node_bytes(subject, types, props))
                subject, types, props = s, [], {}
            if o[0] == 34:  # '"': a literal
                # '"' and its lexical form, and what follows its closing quote: the form's quotes are escaped, and
                # no language or datatype holds one
                text, _, tail = o.rpartition(b'"')
                key, before, after = literal_forms.get(known := p + tail) or self._literal_form(known, line)
                # 92 (a backslash) as an int: `bytes in bytes` first tries its operand as an int, and raises
                if 92 in text and (b"\\u" in text or b"\\U" in text):
                    text = _encode(_literal(line)[1].value)[:-1].encode()
                value = before + text + after
            elif o[0] == 60 and p == rdf_type:  # '<': a class
                types.append(type_names.get(o) or self._type_name(o))
                continue
            else:
                key, before, after = link_forms.get(p) or self._link_form(p)
                value = before + (names.get(o) or self._name(o)) + after
            props.setdefault(key, []).append(value)
        if subject:
            nodes.append(self._node_bytes(subject, types, props))
        return _graph_entry({"@id": self.compact(graph)}, nodes)

    def _node_bytes(self, subject: bytes, types: list[bytes], props: dict[str, list[bytes]]) -> bytes:
        """What ``_encode(self.node(…))`` writes, from the JSON of its types and values."""
        out = [b'{"@id": ', self.names.get(subject) or self._name(subject)]
        if types:
            out.append(b', "@type": ' + (types[0] if len(types) == 1 else b"[" + b", ".join(types) + b"]"))
        keys = self.keys
        for key in sorted(props) if len(props) > 1 else props:
            values = props[key]
            out.append(keys[key])
            out.append(values[0] if len(values) == 1 else b"[" + b", ".join(values) + b"]")
        out.append(b"}")
        return b"".join(out)

    def _name(self, term: bytes) -> bytes:
        """The JSON string of an IRI (compact) or a blank node written ``term`` in N-Quads."""
        text = term.decode()
        found = self.names[term] = _string(text if term[0] == 95 else _compact(text[1:-1], self.namespaces)).encode()
        return found

    def _type_name(self, term: bytes) -> bytes:
        """The JSON string of the ``@type`` written ``term`` (an IRI) in N-Quads."""
        found = self.type_names[term] = _string(self.type_name(term[1:-1].decode())).encode()
        return found

    def _literal_form(self, known: bytes, line: bytes) -> tuple[str, bytes, bytes]:
        """(key, JSON before the string of the lexical form, JSON from its closing quote) of the literal of ``line``:
        :meth:`value` of the literal's predicate and of a literal of its language or datatype whose form is a NUL,
        which json writes ``"\\u0000"`` and no key, language or compact IRI holds."""
        predicate, obj = _literal(line)
        sample = ox.Literal("\0", language=obj.language) if obj.language else ox.Literal("\0", datatype=obj.datatype)
        key, value = self.value(predicate, sample)
        before, after = _encode(value).encode().split(b'"\\u0000')
        form = self.literal_forms[known] = key, before, after
        self.keys.setdefault(key, b", " + _string(key).encode() + b": ")
        return form

    def _link_form(self, predicate: bytes) -> tuple[str, bytes, bytes]:
        """(key, JSON before the IRI or blank node, JSON after it) for an object of ``predicate``: :meth:`value`
        of a blank node, whose JSON string is the only one in the value."""
        key, value = self.value(predicate[1:-1].decode(), ox.BlankNode("x"))
        before, after = _encode(value).encode().split(b'"_:x"')
        form = self.link_forms[predicate] = key, before, after
        self.keys.setdefault(key, b", " + _string(key).encode() + b": ")
        return form


def _literal(line: bytes) -> tuple[str, ox.Literal]:
    """The predicate IRI and the literal object of one N-Quads line, read by pyoxigraph (the writer of the line)."""
    quad = next(iter(ox.parse(line, format=ox.RdfFormat.N_QUADS)))
    assert isinstance(quad.object, ox.Literal)
    return quad.predicate.value, quad.object


def entry_from_nquads(graph: str, lines: Iterable[bytes], *, base_iri: str) -> bytes:
    """The entry of the named graph ``graph`` in the export's ``@graph``, from its N-Quads ``lines`` as pyoxigraph
    writes them, sorted: the bytes :func:`entry_bytes` gives for it (:meth:`_Writer.entry_from_nquads`)."""
    return _Writer(base_iri).entry_from_nquads(graph, lines)


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
#: what :data:`_encode` writes for a string (the function it calls), without its Python frame: ~1 µs a call
_string = json.encoder.encode_basestring


def entry_bytes(entry: dict[str, Any]) -> bytes:
    """One entry of the export's ``@graph``: a named graph with one node object per line, or a node object."""
    if "@graph" not in entry:
        return b"  " + _encode(entry).encode()
    return _graph_entry({k: v for k, v in entry.items() if k != "@graph"},
                        [_encode(node).encode() for node in entry["@graph"]])


def _graph_entry(head: dict[str, Any], nodes: list[bytes]) -> bytes:
    """A named graph's entry of the export's ``@graph``: ``head`` (its ``@id``) and its ``@graph``, the JSON
    ``nodes``, one a line."""
    return b"  " + _encode(head)[:-1].encode() + b', "@graph": [\n' \
        + (b"   " + b",\n   ".join(nodes) if nodes else b"") + b"\n  ]}"


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
