"""Parse notices into typed records (:mod:`graph_builder.parse.records`).

>>> from graph_builder.parse import parse_text
>>> n = parse_text("1.做好就业工作。（牵头单位：区人社局、区财政局）\\n2.抓好教育。（牵头单位：区教育局）")
>>> [(t.number, [u.name for u in t.units]) for t in n.tasks]
[(1, ['区人社局', '区财政局']), (2, ['区教育局'])]
"""

from __future__ import annotations

from pathlib import Path

from graph_builder.parse.notice import parse_text
from graph_builder.parse.records import Notice
from graph_builder.read import SourceText, read_path

__all__ = ["parse_path", "parse_source", "parse_text", "Notice"]


def parse_path(path: str | Path) -> Notice:
    """Read and parse one notice file (any registered format).

    Raises :class:`graph_builder.errors.InputError` on a file that cannot be read or is not a notice.
    """
    return parse_source(read_path(path), path)


def parse_source(src: SourceText, path: str | Path) -> Notice:
    """Parse the text read from the notice file ``path`` (for callers that use the text again: the extraction)."""
    return parse_text(src.text, source=str(path), sha256=src.sha256, encoding=src.encoding, bold=src.bold)
