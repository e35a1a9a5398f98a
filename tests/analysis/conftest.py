"""The sample notices built into a pyoxigraph store, read back through the analysis queries."""

from __future__ import annotations

import pytest

from graph_builder.analysis.data import Corpus, load_corpus
from graph_builder.parse.records import Notice


@pytest.fixture(scope="session")
def sample_corpus(notices: dict[str, Notice]) -> Corpus:
    from graph_builder.rdf.build import build_dataset
    from graph_builder.store.export import load_store, to_oxigraph

    dataset = build_dataset(list(notices.values()), include_ontology=False)
    return load_corpus(load_store(to_oxigraph(dataset)))
