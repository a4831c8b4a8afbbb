"""Tests of DateTimeEncoder."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skgeo.preprocessing import DateTimeEncoder, local_solar_hour


def _angle(encoded, pair):
    """The angle in [0, 1) of a turn from one sin/cos output pair."""
    sin, cos = encoded[:, 2 * pair], encoded[:, 2 * pair + 1]
    return np.mod(np.arctan2(sin, cos) / (2 * np.pi), 1.0)


def test_datetime_encoder_components_are_fractions_of_their_period():
    """Hour, day of week, day of year and month come back as turns of a circle."""
    frame = pd.DataFrame({"t": ["2024-01-03T06:00:00Z", "2023-12-31T18:00:00Z"]})
    components = ("hour", "day_of_week", "day_of_year", "month")
    encoded = DateTimeEncoder(components=components).fit_transform(frame)
    # 2024-01-03 is a Wednesday (day 2 from Monday), 2023-12-31 a Sunday.
    np.testing.assert_allclose(_angle(encoded, 0), [6 / 24, 18 / 24])
    np.testing.assert_allclose(_angle(encoded, 1), [(2 + 0.25) / 7, (6 + 0.75) / 7])
    np.testing.assert_allclose(
        _angle(encoded, 2), [(2 + 0.25) / 366, (364 + 0.75) / 365]
    )
    np.testing.assert_allclose(
        _angle(encoded, 3), [(2 + 0.25) / 31 / 12, (11 + (30 + 0.75) / 31) / 12]
    )


def test_datetime_encoder_local_time_matches_local_solar_hour():
    """With a longitude column the hour is local_solar_hour's."""
    rng = np.random.default_rng(0)
    times = pd.Series(
        pd.Timestamp("2024-01-01", tz="UTC")
        + pd.to_timedelta(rng.uniform(0, 365 * 86400, 50), unit="s")
    )
    longitude = rng.uniform(-180, 180, 50)
    frame = pd.DataFrame({"time": times, "lon": longitude})
    encoded = DateTimeEncoder(components=("hour",), longitude="lon").fit_transform(
        frame
    )
    expected = local_solar_hour(times, longitude) / 24.0
    difference = np.mod(_angle(encoded, 0) - expected + 0.5, 1.0) - 0.5
    np.testing.assert_allclose(difference, 0.0, atol=1e-9)


def test_datetime_encoder_local_day_changes_with_longitude():
    """23:00 UTC on a Sunday is Monday morning in Japan: the local day is used."""
    frame = pd.DataFrame(
        {"time": ["2024-06-02T23:00Z", "2024-06-02T23:00Z"], "lon": [0.0, 135.0]}
    )
    encoded = DateTimeEncoder(components=("day_of_week",), longitude=1).fit_transform(
        frame
    )
    np.testing.assert_allclose(_angle(encoded, 0), [(6 + 23 / 24) / 7, 8 / 24 / 7])


def test_datetime_encoder_missing_time_gives_nan():
    """NaT, empty text and NaN give NaN codes, not an error or a fake time."""
    frame = pd.DataFrame({"a": ["2024-01-01T00:00Z", None], "b": [0.0, np.nan]})
    encoded = DateTimeEncoder().fit_transform(frame)
    assert np.isfinite(encoded[0]).all()
    assert np.isnan(encoded[1]).all()


def test_datetime_encoder_numbers_are_unix_time():
    """Numbers count `unit` since 1970-01-01 UTC."""
    seconds = np.array([[6 * 3600.0], [18 * 3600.0]])
    hours = seconds / 3600.0
    by_seconds = DateTimeEncoder(components=("hour",)).fit_transform(seconds)
    by_hours = DateTimeEncoder(components=("hour",), unit="h").fit_transform(hours)
    np.testing.assert_allclose(by_seconds, [[1.0, 0.0], [-1.0, 0.0]], atol=1e-12)
    np.testing.assert_allclose(by_seconds, by_hours)


def test_datetime_encoder_numbers_in_object_columns():
    """Numbers stored as objects are Unix times, as numeric columns are."""
    as_objects = np.array([[6 * 3600.0], [None]], dtype=object)
    encoded = DateTimeEncoder(components=("hour",)).fit_transform(as_objects)
    np.testing.assert_allclose(encoded[0], [1.0, 0.0], atol=1e-12)
    assert np.isnan(encoded[1]).all()
    mixed = pd.DataFrame({"t": [0.0, "2024-01-01"]})
    with pytest.raises(ValueError, match="'t' mixes numbers and dates"):
        DateTimeEncoder().fit(mixed)


def test_datetime_encoder_feature_names():
    """Names are column, component and sin/cos; the longitude is not output."""
    frame = pd.DataFrame({"t": ["2024-01-01"], "lon": [3.0]})
    encoder = DateTimeEncoder(longitude="lon").fit(frame)
    assert encoder.get_feature_names_out().tolist() == [
        "t_hour_sin",
        "t_hour_cos",
        "t_day_of_week_sin",
        "t_day_of_week_cos",
    ]


@pytest.mark.parametrize(
    ("params", "frame", "match"),
    [
        ({"components": ("hours",)}, {"t": ["2024-01-01"]}, "components must be"),
        ({"components": ()}, {"t": ["2024-01-01"]}, "components must be"),
        ({"components": ("hour", "hour")}, {"t": ["2024-01-01"]}, "twice"),
        ({"longitude": "lon"}, {"t": ["2024-01-01"]}, "not among the feature"),
        ({"longitude": 5}, {"t": ["2024-01-01"]}, "out of range"),
        ({"longitude": 0}, {"lon": [1.0]}, "at least one time column"),
        ({"longitude": "lon"}, {"t": ["2024-01-01"], "lon": [400.0]}, "-180, 360"),
        ({}, {"t": ["2024-01-01", "soon"]}, r"row 1: cannot read 'soon'"),
        ({}, {"t": [1.0, np.inf]}, "infinite"),
        ({}, {"t": [1e300]}, "pandas' range"),
    ],
    ids=[
        "unknown-component",
        "no-component",
        "twice",
        "unknown-longitude",
        "longitude-position",
        "only-longitude",
        "longitude-range",
        "bad-text",
        "infinite",
        "out-of-range",
    ],
)
def test_datetime_encoder_errors(params, frame, match):
    """Bad parameters and values raise a ValueError that names them."""
    with pytest.raises(ValueError, match=match):
        DateTimeEncoder(**params).fit(pd.DataFrame(frame))


@settings(max_examples=50, deadline=None)
@given(
    seconds=st.lists(
        st.floats(min_value=-2e9, max_value=4e9, allow_nan=False),
        min_size=1,
        max_size=20,
    )
)
def test_datetime_encoder_codes_lie_on_the_unit_circle(seconds):
    """Every finite time gives sin/cos pairs of norm 1."""
    encoded = DateTimeEncoder(
        components=("hour", "day_of_week", "day_of_year", "month")
    ).fit_transform(np.asarray(seconds)[:, None])
    norms = encoded[:, 0::2] ** 2 + encoded[:, 1::2] ** 2
    np.testing.assert_allclose(norms, 1.0)
