"""Reading the tables that ``train`` and ``predict`` take, and naming columns."""

import difflib
import sys
import warnings

from ._errors import CommandError
from ._files import check_input_file

__all__ = ["check_columns", "column_list", "is_comcat_header", "read_table"]

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


def read_table(path):
    """Read the CSV file at `path`; return the frame and whether it is ComCat.

    A ComCat catalog (recognised by its header) is read with
    :func:`skgeo.datasets.read_comcat_csv`, which parses times and checks
    every line; any other CSV with :func:`pandas.read_csv`.
    """
    import pandas as pd

    from ..datasets import read_comcat_csv

    path = check_input_file(path, "data file")
    try:
        header = pd.read_csv(path, nrows=0)
        comcat = is_comcat_header(header.columns)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            frame = read_comcat_csv(path) if comcat else pd.read_csv(path)
        # A reader's warning (an encoding guessed, lines skipped) is one line.
        for record in caught:
            message = " ".join(str(record.message).split())
            print(f"skgeo: warning: {path}: {message}", file=sys.stderr, flush=True)
    except pd.errors.EmptyDataError:
        raise CommandError(
            f"{path} is empty: it has no header and no rows. Give a CSV file with "
            "a header line and one row per sample."
        ) from None
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start}): is it a "
            "CSV file? Save it as UTF-8 CSV."
        ) from None
    except pd.errors.ParserError as exc:
        raise CommandError(f"{path} cannot be read as CSV: {exc}") from None
    if len(frame) == 0:
        raise CommandError(
            f"{path} has a header but no rows: there is nothing to learn from or "
            "predict."
        )
    return frame, comcat
