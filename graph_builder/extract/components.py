"""spaCy pipeline components (registered by factory under versioned names).

==============================  ===========================================================
``policykg_normalizer_v1``      normalised text + offset map on ``doc._.policykg_norm``
``policykg_indicators_v1``      :class:`~graph_builder.extract.records.Indicator` list on
                                ``doc._.policykg_indicators``, spans in ``doc.spans["indicators"]``
``policykg_projects_v1``        ``doc._.policykg_projects``, ``doc.spans["projects"]``
``policykg_regions_v1``         ``doc._.policykg_regions``, ``doc.spans["regions"]``
==============================  ===========================================================

Each matching component is a thin wrapper of its matcher (``component.matcher``, a callable of
:class:`~graph_builder.extract.normalize.NormText`); :func:`graph_builder.extract.extract` calls
those same objects on the normalised string directly, without building a ``Doc`` (see
:mod:`graph_builder.extract.pipeline`).

Table settings are the factories' ``default_config`` (file names under ``data/`` or paths),
so a pipeline config can swap a table without code changes.  The default configs are the constants
of :mod:`graph_builder.extract.config` (which does not import spaCy): each factory passes its config
to its matcher under the same names, so ``IndicatorMatcher(**INDICATORS_CONFIG)`` is the matcher of
the default ``policykg_indicators_v1``, and so on.  Record offsets are offsets into
``doc.text``; spans are aligned outwards to token boundaries (the ``zh`` char segmenter makes
every character a token, so they coincide).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from spacy.attrs import ORTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span

from graph_builder.extract.config import INDICATORS_CONFIG, PROJECTS_CONFIG, REGIONS_CONFIG
from graph_builder.extract.indicators import IndicatorMatcher
from graph_builder.extract.normalize import NormText, normalize
from graph_builder.extract.projects import ProjectMatcher
from graph_builder.extract.regions import RegionMatcher

__all__ = ["NORM_ATTR", "INDICATORS_ATTR", "PROJECTS_ATTR", "REGIONS_ATTR", "doc_text"]

NORM_ATTR = "policykg_norm"
INDICATORS_ATTR = "policykg_indicators"
PROJECTS_ATTR = "policykg_projects"
REGIONS_ATTR = "policykg_regions"

for _attr in (NORM_ATTR, INDICATORS_ATTR, PROJECTS_ATTR, REGIONS_ATTR):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)


def doc_text(doc: Doc) -> str:
    """``doc.text``, read from the token array instead of one ``Token`` object per character.

    ``Doc.text`` joins ``token.text_with_ws``, that is ``vocab.strings[token.lex.orth]`` plus a space
    where ``token.whitespace_``; ``to_array([ORTH, SPACY])`` holds those two values per token.

    >>> import spacy
    >>> doc = spacy.blank("zh")("投资 140 亿元  的宁\\n\\n德时代 ab")
    >>> doc_text(doc) == doc.text
    True
    """
    strings = doc.vocab.strings
    return "".join([strings[orth] + " " if space else strings[orth]
                    for orth, space in doc.to_array([ORTH, SPACY]).tolist()])


def _norm(doc: Doc) -> NormText:
    norm = doc._.get(NORM_ATTR)
    if norm is None:  # the normaliser is optional: compute on demand
        norm = normalize(doc_text(doc))
        doc._.set(NORM_ATTR, norm)
    return norm


def _spans(doc: Doc, records: Sequence[Any], label: Callable[[Any], str]) -> list[Span]:
    spans = []
    for record in records:
        span = doc.char_span(record.start, record.end, label=label(record), alignment_mode="expand")
        if span is not None:
            spans.append(span)
    return spans


class _Component:
    """Runs ``matcher`` on the doc's normalised text; records on ``doc._.<attr>``, spans in ``doc.spans[key]``."""

    attr: str
    key: str

    def __init__(self, matcher: Callable[[NormText], list[Any]]) -> None:
        self.matcher = matcher

    def label(self, record: Any) -> str:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        records = self.matcher(_norm(doc))
        doc._.set(self.attr, records)
        doc.spans[self.key] = _spans(doc, records, self.label)
        return doc


class IndicatorComponent(_Component):
    attr, key = INDICATORS_ATTR, "indicators"

    def label(self, record: Any) -> str:
        return f"INDICATOR_{record.kind.value.upper()}"


class ProjectComponent(_Component):
    attr, key = PROJECTS_ATTR, "projects"

    def label(self, record: Any) -> str:
        return "PROJECT"


class RegionComponent(_Component):
    attr, key = REGIONS_ATTR, "regions"

    def label(self, record: Any) -> str:
        return f"REGION_{record.level.value.upper()}"


@Language.component("policykg_normalizer_v1")
def normalizer_v1(doc: Doc) -> Doc:
    doc._.set(NORM_ATTR, normalize(doc_text(doc)))
    return doc


# dict(): spaCy takes a dict[str, Any] (not a TypedDict) and keeps it; the constant stays as defined
@Language.factory("policykg_indicators_v1", default_config=dict(INDICATORS_CONFIG))
def indicators_v1(nlp: Language, name: str, units: str, multipliers: str, verbs: str, metrics: str,
                  lead_words: str, min_chinese_value: float) -> IndicatorComponent:
    return IndicatorComponent(IndicatorMatcher(units=units, multipliers=multipliers, verbs=verbs,
                                               metrics=metrics, lead_words=lead_words,
                                               min_chinese_value=min_chinese_value))


@Language.factory("policykg_projects_v1", default_config=dict(PROJECTS_CONFIG))
def projects_v1(nlp: Language, name: str, units: str, multipliers: str, verbs: str, stop: str,
                max_name: int) -> ProjectComponent:
    return ProjectComponent(ProjectMatcher(units=units, multipliers=multipliers, verbs=verbs, stop=stop,
                                           max_name=max_name))


@Language.factory("policykg_regions_v1", default_config=dict(REGIONS_CONFIG))
def regions_v1(nlp: Language, name: str, gazetteer: str, short_forms: bool) -> RegionComponent:
    return RegionComponent(RegionMatcher(gazetteer=gazetteer, short_forms=short_forms))
