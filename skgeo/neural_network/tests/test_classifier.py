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
