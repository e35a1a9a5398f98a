"""Run the extraction pipeline over parsed notices: indicators, projects and regions per task, and the
notice's headline indicators.  Spans point into the notice's source text.

Extraction reads the *source* characters of each task (``source[task.span]``) with
``offset=task.span.start``: the task's clean text has its assignment fields and page
numbers removed, so it is not one contiguous piece of the source, but the pipeline
normalises the raw characters itself and reports original offsets.

A headline sentence printed twice (jining-2020) gives its indicators once: indicators
equal in metric, value, unit, comparator and kind are kept at their first occurrence.
"""

from __future__ import annotations

from graph_builder.parse.records import Notice

__all__ = ["annotate"]


def annotate(notice: Notice, source: str) -> Notice:
    """Fill ``indicators``, ``projects`` and ``regions`` of every task and the notice's
    ``headline_indicators``, in place; return the notice."""
    from graph_builder.extract.pipeline import extractor, headline_indicators

    extract = extractor()
    for task in notice.tasks:
        found = extract(source[task.span.start : task.span.end], task.span.start)
        task.indicators, task.projects, task.regions = found.indicators, found.projects, found.regions
    seen: set[tuple[object, ...]] = set()
    headline = []
    for target in notice.headline_targets:
        for ind in headline_indicators(source[target.span.start : target.span.end], offset=target.span.start):
            key = (ind.metric, ind.value, ind.unit, ind.comparator, ind.kind)
            if key not in seen:
                seen.add(key)
                headline.append(ind)
    notice.headline_indicators = headline
    return notice
