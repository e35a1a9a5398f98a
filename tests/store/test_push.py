"""``policykg push`` against a real SPARQL server started here: ``oxigraph serve`` (PyPI package ``oxigraph``).

Triples per named graph in the store must equal those of the dataset export; an interrupted push, rerun,
ends with the same counts.  The data is a slice of the sample build: the jining-2020 notice graph, the
regions graph and the ontology graph (which has blank nodes: OWL restrictions).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph_builder.cli import main
from graph_builder.store.push import PushError, local_counts, push, remote_counts

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
KEEP = ("<https://policykg.example.org/id/notice/jining-2020> .", "<https://policykg.example.org/id/graph/regions> .",
        "<https://policykg.example.org/ontology/policykg> .")

pytestmark = pytest.mark.skipif(not Path(OXIGRAPH).exists(), reason="oxigraph server not installed (pip install oxigraph)")


@pytest.fixture
def small(exports: Path, tmp_path: Path) -> Path:
    out = tmp_path / "small"
    out.mkdir()
    lines = [line for line in (exports / "policykg.nq").read_text(encoding="utf-8").splitlines()
             if line.endswith(KEEP)]
    (out / "policykg.nq").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Start `oxigraph serve` on 127.0.0.1 (a fresh database each call); yields a starter returning its URL."""
    processes: list[subprocess.Popen[bytes]] = []

    def start() -> str:
        port = free_port()
        location = tmp_path / f"oxigraph-{port}"
        proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(proc)
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2).read()
                return url
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("oxigraph serve did not start")

    yield start
    for proc in processes:
        proc.terminate()
        proc.wait(10)


def test_graph_store_protocol(small: Path, oxigraph: Callable[[], str]) -> None:
    url = oxigraph()
    result = push(small, graph_store=f"{url}/store", batch_size=500)
    assert result.complete and result.batches_sent > 3
    expected = local_counts(small)
    assert len(expected) == 3
    assert remote_counts(f"{url}/query") == expected


def test_interrupted_push_resumes(small: Path, oxigraph: Callable[[], str]) -> None:
    url = oxigraph()
    first = push(small, graph_store=f"{url}/store", batch_size=500, max_batches=3)
    assert not first.complete and first.batches_sent == 3
    partial = sum(remote_counts(f"{url}/query").values())
    assert 0 < partial < sum(local_counts(small).values())
    second = push(small, graph_store=f"{url}/store", batch_size=500)
    assert second.complete and second.batches_skipped == 3
    assert remote_counts(f"{url}/query") == local_counts(small)
    third = push(small, graph_store=f"{url}/store", batch_size=500)  # nothing left to do
    assert third.batches_sent == 0 and third.complete


def test_sparql_update_and_restart(small: Path, oxigraph: Callable[[], str]) -> None:
    url = oxigraph()
    assert push(small, endpoint=f"{url}/update", batch_size=1000).complete
    assert remote_counts(f"{url}/query") == local_counts(small)
    again = push(small, endpoint=f"{url}/update", batch_size=1000, restart=True)  # each graph replaced, not doubled
    assert again.batches_skipped == 0
    assert remote_counts(f"{url}/query") == local_counts(small)


def test_cli_push_and_verify(small: Path, oxigraph: Callable[[], str], capsys: pytest.CaptureFixture[str]) -> None:
    url = oxigraph()
    code = main(["push", "--data", str(small), "--graph-store", f"{url}/store", "--verify", f"{url}/query",
                 "--batch-size", "2000"])
    assert code == 0
    assert "verified, 3 graphs" in capsys.readouterr().err


def test_unreachable_store(small: Path) -> None:
    with pytest.raises(PushError, match=r"\[E501\].*rerun to resume"):
        push(small, graph_store=f"http://127.0.0.1:{free_port()}/store", retries=0, timeout=5)
    assert main(["push", "--data", str(small)]) == 3  # neither --endpoint nor --graph-store
