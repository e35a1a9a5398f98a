"""graph_builder/rdf/namespace.py and ontology/policykg.ttl stay in step."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DefinedNamespace

from graph_builder.rdf import namespace as ns
from graph_builder.rdf.namespace import DOMAIN_NAMESPACES, ONTOLOGY_IRI, OWL, PKG, RDF, RDFS
from graph_builder.rdf.ontology import load_ontology

PACKAGE = Path(ns.__file__).resolve().parents[1]
OWL_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual,
             OWL.Ontology}


def _terms(cls: type[DefinedNamespace]) -> set[URIRef]:
    names = set(getattr(cls, "__annotations__", {})) | set(getattr(cls, "_extras", []))
    return {URIRef(str(cls._NS) + name) for name in names}


def _declared() -> set[URIRef]:
    graph = load_ontology()
    return {s for s, o in graph.subject_objects(RDF.type) if o in OWL_TYPES and isinstance(s, URIRef)}


def test_pkg_terms_equal_ontology_terms() -> None:
    in_ontology = {s for s in load_ontology().subjects() if isinstance(s, URIRef) and s.startswith(str(PKG._NS))}
    assert _terms(PKG) == in_ontology


@pytest.mark.parametrize("term", sorted(_terms(PKG)))
def test_pkg_term_is_documented(term: URIRef) -> None:
    graph = load_ontology()
    for prop in (RDFS.label, RDFS.comment):
        langs = {o.language for o in graph.objects(term, prop) if isinstance(o, Literal)}
        assert {"zh", "en"} <= langs, f"{term} lacks {prop} in zh and en"
    assert graph.value(term, RDFS.isDefinedBy) == URIRef(ONTOLOGY_IRI)
    assert set(graph.objects(term, RDF.type)) & OWL_TYPES, f"{term} has no OWL type"


def test_external_terms_of_the_ontology_are_in_their_namespace_class() -> None:
    graph = load_ontology()
    used = {t for triple in graph for t in triple if isinstance(t, URIRef)}
    for cls in DOMAIN_NAMESPACES:
        base = str(cls._NS)
        missing = {t for t in used if t.startswith(base) and t != URIRef(base)} - _terms(cls)
        assert not missing, f"{cls.__name__} lacks {sorted(missing)}"


def test_external_terms_in_namespace_classes_are_declared() -> None:
    declared = _declared()
    for cls in DOMAIN_NAMESPACES:
        if cls is PKG:
            continue
        missing = _terms(cls) - declared
        assert not missing, f"the ontology does not declare {sorted(missing)}"


def test_every_term_of_the_sample_build_is_declared(sample_dataset) -> None:  # type: ignore[no-untyped-def]
    declared = _declared() | {RDF.type, RDFS.label, RDFS.comment}  # OWL 2 built-ins
    used = set()
    for _s, p, o, _ in sample_dataset.quads((None, None, None, None)):
        if str(_) == ONTOLOGY_IRI or getattr(_, "identifier", None) == URIRef(ONTOLOGY_IRI):
            continue
        used.add(p)
        if p == RDF.type:
            used.add(o)
    assert used - declared == set()


def _namespace_uses() -> set[tuple[str, str, str]]:
    classes = {name for name in ns.__all__ if isinstance(getattr(ns, name), type)
               and issubclass(getattr(ns, name), DefinedNamespace)}
    uses = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id in classes and not node.attr.startswith("_"):
                uses.add((str(path.relative_to(PACKAGE)), node.value.id, node.attr))
    return uses


def test_every_term_used_in_code_exists() -> None:
    uses = _namespace_uses()
    assert uses, "no namespace terms found in the package: the scan is broken"
    for path, cls_name, attr in sorted(uses):
        cls = getattr(ns, cls_name)
        terms = _terms(cls) if cls in DOMAIN_NAMESPACES or cls_name in ("VOID", "DCAT") else None
        if terms is None:  # rdflib's own structural namespaces (RDF, RDFS, OWL, XSD, SH)
            getattr(cls, attr)
            continue
        assert URIRef(str(cls._NS) + attr) in terms, f"{path}: {cls_name}.{attr} is not a term"
        if cls is PKG:
            assert URIRef(str(PKG._NS) + attr) in _declared(), f"{path}: PKG.{attr} missing from the ontology"
