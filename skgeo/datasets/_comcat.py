"""Read and write earthquake catalogs in the USGS ComCat CSV format."""

import bz2
import codecs
import contextlib
import csv
import gzip
import io
import lzma
import os
import re
import warnings
import zipfile
import zlib
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

# Values of ``on_bad_lines``, as in pandas.read_csv.
_ON_BAD_LINES = ("error", "warn", "skip")
# Bytes read from the start of the (decompressed) content to find the
# encoding and check the header.
_SNIFF_BYTES = 1 << 16
# What the decompressors raise on a truncated or damaged file.
_DECOMPRESSION_ERRORS = (
    EOFError,
    OSError,
    zlib.error,
    lzma.LZMAError,
    zipfile.BadZipFile,
)
# Compression recognised by the first bytes of the file, with pandas' names.
_MAGIC_BYTES = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bz2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"PK\x03\x04", "zip"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
)


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


class _Source:
    """Where a catalog comes from: a path or the bytes of a buffer.

    Detects the compression from the first bytes (so that a gzip file
    without a ``.gz`` suffix still works) and opens the decompressed bytes
    as often as needed: once for the header and encoding, once for pandas,
    and once more only when short rows have to be inspected.
    """

    def __init__(self, path_or_buffer) -> None:
        self.path = None
        self.data = None
        self.text = False
        self._head = None
        if isinstance(path_or_buffer, str | os.PathLike):
            self.path = Path(path_or_buffer)
            self.name = str(self.path)
            if not self.path.is_file():
                raise FileNotFoundError(
                    f"No ComCat file at {self.name}: "
                    + ("it is a folder." if self.path.is_dir() else "no such file.")
                )
            with self.path.open("rb") as handle:
                magic = handle.read(8)
        elif hasattr(path_or_buffer, "read"):
            name = getattr(path_or_buffer, "name", None)
            self.name = str(name) if isinstance(name, str) else "the buffer"
            content = path_or_buffer.read()
            if isinstance(content, str):
                # Text buffers are already decoded; re-encode them losslessly.
                content = content.encode("utf-8", errors="surrogatepass")
                self.text = True
            if not isinstance(content, bytes | bytearray):
                raise TypeError(
                    f"{self.name}.read() returned {type(content).__name__}; expected "
                    "str or bytes."
                )
            self.data = bytes(content)
            magic = self.data[:8]
        else:
            raise TypeError(
                "path_or_buffer must be a path (str or os.PathLike) or a file-like "
                f"object with a read() method; got {type(path_or_buffer).__name__}."
            )
        self.compression = next(
            (name for prefix, name in _MAGIC_BYTES if magic.startswith(prefix)), None
        )

    def _raw(self):
        return self.path.open("rb") if self.path is not None else io.BytesIO(self.data)

    @contextlib.contextmanager
    def open_binary(self):
        """The decompressed content as a binary stream."""
        with self._raw() as raw:
            if self.compression is None:
                yield raw
            elif self.compression == "gzip":
                with gzip.GzipFile(fileobj=raw) as stream:
                    yield stream
            elif self.compression == "bz2":
                with bz2.BZ2File(raw) as stream:
                    yield stream
            elif self.compression == "xz":
                with lzma.LZMAFile(raw) as stream:
                    yield stream
            elif self.compression == "zip":
                with zipfile.ZipFile(raw) as archive:
                    members = [m for m in archive.namelist() if not m.endswith("/")]
                    if len(members) != 1:
                        raise ValueError(
                            f"{self.name} is a zip archive of {len(members)} files; "
                            "it must hold exactly one CSV file."
                        )
                    with archive.open(members[0]) as stream:
                        yield stream
            else:
                try:
                    import zstandard
                except ImportError as exc:
                    raise ValueError(
                        f"{self.name} is zstd-compressed; reading it needs the "
                        "zstandard package (pip install zstandard), or decompress "
                        "it first."
                    ) from exc
                with zstandard.ZstdDecompressor().stream_reader(raw) as stream:
                    yield stream

    def pandas_input(self):
        """What to hand to ``pandas.read_csv`` (a path or a fresh buffer)."""
        return str(self.path) if self.path is not None else io.BytesIO(self.data)

    def head(self) -> bytes:
        """The first bytes of the decompressed content (read once)."""
        if self._head is None:
            with self.decompression_errors(), self.open_binary() as stream:
                self._head = stream.read(_SNIFF_BYTES)
        return self._head

    def lines(self, numbers, encoding: str) -> dict[int, str]:
        """The text of the given 1-based physical lines."""
        wanted = set(int(n) for n in numbers)
        last = max(wanted)
        found = {}
        with self.decompression_errors(), self.open_binary() as stream:
            text = io.TextIOWrapper(stream, encoding=encoding, newline="")
            for number, line in enumerate(text, start=1):
                if number in wanted:
                    found[number] = line
                if number >= last:
                    break
        return found

    @contextlib.contextmanager
    def decompression_errors(self):
        """Turn the decompressors' own exceptions into a ValueError naming the file."""
        try:
            yield
        except (
            EOFError,
            OSError,
            zlib.error,
            lzma.LZMAError,
            zipfile.BadZipFile,
        ) as exc:
            if self.compression is None or isinstance(exc, FileNotFoundError):
                raise
            raise ValueError(
                f"{self.name} is {self.compression}-compressed but cannot be "
                f"decompressed ({exc}); the file is probably truncated or damaged. "
                "Download it again."
            ) from exc


def _sniff_encoding(head: bytes) -> str:
    """The encoding a byte-order mark (or a NUL pattern) announces; else UTF-8."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    # UTF-16 without a BOM: ASCII text has a NUL in every other byte.
    sample = head[:4096]
    half = len(sample) // 2
    if half >= 2:
        odd_nuls, even_nuls = sample[1::2].count(0), sample[0::2].count(0)
        if odd_nuls > 0.9 * half and even_nuls == 0:
            return "utf-16-le"
        if even_nuls > 0.9 * half and odd_nuls == 0:
            return "utf-16-be"
    return "utf-8"


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
    if "\x00" in first_line:
        raise ValueError(
            f"{source} holds NUL bytes in its first line: it is binary, or text in "
            "an encoding that was not recognised. Pass encoding= with the file's "
            "encoding."
        )


def _header_names(text: str, source: str) -> list[str]:
    """Column names of the first line, made unique like pandas does (a, a.1)."""
    first_line = text.splitlines()[0] if text else ""
    if not first_line.strip():
        raise ValueError(
            f"{source} starts with a blank line; the header must be on line 1."
        )
    names, seen = [], {}
    for name in next(csv.reader([first_line])):
        count = seen.get(name, 0)
        seen[name] = count + 1
        names.append(name if count == 0 else f"{name}.{count}")
    return names


def _check_columns(header: list[str], source: str) -> None:
    """Refuse a header that is not ComCat's or lacks a required column."""
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


def _bad_value_error(column, lines, values, bad, what):
    """Build the error for unparsable values, naming the first one."""
    first = int(np.flatnonzero(bad)[0])
    n_bad = int(np.count_nonzero(bad))
    more = f" ({n_bad - 1} more bad value(s) in this column)" if n_bad > 1 else ""
    return ValueError(
        f"Line {lines[first]}, column {column!r}: cannot read "
        f"{str(values[first])!r} as {what}{more}."
    )


# ComCat writes every time as YYYY-MM-DDTHH:MM:SS.sssZ (24 characters).
_TIME_WIDTH = 24
_TIME_SEPARATORS = {4: b"-", 7: b"-", 10: b"T", 13: b":", 16: b":", 19: b".", 23: b"Z"}
_TIME_DIGITS = [i for i in range(_TIME_WIDTH) if i not in _TIME_SEPARATORS]
# Years whose times all fit pandas' nanosecond range with room to spare.
_SAFE_YEARS = (1678, 2261)


def _decimal(digits: np.ndarray, first: int, width: int) -> np.ndarray:
    """The number written by columns ``first .. first + width`` of `digits`."""
    value = np.zeros(len(digits), dtype=np.int64)
    for column in range(first, first + width):
        value = value * 10 + digits[:, column]
    return value


def _fixed_width_times(raw: pd.Series) -> pd.Series | None:
    """Times in ComCat's own fixed format, parsed from the Arrow bytes.

    ``pandas.to_datetime(format="ISO8601")`` costs about a microsecond per
    value, as much as reading the whole row. When the column is held by
    Arrow (pandas' default string storage when pyarrow is installed) and
    every value is exactly ``YYYY-MM-DDTHH:MM:SS.sssZ`` with valid fields,
    the digits are read straight from the Arrow buffer. Returns None in
    every other case, and the caller falls back to ``pandas.to_datetime``,
    which also produces the error messages.
    """
    to_arrow = getattr(raw.array, "__arrow_array__", None)
    if to_arrow is None:
        return None
    parts = []
    for chunk in to_arrow().chunks:
        offset_type = {"string": np.int32, "large_string": np.int64}.get(
            str(chunk.type)
        )
        if offset_type is None:
            return None
        _, offsets, data = chunk.buffers()
        offsets = np.frombuffer(offsets, dtype=offset_type)[
            chunk.offset : chunk.offset + len(chunk) + 1
        ]
        lengths = np.diff(offsets)
        present = lengths > 0
        # Missing values take no bytes, so the present ones are contiguous.
        if chunk.null_count != np.count_nonzero(~present) or not np.all(
            lengths[present] == _TIME_WIDTH
        ):
            return None
        if data is None:
            parts.append(np.full(len(chunk), np.iinfo(np.int64).min))
            continue
        text = np.frombuffer(data, dtype=np.uint8)[offsets[0] : offsets[-1]]
        text = text.reshape(-1, _TIME_WIDTH)
        for column, separator in _TIME_SEPARATORS.items():
            if not np.all(text[:, column] == separator[0]):
                return None
        digits = text[:, _TIME_DIGITS].astype(np.int64) - ord("0")
        if np.any((digits < 0) | (digits > 9)):
            return None

        year, month, day = (
            _decimal(digits, 0, 4),
            _decimal(digits, 4, 2),
            _decimal(digits, 6, 2),
        )
        hour, minute, second, milli = (
            _decimal(digits, 8, 2),
            _decimal(digits, 10, 2),
            _decimal(digits, 12, 2),
            _decimal(digits, 14, 3),
        )
        if (
            np.any((year < _SAFE_YEARS[0]) | (year > _SAFE_YEARS[1]))
            or np.any((month < 1) | (month > 12) | (day < 1) | (day > 31))
            or np.any((hour > 23) | (minute > 59) | (second > 59))
        ):
            return None
        months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
        days = months.astype("datetime64[D]") + (day - 1)
        if np.any(days.astype("datetime64[M]") != months):
            return None  # a day past the end of its month, such as 02-30
        seconds = days.astype(np.int64) * 86_400 + hour * 3600 + minute * 60 + second
        values = np.full(len(chunk), np.iinfo(np.int64).min)
        values[present] = seconds * 1_000_000_000 + milli * 1_000_000
        parts.append(values)
    values = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
    naive = pd.Series(values.view("datetime64[ns]"), index=raw.index)
    return naive.dt.tz_localize("UTC")


def _parse_times(column, raw, lines, *, required):
    """Parse ISO-8601 times to UTC nanoseconds, naming the line of a bad value."""
    fast = _fixed_width_times(raw) if raw.dtype == _STRING_DTYPE else None
    if fast is not None:
        if required and fast.isna().any():
            line = lines[int(np.flatnonzero(fast.isna().to_numpy())[0])]
            raise ValueError(f"Line {line}, column {column!r}: the time is empty.")
        return fast
    try:
        parsed = pd.to_datetime(raw, utc=True, format="ISO8601")
    except (ValueError, TypeError, OverflowError):
        parsed = pd.to_datetime(raw, utc=True, format="ISO8601", errors="coerce")
        bad = (raw.notna() & parsed.isna()).to_numpy()
        if np.any(bad):
            raise _bad_value_error(
                column, lines, raw.to_numpy(), bad, "an ISO-8601 UTC time"
            ) from None
    if required and parsed.isna().any():
        line = lines[int(np.flatnonzero(parsed.isna().to_numpy())[0])]
        raise ValueError(f"Line {line}, column {column!r}: the time is empty.")
    low = pd.Timestamp.min.tz_localize("UTC")
    high = pd.Timestamp.max.tz_localize("UTC")
    outside = ((parsed < low) | (parsed > high)).to_numpy()
    if np.any(outside):
        raise _bad_value_error(
            column,
            lines,
            raw.to_numpy(),
            outside,
            f"a time in pandas' nanosecond range ({low.date()} .. {high.date()})",
        )
    return parsed.astype(_TIME_DTYPE)


def _parse_numbers(column, raw, lines):
    """A float64 numeric column; empty fields are NaN, anything else raises."""
    if raw.dtype.kind in "iu":
        return raw.astype(np.float64)
    if raw.dtype == np.float64:
        # Parsed by pandas already; only overflow ("1e999") is left to catch.
        values = raw.to_numpy()
        bad = np.isinf(values)
        if np.any(bad):
            # The text is gone; "inf" stands for "inf", "Infinity" or "1e999".
            text = np.where(values > 0, "inf", "-inf")
            raise _bad_value_error(column, lines, text, bad, "a finite number")
        return raw
    parsed = pd.to_numeric(raw, errors="coerce").astype(np.float64)
    bad = (raw.notna() & ~np.isfinite(parsed)).to_numpy()
    if np.any(bad):
        raise _bad_value_error(column, lines, raw.to_numpy(), bad, "a finite number")
    return parsed


def _read_rows(source, header, encoding, text_columns=(), n_rows=None):
    """Parse the data rows with pandas' C engine.

    Rows with more fields than the header are skipped by pandas with a
    warning that names the line (caught here), except a first data row,
    which pandas trims with a warning about the header's length. Returns
    the frame, the sorted ``(line, n_fields)`` of the rows pandas skipped,
    and whether the first data row was too long. Columns are left to
    pandas' type inference (an explicit float64 or str dtype costs pandas
    twice the time), except `text_columns`, read as text.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pd.errors.ParserWarning)
        warnings.simplefilter("always", pd.errors.DtypeWarning)
        frame = pd.read_csv(
            source.pandas_input(),
            header=0,
            index_col=False,
            dtype=dict.fromkeys(text_columns, "str") or None,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            on_bad_lines="warn",
            engine="c",
            encoding=encoding,
            compression=source.compression,
            nrows=n_rows,
        )
    frame.columns = header
    dropped, first_row_long = [], False
    for warning in caught:
        message = str(warning.message)
        match = re.search(r"line (\d+): expected \d+ fields, saw (\d+)", message)
        if match:
            dropped.append((int(match.group(1)), int(match.group(2))))
        elif message.startswith("Length of header or names does not match"):
            first_row_long = True
        elif not issubclass(warning.category, pd.errors.DtypeWarning):
            # (Mixed types within a column are sorted out by the checks.)
            warnings.warn(message, warning.category, stacklevel=4)
    return frame, sorted(dropped), first_row_long


def _columns_to_reread(frame, header) -> list[str]:
    """Columns whose inferred type lost their text, to be read again as text.

    Numbers may come back as int, float, or text/object when a field is not
    a number (the checks then name it). A text or time column may come back
    as float when it is all empty. Anything else -- a text column of digits
    only (``id`` of some catalogs), a column of True/False -- is read again.
    """
    again = []
    for name in header:
        dtype = frame[name].dtype
        if dtype == _STRING_DTYPE or dtype.kind == "O":
            continue
        if dtype.kind in "fiu" and (
            name in _NUMERIC_COLUMNS
            or name not in _COMCAT_COLUMNS
            or frame[name].isna().all()
        ):
            continue
        again.append(name)
    return again


def _find_bad_lines(source, frame, header, encoding, dropped, first_row_long):
    """Rows whose field count differs from the header's, and blank lines.

    Returns the 1-based file line of every row of `frame`, a mask of its
    blank rows, and ``{line: n_fields}`` of every bad row (including the
    ones pandas dropped). A short row is padded with NaN by pandas, so its
    last column is empty: only such rows (none in a ComCat file, whose
    ``magSource`` is always set) are looked up in the file and counted.
    """
    n_fields = len(header)
    dropped_lines = np.array([line for line, _ in dropped], dtype=np.int64)
    all_lines = np.arange(2, 2 + len(frame) + dropped_lines.size)
    lines = np.setdiff1d(all_lines, dropped_lines, assume_unique=True)
    bad = dict(dropped)
    if first_row_long and len(frame):
        bad[int(lines[0])] = n_fields + 1
    blank = np.zeros(len(frame), dtype=bool)
    suspects = np.flatnonzero(frame[header[-1]].isna().to_numpy())
    if suspects.size:
        text = source.lines(lines[suspects], encoding)
        for row in suspects:
            line = int(lines[row])
            raw = text.get(line, "")
            if not raw.strip():
                blank[row] = True
                continue
            count = len(next(csv.reader([raw.rstrip("\r\n")]), []))
            if count < n_fields:
                bad[line] = count
    return lines, blank, bad


def _report_bad_lines(bad, n_fields, source, on_bad_lines):
    """Raise for, warn about or ignore rows with the wrong number of fields."""
    if not bad or on_bad_lines == "skip":
        return
    ordered = sorted(bad)
    first = ordered[0]
    more = f" ({len(ordered) - 1} more such line(s))" if len(ordered) > 1 else ""
    if on_bad_lines == "error":
        if bad[first] > n_fields:
            why = "a stray comma, or an unquoted text field holding a comma"
        else:
            why = "the file is truncated or the row cut short"
        raise ValueError(
            f"{source}, line {first}: {bad[first]} field(s) where the header has "
            f"{n_fields} ({why}){more}. Repair the file, or pass "
            "on_bad_lines='warn' (or 'skip') to drop such rows."
        )
    shown = ", ".join(str(line) for line in ordered[:5])
    shown += ", ..." if len(ordered) > 5 else ""
    warnings.warn(
        f"Skipped {len(ordered)} line(s) of {source} whose number of fields differs "
        f"from the header's {n_fields} (line(s) {shown}).",
        pd.errors.ParserWarning,
        stacklevel=4,
    )


def _convert_columns(frame, header, lines):
    """Standard columns by ComCat type (in FDSN order), then the others."""
    data = {}
    n_rows = len(frame)
    for name in _COMCAT_COLUMNS:
        if name in _TIME_COLUMNS:
            if name in header:
                data[name] = _parse_times(
                    name, frame[name], lines, required=name == "time"
                )
            else:
                data[name] = pd.Series(pd.NaT, index=frame.index, dtype=_TIME_DTYPE)
        elif name in _STRING_COLUMNS:
            column = frame[name] if name in header else None
            if column is None or column.dtype.kind == "f":
                # Absent, or all empty (read by pandas as float NaN).
                column = pd.Series(np.nan, index=frame.index, dtype=object)
            data[name] = column.astype(_STRING_DTYPE)
        else:
            data[name] = (
                _parse_numbers(name, frame[name], lines)
                if name in header
                else pd.Series(np.full(n_rows, np.nan), index=frame.index)
            )
    for name in header:
        if name in _COMCAT_COLUMNS:
            continue
        raw = frame[name]
        if raw.dtype.kind in "fiu":
            data[name] = raw.astype(np.float64)
            continue
        numbers = pd.to_numeric(raw, errors="coerce")
        all_numeric = not (raw.notna() & numbers.isna()).any()
        data[name] = numbers.astype(np.float64) if all_numeric else raw
    return pd.DataFrame(data, index=pd.RangeIndex(n_rows), copy=False)


def _unclosed_quote_line(error, source, encoding, on_bad_lines) -> int:
    """The line of a truncated quoted field, or a ValueError for other errors.

    A file cut inside a quoted field (a ``place`` such as ``"5 km N of X,
    CA"``) ends with a quote that is never closed. On the last line that is
    a truncated row like any other; anywhere else the quote would swallow
    the rest of the file, so it is always an error.
    """
    match = re.search(r"EOF inside string starting at row (\d+)", str(error))
    if match is None:
        raise ValueError(
            f"{source.name} is not a readable CSV file: {error}"
        ) from error
    line = int(match.group(1)) + 1  # pandas counts the header as row 0
    with source.decompression_errors(), source.open_binary() as stream:
        n_lines = sum(
            1 for _ in io.TextIOWrapper(stream, encoding=encoding, newline="")
        )
    if line == n_lines and on_bad_lines != "error":
        return line
    where = (
        "the file is truncated inside it"
        if line == n_lines
        else "a stray quote makes the rest of the file one field"
    )
    fix = (
        "Repair the file, or pass on_bad_lines='warn' (or 'skip') to drop the line."
        if line == n_lines
        else "Repair the quotes on that line."
    )
    raise ValueError(
        f"{source.name}, line {line}: a quoted field is never closed ({where}). {fix}"
    ) from error


def _read_catalog(source, encoding, on_bad_lines):
    """Parse, check and convert the rows of a source in a known encoding."""
    head = source.head().decode(encoding, errors="replace")
    _check_header(head, source.name)
    header = _header_names(head, source.name)
    _check_columns(header, source.name)

    def parse(n_rows=None):
        with source.decompression_errors():
            rows = _read_rows(source, header, encoding, n_rows=n_rows)
            again = _columns_to_reread(rows[0], header)
            if again:
                rows = _read_rows(
                    source, header, encoding, text_columns=again, n_rows=n_rows
                )
        return rows

    unclosed = None
    try:
        frame, dropped, first_long = parse()
    except pd.errors.ParserError as exc:
        unclosed = _unclosed_quote_line(exc, source, encoding, on_bad_lines)
        # Read the rows before that line (blank lines count as rows here).
        if unclosed > 2:
            try:
                frame, dropped, first_long = parse(n_rows=unclosed - 2)
            except pd.errors.ParserError as again:
                raise ValueError(
                    f"{source.name} is not a readable CSV file: {again}"
                ) from again
        else:
            empty = {name: pd.Series(dtype=object) for name in header}
            frame, dropped, first_long = pd.DataFrame(empty), [], False
    lines, blank, bad = _find_bad_lines(
        source, frame, header, encoding, dropped, first_long
    )
    if unclosed is not None:
        bad[unclosed] = -1
    _report_bad_lines(bad, len(header), source.name, on_bad_lines)
    drop = blank.copy()
    if bad:
        drop |= np.isin(lines, np.fromiter(bad, dtype=np.int64))
    if drop.any():
        frame = frame.loc[~drop].reset_index(drop=True)
        lines = lines[~drop]
    return _convert_columns(frame, header, lines)


def read_comcat_csv(
    path_or_buffer,
    *,
    on_bad_lines: str = "error",
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read a USGS ComCat earthquake catalog in CSV format.

    Reads the CSV files served by the USGS Comprehensive Catalog (ComCat):
    FDSN event-service queries with ``format=csv`` and the real-time
    ``.csv`` feeds. Columns are found by name, so both column orders work.

    Parameters
    ----------
    path_or_buffer : str, os.PathLike or file-like
        Path of the file, or an open text or binary file object. gzip,
        bz2, xz, zip (one member) and zstd (with the ``zstandard``
        package) compression is recognised from the first bytes, whatever
        the file name.
    on_bad_lines : {"error", "warn", "skip"}, default="error"
        What to do with a row whose number of fields differs from the
        header's (a truncated last line, a row cut short, a stray comma),
        with pandas' vocabulary: ``"error"`` raises a ``ValueError`` naming
        the first such line; ``"warn"`` drops them all with one
        ``pandas.errors.ParserWarning`` that counts them and lists the
        first lines; ``"skip"`` drops them silently. Such a row is never
        padded or trimmed into an event. Unreadable values in rows of the
        right length always raise.
    encoding : str or None, default=None
        Text encoding of the file (any Python codec name). None detects it:
        a byte-order mark selects UTF-8, UTF-16 or UTF-32, NUL bytes in
        every other position UTF-16 without a mark, and anything else is
        read as UTF-8 (what ComCat serves), falling back to latin-1 with a
        ``UserWarning`` if it is not valid UTF-8. Ignored for text buffers.

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
        If `on_bad_lines` or `encoding` is not valid, if the file cannot
        be decoded with the given `encoding` or decompressed (both named in
        the message), if a row has the wrong number of fields and
        `on_bad_lines` is ``"error"``, if a time lies outside pandas'
        nanosecond range (1677-09-21 to 2262-04-11), if the content is
        empty or not a ComCat CSV (JSON/GeoJSON, XML,
        the pipe-separated FDSN text format, or a CSV sharing fewer than 3
        column names with ComCat), if a required column (``time``,
        ``latitude``, ``longitude``, ``depth``, ``mag``) is missing (all
        missing ones are listed), or if a time cannot be parsed, a ``time``
        is empty, or a numeric field is not a finite number; these messages
        give the 1-based file line (the header is line 1), the column and
        the offending value.
    TypeError
        If `path_or_buffer` is neither a path nor a file-like object.
    FileNotFoundError
        If `path_or_buffer` is a path to nothing (or to a folder).

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

    The file is parsed in one pass of pandas' C engine with its own type
    inference; times in ComCat's fixed ``YYYY-MM-DDTHH:MM:SS.sssZ`` form are
    decoded from the Arrow string buffer when pyarrow is installed (other
    ISO-8601 forms go through :func:`pandas.to_datetime`). On a 100 MB
    catalog this takes about as long, and as much memory, as
    ``pandas.read_csv`` (see ``benchmarks/README.md``). A short row is
    recognised by its empty last column; only such rows are counted field
    by field, so files whose last column is often empty read more slowly.
    A file cut inside a quoted field (``place``) is a truncated last line
    like any other. A stray quote elsewhere joins lines into one bad record:
    ``"error"`` names the line it opens on, but ``"warn"`` counts the joined
    record as one line, and line numbers after it may be off.

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
    if not isinstance(on_bad_lines, str) or on_bad_lines not in _ON_BAD_LINES:
        raise ValueError(
            f"on_bad_lines must be one of {list(_ON_BAD_LINES)}, as in "
            f"pandas.read_csv; got {on_bad_lines!r}."
        )
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except (LookupError, TypeError) as exc:
            raise ValueError(
                f"encoding must be None (detect it) or the name of a Python codec "
                f"such as 'utf-8' or 'latin-1'; got {encoding!r}."
            ) from exc
    source = _Source(path_or_buffer)
    if source.text:
        chosen = "utf-8"  # how _Source re-encoded the text it was given
    else:
        chosen = encoding or _sniff_encoding(source.head())
    try:
        return _read_catalog(source, chosen, on_bad_lines)
    except UnicodeDecodeError as exc:
        byte = exc.object[exc.start : exc.start + 1]
        if encoding is not None or chosen not in ("utf-8", "utf-8-sig"):
            raise ValueError(
                f"{source.name} cannot be decoded as {chosen} ({exc.reason}, byte "
                f"{byte!r}). Pass encoding= with the file's encoding, for example "
                "encoding='latin-1', or encoding=None to detect it."
            ) from exc
        warnings.warn(
            f"{source.name} is not valid UTF-8 ({exc.reason}, byte {byte!r}); it "
            "was read as latin-1 (ISO-8859-1). Check accented names in 'place', "
            "or pass encoding= with the file's encoding.",
            UserWarning,
            stacklevel=2,
        )
        return _read_catalog(source, "latin-1", on_bad_lines)


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
            infinite = np.isinf(values)
            if np.any(infinite):
                row = catalog.index[int(np.flatnonzero(infinite)[0])]
                raise ValueError(
                    f"Column {name!r}, row {row!r}: {values[infinite][0]} cannot be "
                    "written; a ComCat CSV holds finite numbers or empty fields "
                    f"({int(infinite.sum())} infinite value(s) in this column). "
                    "Replace them with NaN (written as an empty field) first."
                )
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
    low = pd.Timestamp.min.tz_localize("UTC")
    high = pd.Timestamp.max.tz_localize("UTC")
    aware = column if column.dt.tz is not None else column.dt.tz_localize("UTC")
    outside = ((aware < low) | (aware > high)).to_numpy()
    if np.any(outside):
        first = int(np.flatnonzero(outside)[0])
        raise ValueError(
            f"Column {name!r}, row {column.index[first]!r}: {aware.iloc[first]} is "
            f"outside {low.date()} .. {high.date()}, the times pandas (and so "
            "read_comcat_csv) can hold in nanoseconds. Drop or correct such rows "
            "before writing."
        )
    column = aware
    column = column.dt.tz_convert("UTC").dt.round("ms")
    text = column.dt.strftime("%Y-%m-%dT%H:%M:%S.%f").str[:-3] + "Z"
    return text.where(column.notna(), np.nan)
