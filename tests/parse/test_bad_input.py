"""Bad input: one clear line naming the file and the cause, exit code 2, the rest of the batch still parsed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graph_builder.cli import main
from graph_builder.errors import EXIT_INPUT, EXIT_OK, EXIT_USAGE, InputError
from graph_builder.parse import parse_path
from graph_builder.read import decode_bytes

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "notices" / "yanzhou-2023.txt"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("empty.txt", b"", "E102"),
        ("blank.txt", b"  \n\n ", "E102"),
        ("binary.txt", bytes(range(256)) * 4, "E103"),
        ("latin.txt", "Grüße aus Köln, ça va? ".encode("latin-1") * 20, "E103"),
        ("notice.xls", b"\xd0\xcf\x11\xe0 a spreadsheet", "E104"),
        ("notice.pdf", b"%PDF-1.4", "E106"),  # a PDF cut off after its header
        ("essay.txt", "今天天气很好。我们去公园散步。".encode(), "E105"),
    ],
)
def test_bad_file_is_a_coded_input_error(tmp_path: Path, name: str, data: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        parse_path(path)
    assert info.value.code == code
    message = str(info.value)
    assert message.startswith(str(path)) and f"[{code}]" in message and "\n" not in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"E101.*no such file"):
        parse_path(tmp_path / "nope.txt")


def test_undecodable_bytes_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes("第一行\n第二行\n".encode() + b"\xff\xfe\xfd\x80abc" * 3 + b"\x00")
    with pytest.raises(InputError) as info:
        parse_path(path)
    assert info.value.code == "E103"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le"])
def test_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    path = tmp_path / f"yanzhou-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    n = parse_path(path)
    assert len(n.tasks) == 81
    assert [u.name for u in n.tasks[0].units][:2] == ["区工业和信息化局", "区发展和改革局"]


def test_decode_gb18030_without_bom() -> None:
    assert decode_bytes("牵头单位：县财政局".encode("gb18030")) == ("牵头单位：县财政局", "gb18030")


def test_batch_goes_on_after_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)))
    shutil.copy(SAMPLE, tmp_path / "yanzhou.txt")
    code = main(["parse", str(tmp_path / "empty.txt"), str(tmp_path / "yanzhou.txt"), str(tmp_path / "junk.txt"),
                 "--json"])
    out, err = capsys.readouterr()
    assert code == EXIT_INPUT
    data = json.loads(out)
    assert [Path(n["source"]).name for n in data["notices"]] == ["yanzhou.txt"]
    assert len(data["notices"][0]["tasks"]) == 81
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert "empty.txt" in lines[0] and "E102" in lines[0]
    assert "junk.txt" in lines[1] and "E103" in lines[1]


def test_folder_input_and_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SAMPLE.parent)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "yanzhou-2023.txt" in out and "jiaxiang-2023.txt" in out
    row = next(line for line in out.splitlines() if line.startswith("yanzhou-2023.txt"))
    assert row.split()[1:6] == ["兖州区", "2023-01-09", "9", "81", "0"]


def test_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SAMPLE), "--json"]) == EXIT_OK
    notice = json.loads(capsys.readouterr().out)["notices"][0]
    for key in ("source", "title", "doc_number", "issuer", "date", "jurisdiction", "level", "recipients",
                "sections", "tasks", "projects", "headline_targets", "warnings", "unparsed"):
        assert key in notice
    t12 = notice["tasks"][11]
    assert t12["number"] == 12 and t12["stated_number"] == 12 and t12["section"] == "三"
    assert t12["leaders"][0]["name"] == "张锐" and t12["leaders"][0]["collective"] is False
    assert t12["units"][0] == {**t12["units"][0], "name": "区工业和信息化局", "role": "responsible", "order": 1}
    assert set(t12["span"]) == {"start", "end"}


def test_usage_error_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse"]) == EXIT_USAGE
    assert main(["no-such-command"]) == EXIT_USAGE
