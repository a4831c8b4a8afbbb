"""Property-based tests of the earthquake toolkit's input handling.

Every function under test must return a correct result, or raise a
``ValueError``/``TypeError`` that names what was wrong -- never another
exception and never a silently wrong value. The examples are derandomized,
so a run is reproducible; ``SKGEO_HYPOTHESIS_EXAMPLES`` raises the budget
(for example ``SKGEO_HYPOTHESIS_EXAMPLES=500`` for a long local run).

The regression tests at the end replay the inputs these properties found.
"""

import io
import os
import string
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from skgeo.datasets import (
    make_earthquake_catalog,
    make_terrain,
    read_comcat_csv,
    write_comcat_csv,
)
from skgeo.model_selection import SpatialBlockKFold, spatial_block_labels
from skgeo.preprocessing import CyclicalEncoder
from skgeo.seismology import b_value, event_terms

N_EXAMPLES = int(os.environ.get("SKGEO_HYPOTHESIS_EXAMPLES", "25"))
SETTINGS = settings(
    max_examples=N_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- Strategies ----------------------------------------------------------------

# Text fields: letters, digits, punctuation that needs quoting, accents and a
# non-Latin script; no line breaks (ComCat has none, and line numbers assume
# one record per line).
TEXT_ALPHABET = string.ascii_letters + string.digits + " ,\"'-.;:#" + "éñüÅ京"
FIRST_MS = int(pd.Timestamp("1678-01-01").value // 1_000_000)
LAST_MS = int(pd.Timestamp("2261-12-31").value // 1_000_000)


def _optional(strategy):
    return st.one_of(st.none(), strategy)


@st.composite
def catalogs(draw, max_rows=5):
    """Small catalogs in read_comcat_csv's types, with awkward values."""
    n = draw(st.integers(0, max_rows))

    def column(strategy):
        return draw(st.lists(strategy, min_size=n, max_size=n))

    def numbers(low, high, decimals):
        return st.floats(low, high).map(lambda value: round(value, decimals))

    text = st.text(TEXT_ALPHABET, min_size=1, max_size=12).filter(str.strip)
    frame = pd.DataFrame(
        {
            "time": pd.to_datetime(
                column(st.integers(FIRST_MS, LAST_MS)), unit="ms", utc=True
            ).as_unit("ns"),
            "latitude": column(numbers(-90, 90, 4)),
            "longitude": column(numbers(-180, 180, 4)),
            "depth": column(numbers(-5, 700, 2)),
            "mag": column(numbers(-2, 9.5, 2)),
            "nst": column(_optional(st.integers(0, 999).map(float))),
            "rms": column(_optional(st.floats(0, 1e6, allow_nan=False))),
            "place": column(_optional(text)),
            "type": column(st.sampled_from(["earthquake", "quarry blast", "1"])),
            "magSource": column(text),
        }
    )
    for name in ("nst", "rms"):
        frame[name] = frame[name].astype(np.float64)
    return read_comcat_csv(io.StringIO(write_comcat_csv(frame)))


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]


def _read_quietly(content, **kwargs):
    """read_comcat_csv on bytes or text, with warnings recorded, not raised."""
    buffer = io.BytesIO(content) if isinstance(content, bytes) else io.StringIO(content)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        catalog = read_comcat_csv(buffer, **kwargs)
    return catalog, caught


# --- ComCat I/O ------------------------------------------------------------------


@SETTINGS
@given(catalog=catalogs(), encoding=st.sampled_from(ENCODINGS))
def test_comcat_round_trip_in_any_unicode_encoding(catalog, encoding):
    """write -> encode -> read gives the catalog back, whatever the encoding."""
    text = write_comcat_csv(catalog)
    read, caught = _read_quietly(text.encode(encoding))
    assert not caught
    pd.testing.assert_frame_equal(read, catalog)


@SETTINGS
@given(catalog=catalogs(max_rows=3))
def test_comcat_latin1_file_reads_with_one_warning(catalog):
    """A latin-1 file reads back (as latin-1) with at most one warning."""
    text = write_comcat_csv(catalog)
    try:
        content = text.encode("latin-1")
    except UnicodeEncodeError:
        assume(False)
    read, caught = _read_quietly(content)
    assert len(caught) <= 1
    if caught:
        assert "not valid UTF-8" in str(caught[0].message)
    pd.testing.assert_frame_equal(read, catalog)


@SETTINGS
@given(catalog=catalogs(), data=st.data())
def test_comcat_truncated_row_is_an_error_naming_its_line(catalog, data):
    """A file cut inside a row (before its last field) names that row's line."""
    assume(len(catalog) > 0)
    text = write_comcat_csv(catalog)
    lines = text.splitlines(keepends=True)
    row = data.draw(st.integers(1, len(lines) - 1), label="row")
    last_comma = lines[row].rstrip("\n").rfind(",")
    cut = data.draw(st.integers(0, last_comma - 1), label="cut")
    truncated = "".join(lines[:row]) + lines[row][:cut]
    if not lines[row][:cut].strip():
        # Cut before the first character: a blank last line, no row lost.
        assert len(_read_quietly(truncated)[0]) == row - 1
        return
    message = rf"line {row + 1}: (\d+ field\(s\)|a quoted field is never closed)"
    with pytest.raises(ValueError, match=message):
        read_comcat_csv(io.StringIO(truncated))
    kept, caught = _read_quietly(truncated, on_bad_lines="warn")
    assert len(caught) == 1 and "Skipped 1 line(s)" in str(caught[0].message)
    pd.testing.assert_frame_equal(kept, catalog.iloc[: row - 1])


@SETTINGS
@given(catalog=catalogs(), data=st.data())
def test_comcat_extra_field_is_blamed_on_its_line(catalog, data):
    """A stray comma in any field of any row is reported on that row's line."""
    assume(len(catalog) > 0)
    lines = write_comcat_csv(catalog).splitlines()
    row = data.draw(st.integers(1, len(lines) - 1), label="row")
    fields = lines[row].split(",")
    position = data.draw(st.integers(0, len(fields)), label="position")
    lines[row] = ",".join([*fields[:position], "x", *fields[position:]])
    damaged = "\n".join(lines) + "\n"
    try:
        read_comcat_csv(io.StringIO(damaged))
    except ValueError as error:
        # A comma inside a quoted place may make the row unreadable instead.
        assert f"line {row + 1}" in str(error) or "Line" in str(error)
    else:
        pytest.fail("a row with an extra field was read")


@SETTINGS
@given(content=st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_comcat_reader_on_arbitrary_content(content):
    """Random bytes or text give a catalog or a ValueError, nothing else."""
    try:
        catalog, _ = _read_quietly(content)
    except ValueError:
        return
    assert isinstance(catalog, pd.DataFrame)
    assert str(catalog["time"].dtype) == "datetime64[ns, UTC]"
    assert catalog["time"].notna().all()


@SETTINGS
@given(
    header=st.lists(
        st.sampled_from(
            ["time", "latitude", "longitude", "depth", "mag", "id", "x", ""]
        ),
        min_size=1,
        max_size=8,
    ),
    rows=st.lists(
        st.lists(
            st.sampled_from(
                ["", "1", "-2.5", "inf", "nan", "x", '"a,b"', "2020-01-01T00:00:00Z"]
            ),
            max_size=9,
        ),
        max_size=4,
    ),
)
def test_comcat_reader_on_random_tables(header, rows):
    """Random small tables give a catalog or a ValueError naming the problem."""
    text = "\n".join([",".join(header), *(",".join(row) for row in rows)]) + "\n"
    try:
        catalog, _ = _read_quietly(text)
    except ValueError as error:
        assert str(error)
        return
    # Every event read has the right number of fields and finite numbers.
    assert len(catalog) <= len(rows)
    for name in ("latitude", "longitude", "depth", "mag"):
        values = catalog[name].to_numpy()
        assert not np.isinf(values).any()


# --- Generators ----------------------------------------------------------------


@SETTINGS
@given(
    start=st.datetimes(
        min_value=pd.Timestamp("1600-01-01").to_pydatetime(),
        max_value=pd.Timestamp("2400-01-01").to_pydatetime(),
    ),
    duration=st.floats(0.5, 5000.0),
)
def test_make_earthquake_catalog_times_never_wrap(start, duration):
    """Event times lie in [start, start + duration] or the call is refused."""
    try:
        catalog = make_earthquake_catalog(
            duration,
            background_rate=0.05,
            branching_ratio=0.2,
            n_quarries=0,
            start_time=start,
            random_state=0,
        )
    except ValueError as error:
        assert "outside 1677-09-21 .. 2262-04-11" in str(error)
        return
    begin = pd.Timestamp(start, tz="UTC")
    times = catalog["time"]
    assert (times >= begin.floor("ms")).all()
    assert (times <= begin + pd.Timedelta(days=duration) + pd.Timedelta("1ms")).all()
    assert times.is_monotonic_increasing


@SETTINGS
@given(
    spacing=st.one_of(
        st.floats(min_value=5e-324, max_value=1e308),
        st.tuples(
            st.floats(min_value=5e-324, max_value=1e308),
            st.floats(min_value=5e-324, max_value=1e308),
        ),
    )
)
def test_make_terrain_is_finite_or_refused(spacing):
    """Any positive cell size gives a finite DEM in [0, relief] or a ValueError."""
    try:
        dem = make_terrain((8, 9), spacing, relief=100.0, random_state=0)
    except ValueError as error:
        assert "spacing" in str(error)
        return
    assert np.isfinite(dem).all() and dem.min() == 0.0 and dem.max() == 100.0


# --- Seismology --------------------------------------------------------------------


@SETTINGS
@given(
    magnitudes=st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=20),
    mc=st.one_of(
        st.floats(), st.integers(), st.text(max_size=3), st.none(), st.just([2.0])
    ),
    bin_width=st.one_of(st.floats(), st.just("0.1"), st.just(np.array([0.1, 0.2]))),
)
def test_b_value_result_or_named_error(magnitudes, mc, bin_width):
    """b_value returns a finite positive b or raises an error naming the input."""
    try:
        result = b_value(magnitudes, mc, bin_width)
    except TypeError as error:
        assert "mc" in str(error) or "bin_width" in str(error)
        return
    except ValueError as error:
        assert str(error)
        return
    assert np.isfinite(result.b) and result.b > 0 and result.n >= 2


@SETTINGS
@given(
    residuals=st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=30),
    scale=st.sampled_from([1e-12, 1e-6, 1.0, 1e6]),
    n_events=st.integers(1, 6),
    method=st.sampled_from(["random-effects", "mean"]),
)
def test_event_terms_decomposition_adds_up(residuals, scale, n_events, method):
    """bias + event term + within-event residual rebuilds every residual."""
    y_true = np.asarray(residuals) * scale
    groups = np.arange(y_true.size) % n_events
    try:
        result = event_terms(y_true, np.zeros_like(y_true), groups, method=method)
    except ValueError as error:
        assert "events" in str(error) or "record" in str(error)
        return
    assert result.tau >= 0 and result.phi >= 0
    assert np.isfinite([result.tau, result.phi, result.bias]).all()
    rebuilt = (
        result.bias
        + result.event_terms.to_numpy()[groups]
        + result.within_event_residuals
    )
    tolerance = 1e-9 * max(np.abs(y_true).max(), np.finfo(float).tiny)
    np.testing.assert_allclose(rebuilt, y_true, rtol=0, atol=tolerance)


@SETTINGS
@given(
    labels=st.lists(
        st.one_of(st.integers(0, 3), st.sampled_from(["a", "b", "1"])),
        min_size=4,
        max_size=10,
    )
)
def test_event_terms_groups_of_any_type(labels):
    """Mixed str/int labels raise a TypeError; uniform ones give one term each."""
    y = np.linspace(0.0, 1.0, len(labels))
    kinds = {type(label) for label in labels}
    try:
        result = event_terms(y, np.zeros_like(y), labels)
    except TypeError as error:
        assert len(kinds) > 1 and "mixes label types" in str(error)
        return
    except ValueError:
        return
    assert len(kinds) == 1
    assert len(result.event_terms) == len(set(labels))


# --- Encoders ------------------------------------------------------------------------


@SETTINGS
@given(
    values=st.lists(st.floats(-1e7, 1e7), min_size=1, max_size=20),
    period=st.sampled_from([24.0, 7.0, 360.0, 86_400.0, 0.1]),
    dtype=st.sampled_from([np.float32, np.float64]),
)
def test_cyclical_encoder_matches_reduced_angle(values, period, dtype):
    """The code is sin/cos of the value's phase in its period, to dtype precision."""
    X = np.asarray(values, dtype=dtype).reshape(-1, 1)
    encoded = CyclicalEncoder(period=period).fit_transform(X)
    phase = np.remainder(X.astype(np.float64), period) * (2 * np.pi / period)
    expected = np.column_stack([np.sin(phase), np.cos(phase)])
    tolerance = 1e-6 if dtype == np.float32 else 1e-9
    np.testing.assert_allclose(encoded, expected, rtol=0, atol=tolerance)


# --- Splitters ---------------------------------------------------------------------


eighths = st.integers(-180 * 8, 180 * 8 - 1).map(lambda k: k / 8)
latitudes = st.integers(-80 * 8, 80 * 8).map(lambda k: k / 8)


@SETTINGS
@given(
    lon=st.lists(eighths, min_size=2, max_size=30, unique=True),
    lat=st.data(),
    shift=st.integers(0, 359 * 8).map(lambda k: k / 8),
)
def test_geographic_blocks_do_not_depend_on_where_180_falls(lon, lat, shift):
    """Rotating every longitude by the same angle leaves the blocks unchanged."""
    lon = np.asarray(lon)
    gaps = np.diff(np.append(np.sort(lon), np.sort(lon)[0] + 360))
    assume(np.count_nonzero(gaps == gaps.max()) == 1)  # one widest gap
    lats = lat.draw(st.lists(latitudes, min_size=lon.size, max_size=lon.size))
    points = np.column_stack([lon, lats])
    rotated = points.copy()
    rotated[:, 0] = np.mod(lon + shift + 180.0, 360.0) - 180.0
    np.testing.assert_array_equal(
        spatial_block_labels(points, 2.5, coordinate_system="geographic"),
        spatial_block_labels(rotated, 2.5, coordinate_system="geographic"),
    )


@pytest.mark.filterwarnings("ignore:Could not balance the folds:UserWarning")
@SETTINGS
@given(
    lon=st.lists(eighths, min_size=6, max_size=40),
    data=st.data(),
    buffer=st.sampled_from([0.5, 2.0, 7.0]),
)
def test_geographic_buffer_uses_wrapped_distance(lon, data, buffer):
    """No training point is within the buffer of a test point, across 180 too."""
    lats = data.draw(st.lists(latitudes, min_size=len(lon), max_size=len(lon)))
    points = np.column_stack([lon, lats])
    cv = SpatialBlockKFold(
        2, block_size=5.0, buffer=buffer, coordinate_system="geographic"
    )
    try:
        splits = list(cv.split(points))
    except ValueError as error:
        assert "blocks" in str(error) or "buffer" in str(error)
        return
    tested = np.concatenate([test for _, test in splits])
    np.testing.assert_array_equal(np.sort(tested), np.arange(len(lon)))
    for train, test in splits:
        d_lon = np.abs(points[train, None, 0] - points[None, test, 0]) % 360.0
        d_lon = np.minimum(d_lon, 360.0 - d_lon)
        d_lat = points[train, None, 1] - points[None, test, 1]
        assert np.hypot(d_lon, d_lat).min() > buffer
