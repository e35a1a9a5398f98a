"""The default configs of the matching components of the pipeline, in a module that does not import spaCy.

Each is the ``default_config`` of its factory in :mod:`graph_builder.extract.components` and the
defaults of its matcher's keyword arguments (the factories pass their config to the matcher by the
same names): :func:`graph_builder.extract.pipeline.extractor` builds the matchers of the default
pipeline from these values without importing spaCy.  Table settings are file names under ``data/``
or paths (:mod:`graph_builder.extract.tables`).
"""

from __future__ import annotations

from typing import Final, TypedDict

__all__ = ["IndicatorsConfig", "ProjectsConfig", "RegionsConfig", "INDICATORS_CONFIG", "PROJECTS_CONFIG",
           "REGIONS_CONFIG"]


class IndicatorsConfig(TypedDict):
    """``policykg_indicators_v1``: :class:`~graph_builder.extract.indicators.IndicatorMatcher`."""

    units: str
    multipliers: str
    verbs: str
    metrics: str
    lead_words: str
    min_chinese_value: float


class ProjectsConfig(TypedDict):
    """``policykg_projects_v1``: :class:`~graph_builder.extract.projects.ProjectMatcher`."""

    units: str
    multipliers: str
    verbs: str
    stop: str
    max_name: int


class RegionsConfig(TypedDict):
    """``policykg_regions_v1``: :class:`~graph_builder.extract.regions.RegionMatcher`."""

    gazetteer: str
    short_forms: bool


INDICATORS_CONFIG: Final[IndicatorsConfig] = {
    "units": "units.tsv", "multipliers": "multipliers.tsv", "verbs": "verbs.tsv", "metrics": "metrics.tsv",
    "lead_words": "lead_words.txt", "min_chinese_value": 10.0}
PROJECTS_CONFIG: Final[ProjectsConfig] = {
    "units": "units.tsv", "multipliers": "multipliers.tsv", "verbs": "project_verbs.txt",
    "stop": "project_stop.txt", "max_name": 30}
REGIONS_CONFIG: Final[RegionsConfig] = {"gazetteer": "regions.tsv", "short_forms": True}
