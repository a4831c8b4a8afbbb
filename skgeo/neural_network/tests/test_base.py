"""Behaviour shared by both MLPs: fitting ladder, defects fixed, bad input."""

import pickle
import threading
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.datasets import make_classification, make_regression
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skgeo import GeoMLPClassifier, GeoMLPRegressor
from skgeo.neural_network import _base

ESTIMATORS = [GeoMLPRegressor, GeoMLPClassifier]


def data_for(Estimator, n_samples=120, random_state=0):
    if Estimator is GeoMLPRegressor:
        X, y = make_regression(
            n_samples=n_samples, n_features=5, noise=1.0, random_state=random_state
        )
        return X, y / y.std()
    return make_classification(
        n_samples=n_samples, n_features=5, n_informative=3, random_state=random_state
    )


@pytest.fixture(autouse=True)
def _quiet_convergence():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        yield


# ---------------------------------------------------------------------------
# the defects of scikit-learn's MLP that skgeo does not copy
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_partial_fit_hidden_for_lbfgs(Estimator):
    """partial_fit does not exist with L-BFGS (sklearn's regressor exposes it)."""
    assert not hasattr(Estimator(solver="lbfgs"), "partial_fit")
    assert hasattr(Estimator(solver="adam"), "partial_fit")
    assert hasattr(Estimator(solver="sgd"), "partial_fit")


def test_multioutput_lbfgs_loss_is_the_minimised_function():
    """loss_ of a multi-output L-BFGS fit is the objective its gradient belongs to."""
    X, Y = make_regression(n_samples=60, n_features=4, n_targets=3, random_state=0)
    Y = Y / Y.std(axis=0)
    est = GeoMLPRegressor(hidden_layer_sizes=(8,), solver="lbfgs", alpha=0.01)
    est.fit(X, Y)
    residual = est.predict(X) - Y
    penalty = 0.5 * 0.01 * sum(np.sum(c**2) for c in est.coefs_) / len(X)
    expected = 0.5 * np.sum(residual**2) / len(X) + penalty
    assert est.loss_ == pytest.approx(expected, rel=1e-10)
    assert est.loss_curve_[-1] == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
def test_poisson_rejects_negative_targets(solver):
    """loss='poisson' refuses negative y instead of training on NaN losses."""
    X, y = np.ones((5, 2)), np.array([1.0, 2.0, -1.0, 0.0, 3.0])
    with pytest.raises(ValueError, match="loss='poisson' requires non-negative"):
        GeoMLPRegressor(loss="poisson", solver=solver).fit(X, y)


@pytest.mark.parametrize("Estimator", ESTIMATORS)
@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
def test_warm_start_does_not_leak_history(Estimator, solver):
    """Each warm-started fit starts its history afresh: n_iter_ == len(loss_curve_)."""
    X, y = data_for(Estimator)
    est = Estimator(solver=solver, warm_start=True, max_iter=7, random_state=0)
    est.fit(X, y)
    est.set_params(max_iter=4)
    est.fit(X, y)
    assert est.n_iter_ == len(est.loss_curve_) == 4


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_warm_start_does_not_leak_stopping_state(Estimator):
    """A warm refit is not stopped by the previous fit's counters or best score."""
    X, y = data_for(Estimator, n_samples=200)
    est = Estimator(
        early_stopping=True,
        warm_start=True,
        n_iter_no_change=3,
        tol=10.0,
        random_state=0,
    )
    est.fit(X, y)
    # With a huge tol no epoch after the first improves: the first sets the
    # best score, then the counter passes n_iter_no_change after 4 more.
    assert est.n_iter_ == 5
    X2, y2 = data_for(Estimator, n_samples=200, random_state=1)
    est.fit(X2, y2)
    assert est.n_iter_ == 5
    assert est.best_validation_score_ == max(est.validation_scores_)
    assert len(est.validation_scores_) == est.n_iter_


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_best_parameters_are_copies(Estimator):
    """The parameters kept by early stopping never alias the live ones."""
    X, y = data_for(Estimator)
    est = Estimator(early_stopping=True, max_iter=20, random_state=0).fit(X, y)
    assert not np.shares_memory(est._best_params, est._packed)
    assert all(np.shares_memory(c, est._packed) for c in est.coefs_)


@pytest.mark.parametrize("early_stopping", [False, True])
def test_divergence_stops_restores_and_warns(early_stopping):
    """A loss that overflows stops training with a warning and a finite model."""
    X, y = data_for(GeoMLPRegressor)
    est = GeoMLPRegressor(
        solver="sgd",
        learning_rate_init=50.0,
        early_stopping=early_stopping,
        random_state=0,
    )
    message = r"Training diverged.*at epoch \d+.*parameters of epoch \d+.*restored"
    with pytest.warns(ConvergenceWarning, match=message):
        with np.errstate(all="ignore"):
            est.fit(X * 100, y * 100)
    assert all(np.isfinite(c).all() for c in est.coefs_)
    assert np.isfinite(est.predict(X)).all()
    assert est.n_iter_ == len(est.loss_curve_)
    last = [est.loss_curve_[-1], *(est.validation_scores_ or [])[-1:]]
    assert not np.isfinite(last).all()


def test_divergence_without_any_finite_epoch_raises():
    """If no epoch ever ends finite, fit raises instead of returning garbage."""
    rng = np.random.RandomState(0)
    X = np.finfo(np.float64).max * rng.uniform(size=(10, 2))
    with pytest.raises(ValueError, match="non-finite.*StandardScaler"):
        with np.errstate(all="ignore"):
            GeoMLPRegressor().fit(X, rng.normal(size=10))


@pytest.mark.parametrize("early_stopping", [False, True])
def test_keyboard_interrupt_keeps_a_usable_model(monkeypatch, early_stopping):
    """Ctrl-C during training stops cleanly with the parameters so far."""
    calls = {"n": 0}
    real_run_epoch = _base.run_epoch

    def interrupted(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return real_run_epoch(*args, **kwargs)

    monkeypatch.setattr(_base, "run_epoch", interrupted)
    X, y = data_for(GeoMLPRegressor)
    est = GeoMLPRegressor(max_iter=50, early_stopping=early_stopping, random_state=0)
    with pytest.warns(UserWarning, match="Training interrupted by user"):
        est.fit(X, y)
    assert est.n_iter_ == len(est.loss_curve_) == 3
    assert np.isfinite(est.predict(X)).all()


# ---------------------------------------------------------------------------
# bookkeeping
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_partial_fit_counts_epochs(Estimator):
    """Each partial_fit call is one epoch: n_iter_ and loss_curve_ grow together."""
    X, y = data_for(Estimator)
    est = Estimator(random_state=0)
    kwargs = {"classes": np.unique(y)} if Estimator is GeoMLPClassifier else {}
    for _ in range(3):
        est.partial_fit(X, y, **kwargs)
    assert est.n_iter_ == len(est.loss_curve_) == 3
    assert est.t_ == 3 * len(X)


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_lbfgs_records_loss_curve(Estimator):
    """L-BFGS also records its loss per iteration (scikit-learn records none)."""
    X, y = data_for(Estimator)
    est = Estimator(solver="lbfgs", max_iter=15, random_state=0).fit(X, y)
    assert len(est.loss_curve_) == est.n_iter_ <= 15
    assert est.best_loss_ == min(est.loss_curve_)


@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_verbose_prints_one_line_per_epoch(capsys, solver):
    """verbose prints scikit-learn's 'Iteration n, loss = ...' line per epoch."""
    X, y = data_for(GeoMLPRegressor)
    early = solver == "adam"
    GeoMLPRegressor(
        solver=solver, max_iter=3, verbose=True, early_stopping=early, random_state=0
    ).fit(X, y)
    lines = [
        line for line in capsys.readouterr().out.splitlines() if "Iteration" in line
    ]
    assert len(lines) == 3
    assert lines[0].startswith("Iteration 1, loss = ")
    if early:
        assert "validation score = " in lines[0]


# ---------------------------------------------------------------------------
# data handling
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("Estimator", ESTIMATORS)
@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_float32_is_kept_end_to_end(Estimator, solver):
    """float32 inputs train float32 parameters and give float32 outputs."""
    X, y = data_for(Estimator)
    est = Estimator(solver=solver, max_iter=5, random_state=0).fit(
        X.astype(np.float32), y
    )
    assert all(c.dtype == np.float32 for c in [*est.coefs_, *est.intercepts_])
    output = est.predict(X.astype(np.float32))
    if Estimator is GeoMLPClassifier:
        output = est.predict_proba(X.astype(np.float32))
    assert output.dtype == np.float32


@pytest.mark.parametrize("Estimator", ESTIMATORS)
@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_sparse_input_matches_dense(Estimator, fmt):
    """CSR and CSC inputs give the same model as the dense array."""
    X, y = data_for(Estimator)
    X[np.abs(X) < 0.5] = 0
    dense = Estimator(max_iter=5, random_state=0).fit(X, y)
    sparse = Estimator(max_iter=5, random_state=0).fit(
        sp.csr_matrix(X).asformat(fmt), y
    )
    for a, b in zip(dense.coefs_, sparse.coefs_, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_pandas_feature_names(Estimator):
    """DataFrame columns become feature_names_in_; other names are refused."""
    pd = pytest.importorskip("pandas")
    X, y = data_for(Estimator)
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    est = Estimator(max_iter=5, random_state=0).fit(frame, y)
    assert list(est.feature_names_in_) == list(frame.columns)
    renamed = frame.rename(columns={"f0": "magnitude"})
    with pytest.raises(ValueError, match="feature names should match"):
        est.predict(renamed)


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_pickle_round_trip_then_partial_fit(Estimator):
    """A pickled model predicts the same and keeps training after loading."""
    X, y = data_for(Estimator)
    est = Estimator(max_iter=5, random_state=0).fit(X, y)
    loaded = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(loaded.predict(X), est.predict(X))
    # Pickling leaves the original intact (it keeps training in place).
    assert all(np.shares_memory(c, est._packed) for c in est.coefs_)
    assert all(np.shares_memory(c, loaded._packed) for c in loaded.coefs_)
    before = loaded.coefs_[0].copy()
    loaded.partial_fit(X, y)
    assert not np.array_equal(before, loaded.coefs_[0])


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_user_assigned_coefs_are_used(Estimator):
    """Replacing coefs_ by hand changes what predict and partial_fit use."""
    X, y = data_for(Estimator)
    est = Estimator(hidden_layer_sizes=(3,), max_iter=3, random_state=0).fit(X, y)
    est.coefs_ = [np.zeros_like(c) for c in est.coefs_]
    est.intercepts_ = [np.zeros_like(b) for b in est.intercepts_]
    if Estimator is GeoMLPRegressor:
        np.testing.assert_array_equal(est.predict(X), 0)
    est.partial_fit(X, y)
    assert all(np.shares_memory(c, est._packed) for c in est.coefs_)


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_concurrent_predictions_agree(Estimator):
    """predict allocates per call, so threads can share one fitted model."""
    X, y = data_for(Estimator, n_samples=400)
    est = Estimator(max_iter=5, random_state=0).fit(X, y)
    expected = est.predict(X)
    results = [None] * 8

    def work(i):
        results[i] = est.predict(X)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for result in results:
        np.testing.assert_array_equal(result, expected)


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_pipeline_and_grid_search(Estimator):
    """Works in a Pipeline inside GridSearchCV, and clones cleanly."""
    X, y = data_for(Estimator)
    pipe = make_pipeline(StandardScaler(), Estimator(max_iter=30, random_state=0))
    search = GridSearchCV(
        pipe, {Estimator.__name__.lower() + "__alpha": [1e-4, 1e-1]}, cv=3
    )
    search.fit(X, y)
    assert search.best_estimator_[-1].n_iter_ > 0
    assert clone(Estimator(alpha=0.5)).get_params()["alpha"] == 0.5


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("Estimator", ESTIMATORS)
@pytest.mark.parametrize("sizes", [(10, 0), (-3,), (4.5,), (True,)])
def test_bad_hidden_layer_sizes(Estimator, sizes):
    """Non-positive or non-integer layer sizes name the value and the fix."""
    X, y = data_for(Estimator)
    with pytest.raises(
        ValueError, match=r"hidden_layer_sizes must be positive integers"
    ):
        Estimator(hidden_layer_sizes=sizes).fit(X, y)


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_bad_batch_size(Estimator):
    """batch_size=0 is rejected by parameter validation, naming the parameter."""
    X, y = data_for(Estimator)
    with pytest.raises(ValueError, match=r"'batch_size' parameter .* Got 0 instead"):
        Estimator(batch_size=0).fit(X, y)


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_empty_input(Estimator):
    """An empty X says it found 0 samples."""
    with pytest.raises(ValueError, match="0 sample"):
        Estimator().fit(np.empty((0, 3)), np.empty(0))


def test_nan_in_y():
    """NaN targets are refused."""
    X, y = data_for(GeoMLPRegressor)
    y[3] = np.nan
    with pytest.raises(ValueError, match="Input y contains NaN"):
        GeoMLPRegressor().fit(X, y)


@pytest.mark.parametrize("Estimator", ESTIMATORS)
@pytest.mark.parametrize(
    "weights, message",
    [
        (lambda n: np.r_[-0.5, np.ones(n - 1)], r"non-negative.*1 negative.*-0.5"),
        (lambda n: np.r_[np.nan, np.ones(n - 1)], "NaN"),
        (lambda n: np.zeros(n), "at least one non-zero"),
    ],
    ids=["negative", "nan", "all-zero"],
)
def test_bad_sample_weight(Estimator, weights, message):
    """Negative, NaN or all-zero sample weights are refused with the reason."""
    X, y = data_for(Estimator)
    with pytest.raises(ValueError, match=message):
        Estimator().fit(X, y, sample_weight=weights(len(X)))


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_predict_with_wrong_feature_count(Estimator):
    """predict on data with another number of columns says both numbers."""
    X, y = data_for(Estimator)
    est = Estimator(max_iter=3).fit(X, y)
    with pytest.raises(ValueError, match="X has 4 features.*expecting 5"):
        est.predict(X[:, :4])


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_warm_start_with_new_architecture(Estimator):
    """Changing hidden_layer_sizes under warm_start names both layouts and the fix."""
    X, y = data_for(Estimator)
    est = Estimator(hidden_layer_sizes=(4,), warm_start=True, max_iter=3).fit(X, y)
    est.set_params(hidden_layer_sizes=(6,))
    with pytest.raises(ValueError, match=r"layer sizes \[5, 4, .*warm_start=False"):
        est.fit(X, y)


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_predict_before_fit(Estimator):
    """Predicting with an unfitted model raises NotFittedError."""
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        Estimator().predict(np.ones((2, 3)))


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_partial_fit_after_early_stopping_is_switched_off(Estimator):
    """partial_fit works after early stopping is switched off (defect 8)."""
    X, y = data_for(Estimator)
    est = Estimator(early_stopping=True, max_iter=3, random_state=0, n_iter_no_change=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est.fit(X, y)
    est.set_params(early_stopping=False)
    n_iter = est.n_iter_
    est.partial_fit(X, y)
    assert est.n_iter_ == n_iter + 1
    assert est.best_loss_ == est.loss_
