"""Extraction of indicators, projects and regions from task text (spaCy pipeline).

Importing this package is cheap, and so is extracting: spaCy is imported only when the pipeline
itself is built (:func:`build_pipeline`, :func:`graph_builder.extract.pipeline.get_pipeline`);
until then :func:`extract` and :func:`headline_indicators` run the default pipeline's matchers
without it (see :mod:`graph_builder.extract.pipeline`).  ``graph_builder.parse`` must not import it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graph_builder.extract.records import (
    Capacity,
    Comparator,
    Extraction,
    Indicator,
    IndicatorKind,
    MonetaryAmount,
    ProjectMention,
    RegionLevel,
    RegionMention,
)

if TYPE_CHECKING:
    from graph_builder.extract.pipeline import build_pipeline, extract, headline_indicators

__all__ = [
    "Capacity",
    "Comparator",
    "Extraction",
    "Indicator",
    "IndicatorKind",
    "MonetaryAmount",
    "ProjectMention",
    "RegionLevel",
    "RegionMention",
    "build_pipeline",
    "extract",
    "headline_indicators",
]

_LAZY = {"build_pipeline", "extract", "headline_indicators"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from graph_builder.extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
