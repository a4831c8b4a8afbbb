"""Turn an exception into one line on stderr and an exit code.

A command-line user needs what was wrong and how to fix it, not a
traceback; ``--debug`` restores the traceback for bug reports.
"""

import sys
import traceback

__all__ = ["CommandError", "EXIT_ERROR", "EXIT_INTERRUPTED", "report"]

EXIT_ERROR = 1
# The shell's convention for a process ended by SIGINT (128 + 2).
EXIT_INTERRUPTED = 130


class CommandError(Exception):
    """An error whose message is written for the command-line user as is."""


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def describe(error: BaseException) -> str:
    """One line that says what went wrong, without Python's internals."""
    if isinstance(error, CommandError):
        return _one_line(error)
    if isinstance(error, FileNotFoundError) and error.filename is not None:
        return f"no such file or folder: {error.filename}"
    if isinstance(error, IsADirectoryError) and error.filename is not None:
        return f"{error.filename} is a folder, not a file"
    if isinstance(error, PermissionError) and error.filename is not None:
        return f"permission denied: {error.filename}"
    if isinstance(error, OSError) and error.strerror and error.filename:
        return f"{error.filename}: {error.strerror}"
    message = _one_line(error) or type(error).__name__
    if isinstance(error, ValueError | TypeError | KeyError | OSError):
        return message
    # Anything else is a bug of ours or a library's: name the type so that a
    # report can be searched for, and point at --debug.
    return f"{type(error).__name__}: {message} (run with --debug for details)"


def report(error: BaseException, debug: bool = False, stream=None) -> int:
    """Write ``error`` to ``stream`` (stderr) and return the exit code."""
    stream = sys.stderr if stream is None else stream
    if isinstance(error, KeyboardInterrupt):
        print("skgeo: interrupted", file=stream)
        return EXIT_INTERRUPTED
    if debug:
        traceback.print_exception(error, file=stream)
    print(f"skgeo: error: {describe(error)}", file=stream)
    return EXIT_ERROR
