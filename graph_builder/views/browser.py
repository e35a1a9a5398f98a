"""Open a page in the system's headless Chromium and report what happened — standard library only.

The DevTools protocol is spoken over ``--remote-debugging-pipe`` (NUL-separated JSON
on file descriptors 3 and 4), so no port, no websocket package and no browser
download are needed: Debian's ``chromium`` (``scripts/setup-system.sh``) is enough.
Used by the browser tests of the views and by ``benchmarks/analysis_bench.py``.

:func:`open_page` loads a file and returns a :class:`PageReport`: every request the
page made, console errors and uncaught exceptions, dialogs (``alert``), the value
of a JavaScript expression once another becomes true, and a PNG screenshot.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import struct
import subprocess
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CHROMIUM_FLAGS", "find_chromium", "PageReport", "open_page", "png_colours"]

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars")


def find_chromium() -> str | None:
    """Path of the system Chromium, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass(slots=True)
class PageReport:
    """What happened while a page loaded."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    value: Any = None
    ready: bool = False
    load_seconds: float = 0.0
    screenshot: bytes = b""

    @property
    def external_requests(self) -> list[str]:
        """Requests to anything but ``file:``, ``data:``, ``blob:`` and ``about:`` URLs."""
        return [u for u in self.requests if not u.startswith(("file:", "data:", "blob:", "about:"))]


class _Pipe:
    def __init__(self, executable: str, profile: str, size: tuple[int, int]) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # move the child's ends out of the way of 3 and 4, then dup2 them there in the child
        child_in = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
        child_out = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
        os.close(to_child_r)
        os.close(from_child_w)

        def wire() -> None:  # runs in the child between fork and exec
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        args = [executable, *CHROMIUM_FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}",
                f"--window-size={size[0]},{size[1]}", "about:blank"]
        self.proc = subprocess.Popen(args, preexec_fn=wire, close_fds=False, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(child_in)
        os.close(child_out)
        self._next = 0
        self._lock = threading.Condition()
        self._responses: dict[int, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_child, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._lock:
                    self._responses[-1] = {"error": "browser closed the pipe"}
                    self._lock.notify_all()
                return
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            with self._lock:
                for raw in messages:
                    message = json.loads(raw)
                    if "id" in message:
                        self._responses[message["id"]] = message
                    else:
                        self.events.append(message)
                self._lock.notify_all()

    def call(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None,
             timeout: float = 60.0) -> dict[str, Any]:
        with self._lock:
            self._next += 1
            ident = self._next
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        with self._lock:
            while ident not in self._responses:
                if -1 in self._responses:
                    raise RuntimeError(f"chromium exited while waiting for {method}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no answer to {method} in {timeout} s")
                self._lock.wait(left)
            response = self._responses.pop(ident)
        if "error" in response:
            raise RuntimeError(f"{method}: {response['error']}")
        return dict(response.get("result", {}))

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=5)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass


def open_page(path: str | Path, *, ready: str = "true", value: str = "null", timeout: float = 60.0,
              size: tuple[int, int] = (1280, 900), executable: str | None = None,
              before_screenshot: str | None = None) -> PageReport:
    """Load ``path`` in headless Chromium; wait until the JS expression ``ready`` is true (or ``timeout``).

    Then evaluate ``value`` (its JSON value goes to :attr:`PageReport.value`), run the
    optional ``before_screenshot`` expression, and take a screenshot.
    """
    chromium = executable or find_chromium()
    if chromium is None:
        raise FileNotFoundError("[E403] chromium not found — install Debian's chromium (scripts/setup-system.sh)")
    url = Path(path).resolve().as_uri()
    report = PageReport()
    with tempfile.TemporaryDirectory(prefix="policykg-chromium-") as profile:
        pipe = _Pipe(chromium, profile, size)
        try:
            target = pipe.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = pipe.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Runtime", "Log", "Network", "Page"):
                pipe.call(f"{domain}.enable", session=session)
            pipe.call("Emulation.setDeviceMetricsOverride", {"width": size[0], "height": size[1],
                                                            "deviceScaleFactor": 1, "mobile": False},
                      session=session)
            started = time.monotonic()
            pipe.call("Page.navigate", {"url": url}, session=session)
            deadline = started + timeout
            while time.monotonic() < deadline:
                result = pipe.call("Runtime.evaluate", {"expression": f"!!({ready})", "returnByValue": True},
                                   session=session)
                if result.get("result", {}).get("value") is True:
                    report.ready = True
                    break
                time.sleep(0.1)
            report.load_seconds = time.monotonic() - started
            result = pipe.call("Runtime.evaluate", {"expression": f"JSON.stringify({value})",
                                                    "returnByValue": True}, session=session)
            raw = result.get("result", {}).get("value")
            report.value = json.loads(raw) if isinstance(raw, str) else None
            if before_screenshot:
                pipe.call("Runtime.evaluate", {"expression": before_screenshot, "awaitPromise": True},
                          session=session)
                time.sleep(0.5)
            shot = pipe.call("Page.captureScreenshot", {"format": "png"}, session=session)
            report.screenshot = base64.b64decode(shot["data"])
        finally:
            pipe.close()
        for event in pipe.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Network.requestWillBeSent":
                report.requests.append(params["request"]["url"])
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                report.console_errors.append(str(details.get("exception", {}).get("description")
                                                 or details.get("text")))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                report.console_errors.append(" ".join(str(a.get("value", a.get("description")))
                                                      for a in params.get("args", [])))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                report.console_errors.append(params["entry"].get("text", ""))
            elif method == "Page.javascriptDialogOpening":
                report.dialogs.append(params.get("message", ""))
    return report


def png_colours(png: bytes, *, limit: int = 1000) -> int:
    """Number of distinct colours of an 8-bit RGB or RGBA PNG (counting stops at ``limit``).

    >>> import zlib, struct
    >>> def chunk(kind, data):
    ...     return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    >>> rows = b"\\0" + b"\\xff\\0\\0" + b"\\0\\0\\xff"
    >>> png = (b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0))
    ...        + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    >>> png_colours(png)
    2
    """
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        data = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack(">IIBB", data[:10])
            if depth != 8 or colour_type not in (2, 6) or data[12] != 0:
                raise ValueError("only 8-bit, non-interlaced RGB/RGBA PNGs are read")
            channels = 3 if colour_type == 2 else 4
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                upper_left = previous[i - channels] if i >= channels else 0
                p = left + up - upper_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else upper_left)) & 0xFF
        previous = line
        step = channels * (7 if width > 100 else 1)  # a sparse sample is enough to tell blank from drawn
        for x in range(0, stride, step):
            colours.add(bytes(line[x:x + 3]))
        if len(colours) >= limit:
            break
    return len(colours)
