"""Committed generated files are fresh: exports/ and docs/ontology.html equal a rebuild, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXPORTS = ROOT / "exports"
FIX = "run `policykg build data/notices -o exports/` and `policykg docs`, then commit the result"


def test_exports_are_not_stale(sample_exports: Path) -> None:
    # sample_exports was built by the command from data/notices into a temporary folder
    fresh = sorted(p.name for p in sample_exports.iterdir() if p.is_file())  # not cache/ nor store/
    committed = sorted(p.name for p in EXPORTS.iterdir() if p.is_file() and not p.name.startswith("."))
    assert set(fresh) <= set(committed), f"exports/ lacks {sorted(set(fresh) - set(committed))}: {FIX}"
    stale = [name for name in fresh if (sample_exports / name).read_bytes() != (EXPORTS / name).read_bytes()]
    assert not stale, f"stale exports: {stale}: {FIX}"


def test_ontology_docs_are_not_stale() -> None:
    from graph_builder.rdf.docs import render_html

    path = ROOT / "docs" / "ontology.html"
    if not path.exists():
        pytest.fail(f"docs/ontology.html is missing: {FIX}")
    assert path.read_text(encoding="utf-8") == render_html(), f"docs/ontology.html is stale: {FIX}"
