"""Competency questions answered by SPARQL over the sample build.

Every expected value was read off the notice text by a person (file and line
given), never copied from the program's output.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox

from graph_builder.rdf import iris

NOTICES = Path(__file__).resolve().parents[2] / "data" / "notices"
BASE = "https://policykg.example.org/id/"
PREFIXES = """
PREFIX pkg:  <https://policykg.example.org/ontology/policykg#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa:   <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def _select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    solutions = store.query(PREFIXES + query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return [tuple(term.value if term is not None else "" for term in row) for row in solutions]


def _units(store: ox.Store, notice: str, task: int, role: str) -> set[str]:
    """The names as the task prints them (the quote of each assignment's evidence, without the spaces a
    page conversion left in it): after name resolution the agent's preferred label may be another form
    (区科技局 is printed in task 1, 区科学技术局 more often)."""
    rows = _select(store, f"""
        SELECT ?name WHERE {{
          ?task pkg:inNotice <{BASE}notice/{notice}> ; pkg:taskNumber {task} ; pkg:hasAssignment ?a .
          ?a prov:hadRole pkg:{role} ; pkg:evidence/oa:exact ?quote .
          BIND (REPLACE(?quote, "\\\\s", "") AS ?name)
        }}""")
    return {r[0] for r in rows}


def test_primary_units_of_yanzhou_task_1(sample_store: ox.Store) -> None:
    # yanzhou-2023.txt line 14: "承办单位:**区工业和信息化局、区发展和改革局、**区科技局 … 黑体为主办单位"
    assert _units(sample_store, "yanzhou-2023", 1, "rolePrimary") == {"区工业和信息化局", "区发展和改革局"}


def test_assisting_units_of_yanzhou_task_1_include_the_unbold_ones(sample_store: ox.Store) -> None:
    assisting = _units(sample_store, "yanzhou-2023", 1, "roleAssisting")
    assert {"区科技局", "区投资促进中心"} <= assisting
    assert "区工业和信息化局" not in assisting


def test_primary_unit_of_yanzhou_task_8(sample_store: ox.Store) -> None:
    # line 30: "承办单位:**工业园区、**区综合行政执法局、区商务局 …"
    assert _units(sample_store, "yanzhou-2023", 8, "rolePrimary") == {"工业园区"}


def test_tasks_led_by_zhang_rui_in_yanzhou(sample_store: ox.Store) -> None:
    # Counted by reading every "牵头领导：" field of yanzhou-2023.txt: 张锐 is named in tasks
    # 1 2 8 10 11 12 14 21 27 34 36 37 38 39 45 46 47 48 51 52 53 76 77 79 80 81 = 26 tasks
    # (task 53 names 张锐 and 张允锐, two different people).
    rows = _select(sample_store, f"""
        SELECT (COUNT(DISTINCT ?task) AS ?n) WHERE {{
          ?task pkg:inNotice <{BASE}notice/yanzhou-2023> ; pkg:hasAssignment ?a .
          ?a prov:hadRole pkg:roleLeader ; prov:agent/skos:prefLabel "张锐"@zh .
        }}""")
    assert rows == [("26",)]


def test_leaders_of_jiaxiang_task_1(sample_store: ox.Store) -> None:
    # jiaxiang-2023.txt line 28: "牵头领导：王君磊、朱亚峰"
    assert _units(sample_store, "jiaxiang-2023", 1, "roleLeader") == {"王君磊", "朱亚峰"}
    # line 30: "承办单位：县财政局、县发展和改革局、县商务局" beside a 协办单位 field: hosts
    assert _units(sample_store, "jiaxiang-2023", 1, "rolePrimary") == {"县财政局", "县发展和改革局", "县商务局"}


def test_city_branch_in_county_notice_is_a_city_unit(sample_store: ox.Store) -> None:
    # jiaxiang-2023.txt line 32 lists 市生态环境局嘉祥县分局 among the 协办单位: a branch of the city bureau
    rows = _select(sample_store, """
        SELECT DISTINCT ?region WHERE {
          ?u a pkg:Unit ; skos:prefLabel "市生态环境局嘉祥县分局"@zh ; pkg:jurisdiction/skos:prefLabel ?region .
        }""")
    assert rows == [("济宁市",)]


def test_finance_bureaus_of_two_jurisdictions_are_different(sample_store: ox.Store) -> None:
    # 区财政局 (yanzhou-2023.txt line 47) and 县财政局 (jiaxiang-2023.txt line 30)
    rows = _select(sample_store, """
        SELECT DISTINCT ?name ?region WHERE {
          ?u a pkg:Unit ; skos:prefLabel ?name ; pkg:jurisdiction/skos:prefLabel ?region .
          FILTER (?name IN ("区财政局"@zh, "县财政局"@zh))
        } ORDER BY ?name""")
    assert rows == [("区财政局", "兖州区"), ("县财政局", "嘉祥县")]


def test_evidence_points_at_the_exact_characters(sample_store: ox.Store) -> None:
    # the mention of 区工业和信息化局 in task 1 of yanzhou-2023 quotes exactly that name
    rows = _select(sample_store, f"""
        SELECT ?e ?exact WHERE {{
          ?task pkg:inNotice <{BASE}notice/yanzhou-2023> ; pkg:taskNumber 1 ; pkg:hasAssignment ?a .
          ?a prov:agent/skos:prefLabel "区工业和信息化局"@zh ; pkg:evidence ?e .
          ?e oa:exact ?exact .
        }}""")
    ((e, exact),) = rows
    span = iris.mention_span(e)
    assert span is not None
    notice, start, end = span
    assert notice == f"{BASE}notice/yanzhou-2023"
    text = (NOTICES / "yanzhou-2023.txt").read_text(encoding="utf-8")
    assert exact == "区工业和信息化局" == text[int(start):int(end)]


def test_notice_sha256_is_that_of_the_file(sample_store: ox.Store) -> None:
    rows = _select(sample_store, f"SELECT ?h WHERE {{ <{BASE}notice/yanzhou-2023> pkg:sha256 ?h }}")
    assert rows == [(hashlib.sha256((NOTICES / "yanzhou-2023.txt").read_bytes()).hexdigest(),)]


def test_yanzhou_notice_metadata(sample_store: ox.Store) -> None:
    # line 1: 济兖政发〔2023〕1号; the notice is signed 2023年1月9日 by 济宁市兖州区人民政府
    rows = _select(sample_store, f"""
        SELECT ?id ?date ?publisher WHERE {{
          <{BASE}notice/yanzhou-2023> dcterms:identifier ?id ; dcterms:issued ?date ;
                                     dcterms:publisher/skos:prefLabel ?publisher .
        }}""")
    assert rows == [("济兖政发〔2023〕1号", "2023-01-09", "济宁市兖州区人民政府")]
