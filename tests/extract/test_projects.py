"""Snippets -> expected projects (yanzhou-2023 task 1, jiaxiang-2023, jining-2023 text)."""

from __future__ import annotations

import pytest

from graph_builder.extract.normalize import normalize
from graph_builder.extract.projects import ProjectMatcher

Row = tuple[str, str | None, float | None, str | None, list[str]]


@pytest.fixture(scope="module")
def matcher() -> ProjectMatcher:
    return ProjectMatcher()


def _rows(matcher: ProjectMatcher, text: str) -> list[Row]:
    return [(p.name, p.enterprise, p.investment.value if p.investment else None,
             p.investment.currency if p.investment else None, [c.raw for c in p.capacity])
            for p in matcher(normalize(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("推进投资 140 亿元的宁一2—\n\n德时代新能源电池、18亿元的光伏发电和9亿元的储能项目快 建设、早投产,",
         [("宁德时代新能源电池", None, 1.4e10, "CNY", []), ("光伏发电", None, 1.8e9, "CNY", []),
          ("储能项目", None, 9e8, "CNY", [])]),
        ("加快推进太阳 纸业投资80亿元的170万吨浆纸一体化项目,",
         [("170万吨浆纸一体化项目", "太阳纸业", 8e9, "CNY", ["170万吨"])]),
        ("重点抓好华勤集团与倍耐力投资2亿欧元的400 万条轿车胎、800万条自行车胎,",
         [("400万条轿车胎", "华勤集团与倍耐力", 2e8, "EUR", ["400万条"]),
          ("800万条自行车胎", "华勤集团与倍耐力", None, None, ["800万条"])]),
        ("凯米拉投资10亿元的聚丙烯 酰胺、天成化工投资8.9亿元的阳离子醚化剂和酚醛助剂等项目,",
         [("聚丙烯酰胺", "凯米拉", 1e9, "CNY", []), ("阳离子醚化剂和酚醛助剂", "天成化工", 8.9e8, "CNY", [])]),
        ("重点推进晶悦碳素、和玉新能源、洪润电碳IC半导体等项目，",
         [("晶悦碳素", None, None, None, []), ("和玉新能源", None, None, None, []),
          ("洪润电碳IC半导体", None, None, None, [])]),
        ("加快恒信50万吨乙醇、七洲化工等项目建设，",
         [("恒信50万吨乙醇", None, None, None, ["50万吨"]), ("七洲化工", None, None, None, [])]),
        ("推进中核循环经济产业园、华能天然气热电联产项目建设，",
         [("中核循环经济产业园", None, None, None, []), ("华能天然气热电联产项目", None, None, None, [])]),
        ("新建电池产线，年产60GWh。", []),
        ("突出抓好总投资 583 亿元的 93 个重点产业项目,", []),  # an aggregate, not a named project
        ("加强项目管理，确保新建项目原则上必须在园区内建设。", []),
        ("重点对接上海盈颜、海门泽雅化工等扩链延伸项目，", []),
    ],
)
def test_projects(matcher: ProjectMatcher, text: str, expected: list[Row]) -> None:
    assert _rows(matcher, text) == expected


def test_capacity_units(matcher: ProjectMatcher) -> None:
    (p,) = matcher(normalize("加快建设宁德时代60GWh动力电池项目，"))
    assert [(c.value, c.unit, c.unit_iri) for c in p.capacity] == [
        (60.0, "吉瓦时", "http://qudt.org/vocab/unit/GigaW-HR")]
