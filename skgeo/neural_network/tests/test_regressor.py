"""GeoMLPRegressor-specific behaviour."""

import numpy as np
import pytest
from sklearn.linear_model import PoissonRegressor, Ridge

from skgeo import GeoMLPRegressor


def test_no_hidden_layer_is_ridge():
    """With no hidden layer, squared error and L2 give Ridge's solution."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(80, 3))
    y = X @ [1.0, -2.0, 0.5] + 0.3 + rng.normal(scale=0.1, size=80)
    mlp = GeoMLPRegressor(
        hidden_layer_sizes=(),
        solver="lbfgs",
        alpha=2.0,
        tol=1e-12,
        max_iter=2000,
        random_state=0,
    ).fit(X, y)
    ridge = Ridge(alpha=2.0).fit(X, y)
    np.testing.assert_allclose(mlp.coefs_[0].ravel(), ridge.coef_, rtol=1e-5)
    np.testing.assert_allclose(mlp.intercepts_[0], ridge.intercept_, rtol=1e-5)


def test_no_hidden_layer_poisson_is_the_glm():
    """With no hidden layer, the Poisson loss fits scikit-learn's Poisson GLM."""
    rng = np.random.RandomState(1)
    X = rng.uniform(size=(200, 2))
    y = rng.poisson(np.exp(X @ [1.0, -0.5] + 0.5))
    mlp = GeoMLPRegressor(
        loss="poisson",
        hidden_layer_sizes=(),
        solver="lbfgs",
        alpha=0.0,
        tol=1e-12,
        max_iter=2000,
        random_state=0,
    ).fit(X, y)
    glm = PoissonRegressor(alpha=0.0, tol=1e-10).fit(X, y)
    assert mlp.out_activation_ == "exp"
    np.testing.assert_allclose(mlp.predict(X), glm.predict(X), rtol=1e-5)


def test_multioutput_shapes():
    """Several targets train one network with one output unit each."""
    rng = np.random.RandomState(2)
    X = rng.normal(size=(100, 4))
    Y = np.c_[X[:, 0], X[:, 1] - X[:, 2], np.sin(X[:, 3])]
    est = GeoMLPRegressor(hidden_layer_sizes=(20,), solver="lbfgs", random_state=0)
    est.fit(X, Y)
    assert est.n_outputs_ == 3
    assert est.predict(X).shape == (100, 3)
    assert est.score(X, Y) > 0.9


def test_single_output_predictions_are_1d():
    """A single target gives 1-D predictions, as scikit-learn does."""
    X, y = np.random.RandomState(3).normal(size=(30, 2)), np.arange(30.0)
    assert GeoMLPRegressor(max_iter=5).fit(X, y).predict(X).shape == (30,)


def test_column_vector_target_warns_and_is_raveled():
    """A (n, 1) target warns like scikit-learn and predicts 1-D."""
    from sklearn.exceptions import DataConversionWarning

    X, y = np.random.RandomState(4).normal(size=(30, 2)), np.arange(30.0)
    with pytest.warns(DataConversionWarning):
        est = GeoMLPRegressor(max_iter=5).fit(X, y.reshape(-1, 1))
    assert est.predict(X).shape == (30,)
