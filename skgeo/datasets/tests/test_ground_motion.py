"""Tests of the synthetic ground-motion generator."""

import numpy as np
import pandas as pd
import pytest

from skgeo.datasets import make_ground_motion
from skgeo.seismology import b_value, boore_atkinson_2008, event_terms


@pytest.fixture(scope="module")
def large():
    """A data set big enough for statistical recovery tests."""
    return make_ground_motion(
        n_events=400, n_records=8000, n_stations=600, random_state=11
    )


@pytest.mark.parametrize("nonlinear_site", [False, True], ids=["linear", "nonlinear"])
def test_make_ground_motion_medians_are_ba08(nonlinear_site):
    """The median column equals BA08 evaluated on the features, exactly."""
    gm = make_ground_motion(
        n_events=30, n_records=500, nonlinear_site=nonlinear_site, random_state=0
    )
    X = gm.data
    expected = boore_atkinson_2008(
        X[:, 0], X[:, 1], X[:, 2], X[:, 4].astype(int), nonlinear_site=nonlinear_site
    )
    np.testing.assert_array_equal(gm.median, expected)
    np.testing.assert_allclose(
        gm.target, gm.median + gm.event_term + gm.within_event_residual
    )


def test_make_ground_motion_recovers_tau_and_phi(large):
    """Random-effects residual analysis recovers BA08's tau and phi."""
    result = event_terms(large.target, large.median, large.groups)
    n_events, n_records = 400, 8000
    assert large.tau == 0.260 and large.phi == 0.502
    assert abs(result.tau - 0.260) < 3 * 0.260 / np.sqrt(2 * n_events)
    assert abs(result.phi - 0.502) < 3 * 0.502 / np.sqrt(2 * (n_records - n_events))
    assert abs(result.bias) < 3 * 0.260 / np.sqrt(n_events)


def test_make_ground_motion_custom_noise_levels():
    """User tau and phi are used; zero noise gives target == median."""
    gm = make_ground_motion(50, 1000, tau=0.0, phi=0.0, random_state=1)
    np.testing.assert_array_equal(gm.target, gm.median)
    gm = make_ground_motion(200, 4000, tau=0.5, phi=0.2, random_state=2)
    result = event_terms(gm.target, gm.median, gm.groups)
    assert result.tau == pytest.approx(0.5, abs=3 * 0.5 / np.sqrt(400))
    assert result.phi == pytest.approx(0.2, abs=0.01)


def test_make_ground_motion_event_terms_are_per_event(large):
    """Every record of an event shares its event term, depth and magnitude."""
    frame = pd.DataFrame(
        {
            "event": large.groups,
            "eta": large.event_term,
            "magnitude": large.data[:, 0],
            "depth": large.data[:, 3],
        }
    )
    assert (frame.groupby("event").nunique() == 1).all().all()


def test_make_ground_motion_geometry(large):
    """Rjb is the epicentral distance minus half the Wells-Coppersmith length."""
    X = large.data
    epicentral = np.hypot(X[:, 5] - X[:, 7], X[:, 6] - X[:, 8])
    half_length = 0.5 * 10 ** (-2.44 + 0.59 * X[:, 0])
    np.testing.assert_allclose(X[:, 1], np.maximum(epicentral - half_length, 0.0))
    assert X[:, 1].max() <= 200.0
    assert np.all((X[:, 5:] >= 0.0) & (X[:, 5:] <= 200.0))


def test_make_ground_motion_sampling_distributions(large):
    """Magnitudes, Vs30, depths and mechanisms follow their distributions."""
    events = np.unique(large.groups, return_index=True)[1]
    X = large.data[events]
    assert np.all((X[:, 0] >= 5.0) & (X[:, 0] <= 7.5))
    result = b_value(X[:, 0], mc=5.0)
    assert abs(result.b - 1.0) < 3 * result.std_err
    assert np.all((large.data[:, 2] >= 180.0) & (large.data[:, 2] <= 1300.0))
    assert np.all((X[:, 3] >= 2.0) & (X[:, 3] <= 20.0))
    counts = np.bincount(X[:, 4].astype(int), minlength=4)[1:] / X.shape[0]
    # Binomial standard error with 400 events is at most 0.025.
    np.testing.assert_allclose(counts, [0.5, 0.2, 0.3], atol=0.075)


def test_make_ground_motion_records_are_unique_pairs(large):
    """Each (event, station) pair appears once and every event is recorded."""
    pairs = pd.DataFrame({"event": large.groups, "station": large.station_id})
    assert not pairs.duplicated().any()
    assert np.unique(large.groups).size == 400
    assert large.data.shape == (8000, 9)


def _pair_correlation(gm, phi):
    """Mean normalised product of within-event terms at short and long range."""
    short, far = [], []
    xy = gm.data[:, 5:7]
    for event in np.unique(gm.groups):
        rows = np.flatnonzero(gm.groups == event)
        i, j = np.triu_indices(rows.size, k=1)
        distance = np.linalg.norm(xy[rows[i]] - xy[rows[j]], axis=1)
        product = gm.within_event_residual[rows[i]] * gm.within_event_residual[rows[j]]
        short.append(product[distance < 3.0])
        far.append(product[distance > 60.0])
    return np.concatenate(short).mean() / phi**2, np.concatenate(far).mean() / phi**2


def test_make_ground_motion_spatial_correlation():
    """Correlated within-event terms are similar nearby and independent far apart."""
    kwargs = {"n_events": 40, "n_records": 3200, "n_stations": 400}
    kwargs.update(region_size=100.0, max_distance=300.0, random_state=3)
    correlated = make_ground_motion(
        **kwargs, spatial_correlation=True, correlation_range=20.0
    )
    short, far = _pair_correlation(correlated, correlated.phi)
    # exp(-3 h / 20) is above 0.64 for h < 3 km and below 1e-3 beyond 60 km.
    assert short > 0.6
    assert abs(far) < 0.1
    independent = make_ground_motion(**kwargs)
    short, far = _pair_correlation(independent, independent.phi)
    assert abs(short) < 0.1
    # The marginal within-event standard deviation is still phi.
    assert np.std(correlated.within_event_residual) == pytest.approx(0.502, rel=0.1)


def test_make_ground_motion_reproducible():
    """The same random_state gives the same data; another gives other data."""
    first = make_ground_motion(10, 100, random_state=5)
    second = make_ground_motion(10, 100, random_state=np.random.RandomState(5))
    third = make_ground_motion(10, 100, random_state=6)
    np.testing.assert_array_equal(first.data, second.data)
    np.testing.assert_array_equal(first.target, second.target)
    assert not np.array_equal(first.target, third.target)


def test_make_ground_motion_as_frame_and_return_X_y():
    """as_frame gives DataFrames with a categorical mechanism; return_X_y a pair."""
    gm = make_ground_motion(10, 100, as_frame=True, random_state=0)
    assert isinstance(gm.data, pd.DataFrame) and isinstance(gm.target, pd.Series)
    assert gm.data.columns.tolist() == gm.feature_names
    assert gm.frame.columns.tolist() == [*gm.feature_names, "ln_pga"]
    assert gm.data["mechanism"].cat.categories.tolist() == [
        "strike-slip",
        "normal",
        "reverse",
    ]
    codes = make_ground_motion(10, 100, random_state=0).data[:, 4]
    assert (gm.data["mechanism"].cat.codes + 1).tolist() == codes.astype(int).tolist()
    X, y = make_ground_motion(10, 100, return_X_y=True, random_state=0)
    assert X.shape == (100, 9) and y.shape == (100,)
    assert make_ground_motion(10, 100, random_state=0).frame is None


def test_make_ground_motion_descr_and_mechanism_dict():
    """DESCR states the noise levels; a dict of probabilities is accepted."""
    gm = make_ground_motion(
        20, 200, mechanism_probabilities={"reverse": 1.0}, tau=0.3, random_state=0
    )
    assert np.all(gm.data[:, 4] == 3)
    assert "tau = 0.3" in gm.DESCR and "Boore & Atkinson" in gm.DESCR


def test_make_ground_motion_warns_outside_ba08_magnitudes():
    """A magnitude range beyond [5, 8] warns that BA08 is extrapolated."""
    with pytest.warns(UserWarning, match=r"leaves the range \[5, 8\]"):
        make_ground_motion(5, 50, magnitude_range=(4.0, 6.0), random_state=0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_events": 0}, r"'n_events' parameter of make_ground_motion must be an int"),
        ({"n_events": 50, "n_records": 10}, r"n_records \(10\) cannot be smaller"),
        ({"magnitude_range": (7.0, 6.0)}, r"low < high"),
        ({"magnitude_range": (-1.0, 6.0)}, r"within \[0, 10\]"),
        ({"magnitude_range": (5.0,)}, r"\(low, high\) pair"),
        ({"depth_range": (5.0, 800.0)}, r"depth_range must lie within \[0, 700\]"),
        ({"mechanism_probabilities": [0.5, 0.5, 0.5]}, r"sum to 1; got"),
        (
            {"mechanism_probabilities": {"thrust": 1.0}},
            r"Unknown mechanism\(s\) \['thrust'\]",
        ),
        ({"mechanism_probabilities": [0.5, 0.5]}, r"3 probabilities"),
        ({"correlation_range": 10.0}, r"no effect without spatial_correlation=True"),
        ({"tau": -0.1}, r"'tau' parameter"),
        ({"n_records": 5000, "n_stations": 20}, r"exceeds the \d+ event-station pairs"),
        ({"max_distance": 1e-3}, r"no station within max_distance"),
    ],
    ids=[
        "no-events",
        "too-few-records",
        "reversed-range",
        "negative-magnitude",
        "short-range",
        "deep",
        "probability-sum",
        "unknown-mechanism",
        "probability-shape",
        "range-without-flag",
        "negative-tau",
        "too-many-records",
        "lonely-events",
    ],
)
def test_make_ground_motion_bad_input(kwargs, match):
    """Invalid arguments raise a ValueError that names the problem."""
    arguments = {"n_events": 10, "n_records": 100, "random_state": 0}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=match):
        make_ground_motion(**arguments)
