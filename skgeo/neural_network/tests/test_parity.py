"""Parity with scikit-learn's MLP on the same data and settings.

skgeo draws the same random numbers in the same order and follows the same
update rules, so with a fixed seed the two implementations agree to rounding
error wherever scikit-learn is correct. Where skgeo deliberately differs (the
multi-output L-BFGS objective), the test scores are compared with a stated
tolerance instead.
"""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification, make_regression
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor

from skgeo import GeoMLPClassifier, GeoMLPRegressor

PAIRS = {
    "regressor": (GeoMLPRegressor, MLPRegressor),
    "classifier": (GeoMLPClassifier, MLPClassifier),
}


def dataset(kind, n_samples=300, n_classes=3, n_targets=1):
    if kind == "regressor":
        X, y = make_regression(
            n_samples=n_samples,
            n_features=6,
            n_targets=n_targets,
            noise=5.0,
            random_state=0,
        )
        y = y / y.std(axis=0)
    else:
        X, y = make_classification(
            n_samples=n_samples,
            n_features=6,
            n_informative=4,
            n_classes=n_classes,
            random_state=0,
        )
    return train_test_split(X, y, random_state=0)


def fit_both(kind, data, **params):
    ours, theirs = PAIRS[kind]
    X_train, _, y_train, _ = data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        a = ours(**params).fit(X_train, y_train)
        b = theirs(**params).fit(X_train, y_train)
    return a, b


@pytest.mark.parametrize("kind", sorted(PAIRS))
@pytest.mark.parametrize(
    "params",
    [
        {"solver": "adam"},
        {"solver": "sgd", "learning_rate": "invscaling", "learning_rate_init": 0.05},
        {"solver": "sgd", "nesterovs_momentum": False, "learning_rate": "adaptive"},
        {"solver": "lbfgs"},
        {"solver": "adam", "activation": "tanh", "batch_size": 17, "alpha": 0.01},
        {"solver": "sgd", "activation": "logistic", "shuffle": False},
    ],
    ids=[
        "adam",
        "sgd-invscaling",
        "sgd-adaptive",
        "lbfgs",
        "tanh-batch17",
        "logistic-noshuffle",
    ],
)
def test_same_weights_as_sklearn(kind, params):
    """Same seed and settings: the same weights, losses and predictions."""
    data = dataset(kind)
    common = {"hidden_layer_sizes": (16, 8), "max_iter": 30, "random_state": 3}
    ours, theirs = fit_both(kind, data, **common, **params)
    assert ours.n_iter_ == theirs.n_iter_
    for a, b in zip(
        ours.coefs_ + ours.intercepts_, theirs.coefs_ + theirs.intercepts_, strict=True
    ):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(ours.loss_, theirs.loss_, rtol=1e-7)
    X_test = data[1]
    if kind == "classifier":
        np.testing.assert_array_equal(ours.predict(X_test), theirs.predict(X_test))
    else:
        np.testing.assert_allclose(ours.predict(X_test), theirs.predict(X_test))


@pytest.mark.parametrize("kind", sorted(PAIRS))
def test_same_weights_with_sample_weight(kind):
    """Sample weights are used exactly as scikit-learn uses them."""
    data = dataset(kind)
    weights = np.random.RandomState(0).uniform(0.1, 3.0, len(data[0]))
    ours, theirs = PAIRS[kind]
    params = {"hidden_layer_sizes": (8,), "max_iter": 20, "random_state": 1}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        a = ours(**params).fit(data[0], data[2], sample_weight=weights)
        b = theirs(**params).fit(data[0], data[2], sample_weight=weights)
    np.testing.assert_allclose(a.coefs_[0], b.coefs_[0], rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
def test_multioutput_scores_within_tolerance(solver):
    """Multi-output regression: test R² within 0.05 of scikit-learn's.

    skgeo's multi-output loss is summed over outputs so that it is the
    function whose gradient both libraries follow; scikit-learn reports the
    mean. Stopping rules compare that loss with ``tol``, and L-BFGS
    line-searches it, so the fits end differently and only the scores are
    compared.
    """
    data = dataset("regressor", n_samples=400, n_targets=3)
    ours, theirs = fit_both(
        "regressor",
        data,
        hidden_layer_sizes=(32,),
        solver=solver,
        max_iter=200,
        random_state=0,
    )
    X_test, y_test = data[1], data[3]
    assert abs(ours.score(X_test, y_test) - theirs.score(X_test, y_test)) < 0.05


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_multioutput_steps_identical(solver):
    """Multi-output stochastic updates are scikit-learn's, step for step."""
    data = dataset("regressor", n_samples=200, n_targets=3)
    ours, theirs = fit_both(
        "regressor",
        data,
        hidden_layer_sizes=(8,),
        solver=solver,
        max_iter=15,
        tol=0.0,
        n_iter_no_change=np.inf,
        alpha=0.0,
        random_state=0,
    )
    np.testing.assert_allclose(ours.coefs_[0], theirs.coefs_[0], rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(ours.loss_, 3 * theirs.loss_, rtol=1e-6)


@pytest.mark.parametrize("kind", sorted(PAIRS))
def test_early_stopping_scores_within_tolerance(kind):
    """Early stopping: test scores within 0.05 of scikit-learn's.

    skgeo draws its validation set by sample content (weight-aware,
    stratified for multiclass, duplicate-safe), not with scikit-learn's
    random stream, so the fits differ and only the scores are compared.
    """
    data = dataset(kind, n_samples=600)
    ours, theirs = fit_both(
        kind,
        data,
        hidden_layer_sizes=(32,),
        early_stopping=True,
        max_iter=300,
        random_state=0,
    )
    X_test, y_test = data[1], data[3]
    assert abs(ours.score(X_test, y_test) - theirs.score(X_test, y_test)) < 0.05


def test_float32_parity():
    """float32 training agrees with scikit-learn's float32 training."""
    X_train, X_test, y_train, _ = dataset("regressor")
    X_train, X_test = X_train.astype(np.float32), X_test.astype(np.float32)
    params = {"hidden_layer_sizes": (16,), "max_iter": 10, "random_state": 0}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        a = GeoMLPRegressor(**params).fit(X_train, y_train)
        b = MLPRegressor(**params).fit(X_train, y_train)
    np.testing.assert_allclose(
        a.predict(X_test), b.predict(X_test), rtol=1e-4, atol=1e-4
    )
