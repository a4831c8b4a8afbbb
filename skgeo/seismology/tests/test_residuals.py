"""Tests of the between-event / within-event residual decomposition."""

import numpy as np
import pandas as pd
import pytest

from skgeo.seismology import event_terms


def _mixed_effects_sample(n_per_event, tau, phi, bias=0.0, seed=0):
    """Residuals with known bias, tau and phi for events of given sizes."""
    rng = np.random.default_rng(seed)
    n_per_event = np.asarray(n_per_event)
    groups = np.repeat(np.arange(n_per_event.size), n_per_event)
    eta = rng.normal(0.0, tau, size=n_per_event.size)
    eps = rng.normal(0.0, phi, size=groups.size)
    return bias + eta[groups] + eps, groups, eta


def test_event_terms_random_effects_recovers_tau_phi():
    """REML recovers tau, phi and the bias within three standard errors."""
    rng = np.random.default_rng(7)
    n_per_event = rng.integers(1, 40, size=300)
    residuals, groups, _ = _mixed_effects_sample(n_per_event, 0.3, 0.5, 0.1, seed=1)
    result = event_terms(residuals, np.zeros_like(residuals), groups)
    n_events, n_records = n_per_event.size, residuals.size
    # Large-sample standard errors of a standard deviation: s / sqrt(2 dof).
    assert abs(result.tau - 0.3) < 3 * 0.3 / np.sqrt(2 * n_events)
    assert abs(result.phi - 0.5) < 3 * 0.5 / np.sqrt(2 * (n_records - n_events))
    assert abs(result.bias - 0.1) < 3 * np.hypot(0.3, 0.5 / 5) / np.sqrt(n_events)
    assert result.sigma == pytest.approx(np.hypot(result.tau, result.phi))


def test_event_terms_mean_method_is_biased_for_small_events():
    """With 2 records per event the mean method inflates tau, REML does not."""
    residuals, groups, _ = _mixed_effects_sample(np.full(1500, 2), 0.2, 0.6, seed=2)
    zeros = np.zeros_like(residuals)
    reml = event_terms(residuals, zeros, groups)
    mean = event_terms(residuals, zeros, groups, method="mean")
    # E[tau_mean^2] = tau^2 + phi^2 / 2 = 0.04 + 0.18 -> tau_mean ~ 0.47.
    assert mean.tau == pytest.approx(np.sqrt(0.22), abs=0.03)
    assert reml.tau == pytest.approx(0.2, abs=0.05)
    assert reml.phi == pytest.approx(0.6, abs=0.03)


def test_event_terms_balanced_reml_equals_anova():
    """For equal event sizes REML equals the classical ANOVA estimators."""
    residuals, groups, _ = _mixed_effects_sample(np.full(50, 8), 0.4, 0.3, seed=3)
    result = event_terms(residuals, np.zeros_like(residuals), groups)
    means = pd.Series(residuals).groupby(groups).mean().to_numpy()
    msw = np.sum((residuals - means[groups]) ** 2) / (residuals.size - 50)
    msb = 8 * np.var(means, ddof=1)
    assert result.phi**2 == pytest.approx(msw, rel=1e-4)
    assert result.tau**2 == pytest.approx((msb - msw) / 8, rel=1e-4)
    # The BLUPs shrink the centred means by n tau^2 / (phi^2 + n tau^2).
    shrink = 8 * result.tau**2 / (result.phi**2 + 8 * result.tau**2)
    np.testing.assert_allclose(
        result.event_terms.to_numpy(), shrink * (means - means.mean()), atol=1e-6
    )


def test_event_terms_event_terms_track_the_true_terms():
    """Estimated event terms correlate strongly with the simulated ones."""
    residuals, groups, eta = _mixed_effects_sample(np.full(100, 20), 0.4, 0.5, seed=4)
    result = event_terms(residuals, np.zeros_like(residuals), groups)
    assert np.corrcoef(result.event_terms.to_numpy(), eta)[0, 1] > 0.95


@pytest.mark.parametrize("method", ["random-effects", "mean"])
def test_event_terms_parts_add_up(method):
    """bias + event term + within-event residual reproduces each residual."""
    rng = np.random.default_rng(5)
    y_true = rng.normal(size=60)
    y_pred = rng.normal(size=60)
    groups = rng.choice(["e1", "e2", "e3", "e4"], size=60)
    result = event_terms(y_true, y_pred, groups, method=method)
    rebuilt = (
        result.bias
        + result.event_terms.loc[groups].to_numpy()
        + result.within_event_residuals
    )
    np.testing.assert_allclose(rebuilt, y_true - y_pred)
    assert result.event_terms.index.tolist() == ["e1", "e2", "e3", "e4"]
    assert result.n_records.sum() == 60
    assert result.method == method


def test_event_terms_no_event_variance_gives_tau_near_zero():
    """When events do not differ, the REML tau is close to zero."""
    rng = np.random.default_rng(6)
    residuals = rng.normal(0.0, 0.5, size=2000)
    groups = np.repeat(np.arange(100), 20)
    result = event_terms(residuals, np.zeros(2000), groups)
    assert result.tau < 0.06
    assert result.phi == pytest.approx(0.5, abs=0.03)


@pytest.mark.parametrize(
    ("y_true", "y_pred", "groups", "kwargs", "match"),
    [
        ([1.0, 2.0], [1.0], [0, 1], {}, r"same length; got 2, 1 and 2"),
        ([[1.0, 2.0], [3.0, 4.0]], [1.0, 2.0], [0, 1], {}, r"must be 1-D"),
        ([1.0, np.nan, 3.0], [0.0, 0.0, 0.0], [0, 0, 1], {}, r"1 NaN or infinite"),
        ([1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [0, 0, 0], {}, r"At least 2 events"),
        ([1.0, 2.0], [0.0, 0.0], [0, 1], {}, r"every event has a single record"),
        ([1.0, 2.0, 3.0], [0.0] * 3, ["a", None, "b"], {}, r"missing values"),
        ([1.0, 2.0], [0.0, 0.0], [0, 1], {"method": "ols"}, r"method must be one"),
        (["a", "b"], [0.0, 0.0], [0, 1], {}, r"y_true must be numeric"),
    ],
    ids=[
        "length",
        "2d",
        "nan",
        "one-event",
        "single-records",
        "missing-group",
        "method",
        "non-numeric",
    ],
)
def test_event_terms_bad_input(y_true, y_pred, groups, kwargs, match):
    """Bad inputs raise a ValueError that says what is wrong."""
    with pytest.raises(ValueError, match=match):
        event_terms(y_true, y_pred, groups, **kwargs)


@pytest.mark.parametrize("method", ["random-effects", "mean"])
@pytest.mark.parametrize("factor", [1e-9, 1e-4, 1e6], ids=["1e-9", "1e-4", "1e6"])
def test_event_terms_scale_equivariant(method, factor):
    """Scaling the residuals scales tau, phi, bias and terms by the same factor."""
    residuals, groups, _ = _mixed_effects_sample([2, 3, 5, 8] * 10, 0.3, 0.5, 0.1)
    reference = event_terms(residuals, np.zeros_like(residuals), groups, method=method)
    scaled = event_terms(
        residuals * factor, np.zeros_like(residuals), groups, method=method
    )
    assert scaled.tau == pytest.approx(reference.tau * factor, rel=1e-4)
    assert scaled.phi == pytest.approx(reference.phi * factor, rel=1e-4)
    assert scaled.bias == pytest.approx(reference.bias * factor, rel=1e-4)
    np.testing.assert_allclose(
        scaled.event_terms, reference.event_terms * factor, rtol=1e-3
    )


def test_event_terms_tiny_spread_without_event_variance():
    """A tau far below 1e-7 is reachable when the residuals are that small."""
    rng = np.random.default_rng(3)
    residuals = rng.normal(0.0, 1e-9, size=400)
    result = event_terms(residuals, np.zeros(400), np.repeat(np.arange(20), 20))
    assert result.tau < 1e-9
    assert result.phi == pytest.approx(1e-9, rel=0.1)


def test_event_terms_identical_residuals_have_no_spread():
    """Identical residuals give tau = phi = 0 and the common value as bias."""
    result = event_terms(np.full(6, 0.25), np.zeros(6), [0, 0, 1, 1, 2, 2])
    assert (result.tau, result.phi, result.bias) == (0.0, 0.0, 0.25)
    np.testing.assert_array_equal(result.within_event_residuals, 0.0)


@pytest.mark.parametrize(
    "groups", [["a", 1, "a", 1], [1, "1", 1, "1"]], ids=["str-int", "one-and-'1'"]
)
def test_event_terms_refuses_mixed_label_types(groups):
    """Labels mixing str and int raise a TypeError instead of merging or crashing."""
    with pytest.raises(TypeError, match=r"groups mixes label types \['int', 'str'\]"):
        event_terms([1.0, 2.0, 3.0, 4.0], [0.0] * 4, groups)


def test_event_terms_refuses_overflowing_residuals():
    """Finite values whose difference overflows raise a ValueError."""
    with pytest.raises(ValueError, match=r"overflows to infinity"):
        event_terms([1e308, -1e308, 1.0, 2.0], [-1e308, 1e308, 0.0, 0.0], [0, 0, 1, 1])


def test_event_terms_huge_residuals_stay_finite():
    """Residuals of 1e200 give finite tau, phi and terms (squares used to overflow).

    Input found by nn-tests' property suite.
    """
    result = event_terms(
        np.array([1.76405235, 0.40015721, 0.97873798]),
        np.array([1.76405235e200, 4.00157208e199, 9.78737984e199]),
        np.array(["a", "b", "a"]),
    )
    assert np.isfinite([result.tau, result.phi, result.bias]).all()
    assert np.isfinite(result.event_terms).all()
    rebuilt = result.bias + result.event_terms.to_numpy()[[0, 1, 0]]
    rebuilt = rebuilt + result.within_event_residuals
    np.testing.assert_allclose(
        rebuilt, [-1.76405235e200, -4.00157208e199, -9.78737984e199], rtol=1e-9
    )
