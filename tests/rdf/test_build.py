"""Builder and IRI rules, on hand-built notices."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from graph_builder.parse.records import Level, Role
from graph_builder.rdf import iris
from graph_builder.rdf.build import build_dataset
from graph_builder.rdf.namespace import OA, PKG, PROV, RDF, SKOS
from graph_builder.resolve import unit_scope
from graph_builder.store.export import sorted_quads, to_oxigraph

P, A, R = Role.PRIMARY, Role.ASSISTING, Role.RESPONSIBLE


def _units(ds, notice_iri: str) -> dict[str, URIRef]:  # type: ignore[no-untyped-def]
    g = ds.graph(URIRef(notice_iri))
    return {str(ds.value(u, SKOS.prefLabel)): u for u in g.subjects(RDF.type, PKG.Unit)}  # labels: entities graph


def test_same_unit_in_two_notices_of_one_jurisdiction_is_one_iri(make_notice) -> None:  # type: ignore[no-untyped-def]
    a = make_notice("a/yanzhou-2022.txt", tasks=[("做好财政工作。", ["张锐"], [("区财政局", P)])])
    b = make_notice("b/yanzhou-2023.txt", tasks=[("抓好预算。", ["张锐"], [("区财政局", A)])])
    ds = build_dataset([a.notice, b.notice], texts={**a.texts, **b.texts}, include_ontology=False)
    ua = _units(ds, iris.notice_iri("yanzhou-2022"))["区财政局"]
    ub = _units(ds, iris.notice_iri("yanzhou-2023"))["区财政局"]
    assert ua == ub


def test_same_name_in_two_jurisdictions_is_two_units(make_notice) -> None:  # type: ignore[no-untyped-def]
    yz = make_notice("yanzhou.txt", tasks=[("做好财政工作。", [], [("区财政局", P), ("各镇街", A)])])
    jx = make_notice("jiaxiang.txt", jurisdiction="嘉祥县", level=Level.COUNTY, parent=None,
                     issuer="嘉祥县人民政府", tasks=[("做好财政工作。", [], [("县财政局", P), ("各镇街", A)])])
    ds = build_dataset([yz.notice, jx.notice], texts={**yz.texts, **jx.texts}, include_ontology=False)
    assert _units(ds, iris.notice_iri("yanzhou"))["区财政局"] != _units(ds, iris.notice_iri("jiaxiang"))["县财政局"]
    groups = {o for o in ds.objects(None, PROV.agent)
              if (o, RDF.type, PKG.CollectiveUnit) in ds.graph(URIRef(iris.notice_iri("yanzhou")))
              or (o, RDF.type, PKG.CollectiveUnit) in ds.graph(URIRef(iris.notice_iri("jiaxiang")))}
    assert len(groups) == 2  # 各镇街 of 兖州区 and 各镇街 of 嘉祥县


@pytest.mark.parametrize(("name", "jurisdiction", "parent", "expected"), [
    ("市生态环境局嘉祥县分局", "嘉祥县", None, "济宁市"),  # parent from the gazetteer
    ("市生态环境局兖州分局", "兖州区", "济宁市", "济宁市"),  # parent stated by the notice
    ("县财政局", "嘉祥县", None, "嘉祥县"),
    ("市财政局", "济宁市", "山东省", "济宁市"),  # a city notice: 市 is itself
    ("市财政局", "曲阜市", "济宁市", "曲阜市"),  # a county-level city: 市 is itself
    ("市场监督管理局", "不在册县", None, "不在册县"),  # unknown parent: stays
])
def test_unit_scope(name: str, jurisdiction: str, parent: str | None, expected: str) -> None:
    assert unit_scope(name, jurisdiction=jurisdiction, parent=parent) == expected


def test_city_unit_in_county_notice_belongs_to_city(make_notice) -> None:  # type: ignore[no-untyped-def]
    jx = make_notice("jiaxiang.txt", jurisdiction="嘉祥县", level=Level.COUNTY, parent=None, issuer="嘉祥县人民政府",
                     tasks=[("治理污染。", ["王君磊"], [("市生态环境局嘉祥县分局", P)])])
    ds = build_dataset([jx.notice], texts=jx.texts, include_ontology=False)
    unit = _units(ds, iris.notice_iri("jiaxiang"))["市生态环境局嘉祥县分局"]
    assert unit == URIRef(iris.unit_iri("市生态环境局嘉祥县分局", "济宁市"))
    assert ds.value(unit, PKG.jurisdiction) == URIRef(iris.region_iri("济宁市"))


def test_assignment_carries_role_order_agent_and_exact_evidence(make_notice) -> None:  # type: ignore[no-untyped-def]
    b = make_notice(tasks=[("做好就业工作。", ["张锐", "宋恩全"], [("区人社局", P), ("区财政局", A), ("各镇街", A)])])
    ds = build_dataset([b.notice], texts=b.texts, include_ontology=False)
    task = URIRef(iris.task_iri(iris.notice_iri("fixture-2023"), 1))
    a = URIRef(iris.assignment_iri(str(task), "unit", 2))
    assert (task, PKG.hasAssignment, a) in ds
    assert ds.value(a, PROV.hadRole) == PKG.roleAssisting
    assert int(ds.value(a, PKG.listedOrder)) == 2
    assert str(ds.value(ds.value(a, PROV.agent), SKOS.prefLabel)) == "区财政局"
    evidence = ds.value(a, PKG.evidence)
    span = iris.mention_span(str(evidence))
    assert span is not None
    notice, start, end = span
    assert notice == iris.notice_iri("fixture-2023")
    assert b.text[start:end] == "区财政局" == str(ds.value(evidence, OA.exact))
    leader = URIRef(iris.assignment_iri(str(task), "leader", 1))
    assert ds.value(leader, PROV.hadRole) == PKG.roleLeader
    assert (ds.value(leader, PROV.agent), RDF.type, PKG.Leader) in ds


def test_task_evidence_quotes_the_whole_task(make_notice) -> None:  # type: ignore[no-untyped-def]
    b = make_notice(tasks=[("做好就业工作。", ["张锐"], [("区人社局", P)])])
    ds = build_dataset([b.notice], texts=b.texts, include_ontology=False)
    task = URIRef(iris.task_iri(iris.notice_iri("fixture-2023"), 1))
    assert str(ds.value(ds.value(task, PKG.evidence), OA.exact)) == "1.做好就业工作。（牵头领导：张锐。承办单位：区人社局）"


def test_same_input_gives_the_same_quads(make_notice) -> None:  # type: ignore[no-untyped-def]
    b = make_notice(tasks=[("做好就业工作。", ["张锐"], [("区人社局", P), ("各镇街", A)])])
    first = sorted_quads(to_oxigraph(build_dataset([b.notice], texts=b.texts)))
    second = sorted_quads(to_oxigraph(build_dataset([b.notice], texts=b.texts)))
    assert first == second


def test_base_iri_is_configurable_and_checked(make_notice) -> None:  # type: ignore[no-untyped-def]
    b = make_notice(tasks=[("做好就业工作。", [], [("区人社局", R)])])
    ds = build_dataset([b.notice], texts=b.texts, base_iri="https://example.org/kg/", include_ontology=False)
    assert (URIRef("https://example.org/kg/notice/fixture-2023"), RDF.type, PKG.Notice) in ds
    with pytest.raises(ValueError, match="must start with http"):
        build_dataset([b.notice], texts=b.texts, base_iri="example.org/kg")


def test_two_notices_with_one_key_are_refused(make_notice) -> None:  # type: ignore[no-untyped-def]
    a = make_notice("a/x.txt")
    b = make_notice("b/x.txt")
    with pytest.raises(ValueError, match="share the key 'x'"):
        build_dataset([a.notice, b.notice], texts={**a.texts, **b.texts})


def test_notice_carries_sha256_of_its_file(make_notice) -> None:  # type: ignore[no-untyped-def]
    b = make_notice()
    ds = build_dataset([b.notice], texts=b.texts, include_ontology=False)
    assert str(ds.value(URIRef(iris.notice_iri("fixture-2023")), PKG.sha256)) == b.notice.sha256
