"""``policykg query``: output formats and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from graph_builder.cli import main


def run(capsysbinary: pytest.CaptureFixture[bytes], *argv: str) -> tuple[int, str, str]:
    code = main(["query", *argv])
    out, err = capsysbinary.readouterr()
    return code, out.decode("utf-8"), err.decode("utf-8")


def test_csv(capsysbinary: pytest.CaptureFixture[bytes], exports: Path) -> None:
    code, out, _ = run(capsysbinary, "leader-load", "--data", str(exports), "--param", "jurisdiction=兖州区",
                       "--format", "csv")
    assert code == 0
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["张锐"]["tasks"] == "26"


def test_json_and_tsv(capsysbinary: pytest.CaptureFixture[bytes], exports: Path) -> None:
    code, out, _ = run(capsysbinary, "tasks-without-primary", "--data", str(exports), "--param",
                       "notice=jining-2023", "--format", "json")
    assert code == 0
    numbers = [int(b["number"]["value"]) for b in json.loads(out)["results"]["bindings"]]
    assert numbers == [87, 88, 89]
    code, out, _ = run(capsysbinary, "notices", "--data", str(exports), "--format", "tsv")
    assert code == 0 and out.splitlines()[0].startswith("?source\t")


def test_table(capsysbinary: pytest.CaptureFixture[bytes], exports: Path) -> None:
    code, out, _ = run(capsysbinary, "unit-tasks", "--data", str(exports), "--param", "unit=区委组织部")
    assert code == 0
    assert out.rstrip().endswith("(3 rows)")


def test_rdflib_engine(capsysbinary: pytest.CaptureFixture[bytes], exports: Path) -> None:
    code, out, _ = run(capsysbinary, "unit-tasks", "--data", str(exports), "--param", "unit=区委组织部",
                       "--engine", "rdflib", "--format", "tsv")
    assert code == 0 and out.splitlines()[0].startswith("?source\t?kind")
    assert [line.split("\t")[2].split("^^")[0] for line in out.splitlines()[1:]] == ['"5"', '"22"', '"69"']


def test_a_file(capsysbinary: pytest.CaptureFixture[bytes], exports: Path, tmp_path: Path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text("PREFIX pkg: <https://policykg.example.org/ontology/policykg#>\n"
                    "SELECT (COUNT(*) AS ?n) WHERE { ?t a pkg:Task ; pkg:inNotice ?x }", encoding="utf-8")
    code, out, _ = run(capsysbinary, str(path), "--data", str(exports), "--format", "csv")
    assert code == 0 and out.split() == ["n", "283"]  # 81 + 32 + 89 + 81 tasks


def test_list(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, _ = run(capsysbinary, "--list")
    assert code == 0 and "unit-ranking:" in out and "--param unit=" in out


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["unit-tasks"], 3, "needs the parameter(s) unit"),
    (["nope"], 3, "[E402] no query named 'nope'"),
    (["unit-tasks", "--param", "unit"], 3, "bad --param"),
    (["notices", "--data", "/nonexistent/exports"], 2, "[E401]"),
    ([], 3, "name a query"),
])
def test_errors(capsysbinary: pytest.CaptureFixture[bytes], exports: Path, argv: list[str], code: int,
                message: str) -> None:
    if "--data" not in argv:
        argv = [*argv, "--data", str(exports)]
    got, _, err = run(capsysbinary, *argv)
    assert got == code
    assert message in err


def test_syntax_error(capsysbinary: pytest.CaptureFixture[bytes], exports: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text("SELECT ?x WHERE { ?x ", encoding="utf-8")
    code, _, err = run(capsysbinary, str(path), "--data", str(exports))
    assert code == 3 and "[E403]" in err
