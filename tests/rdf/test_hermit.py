"""The ontology, with the sample corpus data, loads in owlready2 and HermiT finds it consistent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder.rdf.namespace import ONTOLOGY_IRI, PKG
from graph_builder.rdf.ontology import ONTOLOGY_FILE
from graph_builder.store.export import merged_triples, to_oxigraph

pytestmark = pytest.mark.skipif(shutil.which("java") is None,
                                reason="HermiT (bundled with owlready2) needs a Java runtime; none on PATH")


def _reason(path: Path) -> None:
    from owlready2 import World, sync_reasoner

    world = World()
    onto = world.get_ontology(path.as_uri()).load(format="ntriples")
    with onto:
        sync_reasoner(world, infer_property_values=False, debug=0)


def _ntriples(triples: list[ox.Triple], path: Path) -> Path:
    path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    return path


def test_ontology_alone_is_consistent(tmp_path: Path) -> None:
    triples = [q.triple for q in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)]
    _reason(_ntriples(triples, tmp_path / "ontology.nt"))


def test_ontology_with_sample_data_is_consistent(sample_dataset, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _reason(_ntriples(merged_triples(to_oxigraph(sample_dataset)), tmp_path / "all.nt"))


def test_a_unit_that_is_also_a_leader_is_inconsistent(sample_dataset, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from owlready2 import OwlReadyInconsistentOntologyError

    # the ontology and one notice's graph are enough for the disjointness to bite (and reason 3× faster)
    keep = {ox.NamedNode(ONTOLOGY_IRI), ox.NamedNode("https://policykg.example.org/id/notice/yanzhou-2023")}
    triples = merged_triples(q for q in to_oxigraph(sample_dataset) if q.graph_name in keep)
    unit = next(t.subject for t in triples if t.object == ox.NamedNode(str(PKG.Unit)))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    triples.append(ox.Triple(unit, rdf_type, ox.NamedNode(str(PKG.Leader))))
    with pytest.raises(OwlReadyInconsistentOntologyError):
        _reason(_ntriples(triples, tmp_path / "bad.nt"))
