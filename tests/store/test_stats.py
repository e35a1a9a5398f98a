"""The figures of void.ttl and build-report.md (graph_builder.store.stats), combined from per-graph summaries,
against the figures counted the way they were before the summaries: a pass over every triple of the merged
dataset and SPARQL counts over a store of every quad.

Corpora: the four sample notices (data/notices/), built by the command, then with one notice changed and one
deleted; eight synthetic notices (benchmarks/generate_corpus.py), built, then with one notice changed, then
without the merged dumps; the sample's quads through the rdflib path (:func:`graph_builder.store.export.write_exports`).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from graph_builder.commands.build import collect_inputs
from graph_builder.errors import InternalError
from graph_builder.rdf import iris
from graph_builder.rdf.incremental import build_corpus
from graph_builder.rdf.namespace import ONTOLOGY_IRI, PKG, PROV, RDF, VOID
from graph_builder.store.stats import MERGES, DatasetStats, dataset_stats, graph_stats

BASE = iris.DEFAULT_BASE
NOTICES = Path(__file__).resolve().parents[2] / "data" / "notices"

# the queries void.ttl and build-report.md were counted with over the build's store, before the summaries
CLASS_COUNTS = f"""
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  ?s a ?class . FILTER (STRSTARTS(STR(?class), "{PKG._NS}"))
  FILTER (!STRSTARTS(STR(?s), "{ONTOLOGY_IRI}"))
}} GROUP BY ?class ORDER BY ?class"""
ROLE_COUNTS = """
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?role (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a prov:hadRole ?role } GROUP BY ?role ORDER BY ?role"""


def _rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return [tuple(term.value if term is not None else "" for term in row) for row in solutions]


def counted_the_old_way(quads: list[ox.Quad]) -> dict[str, Any]:
    """Every figure, from a pass over the merged triples and SPARQL over a store of every quad."""
    triples = {q.triple for q in quads}
    rdf_type = ox.NamedNode(str(RDF.type))
    store = ox.Store()
    store.extend(quads)
    return {
        "quads": len(quads),
        "triples": len(triples),
        "subjects": len({t.subject for t in triples}),
        "classes": len({t.object for t in triples if t.predicate == rdf_type}),
        "properties": len({t.predicate for t in triples}),
        "per_graph": {g.value: sum(1 for q in quads if q.graph_name == g)
                      for g in {q.graph_name for q in quads} if isinstance(g, ox.NamedNode)},
        "entities": {c: int(n) for c, n in _rows(store, CLASS_COUNTS)},
        "roles": {r: int(n) for r, n in _rows(store, ROLE_COUNTS)},
        "merges": _rows(store, MERGES),
    }


def figures(stats: DatasetStats) -> dict[str, Any]:
    return {name: getattr(stats, name) for name in ("quads", "triples", "subjects", "classes", "properties",
                                                    "per_graph", "entities", "roles", "merges")}


def published(out: Path) -> dict[str, Any]:
    """The figures as void.ttl and build-report.md state them."""
    void = list(ox.parse(path=str(out / "void.ttl"), format=ox.RdfFormat.TURTLE))
    dataset = ox.NamedNode(f"{BASE}dataset")

    def objects(s: Any, p: Any) -> list[Any]:
        return [t.object for t in void if t.subject == s and t.predicate == ox.NamedNode(str(p))]

    def number(s: Any, p: Any) -> int:
        (n,) = objects(s, p)
        return int(n.value)

    entities = {}
    for part in objects(dataset, VOID.classPartition):
        (cls,) = objects(part, VOID["class"])
        entities[cls.value] = number(part, VOID.entities)
    subsets = {}
    for subset in objects(dataset, VOID.subset):
        (graph,) = objects(subset, "http://purl.org/dc/terms/source")
        subsets[graph.value] = number(subset, VOID.triples)
    report = (out / "build-report.md").read_text(encoding="utf-8")

    def table(title: str) -> list[list[str]]:
        section = report.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
        return [[cell.strip() for cell in line.strip("|").split("|")] for line in section.splitlines()
                if line.startswith("|")][2:]

    assert sum(entities.values()) == number(dataset, VOID.entities)
    return {
        "triples": number(dataset, VOID.triples),
        "subjects": number(dataset, VOID.distinctSubjects),
        "classes": number(dataset, VOID.classes),
        "properties": number(dataset, VOID.properties),
        "entities": entities,
        "subsets": subsets,
        "report triples": int(re.search(r"- triples \(all graphs merged\): (\d+)", report)[1]),  # type: ignore[index]
        "report quads": int(re.search(r"- quads \(named graphs kept\): (\d+)", report)[1]),  # type: ignore[index]
        "report entities": {c: int(n) for c, n in table("Entities per class")},
        "roles": {r: int(n) for r, n in table("Assignments per role")},
        "merges": [tuple(row) for row in table("Name merges")],
    }


def expected(quads: list[ox.Quad]) -> dict[str, Any]:
    """What :func:`published` must read, from the figures counted the old way."""
    old = counted_the_old_way(quads)
    return {
        "triples": old["triples"], "subjects": old["subjects"], "classes": old["classes"],
        "properties": old["properties"], "entities": old["entities"],
        "subsets": {g: n for g, n in old["per_graph"].items() if g.startswith(f"{BASE}notice/")},
        "report triples": old["triples"], "report quads": old["quads"],
        "report entities": {f"pkg:{c.rsplit('#', 1)[-1]}": n for c, n in old["entities"].items()},
        "roles": {f"pkg:{r.rsplit('#', 1)[-1]}": n for r, n in old["roles"].items()},
        "merges": [tuple(row) for row in old["merges"]],
    }


def dump(out: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(out / "policykg.nq"), format=ox.RdfFormat.N_QUADS))


def _build(folder: Path, out: Path) -> Any:
    outcome = build_corpus(collect_inputs([str(folder)]), out, base_iri=BASE, shacl=False)
    assert not outcome.errors and not outcome.usage_error
    return outcome


def _change(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("。", "；", 1), encoding="utf-8")


def _rebuilt_after_a_change(notices: Path, built: Path, tmp_path: Path, name: str) -> tuple[Path, Path]:
    """Copies of ``notices`` and ``built`` with the notice ``name`` changed and rebuilt alone; the figures are
    checked against the old counts."""
    work, out = tmp_path / "notices", tmp_path / "exports"
    shutil.copytree(notices, work)
    shutil.copytree(built, out)
    _change(work / name)
    outcome = _build(work, out)
    assert (outcome.rebuilt, outcome.notices) == (1, len(list(notices.glob("*.txt"))))
    assert published(out) == expected(dump(out))
    return work, out


# -- the sample notices ------------------------------------------------------------------------------------

def test_sample_figures_equal_the_old_counts(exports: Path) -> None:
    quads = dump(exports)
    assert published(exports) == expected(quads)
    assert figures(dataset_stats(quads, base_iri=BASE)) == counted_the_old_way(quads)


def test_sample_figures_a_person_counted(exports: Path) -> None:
    entities = published(exports)["entities"]
    # 81 + 32 + 89 + 81 numbered tasks (yanzhou, jining-2020, jining-2023, jiaxiang; see test_queries.py)
    assert entities[str(PKG.Task)] == 283
    assert entities[str(PKG.Notice)] == 4


def test_sample_after_a_change_and_a_deletion(exports: Path, tmp_path: Path) -> None:
    work, out = _rebuilt_after_a_change(NOTICES, exports, tmp_path, "jining-2023.txt")
    (work / "yanzhou-2023.txt").unlink()
    outcome = _build(work, out)
    assert (outcome.rebuilt, outcome.notices) == (0, 3)
    assert published(out) == expected(dump(out))
    assert published(out)["entities"][str(PKG.Task)] == 283 - 81


def test_library_path_writes_the_same_figures(exports: Path, tmp_path: Path) -> None:
    from rdflib import Dataset

    from graph_builder.store.export import BuildInfo, write_exports

    ds = Dataset()
    ds.parse(exports / "policykg.nq", format="nquads")
    write_exports(ds, tmp_path, BuildInfo([]), formats=())
    assert published(tmp_path) == {**published(exports), "subsets": {}}  # no notices listed: no subsets


# -- eight synthetic notices -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from benchmarks.generate_corpus import write_corpus

    base = tmp_path_factory.mktemp("synthetic")
    folder = base / "notices"
    write_corpus(folder, 8)  # as `generate_corpus.py OUT --notices 8`
    _build(folder, base / "exports")
    return folder, base / "exports"


def test_synthetic_figures_equal_the_old_counts(synthetic: tuple[Path, Path]) -> None:
    _, out = synthetic
    quads = dump(out)
    figures_now = published(out)
    assert figures_now == expected(quads)
    assert figures_now["merges"]  # the generator prints bureau-name variants: the merge table is not empty


def test_synthetic_after_a_change(synthetic: tuple[Path, Path], tmp_path: Path) -> None:
    folder, built = synthetic
    _rebuilt_after_a_change(folder, built, tmp_path, "synthetic-00003.txt")


# -- one graph's summary, and the guard of its assumption --------------------------------------------------

NOTICE = iris.notice_iri("a")
TYPE, ROLE = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(PROV.hadRole))
EXACT = ox.NamedNode("http://www.w3.org/ns/oa#exact")


def _q(s: str, p: ox.NamedNode, o: Any, graph: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(s) if not s.startswith("_:") else ox.BlankNode(s[2:]), p, o, ox.NamedNode(graph))


def test_graph_stats_local_and_other() -> None:
    task, unit = f"{NOTICE}/task/1", f"{BASE}unit/x/y"
    quads = [
        _q(task, TYPE, ox.NamedNode(str(PKG.Task)), NOTICE),
        _q(f"{task}/unit/1", TYPE, ox.NamedNode(str(PKG.Assignment)), NOTICE),
        _q(f"{task}/unit/1", ROLE, ox.NamedNode(str(PKG.rolePrimary)), NOTICE),
        _q(iris.mention_iri(NOTICE, 3, 7), EXACT, ox.Literal("区财政局"), NOTICE),  # a mention: a fragment, local
        _q(unit, TYPE, ox.NamedNode(str(PKG.Unit)), NOTICE),
        _q(NOTICE, TYPE, ox.NamedNode(str(PKG.Notice)), NOTICE),
        _q("_:b0", TYPE, ox.NamedNode(str(PKG.Unit)), NOTICE),  # a blank node: no entity (STR() fails)
        _q(f"{ONTOLOGY_IRI}#x", TYPE, ox.NamedNode(str(PKG.Unit)), NOTICE),  # the ontology's: no entity
    ]
    s = graph_stats(NOTICE, (q.triple for q in quads))
    assert (s.local_triples, s.local_subjects, s.triples) == (4, 3, 8)
    assert s.other_subjects == {f"<{unit}>", f"<{NOTICE}>", "_:b0", f"<{ONTOLOGY_IRI}#x>"}
    assert s.local_instances == {str(PKG.Task): 1, str(PKG.Assignment): 1}
    assert s.other_instances == {str(PKG.Unit): {f"<{unit}>"}, str(PKG.Notice): {f"<{NOTICE}>"}}
    assert s.local_roles == {str(PKG.rolePrimary): 1} and s.other_roles == {}
    # the unit typed again in another notice is one entity, the notice described again one subject
    other = iris.notice_iri("b")
    again = graph_stats(other, [(ox.NamedNode(unit), TYPE, ox.NamedNode(str(PKG.Unit)))])
    stats = graph_stats(f"{BASE}graph/statistics", [(ox.NamedNode(NOTICE), ROLE, ox.Literal("1"))])
    combined = DatasetStats.of([s, again, stats], [])
    assert combined.entities[str(PKG.Unit)] == 1 and combined.subjects == 7 and combined.triples == 9
    assert figures(combined) == counted_the_old_way([*quads, _q(unit, TYPE, ox.NamedNode(str(PKG.Unit)), other),
                                                     _q(NOTICE, ROLE, ox.Literal("1"), f"{BASE}graph/statistics")])


@pytest.mark.parametrize(("subject", "graph"), [
    (f"{NOTICE}/task/1", f"{BASE}graph/statistics"),  # a shared graph describing a notice's task
    (f"{NOTICE}/task/1", iris.notice_iri("b")),  # another notice describing it
    (f"{NOTICE}/task/1/unit/1", ""),  # the default graph
    (iris.mention_iri(NOTICE, 3, 7), iris.notice_iri("b")),  # a mention of the notice, described in another
])
def test_a_node_of_a_notice_described_elsewhere_is_an_internal_error(subject: str, graph: str) -> None:
    task = graph_stats(NOTICE, [(ox.NamedNode(f"{NOTICE}/task/1"), TYPE, ox.NamedNode(str(PKG.Task)))])
    elsewhere = graph_stats(graph, [(ox.NamedNode(subject), TYPE, ox.NamedNode(str(PKG.Task)))])
    with pytest.raises(InternalError, match=re.escape(f"<{subject}>, a node of the graph <{NOTICE}>")) as info:
        DatasetStats.of([task, elsewhere], [])
    assert info.value.code == "E999" and "counted twice" in str(info.value)
    DatasetStats.of([elsewhere], [])  # without that notice, nothing is counted twice


def test_a_graph_named_below_another_is_an_internal_error() -> None:
    outer = graph_stats(NOTICE, [(ox.NamedNode(f"{NOTICE}/x/1"), TYPE, ox.NamedNode(str(PKG.Task)))])
    inner = graph_stats(f"{NOTICE}/x", [(ox.NamedNode(f"{NOTICE}/x/1"), TYPE, ox.NamedNode(str(PKG.Task)))])
    with pytest.raises(InternalError, match="is named below the graph"):
        DatasetStats.of([outer, inner], [])


def test_figures_without_the_merged_dumps(synthetic: tuple[Path, Path], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from graph_builder.rdf import incremental

    def not_asked(*args: object) -> None:
        raise AssertionError("the merged N-Triples were written, and neither they nor Turtle were asked for")

    folder, built = synthetic
    out = tmp_path / "exports"
    shutil.copytree(built, out)
    monkeypatch.setattr(incremental, "merged_exports", not_asked)  # one process (jobs=1): called here if at all
    outcome = build_corpus(collect_inputs([str(folder)]), out, base_iri=BASE, shacl=False, formats=["nquads"])
    assert outcome.rebuilt == 0 and not outcome.errors
    # the other dumps of the earlier build are removed (stale), and void.ttl lists the one written
    assert sorted(p.name for p in out.glob("policykg.*")) == ["policykg.nq"]
    assert (out / "policykg.nq").read_bytes() == (built / "policykg.nq").read_bytes()
    void = (out / "void.ttl").read_text(encoding="utf-8")
    assert "policykg.nq>" in void and "policykg.ttl>" not in void and "policykg.jsonld>" not in void
    assert published(out) == published(built)


def test_library_path_lists_the_dumps_it_writes(exports: Path, tmp_path: Path) -> None:
    from rdflib import Dataset

    from graph_builder.store.export import BuildInfo, ExportFormat, write_exports

    ds = Dataset()
    ds.parse(exports / "policykg.nq", format="nquads")
    written = write_exports(ds, tmp_path, BuildInfo([]), formats=[ExportFormat.NTRIPLES])
    assert {p.name for p in written} == {"policykg.nt", "context.jsonld", "void.ttl", "build-report.md"}
    void = list(ox.parse(path=str(tmp_path / "void.ttl"), format=ox.RdfFormat.TURTLE))
    dumps = [t.object.value for t in void if t.predicate.value == "http://rdfs.org/ns/void#dataDump"]
    assert [d.rsplit("/", 1)[1] for d in dumps] == ["policykg.nt"]
