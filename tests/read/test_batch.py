"""Batches: a bad, hanging or crashing file costs that file only; folders, the summary, the progress bar."""

from __future__ import annotations

import faulthandler
import json
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from graph_builder.cli import main
from graph_builder.commands.parse import parse_batch, scan_inputs
from graph_builder.errors import EXIT_INPUT, EXIT_OK
from graph_builder.read import READERS, SourceText, read_text
from tests.read.conftest import NOTICES
from tests.read.render import to_docx

YANZHOU = NOTICES / "yanzhou-2023.txt"
JINING = NOTICES / "jining-2023.txt"


def test_corrupt_docx_between_two_good_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = to_docx(YANZHOU.read_text(encoding="utf-8"), tmp_path / "a-yanzhou.docx")
    bad = tmp_path / "b-corrupt.docx"
    bad.write_bytes(good.read_bytes()[:5000])  # cut off, as by a failed download
    shutil.copy(JINING, tmp_path / "c-jining.txt")
    code = main(["parse", str(tmp_path), "--json"])
    out, err = capsys.readouterr()
    assert code == EXIT_INPUT
    data = json.loads(out)
    assert [Path(n["source"]).name for n in data["notices"]] == ["a-yanzhou.docx", "c-jining.txt"]
    assert [len(n["tasks"]) for n in data["notices"]] == [81, 89]
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "b-corrupt.docx" in lines[0] and "[E106]" in lines[0]
    assert data["summary"]["parsed"] == 2 and [f["code"] for f in data["summary"]["failed"]] == ["E106"]


def _hang(path: Path, data: bytes) -> SourceText:
    time.sleep(60)
    raise AssertionError("not reached")


def _crash(path: Path, data: bytes) -> SourceText:
    faulthandler.disable()  # pytest's fault handler would print the worker's stack
    os.kill(os.getpid(), signal.SIGSEGV)
    raise AssertionError("not reached")


def test_time_limit_and_crash_cost_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    # Readers for two test-only suffixes; the worker process is forked, so it has them too.
    monkeypatch.setitem(READERS, ".hang", _hang)
    monkeypatch.setitem(READERS, ".crash", _crash)
    (tmp_path / "x.hang").write_bytes(b"x")
    (tmp_path / "y.crash").write_bytes(b"y")
    paths = [str(YANZHOU), str(tmp_path / "x.hang"), str(JINING), str(tmp_path / "y.crash"), str(YANZHOU)]
    t0 = time.perf_counter()
    batch = parse_batch(paths, timeout=8)  # the hanging reader sleeps 60 s; a real notice takes < 1 s, 8 s under load
    assert time.perf_counter() - t0 < 45  # cut at the limit, not waited out (60 s)
    assert [len(n.tasks) for n in batch.notices] == [81, 89, 81]
    assert [(Path(e.path or "").name, e.code) for e in batch.errors] == [("x.hang", "E107"), ("y.crash", "E111")]
    assert "timed out after 8 s" in str(batch.errors[0]) and "SIGSEGV" in str(batch.errors[1])
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 2


@pytest.mark.parametrize("jobs", [2, 3])
def test_parallel_workers_keep_the_order_and_isolate_failures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               jobs: int) -> None:
    monkeypatch.setitem(READERS, ".hang", _hang)
    monkeypatch.setitem(READERS, ".crash", _crash)
    (tmp_path / "x.hang").write_bytes(b"x")
    (tmp_path / "y.crash").write_bytes(b"y")
    paths = [str(tmp_path / "x.hang"), str(YANZHOU), str(tmp_path / "y.crash"), str(JINING), str(YANZHOU),
             str(JINING)]
    t0 = time.perf_counter()
    batch = parse_batch(paths, timeout=8, jobs=jobs)
    assert time.perf_counter() - t0 < 45  # cut at the limit, not waited out (60 s)
    assert [len(n.tasks) for n in batch.notices] == [81, 89, 81, 89]  # in the order given
    assert sorted((Path(e.path or "").name, e.code) for e in batch.errors) == [("x.hang", "E107"), ("y.crash", "E111")]


def test_in_process_without_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(READERS, ".notice", read_text)
    batch = parse_batch([str(YANZHOU)], timeout=None)
    assert len(batch.notices[0].tasks) == 81


def test_folder_summary_and_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(YANZHOU, tmp_path / "yanzhou.txt")
    (tmp_path / "sub").mkdir()
    shutil.copy(JINING, tmp_path / "sub" / "jining.txt")
    (tmp_path / "table.xlsx").write_bytes(b"PK")
    (tmp_path / "~$yanzhou.docx").write_bytes(b"lock")
    (tmp_path / "README.md").write_text("# notices\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    files, skipped = scan_inputs([str(tmp_path)])
    assert [Path(f).name for f in files] == ["jining.txt", "yanzhou.txt"]
    assert sorted(s.reason for s in skipped) == ["README (documents the folder)", "Word lock file", "hidden file",
                                                 "unsupported type .xlsx"]
    assert main(["parse", str(tmp_path)]) == EXIT_OK
    out, err = capsys.readouterr()
    assert err == ""
    last = out.strip().splitlines()[-1]
    assert last.startswith("parsed 2 of 2 files (2 .txt); 4 skipped (") and "unsupported type .xlsx ×1" in last


def test_progress_bar_only_when_asked_or_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(YANZHOU), str(JINING)]) == EXIT_OK
    assert capsys.readouterr().err == ""  # stderr is not a terminal here
    assert main(["parse", str(YANZHOU), str(JINING), "--progress"]) == EXIT_OK
    err = capsys.readouterr().err
    assert "parse  50% [" in err and "2/2" in err and err.endswith("\r")  # the bar is cleared at the end


def test_json_encoded_in_the_workers_equals_the_records(capsys: pytest.CaptureFixture[str]) -> None:
    """``parse --json`` (the workers encode each notice) gives the notices ``--indent 2`` gives (encoded here from
    the records the workers send back), with and without the worker processes."""
    from graph_builder.commands.parse import NoticeJSON, notice_json

    assert isinstance(notice_json(str(YANZHOU), extract=False), NoticeJSON)
    outputs = []
    for options in (["--jobs", "2"], ["--timeout", "0"], ["--indent", "2"]):
        assert main(["parse", str(YANZHOU), str(JINING), "--json", *options]) == EXIT_OK
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0] == outputs[1] == outputs[2]
    assert [len(n["tasks"]) for n in outputs[0]["notices"]] == [81, 89]


def _niceness(path: str) -> tuple[str, int]:
    return Path(path).name, os.nice(0)


def test_workers_can_yield_the_cores() -> None:
    """A first build's workers run at a lower priority than the store's load beside them (``nice``)."""
    from graph_builder.commands.parse import map_files

    mine = os.nice(0)
    paths = [str(YANZHOU), str(JINING)]
    assert map_files(paths, _niceness, jobs=2) == [("yanzhou-2023.txt", mine), ("jining-2023.txt", mine)]
    assert map_files(paths, _niceness, jobs=2, nice=5) == [("yanzhou-2023.txt", min(mine + 5, 19)),
                                                           ("jining-2023.txt", min(mine + 5, 19))]
