"""Tests of the synthetic ETAS earthquake catalog."""

import io

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import minimize_scalar

from skgeo.datasets import make_earthquake_catalog, read_comcat_csv, write_comcat_csv
from skgeo.datasets._catalog import _gutenberg_richter, _productivity_constant
from skgeo.datasets._comcat import _COMCAT_COLUMNS
from skgeo.preprocessing import local_solar_hour
from skgeo.seismology import b_value


@pytest.fixture(scope="module")
def year():
    """A default one-year catalog."""
    return make_earthquake_catalog(random_state=0)


@pytest.fixture(scope="module")
def sequence():
    """A year with an M7 mainshock and its family tree."""
    return make_earthquake_catalog(
        365.0,
        background_rate=0.05,
        n_quarries=0,
        mainshock=(0.5, 7.0),
        return_branching=True,
        random_state=2,
    )


def test_make_earthquake_catalog_has_comcat_columns_and_types(year):
    """Exactly the 22 ComCat columns, with the dtypes read_comcat_csv gives."""
    assert year.columns.tolist() == list(_COMCAT_COLUMNS)
    reread = read_comcat_csv(io.StringIO(write_comcat_csv(year)))
    pd.testing.assert_frame_equal(reread, year)
    assert str(year["time"].dtype) == "datetime64[ns, UTC]"
    assert year["time"].is_monotonic_increasing
    assert year["id"].is_unique
    assert set(year["type"]) == {"earthquake", "quarry blast"}
    assert not year.isna().any().any()


def test_make_earthquake_catalog_plausible_values(year):
    """Locations lie in the region and the metadata lies in sensible ranges."""
    assert year["longitude"].between(-119.0, -116.0).all()
    assert year["latitude"].between(33.0, 36.0).all()
    assert (year["mag"] >= 2.0).all() and (year["mag"] <= 8.0).all()
    assert year["time"].min() >= pd.Timestamp("2024-01-01", tz="UTC")
    assert year["time"].max() < pd.Timestamp("2025-01-01", tz="UTC")
    assert (year["updated"] > year["time"]).all()
    assert year["gap"].between(15, 359).all() and (year["nst"] >= 5).all()
    assert (year["magNst"] <= year["nst"]).all()
    assert set(year["status"]) <= {"automatic", "reviewed"}
    assert set(year["magType"]) <= {"ml", "mw", "mww"}
    assert (
        year["place"].str.match(r"^\d+ km [NESW]{1,3} of [A-Za-z ]+, Synthetica$").all()
    )
    quakes = year[year["type"] == "earthquake"]
    assert quakes["depth"].between(0.5, 25.0).all()


@pytest.mark.parametrize("true_b", [1.0, 1.3], ids=str)
def test_make_earthquake_catalog_b_value(true_b):
    """The Aki-Utsu b-value recovers the requested b within 2 standard errors."""
    catalog = make_earthquake_catalog(
        365.0, b_value=true_b, background_rate=3.0, n_quarries=0, random_state=1
    )
    result = b_value(catalog["mag"], mc=2.0, bin_width=0.01)
    assert result.n > 1000
    assert abs(result.b - true_b) < 2 * result.std_err


def _fit_omori_p(delays, c, duration):
    """Maximum-likelihood p of Omori delays truncated at `duration`, and its SE."""

    def negative_log_likelihood(p):
        log_pdf = np.log(p - 1) + (p - 1) * np.log(c) - p * np.log(delays + c)
        log_cdf_end = np.log1p(-((1 + duration / c) ** (1 - p)))
        return -(log_pdf.sum() - delays.size * log_cdf_end)

    p = minimize_scalar(
        negative_log_likelihood, bounds=(1.001, 3.0), method="bounded"
    ).x
    h = 1e-4
    curvature = (
        negative_log_likelihood(p + h)
        - 2 * negative_log_likelihood(p)
        + negative_log_likelihood(p - h)
    ) / h**2
    return p, 1.0 / np.sqrt(curvature)


def test_make_earthquake_catalog_omori_decay(sequence):
    """Delays of the mainshock's direct aftershocks follow Omori with p = 1.1."""
    catalog, branching = sequence
    mainshock = catalog.loc[catalog["mag"].idxmax()]
    assert mainshock["mag"] == 7.0
    children = catalog[branching["parent_id"] == mainshock["id"]]
    delays = (children["time"] - mainshock["time"]).dt.total_seconds() / 86400.0
    assert len(children) > 400
    p, std_err = _fit_omori_p(delays.to_numpy(), 0.01, 364.5)
    assert abs(p - 1.1) < 3 * std_err
    assert std_err < 0.02


def test_make_earthquake_catalog_branching_tree(sequence):
    """Parents precede children; background events have no parent."""
    catalog, branching = sequence
    assert branching.index.equals(catalog.index)
    background = branching["generation"] == 0
    assert branching.loc[background, "parent_id"].isna().all()
    has_parent = branching["parent_id"].notna()
    assert set(branching.loc[has_parent, "parent_id"]) <= set(catalog["id"])
    parent_time = catalog.set_index("id").loc[
        branching.loc[has_parent, "parent_id"], "time"
    ]
    assert (parent_time.to_numpy() <= catalog.loc[has_parent, "time"].to_numpy()).all()
    assert branching["generation"].max() >= 2


def test_productivity_constant_gives_branching_ratio():
    """A exp(alpha (m - mc)) averages to n over truncated GR magnitudes."""
    rng = np.random.default_rng(0)
    beta, alpha, mc = np.log(10.0), 1.7, 2.0
    magnitudes = _gutenberg_richter(rng, 2_000_000, mc - 0.005, 6.0, beta)
    A = _productivity_constant(0.8, alpha, beta, mc - 0.005, 6.0, mc)
    mean = np.mean(A * np.exp(alpha * (magnitudes - mc)))
    assert mean == pytest.approx(0.8, rel=0.02)


def test_make_earthquake_catalog_blasts_in_daytime_on_weekdays():
    """Quarry blasts fall in local working hours on weekdays, near the surface."""
    catalog = make_earthquake_catalog(
        120.0, n_quarries=4, blasts_per_day=1.0, random_state=4
    )
    blasts = catalog[catalog["type"] == "quarry blast"]
    quakes = catalog[catalog["type"] == "earthquake"]
    assert len(blasts) > 200
    hours = local_solar_hour(blasts["time"], blasts["longitude"])
    # The location jitter of 0.3 km moves the longitude by < 1 s of time.
    assert np.all((hours > 8.0 - 1e-3) & (hours < 17.0 + 1e-3))
    local = blasts["time"].dt.tz_localize(None) + pd.to_timedelta(
        blasts["longitude"] / 15.0, unit="h"
    )
    assert (local.dt.day_of_week < 5).all()
    assert blasts["depth"].between(-1.5, 1.0).all() and (blasts["depth"] < 0).any()
    assert blasts["mag"].mean() < quakes["mag"].mean()
    assert len(blasts.groupby(blasts["longitude"].round(1))) <= 8
    # Earthquakes keep happening at night: about 15 of 24 hours are outside.
    quake_hours = local_solar_hour(quakes["time"], quakes["longitude"])
    night = np.mean((quake_hours < 8.0) | (quake_hours > 17.0))
    assert 0.45 < night < 0.8


def test_make_earthquake_catalog_no_blasts_and_empty():
    """n_quarries=0 gives earthquakes only; no background leaves only blasts."""
    catalog = make_earthquake_catalog(30.0, n_quarries=0, random_state=0)
    assert set(catalog["type"]) == {"earthquake"}
    empty = make_earthquake_catalog(
        10.0, background_rate=0.0, n_quarries=0, random_state=0
    )
    assert empty.shape == (0, 22)
    assert empty.dtypes.equals(catalog.dtypes)
    blasts, branching = make_earthquake_catalog(
        10.0, background_rate=0.0, return_branching=True, random_state=0
    )
    assert set(blasts["type"]) == {"quarry blast"}
    assert branching["parent_id"].isna().all() and (branching["generation"] == 0).all()


def test_make_earthquake_catalog_start_time_and_reproducibility():
    """start_time shifts the catalog; a fixed random_state reproduces it."""
    first = make_earthquake_catalog(
        20.0, start_time="2010-06-01T12:00:00", random_state=3
    )
    second = make_earthquake_catalog(
        20.0,
        start_time=pd.Timestamp("2010-06-01T05:00:00", tz="US/Pacific"),
        random_state=np.random.RandomState(3),
    )
    pd.testing.assert_frame_equal(first, second)
    assert first["time"].min() >= pd.Timestamp("2010-06-01T12:00:00Z")
    assert first["time"].max() < pd.Timestamp("2010-06-21T12:00:00Z")
    other = make_earthquake_catalog(20.0, random_state=4)
    assert len(other) != len(first) or not other["mag"].equals(first["mag"])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"branching_ratio": 1.0}, r"branching_ratio must be below 1; got 1.0"),
        ({"branching_ratio": 1.5}, r"cascade never dies out"),
        ({"alpha": 2.5}, r"alpha \(2.5\) must be below beta = b_value \* ln\(10\)"),
        ({"max_magnitude": 2.2}, r"must exceed mc \(2.0\) by at least 0.5"),
        ({"region": (-117.0, -118.0, 33.0, 34.0)}, r"lon_min < lon_max"),
        ({"region": (0.0, 1.0, 2.0)}, r"region must be \(lon_min, lon_max"),
        ({"mainshock": (400.0, 6.0)}, r"0 <= time_days < duration_days"),
        ({"mainshock": (1.0, 1.0)}, r"mc \(2.0\) <= magnitude"),
        ({"mainshock": (1.0,)}, r"\(time_days, magnitude\) pair"),
        ({"start_time": "not a time"}, r"start_time must be an ISO-8601 time"),
        ({"duration_days": 0.0}, r"'duration_days' parameter"),
        ({"omori_p": 1.0}, r"'omori_p' parameter"),
        ({"n_quarries": -1}, r"'n_quarries' parameter"),
    ],
    ids=[
        "branching-one",
        "branching-above",
        "alpha",
        "max-magnitude",
        "region-order",
        "region-length",
        "mainshock-time",
        "mainshock-magnitude",
        "mainshock-shape",
        "start-time",
        "duration",
        "omori-p",
        "quarries",
    ],
)
def test_make_earthquake_catalog_bad_input(kwargs, match):
    """Invalid arguments raise a ValueError that names the problem."""
    arguments = {"duration_days": 365.0, "random_state": 0}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=match):
        make_earthquake_catalog(**arguments)


@pytest.mark.parametrize(
    "start_time",
    [
        "2262-03-01T00:00:00Z",
        "1500-01-01",
        np.datetime64("3000-01-01"),
        pd.Timestamp("1677-09-21T00:00:00").as_unit("s"),
    ],
    ids=["ends-after-2262", "starts-1500", "datetime64-3000", "before-1677"],
)
def test_make_earthquake_catalog_refuses_times_outside_ns_range(start_time):
    """A catalog that would leave pandas' ns range raises a ValueError up front."""
    with pytest.raises(ValueError, match=r"outside 1677-09-21 \.\. 2262-04-11"):
        make_earthquake_catalog(30.0, n_quarries=0, start_time=start_time)


def test_make_earthquake_catalog_refuses_duration_past_2262():
    """A duration that carries events past 2262 is refused, not wrapped to 1677."""
    with pytest.raises(ValueError, match=r"duration_days=100000\.0 gives event"):
        make_earthquake_catalog(
            100_000.0, background_rate=0.0001, n_quarries=0, random_state=0
        )


def test_make_earthquake_catalog_times_near_range_ends_are_right():
    """Catalogs just inside the ns range keep times after their start."""
    start = pd.Timestamp("2261-01-01", tz="UTC")
    catalog = make_earthquake_catalog(
        30.0, n_quarries=0, start_time=start, random_state=0
    )
    assert catalog["time"].min() >= start
    assert catalog["time"].max() <= start + pd.Timedelta(days=30)
