"""Read and write earthquake catalogs in the USGS ComCat CSV format."""

import csv
import io
import os
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["read_comcat_csv", "write_comcat_csv"]

# Column order of the FDSN event service (format=csv); the real-time feed
# lists the same names in another order, so files are parsed by name.
_COMCAT_COLUMNS = (
    "time", "latitude", "longitude", "depth", "mag", "magType", "nst", "gap",
    "dmin", "rms", "net", "id", "updated", "place", "type", "horizontalError",
    "depthError", "magError", "magNst", "status", "locationSource", "magSource",
)  # fmt: skip
_TIME_COLUMNS = ("time", "updated")
_STRING_COLUMNS = (
    "magType", "net", "id", "place", "type", "status", "locationSource", "magSource",
)  # fmt: skip
_NUMERIC_COLUMNS = tuple(
    name
    for name in _COMCAT_COLUMNS
    if name not in _TIME_COLUMNS and name not in _STRING_COLUMNS
)
_REQUIRED_COLUMNS = ("time", "latitude", "longitude", "depth", "mag")
# A header sharing fewer standard names than this is not taken for ComCat.
_MIN_KNOWN_COLUMNS = 3

_TIME_DTYPE = pd.DatetimeTZDtype(unit="ns", tz="UTC")
# The default string dtype of the installed pandas: "str" from pandas 3 on,
# object before. Both keep missing values as NaN.
_STRING_DTYPE = pd.Series(["a"]).dtype


def _comcat_frame(columns: dict, extra: dict | None = None) -> pd.DataFrame:
    """Assemble the standard columns (missing ones empty) with ComCat dtypes."""
    n_rows = len(next(iter(columns.values()))) if columns else 0
    data = {}
    for name in _COMCAT_COLUMNS:
        value = columns.get(name)
        if isinstance(value, pd.Series | pd.Index):
            # Positional, not index-aligned, assembly of the columns.
            value = value.array
        if name in _TIME_COLUMNS:
            if value is None:
                value = pd.Series(pd.NaT, index=range(n_rows), dtype=_TIME_DTYPE)
            data[name] = pd.Series(value, index=range(n_rows)).astype(_TIME_DTYPE)
        elif name in _STRING_COLUMNS:
            series = pd.Series(np.nan if value is None else value, index=range(n_rows))
            data[name] = series.astype(object).astype(_STRING_DTYPE)
        else:
            series = pd.Series(np.nan if value is None else value, index=range(n_rows))
            data[name] = series.astype(np.float64)
    frame = pd.DataFrame(data)
    for name, value in (extra or {}).items():
        frame[name] = value
    return frame


def _read_text(path_or_buffer) -> tuple[str, str]:
    """Return the text of a path or file-like object, and a name for messages."""
    if isinstance(path_or_buffer, str | os.PathLike):
        path = Path(path_or_buffer)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return handle.read(), str(path)
    if hasattr(path_or_buffer, "read"):
        content = path_or_buffer.read()
        if isinstance(content, bytes):
            content = content.decode("utf-8-sig")
        return content.lstrip("\ufeff"), "the buffer"
    raise TypeError(
        "path_or_buffer must be a path (str or os.PathLike) or a file-like "
        f"object with a read() method; got {type(path_or_buffer).__name__}."
    )


def _check_header(text: str, source: str) -> None:
    """Reject content that is plainly not a ComCat CSV, saying what it is."""
    stripped = text.lstrip()
    if not stripped:
        raise ValueError(
            f"{source} is empty: expected a USGS ComCat CSV with a header."
        )
    first_line = stripped.splitlines()[0]
    if stripped[0] in "{[":
        raise ValueError(
            f"{source} looks like JSON (GeoJSON?), not a USGS ComCat CSV. Download "
            "the catalog with format=csv, or use the .csv feed."
        )
    if stripped[0] == "<":
        raise ValueError(
            f"{source} looks like XML or HTML (QuakeML?), not a USGS ComCat CSV. "
            "Download the catalog with format=csv."
        )
    if "|" in first_line and "," not in first_line:
        raise ValueError(
            f"{source} looks like the pipe-separated FDSN text format, not a USGS "
            "ComCat CSV. Download the catalog with format=csv."
        )


def _bad_value_error(column, lines, values, bad, what):
    """Build the error for unparsable values, naming the first one."""
    first = int(np.flatnonzero(bad)[0])
    n_bad = int(np.count_nonzero(bad))
    more = f" ({n_bad - 1} more bad value(s) in this column)" if n_bad > 1 else ""
    return ValueError(
        f"Line {lines[first]}, column {column!r}: cannot read {values[first]!r} as "
        f"{what}{more}."
    )


def _parse_times(column, raw, lines, *, required):
    """Parse ISO-8601 times to tz-aware UTC, naming the line of a bad value."""
    parsed = pd.to_datetime(raw, utc=True, format="ISO8601", errors="coerce")
    bad = (raw.notna() & parsed.isna()).to_numpy()
    if np.any(bad):
        raise _bad_value_error(
            column, lines, raw.to_numpy(), bad, "an ISO-8601 UTC time"
        )
    if required and parsed.isna().any():
        line = lines[int(np.flatnonzero(parsed.isna().to_numpy())[0])]
        raise ValueError(f"Line {line}, column {column!r}: the time is empty.")
    return parsed.astype(_TIME_DTYPE)


def _parse_numbers(column, raw, lines):
    """Parse a numeric column; empty fields become NaN, anything else raises."""
    parsed = pd.to_numeric(raw, errors="coerce").astype(np.float64)
    bad = (raw.notna() & ~np.isfinite(parsed)).to_numpy()
    if np.any(bad):
        raise _bad_value_error(column, lines, raw.to_numpy(), bad, "a finite number")
    return parsed


def read_comcat_csv(path_or_buffer) -> pd.DataFrame:
    """Read a USGS ComCat earthquake catalog in CSV format.

    Reads the CSV files served by the USGS Comprehensive Catalog (ComCat):
    FDSN event-service queries with ``format=csv`` and the real-time
    ``.csv`` feeds. Columns are found by name, so both column orders work.

    Parameters
    ----------
    path_or_buffer : str, os.PathLike or file-like
        Path of the file, or an open text or binary file object.

    Returns
    -------
    catalog : pandas.DataFrame
        One row per event, in file order, with the 22 standard ComCat
        columns in the FDSN order (``time, latitude, longitude, depth, mag,
        magType, nst, gap, dmin, rms, net, id, updated, place, type,
        horizontalError, depthError, magError, magNst, status,
        locationSource, magSource``), followed by any other columns of the
        file in file order. ``time`` and ``updated`` are
        ``datetime64[ns, UTC]``; the numeric columns are float64 with NaN
        for empty fields; the text columns have pandas' default string
        dtype with NaN for empty fields.

    Raises
    ------
    ValueError
        If the content is empty or not a ComCat CSV (JSON/GeoJSON, XML,
        the pipe-separated FDSN text format, or a CSV sharing fewer than 3
        column names with ComCat), if a required column (``time``,
        ``latitude``, ``longitude``, ``depth``, ``mag``) is missing (all
        missing ones are listed), or if a time cannot be parsed, a ``time``
        is empty, or a numeric field is not a finite number; these messages
        give the 1-based file line (the header is line 1), the column and
        the offending value.
    TypeError
        If `path_or_buffer` is neither a path nor a file-like object.

    See Also
    --------
    write_comcat_csv : The inverse operation.
    make_earthquake_catalog : A synthetic catalog in the same format.

    Notes
    -----
    Conventions of the format (USGS "ComCat Documentation - Event Terms"):
    ``time`` and ``updated`` are ISO-8601 UTC times; ``depth`` is in km,
    positive down, and is **negative** for events above the datum (quarry
    blasts are often at -0.1 to -1 km) -- negative depths are kept;
    ``dmin`` is in degrees (1 degree is about 111.2 km); ``gap`` is in
    degrees; ``rms`` in seconds; ``horizontalError`` and ``depthError`` in
    km; ``place`` is quoted because it contains commas. Standard columns
    absent from the file (other than the required ones) are added, empty.
    Line numbers in messages assume one record per line, which holds for
    ComCat files.

    References
    ----------
    .. [1] U.S. Geological Survey, Earthquake Hazards Program. ComCat
       Documentation - Event Terms.
       https://earthquake.usgs.gov/data/comcat/data-eventterms.php

    Examples
    --------
    >>> import io
    >>> from skgeo.datasets import read_comcat_csv
    >>> text = (
    ...     "time,latitude,longitude,depth,mag,magType,nst,gap,dmin,rms,net,id,"
    ...     "updated,place,type,horizontalError,depthError,magError,magNst,"
    ...     "status,locationSource,magSource\\n"
    ...     "2021-04-05T10:20:30.250Z,34.1,-117.2,-0.8,1.4,ml,12,95,0.05,0.2,"
    ...     "xx,xx0001,2021-04-06T08:00:00.000Z,\\"5 km N of Someplace, CA\\","
    ...     "quarry blast,0.4,31.6,,9,reviewed,xx,xx\\n"
    ... )
    >>> catalog = read_comcat_csv(io.StringIO(text))
    >>> catalog.loc[0, "type"], float(catalog.loc[0, "depth"])
    ('quarry blast', -0.8)
    >>> catalog.loc[0, "time"]
    Timestamp('2021-04-05 10:20:30.250000+0000', tz='UTC')
    >>> bool(np.isnan(catalog.loc[0, "magError"]))
    True
    """
    text, source = _read_text(path_or_buffer)
    _check_header(text, source)
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ValueError(f"{source} is not a readable CSV file: {exc}") from exc
    header = [str(name) for name in raw.columns]
    known = [name for name in header if name in _COMCAT_COLUMNS]
    if len(known) < _MIN_KNOWN_COLUMNS:
        raise ValueError(
            f"{source} does not look like a USGS ComCat CSV: its header "
            f"{header[:6]}{'...' if len(header) > 6 else ''} shares {len(known)} "
            f"of the 22 ComCat column names {list(_COMCAT_COLUMNS[:5])}..."
        )
    missing = [name for name in _REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ValueError(
            f"{source} lacks the required ComCat column(s) {missing}. A ComCat "
            f"CSV needs at least {list(_REQUIRED_COLUMNS)}."
        )
    # With skip_blank_lines=False row i sits on file line i + 2, so line
    # numbers stay right even when blank lines are dropped afterwards.
    lines = np.arange(len(raw)) + 2
    keep = raw.notna().any(axis=1).to_numpy()
    raw, lines = raw.loc[keep].reset_index(drop=True), lines[keep]

    columns = {}
    for name in _COMCAT_COLUMNS:
        if name not in raw:
            continue
        if name in _TIME_COLUMNS:
            columns[name] = _parse_times(
                name, raw[name], lines, required=name == "time"
            )
        elif name in _STRING_COLUMNS:
            columns[name] = raw[name]
        else:
            columns[name] = _parse_numbers(name, raw[name], lines)
    extra = {}
    for name in header:
        if name in _COMCAT_COLUMNS:
            continue
        numbers = pd.to_numeric(raw[name], errors="coerce")
        all_numeric = not (raw[name].notna() & numbers.isna()).any()
        extra[name] = (
            numbers.astype(np.float64)
            if all_numeric
            else raw[name].astype(object).astype(_STRING_DTYPE)
        )
    if not columns:
        columns = {"time": pd.Series([], dtype=_TIME_DTYPE)}
    return _comcat_frame(columns, extra)


def write_comcat_csv(catalog: pd.DataFrame, path_or_buffer=None) -> str | None:
    """Write an earthquake catalog as a USGS ComCat CSV.

    Parameters
    ----------
    catalog : pandas.DataFrame
        The catalog, with at least the columns ``time``, ``latitude``,
        ``longitude``, ``depth`` and ``mag``; typically the output of
        :func:`read_comcat_csv` or :func:`make_earthquake_catalog`.
    path_or_buffer : str, os.PathLike, file-like or None, default=None
        Where to write. With None the CSV text is returned.

    Returns
    -------
    text : str or None
        The CSV text when `path_or_buffer` is None, otherwise None.

    Raises
    ------
    TypeError
        If `catalog` is not a DataFrame.
    ValueError
        If required columns are missing or a time column does not hold
        datetimes.

    See Also
    --------
    read_comcat_csv : The inverse operation.

    Notes
    -----
    The 22 standard columns are written first, in the FDSN order (absent
    ones as empty fields), then the other columns in catalog order. Times
    are written as ``YYYY-MM-DDTHH:MM:SS.sssZ`` in UTC, rounded to the
    millisecond as ComCat does (naive times are taken to be UTC already).
    Numbers are written with the shortest representation that reads back
    exactly, and a column whose values are all whole numbers without a
    decimal point (``nst``, ``magNst``); NaN is written as an empty field,
    and text containing commas is quoted. Therefore
    ``read_comcat_csv(io.StringIO(write_comcat_csv(catalog)))`` reproduces
    a catalog read by :func:`read_comcat_csv` exactly.

    Examples
    --------
    >>> from skgeo.datasets import make_earthquake_catalog, write_comcat_csv
    >>> catalog = make_earthquake_catalog(30.0, n_quarries=0, random_state=0)
    >>> text = write_comcat_csv(catalog)
    >>> print(text.splitlines()[0])
    time,latitude,longitude,depth,mag,magType,nst,gap,dmin,rms,net,id,updated,place,type,horizontalError,depthError,magError,magNst,status,locationSource,magSource
    """
    if not isinstance(catalog, pd.DataFrame):
        raise TypeError(
            f"catalog must be a pandas DataFrame; got {type(catalog).__name__}."
        )
    missing = [name for name in _REQUIRED_COLUMNS if name not in catalog.columns]
    if missing:
        raise ValueError(
            f"catalog lacks the required ComCat column(s) {missing}; it needs at "
            f"least {list(_REQUIRED_COLUMNS)}."
        )
    out = pd.DataFrame(index=catalog.index)
    for name in _COMCAT_COLUMNS:
        out[name] = catalog[name] if name in catalog.columns else np.nan
    for name in catalog.columns:
        if name not in _COMCAT_COLUMNS:
            out[name] = catalog[name]
    for name in _TIME_COLUMNS:
        out[name] = _format_times(name, out[name])
    for name in out.columns:
        column = out[name]
        if column.dtype.kind == "f":
            values = column.to_numpy()
            finite = values[np.isfinite(values)]
            if np.all(finite == np.round(finite)) and np.all(np.abs(finite) < 2**53):
                out[name] = column.astype("Int64")
    text = out.to_csv(None, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    if path_or_buffer is None:
        return text
    if isinstance(path_or_buffer, str | os.PathLike):
        Path(path_or_buffer).write_text(text, encoding="utf-8", newline="")
    else:
        path_or_buffer.write(text)
    return None


def _format_times(name: str, column: pd.Series) -> pd.Series:
    """Format a datetime column the way ComCat does, in UTC to the millisecond."""
    if column.isna().all() and column.dtype.kind != "M":
        return column
    if column.dtype.kind != "M":
        raise ValueError(
            f"Column {name!r} must hold datetimes (datetime64, tz-aware or naive "
            f"UTC); got dtype {column.dtype}. Convert it with pd.to_datetime(..., "
            "utc=True) first."
        )
    if column.dt.tz is None:
        column = column.dt.tz_localize("UTC")
    column = column.dt.tz_convert("UTC").dt.round("ms")
    text = column.dt.strftime("%Y-%m-%dT%H:%M:%S.%f").str[:-3] + "Z"
    return text.where(column.notna(), np.nan)
