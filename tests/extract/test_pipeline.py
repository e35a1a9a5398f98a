"""The spaCy pipeline, the public API and the gold-set scores."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from graph_builder.extract import components, extract, headline_indicators, pipeline
from graph_builder.extract.components import doc_text
from graph_builder.extract.config import INDICATORS_CONFIG, PROJECTS_CONFIG, REGIONS_CONFIG
from graph_builder.extract.evaluate import DEFAULT_GOLD, evaluate, load_gold
from graph_builder.extract.indicators import IndicatorMatcher
from graph_builder.extract.pipeline import PIPES, _matchers, build_pipeline, get_pipeline
from graph_builder.extract.projects import ProjectMatcher
from graph_builder.extract.regions import RegionMatcher
from graph_builder.parse.records import Notice

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


def test_extract_gives_the_records_of_the_spacy_doc(notices: dict[str, Notice]) -> None:
    # extract() (what annotate runs) calls the pipeline's matchers without building a Doc; on every task of
    # the sample notices it must give exactly what nlp(text) puts on the Doc, spans included.
    nlp = get_pipeline()
    counts = [0, 0, 0]
    for notice in notices.values():
        source = Path(notice.source).read_text(encoding="utf-8")
        for task in notice.tasks:
            text = source[task.span.start:task.span.end]
            doc = nlp(text)
            assert doc_text(doc) == doc.text == text
            got = extract(text)
            for k, (records, key) in enumerate(((got.indicators, "indicators"), (got.projects, "projects"),
                                                 (got.regions, "regions"))):
                assert records == doc._.get(f"policykg_{key}")
                assert [(s.start_char, s.end_char) for s in doc.spans[key]] == [(r.start, r.end) for r in records]
                counts[k] += len(records)
            shifted = extract(text, offset=task.span.start)
            assert [(r.start, r.end) for r in shifted.indicators] == [
                (r.start + task.span.start, r.end + task.span.start) for r in got.indicators]
    assert counts[0] > 200 and counts[1] > 30 and counts[2] > 30, counts  # the comparison is not vacuous


def test_fast_path_only_for_the_pipeline_as_built() -> None:
    nlp = build_pipeline()
    assert _matchers(nlp) == [nlp.get_pipe(name).matcher for name in PIPES[1:]]
    with nlp.select_pipes(disable=["policykg_normalizer_v1"]):
        assert _matchers(nlp) is None  # a disabled component: nlp(text) is run
    nlp.add_pipe("sentencizer")
    assert _matchers(nlp) is None  # another component: nlp(text) is run
    nlp.remove_pipe("sentencizer")
    assert _matchers(nlp) is not None


# A fresh process annotates the sample notices without spaCy, then builds the process-wide pipeline and
# annotates them again (freshly parsed) through that pipeline's components.
_WITHOUT_THEN_WITH_SPACY = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from graph_builder.extract.annotate import annotate
    from graph_builder.extract import pipeline
    from graph_builder.parse import parse_path

    paths = sorted(Path("data/notices").glob("*.txt"))

    def annotated():
        return [annotate(parse_path(p), p.read_text(encoding="utf-8")) for p in paths]

    without = annotated()
    assert "spacy" not in sys.modules, "annotate imported spacy"
    assert pipeline._NLP is None and pipeline._DEFAULT is not None
    nlp = pipeline.get_pipeline()
    assert "spacy" in sys.modules
    live = [nlp.get_pipe(name).matcher for name in pipeline.PIPES[1:]]
    assert pipeline._matchers(nlp) == live and all(m not in pipeline._DEFAULT for m in live)
    with_ = annotated()
    counts = dict(tasks=0, indicators=0, projects=0, regions=0, headline=0)
    for a, b in zip(without, with_, strict=True):
        assert a.headline_indicators == b.headline_indicators, a.source
        counts["headline"] += len(a.headline_indicators)
        for ta, tb in zip(a.tasks, b.tasks, strict=True):
            counts["tasks"] += 1
            for key in ("indicators", "projects", "regions"):
                assert getattr(ta, key) == getattr(tb, key), (a.source, ta.span, key)
                counts[key] += len(getattr(ta, key))
    print(json.dumps(counts))
""")


def test_annotate_without_spacy_gives_the_records_of_the_pipeline() -> None:
    out = subprocess.run([sys.executable, "-c", _WITHOUT_THEN_WITH_SPACY], check=True, capture_output=True,
                         text=True, cwd=Path(__file__).resolve().parents[2]).stdout
    counts = json.loads(out)
    assert counts["tasks"] > 250 and counts["indicators"] > 200 and counts["projects"] > 30, counts
    assert counts["regions"] > 30 and counts["headline"] >= 18, counts  # the comparison is not vacuous


@pytest.mark.parametrize(
    ("factory", "config", "matcher"),
    [("policykg_indicators_v1", INDICATORS_CONFIG, IndicatorMatcher),
     ("policykg_projects_v1", PROJECTS_CONFIG, ProjectMatcher),
     ("policykg_regions_v1", REGIONS_CONFIG, RegionMatcher)],
)
def test_default_config_is_the_factory_s_and_the_matcher_s(factory: str, config: Any, matcher: type) -> None:
    # the spaCy-free path builds Matcher(**config): that is what the factory builds from its default config
    assert build_pipeline().config["components"][factory] == {"factory": factory, **config}
    make = getattr(components, factory.removeprefix("policykg_"))
    assert list(inspect.signature(make).parameters)[2:] == list(config)
    defaults = {k: p.default for k, p in inspect.signature(matcher).parameters.items()}
    assert defaults == config


def test_extract_follows_the_process_wide_pipeline_once_built(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "新增城镇就业四千五百人，推动邹城市、金乡县争创。"
    monkeypatch.setattr(pipeline, "_NLP", None)
    monkeypatch.setattr(pipeline, "_CHECKED", None)
    default = extract(text)
    assert [i.value for i in default.indicators] == [4500.0] and len(default.regions) == 2
    nlp = get_pipeline()  # a new process-wide pipeline (the monkeypatch restores the old one)
    assert nlp is pipeline._NLP and extract(text) == default
    # replaced by the same factory with another config: its (new) matcher is run
    nlp.replace_pipe("policykg_indicators_v1", "policykg_indicators_v1", config={"min_chinese_value": 1e9})
    assert _matchers(nlp) is not None
    assert extract(text).indicators == [] and extract(text).regions == default.regions
    # a component removed: nlp(text) is run
    nlp.remove_pipe("policykg_regions_v1")
    assert _matchers(nlp) is None
    got = extract(text)
    assert got.regions == [] and got.indicators == [] and got.projects == default.projects
    assert headline_indicators("主要预期目标为:地区生产总值增长6%。")[0].value == 6.0
