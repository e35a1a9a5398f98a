"""Coded errors and warnings.  Every message a user sees names the file, the place, the cause and the fix.

Exit codes of the ``policykg`` command (stable, documented in the README):

====  =====================================================================
0     everything asked for was done
1     the command ran, but reported a problem in the data (e.g. SHACL violations)
2     bad input: at least one file could not be read or is not a notice; the
      other files of the batch were still processed
3     usage error (bad arguments)
4     internal error (a bug: please report it with the file that caused it)
====  =====================================================================

Input error codes (``InputError.code``; the README's table says the same):

====  =====================================================================
E101  no such file / cannot read it
E102  the file is empty (or a page with no text)
E103  binary or undecodable text (not UTF-8, UTF-16 or GB18030)
E104  unsupported file type
E105  no task, section or annex table: not a notice of this genre
E106  corrupt or unreadable .docx / .pdf / .html / .doc
E107  timed out: reading and parsing one file took longer than the limit
E108  encrypted: the file needs a password
E109  a PDF without a text layer (a scan): needs OCR
E110  an old Word .doc, and LibreOffice (needed to convert it) is not installed
E111  the reader crashed on the file (the worker process died)
====  =====================================================================
"""

from __future__ import annotations

__all__ = [
    "EXIT_OK",
    "EXIT_DATA",
    "EXIT_INPUT",
    "EXIT_USAGE",
    "EXIT_INTERNAL",
    "PolicyKGError",
    "InputError",
    "InternalError",
    "Warnings",
]

EXIT_OK = 0
EXIT_DATA = 1
EXIT_INPUT = 2
EXIT_USAGE = 3
EXIT_INTERNAL = 4

DOCS = "see README.md, section 'Errors and exit codes'"


class PolicyKGError(Exception):
    """Base class: ``code`` is stable, ``str()`` is the one-line message shown to users."""

    code = "E000"

    def __init__(self, cause: str, *, path: str | None = None, line: int | None = None,
                 column: int | None = None, fix: str | None = None) -> None:
        self.cause = cause
        self.path = path
        self.line = line
        self.column = column
        self.fix = fix
        super().__init__(self.format())

    def format(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        message = f"{where}: [{self.code}] {self.cause}"
        if self.fix:
            message += f" — {self.fix}"
        return message


class InputError(PolicyKGError):
    """A file that cannot be read as a notice (exit code 2)."""

    def __init__(self, code: str, cause: str, **kwargs: object) -> None:
        self.code = code
        super().__init__(cause, **kwargs)  # type: ignore[arg-type]


class InternalError(PolicyKGError):
    """A bug met while processing one file of a batch (exit code 4); the other files still go through."""

    code = "E999"


class Warnings:
    """Stable codes of parse warnings (``ParseWarning.code``)."""

    NUMBER_GAP = "W101"  # task numbers skip, e.g. 1 then 3
    NUMBER_DUPLICATE = "W102"  # the same task number printed twice
    NUMBER_OUT_OF_ORDER = "W103"
    UNNUMBERED_TASK = "W104"  # a task block with no number of its own (numbered from its position)
    FIELD_UNPARSABLE = "W201"  # an assignment field whose value could not be split into names
    FIELD_UNKNOWN = "W202"  # a field label the parser does not know
    NO_PRIMARY = "W203"  # bold convention in force but no unit of the task is marked
    UNPARSED_TEXT = "W301"  # body text that went into no structure
    NO_TASKS = "W302"  # nothing that looks like a task was found
    TABLE_SHAPE = "W401"  # an annex table row with an unexpected number of cells
