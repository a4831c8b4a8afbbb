"""The early-stopping validation set: exact, proportional on repeated rows."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GroupKFold, GroupShuffleSplit
from sklearn.neural_network import MLPRegressor

from skgeo import GeoMLPClassifier, GeoMLPRegressor
from skgeo.neural_network._validation_split import fraction_split


def _held_weight(split, weights=None):
    if split.validation_weight is not None:
        return split.validation_weight.sum()
    return split.validation.size if weights is None else weights[split.validation].sum()


def test_weight_aware_split_takes_the_weight_fraction():
    """Unequal weights: validation holds validation_fraction of the weight."""
    rng = np.random.RandomState(0)
    X, Y = rng.normal(size=(2000, 3)), rng.normal(size=(2000, 1))
    weights = rng.exponential(1.0, 2000)
    weights[:100] = 0
    split = fraction_split(X, Y, 0.2, 1, None, weights)
    held = split.validation_weight.sum()
    assert abs(held - 0.2 * weights.sum()) <= weights.max()
    assert not set(split.validation) & set(range(100))
    assert sorted(np.r_[split.train, split.validation]) == list(range(2000))
    assert split.n_distinct == split.validation.size


@pytest.mark.parametrize("fraction", [0.1, 0.25])
@pytest.mark.parametrize("n_distinct", [1, 3, 7, 40])
def test_repeated_rows_split_in_proportion(n_distinct, fraction):
    """A few distinct rows repeated many times: exact share, copies on both sides."""
    rng = np.random.RandomState(n_distinct)
    base = rng.normal(size=(n_distinct, 2))
    copies = rng.randint(20, 400, n_distinct)
    X = np.repeat(base, copies, axis=0)
    Y = np.repeat(rng.normal(size=(n_distinct, 1)), copies, axis=0)
    split = fraction_split(X, Y, fraction, 3)
    assert abs(split.validation.size - fraction * X.shape[0]) <= 1
    for k in range(n_distinct):
        is_k = np.all(X == base[k], axis=1)
        held = np.count_nonzero(is_k[split.validation])
        assert abs(held - fraction * copies[k]) < 1 + 1e-9
    assert split.n_distinct == n_distinct


def test_unique_rows_are_never_split():
    """Distinct unit-weight rows land on one side each."""
    rng = np.random.RandomState(2)
    X = rng.normal(size=(500, 3))
    split = fraction_split(X, np.zeros((500, 1)), 0.2, 0)
    assert not set(split.train) & set(split.validation)
    assert split.validation.size == 100


def test_split_is_equivalent_to_repeating_samples():
    """Integer weights and repeated rows split alike: same weight per row and side."""
    rng = np.random.RandomState(1)
    X, Y = rng.normal(size=(60, 2)), rng.normal(size=(60, 1))
    weights = rng.randint(0, 4, 60)
    weighted = fraction_split(X, Y, 0.3, 7, None, weights.astype(float))
    X_rep, Y_rep = np.repeat(X, weights, axis=0), np.repeat(Y, weights, axis=0)
    repeated = fraction_split(X_rep, Y_rep, 0.3, 7, None, None)
    origin = np.repeat(np.arange(60), weights)
    per_row = np.zeros(60)
    np.add.at(per_row, weighted.validation, weighted.validation_weight)
    expected = np.bincount(origin[repeated.validation], minlength=60)
    np.testing.assert_array_equal(per_row, expected)


def test_sparse_and_dense_split_alike():
    """The content hash ignores the storage format."""
    rng = np.random.RandomState(3)
    X = rng.normal(size=(80, 5))
    X[X < 0.5] = 0
    Y = rng.normal(size=(80, 1))
    dense = fraction_split(X, Y, 0.2, 0).validation
    sparse = fraction_split(sp.csr_matrix(X), Y, 0.2, 0).validation
    np.testing.assert_array_equal(dense, sparse)


def test_multiclass_split_is_stratified():
    """Each class keeps its share in the early-stopping validation set."""
    rng = np.random.RandomState(4)
    X = rng.normal(size=(1000, 2))
    codes = np.repeat([0, 1, 2], [500, 300, 200])
    split = fraction_split(X, codes[:, None], 0.1, 0, codes)
    np.testing.assert_array_equal(np.bincount(codes[split.validation]), [50, 30, 20])
    weights = rng.uniform(0.5, 1.5, 1000)
    split = fraction_split(X, codes[:, None], 0.1, 0, codes, weights)
    held = np.bincount(codes[split.validation], weights=split.validation_weight)
    shares = held / np.bincount(codes, weights=weights)
    np.testing.assert_allclose(shares, 0.1, atol=0.01)


def test_single_sample_class_is_an_error_or_stays_in_training():
    """One sample of a class: error (as scikit-learn), or kept in training."""
    X = np.arange(12.0).reshape(6, 2)
    with pytest.raises(ValueError, match=r"only 1 member.*\['2'\]"):
        fraction_split(X, None, 0.3, 0, np.array([0, 0, 1, 1, 1, 2]))
    with pytest.warns(UserWarning, match=r"Classes \['2'\] have fewer"):
        split = fraction_split(
            X, None, 0.3, 0, np.array([0, 0, 1, 1, 1, 2]), strict_classes=False
        )
    assert 5 not in split.validation


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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        a = GeoMLPRegressor(**params).fit(X, y, sample_weight=weights)
        b = GeoMLPRegressor(**params).fit(
            np.repeat(X, weights, axis=0), np.repeat(y, weights)
        )
    np.testing.assert_allclose(a.predict(X), b.predict(X), rtol=1e-7, atol=1e-9)


def _categories(n_per_category, seed=0):
    """One-hot categories; y is the category's mean +-1: 12 distinct samples."""
    rng = np.random.RandomState(seed)
    means = np.array([0.0, 3.0, 6.0, 9.0])
    codes = np.repeat(np.arange(4), n_per_category)
    X = np.eye(4)[codes]
    return X, means[codes] + rng.choice([-1.0, 0.0, 1.0], size=codes.size), means


def test_regressor_learns_repeated_categories_with_early_stopping():
    """Repeated rows: early stopping on a proportional split finds the means."""
    X, y, means = _categories(1000)
    params = {
        "hidden_layer_sizes": (8,),
        "early_stopping": True,
        "max_iter": 200,
        "random_state": 0,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours = GeoMLPRegressor(**params).fit(X, y)
        theirs = MLPRegressor(**params).fit(X, y)
    np.testing.assert_allclose(ours.predict(np.eye(4)), means, atol=0.3)
    assert ours.score(X, y) >= theirs.score(X, y) - 0.02


def test_classifier_holds_out_the_fraction_on_repeated_rows(monkeypatch):
    """A classifier on a few repeated rows holds out 10 %, not a third."""
    from skgeo.neural_network import _validation_split

    seen = {}
    real = _validation_split.fraction_split

    def spy(*args, **kwargs):
        seen["split"] = real(*args, **kwargs)
        return seen["split"]

    monkeypatch.setattr(_validation_split, "fraction_split", spy)
    rng = np.random.RandomState(0)
    X = np.repeat(rng.normal(size=(6, 2)), rng.randint(300, 900, 6), axis=0)
    y = (X[:, 0] > X[:, 1]).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        GeoMLPClassifier(early_stopping=True, max_iter=5, random_state=0).fit(X, y)
    assert abs(seen["split"].validation.size - 0.1 * X.shape[0]) <= 2


def test_splitter_leaving_no_training_rows_is_named():
    """A validation_split whose first split has no training rows: clear error."""
    X, y, _ = _categories(10)

    class AllForValidation:
        def split(self, X, y=None, groups=None):
            yield np.array([], dtype=int), np.arange(len(X))

    est = GeoMLPRegressor(validation_split=AllForValidation(), max_iter=2)
    with pytest.raises(ValueError, match="validation_split=.*none in training"):
        est.fit(X, y)
    one_group = GroupShuffleSplit(n_splits=1, test_size=0.99, random_state=0)
    est.set_params(validation_split=one_group)
    with pytest.raises(ValueError, match="validation_split=GroupShuffleSplit"):
        est.fit(X, y, groups=np.zeros(len(y)))


def test_group_kfold_validation_still_works():
    """A grouped splitter gives the validation set its first test fold."""
    X, y, _ = _categories(30)
    groups = np.arange(len(y)) % 5
    est = GeoMLPRegressor(validation_split=GroupKFold(5), max_iter=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est.fit(X, y, groups=groups)
    assert len(est.validation_scores_) == est.n_iter_
