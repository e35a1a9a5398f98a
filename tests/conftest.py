"""Shared fixtures: the sample notices of data/notices/ (see tests/data/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_builder.parse import parse_path
from graph_builder.parse.records import Notice

ROOT = Path(__file__).resolve().parent.parent
NOTICES = ROOT / "data" / "notices"


@pytest.fixture(scope="session")
def notices() -> dict[str, Notice]:
    return {p.stem: parse_path(p) for p in sorted(NOTICES.glob("*.txt"))}
