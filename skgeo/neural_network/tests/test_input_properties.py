"""Property tests: any input either trains a finite model or raises clearly."""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from skgeo import GeoMLPClassifier, GeoMLPRegressor

FLOATS = st.floats(allow_nan=True, allow_infinity=True, width=64)
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def inputs():
    """Arrays of 0-3 dimensions and 0-6 rows, with NaN, inf and huge values."""
    shapes = st.one_of(
        st.tuples(),
        st.tuples(st.integers(0, 6)),
        st.tuples(st.integers(0, 6), st.integers(0, 3)),
        st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 2)),
    )
    return shapes.flatmap(lambda shape: arrays(np.float64, shape, elements=FLOATS))


def fit_or_explain(estimator, X, y):
    """Fit; a refusal must be a ValueError or TypeError with a message."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            estimator.fit(X, y)
    except (ValueError, TypeError) as exc:
        assert str(exc), "errors must say what was wrong"
        return None
    return estimator


@SETTINGS
@given(X=inputs(), y=inputs())
def test_regressor_fits_or_raises_clearly(X, y):
    """Malformed or extreme data never crashes deep inside NumPy."""
    estimator = fit_or_explain(
        GeoMLPRegressor(hidden_layer_sizes=(3,), max_iter=3, random_state=0), X, y
    )
    if estimator is not None:
        assert all(np.isfinite(c).all() for c in estimator.coefs_)
        assert np.isfinite(estimator.predict(X)).all()


@SETTINGS
@given(
    X=arrays(
        np.float64, st.tuples(st.integers(2, 8), st.integers(1, 3)), elements=FLOATS
    ),
    labels=st.lists(st.sampled_from(["a", "b", "c"]), min_size=2, max_size=8),
    solver=st.sampled_from(["adam", "lbfgs"]),
)
def test_classifier_fits_or_raises_clearly(X, labels, solver):
    """Classifiers too: a finite model or a ValueError/TypeError."""
    y = np.array(labels)
    estimator = fit_or_explain(
        GeoMLPClassifier(
            hidden_layer_sizes=(3,), solver=solver, max_iter=3, random_state=0
        ),
        X,
        y,
    )
    if estimator is not None:
        proba = estimator.predict_proba(X)
        assert np.isfinite(proba).all()
        np.testing.assert_allclose(proba.sum(axis=1), 1.0)


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_non_finite_inputs_are_named(value):
    """NaN or infinity in X is refused by input validation, by name."""
    X = np.ones((5, 2))
    X[2, 1] = value
    with pytest.raises(ValueError, match="Input X contains (NaN|infinity)"):
        GeoMLPRegressor().fit(X, np.arange(5.0))
