"""Indicators, investment projects and places of the task text in the graph, with their evidence.

Expected values were read off yanzhou-2023.txt by a person (line given); every check is a SPARQL query
over the dataset built from the annotated sample notices.
"""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from graph_builder.extract.records import Comparator, Indicator, IndicatorKind
from graph_builder.parse.records import Role
from graph_builder.rdf import iris
from graph_builder.rdf.build import build_dataset
from graph_builder.rdf.namespace import PKG, SDO, XSD
from graph_builder.rdf.validate import shacl_validate, union_graph
from tests.rdf.conftest import BASE, MENTION_SPAN, NOTICES, make_notice, sparql

YZ = f"{BASE}notice/yanzhou-2023"
PERCENT = "http://qudt.org/vocab/unit/PERCENT"


@pytest.fixture(scope="module")
def yanzhou_text() -> str:
    return (NOTICES / "yanzhou-2023.txt").read_text(encoding="utf-8")


def test_yanzhou_headline_indicators(sample_store: ox.Store) -> None:
    # line 13: "全区经济社会发展主要预期目标为:地区生产总值增长6%,一般公共预算收入增长6%,固定资产投资增长10%,
    # 社会消费品零售总额增长6%,城镇和农村居民人均可支配收入分别增长6%和6.5%。" — a notice of 2023-01-09
    rows = sparql(sample_store, f"""
        SELECT ?metric ?value ?comparator ?kind ?unitText ?unit ?year WHERE {{
          <{YZ}> pkg:headlineIndicator ?i .
          <{YZ}/target/1> pkg:hasIndicator ?i .
          ?i a pkg:Indicator ; pkg:metric ?metric ; schema:value ?value ; schema:unitText ?unitText ;
             qudt:unit ?unit ; pkg:targetYear ?year ;
             pkg:comparator/skos:notation ?comparator ; pkg:indicatorKind/skos:notation ?kind ;
             pkg:evidence ?m . {MENTION_SPAN}
        }} ORDER BY ?start ?end""")
    assert [(m, Decimal(v), c, k, t, u, y) for m, v, c, k, t, u, y in rows] == [
        ("地区生产总值", 6, "eq", "growth", "%", PERCENT, "2023"),
        ("一般公共预算收入", 6, "eq", "growth", "%", PERCENT, "2023"),
        ("固定资产投资", 10, "eq", "growth", "%", PERCENT, "2023"),
        ("社会消费品零售总额", 6, "eq", "growth", "%", PERCENT, "2023"),
        ("城镇居民人均可支配收入", 6, "eq", "growth", "%", PERCENT, "2023"),
        ("农村居民人均可支配收入", Decimal("6.5"), "eq", "growth", "%", PERCENT, "2023"),
    ]


def test_pm25_target_of_task_45(sample_store: ox.Store, yanzhou_text: str) -> None:
    # line 115 (task 45): "力争 PM_{2.5} 平均浓度控制在 45.7 微克/立方米以下" — at most 45.7 µg/m³
    rows = sparql(sample_store, f"""
        SELECT ?i ?value ?comparator ?kind ?unitText ?unit ?start ?end ?quote WHERE {{
          <{YZ}/task/45> pkg:hasIndicator ?i .
          ?i pkg:metric ?metric ; schema:value ?value ; pkg:comparator ?comparator ; pkg:indicatorKind ?kind ;
             schema:unitText ?unitText ; qudt:unit ?unit ;
             pkg:evidence ?m .
          ?m oa:exact ?quote . {MENTION_SPAN}
          FILTER (STRSTARTS(?metric, "PM2.5"))
        }}""")
    ((i, value, comparator, kind, unit_text, unit, start, end, quote),) = rows
    assert i == iris.indicator_iri(f"{YZ}/task/45", 1)  # the first indicator of the task, in text order
    assert (Decimal(value), comparator, kind) == (Decimal("45.7"), str(PKG.comparatorLe), str(PKG.kindLevel))
    assert (unit_text, unit) == ("微克/立方米", "http://qudt.org/vocab/unit/MicroGM-PER-M3")
    assert quote == yanzhou_text[int(start):int(end)]
    assert "45.7" in quote and "以下" in quote


def test_task_1_names_the_catl_battery_project(sample_store: ox.Store, yanzhou_text: str) -> None:
    # line 17: "推进投资 140 亿元的宁一2—" / line 19: "德时代新能源电池" (a page number inside the name)
    rows = sparql(sample_store, f"""
        SELECT DISTINCT ?p ?value ?currency ?place ?start ?end ?quote WHERE {{
          <{YZ}/task/1> pkg:mentionsProject ?p .
          ?p a pkg:InvestmentProject ; dcterms:title "宁德时代新能源电池"@zh ;
             pkg:investment [ a schema:MonetaryAmount ; schema:value ?value ; schema:currency ?currency ] ;
             dcterms:spatial/skos:prefLabel ?place ;
             pkg:evidence ?m .
          ?m oa:exact ?quote . {MENTION_SPAN}
        }}""")
    ((p, value, currency, place, start, end, quote),) = rows
    assert p == iris.mentioned_project_iri(f"{YZ}/task/1", 1)
    assert (Decimal(value), currency, place) == (Decimal("1.4e10"), "CNY", "兖州区")
    assert quote == yanzhou_text[int(start):int(end)]
    assert quote.startswith("宁") and quote.endswith("德时代新能源电池")


def test_task_1_project_with_enterprise_and_capacity(sample_store: ox.Store) -> None:
    # task 1: "加快推进太阳纸业投资80亿元的170万吨浆纸一体化项目" — investor 太阳纸业, capacity 1.7 million tonnes
    rows = sparql(sample_store, f"""
        SELECT ?enterprise ?money ?capacity ?unitText ?unit WHERE {{
          <{YZ}/task/1> pkg:mentionsProject ?p .
          ?p dcterms:title "170万吨浆纸一体化项目"@zh ; pkg:enterprise/skos:prefLabel ?enterprise ;
             pkg:investment/schema:value ?money ;
             pkg:capacity [ schema:value ?capacity ; schema:unitText ?unitText ; qudt:unit ?unit ] .
        }}""")
    ((enterprise, money, capacity, unit_text, unit),) = rows
    assert (enterprise, Decimal(money), Decimal(capacity)) == ("太阳纸业", Decimal("8e9"), Decimal("1.7e6"))
    assert (unit_text, unit) == ("吨", "http://qudt.org/vocab/unit/TONNE")


def test_task_10_mentions_xinyan_town(sample_store: ox.Store, yanzhou_text: str) -> None:
    # line 35 (task 10): "承办单位:区商务局、区发展和改革局、区交通运输局,新兖镇、大安镇" — towns of 兖州区
    rows = sparql(sample_store, f"""
        SELECT DISTINCT ?parent ?level ?start ?end ?quote WHERE {{
          <{YZ}/task/10> pkg:mentionsRegion ?r ; pkg:regionReference ?ref .
          ?ref pkg:region ?r ;
               pkg:evidence ?m .
          ?m oa:exact ?quote . {MENTION_SPAN}
          ?r skos:prefLabel "新兖镇"@zh ; pkg:parentRegion/skos:prefLabel ?parent ; pkg:adminLevel ?level .
        }}""")
    ((parent, level, start, end, quote),) = rows
    assert (parent, level) == ("兖州区", str(PKG.levelTown))
    assert quote == "新兖镇" == yanzhou_text[int(start):int(end)]


def test_every_extracted_quote_is_the_source(sample_store: ox.Store, yanzhou_text: str) -> None:
    rows = sparql(sample_store, f"""
        SELECT ?start ?end ?quote WHERE {{
          VALUES ?class {{ pkg:Indicator pkg:InvestmentProject pkg:RegionReference }}
          GRAPH <{YZ}> {{ ?x a ?class ; pkg:evidence ?m }}
          ?m oa:exact ?quote . {MENTION_SPAN}
          FILTER (STRSTARTS(STR(?m), "{YZ}#char="))
        }}""")
    assert len(rows) > 100
    assert [r for r in rows if yanzhou_text[int(r[0]):int(r[1])] != r[2]] == []


# -- shapes: hand-built indicators ----------------------------------------------------------------------------

TASK = URIRef(iris.task_iri(iris.notice_iri("fixture-2023"), 1))
INDICATOR = URIRef(iris.indicator_iri(str(TASK), 1))


@pytest.fixture
def with_indicator() -> Graph:
    b = make_notice(tasks=[("地区生产总值增长6%左右。", ["张锐"], [("区发展和改革局", Role.PRIMARY)])])
    start = b.text.index("地区生产总值增长6%左右")
    end = start + len("地区生产总值增长6%左右")
    b.notice.tasks[0].indicators = [Indicator("地区生产总值", 6.0, "%", "http://qudt.org/vocab/unit/PERCENT",
                                              Comparator.APPROX, IndicatorKind.GROWTH, "6%", b.text[start:end],
                                              start, end)]
    return union_graph(build_dataset([b.notice], texts=b.texts))


def test_hand_built_indicator_conforms(with_indicator: Graph) -> None:
    assert with_indicator.value(INDICATOR, PKG.comparator) == PKG.comparatorApprox
    assert with_indicator.value(INDICATOR, PKG.targetYear) == Literal("2023", datatype=XSD.integer)
    result = shacl_validate(with_indicator)
    assert result.conforms, result.text


def test_indicator_with_two_values_fails(with_indicator: Graph) -> None:
    with_indicator.add((INDICATOR, SDO.value, Literal("7", datatype=XSD.decimal)))
    result = shacl_validate(with_indicator)
    assert not result.conforms and "exactly one decimal value" in result.text


def test_indicator_without_comparator_fails(with_indicator: Graph) -> None:
    with_indicator.remove((INDICATOR, PKG.comparator, None))
    result = shacl_validate(with_indicator)
    assert not result.conforms and "exactly one comparator" in result.text


def test_range_maximum_below_value_fails(with_indicator: Graph) -> None:
    with_indicator.add((INDICATOR, SDO.maxValue, Literal("3", datatype=XSD.decimal)))
    assert not shacl_validate(with_indicator).conforms
