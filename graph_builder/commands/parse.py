"""``policykg parse FILE|DIR... [--json]``: parse notices and print their records or a summary table.

Batches are robust: every file is read and parsed in a worker process under a
time limit (``--timeout``, default :data:`DEFAULT_TIMEOUT` s), so a file that
makes a reader hang or crash costs that file only (errors E107, E111); the
worker is restarted and the batch goes on.  The worker is one long-lived
process (forked once, restarted only after a time-out or a crash); sending the
records back (pickled) costs about 20–40 ms per file, which matters for .txt
notices only (README, "Figures");
``--timeout 0`` parses in the calling process, without a limit.  A time limit
by ``signal.alarm`` was not chosen: it cannot interrupt C code (a regular
expression, lxml, a zip inflater), which is where a hostile file would hang.

Folders are expanded to the supported files under them (sorted); other files
there are skipped and counted in the summary, with the reason.  A progress bar
is drawn on stderr when stderr is a terminal (or with ``--progress``).
"""

from __future__ import annotations

import argparse
import functools
import json
import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, TextIO

from graph_builder.errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, InputError, InternalError, PolicyKGError
from graph_builder.parse import parse_path
from graph_builder.parse.records import Notice
from graph_builder.read import supported_suffixes

__all__ = ["configure", "run", "expand_inputs", "scan_inputs", "parse_many", "parse_batch", "map_files", "Batch",
           "Skipped",
           "DEFAULT_TIMEOUT"]

DEFAULT_TIMEOUT = 60.0  # seconds for one file (read + parse); a 100-page PDF takes about 10 s


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="FILE", help="notice files, or folders of them")
    parser.add_argument("--json", action="store_true", help='print {"notices": [...], "summary": {...}} as JSON')
    parser.add_argument("--indent", type=int, default=0,
                        help="JSON indentation (default 0: one notice per line, written 4-5x faster)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"time limit for one file (default {DEFAULT_TIMEOUT:g}; 0: no limit, no worker process)")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes parsing files at once (default: the number of cores)")
    parser.add_argument("--no-extract", action="store_true",
                        help="with --json: skip the spaCy extraction of indicators, projects and regions")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="progress bar on stderr (default: when stderr is a terminal)")
    parser.add_argument("--debug", action="store_true",
                        help="with --timeout 0: show the traceback of an internal error")


# ----------------------------------------------------------------------------- inputs


@dataclass(slots=True, frozen=True)
class Skipped:
    """A file found in a folder and not parsed, with the reason (shown in the summary)."""

    path: str
    reason: str


def scan_inputs(inputs: list[str]) -> tuple[list[str], list[Skipped]]:
    """Files as given, and the supported files under each folder (sorted, so runs are repeatable).

    Files named on the command line are always kept (an unsupported one is error E104); in folders,
    unsupported types, README files, Word lock files (``~$…``) and hidden files are skipped.
    """
    out: list[str] = []
    skipped: list[Skipped] = []
    suffixes = set(supported_suffixes())
    for item in inputs:
        p = Path(item)
        if not p.is_dir():
            out.append(item)
            continue
        for f in sorted(p.rglob("*")):
            if not f.is_file():
                continue
            rel = f.relative_to(p)
            if any(part.startswith(".") for part in rel.parts):
                skipped.append(Skipped(str(f), "hidden file"))
            elif f.name.startswith("~$"):
                skipped.append(Skipped(str(f), "Word lock file"))
            elif f.name.lower().startswith("readme"):
                skipped.append(Skipped(str(f), "README (documents the folder)"))
            elif f.suffix.lower() not in suffixes:
                skipped.append(Skipped(str(f), f"unsupported type {f.suffix.lower() or '(no suffix)'}"))
            else:
                out.append(str(f))
    return list(dict.fromkeys(out)), skipped


def expand_inputs(inputs: list[str]) -> list[str]:
    """The files :func:`scan_inputs` keeps."""
    return scan_inputs(inputs)[0]


# ----------------------------------------------------------------------------- the worker process


def _parse_one(path: str, extract: bool) -> Notice:
    if not extract:
        return parse_path(path)
    from graph_builder.extract.annotate import annotate
    from graph_builder.parse import parse_source
    from graph_builder.read import read_path

    source = read_path(path)  # read once (parse_path would read it again)
    notice = parse_source(source, path)
    annotate(notice, source.text)
    return notice


@dataclass(frozen=True, slots=True)
class NoticeJSON:
    """A notice as one line of ``policykg parse --json`` (made in the worker: a string pickles back in
    microseconds, the records of a notice in 20-40 ms, and the parent's encoding would be serial)."""

    source: str
    line: str


def notice_json(path: str, *, extract: bool) -> NoticeJSON:
    """:func:`_parse_one`, as the JSON line of :func:`batch_lines`."""
    return NoticeJSON(path, json.dumps(_parse_one(path, extract).to_json(), ensure_ascii=False))


def _serve(conn: Connection, nice: int = 0) -> None:
    """Worker loop: receive ``(path, extract)``, send back ``("ok", Notice)``, ``("input", fields)`` or ``("bug", text)``.

    ``extract`` may also be a callable (a module-level function or a :func:`functools.partial` of one):
    then the worker sends back ``extract(path)`` (:func:`map_files`).  ``nice`` is added to the process's niceness.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if nice:
        os.nice(nice)
    while True:
        try:
            path, extract = conn.recv()
        except (EOFError, OSError):
            return
        reply: tuple[str, Any]
        try:
            reply = ("ok", extract(path) if callable(extract) else _parse_one(path, extract))
        except InputError as exc:
            reply = ("input", (exc.code, exc.cause, exc.path, exc.line, exc.column, exc.fix))
        except Exception as exc:  # noqa: BLE001 - a bug: reported for this file, the batch goes on
            reply = ("bug", f"{exc!r}\n{traceback.format_exc()}")
        try:
            conn.send(reply)
        except Exception as exc:  # noqa: BLE001 - e.g. records that cannot be pickled
            conn.send(("bug", f"cannot send the records back: {exc!r}"))


class _Worker:
    """One worker process, restarted after a time-out or a crash."""

    def __init__(self, nice: int = 0) -> None:
        methods = multiprocessing.get_all_start_methods()
        ctx: Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, nice), daemon=True, name="policykg-parse")
        self.proc.start()
        child.close()

    def submit(self, path: str, *, extract: bool | Callable[[str], Any] = False) -> None:
        self.conn.send((path, extract))

    def timed_out(self, path: str, timeout: float) -> InputError:
        self.stop()
        return InputError("E107", f"timed out after {timeout:g} s", path=path,
                          fix="the file may be corrupt or very large; raise the limit with --timeout SECONDS")

    def parse(self, path: str, timeout: float, *, extract: bool = False) -> Notice:
        self.submit(path, extract=extract)
        if not self.conn.poll(timeout):
            raise self.timed_out(path, timeout)
        return self.result(path)

    def result(self, path: str) -> Any:
        """The reply to the file submitted last (call when the connection is readable)."""
        try:
            kind, payload = self.conn.recv()
        except (EOFError, OSError):
            self.proc.join(5)
            status = self.proc.exitcode
            self.stop()
            how = (f"killed by signal {signal.Signals(-status).name}" if status is not None and status < 0
                   else f"exit status {status}")
            raise InputError("E111", f"the reader crashed on this file ({how})", path=path,
                             fix="the file is probably corrupt: open it and save it again") from None
        if kind == "ok":
            return payload
        if kind == "input":
            code, cause, where, line, column, fix = payload
            raise InputError(code, cause, path=where, line=line, column=column, fix=fix)
        raise InternalError(f"internal error: {payload.splitlines()[0]}", path=path,
                            fix="please report it with this file (--timeout 0 --debug shows the traceback)")

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


# ----------------------------------------------------------------------------- progress bar


class _Progress:
    """``parse  42% [########            ] 21/50  3.2 s  notice.pdf`` on one line of stderr."""

    def __init__(self, total: int, stream: TextIO, *, enabled: bool, label: str = "parse") -> None:
        self.total, self.stream, self.enabled = total, stream, enabled and total > 0
        self.label = label
        self.start = time.perf_counter()
        self.drawn = False

    def show(self, done: int, name: str) -> None:
        if not self.enabled:
            return
        width = 24
        filled = width * done // self.total
        line = (f"{self.label} {100 * done // self.total:3d}% [{'#' * filled}{' ' * (width - filled)}] {done}/{self.total}"
                f"  {time.perf_counter() - self.start:.1f} s  {name}")
        self.stream.write("\r" + line[:100].ljust(100))
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()
            self.drawn = False


# ----------------------------------------------------------------------------- the batch


@dataclass(slots=True)
class Batch:
    """What a batch run did: the notices, the errors (one per failed file), the files skipped."""

    notices: list[Any] = field(default_factory=list)  # Notice records (NoticeJSON lines for parse --json)
    errors: list[PolicyKGError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        """A JSON-ready summary: counts by file type, errors by code, skipped files with their reason."""
        return {
            "files": len(self.notices) + len(self.errors),
            "parsed": len(self.notices),
            "parsed_by_type": dict(sorted(Counter(Path(n.source).suffix.lower() for n in self.notices).items())),
            "failed": [{"source": e.path, "code": e.code, "message": str(e)} for e in self.errors],
            "skipped": [{"source": s.path, "reason": s.reason} for s in self.skipped],
        }

    def summary_text(self) -> str:
        """One line: parsed, failed by code, skipped by reason, and the time taken."""
        s = self.summary()
        types = ", ".join(f"{n} {t or '(no suffix)'}" for t, n in s["parsed_by_type"].items())
        text = f"parsed {s['parsed']} of {s['files']} files" + (f" ({types})" if types else "")
        if self.errors:
            codes = Counter(e.code for e in self.errors)
            text += f"; {len(self.errors)} failed (" + ", ".join(f"{c} ×{n}" for c, n in sorted(codes.items())) + ")"
        if self.skipped:
            reasons = Counter(x.reason for x in self.skipped)
            text += f"; {len(self.skipped)} skipped (" + ", ".join(f"{r} ×{n}" for r, n in sorted(reasons.items())) + ")"
        return text + f"; {self.seconds:.1f} s"


def parse_batch(paths: list[str], *, timeout: float | None = DEFAULT_TIMEOUT, progress: bool = False,
                stderr: TextIO | None = None, jobs: int = 1, extract: bool = False,
                work: Callable[[str], Any] | None = None) -> Batch:
    """Parse every file; a bad file is reported (one line on stderr) and the others still go through.

    ``timeout`` (seconds per file) runs each parse in worker processes, ``jobs`` of them at once;
    ``None`` or ``0`` parses here, one file after the other.  ``extract`` also runs the spaCy
    extraction (:func:`graph_builder.extract.annotate.annotate`) on each notice, in the workers.
    ``work`` replaces the parse (e.g. :func:`notice_json`; :func:`map_files` says what it may be).
    Notices come back in the order of ``paths`` whatever order the workers finish in.
    """
    batch = Batch()
    t0 = time.perf_counter()
    for outcome in map_files(paths, work or extract, timeout=timeout, progress=progress, stderr=stderr, jobs=jobs):
        if isinstance(outcome, PolicyKGError):
            batch.errors.append(outcome)
        else:
            batch.notices.append(outcome)
    batch.seconds = time.perf_counter() - t0
    return batch


def map_files(paths: list[str], work: bool | Callable[[str], Any], *, timeout: float | None = DEFAULT_TIMEOUT,
              progress: bool = False, stderr: TextIO | None = None, jobs: int = 1,
              label: str = "parse", on_result: Callable[[Any], object] | None = None, nice: int = 0) -> list[Any]:
    """``work(path)`` for every file, in ``jobs`` worker processes under the time limit, in the order of ``paths``.

    ``work`` is a picklable callable (a module-level function, or a :func:`functools.partial` of one), or a
    bool: parse the file (and run the extraction when true).  A file whose work fails gives its
    :class:`~graph_builder.errors.PolicyKGError` in its place (reported on stderr); the others go on.
    ``on_result`` is called with each result as it comes, in the order the workers finish.  ``nice`` lowers the
    workers' priority (a niceness increment), so that work this process does beside them goes first.
    """
    err = stderr or sys.stderr
    bar = _Progress(len(paths), err, enabled=progress, label=label)
    results: list[Any] = [None] * len(paths)
    done = [False] * len(paths)

    def record(i: int, outcome: Any) -> None:
        results[i] = outcome
        done[i] = True
        if on_result is not None:
            on_result(outcome)
        if isinstance(outcome, PolicyKGError):
            bar.clear()
            print(f"policykg: {outcome}", file=err)
        bar.show(sum(done), Path(paths[i]).name)

    try:
        if timeout:
            _run_workers(paths, timeout, max(1, min(jobs, len(paths))), work, record, nice)
        else:
            for i, path in enumerate(paths):
                try:
                    record(i, work(path) if callable(work) else _parse_one(path, work))
                except PolicyKGError as exc:
                    record(i, exc)
    finally:
        bar.clear()
    return results


def _run_workers(paths: list[str], timeout: float, jobs: int, extract: bool | Callable[[str], Any],
                 record: Callable[[int, Any], None], nice: int = 0) -> None:
    """Hand the files to ``jobs`` workers; a worker that times out or crashes is replaced."""
    workers = [_Worker(nice) for _ in range(jobs)]
    busy: dict[int, tuple[int, float]] = {}  # worker index -> (path index, start time)
    queue = iter(range(len(paths)))
    pending = len(paths)
    try:
        while pending:
            for w, worker in enumerate(workers):
                if w not in busy:
                    i = next(queue, None)
                    if i is None:
                        break
                    worker.submit(paths[i], extract=extract)
                    busy[w] = (i, time.perf_counter())
            deadline = min(start for _, start in busy.values()) + timeout
            ready = wait([workers[w].conn for w in busy], max(0.0, deadline - time.perf_counter()))
            now = time.perf_counter()
            for w, (i, start) in list(busy.items()):
                worker = workers[w]
                if worker.conn in ready:
                    outcome: Any
                    try:
                        outcome = worker.result(paths[i])
                    except PolicyKGError as exc:
                        outcome = exc
                        if exc.code == "E111":
                            workers[w] = _Worker(nice)
                elif now - start >= timeout:
                    outcome = worker.timed_out(paths[i], timeout)
                    workers[w] = _Worker(nice)
                else:
                    continue
                del busy[w]
                pending -= 1
                record(i, outcome)
    finally:
        for worker in workers:
            worker.stop()


def parse_many(paths: list[str], *, timeout: float | None = DEFAULT_TIMEOUT, progress: bool = False,
               jobs: int = 1) -> tuple[list[Notice], list[PolicyKGError]]:
    """:func:`parse_batch`, returning ``(notices, errors)``."""
    batch = parse_batch(paths, timeout=timeout, progress=progress, jobs=jobs)
    return batch.notices, batch.errors


def batch_lines(lines: list[str], summary: dict[str, Any]) -> str:
    """``{"notices": [...], "summary": {...}}`` as JSON text, one notice per line, of notices already encoded
    (one JSON line each, :func:`notice_json`).

    >>> print(batch_lines(['{"source": "a.txt"}', '{"source": "b.txt"}'], {"files": 2}), end="")
    {"notices": [
    {"source": "a.txt"},
    {"source": "b.txt"}
    ],
    "summary": {"files": 2}}
    """
    body = ",\n".join(lines)
    # one join: each ``+`` would copy the whole document again (tens of MB at 1,000 notices)
    return "".join(('{"notices": [\n', body, "\n" if body else "", '],\n"summary": ',
                    json.dumps(summary, ensure_ascii=False), "}\n"))


def run(args: argparse.Namespace) -> int:
    paths, skipped = scan_inputs(args.inputs)
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    extract = args.json and not args.no_extract
    if args.json and not args.indent:  # the workers encode: the records never come back
        work = functools.partial(notice_json, extract=extract)
        batch = parse_batch(paths, timeout=args.timeout or None, progress=progress, jobs=args.jobs, work=work)
    else:
        batch = parse_batch(paths, timeout=args.timeout or None, progress=progress, jobs=args.jobs,
                            extract=extract)
    batch.skipped = skipped
    if args.json and not args.indent:
        sys.stdout.write(batch_lines([n.line for n in batch.notices], batch.summary()))
    elif args.json:  # indented: json's Python encoder, here
        document = {"notices": [n.to_json() for n in batch.notices], "summary": batch.summary()}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=args.indent) + "\n")
    else:
        print(summary_table(batch.notices))
        print()
        print(batch.summary_text())
    if any(isinstance(e, InternalError) for e in batch.errors):
        return EXIT_INTERNAL
    return EXIT_INPUT if batch.errors else EXIT_OK


def summary_table(notices: list[Notice]) -> str:
    """One row per notice: tasks, sections, projects, leaders, units, assignments by role, warnings."""
    head = ("source", "jurisdiction", "date", "sections", "tasks", "projects", "leaders", "units",
            "primary", "assisting", "responsible", "warnings", "unparsed")
    rows = [head]
    for n in notices:
        units = [u for t in n.tasks for u in t.units] + [u for p in n.projects for i in p.items for u in i.units]
        leaders = {x.name for t in n.tasks for x in t.leaders} | {x.name for p in n.projects for i in p.items
                                                                   for x in i.leaders}
        roles = {r: sum(1 for u in units if u.role.value == r) for r in ("primary", "assisting", "responsible")}
        rows.append((Path(n.source).name, n.jurisdiction or "?", n.date or "?", str(len(n.sections)),
                     str(len(n.tasks)), str(len(n.projects)), str(len(leaders)), str(len({u.name for u in units})),
                     str(roles["primary"]), str(roles["assisting"]), str(roles["responsible"]),
                     str(len(n.warnings)), str(sum(1 for u in n.unparsed if u.kind == "body"))))
    widths = [max(_width(r[k]) for r in rows) for k in range(len(head))]
    lines = ["  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(r, widths, strict=True)).rstrip()
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"{Path(n.source).name}: [{w.code}] {w.message}" for n in notices for w in n.warnings]
    return "\n".join(lines + ([""] + notes if notes else []))


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)
