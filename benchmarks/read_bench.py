"""Files per second per input format on the sample corpus, and the cost of the batch worker process.

Usage: python benchmarks/read_bench.py [--repeat N]

The 4 sample notices (data/notices/*.txt) are rendered to DOCX, PDF and a web page as in tests/read
(render.py: python-docx, reportlab with the WenQuanYi Zen Hei face, an article page with navigation), then
each format is read (``read_path``) and read + parsed (``parse_path``), one core.  The last lines compare
``policykg parse`` batches in the calling process (``--timeout 0``) and in the worker process that enforces
the per-file time limit.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph_builder.commands.parse import parse_batch  # noqa: E402
from graph_builder.parse import parse_path  # noqa: E402
from graph_builder.read import read_path  # noqa: E402
from tests.read.render import hei_font, to_docx, to_html, to_pdf  # noqa: E402


def render(out: Path) -> dict[str, list[Path]]:
    files: dict[str, list[Path]] = {"txt": [], "docx": [], "pdf": [], "html": []}
    for src in sorted((ROOT / "data" / "notices").glob("*.txt")):
        text = src.read_text(encoding="utf-8")
        files["txt"].append(src)
        files["docx"].append(to_docx(text, out / f"{src.stem}.docx"))
        if hei_font():
            files["pdf"].append(to_pdf(text, out / f"{src.stem}.pdf", running_head="规范性文件"))
        lines = text.splitlines()
        files["html"].append(to_html("\n".join(lines[1:]), out / f"{src.stem}.html", title=lines[0], info=""))
    return files


def timed(func: object, paths: list[Path], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for p in paths:
            func(p)  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = render(Path(tmp))
        for paths in files.values():  # warm up: the first file of a format pays for its imports
            if paths:
                parse_path(paths[0])
        print(f"sample corpus: {len(files['txt'])} notices; median of {args.repeat} runs, 1 core")
        print(f"{'format':<6} {'files':>5} {'MB':>7} {'pages':>5}  {'read files/s':>12}  {'read+parse files/s':>18}")
        for fmt, paths in files.items():
            if not paths:
                print(f"{fmt:<6} skipped (no CJK font to render PDFs: install fonts-wqy-zenhei)")
                continue
            size = sum(p.stat().st_size for p in paths) / 1e6
            pages = ""
            if fmt == "pdf":
                import pdfplumber

                pages = str(sum(len(pdfplumber.open(p).pages) for p in paths))
            read_s = timed(read_path, paths, args.repeat)
            parse_s = timed(parse_path, paths, args.repeat)
            print(f"{fmt:<6} {len(paths):>5} {size:>7.3f} {pages:>5}  {len(paths) / read_s:>12.1f}  "
                  f"{len(paths) / parse_s:>18.1f}")
        txt = [str(p) for p in files["txt"]] * 10
        inproc = statistics.median(_batch(txt, None) for _ in range(args.repeat))
        worker = statistics.median(_batch(txt, 60.0) for _ in range(args.repeat))
        print(f"batch of {len(txt)} .txt files: in process {inproc * 1000 / len(txt):.1f} ms/file, "
              f"with the worker process (time limit) {worker * 1000 / len(txt):.1f} ms/file "
              f"(+{(worker - inproc) * 1000 / len(txt):.1f} ms/file, including one fork)")


def _batch(paths: list[str], timeout: float | None) -> float:
    t0 = time.perf_counter()
    batch = parse_batch(paths, timeout=timeout)
    assert not batch.errors
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
