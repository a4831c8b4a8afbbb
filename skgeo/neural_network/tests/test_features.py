"""The training features scikit-learn's MLP lacks, through the public API."""

import itertools
import warnings

import numpy as np
import pytest
from sklearn import config_context
from sklearn.datasets import make_classification, make_multilabel_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, d2_pinball_score, mean_absolute_error
from sklearn.model_selection import GridSearchCV, GroupKFold, GroupShuffleSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.class_weight import compute_class_weight

from skgeo import GeoMLPClassifier, GeoMLPRegressor
from skgeo.neural_network._validation_split import fraction_split


@pytest.fixture(autouse=True)
def _quiet_convergence():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        yield


def regression_data(n=300, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, 4))
    y = X[:, 0] + np.sin(2 * X[:, 1]) + 0.1 * rng.normal(size=n)
    return X, y


def heteroscedastic(n, rng):
    x = rng.uniform(-2, 2, (n, 1))
    noise_scale = 0.2 + 0.5 * np.abs(x[:, 0])
    return x, 2 * np.sin(x[:, 0]) + noise_scale * rng.normal(size=n)


def imbalanced_classes(seed=0):
    return make_classification(
        n_samples=400,
        n_features=5,
        n_informative=3,
        weights=[0.9, 0.1],
        flip_y=0.05,
        random_state=seed,
    )


# ---------------------------------------------------------------------------
# class_weight
# ---------------------------------------------------------------------------
def test_class_weight_dict_equals_sample_weight():
    """A class weight is the same as giving every sample of the class that weight."""
    X, y = imbalanced_classes()
    params = {"hidden_layer_sizes": (8,), "max_iter": 20, "random_state": 0}
    a = GeoMLPClassifier(class_weight={0: 1.0, 1: 5.0}, **params).fit(X, y)
    b = GeoMLPClassifier(**params).fit(X, y, sample_weight=np.where(y == 1, 5.0, 1.0))
    np.testing.assert_allclose(a.coefs_[0], b.coefs_[0])


def test_class_weight_balanced_multiplies_sample_weight():
    """'balanced' uses weighted class counts, and multiplies sample_weight."""
    X, y = imbalanced_classes()
    sw = np.random.RandomState(0).uniform(0.5, 2, len(y))
    counts = np.bincount(y, weights=sw)
    balanced = counts.sum() / (2 * counts)
    # Unweighted, these are LogisticRegression's balanced weights.
    np.testing.assert_allclose(
        np.bincount(y).sum() / (2 * np.bincount(y)),
        compute_class_weight("balanced", classes=np.array([0, 1]), y=y),
    )
    params = {"hidden_layer_sizes": (8,), "max_iter": 20, "random_state": 0}
    a = GeoMLPClassifier(class_weight="balanced", **params).fit(X, y, sample_weight=sw)
    b = GeoMLPClassifier(**params).fit(X, y, sample_weight=sw * balanced[y])
    np.testing.assert_allclose(a.coefs_[0], b.coefs_[0])


def test_class_weight_balanced_raises_minority_recall():
    """Balancing the classes makes the rare class far easier to find."""
    X, y = make_classification(
        n_samples=600,
        n_features=5,
        n_informative=3,
        weights=[0.95, 0.05],
        class_sep=0.5,
        random_state=1,
    )
    params = {"hidden_layer_sizes": (16,), "max_iter": 200, "random_state": 0}
    plain = GeoMLPClassifier(**params).fit(X, y)
    balanced = GeoMLPClassifier(class_weight="balanced", **params).fit(X, y)
    recall = [np.mean(m.predict(X)[y == 1] == 1) for m in (plain, balanced)]
    assert recall[0] < 0.3 and recall[1] > 0.7


def test_class_weight_weighs_the_early_stopping_score():
    """The validation accuracy is weighted by the class weights too."""
    X, y = imbalanced_classes()
    clf = GeoMLPClassifier(
        class_weight={0: 1.0, 1: 9.0},
        early_stopping=True,
        restore_best_weights=False,
        max_iter=5,
        random_state=0,
    ).fit(X[:300], y[:300], X_val=X[300:], y_val=y[300:])
    weights = np.where(y[300:] == 1, 9.0, 1.0)
    expected = accuracy_score(y[300:], clf.predict(X[300:]), sample_weight=weights)
    assert clf.validation_scores_[-1] == pytest.approx(expected)


def test_class_weight_with_float32_minibatches():
    """Class weights combine with float32 data and minibatch solvers."""
    X, y = imbalanced_classes()
    clf = GeoMLPClassifier(class_weight="balanced", batch_size=32, max_iter=3)
    clf.fit(X.astype(np.float32), y)
    assert clf.coefs_[0].dtype == np.float32


def test_class_weight_errors():
    """Unknown classes, multilabel targets and 'balanced' partial_fit are refused."""
    X, y = imbalanced_classes()
    with pytest.raises(ValueError, match=r"class_weight names class\(es\) \[7\]"):
        GeoMLPClassifier(class_weight={7: 2.0}).fit(X, y)
    Xm, Ym = make_multilabel_classification(n_samples=30, random_state=0)
    with pytest.raises(ValueError, match="not supported for multilabel"):
        GeoMLPClassifier(class_weight="balanced").fit(Xm, Ym)
    with pytest.raises(ValueError, match="partial_fit does not see"):
        GeoMLPClassifier(class_weight="balanced").partial_fit(X, y, classes=[0, 1])
    GeoMLPClassifier(class_weight={1: 3.0}).partial_fit(X, y, classes=[0, 1])


# ---------------------------------------------------------------------------
# regression losses
# ---------------------------------------------------------------------------
def test_huber_resists_outlier_records():
    """With 10% gross outliers, Huber predicts clean data better than squared error."""
    rng = np.random.RandomState(0)
    X = rng.uniform(-2, 2, (600, 1))
    y = 1.5 * X[:, 0] + 0.1 * rng.normal(size=600)
    y_dirty = y.copy()
    y_dirty[rng.choice(600, 60, replace=False)] += rng.choice([-30, 30], 60)
    params = {"hidden_layer_sizes": (16,), "solver": "lbfgs", "random_state": 0}
    squared = GeoMLPRegressor(**params).fit(X, y_dirty)
    huber = GeoMLPRegressor(loss="huber", huber_delta=0.5, **params).fit(X, y_dirty)
    error = [mean_absolute_error(y, m.predict(X)) for m in (squared, huber)]
    assert error[1] < error[0] / 3


def test_absolute_error_fits_the_median():
    """With skewed noise, absolute_error finds the median, not the mean."""
    rng = np.random.RandomState(1)
    X = rng.uniform(0, 1, (2000, 1))
    y = rng.exponential(1.0, 2000)  # median log(2) = 0.69, mean 1
    est = GeoMLPRegressor(
        loss="absolute_error",
        hidden_layer_sizes=(4,),
        learning_rate_init=0.01,
        max_iter=100,
        random_state=0,
    ).fit(X, y)
    assert abs(np.median(est.predict(X)) - np.log(2)) < 0.1


def test_prediction_intervals_cover_ninety_percent():
    """5-95% quantiles and mean ± 1.645 std each cover 90% ± 3% of new data."""
    rng = np.random.RandomState(1)
    X_train, y_train = heteroscedastic(10000, rng)
    X_test, y_test = heteroscedastic(4000, rng)
    params = {
        "hidden_layer_sizes": (64, 64),
        "learning_rate_init": 0.003,
        "batch_size": 128,
        "alpha": 1e-3,
        "tol": 1e-6,
        "n_iter_no_change": 20,
        "early_stopping": True,
        "early_stopping_scoring": "loss",
        "validation_fraction": 0.2,
        "random_state": 1,
    }
    quantiles = GeoMLPRegressor(loss="quantile", quantile=[0.05, 0.5, 0.95], **params)
    low, median, high = quantiles.fit(X_train, y_train).predict(X_test).T
    assert np.all(low <= median) and np.all(median <= high)
    coverage = np.mean((y_test >= low) & (y_test <= high))
    assert 0.87 <= coverage <= 0.93

    gaussian = GeoMLPRegressor(loss="gaussian_nll", **params).fit(X_train, y_train)
    mean, std = gaussian.predict(X_test, return_std=True)
    coverage = np.mean(np.abs(y_test - mean) <= 1.645 * std)
    assert 0.87 <= coverage <= 0.93
    # The predicted spread follows the true one, 0.2 + 0.5 |x|.
    assert np.corrcoef(std, 0.2 + 0.5 * np.abs(X_test[:, 0]))[0, 1] > 0.9


def test_quantile_shapes_and_score():
    """Several quantiles: one column each; score is the mean D² pinball score."""
    X, y = regression_data()
    quantiles = [0.1, 0.5, 0.9]
    est = GeoMLPRegressor(
        loss="quantile", quantile=quantiles, max_iter=50, random_state=0
    ).fit(X, y)
    prediction = est.predict(X)
    assert est.n_outputs_ == 3 and prediction.shape == (300, 3)
    # Each column is scored with its own quantile: a score that used the
    # median's pinball loss for every column would differ.
    weights = np.random.RandomState(1).uniform(0.5, 2.0, size=len(y))
    for sample_weight in (None, weights):
        per_output = [
            d2_pinball_score(y, prediction[:, k], alpha=q, sample_weight=sample_weight)
            for k, q in enumerate(quantiles)
        ]
        median_only = [
            d2_pinball_score(y, column, alpha=0.5, sample_weight=sample_weight)
            for column in prediction.T
        ]
        assert abs(np.mean(per_output) - np.mean(median_only)) > 1e-3
        score = est.score(X, y, sample_weight=sample_weight)
        assert score == pytest.approx(np.mean(per_output), rel=1e-12)
    single = GeoMLPRegressor(loss="quantile", quantile=0.5, max_iter=5).fit(X, y)
    assert single.predict(X).shape == (300,)


def test_gaussian_nll_shapes():
    """gaussian_nll: two outputs per target; predict gives the mean (and std)."""
    X, y = regression_data()
    Y = np.c_[y, -y]
    est = GeoMLPRegressor(loss="gaussian_nll", max_iter=5, random_state=0).fit(X, Y)
    assert est.n_outputs_ == 4
    mean, std = est.predict(X, return_std=True)
    assert mean.shape == std.shape == (300, 2) and np.all(std > 0)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"loss": "huber", "huber_delta": 0}, r"'huber_delta' parameter .* Got 0"),
        ({"loss": "quantile", "quantile": 1.0}, r"'quantile' parameter|quantile must"),
        ({"loss": "quantile", "quantile": [0.5, 0.1]}, r"increasing.*\[0.1, 0.5\]"),
        ({"loss": "quantile", "quantile": [0.2, 0.2]}, "distinct quantiles"),
        ({"loss": "quantile", "quantile": [0.2, 1.5]}, r"float in \(0, 1\)"),
    ],
    ids=["huber-delta", "quantile-1", "unsorted", "duplicates", "out-of-range"],
)
def test_bad_loss_parameters(params, message):
    """Bad loss parameters name the parameter, the value and the fix."""
    X, y = regression_data()
    with pytest.raises(ValueError, match=message):
        GeoMLPRegressor(**params).fit(X, y)


def test_return_std_needs_gaussian_nll():
    """return_std on a model without a variance says which loss to use."""
    X, y = regression_data()
    est = GeoMLPRegressor(max_iter=3).fit(X, y)
    with pytest.raises(ValueError, match="return_std=True needs.*gaussian_nll"):
        est.predict(X, return_std=True)


def test_quantile_sequence_with_several_targets():
    """A quantile sequence with a multi-column y is refused."""
    X, y = regression_data()
    with pytest.raises(ValueError, match="needs a single target"):
        GeoMLPRegressor(loss="quantile", quantile=[0.1, 0.9]).fit(X, np.c_[y, y])


# ---------------------------------------------------------------------------
# dropout
# ---------------------------------------------------------------------------
def forward_without_dropout(model, X):
    """The network's output computed by hand from its public weights (ReLU)."""
    values = X
    for i, (coef, intercept) in enumerate(
        zip(model.coefs_, model.intercepts_, strict=True)
    ):
        values = values @ coef + intercept
        if i < len(model.coefs_) - 1:
            values = np.maximum(values, 0)
    return values


def test_dropout_is_reproducible_and_off_at_predict():
    """Same seed, same masks; nothing is dropped when predicting."""
    X, y = regression_data()
    params = {"dropout": 0.3, "max_iter": 10, "random_state": 0}
    a = GeoMLPRegressor(**params).fit(X, y)
    b = GeoMLPRegressor(**params).fit(X, y)
    for coef_a, coef_b in zip(a.coefs_, b.coefs_, strict=True):
        np.testing.assert_array_equal(coef_a, coef_b)
    # predict is the plain forward pass of the learned weights: no unit is
    # dropped and nothing is rescaled, whatever the rate.
    np.testing.assert_allclose(
        a.predict(X), forward_without_dropout(a, X).ravel(), rtol=1e-12, atol=1e-12
    )
    classifier = GeoMLPClassifier(**params).fit(X, y > 0)
    expected = 1 / (1 + np.exp(-forward_without_dropout(classifier, X).ravel()))
    np.testing.assert_allclose(
        classifier.predict_proba(X)[:, 1], expected, rtol=1e-10, atol=1e-12
    )
    plain = GeoMLPRegressor(max_iter=10, random_state=0).fit(X, y)
    assert not np.allclose(plain.coefs_[0], a.coefs_[0])


def test_dropout_per_layer():
    """One rate per hidden layer; each layer trains with its own rate."""
    X, y = regression_data()

    def first_weights(rates):
        return (
            GeoMLPRegressor(
                hidden_layer_sizes=(8, 8), dropout=rates, max_iter=5, random_state=0
            )
            .fit(X, y)
            .coefs_[0]
        )

    fits = {
        rates: first_weights(list(rates))
        for rates in [(0.0, 0.5), (0.5, 0.0), (0.5, 0.5), (0.25, 0.25)]
    }
    # Using one rate (the largest, the first, the mean) for every layer
    # would make two of these fits identical.
    for (rates_a, a), (rates_b, b) in itertools.combinations(fits.items(), 2):
        assert not np.allclose(a, b), f"dropout {rates_a} trained like {rates_b}"
    assert all(np.isfinite(w).all() for w in fits.values())


@pytest.mark.parametrize(
    "params, message",
    [
        ({"dropout": 1.0}, r"'dropout' parameter"),
        ({"dropout": [0.1, 0.2]}, "dropout has 2 rates but the network has 1 hidden"),
        ({"dropout": [-0.1]}, r"dropout rates must be in \[0, 1\)"),
        ({"dropout": 0.2, "solver": "lbfgs"}, "needs a stochastic solver"),
    ],
    ids=["one", "length", "negative", "lbfgs"],
)
def test_bad_dropout(params, message):
    """Dropout outside [0, 1), of the wrong length or with L-BFGS is refused."""
    X, y = regression_data()
    with pytest.raises(ValueError, match=message):
        GeoMLPRegressor(**params).fit(X, y)


# ---------------------------------------------------------------------------
# validation sets
# ---------------------------------------------------------------------------
class FixedSplit:
    """A splitter whose only split is given by hand."""

    def __init__(self, train, test):
        self.train, self.test = train, test

    def split(self, X, y=None, groups=None):
        yield self.train, self.test

    def get_n_splits(self, X=None, y=None, groups=None):
        return 1


def test_validation_split_equals_explicit_validation_set():
    """A splitter's first split and the same rows passed as X_val train alike."""
    X, y = regression_data()
    train, test = np.arange(60, 300), np.arange(60)
    params = {"early_stopping": True, "max_iter": 30, "random_state": 0}
    a = GeoMLPRegressor(validation_split=FixedSplit(train, test), **params).fit(X, y)
    b = GeoMLPRegressor(**params).fit(X[train], y[train], X_val=X[test], y_val=y[test])
    np.testing.assert_allclose(a.coefs_[0], b.coefs_[0])
    assert a.validation_scores_ == b.validation_scores_


def test_grouped_validation_keeps_events_together():
    """With GroupShuffleSplit and groups, no event is on both sides."""
    X, y = regression_data()
    events = np.repeat(np.arange(30), 10)
    seen = {}

    class Spy(GroupShuffleSplit):
        def split(self, X, y=None, groups=None):
            for train, test in super().split(X, y, groups):
                seen["split"] = (groups[train], groups[test])
                yield train, test

    GeoMLPRegressor(
        validation_split=Spy(n_splits=1, test_size=0.2, random_state=0),
        early_stopping=True,
        max_iter=5,
    ).fit(X, y, groups=events)
    train_events, test_events = seen["split"]
    assert not set(train_events) & set(test_events)


def test_groups_are_routed_through_pipeline_and_grid_search():
    """With metadata routing, groups reach both GroupKFold and the estimator."""
    X, y = regression_data()
    events = np.repeat(np.arange(30), 10)
    with config_context(enable_metadata_routing=True):
        mlp = GeoMLPRegressor(
            validation_split=GroupShuffleSplit(n_splits=1, random_state=0),
            early_stopping=True,
            max_iter=10,
            random_state=0,
        ).set_fit_request(groups=True)
        search = GridSearchCV(
            make_pipeline(StandardScaler(), mlp),
            {"geomlpregressor__alpha": [1e-4]},
            cv=GroupKFold(n_splits=3),
        )
        search.fit(X, y, groups=events)
    assert search.best_estimator_[-1].validation_scores_


def test_validation_loss_curve_and_scoring_choices():
    """validation_loss_curve_ is the loss on X_val; scoring='loss' negates it."""
    X, y = regression_data()
    est = GeoMLPRegressor(
        early_stopping=True,
        early_stopping_scoring="loss",
        restore_best_weights=False,
        max_iter=15,
        random_state=0,
    ).fit(X[:200], y[:200], X_val=X[200:], y_val=y[200:])
    assert len(est.validation_loss_curve_) == est.n_iter_ == len(est.loss_curve_)
    np.testing.assert_allclose(
        est.validation_scores_, -np.array(est.validation_loss_curve_)
    )
    expected = 0.5 * np.mean((est.predict(X[200:]) - y[200:]) ** 2)
    assert est.validation_loss_curve_[-1] == pytest.approx(expected)


def test_scorer_name_for_early_stopping():
    """Any scikit-learn scorer name can drive early stopping."""
    X, y = regression_data()
    est = GeoMLPRegressor(
        early_stopping=True,
        early_stopping_scoring="neg_mean_absolute_error",
        restore_best_weights=False,
        max_iter=10,
        random_state=0,
    ).fit(X[:200], y[:200], X_val=X[200:], y_val=y[200:])
    expected = -mean_absolute_error(y[200:], est.predict(X[200:]))
    assert est.validation_scores_[-1] == pytest.approx(expected)


@pytest.mark.parametrize("restore", [True, False])
def test_restore_best_weights(restore):
    """True ends on the best validation epoch, False on the last one."""
    X, y = regression_data()
    est = GeoMLPRegressor(
        early_stopping=True,
        restore_best_weights=restore,
        learning_rate_init=0.05,
        max_iter=40,
        random_state=0,
    ).fit(X[:200], y[:200], X_val=X[200:], y_val=y[200:])
    final = est.score(X[200:], y[200:])
    expected = est.best_validation_score_ if restore else est.validation_scores_[-1]
    assert final == pytest.approx(expected)


def test_monitoring_without_early_stopping():
    """X_val without early_stopping is monitored, but the training loss stops."""
    X, y = regression_data()
    est = GeoMLPRegressor(max_iter=8, random_state=0).fit(
        X[:200], y[:200], X_val=X[200:], y_val=y[200:]
    )
    assert len(est.validation_scores_) == len(est.validation_loss_curve_) == 8
    assert est.best_loss_ == min(est.loss_curve_)


@pytest.mark.parametrize(
    "fit_kwargs, params, message",
    [
        ({"X_val": np.ones((5, 3)), "y_val": np.ones(5)}, {}, "X_val has 3 features"),
        ({"X_val": np.ones((5, 4))}, {}, "X_val and y_val must be given together"),
        (
            {},
            {
                "validation_split": FixedSplit(np.arange(300), np.arange(0)),
                "early_stopping": True,
            },
            "validation set is too small: validation_split kept 0",
        ),
        (
            {"X_val": np.ones((5, 4)), "y_val": np.ones(5)},
            {"solver": "lbfgs"},
            "only used by the stochastic solvers",
        ),
    ],
    ids=["features", "y_val-missing", "empty-split", "lbfgs"],
)
def test_bad_validation_options(fit_kwargs, params, message):
    """Malformed validation options are refused with the reason."""
    X, y = regression_data()
    with pytest.raises(ValueError, match=message):
        GeoMLPRegressor(**params).fit(X, y, **fit_kwargs)


def test_weight_aware_split_takes_the_weight_fraction():
    """Unequal weights: validation holds ~validation_fraction of the weight."""
    rng = np.random.RandomState(0)
    X, Y = rng.normal(size=(2000, 3)), rng.normal(size=(2000, 1))
    weights = rng.exponential(1.0, 2000)
    weights[:100] = 0
    train, val, n_distinct = fraction_split(X, Y, 0.2, 1, None, weights)
    assert abs(weights[val].sum() / weights.sum() - 0.2) < 0.01
    assert not set(val) & set(range(100))
    assert sorted(np.r_[train, val]) == list(range(2000)) and n_distinct == val.size


def test_split_is_equivalent_to_repeating_samples():
    """Integer weights and repeated rows split alike: same rows, same sides."""
    rng = np.random.RandomState(1)
    X, Y = rng.normal(size=(60, 2)), rng.normal(size=(60, 1))
    weights = rng.randint(0, 4, 60)
    _, val_w, _ = fraction_split(X, Y, 0.3, 7, None, weights.astype(float))
    X_rep, Y_rep = np.repeat(X, weights, axis=0), np.repeat(Y, weights, axis=0)
    _, val_r, _ = fraction_split(X_rep, Y_rep, 0.3, 7, None, None)
    np.testing.assert_array_equal(
        np.unique(X[val_w], axis=0), np.unique(X_rep[val_r], axis=0)
    )


def test_duplicates_never_straddle_the_split():
    """Copies of one record all fall on the same side."""
    rng = np.random.RandomState(2)
    base = rng.normal(size=(40, 3))
    X = np.vstack([base, base, base])
    train, val, n_distinct = fraction_split(X, np.zeros((120, 1)), 0.25, 3)
    assert not {tuple(r) for r in X[train]} & {tuple(r) for r in X[val]}
    assert n_distinct == 10 and val.size == 30


def test_sparse_and_dense_split_alike():
    """The content hash ignores the storage format."""
    import scipy.sparse as sp

    rng = np.random.RandomState(3)
    X = rng.normal(size=(80, 5))
    X[X < 0.5] = 0
    Y = rng.normal(size=(80, 1))
    dense = fraction_split(X, Y, 0.2, 0)[1]
    sparse = fraction_split(sp.csr_matrix(X), Y, 0.2, 0)[1]
    np.testing.assert_array_equal(dense, sparse)


def test_rare_multiclass_class_does_not_break_early_stopping():
    """A multiclass class with one sample stays in training (with a warning)."""
    X, y = make_classification(
        n_samples=200, n_classes=3, n_informative=4, random_state=0
    )
    y[0] = 3  # a fourth class, seen once
    with pytest.warns(UserWarning, match="stay in the training set"):
        clf = GeoMLPClassifier(early_stopping=True, max_iter=10, random_state=0)
        clf.fit(X, y)
    assert 3 in clf.classes_


def test_multiclass_split_is_stratified():
    """Each class keeps its share in the early-stopping validation set."""
    rng = np.random.RandomState(4)
    X = rng.normal(size=(1000, 2))
    codes = np.repeat([0, 1, 2], [500, 300, 200])
    _, val, _ = fraction_split(X, codes[:, None], 0.1, 0, codes)
    np.testing.assert_array_equal(np.bincount(codes[val]), [50, 30, 20])
    weights = rng.uniform(0.5, 1.5, 1000)
    _, val, _ = fraction_split(X, codes[:, None], 0.1, 0, codes, weights)
    shares = np.bincount(codes[val], weights=weights[val]) / np.bincount(
        codes, weights=weights
    )
    np.testing.assert_allclose(shares, 0.1, atol=0.01)


def test_single_sample_class_is_an_error_and_copies_stay_in_training():
    """One sample of a class: error (as scikit-learn); only copies: warning."""
    X = np.arange(12.0).reshape(6, 2)
    with pytest.raises(ValueError, match=r"only 1 member.*\['2'\]"):
        fraction_split(X, None, 0.3, 0, np.array([0, 0, 1, 1, 1, 2]))
    with pytest.warns(UserWarning, match=r"Classes \['2'\] have fewer"):
        _, val, _ = fraction_split(
            X, None, 0.3, 0, np.array([0, 0, 1, 1, 1, 2]), strict_classes=False
        )
    assert 5 not in val
    X[5] = X[4]
    with pytest.warns(UserWarning, match=r"Classes \['2'\] have fewer than 2 distinct"):
        _, val, _ = fraction_split(X, None, 0.3, 0, np.array([0, 0, 1, 1, 2, 2]))
    assert not set(val) & {4, 5}


def test_early_stopping_is_weight_equivalent():
    """Early stopping with integer weights equals training on repeated rows."""
    rng = np.random.RandomState(5)
    X = rng.normal(size=(40, 3))
    y = X[:, 0] + 0.1 * rng.normal(size=40)
    weights = rng.randint(0, 4, 40)
    params = {
        "early_stopping": True,
        "validation_fraction": 0.3,
        "max_iter": 20,
        "batch_size": 500,
        "random_state": 0,
    }
    a = GeoMLPRegressor(**params).fit(X, y, sample_weight=weights)
    b = GeoMLPRegressor(**params).fit(
        np.repeat(X, weights, axis=0), np.repeat(y, weights)
    )
    np.testing.assert_allclose(a.predict(X), b.predict(X), rtol=1e-7, atol=1e-9)


# ---------------------------------------------------------------------------
# learning-rate schedules
# ---------------------------------------------------------------------------
def test_invscaling_now_drives_adam():
    """learning_rate='invscaling' changes Adam's steps (scikit-learn ignores it)."""
    X, y = regression_data()
    constant = GeoMLPRegressor(max_iter=5, random_state=0).fit(X, y)
    scaled = GeoMLPRegressor(
        learning_rate="invscaling", power_t=0.25, max_iter=5, random_state=0
    ).fit(X, y)
    assert not np.allclose(constant.coefs_[0], scaled.coefs_[0])
    expected = 0.001 / (scaled.t_ + 1) ** 0.25
    assert scaled._optimizer.learning_rate == pytest.approx(expected)


def test_adaptive_adam_lowers_the_rate_instead_of_stopping():
    """adaptive: a stall divides Adam's rate by 5; training goes on."""
    X, y = regression_data()
    est = GeoMLPRegressor(
        learning_rate="adaptive",
        tol=10.0,
        n_iter_no_change=2,
        max_iter=9,
        random_state=0,
    ).fit(X, y)
    assert est.n_iter_ == 9
    assert est._optimizer.learning_rate == pytest.approx(0.001 / 5**2)


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_cosine_schedule_ends_at_zero(solver):
    """cosine: the rate decays to 0 at max_iter."""
    X, y = regression_data()
    est = GeoMLPRegressor(
        solver=solver,
        learning_rate="cosine",
        tol=0.0,
        n_iter_no_change=np.inf,
        max_iter=6,
        random_state=0,
    ).fit(X, y)
    assert est._optimizer.learning_rate == pytest.approx(0.0, abs=1e-12)


# ---------------------------------------------------------------------------
# progress
# ---------------------------------------------------------------------------
def test_verbose_reports_validation(capsys):
    """verbose: loss, validation loss, validation score and elapsed time."""
    X, y = regression_data()
    GeoMLPRegressor(early_stopping=True, max_iter=2, verbose=True).fit(X, y)
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("Iteration 1, loss = ")
    assert "validation loss = " in line and "validation score = " in line
    assert line.endswith(" s")
