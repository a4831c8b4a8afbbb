"""Tests of partial_fit_blocks: block by block training of Dask collections."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.linear_model import SGDRegressor
from sklearn.metrics import mean_squared_error

from skgeo.blockwise import BlockFitResult, partial_fit_blocks
from skgeo.neural_network import GeoMLPClassifier, GeoMLPRegressor

da = pytest.importorskip(
    "dask.array", reason="skgeo.blockwise needs Dask: pip install 'skgeo[distributed]'"
)
dd = pytest.importorskip(
    "dask.dataframe",
    reason="skgeo.blockwise needs Dask: pip install 'skgeo[distributed]'",
)


def _regression(n_samples=400, n_features=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, n_features))
    y = np.sin(X[:, 0]) + X[:, 1] * X[:, 2] + 0.1 * rng.normal(size=n_samples)
    return X, y


def _regressor(**params):
    return GeoMLPRegressor(
        hidden_layer_sizes=(8,), batch_size=32, random_state=0, **params
    )


class RecordingRegressor(RegressorMixin, BaseEstimator):
    """A regressor that keeps every block it is given, to see what it got."""

    def partial_fit(self, X, y, sample_weight=None):
        if not hasattr(self, "blocks_"):
            self.blocks_ = []
        self.blocks_.append((np.array(X), np.array(y), sample_weight))
        self.n_features_in_ = np.shape(X)[1]
        return self

    def fit(self, X, y, sample_weight=None):
        self.blocks_ = []
        return self.partial_fit(X, y, sample_weight)

    def predict(self, X):
        return np.zeros(len(X))


def _counted_array(X, rows_per_block, loads):
    """A Dask array whose every block load is appended to ``loads``."""

    def load(block, block_info=None):
        loads.append(block_info[None]["chunk-location"][0])
        return block

    return da.from_array(X, chunks=(rows_per_block, -1)).map_blocks(load, dtype=X.dtype)


def test_partial_fit_blocks_matches_partial_fit_calls_in_order():
    """Unshuffled blocks train exactly as partial_fit over the same slices."""
    X, y = _regression()
    result = partial_fit_blocks(
        _regressor(),
        da.from_array(X, chunks=(100, 3)),
        da.from_array(y, chunks=100),
        epochs=2,
        shuffle_blocks=False,
    )
    manual = _regressor()
    for _ in range(2):
        for start in range(0, 400, 100):
            manual.partial_fit(X[start : start + 100], y[start : start + 100])
    for fitted, expected in zip(result.estimator.coefs_, manual.coefs_, strict=True):
        np.testing.assert_array_equal(fitted, expected)
    assert result.estimator.loss_curve_ == manual.loss_curve_


def test_partial_fit_blocks_follows_recorded_shuffled_order():
    """Shuffled blocks train as partial_fit over the blocks in result order."""
    X, y = _regression()
    result = partial_fit_blocks(
        _regressor(),
        da.from_array(X, chunks=(100, 3)),
        y,
        epochs=3,
        random_state=1,
    )
    manual = _regressor()
    for order in result.block_orders:
        assert sorted(order.tolist()) == [0, 1, 2, 3]
        for block in order:
            rows = slice(100 * block, 100 * (block + 1))
            manual.partial_fit(X[rows], y[rows])
    assert len({tuple(order) for order in result.block_orders}) > 1
    np.testing.assert_array_equal(result.estimator.coefs_[0], manual.coefs_[0])


def test_partial_fit_blocks_loads_one_block_per_call():
    """Each block is computed on its own, once per epoch; never the whole array."""
    X, y = _regression()
    loads = []
    recorder = RecordingRegressor()
    partial_fit_blocks(
        recorder, _counted_array(X, 100, loads), y, epochs=2, shuffle_blocks=False
    )
    assert loads == [0, 1, 2, 3] * 2
    assert [block[0].shape for block in recorder.blocks_] == [(100, 3)] * 8
    np.testing.assert_array_equal(recorder.blocks_[5][0], X[100:200])
    np.testing.assert_array_equal(recorder.blocks_[5][1], y[100:200])


def test_partial_fit_blocks_loads_held_out_blocks_once():
    """Held-out blocks are computed once for all epochs and never trained on."""
    X, y = _regression()
    loads = []
    recorder = RecordingRegressor()
    result = partial_fit_blocks(
        recorder,
        _counted_array(X, 50, loads),
        y,
        epochs=3,
        validation=0.25,
        random_state=0,
    )
    held = result.validation_blocks.tolist()
    assert len(held) == 2
    assert sorted(loads) == sorted(held + [b for b in range(8) if b not in held] * 3)
    trained = np.concatenate(result.block_orders)
    assert not set(trained.tolist()) & set(held)
    assert result.n_train_rows == 300
    assert len(result.scores) == 3


@settings(max_examples=25, deadline=None)
@given(chunks=st.lists(st.integers(1, 30), min_size=1, max_size=8))
def test_partial_fit_blocks_sees_every_row_once_per_epoch(chunks):
    """For any row chunking, an epoch passes every row once, block by block."""
    n_rows = sum(chunks)
    X = np.arange(2 * n_rows, dtype=float).reshape(n_rows, 2)
    y = np.arange(n_rows, dtype=float)
    recorder = RecordingRegressor()
    result = partial_fit_blocks(
        recorder,
        da.from_array(X, chunks=(tuple(chunks), 2)),
        da.from_array(y, chunks=(tuple(chunks),)),
        random_state=0,
    )
    seen_X = np.concatenate([recorder.blocks_[i][0] for i in range(len(chunks))])
    seen_y = np.concatenate([recorder.blocks_[i][1] for i in range(len(chunks))])
    order = result.block_orders[0]
    bounds = np.cumsum([0, *chunks])
    expected = np.concatenate([np.arange(bounds[b], bounds[b + 1]) for b in order])
    np.testing.assert_array_equal(seen_y, expected)
    np.testing.assert_array_equal(seen_X, X[expected])


def test_partial_fit_blocks_reproducible_with_random_state():
    """The same seeds give the same network, scores and block orders."""
    X, y = _regression()
    runs = [
        partial_fit_blocks(
            _regressor(),
            da.from_array(X, chunks=(50, 3)),
            y,
            epochs=2,
            validation=0.25,
            random_state=7,
        )
        for _ in range(2)
    ]
    np.testing.assert_array_equal(
        runs[0].estimator.coefs_[0], runs[1].estimator.coefs_[0]
    )
    assert runs[0].scores == runs[1].scores
    other = partial_fit_blocks(
        _regressor(), da.from_array(X, chunks=(50, 3)), y, epochs=2, random_state=8
    )
    assert [o.tolist() for o in other.block_orders] != [
        o.tolist() for o in runs[0].block_orders
    ]


def test_partial_fit_blocks_estimator_bookkeeping():
    """n_iter_ counts partial_fit calls, t_ rows seen, losses the epochs."""
    X, y = _regression()
    result = partial_fit_blocks(
        _regressor(), da.from_array(X, chunks=(100, 3)), y, epochs=3
    )
    model = result.estimator
    assert model.n_iter_ == 12 == len(model.loss_curve_)
    assert model.t_ == 3 * 400
    for epoch, loss in enumerate(result.losses):
        assert loss == pytest.approx(
            np.mean(model.loss_curve_[4 * epoch : 4 * epoch + 4])
        )
    assert result.losses[-1] < result.losses[0]


def test_partial_fit_blocks_scores_match_scorer_on_held_out_set():
    """Each epoch's score is the scorer's value on the validation set."""
    X, y = _regression()
    X_val, y_val = _regression(100, seed=1)
    model = _regressor()
    result = partial_fit_blocks(
        model,
        da.from_array(X, chunks=(100, 3)),
        y,
        epochs=2,
        validation=(da.from_array(X_val, chunks=50), y_val),
        scoring="neg_mean_squared_error",
    )
    assert len(result.scores) == 2
    assert result.scores[-1] == pytest.approx(
        -mean_squared_error(y_val, model.predict(X_val))
    )
    assert result.best_epoch in (1, 2)
    assert isinstance(result, BlockFitResult)


def test_partial_fit_blocks_classifier_with_classes_missing_from_first_block():
    """classes covers labels that the first block lacks; proba has them all."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 2))
    y = np.where(X[:, 0] > 0.5, "quake", np.where(X[:, 0] < -0.5, "blast", "other"))
    order = np.argsort(X[:, 0])  # sorted: the first block has one class only
    X, y = X[order], y[order]
    model = GeoMLPClassifier(
        hidden_layer_sizes=(8,), batch_size=20, learning_rate_init=0.01, random_state=0
    )
    result = partial_fit_blocks(
        model,
        da.from_array(X, chunks=(60, 2)),
        da.from_array(y, chunks=60),
        classes=["blast", "other", "quake"],
        epochs=20,
        validation=(X, y),
        scoring="balanced_accuracy",
        random_state=0,
    )
    assert model.classes_.tolist() == ["blast", "other", "quake"]
    assert model.predict_proba(X).shape == (300, 3)
    assert result.scores[-1] > 0.8


def test_partial_fit_blocks_classifier_requires_classes():
    """A classifier that has never been trained needs classes."""
    X, y = _regression()
    with pytest.raises(ValueError, match=r"classes is required.*da.*unique"):
        partial_fit_blocks(
            GeoMLPClassifier(), da.from_array(X, chunks=100), (y > 0).astype(int)
        )


def test_partial_fit_blocks_names_block_of_unknown_class():
    """A label outside classes fails with the block that holds it."""
    X = np.zeros((20, 2))
    y = np.array([0] * 10 + [1] * 9 + [2])
    with pytest.raises(ValueError, match="not in `self.classes_`") as info:
        partial_fit_blocks(
            GeoMLPClassifier(hidden_layer_sizes=(2,)),
            da.from_array(X, chunks=(10, 2)),
            y,
            classes=[0, 1],
            shuffle_blocks=False,
        )
    assert "block 1 of X" in str(info.value.__notes__)


def test_partial_fit_blocks_dataframe_with_target_column():
    """A Dask DataFrame trains on its other columns; same result as an array."""
    X, y = _regression()
    frame = pd.DataFrame(X, columns=["a", "b", "c"]).assign(target=y)
    by_frame = partial_fit_blocks(
        _regressor(),
        dd.from_pandas(frame, npartitions=4, sort=False),
        "target",
        epochs=2,
        shuffle_blocks=False,
    )
    by_array = partial_fit_blocks(
        _regressor(),
        da.from_array(X, chunks=(100, 3)),
        y,
        epochs=2,
        shuffle_blocks=False,
    )
    assert by_frame.estimator.feature_names_in_.tolist() == ["a", "b", "c"]
    np.testing.assert_array_equal(
        by_frame.estimator.coefs_[0], by_array.estimator.coefs_[0]
    )


# dask's Parquet reader calls pandas with inplace=, deprecated in pandas 3.1.
@pytest.mark.filterwarnings("ignore:The inplace keyword")
def test_partial_fit_blocks_parquet_dataset(tmp_path):
    """Partitions of a Parquet dataset train, with a separate target Series."""
    X, y = _regression()
    frame = pd.DataFrame(X, columns=["a", "b", "c"]).assign(target=y)
    dd.from_pandas(frame, npartitions=5).to_parquet(tmp_path / "data")
    data = dd.read_parquet(tmp_path / "data")
    result = partial_fit_blocks(
        _regressor(),
        data[["a", "b", "c"]],
        data["target"],
        epochs=2,
        validation=0.2,
        random_state=0,
    )
    assert result.validation_blocks.size == 1
    assert result.n_train_rows == 320
    assert result.estimator.n_features_in_ == 3


def test_partial_fit_blocks_sample_weight_as_array_and_column():
    """Weights reach partial_fit block by block, from an array or a column."""
    X, y = _regression()
    weights = np.linspace(0.5, 2, 400)
    recorder = RecordingRegressor()
    partial_fit_blocks(
        recorder,
        da.from_array(X, chunks=(100, 3)),
        y,
        sample_weight=da.from_array(weights, chunks=100),
        shuffle_blocks=False,
    )
    np.testing.assert_array_equal(recorder.blocks_[2][2], weights[200:300])
    frame = pd.DataFrame(X, columns=["a", "b", "c"]).assign(target=y, w=weights)
    recorder = RecordingRegressor()
    partial_fit_blocks(
        recorder,
        dd.from_pandas(frame, npartitions=4, sort=False),
        "target",
        sample_weight="w",
        shuffle_blocks=False,
    )
    assert recorder.blocks_[0][0].shape == (100, 3)
    np.testing.assert_array_equal(recorder.blocks_[3][2], weights[300:])


def test_partial_fit_blocks_works_with_sklearn_sgd():
    """Any estimator with partial_fit works, e.g. scikit-learn's SGDRegressor."""
    X, y = _regression()
    result = partial_fit_blocks(
        SGDRegressor(random_state=0),
        da.from_array(X, chunks=(100, 3)),
        y,
        epochs=2,
        validation=0.25,
        random_state=0,
    )
    assert np.isnan(result.losses).all()
    assert len(result.scores) == 2


def test_partial_fit_blocks_warns_about_cosine_horizon():
    """A cosine schedule whose max_iter is not the number of calls warns."""
    X, y = _regression()
    with pytest.warns(UserWarning, match=r"max_iter=200.*Set max_iter=8"):
        partial_fit_blocks(
            _regressor(learning_rate="cosine"),
            da.from_array(X, chunks=(100, 3)),
            y,
            epochs=2,
        )
    model = _regressor(learning_rate="cosine", max_iter=8)
    partial_fit_blocks(model, da.from_array(X, chunks=(100, 3)), y, epochs=2)
    assert model._optimizer.learning_rate == pytest.approx(0.0)


@pytest.mark.parametrize("prefetch", [True, False], ids=["prefetch", "on-demand"])
def test_partial_fit_blocks_prefetch_does_not_change_training(prefetch):
    """Prefetching loads the same blocks in the same order and trains the same."""
    X, y = _regression()
    loads = []
    result = partial_fit_blocks(
        _regressor(),
        _counted_array(X, 100, loads),
        y,
        epochs=2,
        random_state=3,
        prefetch=prefetch,
    )
    assert loads == np.concatenate(result.block_orders).tolist()
    reference = partial_fit_blocks(
        _regressor(),
        da.from_array(X, chunks=(100, 3)),
        y,
        epochs=2,
        random_state=3,
        prefetch=not prefetch,
    )
    np.testing.assert_array_equal(
        result.estimator.coefs_[0], reference.estimator.coefs_[0]
    )


def test_partial_fit_blocks_prefetch_propagates_load_errors():
    """An error while computing a prefetched block reaches the caller."""
    X, y = _regression()

    def fail_on_block_2(block, block_info=None):
        if block_info[None]["chunk-location"][0] == 2:
            raise OSError("cannot read block 2")
        return block

    X_big = da.from_array(X, chunks=(100, 3)).map_blocks(fail_on_block_2, dtype=X.dtype)
    with pytest.raises(OSError, match="cannot read block 2"):
        partial_fit_blocks(_regressor(), X_big, y, shuffle_blocks=False, prefetch=True)
