"""A running server over the sample build (127.0.0.1, a free port), shared by the tests of this folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_builder.serve.app import PolicyKGServer, make_server, serve_in_thread
from tests.store.sample import sample_exports_dir

#: limits of the test server: small, so that the timeout and size tests are quick
TIMEOUT = 2.0
MAX_BYTES = 512 * 1024


@pytest.fixture(scope="session")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_exports_dir(tmp_path_factory)


@pytest.fixture(scope="session")
def server(exports: Path) -> Iterator[PolicyKGServer]:
    srv = make_server(exports, port=0, timeout=TIMEOUT, max_bytes=MAX_BYTES, workers=2, quiet=True)
    thread = serve_in_thread(srv)
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(5)


@pytest.fixture(scope="session")
def base_url(server: PolicyKGServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"
