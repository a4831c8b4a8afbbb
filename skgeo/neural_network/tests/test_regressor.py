"""GeoMLPRegressor-specific behaviour."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
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


def _data(n=100, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, 3))
    return X, X[:, 0] - X[:, 1]


@pytest.mark.parametrize(
    "fit_kwargs, params, message",
    [
        (
            lambda X, y: {"X_val": X[:10], "y_val": -np.abs(y[:10])},
            {"loss": "poisson"},
            "y_val has 10 negative value",
        ),
        (
            lambda X, y: {"X_val": X[:1], "y_val": y[:1]},
            {},
            "X_val has 1 sample",
        ),
        (
            lambda X, y: {"X_val": X[:10], "y_val": np.c_[y[:10], y[:10]]},
            {},
            r"y_val has 2 output\(s\) per sample but y has 1",
        ),
        (
            lambda X, y: {"X_val": X[:10, 0], "y_val": y[:10]},
            {},
            r"X_val must be 2-D.*shape \(10,\)",
        ),
        (
            lambda X, y: {"X_val": X[:10, :2], "y_val": y[:10]},
            {},
            "X_val has 2 features per sample but X has 3",
        ),
    ],
    ids=["poisson-negative", "one-row", "outputs", "1-D", "features"],
)
def test_bad_validation_set_names_its_cause(fit_kwargs, params, message):
    """Each malformed X_val/y_val gets an error naming it (defects 6 and 7)."""
    X, y = _data()
    if params.get("loss") == "poisson":
        y = np.abs(y)
    with pytest.raises(ValueError, match=message):
        GeoMLPRegressor(max_iter=3, **params).fit(X, y, **fit_kwargs(X, y))


def test_nan_scorer_is_blamed_not_the_data():
    """A scorer returning NaN is named, not reported as divergence (defect 6)."""
    from sklearn.metrics import make_scorer

    X, y = _data()
    nan_scorer = make_scorer(lambda y_true, y_pred: np.nan)
    est = GeoMLPRegressor(
        early_stopping=True, early_stopping_scoring=nan_scorer, max_iter=3
    )
    with pytest.raises(ValueError, match="early_stopping_scoring=.*returned nan"):
        est.fit(X, y)


def test_zero_weight_batches_are_skipped():
    """A mini-batch whose weights sum to zero is skipped, not a crash (defect 5)."""
    X, y = _data()
    weights = np.ones(100)
    weights[:50] = 0
    est = GeoMLPRegressor(batch_size=10, shuffle=False, max_iter=2, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est.fit(X, y, sample_weight=weights)
    reference = GeoMLPRegressor(
        batch_size=10, shuffle=False, max_iter=2, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reference.fit(X[50:], y[50:])
    for a, b in zip(est.coefs_, reference.coefs_, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    with pytest.raises(ValueError, match="at least one non-zero"):
        est.fit(X, y, sample_weight=np.zeros(100))


def test_warm_start_with_a_new_loss_updates_out_activation():
    """out_activation_ follows the loss after a warm-started refit (defect 9)."""
    X, y = _data()
    est = GeoMLPRegressor(max_iter=3, warm_start=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est.fit(X, np.abs(y))
        assert est.out_activation_ == "identity"
        est.set_params(loss="poisson").fit(X, np.abs(y))
    assert est.out_activation_ == "exp"
    raw = X @ est.coefs_[0] + est.intercepts_[0]
    raw = np.maximum(raw, 0) @ est.coefs_[1] + est.intercepts_[1]
    np.testing.assert_allclose(est.predict(X), np.exp(raw).ravel())


def test_tiny_sample_weights_never_give_nan_predictions():
    """A last update that overflows the outputs is caught (found by nn-tests).

    The L2 term is alpha / sum(sample_weight), so a weight of 1e-300 makes
    one SGD step explode the parameters; the model returned must still
    predict finite values on its training data, and the warning says why.
    """
    est = GeoMLPRegressor(
        hidden_layer_sizes=(2,),
        solver="sgd",
        max_iter=1,
        shuffle=False,
        momentum=0.0,
        random_state=0,
    )
    X, y = [[-0.41675785]], [1.76405235]
    with pytest.warns(ConvergenceWarning, match=r"sample weights sum to 1\.69e-300"):
        est.fit(X, y, sample_weight=[1.69155916e-300])
    assert np.isfinite(est.predict(X)).all()
