"""Read a file into text: the first stage of the flow (read → parse → resolve → triples).

Readers are registered by file suffix (:data:`READERS`); each returns a
:class:`SourceText` whose ``text`` is what every character offset in the later
records refers to.

Plain text (``.txt``, ``.md``) is decoded here; Word (:mod:`~graph_builder.read.word`),
PDF (:mod:`~graph_builder.read.pdf`) and web pages (:mod:`~graph_builder.read.web`)
have modules of their own, which import their parsers (python-docx, pdfplumber,
BeautifulSoup) only when a file of that type is read.

>>> sorted(READERS)
['.doc', '.docx', '.htm', '.html', '.markdown', '.md', '.pdf', '.shtml', '.text', '.txt', '.xhtml']
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graph_builder.errors import InputError

__all__ = ["SourceText", "READERS", "register_reader", "read_path", "decode_bytes", "supported_suffixes"]


@dataclass(slots=True)
class SourceText:
    """Decoded text of one input file.

    ``bold`` lists ``(start, end)`` character ranges that the source format marks
    as bold (e.g. runs of a .docx); Markdown ``**bold**`` in plain text is found
    later by the cleaner, because notices converted to text keep it as markup.
    """

    path: str
    text: str
    encoding: str
    sha256: str
    bold: list[tuple[int, int]] = field(default_factory=list)


Reader = Callable[[Path, bytes], SourceText]
READERS: dict[str, Reader] = {}


def register_reader(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register a reader function for the given file suffixes (lower case, with the dot)."""

    def decorate(func: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix.lower()] = func
        return func

    return decorate


def supported_suffixes() -> list[str]:
    return sorted(READERS)


# Encodings tried, in order, after BOM detection.  GB18030 is a superset of GBK and GB2312.
_FALLBACKS = ("utf-8", "gb18030")


def decode_bytes(data: bytes, *, path: str = "<bytes>") -> tuple[str, str]:
    """Decode the bytes of a text notice; return ``(text, encoding)``.

    UTF-8 (with or without BOM), UTF-16 (with BOM, or BOM-less with the NUL
    pattern of CJK/ASCII text) and GB18030/GBK are recognised.

    >>> decode_bytes("通知".encode("gbk"))
    ('通知', 'gb18030')
    >>> decode_bytes(b"\\xef\\xbb\\xbf" + "通知".encode())
    ('通知', 'utf-8-sig')
    """
    if not data.strip():
        raise InputError("E102", "the file is empty", path=path, fix="check that the download or conversion finished")
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", path), "utf-16"
    if b"\x00" in data:
        guess = _guess_utf16(data)
        if guess:
            return _strict(data, guess, path), guess
        raise InputError("E103", "binary file (NUL bytes): not a text notice", path=path,
                         fix="convert it to text, or use a supported format (" + ", ".join(supported_suffixes()) + ")")
    candidates: list[tuple[str, str]] = []
    for encoding in _FALLBACKS:
        try:
            candidates.append((data.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
    # Short GBK text can also be valid UTF-8 (b"\xcd\xa8" is U+0368): prefer the decoding that
    # reads as Chinese; UTF-8 wins when both do, or when neither does but UTF-8 is valid.
    for text, encoding in candidates:
        if _looks_chinese(text):
            return text, encoding
    if candidates and candidates[0][1] == "utf-8":
        return candidates[0]
    # Report where UTF-8 decoding first failed: that is where a user can look.
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("E103", f"undecodable bytes at byte {exc.start} (not UTF-8, UTF-16 or GB18030 text)",
                         path=path, line=line, fix="re-save the file as UTF-8") from None
    raise AssertionError("unreachable")  # pragma: no cover


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise InputError("E103", f"undecodable {encoding} bytes at byte {exc.start}", path=path,
                         fix="re-save the file as UTF-8") from None


def _guess_utf16(data: bytes) -> str | None:
    sample = data[:4000]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    # ASCII characters (newlines, digits, punctuation) give NULs in one half only.
    if odd_nuls > 0.1 * half and even_nuls < 0.02 * half:
        return "utf-16-le"
    if even_nuls > 0.1 * half and odd_nuls < 0.02 * half:
        return "utf-16-be"
    return None


_HAN = re.compile("[\u4e00-\u9fff]")


def _looks_chinese(text: str) -> bool:
    """GB18030 decodes almost any bytes: accept it only when the Han characters are common ones (GB2312).

    >>> _looks_chinese("关于分解落实政府工作报告任务目标的通知"), _looks_chinese("蛻蛼蛽蛾蛿")
    (True, False)
    """
    han = "".join(_HAN.findall(text, 0, 5000))
    if len(han) < max(2, len(text[:5000]) // 20):
        return False
    # one encode of the Han characters: each outside GB2312 becomes "?" (36 ms a notice, one by one)
    uncommon = han.encode("gb2312", errors="replace").count(b"?")
    return len(han) - uncommon >= 0.9 * len(han)


@register_reader(".txt", ".text", ".md", ".markdown")
def read_text(path: Path, data: bytes) -> SourceText:
    text, encoding = decode_bytes(data, path=str(path))
    return SourceText(path=str(path), text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest())


def read_path(path: str | Path) -> SourceText:
    """Read one file with the reader registered for its suffix.

    Raises :class:`~graph_builder.errors.InputError` with a stable code on every failure.
    """
    p = Path(path)
    reader = READERS.get(p.suffix.lower())
    if reader is None:
        raise InputError("E104", f"unsupported file type {p.suffix or '(no suffix)'!r}", path=str(path),
                         fix="supported: " + ", ".join(supported_suffixes()))
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("E101", "no such file", path=str(path), fix="check the path") from None
    except IsADirectoryError:
        raise InputError("E101", "is a directory", path=str(path), fix="pass files, or a folder to `build`") from None
    except OSError as exc:
        raise InputError("E101", f"cannot read the file ({exc.strerror})", path=str(path)) from None
    return reader(p, data)


def _lazy(module: str, name: str) -> Reader:
    """A reader that imports its module on first use (the module then registers the real function)."""

    def reader(path: Path, data: bytes) -> SourceText:
        func: Reader = getattr(importlib.import_module(module), name)
        return func(path, data)

    reader.__name__ = reader.__qualname__ = name
    return reader


# Readers of other formats, by module: imported only when a file of that type is read.
for _module, _name, _suffixes in (
    ("graph_builder.read.word", "read_docx", (".docx",)),
    ("graph_builder.read.word", "read_doc", (".doc",)),
    ("graph_builder.read.pdf", "read_pdf", (".pdf",)),
    ("graph_builder.read.web", "read_html", (".html", ".htm", ".shtml", ".xhtml")),
):
    for _suffix in _suffixes:
        READERS.setdefault(_suffix, _lazy(_module, _name))
