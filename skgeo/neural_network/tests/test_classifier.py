"""GeoMLPClassifier-specific behaviour."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification, make_multilabel_classification
from sklearn.exceptions import ConvergenceWarning

from skgeo import GeoMLPClassifier


@pytest.fixture(autouse=True)
def _quiet_convergence():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        yield


def test_string_labels_with_early_stopping():
    """String labels work, including the early-stopping validation score."""
    X, y = make_classification(
        n_samples=150, n_classes=3, n_informative=4, random_state=0
    )
    labels = np.array(["ridge", "valley", "plain"], dtype=object)[y]
    clf = GeoMLPClassifier(early_stopping=True, max_iter=30, random_state=0)
    clf.fit(X, labels)
    assert set(clf.predict(X)) <= set(labels)
    assert np.isfinite(clf.validation_scores_).all()


def test_binary_outputs():
    """Binary problems: one logistic unit, two probability columns."""
    X, y = make_classification(n_samples=100, random_state=1)
    clf = GeoMLPClassifier(max_iter=50, random_state=0).fit(X, y)
    assert clf.n_outputs_ == 1 and clf.out_activation_ == "logistic"
    proba = clf.predict_proba(X)
    assert proba.shape == (100, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(clf.classes_[proba.argmax(axis=1)], clf.predict(X))


@pytest.mark.parametrize("logit", [-5.0, 5.0])
def test_one_class_predicts_that_class_whatever_the_logit(logit):
    """A single-class fit predicts its class for either sign of the logit."""
    rng = np.random.RandomState(0)
    X = rng.randn(20, 2)
    clf = GeoMLPClassifier(max_iter=5, random_state=0).fit(X, np.full(20, 7))
    clf.coefs_[-1][:] = 0.0
    clf.intercepts_[-1][:] = logit
    np.testing.assert_array_equal(clf.predict(X), np.full(20, 7))
    clf.set_params(early_stopping=True, validation_fraction=0.2).fit(X, np.full(20, 7))
    assert clf.validation_scores_[-1] == 1.0


def test_multiclass_outputs():
    """Multiclass problems: a softmax unit per class, rows summing to one."""
    X, y = make_classification(
        n_samples=120, n_classes=4, n_informative=5, random_state=2
    )
    clf = GeoMLPClassifier(max_iter=50, random_state=0).fit(X, y)
    assert clf.out_activation_ == "softmax" and clf.n_outputs_ == 4
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_allclose(clf.predict_log_proba(X), np.log(proba))


def test_multilabel_outputs():
    """Multilabel indicator targets: independent logistic units."""
    X, Y = make_multilabel_classification(n_samples=80, n_classes=4, random_state=0)
    clf = GeoMLPClassifier(solver="lbfgs", hidden_layer_sizes=(30,), random_state=0)
    clf.fit(X, Y)
    assert clf.out_activation_ == "logistic"
    assert clf.predict(X).shape == Y.shape
    np.testing.assert_array_equal(clf.predict_proba(X) > 0.5, clf.predict(X) == 1)


def test_partial_fit_requires_classes_first():
    """The first partial_fit needs classes=; later calls may see a subset."""
    X, y = make_classification(
        n_samples=60, n_classes=3, n_informative=3, random_state=3
    )
    clf = GeoMLPClassifier(random_state=0)
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        clf.partial_fit(X, y)
    clf.partial_fit(X, y, classes=[0, 1, 2])
    clf.partial_fit(X[y == 0], y[y == 0])
    assert list(clf.classes_) == [0, 1, 2]


def test_warm_start_with_new_classes_is_refused():
    """warm_start keeps the classes; a different set is an error naming both."""
    X, y = make_classification(n_samples=60, random_state=4)
    clf = GeoMLPClassifier(warm_start=True, max_iter=5).fit(X, y)
    with pytest.raises(ValueError, match="same classes as in the previous call"):
        clf.fit(X, y + 1)


def test_early_stopping_split_is_stratified():
    """A class with one member cannot be stratified into the validation split."""
    X, y = [[1, 2], [2, 3], [3, 4], [4, 5]], [0, 0, 0, 1]
    with pytest.raises(ValueError, match="least populated class"):
        GeoMLPClassifier(early_stopping=True).fit(X, y)


@pytest.mark.parametrize(
    "y",
    [
        np.array([3, 1, 3, 1, 1]),
        np.array(["ridge", "valley", "plain", "ridge", "plain"], dtype=object),
        np.array([2, 2, 2, 2, 2]),
        np.array([0, 1, 2, 5, 5]),
    ],
    ids=["binary", "strings", "one-class", "multiclass"],
)
def test_indicators_match_label_binarizer(y):
    """The direct one-hot encoding equals LabelBinarizer's, as booleans."""
    from sklearn.preprocessing import LabelBinarizer

    X = np.arange(10.0).reshape(5, 2)
    clf = GeoMLPClassifier(max_iter=1).fit(X, y)
    expected = LabelBinarizer().fit(y).transform(y).astype(bool)
    indicators = clf._indicators(y)
    assert indicators.dtype == bool
    np.testing.assert_array_equal(indicators, expected)
    # partial_fit batches may hold a subset of the classes.
    subset = clf._indicators(y[:2])
    np.testing.assert_array_equal(subset, expected[:2])


def _binary(n=100, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, 3))
    return X, (X[:, 0] > 0).astype(int)


@pytest.mark.parametrize(
    "class_weight, value",
    [({0: -1.0, 1: 1.0}, "-1.0"), ({0: np.nan, 1: 1.0}, "nan"), ({0: "x"}, "'x'")],
    ids=["negative", "nan", "not-a-number"],
)
def test_class_weight_must_be_finite_and_non_negative(class_weight, value):
    """Negative or NaN class weights are refused (defects 4 and 6)."""
    X, y = _binary()
    with pytest.raises(ValueError, match=rf"class_weight.*got {value} for class 0"):
        GeoMLPClassifier(class_weight=class_weight, max_iter=3).fit(X, y)


def test_all_zero_class_weights_are_an_error():
    """Class weights that zero every sample name class_weight (defect 5)."""
    X, y = _binary()
    with pytest.raises(ValueError, match=r"zero weight \(class_weight=\{0: 0"):
        GeoMLPClassifier(class_weight={0: 0, 1: 0}, max_iter=3).fit(X, y)


@pytest.mark.usefixtures("_quiet_convergence")
def test_zero_class_weight_with_batch_size_one_trains():
    """A zero class weight with batch_size=1 skips those samples (defect 5)."""
    X, y = _binary()
    clf = GeoMLPClassifier(
        class_weight={0: 0, 1: 1}, batch_size=1, max_iter=2, random_state=0
    ).fit(X, y)
    assert np.isfinite(clf.loss_curve_).all()


@pytest.mark.parametrize(
    "y_val, message",
    [
        (np.r_[np.zeros(9, int), 7], r"y_val has class\(es\) \[7\] that y does not"),
        (np.zeros((10, 2), int), r"y_val has shape \(10, 2\), but y had one label"),
    ],
    ids=["unseen-class", "two-columns"],
)
def test_bad_y_val_is_named(y_val, message):
    """A y_val that does not match y names y_val (defect 7)."""
    X, y = _binary()
    with pytest.raises(ValueError, match=message):
        GeoMLPClassifier(max_iter=3).fit(X, y, X_val=X[:10], y_val=y_val)


@pytest.mark.usefixtures("_quiet_convergence")
def test_y_val_may_hold_fewer_classes_with_warm_start():
    """An explicit y_val with a subset of the classes is fine under warm_start."""
    X, y = _binary()
    clf = GeoMLPClassifier(max_iter=3, warm_start=True, random_state=0)
    clf.fit(X, y)
    clf.fit(X, y, X_val=X[y == 1][:10], y_val=y[y == 1][:10])
    assert len(clf.validation_scores_) == clf.n_iter_
