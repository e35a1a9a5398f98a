"""Normalisation keeps a map back to the original characters."""

from __future__ import annotations

import pytest

from graph_builder.extract.normalize import normalize
from graph_builder.extract.numbers import parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("投资 140 亿元", "投资140亿元"),
        ("宁一2—\n\n德时代", "宁德时代"),  # page number glued to a word (yanzhou-2023 p.2)
        ("泰山产业 —4—\n\n领军人才", "泰山产业领军人才"),
        ("唐庙街等6—8—\n\n条背街小巷", "唐庙街等6条背街小巷"),
        ("PM_{2.5} 平均浓度", "PM2.5平均浓度"),
        ("奥地利 FKD 等企业", "奥地利FKD等企业"),
        ("中国移动 5G 网络", "中国移动5G网络"),
        ("ＧＤＰ增长６％", "GDP增长6%"),
        ("各镇街)\n\n- 49.治理", "各镇街)\n-49.治理"),  # a line break that ends a sentence is kept
        ("（2023—2025年）", "（2023—2025年）"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    n = normalize(text)
    assert n.text == expected
    assert len(n.index) == len(n.text)
    for k, ch in enumerate(n.text):
        if ch not in "\n" and text[n.index[k]].isascii() == ch.isascii():
            assert text[n.index[k]] == ch


@pytest.mark.parametrize(
    ("text", "value"),
    [("二", 2), ("三十", 30), ("一百二十", 120), ("十五", 15), ("两", 2), ("千", 1000), ("百亿", 1e10),
     ("一万二千", 12000), ("4.5", 4.5), ("二〇二三", 2023)],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value
