"""Fixtures of the store and query tests: the sample corpus built once per session, its store, and rdflib.

The answers the tests expect were read off the notices in data/notices/ by a person (see each test);
they are never the program's own output pasted back.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.store.sample import sample_exports_dir


@pytest.fixture(scope="session")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_exports_dir(tmp_path_factory)


@pytest.fixture(scope="session")
def store(exports: Path) -> Any:
    from graph_builder.store.oxstore import open_store

    return open_store(exports)


@pytest.fixture(scope="session")
def rdflib_ds(exports: Path) -> Any:
    from graph_builder.store.query import rdflib_dataset

    return rdflib_dataset(exports)


@pytest.fixture
def exports_copy(exports: Path, tmp_path: Path) -> Path:
    """A writable copy of the dataset export, without the store."""
    out = tmp_path / "exports"
    out.mkdir()
    for name in ("policykg.nq", "void.ttl"):
        shutil.copy(exports / name, out / name)
    return out
