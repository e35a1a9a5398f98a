"""Queries whose subject the sample build lacks, on small hand-made graphs (the expected answers follow
from the graphs written here, by hand).

* jurisdiction-changes: two notices of 兖州区, 2022 and 2023, built with the RDF builder from hand-made records.
* indicators-by-metric and the investment of projects-by-leader: a hand-written TriG in the ontology's terms
  (pkg:Indicator with pkg:metric, schema:value, schema:unitText, pkg:comparator; pkg:InvestmentProject with
  pkg:investment), so the sums and filters can be checked exactly.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pyoxigraph as ox
import pytest

from graph_builder.parse.records import Role
from graph_builder.store.query import select
from tests.rdf.conftest import make_notice

P, A = Role.PRIMARY, Role.ASSISTING


@pytest.fixture(scope="module")
def two_years() -> Any:
    from graph_builder.rdf.build import build_dataset
    from graph_builder.store.export import load_store, sorted_quads, to_oxigraph

    old = make_notice("hand/yanzhou-2022.txt", tasks=[
        ("抓好财政收入", ["甲"], [("区财政局", P), ("区统计局", A)]),
        ("压减一般性支出", ["甲"], [("区财政局", P)]),
        ("办好教育", ["乙"], [("区教育局", P)]),
    ])
    new = make_notice("hand/yanzhou-2023.txt", tasks=[
        ("抓好统计", ["甲"], [("区统计局", P), ("区财政局", A)]),
        ("建设水网", ["丙"], [("区统计局", P), ("区水务局", P)]),
    ])
    old = dataclasses.replace(old, notice=dataclasses.replace(old.notice, date="2022-01-05"))
    texts = {**old.texts, **new.texts}
    ds = build_dataset([old.notice, new.notice], texts=texts)
    return load_store(sorted_quads(to_oxigraph(ds)))


def test_jurisdiction_changes(two_years: Any) -> None:
    rows = select(two_years, "jurisdiction-changes", {"jurisdiction": "兖州区", "from_year": "2022",
                                                      "to_year": "2023"})
    assert {(r["name"], r["kind"], r["before"], r["after"], r["change"]) for r in rows} == {
        ("区财政局", "unit", 2, 1, "loses"),
        ("区统计局", "unit", 1, 2, "gains"),
        ("区教育局", "unit", 1, 0, "disappears"),
        ("区水务局", "unit", 0, 1, "appears"),
        ("甲", "leader", 2, 1, "loses"),
        ("乙", "leader", 1, 0, "disappears"),
        ("丙", "leader", 0, 1, "appears"),
    }


def test_jurisdiction_changes_other_place_is_empty(two_years: Any) -> None:
    assert select(two_years, "jurisdiction-changes", {"jurisdiction": "嘉祥县", "from_year": "2022",
                                                      "to_year": "2023"}) == []


INDICATORS = """
@prefix pkg: <https://policykg.example.org/ontology/policykg#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix n: <https://policykg.example.org/id/notice/> .
<https://policykg.example.org/ontology/policykg> {
  pkg:comparatorGe skos:notation "ge" . pkg:comparatorEq skos:notation "eq" . pkg:kindGrowth skos:notation "growth" .
}
<https://policykg.example.org/id/graph/regions> {
  <https://policykg.example.org/id/region/yz> skos:prefLabel "兖州区"@zh .
  <https://policykg.example.org/id/region/jx> skos:prefLabel "嘉祥县"@zh .
}
n:yz-2022 {
  n:yz-2022 a pkg:Notice ; pkg:sourceFile "yz-2022.txt" ; dcterms:issued "2022-01-05"^^xsd:date ;
      dcterms:spatial <https://policykg.example.org/id/region/yz> .
  <https://policykg.example.org/id/notice/yz-2022/target/1/indicator/1> a pkg:Indicator ;
      pkg:metric "地区生产总值"@zh ; schema:value 6.5 ; schema:unitText "%" ; pkg:comparator pkg:comparatorEq ;
      pkg:indicatorKind pkg:kindGrowth .
}
n:yz-2023 {
  n:yz-2023 a pkg:Notice ; pkg:sourceFile "yz-2023.txt" ; dcterms:issued "2023-01-09"^^xsd:date ;
      dcterms:spatial <https://policykg.example.org/id/region/yz> .
  <https://policykg.example.org/id/notice/yz-2023/task/1> pkg:taskNumber 1 ;
      pkg:hasIndicator <https://policykg.example.org/id/notice/yz-2023/task/1/indicator/1> .
  <https://policykg.example.org/id/notice/yz-2023/task/1/indicator/1> a pkg:Indicator ;
      pkg:metric "地区生产总值"@zh ; schema:value 6.0 ; schema:unitText "%" ; pkg:comparator pkg:comparatorGe .
  <https://policykg.example.org/id/notice/yz-2023/task/1/indicator/2> a pkg:Indicator ;
      pkg:metric "一般公共预算收入"@zh ; schema:value 6.0 ; schema:unitText "%" .
}
n:jx-2023 {
  n:jx-2023 a pkg:Notice ; pkg:sourceFile "jx-2023.txt" ; dcterms:issued "2023-02-22"^^xsd:date ;
      dcterms:spatial <https://policykg.example.org/id/region/jx> .
  <https://policykg.example.org/id/notice/jx-2023/task/1/indicator/1> a pkg:Indicator ;
      pkg:metric "地区生产总值"@zh ; schema:value 5.5 ; schema:unitText "%" ; pkg:targetYear 2024 .
}
"""


@pytest.fixture(scope="module")
def indicators() -> ox.Store:
    store = ox.Store()
    store.load(INDICATORS.encode("utf-8"), format=ox.RdfFormat.TRIG)
    return store


def test_indicators_by_metric(indicators: ox.Store) -> None:
    rows = select(indicators, "indicators-by-metric", {"metric": "地区生产总值"})
    assert [(r["place"], r["year"], r["value"], r["comparator"], r["task"]) for r in rows] == [
        ("兖州区", 2022, 6.5, "eq", None), ("兖州区", 2023, 6.0, "ge", 1), ("嘉祥县", 2024, 5.5, None, None)]
    assert {r["unitText"] for r in rows} == {"%"}
    assert rows[0]["kind"] == "growth"


def test_indicators_across_metrics_and_places(indicators: ox.Store) -> None:
    rows = select(indicators, "indicators-by-metric", {"jurisdiction": "兖州区"})
    assert sorted((r["metricName"], r["year"]) for r in rows) == [
        ("一般公共预算收入", 2023), ("地区生产总值", 2022), ("地区生产总值", 2023)]
    assert select(indicators, "indicators-by-metric", {"metric": "不存在的指标"}) == []


INVESTMENT = """
@prefix pkg: <https://policykg.example.org/ontology/policykg#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix t: <https://policykg.example.org/id/notice/h-2023/task/> .
<https://policykg.example.org/id/notice/h-2023> {
  <https://policykg.example.org/id/person/h/甲> a pkg:Leader ; skos:prefLabel "甲"@zh .
  <https://policykg.example.org/id/person/h/乙> a pkg:Leader ; skos:prefLabel "乙"@zh .
  t:1 a pkg:Task ; pkg:hasAssignment t:1\\/leader\\/1 ; pkg:mentionsProject t:1\\/project\\/1 , t:1\\/project\\/2 .
  t:1\\/leader\\/1 prov:agent <https://policykg.example.org/id/person/h/甲> ; prov:hadRole pkg:roleLeader .
  t:1\\/project\\/1 a pkg:InvestmentProject ; pkg:investment t:1\\/project\\/1\\/investment .
  t:1\\/project\\/1\\/investment schema:value 14000000000 ; schema:currency "CNY" ; pkg:printedQuantity "140 亿元" .
  t:1\\/project\\/2 a pkg:InvestmentProject ; pkg:investment t:1\\/project\\/2\\/investment .
  t:1\\/project\\/2\\/investment schema:value 200000000 ; schema:currency "EUR" ; pkg:printedQuantity "2亿欧元" .
  t:2 a pkg:Task ; pkg:hasAssignment t:2\\/leader\\/1 , t:2\\/leader\\/2 ; pkg:mentionsProject t:2\\/project\\/1 .
  t:2\\/leader\\/1 prov:agent <https://policykg.example.org/id/person/h/甲> ; prov:hadRole pkg:roleLeader .
  t:2\\/leader\\/2 prov:agent <https://policykg.example.org/id/person/h/乙> ; prov:hadRole pkg:roleLeader .
  t:2\\/project\\/1 a pkg:InvestmentProject ; pkg:investment t:2\\/project\\/1\\/investment .
  t:2\\/project\\/1\\/investment schema:value 1800000000 ; schema:currency "CNY" ; pkg:printedQuantity "18亿元" .
}
"""


def test_investment_by_leader() -> None:
    store = ox.Store()
    store.load(INVESTMENT.encode("utf-8"), format=ox.RdfFormat.TRIG)
    rows = {r["name"]: r for r in select(store, "projects-by-leader")}
    assert {n: (r["taskProjects"], r["investmentCNY"], r["otherInvestment"]) for n, r in rows.items()} == {
        "甲": (3, 14000000000 + 1800000000, "2亿欧元"), "乙": (1, 1800000000, None)}
    assert rows["甲"]["annexProjects"] is None
