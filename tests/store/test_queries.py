"""The query library on the sample build: answers a person read off data/notices/.

How each expected value was read (whitespace and newlines removed first, ``tr -d '\\n '``):

* yanzhou-2023 leaders: ``grep -o '牵头领导[:：][^。]*' | grep -c NAME`` — 张锐 26, 孙恒民 21, 宋恩全 18,
  展召爽 14, 吴广 3.
* jining-2023: only 牵头单位 fields (all primary); ``grep -o '牵头单位[:：][^）)]*' | grep -c 市发展改革委`` — 18.
  Tasks 87–89 (加强组织领导 / 完善工作机制 / 强化督导检查) have no fields.  jining-2020 is a web page with no fields.
* yanzhou-2023 区委组织部: in three 承办单位 fields — task 5 in bold (**区委组织部**, primary under
  "黑体为主办单位，其他为协办单位"); tasks 22 and 69 with no bold unit at all (role not stated: responsible).
  Its co-units: task 5 区人力资源和社会保障局、区科学技术局、区工业和信息化局,工业园区、各镇街; task 22
  区住房和城乡建设局,相关镇街; task 69 区委政法委、区住房和城乡建设局、区社会治理服务中心,各镇街.
* yanzhou-2023 task 1: 承办单位:**区工业和信息化局、区发展和改革局、**区科技局、区投资促进中心等,工业园区、各镇街.
* 地区生产总值 (``grep -o '地区生产总值[^，,。；]*'``): jiaxiang-2023 增长6.5%左右, jining-2020 增长6%左右, yanzhou-2023
  增长6%.  yanzhou-2023 task 1 (张锐) names 投资 140 亿元的宁德时代新能源电池 and 倍耐力投资2亿欧元的… .
* jiaxiang-2023: 牵头领导：各位县长 five times (lines 490, 607, 613, 619, 625).  Annex 2 (民生实事), column
  分管领导 with blank cells continuing the cell above within a project: 张雷 leads items 1(1) 1(2) 4(1) 4(2)
  5(1) 5(2) 7(1) 10 — 5 projects, 8 items; 王君磊 1(3) 3 7(2) 7(3) 8 — 4 projects, 5 items; 张艳丽 2;
  王燕军 9; project 6 has no leader.
"""

from __future__ import annotations

from typing import Any

import pytest

from graph_builder.store.query import select


def by(rows: list[dict[str, Any]], key: str) -> dict[Any, dict[str, Any]]:
    out = {r[key]: r for r in rows}
    assert len(out) == len(rows), f"{key} is not unique in the rows"
    return out


# 宋恩全: 18 as printed, and once as the typo 宋思全 (task 66) that the alias file merges into him
@pytest.mark.parametrize(("leader", "tasks"), [("张锐", 26), ("孙恒民", 21), ("宋恩全", 19), ("展召爽", 14), ("吴广", 3)])
def test_leader_load_yanzhou(store: Any, leader: str, tasks: int) -> None:
    rows = by(select(store, "leader-load", {"jurisdiction": "兖州区"}), "name")
    assert rows[leader]["tasks"] == tasks
    assert rows[leader]["place"] == "兖州区"


def test_leader_load_units_of_zhang_rui(store: Any) -> None:
    row = by(select(store, "leader-load", {"jurisdiction": "兖州区"}), "name")["张锐"]
    # task 1 is one of his: its two bold units are among the primary units of his tasks
    assert {"区工业和信息化局", "区发展和改革局"} <= set(row["primaryUnits"].split("、"))
    assert row["units"] == len(row["primaryUnits"].split("、"))


def test_leader_load_is_ordered_by_load(store: Any) -> None:
    tasks = [r["tasks"] for r in select(store, "leader-load")]
    assert tasks == sorted(tasks, reverse=True)


def test_unit_ranking_counts_roles_separately(store: Any) -> None:
    rows = by(select(store, "unit-ranking", {"jurisdiction": "济宁市"}), "name")
    ndrc = rows["市发展改革委"]
    assert (ndrc["primary"], ndrc["assisting"], ndrc["responsible"], ndrc["tasks"]) == (18, 0, 0, 18)
    assert ndrc["score"] == pytest.approx(3 * 18)
    zzb = by(select(store, "unit-ranking", {"jurisdiction": "兖州区"}), "name")["区委组织部"]
    assert (zzb["primary"], zzb["responsible"], zzb["assisting"]) == (1, 2, 0)
    assert zzb["score"] == pytest.approx(3 * 1 + 2 * 2)


def test_unit_ranking_weights_are_parameters(store: Any) -> None:
    rows = by(select(store, "unit-ranking", {"jurisdiction": "兖州区", "w_primary": "10", "w_responsible": "0",
                                            "w_assisting": "0"}), "name")
    assert rows["区委组织部"]["score"] == pytest.approx(10)
    scores = [r["score"] for r in rows.values()]
    assert scores == sorted(scores, reverse=True)


def test_unit_tasks_with_role(store: Any) -> None:
    rows = select(store, "unit-tasks", {"unit": "区委组织部"})
    assert [(r["source"], r["number"], r["role"]) for r in rows] == [
        ("yanzhou-2023.txt", 5, "primary"), ("yanzhou-2023.txt", 22, "responsible"),
        ("yanzhou-2023.txt", 69, "responsible")]
    assert all(r["field"] == "承办单位" for r in rows)


def test_unit_tasks_task_1_primary_units(store: Any) -> None:
    for unit in ("区工业和信息化局", "区发展和改革局"):
        rows = select(store, "unit-tasks", {"unit": unit, "notice": "yanzhou-2023"})
        assert ("task", 1, "primary") in {(r["kind"], r["number"], r["role"]) for r in rows}
    rows = select(store, "unit-tasks", {"unit": "区投资促进中心", "notice": "yanzhou-2023"})
    assert ("task", 1, "assisting") in {(r["kind"], r["number"], r["role"]) for r in rows}


def test_co_assigned_units(store: Any) -> None:
    rows = by(select(store, "co-assigned-units", {"unit": "区委组织部"}), "name")
    # printed 区住房和城乡建设局; the unit registry names it 区住房城乡建设局 (unit_rules.tsv: 和 dropped)
    assert {n: r["shared"] for n, r in rows.items()} == {
        "区住房城乡建设局": 2, "各镇街": 2, "区人力资源和社会保障局": 1, "区科学技术局": 1, "区工业和信息化局": 1,
        "工业园区": 1, "相关镇街": 1, "区委政法委": 1, "区社会治理服务中心": 1}


def test_a_unit_is_found_by_a_merged_name(store: Any) -> None:
    printed = select(store, "co-assigned-units", {"unit": "区住房和城乡建设局"})
    canonical = select(store, "co-assigned-units", {"unit": "区住房城乡建设局"})
    assert printed == canonical and "区委组织部" in {r["name"] for r in printed}


def test_tasks_without_primary_unit(store: Any) -> None:
    rows = select(store, "tasks-without-primary", {"notice": "jining-2023"})
    assert [(r["number"], r["units"], r["leaders"]) for r in rows] == [(87, 0, 0), (88, 0, 0), (89, 0, 0)]
    rows = select(store, "tasks-without-primary", {"notice": "jining-2020"})
    assert [r["number"] for r in rows] == list(range(1, 33))
    numbers = {r["number"] for r in select(store, "tasks-without-primary", {"notice": "yanzhou-2023"})}
    assert {22, 69} <= numbers and not {1, 5} & numbers  # 区委组织部's unmarked tasks; bold tasks excluded


def test_collective_vs_named(store: Any) -> None:
    rows = {(r["source"], r["kind"]): r for r in select(store, "collective-vs-named")}
    assert rows[("jiaxiang-2023.txt", "leader")]["collectiveAssignments"] == 5  # 各位县长 ×5
    assert rows[("jiaxiang-2023.txt", "leader")]["distinctCollectives"] == 1
    assert rows[("jining-2023.txt", "unit")]["collectiveAssignments"] == 0
    assert ("jining-2023.txt", "leader") not in rows  # no leaders in that notice


def test_projects_by_leader_annex(store: Any) -> None:
    rows = by(select(store, "projects-by-leader"), "name")
    annex = {n: (r["annexProjects"], r["annexItems"]) for n, r in rows.items() if r["annexProjects"] is not None}
    assert annex == {"张雷": (5, 8), "王君磊": (4, 5), "张艳丽": (1, 1), "王燕军": (1, 1)}
    assert set(rows["王君磊"]["projectNames"].split("、")) == {"困难群体救助工程", "托育扩容增位工程", "特殊群体关爱工程",
                                                          "农村交通物流促进工程"}
    assert select(store, "projects-by-leader", {"leader": "王燕军"})[0]["projectNames"] == "法律援助覆盖工程"


def test_projects_by_leader_investment(store: Any) -> None:
    # yanzhou-2023 task 1 (牵头领导:张锐): 投资 140 亿元的宁德时代新能源电池 … 倍耐力投资2亿欧元的400万条轿车胎
    row = select(store, "projects-by-leader", {"leader": "张锐"})[0]
    assert row["taskProjects"] >= 2
    assert row["investmentCNY"] >= 140e8
    assert row["otherInvestment"] == "2亿欧元"


@pytest.mark.parametrize(("source", "year", "value", "comparator"), [
    ("jiaxiang-2023.txt", 2023, 6.5, "approx"),  # 地区生产总值增长6.5%左右
    ("jining-2020.txt", 2020, 6.0, "approx"),  # 地区生产总值增长6%左右 (printed twice)
    ("yanzhou-2023.txt", 2023, 6.0, "eq"),  # 地区生产总值增长6%
])
def test_indicators_gdp(store: Any, source: str, year: int, value: float, comparator: str) -> None:
    rows = select(store, "indicators-by-metric", {"metric": "地区生产总值"})
    assert (source, year, value, comparator, "growth") in {
        (r["source"], r["year"], r["value"], r["comparator"], r["kind"]) for r in rows}


def test_jurisdiction_changes_jining_2020_to_2023(store: Any) -> None:
    rows = select(store, "jurisdiction-changes", {"jurisdiction": "济宁市", "from_year": "2020", "to_year": "2023"})
    # jining-2020 names nobody: everyone of 2023 appears, nobody disappears, gains or loses
    assert {r["change"] for r in rows} == {"appears"}
    assert by(rows, "name")["市发展改革委"]["after"] == 18
    backwards = select(store, "jurisdiction-changes", {"jurisdiction": "济宁市", "from_year": "2023",
                                                       "to_year": "2020"})
    assert {r["change"] for r in backwards} == {"disappears"} and len(backwards) == len(rows)


def test_notices(store: Any) -> None:
    rows = by(select(store, "notices"), "source")
    assert {s: r["tasks"] for s, r in rows.items()} == {
        "jiaxiang-2023.txt": 81, "jining-2020.txt": 32, "jining-2023.txt": 89, "yanzhou-2023.txt": 81}
    assert rows["jiaxiang-2023.txt"]["projects"] == 10
    assert rows["yanzhou-2023.txt"]["identifier"] == "济兖政发〔2023〕1号"
