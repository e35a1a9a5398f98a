"""Every export reads back with an independent parser; JSON-LD expands to the Turtle's triples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from pyld import jsonld
from rdflib import ConjunctiveGraph, Graph
from rdflib.compare import isomorphic

FORMATS = {
    "policykg.ttl": ox.RdfFormat.TURTLE,
    "policykg.nt": ox.RdfFormat.N_TRIPLES,
    "policykg.trig": ox.RdfFormat.TRIG,
    "policykg.nq": ox.RdfFormat.N_QUADS,
    "policykg.jsonld": ox.RdfFormat.JSON_LD,
    "void.ttl": ox.RdfFormat.TURTLE,
}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_pyoxigraph_reads_every_export(sample_exports: Path, name: str) -> None:
    path = sample_exports / name
    if name.endswith(".jsonld"):
        # pyoxigraph does not load remote contexts: inline the published context file
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["@context"] = json.loads((sample_exports / doc["@context"]).read_text(encoding="utf-8"))["@context"]
        data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
        quads = list(ox.parse(data, format=FORMATS[name], base_iri=path.as_uri()))
    else:
        quads = list(ox.parse(path=str(path), format=FORMATS[name], base_iri=path.as_uri()))
    assert len(quads) > 10


def test_named_graph_exports_agree(sample_exports: Path) -> None:
    trig = set(ox.parse(path=str(sample_exports / "policykg.trig"), format=ox.RdfFormat.TRIG))
    nq = set(ox.parse(path=str(sample_exports / "policykg.nq"), format=ox.RdfFormat.N_QUADS))
    assert trig == nq
    graphs = {q.graph_name.value for q in nq}
    assert "https://policykg.example.org/id/notice/yanzhou-2023" in graphs
    assert "https://policykg.example.org/ontology/policykg" in graphs


def test_merged_exports_agree(sample_exports: Path) -> None:
    ttl = {q.triple for q in ox.parse(path=str(sample_exports / "policykg.ttl"), format=ox.RdfFormat.TURTLE)}
    nt = {q.triple for q in ox.parse(path=str(sample_exports / "policykg.nt"), format=ox.RdfFormat.N_TRIPLES)}
    nq = {q.triple for q in ox.parse(path=str(sample_exports / "policykg.nq"), format=ox.RdfFormat.N_QUADS)}
    assert ttl == nt == nq


def _local_loader(folder: Path) -> Any:
    def load(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        name = url.rsplit("/", 1)[-1]
        path = folder / name
        if not url.startswith(folder.as_uri()) or not path.exists():
            raise RuntimeError(f"refusing to fetch {url}: only the local context is allowed")
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": json.loads(path.read_text(encoding="utf-8"))}
    return load


def test_jsonld_expands_with_pyld_to_the_same_triples_as_turtle(sample_exports: Path) -> None:
    doc_path = sample_exports / "policykg.jsonld"
    doc = json.loads(doc_path.read_text(encoding="utf-8"))
    assert doc["@context"] == "context.jsonld"  # relative: works offline, next to the file
    nquads = jsonld.to_rdf(doc, {"base": doc_path.as_uri(), "format": "application/n-quads",
                                 "documentLoader": _local_loader(sample_exports)})
    from_jsonld = ConjunctiveGraph()
    from_jsonld.parse(data=nquads, format="nquads")
    merged = Graph()
    for s, p, o, _ in from_jsonld.quads((None, None, None, None)):
        merged.add((s, p, o))
    turtle = Graph().parse(sample_exports / "policykg.ttl", format="turtle")
    assert len(merged) == len(turtle)
    assert isomorphic(merged, turtle)


def test_context_uses_compact_keys(sample_exports: Path) -> None:
    ctx = json.loads((sample_exports / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert ctx["agent"] == {"@id": "prov:agent", "@type": "@id"}
    assert ctx["role"] == {"@id": "prov:hadRole", "@type": "@id"}
    assert ctx["start"]["@type"] == "xsd:nonNegativeInteger"
