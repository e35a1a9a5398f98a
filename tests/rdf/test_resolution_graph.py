"""Name resolution in the graph: one node per unit or leader, SKOS labels, merges with their reasons, branches.

Expected values were read off the notices by a person (file and line given); every check is a SPARQL
query over the built dataset.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from graph_builder.parse.records import Role
from graph_builder.rdf import iris
from graph_builder.rdf.build import branch_of, build_dataset
from graph_builder.rdf.namespace import PKG, SKOS
from graph_builder.rdf.validate import run_checks, shacl_validate, union_graph
from graph_builder.resolve import Resolver
from graph_builder.store.export import load_store, sorted_quads, to_oxigraph
from tests.rdf.conftest import BASE, make_notice, sparql

P, A = Role.PRIMARY, Role.ASSISTING
YZ = f"{BASE}notice/yanzhou-2023"


def _agents_printed_as(store: ox.Store, notice: str, form: str) -> set[str]:
    """Agents of the assignments of ``notice`` whose evidence quotes ``form`` (page spaces removed)."""
    rows = sparql(store, f"""
        SELECT DISTINCT ?agent WHERE {{
          ?task pkg:inNotice <{notice}> ; pkg:hasAssignment ?a .
          ?a prov:agent ?agent ; pkg:evidence/oa:exact ?quote .
          FILTER (REPLACE(?quote, "\\\\s", "") = "{form}")
        }}""")
    return {r[0] for r in rows}


def test_a_misprinted_leader_is_the_same_person(sample_store: ox.Store) -> None:
    # yanzhou-2023.txt line 157 (task 66): "牵头领导:宋思全" — printed once; 宋恩全 leads the tasks around it
    # (line 35, task 10: "牵头领导:张锐、宋恩全、展召爽")
    (song,) = _agents_printed_as(sample_store, YZ, "宋思全")
    assert _agents_printed_as(sample_store, YZ, "宋恩全") == {song}
    assert song == iris.leader_iri("宋恩全", "兖州区")
    labels = sparql(sample_store, f"SELECT ?p ?alt WHERE {{ <{song}> skos:prefLabel ?p ; skos:altLabel ?alt }}")
    assert set(labels) == {("宋恩全", "宋思全")}
    merges = sparql(sample_store, f"""
        SELECT ?m ?rule ?reason WHERE {{
          GRAPH <{BASE}graph/resolution> {{
            ?m a pkg:NameMerge ; pkg:mergedForm "宋思全"@zh ; pkg:mergedInto <{song}> ;
               pkg:mergeRule ?ruleTerm ; pkg:mergeReason ?reason .
          }}
          ?ruleTerm skos:notation ?rule .
        }}""")
    ((merge, rule, reason),) = merges
    assert rule == "alias" and "typo" in reason
    assert merge == iris.merge_iri(song, "宋思全")


def test_two_spellings_of_the_housing_bureau_are_one_unit(sample_store: ox.Store) -> None:
    # yanzhou-2023.txt line 58 (task 18) prints 区住房城乡建设局, line 65 (task 22) 区住房和城乡建设局
    (unit,) = _agents_printed_as(sample_store, YZ, "区住房城乡建设局")
    assert _agents_printed_as(sample_store, YZ, "区住房和城乡建设局") == {unit}
    assert unit == iris.unit_iri("区住房城乡建设局", "兖州区")
    (labels,) = sparql(sample_store, f"""
        SELECT ?p (GROUP_CONCAT(?alt) AS ?alts) WHERE {{ <{unit}> skos:prefLabel ?p ; skos:altLabel ?alt }}
        GROUP BY ?p""")
    assert set(labels) == {"区住房城乡建设局", "区住房和城乡建设局"}
    rows = sparql(sample_store, f"""
        SELECT ?form ?rule ?reason WHERE {{
          ?m pkg:mergedInto <{unit}> ; pkg:mergedForm ?form ; pkg:mergeRule ?rule ; pkg:mergeReason ?reason .
        }}""")
    assert [(form, rule) for form, rule, _ in rows] == [(labels[1], str(PKG.mergeByRule))]
    assert "住房和城乡建设 / 住房城乡建设" in rows[0][2]


def test_a_printed_name_stays_in_the_evidence(sample_store: ox.Store) -> None:
    # the assignment of task 66 quotes 宋思全 as printed, although its agent is 宋恩全
    rows = sparql(sample_store, f"""
        SELECT ?quote ?name WHERE {{
          <{YZ}/task/66> pkg:hasAssignment ?a . ?a prov:hadRole pkg:roleLeader ;
             pkg:evidence/oa:exact ?quote ; prov:agent/skos:prefLabel ?name .
        }}""")
    assert rows == [("宋思全", "宋恩全")]


def test_finance_bureaus_of_a_county_and_a_district_differ(sample_store: ox.Store) -> None:
    # 县财政局: jiaxiang-2023.txt line 30 (task 1); 区财政局: yanzhou-2023.txt, task 2 "区发展和改革局、区财政局"
    (county,) = _agents_printed_as(sample_store, f"{BASE}notice/jiaxiang-2023", "县财政局")
    (district,) = _agents_printed_as(sample_store, YZ, "区财政局")
    assert county != district
    assert county == iris.unit_iri("县财政局", "嘉祥县") and district == iris.unit_iri("区财政局", "兖州区")


def test_a_city_bureau_branch_is_a_sub_organization_located_in_the_county(sample_store: ox.Store) -> None:
    # jiaxiang-2023.txt line 32 lists 市生态环境局嘉祥县分局 (协办单位); jining-2023.txt line 55 (task 12)
    # names 市生态环境局 itself among the 牵头单位 of the city
    rows = sparql(sample_store, """
        SELECT DISTINCT ?parent ?parentName ?parentPlace ?where ?code WHERE {
          ?branch a pkg:Unit ; skos:prefLabel "市生态环境局嘉祥县分局"@zh ;
                  org:subOrganizationOf ?parent ; dcterms:spatial ?region .
          ?parent skos:prefLabel ?parentName ; pkg:jurisdiction/skos:prefLabel ?parentPlace .
          ?region skos:prefLabel ?where ; skos:notation ?code .
        }""")
    assert rows == [(iris.unit_iri("市生态环境局", "济宁市"), "市生态环境局", "济宁市", "嘉祥县", "370829")]
    (city_bureau,) = _agents_printed_as(sample_store, f"{BASE}notice/jining-2023", "市生态环境局")
    assert city_bureau == rows[0][0]


@pytest.mark.parametrize(("name", "expected"), [
    ("市生态环境局嘉祥县分局", ("市生态环境局", "嘉祥县")),
    ("市公安局兖州分局", ("市公安局", "兖州区")),  # short form of the district
    ("市自然资源和规划局嘉祥县分局", ("市自然资源和规划局", "嘉祥县")),
    ("省生态环境厅济宁市分局", None),  # 济宁市 is a city, not a county or district
    ("市生态环境局不在册县分局", None),  # place not in the gazetteer
    ("区生态环境分局", None),  # the district's own bureau
    ("济宁银保监分局兖州监管组", None),
    ("市场监督管理局嘉祥县分局", None),  # 市场… is not a city body
])
def test_branch_rule(name: str, expected: tuple[str, str] | None) -> None:
    assert branch_of(name) == expected


def test_a_later_yanzhou_notice_shares_the_nodes(sample_notices) -> None:  # type: ignore[no-untyped-def]
    # yanzhou-2023.txt names 张锐 (line 35, task 10) and 区财政局 (task 2); a synthetic 2024 notice of 兖州区
    # prints the same names, and the misprint 宋思全
    notices, texts = sample_notices
    real = next(n for n in notices if n.source.endswith("yanzhou-2023.txt"))
    later = make_notice("synthetic/yanzhou-2024.txt", tasks=[
        ("做好财政工作。", ["张锐"], [("区财政局", P), ("区住房和城乡建设局", A)]),
        ("办好卫生。", ["宋思全"], [("区卫生健康局", P)]),
    ])
    ds = build_dataset([real, later.notice], texts={**texts, **later.texts}, include_ontology=False)
    store = load_store(sorted_quads(to_oxigraph(ds)))
    new = f"{BASE}notice/yanzhou-2024"
    for form in ("张锐", "区财政局", "区住房和城乡建设局", "宋思全"):
        assert _agents_printed_as(store, new, form) == _agents_printed_as(store, YZ, form) != set(), form
    assert _agents_printed_as(store, new, "宋思全") == {iris.leader_iri("宋恩全", "兖州区")}


def test_a_resolver_over_other_notices_is_refused(make_notice) -> None:  # type: ignore[no-untyped-def]
    a = make_notice("a/yanzhou-2022.txt", tasks=[("做好财政工作。", ["张锐"], [("区财政局", P)])])
    b = make_notice("b/yanzhou-2023.txt", tasks=[("抓好预算。", ["李四"], [("区统计局", P)])])
    with pytest.raises(ValueError, match="not known to the resolver"):
        build_dataset([b.notice], texts=b.texts, resolver=Resolver([a.notice]))


# -- checks: hand-broken graphs fail -------------------------------------------------------------------------

NOTICE = iris.notice_iri("fixture-2023")
HOUSING = URIRef(iris.unit_iri("区住房城乡建设局", "兖州区"))


@pytest.fixture
def merged() -> Graph:
    b = make_notice(tasks=[("改造小区。", ["宋恩全"], [("区住房城乡建设局", P), ("区住房城乡建设局", A)]),
                           ("建设街区。", ["宋思全"], [("区住房和城乡建设局", P)])])
    return union_graph(build_dataset([b.notice], texts=b.texts))


def _failing(graph: Graph) -> set[str]:
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(NOTICE))
    return {c.name for c in run_checks(store) if not c.ok}


def test_hand_built_merges_conform(merged: Graph) -> None:
    assert str(merged.value(HOUSING, SKOS.prefLabel)) == "区住房城乡建设局"  # printed twice, the other once
    assert len(set(merged.subjects(PKG.mergedInto, None))) == 2  # 区住房和城乡建设局 and 宋思全
    assert shacl_validate(merged).conforms
    assert _failing(merged) == set()


def test_alt_label_equal_to_pref_label_fails(merged: Graph) -> None:
    merged.add((HOUSING, SKOS.altLabel, Literal("区住房城乡建设局", lang="zh")))
    result = shacl_validate(merged)
    assert not result.conforms and "differs from the preferred name" in result.text
    assert "altlabel-is-preflabel-violation" in _failing(merged)


def test_two_pref_labels_fail(merged: Graph) -> None:
    merged.add((HOUSING, SKOS.prefLabel, Literal("区住房和城乡建设局", lang="zh")))
    assert not shacl_validate(merged).conforms
    assert "two-preflabels-violation" in _failing(merged)


def test_merge_without_reason_fails(merged: Graph) -> None:
    merge = next(iter(merged.subjects(PKG.mergedInto, HOUSING)))
    merged.remove((merge, PKG.mergeReason, None))
    result = shacl_validate(merged)
    assert not result.conforms and "exactly one reason" in result.text


def test_merge_of_a_form_never_printed_fails(merged: Graph) -> None:
    merge = next(iter(merged.subjects(PKG.mergedInto, HOUSING)))
    merged.set((merge, PKG.mergedForm, Literal("区住建局", lang="zh")))
    assert "merge-unused-violation" in _failing(merged)
