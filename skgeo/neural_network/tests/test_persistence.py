"""Saved estimators hold standard types only, and resume training exactly."""

import pickle
import warnings

import numpy as np
import pytest
import skops.io as sio

from skgeo import GeoMLPClassifier, GeoMLPRegressor

CONFIGS = {
    "adam": (GeoMLPRegressor, {}),
    "sgd-early-stopping": (
        GeoMLPRegressor,
        {"solver": "sgd", "early_stopping": True, "learning_rate": "adaptive"},
    ),
    "lbfgs": (GeoMLPRegressor, {"solver": "lbfgs"}),
    "huber": (GeoMLPRegressor, {"loss": "huber", "huber_delta": 0.5}),
    "quantiles": (GeoMLPRegressor, {"loss": "quantile", "quantile": [0.1, 0.9]}),
    "gaussian-nll": (GeoMLPRegressor, {"loss": "gaussian_nll"}),
    "poisson": (GeoMLPRegressor, {"loss": "poisson"}),
    "binary": (GeoMLPClassifier, {}),
    "multiclass-sgd": (GeoMLPClassifier, {"solver": "sgd", "dropout": 0.2}),
}


def _data(Estimator, kind, n_samples=80):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(n_samples, 3))
    if Estimator is GeoMLPClassifier:
        if kind.startswith("multiclass"):
            return X, np.digitize(X[:, 0], [-0.5, 0.5])
        return X, X[:, 0] > 0
    if kind == "poisson":
        return X, rng.poisson(np.exp(X[:, 0] / 2)).astype(float)
    return X, X[:, 0] - 2 * X[:, 1]


def _fitted(kind, dtype=np.float64):
    Estimator, params = CONFIGS[kind]
    X, y = _data(Estimator, kind)
    est = Estimator(hidden_layer_sizes=(5,), max_iter=4, random_state=0, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est.fit(X.astype(dtype), y)
    return est, X.astype(dtype), y


def _params(est):
    return [*est.coefs_, *est.intercepts_]


def _skops_round_trip(est):
    data = sio.dumps(est)
    return sio.loads(data, trusted=sio.get_untrusted_types(data=data))


@pytest.mark.parametrize("kind", CONFIGS)
def test_skops_state_has_no_private_skgeo_type(kind):
    """skops lists only the estimator class itself as untrusted."""
    est, _, _ = _fitted(kind)
    untrusted = sio.get_untrusted_types(data=sio.dumps(est))
    assert untrusted == [f"{type(est).__module__}.{type(est).__qualname__}"]


@pytest.mark.parametrize("round_trip", ["pickle", "skops"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["f64", "f32"])
@pytest.mark.parametrize(
    "kind", [k for k, (_, p) in CONFIGS.items() if p.get("solver") != "lbfgs"]
)
def test_round_trip_then_partial_fit_is_bit_identical(kind, dtype, round_trip):
    """partial_fit after saving and loading continues exactly as without it."""
    est, X, y = _fitted(kind, dtype)
    if est.early_stopping:
        est.set_params(early_stopping=False)
    loaded = (
        pickle.loads(pickle.dumps(est))
        if round_trip == "pickle"
        else _skops_round_trip(est)
    )
    np.testing.assert_array_equal(loaded.predict(X), est.predict(X))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            est.partial_fit(X, y)
            loaded.partial_fit(X, y)
    for a, b in zip(_params(est), _params(loaded), strict=True):
        assert a.dtype == b.dtype == dtype
        np.testing.assert_array_equal(a, b)
    assert loaded.loss_curve_ == est.loss_curve_
    assert loaded.t_ == est.t_


@pytest.mark.parametrize("round_trip", ["pickle", "skops"])
@pytest.mark.parametrize("kind", ["adam", "lbfgs", "multiclass-sgd", "quantiles"])
def test_round_trip_then_warm_start_is_bit_identical(kind, round_trip):
    """A warm-started fit after saving and loading equals one without it."""
    est, X, y = _fitted(kind)
    est.set_params(warm_start=True)
    loaded = (
        pickle.loads(pickle.dumps(est))
        if round_trip == "pickle"
        else _skops_round_trip(est)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est.fit(X, y)
        loaded.fit(X, y)
    for a, b in zip(_params(est), _params(loaded), strict=True):
        np.testing.assert_array_equal(a, b)
    assert loaded.loss_curve_ == est.loss_curve_


def test_saving_leaves_the_live_estimator_training_in_place():
    """Pickling copies the optimizer state; the original keeps its own."""
    est, X, y = _fitted("adam")
    moments = est._optimizer._m
    pickle.dumps(est)
    assert est._optimizer._m is moments
    assert all(np.shares_memory(c, est._packed) for c in est.coefs_)


def test_old_style_state_still_loads():
    """A state holding the loss and optimizer objects (older pickles) loads."""
    est, X, y = _fitted("adam")
    state = dict(est.__dict__)
    state.pop("_packed")
    clone = GeoMLPRegressor.__new__(GeoMLPRegressor)
    clone.__setstate__(state)
    np.testing.assert_array_equal(clone.predict(X), est.predict(X))
