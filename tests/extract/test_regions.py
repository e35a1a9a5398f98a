"""Snippets -> expected region mentions; codes are GB/T 2260."""

from __future__ import annotations

import pytest

from graph_builder.extract.normalize import normalize
from graph_builder.extract.regions import RegionMatcher
from graph_builder.extract.tables import load_regions


@pytest.fixture(scope="module")
def matcher() -> RegionMatcher:
    return RegionMatcher()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("推动邹城市、金乡县、嘉祥县、微山县争创县级全国文明城市。",
         [("邹城市", "370883"), ("金乡县", "370828"), ("嘉祥县", "370829"), ("微山县", "370826")]),
        ("以高新区、任城、曲阜、微山为重点，", [("任城区", "370811"), ("曲阜市", "370881"), ("微山县", "370826")]),
        ("承办单位：县住房和城乡建设局，嘉祥街道", [("嘉祥街道", None)]),  # the street, not 嘉祥县
        ("新充镇、大安镇)", [("新兖镇", None), ("大安镇", None)]),  # 新充镇: misprint in yanzhou-2023 task 8
        ("发挥梁山港公铁水多式联运优势", []),  # a port
        ("支持兖州工业园区创建国家级经济开发区，突破泗水开发区、鱼台开发区建设。", []),
        ("加快微山独山湖等抽水蓄能电站项目前期工作", []),
        ("汶上苑庄镇“盘活闲散地”", [("苑庄镇", None)]),
        ("济宁市兖州区人民政府", [("济宁市", "370800"), ("兖州区", "370812")]),
    ],
)
def test_regions(matcher: RegionMatcher, text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(r.name, r.code) for r in matcher(normalize(text))] == expected


def test_levels_and_parents(matcher: RegionMatcher) -> None:
    got = {r.name: (r.level.value, r.parent) for r in matcher(normalize("兖州区、曲阜市、纸坊镇、卧龙山街道、济宁市"))}
    assert got == {"兖州区": ("district", "济宁市"), "曲阜市": ("county", "济宁市"), "纸坊镇": ("town", "嘉祥县"),
                   "卧龙山街道": ("street", "嘉祥县"), "济宁市": ("city", "山东省")}


def test_province_is_in_the_hierarchy_but_not_matched_in_text(matcher: RegionMatcher) -> None:
    assert [r.name for r in matcher(normalize("培育山东省知名农产品品牌1个，推动嘉祥县争创"))] == ["嘉祥县"]


def test_gazetteer_codes() -> None:
    codes = {r.name: r.code for r in load_regions() if r.code}
    assert codes == {"山东省": "370000", "济宁市": "370800", "任城区": "370811", "兖州区": "370812", "微山县": "370826",
                     "鱼台县": "370827", "金乡县": "370828", "嘉祥县": "370829", "汶上县": "370830",
                     "泗水县": "370831", "梁山县": "370832", "曲阜市": "370881", "邹城市": "370883"}
