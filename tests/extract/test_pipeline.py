"""The spaCy pipeline, the public API and the gold-set scores."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph_builder.extract import extract, headline_indicators
from graph_builder.extract.evaluate import DEFAULT_GOLD, evaluate, load_gold
from graph_builder.extract.pipeline import PIPES, build_pipeline

NOTICES = Path(__file__).resolve().parents[2] / "data" / "notices"


def test_pipeline_is_blank_zh_with_versioned_components() -> None:
    nlp = build_pipeline()
    assert nlp.lang == "zh"
    assert nlp.config["nlp"]["tokenizer"]["segmenter"] == "char"
    assert tuple(nlp.pipe_names) == PIPES
    doc = nlp("新增城镇就业4500人，推动邹城市争创。")
    assert [s.label_ for s in doc.spans["indicators"]] == ["INDICATOR_CHANGE"]
    assert [s.text for s in doc.spans["regions"]] == ["邹城市"]


def test_offset_is_added() -> None:
    text = "年内新增城镇就业4500人。"
    (ind,) = extract(text, offset=1000).indicators
    assert ind.start - 1000 == 2 and text[ind.start - 1000:ind.end - 1000] == ind.text


@pytest.mark.parametrize(
    ("notice", "expected"),
    [
        ("yanzhou-2023.txt", [("地区生产总值", 6, "eq"), ("一般公共预算收入", 6, "eq"), ("固定资产投资", 10, "eq"),
                              ("社会消费品零售总额", 6, "eq"), ("城镇居民人均可支配收入", 6, "eq"),
                              ("农村居民人均可支配收入", 6.5, "eq")]),
        ("jiaxiang-2023.txt", [("地区生产总值", 6.5, "approx"), ("一般公共预算收入", 7, "approx"),
                               ("固定资产投资", 10, "approx"), ("社会消费品零售总额", 6, "approx"),
                               ("城镇居民人均可支配收入", 7, "approx"), ("农村居民人均可支配收入", 10, "approx")]),
        # printed twice on the page: both copies are returned, the caller dedupes
        ("jining-2020.txt", 2 * [("地区生产总值", 6, "approx"), ("一般公共预算收入", 1, "ge"),
                                 ("固定资产投资", 5, "approx"), ("社会消费品零售总额", 6, "ge"),
                                 ("城镇居民人均可支配收入", 6.5, "ge"), ("农村居民人均可支配收入", 7, "ge")]),
    ],
)
def test_headline_indicators(notice: str, expected: list[tuple[str, float, str]]) -> None:
    text = (NOTICES / notice).read_text(encoding="utf-8")
    got = headline_indicators(text)
    assert [(i.metric, i.value, i.comparator.value) for i in got] == expected
    assert all(i.kind.value == "growth" and i.unit == "%" for i in got)
    assert all(text[i.start:i.end] == i.text for i in got)


def test_gold_sentences_are_in_their_notices() -> None:
    for rec in load_gold():
        text = (NOTICES / rec["notice"]).read_text(encoding="utf-8")
        assert text[rec["start"]:rec["start"] + len(rec["text"])] == rec["text"]


def test_gold_set_size() -> None:
    gold = load_gold(DEFAULT_GOLD)
    assert sum(len(r["indicators"]) for r in gold) >= 60
    assert sum(len(r["projects"]) for r in gold) >= 30
    assert sum(len(r["regions"]) for r in gold) >= 30


def test_gold_scores() -> None:
    report = evaluate(load_gold())
    strict = report.scores["indicators (strict)"]
    assert strict.precision >= 0.95 and strict.recall >= 0.90, report.table()
    projects = report.scores["projects"]
    assert projects.precision >= 0.90 and projects.recall >= 0.90, report.table()
    regions = report.scores["regions"]
    assert regions.precision >= 0.95 and regions.recall >= 0.80, report.table()


def test_parse_does_not_import_spacy() -> None:
    code = ("import sys, graph_builder.extract, graph_builder.extract.records; "
            "assert 'spacy' not in sys.modules, 'spacy imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])
