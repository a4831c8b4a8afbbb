"""Reading the tables that ``train`` and ``predict`` take, and naming columns."""

import difflib
import sys
import warnings

from ._errors import CommandError
from ._files import check_input_file

__all__ = [
    "add_reading_options",
    "check_columns",
    "column_list",
    "is_comcat_header",
    "read_table",
]

# A header with the required ComCat columns and one of its bookkeeping
# columns is a ComCat catalog; read_comcat_csv then checks every line.
_COMCAT_REQUIRED = {"time", "latitude", "longitude", "depth", "mag"}
_COMCAT_MARKERS = {"magType", "net", "id", "updated"}


def is_comcat_header(columns) -> bool:
    """Whether a list of column names is a USGS ComCat CSV header."""
    columns = set(columns)
    return _COMCAT_REQUIRED <= columns and bool(_COMCAT_MARKERS & columns)


def column_list(text: str | None) -> list[str]:
    """Split a ``--features a,b,c`` value into names."""
    if not text:
        return []
    return [name.strip() for name in text.split(",") if name.strip()]


def check_columns(frame, names, option: str, path) -> None:
    """Fail with the closest known names if any of `names` is not in `frame`."""
    for name in names:
        if name not in frame.columns:
            known = [str(column) for column in frame.columns]
            close = difflib.get_close_matches(str(name), known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise CommandError(
                f"{option}: column {name!r} is not in {path}{hint}; its columns "
                f"are {known}"
            )


def add_reading_options(parser) -> None:
    """Add ``--encoding`` and ``--on-bad-lines``, passed to the CSV readers."""
    parser.add_argument(
        "--encoding",
        help="text encoding of the data file (default: UTF-8, with UTF-16/32 "
        "recognised by their byte-order mark)",
    )
    parser.add_argument(
        "--on-bad-lines",
        choices=["error", "warn", "skip"],
        default="error",
        help="a row with too few or too many fields: stop with an error naming "
        "the line (default), or drop it with a warning that counts them, or "
        "drop it silently",
    )


def _header(path, encoding):
    """The column names of `path`, or None if pandas cannot decode them."""
    import pandas as pd

    try:
        return list(pd.read_csv(path, nrows=0, encoding=encoding).columns)
    except UnicodeError:
        if encoding is not None:
            raise
        return None


def _read_catalog(path, encoding, on_bad_lines):
    """read_comcat_csv, with its advice spelled as the command's option."""
    from ..datasets import read_comcat_csv

    try:
        return read_comcat_csv(path, on_bad_lines=on_bad_lines, encoding=encoding)
    except UnicodeError:
        raise  # read_table names the encoding and the fix
    except ValueError as exc:
        message = str(exc).replace(
            "on_bad_lines='warn' (or 'skip')", "--on-bad-lines warn (or skip)"
        )
        raise CommandError(message) from exc


def read_table(path, *, encoding=None, on_bad_lines="error"):
    """Read the CSV file at `path`; return the frame and whether it is ComCat.

    A ComCat catalog (recognised by its header) is read with
    :func:`skgeo.datasets.read_comcat_csv`, which parses times, recognises
    UTF-16/32 and compressed files and checks every line; any other CSV with
    :func:`pandas.read_csv`. Both honour `encoding` and `on_bad_lines`.
    """
    import pandas as pd

    path = check_input_file(path, "data file")
    try:
        header = _header(path, encoding)
        # A header pandas cannot decode as UTF-8 may still be a ComCat file in
        # UTF-16 or latin-1, which read_comcat_csv recognises.
        comcat = header is None or is_comcat_header(header)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if comcat:
                frame = _read_catalog(path, encoding, on_bad_lines)
            else:
                frame = pd.read_csv(path, encoding=encoding, on_bad_lines=on_bad_lines)
        # A reader's warning (an encoding guessed, lines skipped) is one line.
        for record in caught:
            message = " ".join(str(record.message).split())
            print(f"skgeo: warning: {path}: {message}", file=sys.stderr, flush=True)
    except pd.errors.EmptyDataError:
        raise CommandError(
            f"{path} is empty: it has no header and no rows. Give a CSV file with "
            "a header line and one row per sample."
        ) from None
    except UnicodeError as exc:
        raise CommandError(
            f"{path} cannot be decoded as {encoding or 'UTF-8'} text ({exc}): is "
            "it a CSV file? Give its encoding with --encoding, e.g. "
            "--encoding latin-1."
        ) from None
    except LookupError:
        raise CommandError(
            f"--encoding: unknown encoding {encoding!r}; use a Python codec name "
            "such as utf-8, utf-16 or latin-1."
        ) from None
    except pd.errors.ParserError as exc:
        raise CommandError(f"{path} cannot be read as CSV: {exc}") from None
    if len(frame) == 0:
        raise CommandError(
            f"{path} has a header but no rows: there is nothing to learn from or "
            "predict."
        )
    return frame, comcat
