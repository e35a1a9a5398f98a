"""Files that cannot be read: each is one InputError with a stable code, naming the file, cause and fix."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from graph_builder.errors import InputError
from graph_builder.parse import parse_path
from graph_builder.read import read_path, word
from tests.read.render import hei_font, to_docx, to_pdf

SNIPPET = ("各镇人民政府：\n\n一、发展产业\n\n1.甲任务。(牵头领导:张锐。承办单位:**区财政局、**区税务局。黑体为主办单位,其他为协办单位,下同)\n"
           "2.乙任务。(牵头领导:张锐。承办单位:区商务局、**区工信局**)\n")


def _expect(path: Path, code: str, *words: str) -> InputError:
    with pytest.raises(InputError) as info:
        parse_path(path)
    err = info.value
    message = str(err)
    assert err.code == code, message
    assert message.startswith(str(path)) and f"[{code}]" in message and " — " in message and "\n" not in message
    for w in words:
        assert w in message
    return err


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("empty.docx", b"", "E102"),
        ("text.docx", "1.甲。(牵头单位:区财政局)".encode(), "E106"),  # not a zip
        ("cut.docx", b"PK\x03\x04" + b"\x00" * 40, "E106"),  # a truncated zip
        ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "E108"),  # OLE: encrypted or a .doc
        ("empty.pdf", b"", "E102"),
        ("page.pdf", b"<html><body>not a pdf</body></html>", "E106"),
        ("cut.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "E106"),
        ("blank.html", b"<html><body><script>var x=1;</script></body></html>", "E102"),
        ("plain.html", "没有标记的文本".encode(), "E106"),
    ],
)
def test_corrupt_files(tmp_path: Path, name: str, data: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    _expect(path, code)


def test_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    path = tmp_path / "sheet.docx"
    path.write_bytes(buf.getvalue())
    _expect(path, "E106", "word/document.xml")


def test_docx_with_broken_xml(tmp_path: Path) -> None:
    good = to_docx(SNIPPET, tmp_path / "good.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    path = tmp_path / "broken.docx"
    path.write_bytes(buf.getvalue())
    _expect(path, "E106", "corrupt .docx")


def test_encrypted_pdf(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "secret.pdf"
    c = canvas.Canvas(str(path), encrypt="secret")
    c.drawString(72, 720, "1. task")
    c.save()
    _expect(path, "E108", "password")


def test_scanned_pdf_needs_ocr(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(72, 72, 400, 600, fill=1)  # a page with ink but no text layer
    c.showPage()
    c.save()
    _expect(path, "E109", "OCR")


def test_doc_without_libreoffice_says_how(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(word.shutil, "which", lambda name: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    err = _expect(path, "E110", "libreoffice-writer", ".docx")
    assert err.fix is not None


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice is not installed (optional: apt-get install libreoffice-writer-nogui); "
                           "the error without it is tested above")
def test_doc_through_libreoffice(tmp_path: Path) -> None:  # pragma: no cover - needs LibreOffice
    import subprocess

    docx_path = to_docx(SNIPPET, tmp_path / "snippet.docx")
    exe = word.soffice()
    assert exe is not None
    subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "doc",
                    "--outdir", str(tmp_path), str(docx_path)], check=True, capture_output=True, timeout=120)
    n = parse_path(tmp_path / "snippet.doc")
    assert [(u.name, u.role.value) for u in n.tasks[0].units] == [("区财政局", "primary"), ("区税务局", "assisting")]


def test_unsupported_type_lists_the_supported(tmp_path: Path) -> None:
    path = tmp_path / "notice.wps"
    path.write_bytes(b"x")
    err = _expect(path, "E104")
    for suffix in (".docx", ".pdf", ".html", ".txt"):
        assert suffix in (err.fix or "")


def test_readers_of_small_files(tmp_path: Path) -> None:
    """The snippet in each format: bold hosts under the convention."""
    paths = [to_docx(SNIPPET, tmp_path / "s.docx")]
    if hei_font():
        paths.append(to_pdf(SNIPPET, tmp_path / "s.pdf"))
    for path in paths:
        n = parse_path(path)
        assert [(u.name, u.role.value) for u in n.tasks[1].units] == [("区商务局", "assisting"), ("区工信局", "primary")]
        assert read_path(path).sha256 != ""
