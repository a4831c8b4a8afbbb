"""Tests of local_solar_hour."""

import datetime

import numpy as np
import pandas as pd
import pytest

from skgeo.preprocessing import local_solar_hour


@pytest.mark.parametrize(
    ("longitude", "expected"),
    [
        (0.0, 20.0),
        (-120.0, 12.0),
        (45.0, 23.0),
        (60.0, 0.0),
        (90.0, 2.0),
        (300.0, 16.0),
    ],
    ids=["greenwich", "california", "east", "wrap-to-zero", "next-day", "0-360"],
)
def test_local_solar_hour_offsets(longitude, expected):
    """Local hour is UTC hour plus longitude / 15, modulo 24."""
    time = pd.Timestamp("2024-03-10T20:00:00Z")
    assert local_solar_hour(time, longitude) == pytest.approx(expected)


def test_local_solar_hour_input_types_agree():
    """numpy, pandas, tz-aware, naive, datetime and string inputs agree."""
    naive = np.array(
        ["2024-01-05T07:45:30", "2024-07-01T23:59:00"], dtype="datetime64[ns]"
    )
    aware = pd.Series(pd.to_datetime(naive).tz_localize("UTC"))
    berlin = aware.dt.tz_convert("Europe/Berlin")
    expected = np.array([7.758333333, 23.983333333])
    for value in (
        naive,
        aware,
        pd.DatetimeIndex(berlin),
        berlin,
        naive.astype(str).tolist(),
        [
            datetime.datetime(2024, 1, 5, 7, 45, 30, tzinfo=datetime.UTC),
            datetime.datetime(2024, 7, 1, 23, 59),
        ],
    ):
        np.testing.assert_allclose(local_solar_hour(value, 0.0), expected)


def test_local_solar_hour_range_and_broadcasting():
    """Results lie in [0, 24) and broadcast times against longitudes."""
    times = pd.date_range("2024-01-01", periods=48, freq="37min", tz="UTC")
    longitudes = np.linspace(-180.0, 360.0, 7)[:, None]
    hours = local_solar_hour(times, longitudes)
    assert hours.shape == (7, 48)
    assert np.all((hours >= 0.0) & (hours < 24.0))
    # -180 and 180 degrees are the same meridian: same local hour.
    np.testing.assert_allclose(hours[0], local_solar_hour(times, 180.0))


def test_local_solar_hour_keeps_subsecond_precision():
    """Milliseconds are kept: 00:00:00.360 UTC at 0 E is 0.0001 h."""
    assert local_solar_hour("2024-01-01T00:00:00.360Z", 0.0) == pytest.approx(1e-4)


@pytest.mark.parametrize(
    ("time", "longitude", "error", "match"),
    [
        ([1.0e9], 0.0, TypeError, r"got numbers of dtype float64"),
        (["not a time"], 0.0, ValueError, r"could not be read as datetimes"),
        (
            pd.Series(pd.to_datetime(["2024-01-01", None])),
            0.0,
            ValueError,
            r"NaT\) at position 1",
        ),
        ("2024-01-01", 400.0, ValueError, r"\[-180, 360\] degrees; got 400"),
        ("2024-01-01", np.nan, ValueError, r"must be finite"),
        (["2024-01-01"] * 3, [0.0, 1.0], ValueError, r"must broadcast"),
    ],
    ids=["numbers", "unparsable", "nat", "longitude-range", "nan-longitude", "shapes"],
)
def test_local_solar_hour_bad_input(time, longitude, error, match):
    """Bad times or longitudes raise an error naming the problem."""
    with pytest.raises(error, match=match):
        local_solar_hour(time, longitude)
