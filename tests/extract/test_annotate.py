"""Extraction over whole sample notices: headline indicators as the notices state them (read by a person)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_builder.extract.annotate import annotate
from graph_builder.parse.records import Notice


@pytest.fixture(scope="module")
def annotated(notices: dict[str, Notice]) -> dict[str, Notice]:
    return {k: annotate(n, Path(n.source).read_text(encoding="utf-8")) for k, n in notices.items()}


def headline(n: Notice) -> list[tuple[str, float, str]]:
    return [(i.metric, i.value, i.comparator.value) for i in n.headline_indicators]


def test_yanzhou_headline(annotated: dict[str, Notice]) -> None:
    # "地区生产总值增长6%,一般公共预算收入增长6%,固定资产投资增长10%,社会消费品零售总额增长6%,
    #  城镇和农村居民人均可支配收入分别增长6%和6.5%"
    assert headline(annotated["yanzhou-2023"]) == [
        ("地区生产总值", 6.0, "eq"), ("一般公共预算收入", 6.0, "eq"), ("固定资产投资", 10.0, "eq"),
        ("社会消费品零售总额", 6.0, "eq"), ("城镇居民人均可支配收入", 6.0, "eq"), ("农村居民人均可支配收入", 6.5, "eq")]


def test_jiaxiang_headline_is_task_one(annotated: dict[str, Notice]) -> None:
    # task 1: "地区生产总值增长6.5%左右，一般公共预算收入增长7%左右，固定资产投资增长10%左右，社会消费品零售总额
    #  增长6%左右，城乡居民人均可支配收入分别增长7%、10%左右"
    assert headline(annotated["jiaxiang-2023"]) == [
        ("地区生产总值", 6.5, "approx"), ("一般公共预算收入", 7.0, "approx"), ("固定资产投资", 10.0, "approx"),
        ("社会消费品零售总额", 6.0, "approx"), ("城镇居民人均可支配收入", 7.0, "approx"),
        ("农村居民人均可支配收入", 10.0, "approx")]


def test_repeated_headline_sentence_counts_once(annotated: dict[str, Notice]) -> None:
    # printed twice on the page: "地区生产总值增长6%左右;一般公共预算收入增长1%以上;固定资产投资增长5%左右;
    #  社会消费品零售总额增长6%以上;…城乡居民人均可支配收入分别增长6.5%、7%以上"
    assert headline(annotated["jining-2020"]) == [
        ("地区生产总值", 6.0, "approx"), ("一般公共预算收入", 1.0, "ge"), ("固定资产投资", 5.0, "approx"),
        ("社会消费品零售总额", 6.0, "ge"), ("城镇居民人均可支配收入", 6.5, "ge"), ("农村居民人均可支配收入", 7.0, "ge")]


def test_task_indicators_and_spans(annotated: dict[str, Notice]) -> None:
    n = annotated["yanzhou-2023"]
    source = Path(n.source).read_text(encoding="utf-8")
    t54 = n.tasks[53]  # "年内新增城镇就业4500人"
    assert ("新增城镇就业", 4500.0, "人") in [(i.metric, i.value, i.unit) for i in t54.indicators]
    t45 = n.tasks[44]  # "PM_{2.5} 平均浓度控制在 45.7 微克/立方米以下"
    pm = [i for i in t45.indicators if i.metric.startswith("PM2.5")]
    assert [(i.value, i.unit, i.comparator.value) for i in pm] == [(45.7, "微克/立方米", "le")]
    for t in n.tasks:
        for thing in (*t.indicators, *t.projects, *t.regions):
            assert source[thing.start : thing.end] == thing.text
