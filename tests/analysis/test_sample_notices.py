"""Measures on the sample notices, against facts read off the notice text (data/notices/).

Each expected value was counted by reading the notice, not by running this code:
yanzhou-2023 prints 牵头领导 in all 81 tasks, 张锐 in 26 of them; its 承办单位 fields list
工业园区 in 18 tasks, 区发展和改革局 and 区农业农村局 in 12 each, 各镇街 in 58 (tasks 1, 2, 4–7,
11–15, 23–31, 33, 35–40, 43, 45–47, 50, 52–61, 63–73, 75, 77, 78, 80, 81); task 10 names
three leaders (张锐、宋恩全、展召爽).  jining-2023 has 牵头单位 fields only, no leader.
"""

from __future__ import annotations

import pytest

from graph_builder.analysis.data import AgentKind, Corpus, Role
from graph_builder.analysis.load import load_table
from graph_builder.analysis.portfolio import portfolios
from graph_builder.analysis.run import Analysis, analyze, notice_pairs

YANZHOU = "yanzhou-2023"
JINING = "jining-2023"


def _notice(corpus: Corpus, key: str) -> Corpus:
    iri = corpus.find_notice(key)
    assert iri is not None
    return corpus.for_notices([iri])


@pytest.fixture(scope="module")
def result(sample_corpus: Corpus) -> Analysis:
    return analyze(sample_corpus)


def test_zhang_rui_leads_26_tasks_in_yanzhou(sample_corpus: Corpus) -> None:
    leaders = {p.name: p for p in portfolios(_notice(sample_corpus, YANZHOU))}
    assert leaders["张锐"].tasks == 26


def test_task_10_splits_the_lead_among_three_leaders(sample_corpus: Corpus) -> None:
    leaders = {p.name: p for p in portfolios(_notice(sample_corpus, YANZHOU))}
    assert {"宋恩全", "展召爽"} <= set(leaders["张锐"].co_leaders)
    assert f"{YANZHOU}#10" in leaders["宋恩全"].task_numbers


@pytest.mark.parametrize(("unit", "tasks"), [("工业园区", 18), ("区发展和改革局", 12), ("区农业农村局", 12)])
def test_units_most_often_listed_in_yanzhou(sample_corpus: Corpus, unit: str, tasks: int) -> None:
    rows = load_table(_notice(sample_corpus, YANZHOU), kinds={AgentKind.UNIT})
    by_tasks = sorted(rows, key=lambda r: -r.tasks)
    assert {r.name: r.tasks for r in by_tasks[:3]}[unit] == tasks


def test_collective_units_are_reported_apart(result: Analysis) -> None:
    ranked = {r["name"] for r in result.tables["unit_load"] if r["scope"] == YANZHOU}
    collective = {r["name"]: r for r in result.tables["collective"] if r["scope"] == YANZHOU}
    assert "各镇街" not in ranked
    assert collective["各镇街"]["tasks"] == 58


def test_jining_2023_has_no_leaders_and_only_lead_units(result: Analysis) -> None:
    assert [r for r in result.tables["leader_load"] if r["scope"] == JINING] == []
    roles = {r["role"]: r["assignments"] for r in result.tables["role_counts"] if r["notice"] == JINING}
    assert roles[Role.LEADER.value] == 0 and roles[Role.ASSISTING.value] == 0 and roles[Role.PRIMARY.value] > 0


def test_notice_pairs_follow_jurisdiction_and_year(sample_corpus: Corpus) -> None:
    years, levels = notice_pairs(sample_corpus)
    key = sample_corpus.notice_key
    assert [(key(a), key(b)) for a, b in years] == [("jining-2020", JINING)]
    assert sorted((key(a), key(b)) for a, b in levels) == [(JINING, "jiaxiang-2023"), (JINING, YANZHOU)]


def test_rural_living_environment_task_reappears_in_yanzhou(result: Analysis) -> None:
    # jining-2023 task 62 (优化农村人居环境 … 整治提升行动 … 城乡环卫一体化) and yanzhou-2023 task 33
    # (深入开展农村人居环境整治提升行动,深化城乡环卫一体化 …) say the same thing.
    row = next(r for r in result.tables["reappearance"] if r["upper"] == JINING and r["upper_task"] == 62
               and r["lower"] == YANZHOU)
    assert row["lower_task"] == 33 and row["reappears"] and row["score"] >= 0.3


def test_every_measure_is_there_for_each_scope(result: Analysis) -> None:
    scopes = {r["scope"] for r in result.tables["unit_load"]}
    assert scopes == {"all", "jiaxiang-2023", JINING, YANZHOU}
    row = result.tables["unit_load"][0]
    for column in ("load", "weighted_degree", "betweenness", "pagerank", "eigenvector", "community"):
        assert column in row
    conc = {(r["scope"], r["who"]): r for r in result.tables["concentration"]}
    assert 0 < conc[("all", "units")]["gini"] < 1
    assert "exact" in result.methods["unit betweenness"]
