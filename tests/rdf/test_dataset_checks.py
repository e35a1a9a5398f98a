"""The checks that read more than one notice graph, as ``policykg build`` runs them (from the check facts of every
graph: graph_builder.rdf.validate.dataset_checks), give the rows of their queries over the whole dataset.

The queries (``ontology/checks/*.rq``) are the definition; each case compares the two on the same quads, the
sample corpus and a synthetic one, clean and with broken merges and labels added by hand.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from graph_builder.commands.build import collect_inputs
from graph_builder.rdf import build, iris
from graph_builder.rdf.incremental import build_corpus
from graph_builder.rdf.ontology import check_scope, load_checks
from graph_builder.rdf.validate import (
    LABEL_TERMS,
    PKG,
    RDF,
    SKOS,
    CheckFacts,
    CheckResult,
    dataset_checks,
    page_text,
    run_checks,
)
from graph_builder.store.export import load_store, sorted_quads, to_oxigraph
from tests.rdf.conftest import BASE, sparql

#: the checks dataset_checks answers
FROM_FACTS = sorted([*load_checks("labels"), *load_checks("dataset")])
RESOLUTION = ox.NamedNode(iris.resolution_graph_iri(base=BASE))
ENTITIES = ox.NamedNode(iris.entities_graph_iri(base=BASE))
JIAXIANG, JINING, YANZHOU = (ox.NamedNode(iris.notice_iri(k)) for k in ("jiaxiang-2023", "jining-2023",
                                                                         "yanzhou-2023"))
HOUSING = ox.NamedNode(iris.unit_iri("区住房城乡建设局", "兖州区"))


def _zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def _merge(entity: ox.NamedNode, form: str) -> list[ox.Quad]:
    """The quads of the resolution graph that the checks read of a merge of ``form`` into ``entity``."""
    m = ox.NamedNode(iris.merge_iri(entity.value, form))
    return [ox.Quad(m, RDF.type, PKG.NameMerge, RESOLUTION), ox.Quad(m, PKG.mergedForm, _zh(form), RESOLUTION),
            ox.Quad(m, PKG.mergedInto, entity, RESOLUTION)]


def _by_facts(quads: list[ox.Quad]) -> list[CheckResult]:
    """dataset_checks over the check facts of each graph of ``quads``."""
    graphs: dict[ox.NamedNode, list[ox.Triple]] = {}
    for q in quads:
        assert isinstance(q.graph_name, ox.NamedNode)
        graphs.setdefault(q.graph_name, []).append(q.triple)
    return dataset_checks(CheckFacts.union(CheckFacts.of(g, triples) for g, triples in graphs.items()))


def _by_queries(store: ox.Store) -> list[CheckResult]:
    return [c for c in run_checks(store) if c.name in FROM_FACTS]


def test_label_checks_read_only_the_label_terms() -> None:
    # the workers send a notice graph's triples of LABEL_TERMS and rdf:type pkg:NameMerge, nothing else
    sent = {t.value for t in LABEL_TERMS} | {PKG.NameMerge.value, RDF.type.value}
    for name, query in load_checks("labels").items():
        prefixes = dict(re.findall(r"PREFIX\s+(\w*):\s*<([^>]+)>", query))
        body = query[query.index("SELECT"):]
        used = {prefixes[p] + local for p, local in re.findall(r"\b(\w+):(\w+)", body)}
        assert used <= sent, (name, used - sent)
        assert not re.search(r"[.;{]\s*\?\w+\s+\?\w+", body), f"{name}: a variable predicate reads any triple"


def test_a_misspelt_scope_names_the_file() -> None:
    with pytest.raises(ValueError, match=r"x-violation\.rq: the scope 'notices'"):
        check_scope(Path("x-violation.rq"), "# Scope: notices — one graph\nSELECT * {}")


def test_page_text_removes_what_the_query_removes() -> None:
    # REPLACE(STR(?quote), "[\\s*]", "") in pyoxigraph over every code point (Python's \s also has U+001C–U+001F)
    text = "".join(chr(c) for c in range(1, 0x110000) if not 0xD800 <= c < 0xE000)
    store = ox.Store()
    store.add(ox.Quad(HOUSING, PKG.mergedForm, ox.Literal(text), RESOLUTION))
    (row,) = store.query('SELECT (REPLACE(STR(?t), "[\\\\s*]", "") AS ?x) { GRAPH ?g { ?s ?p ?t } }')
    assert isinstance(row["x"], ox.Literal)
    assert page_text(text) == row["x"].value


# -- the sample corpus ---------------------------------------------------------------------------------------


def _no_change(store: ox.Store) -> list[ox.Quad]:
    return []


def _stale_merges(store: ox.Store) -> list[ox.Quad]:
    # jiaxiang-2023.txt line 4 of its first project table (张  雷, two spaces, a leader named 张雷)
    ((zhang,),) = sparql(store, 'SELECT DISTINCT ?a { ?x prov:agent ?a ; pkg:evidence/oa:exact "张  雷" }')
    ((issuer,),) = sparql(store, f"SELECT ?u {{ <{JIAXIANG.value}> dcterms:publisher ?u }}")
    return [*_merge(HOUSING, "区住建局"),  # printed nowhere: a row
            *_merge(ox.NamedNode(zhang), "张 雷"),  # one space: no quote has it once spaces are removed, a row
            *_merge(ox.NamedNode(zhang), "雷"),  # not a name, in a quote: no row
            *_merge(ox.NamedNode(issuer), "嘉祥县政府")]  # not printed, but the entity is a publisher: no row


def _broken_labels(store: ox.Store) -> list[ox.Quad]:
    # an enterprise's preferred name is stated in its notice graph: a second one, in another notice graph
    ((enterprise, name),) = sparql(store, f"""
        SELECT ?e ?name {{ GRAPH <{YANZHOU.value}> {{ ?e a pkg:Enterprise ; skos:prefLabel ?name }} }}
        ORDER BY ?e LIMIT 1""")
    return [ox.Quad(ox.NamedNode(enterprise), SKOS.prefLabel, _zh(name + "公司"), JINING),
            ox.Quad(HOUSING, SKOS.altLabel, _zh("区住房城乡建设局"), YANZHOU),  # its preferred name, stated in a notice
            *_merge(HOUSING, "区住房城乡建设局")]  # a merge of the preferred name into itself


@pytest.mark.parametrize(("change", "failing"), [
    (_no_change, set()),
    (_stale_merges, {"merge-unused-violation"}),
    (_broken_labels, {"two-preflabels-violation", "altlabel-is-preflabel-violation"}),
])
def test_the_facts_give_the_rows_of_the_queries_on_the_sample(
        sample_dataset: Dataset, sample_store: ox.Store, change: Callable[[ox.Store], list[ox.Quad]],
        failing: set[str]) -> None:
    quads = [*sorted_quads(to_oxigraph(sample_dataset)), *change(sample_store)]
    expected = _by_queries(load_store(quads))
    assert {c.name for c in expected if not c.ok} == failing
    assert _by_facts(quads) == expected
    if change is _stale_merges:
        rows = next(c.rows for c in expected if c.name == "merge-unused-violation")
        assert sorted(r["form"] for r in rows) == ['"区住建局"@zh', '"张 雷"@zh']


# -- a synthetic corpus, built by policykg build: clean, with broken merges and labels, and incrementally ---------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from benchmarks.generate_corpus import write_corpus

    folder = tmp_path_factory.mktemp("synthetic")
    write_corpus(folder, 8)
    yield folder


def _build_and_compare(folder: Path, out: Path) -> list[CheckResult]:
    """Build ``folder`` into ``out``; the rows of the build's checks, which the queries give over its store."""
    outcome = build_corpus(collect_inputs([str(folder)]), out, base_iri=BASE, shacl=False)
    assert not outcome.errors and not outcome.usage_error
    assert [c.name for c in outcome.validation.checks] == sorted(load_checks())
    built = [c for c in outcome.validation.checks if c.name in FROM_FACTS]
    store = ox.Store.read_only(str(out / "store"))
    assert built == _by_queries(store)
    return built


def test_the_build_gives_the_rows_of_the_queries(synthetic: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder, out = tmp_path / "notices", tmp_path / "exports"
    shutil.copytree(synthetic, folder)
    assert all(c.ok for c in _build_and_compare(folder, out))

    # a stale merge and a second preferred label in the shared graphs (every part from the cache), of an agent
    # of the first notice, which stays
    store = ox.Store.read_only(str(out / "store"))
    ((agent, name),) = sparql(store, f"""
        SELECT ?agent ?name {{
          GRAPH <{iris.notice_iri("synthetic-00000", base=BASE)}> {{ ?a a pkg:Assignment ; prov:agent ?agent }}
          ?agent skos:prefLabel ?name
        }} ORDER BY ?agent LIMIT 1""")
    del store
    stale, merges, entities = _merge(ox.NamedNode(agent), name + "办"), build.resolution_quads, build.entity_quads
    monkeypatch.setattr(build, "resolution_quads", lambda *a, **k: [*merges(*a, **k), *stale])
    monkeypatch.setattr(build, "entity_quads", lambda *a, **k: [
        *entities(*a, **k), ox.Quad(ox.NamedNode(agent), SKOS.prefLabel, _zh(name + "（旧）"), ENTITIES)])
    failed = {c.name: c.rows for c in _build_and_compare(folder, out) if not c.ok}
    assert failed["merge-unused-violation"] == [{"merge": str(stale[0].subject), "form": str(stale[1].object),
                                                 "entity": f"<{agent}>"}]
    assert set(failed) == {"merge-unused-violation", "two-preflabels-violation"}

    # one notice changed, one deleted: the rebuilt part's facts and the cached ones
    changed = folder / "synthetic-00003.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("。", "；", 1), encoding="utf-8")
    (folder / "synthetic-00005.txt").unlink()
    failed = {c.name: c.rows for c in _build_and_compare(folder, out) if not c.ok}
    assert set(failed) == {"merge-unused-violation", "two-preflabels-violation"}
