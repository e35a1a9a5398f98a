"""``policykg build``: exit codes, bad files, atomic writes."""

from __future__ import annotations

from pathlib import Path

from graph_builder.cli import main
from graph_builder.errors import EXIT_INPUT, EXIT_USAGE

ROOT = Path(__file__).resolve().parents[2]
YANZHOU = ROOT / "data" / "notices" / "yanzhou-2023.txt"


def test_bad_file_is_reported_and_the_others_built(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    out = tmp_path / "out"
    assert main(["build", str(bad), str(YANZHOU), "-o", str(out), "--no-shacl"]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "empty.txt" in err and "[E102]" in err
    assert (out / "policykg.ttl").exists()
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]  # no temporary file left


def test_bad_base_iri_is_a_usage_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["build", str(YANZHOU), "-o", str(tmp_path), "--base-iri", "nope"]) == EXIT_USAGE
    assert "[E301]" in capsys.readouterr().err


def test_base_iri_option_changes_the_iris(tmp_path: Path) -> None:
    assert main(["build", str(YANZHOU), "-o", str(tmp_path), "--no-shacl", "--format", "nquads",
                 "--base-iri", "https://example.org/kg/"]) == 0
    assert "<https://example.org/kg/notice/yanzhou-2023>" in (tmp_path / "policykg.nq").read_text(encoding="utf-8")
