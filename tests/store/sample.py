"""The sample corpus built once per test session (shared by tests/store and tests/serve).

Imported as ``tests.store.sample`` from both conftest files, so that its cache is one module's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTICES = ROOT / "data" / "notices"

_CACHE: dict[str, Path] = {}


def sample_exports_dir(factory: pytest.TempPathFactory) -> Path:
    """`policykg build data/notices` into a temporary folder, and its store loaded (once per session)."""
    if "exports" not in _CACHE:
        from graph_builder.cli import main
        from graph_builder.store.oxstore import load_store, store_path

        out = factory.mktemp("sample-exports")
        assert main(["build", str(NOTICES), "-o", str(out), "--no-shacl"]) in (0, 1)
        if not store_path(out).is_dir():  # the build may load it itself
            load_store(out)
        _CACHE["exports"] = out
    return _CACHE["exports"]
