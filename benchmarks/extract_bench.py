"""Extraction throughput: ``annotate`` (indicators, projects, regions of every task and the headline
indicators) on the sample notices and on a synthetic corpus, beside the spaCy ``Doc`` path.

Usage: python benchmarks/extract_bench.py [--notices 30] [--repeat 3] [--work DIR]

The synthetic corpus is ``benchmarks/generate_corpus.py DIR --notices N`` (seed 7), generated into
``--work`` unless it is there already.  Parsing and reading are not timed.  Times are CPU time of this
process (``time.process_time``), the best of ``--repeat`` runs, after one warm-up notice; the pipeline
is built before timing.  Two rows per corpus:

* ``annotate`` — what the build runs (``graph_builder.extract.annotate.annotate``): the components'
  matchers on each task's normalised text, no ``Doc``;
* ``nlp(text) per task`` — the same texts through the full spaCy pipeline (one ``Doc`` per task and per
  headline sentence, records read off ``doc._``), which is what ``annotate`` ran before; the ratio
  of the two is printed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from graph_builder.parse import parse_path
from graph_builder.parse.records import Notice
from graph_builder.read import read_path

ROOT = Path(__file__).resolve().parent.parent


def _doc_path(notice: Notice, source: str) -> None:
    """Every task and headline sentence through ``nlp(text)`` (records read, nothing stored)."""
    from graph_builder.extract.components import INDICATORS_ATTR, PROJECTS_ATTR, REGIONS_ATTR
    from graph_builder.extract.pipeline import _headline_spans, get_pipeline

    nlp = get_pipeline()
    texts = [source[t.span.start:t.span.end] for t in notice.tasks]
    for target in notice.headline_targets:
        sentence = source[target.span.start:target.span.end]
        texts += [sentence[a:b] for a, b in _headline_spans(sentence)]
    for text in texts:
        doc = nlp(text)
        for attr in (INDICATORS_ATTR, PROJECTS_ATTR, REGIONS_ATTR):
            doc._.get(attr)


def _best(run: Callable[[], None], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        run()
        best = min(best, time.process_time() - t0)
    return best


def bench(label: str, files: list[Path], repeat: int) -> None:
    from graph_builder.extract.annotate import annotate
    from graph_builder.extract.pipeline import get_pipeline

    get_pipeline()
    corpus = [(parse_path(f), read_path(f).text) for f in files]
    kb = sum(f.stat().st_size for f in files) / 1000
    chars = sum(len(text) for _, text in corpus)
    tasks = sum(len(n.tasks) for n, _ in corpus)
    annotate(*corpus[0])  # warm-up
    print(f"== {label}: {len(files)} notices, {kb:,.0f} KB ({kb / len(files):.0f} KB a notice), {chars:,} characters, "
          f"{tasks:,} tasks ==")
    rows = [("annotate", lambda: [annotate(n, t) for n, t in corpus]),
            ("nlp(text) per task", lambda: [_doc_path(n, t) for n, t in corpus])]
    times = {}
    for name, run in rows:
        s = times[name] = _best(run, repeat)
        print(f"{name:<20} {s:7.2f} s  {s / len(files) * 1000:6.1f} ms/notice  {s / kb * 40_000:6.1f} ms per 40 KB  "
              f"{tasks / s:8,.0f} tasks/s  {kb / s:7,.0f} KB/s")
    print(f"annotate is {times['nlp(text) per task'] / times['annotate']:.1f}x the Doc path")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--notices", type=int, default=30, help="synthetic notices (default 30)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", type=Path, default=Path("/tmp/policykg-extract-bench"))
    args = ap.parse_args()

    corpus = args.work / f"c{args.notices}"
    if len(list(corpus.glob("*.txt"))) != args.notices:
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_corpus.py"), str(corpus),
                        "--notices", str(args.notices)], check=True, capture_output=True)
    print(f"best of {args.repeat} runs, CPU time of one process")
    bench("sample notices (data/notices)", sorted((ROOT / "data" / "notices").glob("*.txt")), args.repeat)
    bench(f"synthetic corpus (generate_corpus.py --notices {args.notices}, seed 7)", sorted(corpus.glob("*.txt")),
          args.repeat)


if __name__ == "__main__":
    main()
