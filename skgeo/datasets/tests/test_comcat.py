"""Tests of the ComCat CSV reader and writer."""

import gzip
import io

import numpy as np
import pandas as pd
import pytest

from skgeo.datasets import read_comcat_csv, write_comcat_csv
from skgeo.datasets._comcat import _COMCAT_COLUMNS

HEADER = (
    "time,latitude,longitude,depth,mag,magType,nst,gap,dmin,rms,net,id,updated,"
    "place,type,horizontalError,depthError,magError,magNst,status,locationSource,"
    "magSource"
)
# Made-up events in the real format: quoted places with commas, empty fields,
# a quarry blast above the datum, an explosion, several magnitude types.
ROWS = [
    "2023-02-11T06:15:42.120Z,36.1204,-117.9876,7.41,2.31,ml,31,48,0.0412,0.17,"
    'zz,zz10000001,2023-02-11T07:01:02.345Z,"8 km NW of Nowhere Flats, CA",'
    "earthquake,0.21,0.55,0.143,22,reviewed,zz,zz",
    "2023-02-11T15:03:10.500Z,34.8021,-118.4432,-0.62,1.38,md,14,97,0.0731,0.12,"
    'zz,zz10000002,2023-02-12T16:20:00.000Z,"3 km E of Gravel Pit, CA",'
    "quarry blast,0.35,31.61,0.201,11,reviewed,zz,zz",
    "2023-02-12T01:44:59.999Z,61.5023,-150.1177,45.3,3.9,mww,,,,0.64,yy,"
    'yy0a1b2c3d,2023-02-12T02:10:11.111Z,"22 km S of Frostpoint, Alaska",'
    "earthquake,,0.9,,,automatic,yy,yy",
    "2023-02-12T19:30:00.000Z,46.58,-119.61,0,2.05,ml,9,140,0.21,0.3,ww,ww0042,"
    '2023-02-13T00:00:00.000Z,"Test Site, Somewhere",explosion,1.1,1.5,0.3,5,'
    "reviewed,ww,ww",
]
TEXT = HEADER + "\n" + "\n".join(ROWS) + "\n"
# The real-time feed lists locationSource and magSource before the errors.
FEED_ORDER = (
    "time,latitude,longitude,depth,mag,magType,nst,gap,dmin,rms,net,id,updated,"
    "place,type,locationSource,magSource,horizontalError,depthError,magError,"
    "magNst,status"
).split(",")


def _read(text):
    return read_comcat_csv(io.StringIO(text))


def test_read_comcat_csv_values_and_types():
    """Fields are parsed by type: UTC times, floats with NaN, strings."""
    catalog = _read(TEXT)
    assert catalog.columns.tolist() == list(_COMCAT_COLUMNS)
    assert len(catalog) == 4
    assert str(catalog["time"].dtype) == "datetime64[ns, UTC]"
    assert str(catalog["updated"].dtype) == "datetime64[ns, UTC]"
    assert catalog.loc[0, "time"] == pd.Timestamp("2023-02-11T06:15:42.120Z")
    for name in ("latitude", "depth", "mag", "nst", "gap", "magNst", "magError"):
        assert catalog[name].dtype == np.float64
    assert catalog.loc[1, "place"] == "3 km E of Gravel Pit, CA"
    assert catalog["type"].tolist() == [
        "earthquake",
        "quarry blast",
        "earthquake",
        "explosion",
    ]
    assert catalog["magType"].tolist() == ["ml", "md", "mww", "ml"]
    assert catalog.loc[1, "depth"] == -0.62
    assert catalog.loc[3, "depth"] == 0.0
    assert (
        catalog.loc[2, ["nst", "gap", "dmin", "horizontalError", "magError"]]
        .isna()
        .all()
    )
    assert catalog.loc[0, "nst"] == 31.0


def test_read_comcat_csv_parses_by_header_name():
    """The feed column order gives the same catalog as the FDSN order."""
    reference = _read(TEXT)
    reordered = pd.read_csv(io.StringIO(TEXT), dtype=str, keep_default_na=False)
    text = reordered[FEED_ORDER].to_csv(index=False)
    pd.testing.assert_frame_equal(_read(text), reference)


def test_read_comcat_csv_keeps_extra_columns_in_file_order():
    """Unknown columns follow the standard ones, numeric or text as found."""
    lines = TEXT.splitlines()
    lines[0] = "quality," + lines[0] + ",score"
    for i, (quality, score) in enumerate(
        [("A", "1.5"), ("B", ""), ("", "3"), ("C", "4")]
    ):
        lines[i + 1] = f"{quality}," + lines[i + 1] + f",{score}"
    catalog = _read("\n".join(lines))
    assert catalog.columns.tolist() == [*_COMCAT_COLUMNS, "quality", "score"]
    assert catalog["quality"].tolist()[:2] == ["A", "B"]
    assert pd.isna(catalog.loc[2, "quality"])
    np.testing.assert_array_equal(catalog["score"], [1.5, np.nan, 3.0, 4.0])


def test_read_comcat_csv_fills_missing_optional_columns():
    """Absent optional columns are added, empty, with their standard dtype."""
    text = "time,latitude,longitude,depth,mag\n2020-01-01T00:00:00Z,1,2,3,4\n"
    catalog = _read(text)
    assert catalog.columns.tolist() == list(_COMCAT_COLUMNS)
    assert catalog["nst"].isna().all() and catalog["nst"].dtype == np.float64
    assert catalog["updated"].isna().all()
    assert str(catalog["updated"].dtype) == "datetime64[ns, UTC]"


def test_read_comcat_csv_header_only_gives_empty_catalog():
    """A header without rows reads as an empty catalog with the right columns."""
    catalog = _read(HEADER + "\n")
    assert catalog.shape == (0, 22)
    assert str(catalog["time"].dtype) == "datetime64[ns, UTC]"


def test_read_comcat_csv_from_path_and_bytes(tmp_path):
    """Paths, binary buffers and a UTF-8 byte-order mark all work."""
    path = tmp_path / "catalog.csv"
    path.write_text(TEXT, encoding="utf-8")
    expected = _read(TEXT)
    pd.testing.assert_frame_equal(read_comcat_csv(path), expected)
    pd.testing.assert_frame_equal(read_comcat_csv(str(path)), expected)
    bom = io.BytesIO(("\ufeff" + TEXT).encode("utf-8"))
    pd.testing.assert_frame_equal(read_comcat_csv(bom), expected)


def test_read_comcat_csv_line_numbers_survive_blank_lines():
    """Blank lines are skipped, and error line numbers still count them."""
    lines = TEXT.splitlines()
    lines.insert(2, "")
    assert len(_read("\n".join(lines))) == 4
    lines[4] = lines[4].replace(",45.3,", ",deep,")
    with pytest.raises(ValueError, match=r"Line 5, column 'depth': cannot read 'deep'"):
        _read("\n".join(lines))


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        (
            "2023-02-11T15:03:10.500Z",
            "yesterday",
            r"Line 3, column 'time'.*'yesterday'",
        ),
        ("2023-02-13T00:00:00.000Z", "2023-13-45T00:00Z", r"Line 5, column 'updated'"),
        (
            "36.1204",
            "36.1.204",
            r"Line 2, column 'latitude': cannot read '36.1.204' as a",
        ),
        (",31,48,", ",31,wide,", r"Line 2, column 'gap': cannot read 'wide'"),
        (",0.64,", ",inf,", r"Line 4, column 'rms': cannot read 'inf' as a finite"),
        ("2023-02-12T01:44:59.999Z", "", r"Line 4, column 'time': the time is empty"),
    ],
    ids=["time", "updated", "latitude", "gap", "infinite", "empty-time"],
)
def test_read_comcat_csv_bad_values_name_line_column_value(old, new, match):
    """Unparsable fields raise a ValueError naming line, column and value."""
    with pytest.raises(ValueError, match=match):
        _read(TEXT.replace(old, new, 1))


def test_read_comcat_csv_counts_further_bad_values():
    """The message says how many more bad values the column holds."""
    text = TEXT.replace(",7.41,", ",x,").replace(",45.3,", ",y,")
    with pytest.raises(ValueError, match=r"'x'.*\(1 more bad value"):
        _read(text)


def test_read_comcat_csv_missing_required_columns_are_listed():
    """Every missing required column is named."""
    text = "time,longitude,depth,magType,net\n2020-01-01T00:00:00Z,1,2,ml,xx\n"
    with pytest.raises(
        ValueError, match=r"required ComCat column\(s\) \['latitude', 'mag'\]"
    ):
        _read(text)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", r"is empty"),
        ("\n\n  \n", r"is empty"),
        (
            '{"type": "FeatureCollection", "features": []}',
            r"looks like JSON \(GeoJSON\?\)",
        ),
        ('<?xml version="1.0"?><q:quakeml/>', r"looks like XML or HTML \(QuakeML\?\)"),
        ("#EventID|Time|Latitude|Longitude\nx|2020|1|2\n", r"pipe-separated FDSN text"),
        ("a,b,c\n1,2,3\n", r"does not look like a USGS ComCat CSV.*shares 0"),
        ("name,time,value\nx,2020-01-01,3\n", r"shares 1 of the 22"),
        (
            'time,latitude,longitude,depth,mag\n"unclosed,1,2,3\n',
            r"line 2: a quoted field is never closed",
        ),
    ],
    ids=[
        "empty",
        "blank",
        "geojson",
        "quakeml",
        "fdsn-text",
        "random-csv",
        "one-name",
        "bad-csv",
    ],
)
def test_read_comcat_csv_rejects_non_comcat_content(text, match):
    """Content that is not a ComCat CSV raises a ValueError saying what it is."""
    with pytest.raises(ValueError, match=match):
        _read(text)


def test_read_comcat_csv_rejects_non_path():
    """Neither a path nor a file-like object raises a TypeError."""
    with pytest.raises(TypeError, match="must be a path"):
        read_comcat_csv(42)


def test_write_comcat_csv_round_trip_is_identity(tmp_path):
    """write -> read reproduces the catalog, through text and through a file."""
    lines = TEXT.splitlines()
    lines[0] += ",note"
    lines[1:] = [line + f",n{i}" for i, line in enumerate(lines[1:])]
    catalog = _read("\n".join(lines))
    pd.testing.assert_frame_equal(_read(write_comcat_csv(catalog)), catalog)
    path = tmp_path / "out.csv"
    assert write_comcat_csv(catalog, path) is None
    pd.testing.assert_frame_equal(read_comcat_csv(path), catalog)
    buffer = io.StringIO()
    write_comcat_csv(catalog, buffer)
    assert buffer.getvalue() == write_comcat_csv(catalog)


def test_write_comcat_csv_looks_like_comcat():
    """Times end in Z with milliseconds, counts have no decimals, NaN is empty."""
    text = write_comcat_csv(_read(TEXT))
    header, first, second, third = text.splitlines()[:4]
    assert header == HEADER
    assert first.startswith(
        "2023-02-11T06:15:42.120Z,36.1204,-117.9876,7.41,2.31,ml,31,48,"
    )
    assert '"3 km E of Gravel Pit, CA"' in second
    assert ",-0.62," in second
    assert ",0.64,yy,yy0a1b2c3d," in third and ",,,," in third


def test_write_comcat_csv_converts_times_to_utc():
    """Aware times are converted to UTC and naive ones are taken as UTC."""
    frame = pd.DataFrame(
        {
            "time": pd.to_datetime(["2020-06-01 12:00:00.0004"]).tz_localize(
                "US/Pacific"
            ),
            "latitude": [1.0],
            "longitude": [2.0],
            "depth": [3.0],
            "mag": [4.0],
            "updated": pd.to_datetime(["2020-06-02 00:00:00"]),
        }
    )
    line = write_comcat_csv(frame).splitlines()[1]
    assert line.startswith("2020-06-01T19:00:00.000Z,1,2,3,4,")
    assert ",2020-06-02T00:00:00.000Z," in line


@pytest.mark.parametrize(
    ("catalog", "error", "match"),
    [
        ([1, 2], TypeError, r"must be a pandas DataFrame; got list"),
        (
            pd.DataFrame({"time": [], "mag": []}),
            ValueError,
            r"\['latitude', 'longitude', 'depth'\]",
        ),
        (
            pd.DataFrame(
                {
                    "time": ["x"],
                    "latitude": [1.0],
                    "longitude": [1.0],
                    "depth": [1.0],
                    "mag": [1.0],
                }
            ),
            ValueError,
            r"Column 'time' must hold datetimes",
        ),
    ],
    ids=["not-frame", "missing", "string-times"],
)
def test_write_comcat_csv_bad_input(catalog, error, match):
    """A non-DataFrame, missing columns or text times raise clear errors."""
    with pytest.raises(error, match=match):
        write_comcat_csv(catalog)


def test_read_comcat_csv_real_month(real_comcat_month):
    """The real month of ComCat data reads, keeps its oddities and round-trips."""
    catalog = read_comcat_csv(real_comcat_month)
    assert catalog.shape == (9366, 22)
    assert {"earthquake", "quarry blast", "explosion"} <= set(catalog["type"])
    assert catalog["depth"].min() < 0
    assert catalog["nst"].isna().any()
    pd.testing.assert_frame_equal(_read(write_comcat_csv(catalog)), catalog)


# --- Rows with the wrong number of fields (issue 11, item 4) ---------------


def test_read_comcat_csv_truncated_last_line_is_an_error():
    """A last line cut short is an error naming its line, not an invented event."""
    text = TEXT + ROWS[0][:13]
    with pytest.raises(
        ValueError, match=r"line 6: 1 field\(s\) where the header has 22"
    ):
        _read(text)


def test_read_comcat_csv_short_row_names_its_line():
    """A row missing its last fields is refused with its line number."""
    lines = TEXT.splitlines()
    lines[2] = lines[2].rsplit(",", 3)[0]
    with pytest.raises(
        ValueError, match=r"line 3: 19 field\(s\).*truncated or the row cut"
    ):
        _read("\n".join(lines))


@pytest.mark.parametrize("row", [0, 2], ids=["first-row", "third-row"])
def test_read_comcat_csv_long_row_is_blamed_on_its_line(row):
    """A row with a field too many is blamed on its line, not on the time column."""
    lines = TEXT.splitlines()
    lines[row + 1] = (
        lines[row + 1]
        .replace(",ml,", ",ml,extra,", 1)
        .replace(",mww,", ",mww,extra,", 1)
    )
    with pytest.raises(
        ValueError, match=rf"line {row + 2}: 23 field\(s\).*stray comma"
    ):
        _read("\n".join(lines))


def test_read_comcat_csv_warn_skips_bad_lines_with_one_warning():
    """on_bad_lines='warn' drops every bad row and counts them in one warning."""
    lines = TEXT.splitlines()
    lines[2] = lines[2] + ",x,y"
    lines[3] = lines[3][:40]
    text = "\n".join(lines) + "\n" + ROWS[0][:13]
    with pytest.warns(pd.errors.ParserWarning, match=r"Skipped 3 line\(s\)") as caught:
        catalog = _read_with(text, on_bad_lines="warn")
    assert len(caught) == 1
    assert "line(s) 3, 4, 6" in str(caught[0].message)
    assert catalog["id"].tolist() == ["zz10000001", "ww0042"]


def test_read_comcat_csv_skip_drops_bad_lines_silently(recwarn):
    """on_bad_lines='skip' drops bad rows without a warning."""
    catalog = _read_with(TEXT + ROWS[0][:13], on_bad_lines="skip")
    assert len(catalog) == 4
    assert not recwarn.list


def test_read_comcat_csv_trailing_comma_is_a_bad_line():
    """A trailing comma is one field too many, as pandas counts it."""
    with pytest.raises(ValueError, match=r"line 5: 23 field\(s\).*stray comma"):
        _read(TEXT.replace("ww,ww\n", "ww,ww,\n"))


def _read_with(text, **kwargs):
    return read_comcat_csv(io.StringIO(text), **kwargs)


# --- Encodings and compression ---------------------------------------------

LATIN_TEXT = TEXT.replace("Nowhere Flats", "Cañón Flats")


def test_read_comcat_csv_latin1_falls_back_with_a_warning(tmp_path):
    """A latin-1 file is read (as latin-1) with a warning naming the file."""
    path = tmp_path / "latin.csv"
    path.write_bytes(LATIN_TEXT.encode("latin-1"))
    with pytest.warns(UserWarning, match=r"latin\.csv is not valid UTF-8.*latin-1"):
        catalog = read_comcat_csv(path)
    assert catalog.loc[0, "place"] == "8 km NW of Cañón Flats, CA"
    quiet = read_comcat_csv(path, encoding="latin-1")
    pd.testing.assert_frame_equal(quiet, catalog)


def test_read_comcat_csv_wrong_explicit_encoding_names_file_and_encoding(tmp_path):
    """An explicit encoding that does not fit is refused with file and encoding."""
    path = tmp_path / "latin.csv"
    path.write_bytes(LATIN_TEXT.encode("latin-1"))
    with pytest.raises(ValueError, match=r"latin\.csv cannot be decoded as utf-8"):
        read_comcat_csv(path, encoding="utf-8")


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"]
)
def test_read_comcat_csv_detects_unicode_encodings(tmp_path, encoding):
    """UTF-16/32 files (with or without a BOM) read like the UTF-8 original."""
    path = tmp_path / "catalog.csv"
    path.write_bytes(LATIN_TEXT.encode(encoding))
    expected = _read(LATIN_TEXT)
    pd.testing.assert_frame_equal(read_comcat_csv(path), expected)


@pytest.mark.parametrize("suffix", [".csv.gz", ".csv.bz2", ".csv.xz", ".zip", ".csv"])
def test_read_comcat_csv_compressed_files(tmp_path, suffix):
    """gzip, bz2, xz and zip files are recognised by their first bytes."""
    expected = _read(TEXT)
    path = tmp_path / f"catalog{suffix}"
    expected.to_csv(path, index=False)  # pandas compresses by suffix
    gz_named_csv = tmp_path / "gzipped.csv"
    gz_named_csv.write_bytes(gzip.compress(TEXT.encode()))
    pd.testing.assert_frame_equal(
        read_comcat_csv(path), _read(expected.to_csv(index=False))
    )
    pd.testing.assert_frame_equal(read_comcat_csv(gz_named_csv), expected)


def test_read_comcat_csv_gzip_buffer_and_truncated_gzip(tmp_path):
    """A gzip byte buffer is read; a truncated .gz is a ValueError naming it."""
    packed = gzip.compress(TEXT.encode())
    pd.testing.assert_frame_equal(read_comcat_csv(io.BytesIO(packed)), _read(TEXT))
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(ValueError, match=r"cut\.csv\.gz is gzip-compressed but cannot"):
        read_comcat_csv(path)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"on_bad_lines": "drop"}, r"on_bad_lines must be one of \['error', 'warn'"),
        ({"on_bad_lines": None}, r"on_bad_lines must be one of"),
        ({"encoding": "klingon"}, r"encoding must be None .* got 'klingon'"),
        ({"encoding": 8}, r"encoding must be None"),
    ],
    ids=["unknown-mode", "none-mode", "unknown-encoding", "int-encoding"],
)
def test_read_comcat_csv_bad_arguments(kwargs, match):
    """Unknown on_bad_lines or encoding values raise a ValueError."""
    with pytest.raises(ValueError, match=match):
        _read_with(TEXT, **kwargs)


def test_read_comcat_csv_missing_file_names_it(tmp_path):
    """A path that is not a file raises FileNotFoundError naming it."""
    with pytest.raises(FileNotFoundError, match=r"nothing\.csv: no such file"):
        read_comcat_csv(tmp_path / "nothing.csv")


# --- Times and types ---------------------------------------------------------


def test_read_comcat_csv_time_outside_ns_range_names_line():
    """A year-3000 time is refused with its line, not a bare OutOfBoundsDatetime."""
    text = TEXT.replace("2023-02-12T01:44:59.999Z", "3000-02-12T01:44:59.999Z")
    with pytest.raises(ValueError, match=r"Line 4, column 'time'.*3000-02-12.*range"):
        _read(text)


@pytest.mark.parametrize(
    "value",
    ["2023-02-30T00:00:00.000Z", "2023-02-11T24:00:00.000Z", "2023-02-11T06:15:42Z"],
    ids=["february-30", "hour-24", "no-milliseconds"],
)
def test_read_comcat_csv_fast_time_path_falls_back(value):
    """Times off ComCat's fixed format go through pandas: valid read, others fail."""
    text = TEXT.replace("2023-02-11T06:15:42.120Z", value, 1)
    if value.endswith("42Z"):
        assert _read(text).loc[0, "time"] == pd.Timestamp("2023-02-11T06:15:42Z")
    else:
        with pytest.raises(ValueError, match=r"Line 2, column 'time'"):
            _read(text)


def test_read_comcat_csv_fast_times_match_pandas():
    """Times read from the Arrow buffer equal pandas.to_datetime's."""
    rng = np.random.default_rng(0)
    stamps = pd.Timestamp("1700-01-01", tz="UTC") + pd.to_timedelta(
        rng.integers(0, 560 * 365 * 86_400_000, 500), unit="ms"
    )
    text = stamps.strftime("%Y-%m-%dT%H:%M:%S.%f").str[:-3] + "Z"
    lines = [HEADER] + [ROWS[0].replace("2023-02-11T06:15:42.120Z", t) for t in text]
    catalog = _read("\n".join(lines))
    expected = pd.to_datetime(pd.Series(text), format="ISO8601", utc=True)
    np.testing.assert_array_equal(
        catalog["time"].to_numpy(), expected.astype("datetime64[ns, UTC]").to_numpy()
    )


def test_read_comcat_csv_digit_only_ids_stay_text():
    """An id column of digits only is kept as text, leading zeros included."""
    text = TEXT.replace("zz10000001", "0001").replace("zz10000002", "0002")
    text = text.replace("yy0a1b2c3d", "0003").replace("ww0042", "0004")
    assert _read(text)["id"].tolist() == ["0001", "0002", "0003", "0004"]


# --- Writer edges --------------------------------------------------------------


def test_write_comcat_csv_refuses_infinite_numbers():
    """An infinite count is refused with its column and row, not a crash."""
    catalog = _read(TEXT)
    catalog.loc[2, "nst"] = np.inf
    with pytest.raises(ValueError, match=r"Column 'nst', row 2: inf cannot be written"):
        write_comcat_csv(catalog)


def test_write_comcat_csv_refuses_times_outside_ns_range():
    """A time the reader could not hold is refused up front with its row."""
    catalog = _read(TEXT)
    catalog["time"] = catalog["time"].astype("datetime64[s, UTC]")
    catalog.loc[3, "time"] = pd.Timestamp("3000-01-01", tz="UTC")
    with pytest.raises(ValueError, match=r"Column 'time', row 3: 3000-01-01.*outside"):
        write_comcat_csv(catalog)


def test_read_comcat_csv_text_buffer_ignores_encoding():
    """A text buffer is already decoded: encoding= does not re-decode it."""
    expected = _read(LATIN_TEXT)
    read = read_comcat_csv(io.StringIO(LATIN_TEXT), encoding="latin-1")
    pd.testing.assert_frame_equal(read, expected)


def test_read_comcat_csv_real_month_compressed_and_utf16(real_comcat_month, tmp_path):
    """The real month reads the same gzipped, as UTF-16, and truncated with warn."""
    expected = read_comcat_csv(real_comcat_month)
    content = real_comcat_month.read_bytes()
    packed = tmp_path / "month.csv.gz"
    packed.write_bytes(gzip.compress(content))
    pd.testing.assert_frame_equal(read_comcat_csv(packed), expected)
    wide = tmp_path / "month-utf16.csv"
    wide.write_bytes(content.decode("utf-8").encode("utf-16"))
    pd.testing.assert_frame_equal(read_comcat_csv(wide), expected)
    cut = tmp_path / "cut.csv"
    cut.write_bytes(content[: len(content) - 150])
    with pytest.raises(ValueError, match=r"cut\.csv, line 9367: \d+ field"):
        read_comcat_csv(cut)
    with pytest.warns(pd.errors.ParserWarning, match=r"Skipped 1 line\(s\)"):
        kept = read_comcat_csv(cut, on_bad_lines="warn")
    pd.testing.assert_frame_equal(kept, expected.iloc[:-1])


# --- Found by skgeo/tests/test_properties_toolkit.py -------------------------


def test_read_comcat_csv_cut_inside_quoted_place():
    """A file cut inside a quoted place names the line, and warn/skip drop it.

    Found by the property suite: pandas' "EOF inside string starting at row
    4" came out as "not a readable CSV file" even with on_bad_lines='warn'.
    """
    cut = TEXT + ROWS[0][:120]
    assert cut.endswith('"8 km N')
    with pytest.raises(ValueError, match=r"line 6: a quoted field is never closed"):
        _read(cut)
    with pytest.warns(pd.errors.ParserWarning, match=r"Skipped 1 line\(s\)"):
        kept = _read_with(cut, on_bad_lines="warn")
    pd.testing.assert_frame_equal(kept, _read(TEXT))
    pd.testing.assert_frame_equal(_read_with(cut, on_bad_lines="skip"), _read(TEXT))


def test_read_comcat_csv_stray_quote_mid_file_is_an_error():
    """A stray quote that joins lines is an error naming the line it opens on."""
    text = TEXT.replace("ww,ww0042,", 'ww,"ww0042,') + ROWS[0] + "\n"
    with pytest.raises(ValueError, match=r"line 5: \d+ field\(s\) where"):
        _read(text)


def test_read_comcat_csv_only_row_cut_inside_quoted_place():
    """The only data row, cut inside a quoted field, leaves an empty catalog.

    Found by the property suite (an UnboundLocalError with on_bad_lines='warn').
    """
    cut = HEADER + "\n" + ROWS[0][:120]
    with pytest.raises(ValueError, match=r"line 2: a quoted field is never closed"):
        _read(cut)
    with pytest.warns(pd.errors.ParserWarning, match=r"Skipped 1 line\(s\)"):
        kept = _read_with(cut, on_bad_lines="warn")
    pd.testing.assert_frame_equal(kept, _read(HEADER + "\n"))
