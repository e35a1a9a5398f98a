"""The extraction pipeline: ``spacy.blank("zh")`` (character segmentation, no model, no
network) followed by the components of :mod:`graph_builder.extract.components`.

The process-wide pipeline is built once, by the first call of :func:`get_pipeline`, and cached for
the process.

:func:`extract` (and so :func:`headline_indicators` and
:func:`graph_builder.extract.annotate.annotate`) does not build a ``Doc``: it normalises the string
once and calls the matcher of each of the indicator, project and region components on it.  Segmenting
into one token per character and building ``doc.spans`` cost about two thirds of the time and give
nothing the records need.  Which matchers:

* while no one has called :func:`get_pipeline`, the pipeline it would build is the default one, and
  :func:`extract` does not import spaCy (``import spacy`` costs about 1.2 s of CPU, paid by every
  fresh build worker): its matchers are built once per process from the factories' default configs,
  :mod:`graph_builder.extract.config`, by the same keyword arguments the factories pass;
* once the process-wide pipeline exists (it may be changed in place), while it is exactly
  :data:`PIPES` the matchers are that pipeline's components' — the very objects ``nlp(text)`` runs
  (``nlp(text)`` normalises ``doc.text``, which is ``text``).  Any other pipeline (a component
  added, removed, replaced or disabled) runs ``nlp(text)``.

Examples
--------
>>> result = extract("年内新增城镇就业4500人，推动邹城市、金乡县争创。", offset=100)
>>> [(i.metric, i.value, i.unit, i.kind.value, i.start) for i in result.indicators]
[('新增城镇就业', 4500.0, '人', 'change', 102)]
>>> [(r.name, r.code, r.start) for r in result.regions]
[('邹城市', '370883', 116), ('金乡县', '370828', 120)]
>>> [(i.metric, i.value) for i in headline_indicators("主要预期目标为:地区生产总值增长6%,一般公共预算收入增长6%。")]
[('地区生产总值', 6.0), ('一般公共预算收入', 6.0)]
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from graph_builder.extract.records import Extraction, Indicator, ProjectMention, RegionMention

if TYPE_CHECKING:
    from spacy.language import Language

    from graph_builder.extract.normalize import NormText

__all__ = ["PIPES", "build_pipeline", "get_pipeline", "extract", "extractor", "headline_indicators"]

#: Component factories, in pipeline order.
PIPES: tuple[str, ...] = ("policykg_normalizer_v1", "policykg_indicators_v1", "policykg_projects_v1",
                          "policykg_regions_v1")

_LOCK = threading.Lock()
_NLP: Language | None = None
# the matchers of the default pipeline, built without spaCy (while _NLP is None)
_DEFAULT: list[Callable[[NormText], list[Any]]] | None = None
# (nlp.pipeline, its matchers or None) as last checked by _matchers
_CHECKED: tuple[list[tuple[str, Any]], list[Callable[[NormText], list[Any]]] | None] | None = None
_R = TypeVar("_R", Indicator, ProjectMention, RegionMention)

# A sentence stating the main expected targets; else a numbered first task that opens with GDP
# (嘉祥县 2023: "1、地区生产总值增长6.5%左右，…").
_TARGETS = re.compile(r"主要预期目标(?:为|是)?[:：]?(?P<body>[^。]*)")
_TASK_ONE = re.compile(r"(?m)^\s*1\s*[、.．]\s*(?P<body>(?:地区)?生产总值[^。\n]*)")


def build_pipeline(*, config: dict[str, dict[str, Any]] | None = None) -> Language:
    """A fresh pipeline; ``config`` maps a factory name to overrides of its ``default_config``."""
    import spacy

    import graph_builder.extract.components  # noqa: F401  (registers the factories)

    nlp = spacy.blank("zh")  # the default segmenter is "char": no jieba / pkuseg needed
    for pipe in PIPES:
        nlp.add_pipe(pipe, config=(config or {}).get(pipe, {}))
    return nlp


def get_pipeline() -> Language:
    """The process-wide pipeline (built on first call)."""
    global _NLP
    with _LOCK:
        if _NLP is None:
            _NLP = build_pipeline()
        return _NLP


def _shift(records: list[_R], offset: int) -> list[_R]:
    if not offset:
        return list(records)
    return [dataclasses.replace(r, start=r.start + offset, end=r.end + offset) for r in records]


def _matchers(nlp: Language) -> list[Callable[[NormText], list[Any]]] | None:
    """The matchers of the indicator, project and region components, in that order, if ``nlp`` runs
    exactly :data:`PIPES` (the normaliser, then those three); else None."""
    global _CHECKED
    pipeline = nlp.pipeline  # the (name, component) pairs nlp(text) runs, a new list each time
    checked = _CHECKED
    if checked is None or checked[0] != pipeline:
        checked = _CHECKED = (pipeline, _check(nlp))
    return checked[1]


def _check(nlp: Language) -> list[Callable[[NormText], list[Any]]] | None:
    from graph_builder.extract.components import IndicatorComponent, ProjectComponent, RegionComponent

    names = nlp.pipe_names
    if tuple(names) != PIPES or any(nlp.get_pipe_meta(name).factory != name for name in names):
        return None
    matchers = []
    for name, kind in zip(PIPES[1:], (IndicatorComponent, ProjectComponent, RegionComponent), strict=True):
        component = nlp.get_pipe(name)
        if not isinstance(component, kind) or type(component) is not kind:  # a subclass may do more
            return None
        matchers.append(component.matcher)
    return matchers


def _default_matchers() -> list[Callable[[NormText], list[Any]]]:
    """The matchers of the indicator, project and region components of the pipeline :func:`build_pipeline`
    makes, built from the factories' default configs without spaCy (once per process)."""
    global _DEFAULT
    with _LOCK:
        if _DEFAULT is None:
            from graph_builder.extract.config import INDICATORS_CONFIG, PROJECTS_CONFIG, REGIONS_CONFIG
            from graph_builder.extract.indicators import IndicatorMatcher
            from graph_builder.extract.projects import ProjectMatcher
            from graph_builder.extract.regions import RegionMatcher

            # what the factories of components.py build from their default config
            _DEFAULT = [IndicatorMatcher(**INDICATORS_CONFIG), ProjectMatcher(**PROJECTS_CONFIG),
                        RegionMatcher(**REGIONS_CONFIG)]
        return _DEFAULT


def _from_doc(nlp: Language) -> Callable[[str, int], Extraction]:
    """:func:`extract` by ``nlp(text)``, records read off the ``Doc``."""
    from graph_builder.extract.components import INDICATORS_ATTR, PROJECTS_ATTR, REGIONS_ATTR

    def from_doc(text: str, offset: int) -> Extraction:
        doc = nlp(text)
        return Extraction(
            indicators=_shift(doc._.get(INDICATORS_ATTR) or [], offset),
            projects=_shift(doc._.get(PROJECTS_ATTR) or [], offset),
            regions=_shift(doc._.get(REGIONS_ATTR) or [], offset),
        )
    return from_doc


def extractor() -> Callable[[str, int], Extraction]:
    """:func:`extract` as a function of ``(text, offset)``, with the pipeline looked up and checked once:
    for a batch of texts (:func:`graph_builder.extract.annotate.annotate`)."""
    from graph_builder.extract.normalize import normalize

    nlp = _NLP
    if nlp is None:  # get_pipeline() would build the default pipeline: its matchers, without spaCy
        matchers = _default_matchers()
    else:
        checked = _matchers(nlp)
        if checked is None:
            return _from_doc(nlp)
        matchers = checked
    indicators, projects, regions = matchers

    def fast(text: str, offset: int) -> Extraction:
        norm = normalize(text, offset=offset)  # the matchers add the offset to their records' spans
        return Extraction(indicators=indicators(norm), projects=projects(norm), regions=regions(norm))
    return fast


def extract(text: str, *, offset: int = 0) -> Extraction:
    """Indicators, projects and regions in ``text``; offsets are into ``text`` plus ``offset``."""
    return extractor()(text, offset)


def _headline_spans(text: str) -> list[tuple[int, int]]:
    """Where :func:`headline_indicators` reads: (start, end) of each targets statement in ``text``."""
    spans = [(m.start("body"), m.end("body")) for m in _TARGETS.finditer(text)]
    if not spans:
        spans = [(m.start("body"), m.end("body")) for m in _TASK_ONE.finditer(text)][:1]
    return spans


def headline_indicators(text: str, *, offset: int = 0) -> list[Indicator]:
    """Indicators of every 主要预期目标 sentence in ``text`` (in order, repeats kept).

    Where no such sentence exists, a first numbered task that opens with 地区生产总值 is
    taken as the targets statement.  Only the targets sentence is read, never the rest.
    """
    out: list[Indicator] = []
    for start, end in _headline_spans(text):
        out.extend(extract(text[start:end], offset=offset + start).indicators)
    return out
