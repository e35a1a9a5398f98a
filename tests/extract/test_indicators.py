"""Snippets -> expected indicators.  Values were read off the notices (quoted) or are the brief's examples."""

from __future__ import annotations

import pytest

from graph_builder.extract.indicators import IndicatorMatcher
from graph_builder.extract.normalize import normalize


@pytest.fixture(scope="module")
def matcher() -> IndicatorMatcher:
    return IndicatorMatcher()


def _rows(matcher: IndicatorMatcher, text: str) -> list[tuple[str, float, str, str, str]]:
    return [(i.metric, i.value, i.unit, i.comparator.value, i.kind.value) for i in matcher(normalize(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("地区生产总值增长6%，", [("地区生产总值", 6.0, "%", "eq", "growth")]),
        ("新增城镇就业4500人，", [("新增城镇就业", 4500.0, "人", "eq", "change")]),
        ("新增城镇就业4.5万人。", [("新增城镇就业", 45000.0, "人", "eq", "change")]),
        ("年内完成固定资产投资 251 亿元。", [("完成固定资产投资", 2.51e10, "元", "eq", "change")]),
        # the headline forms: 以上 / 左右 after the last value applies to each value
        ("城乡居民人均可支配收入分别增长6.5%、7%以上;",
         [("城镇居民人均可支配收入", 6.5, "%", "ge", "growth"), ("农村居民人均可支配收入", 7.0, "%", "ge", "growth")]),
        ("城镇和农村居民人均可支配收入分别增长6%和6.5%。",
         [("城镇居民人均可支配收入", 6.0, "%", "eq", "growth"), ("农村居民人均可支配收入", 6.5, "%", "eq", "growth")]),
        ("城乡居民人均可支配收入分别增长7%、10%左右，",
         [("城镇居民人均可支配收入", 7.0, "%", "approx", "growth"),
          ("农村居民人均可支配收入", 10.0, "%", "approx", "growth")]),
        # yanzhou-2023 task 45, PDF text with PM_{2.5} and spaces around numbers
        ("力争 PM_{2.5} 平均浓度控制在 45.7 微克/立方米以下,优良天数比例达到 64.08%,重污染天数不超过 7 天。",
         [("PM2.5平均浓度", 45.7, "微克/立方米", "le", "level"), ("优良天数比例", 64.08, "%", "eq", "level"),
          ("重污染天数", 7.0, "天", "le", "level")]),
        ("城镇登记失业率严控在4%以内。", [("城镇登记失业率", 4.0, "%", "le", "level")]),
        ("空气质量优良率不低于63.1%。", [("优良天数比例", 63.1, "%", "ge", "level")]),
        ("粮\n\n食播种面积稳定在 69.6 万亩以上。", [("粮食播种面积", 696000.0, "亩", "ge", "level")]),
        ("年内力争制造业营收突破千亿元，", [("制造业营收", 1e11, "元", "ge", "level")]),
        ("年内产值突破百亿元，", [("产值", 1e10, "元", "ge", "level")]),
        ("实现营收一百二十亿元。", [("营收", 1.2e10, "元", "eq", "level")]),
        ("外资到位不低于5000万美元。", [("外资到位", 5e7, "美元", "ge", "level")]),
        ("年内力争实际利用外资2亿欧元。", [("实际利用外资", 2e8, "欧元", "eq", "level")]),
        ("高新技术产业产值占比提高 2 个百分点。", [("高新技术产业产值占比", 2.0, "个百分点", "eq", "growth")]),
        ("压减煤炭消费330万吨，", [("压减煤炭消费", -3.3e6, "吨", "eq", "change")]),
        ("新增市级以上龙头企业3家、示范社（场）15家；",
         [("新增市级以上龙头企业", 3.0, "家", "eq", "change"), ("示范社（场）", 15.0, "家", "eq", "change")]),
        ("幼儿园公办率、普惠率分别达65%、95%以上。",
         [("幼儿园公办率", 65.0, "%", "ge", "level"), ("普惠率", 95.0, "%", "ge", "level")]),
        ("省级以上平台、高新技术企业分别新增20家以上。",
         [("省级以上平台", 20.0, "家", "ge", "change"), ("高新技术企业", 20.0, "家", "ge", "change")]),
        ("年内引进过亿元产业项目不少于20个，", [("引进过亿元产业项目", 20.0, "个", "ge", "change")]),
        ("2023年，全县新增托位640个。其中，嘉祥街道169个，金屯镇51个。",
         [("新增托位", 640.0, "个", "eq", "change"), ("嘉祥街道新增托位", 169.0, "个", "eq", "change"),
          ("金屯镇新增托位", 51.0, "个", "eq", "change")]),
    ],
)
def test_indicators(matcher: IndicatorMatcher, text: str, expected: list[tuple[str, float, str, str, str]]) -> None:
    got = _rows(matcher, text)
    assert [(m, u, c, k) for m, _, u, c, k in got] == [(m, u, c, k) for m, _, u, c, k in expected]
    assert [v for _, v, *_ in got] == pytest.approx([v for _, v, *_ in expected])


@pytest.mark.parametrize(
    "text",
    [
        "推进投资 140 亿元的宁德时代新能源电池建设。",  # an attribute of a project, not a target
        "改造 27 个老旧小区、39 个合流制建筑小区，",  # value before its noun
        "支持太阳纸业、华勤集团冲刺千亿强企，",
        "围绕打造三个千亿、两个二百亿级产业集群目标定位，",
        "50%的镇街卫生院达到一级甲等水平，",
        "济兖政发〔2023〕1号",
        "2023年1月9日",
        "严格落实国务院安委会“15条硬措施”和省委省政府“八抓20项”创新举措，",
        "确保小康路上“不漏一户、不落一人”。",
    ],
)
def test_not_indicators(matcher: IndicatorMatcher, text: str) -> None:
    assert _rows(matcher, text) == []


def test_offsets_point_into_the_original_text(matcher: IndicatorMatcher) -> None:
    text = "力争 PM_{2.5} 平均浓度控制在 45.7 微克/立方米以下,"
    (ind,) = matcher(normalize(text))
    assert text[ind.start:ind.end] == ind.text == "PM_{2.5} 平均浓度控制在 45.7 微克/立方米以下"
    assert ind.raw == "45.7 微克/立方米"
    assert ind.unit_iri == "http://qudt.org/vocab/unit/MicroGM-PER-M3"


def test_range_and_units(matcher: IndicatorMatcher) -> None:
    (ind,) = matcher(normalize("全人群和重点人群总体签约率提升1—3个百分点。"))
    assert (ind.value, ind.value_max, ind.unit, ind.unit_iri) == (1.0, 3.0, "个百分点", None)
    (ind,) = matcher(normalize("力争全年新增贷款 80 亿元以上。"))
    assert ind.unit_iri == "http://qudt.org/vocab/currency/CNY"


def test_year_from_the_sentence(matcher: IndicatorMatcher) -> None:
    (ind,) = matcher(normalize("2023年，全县新增托位640个。"))
    assert ind.year == 2023
