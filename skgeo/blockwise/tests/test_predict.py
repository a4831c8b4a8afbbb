"""Tests of predict_blocks: lazy block-wise prediction of Dask collections."""

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skgeo.blockwise import predict_blocks
from skgeo.neural_network import GeoMLPClassifier, GeoMLPRegressor

da = pytest.importorskip(
    "dask.array", reason="skgeo.blockwise needs Dask: pip install 'skgeo[distributed]'"
)
dd = pytest.importorskip(
    "dask.dataframe",
    reason="skgeo.blockwise needs Dask: pip install 'skgeo[distributed]'",
)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(250, 3))
    Y = np.column_stack([X[:, 0] + X[:, 1], X[:, 2] ** 2])
    labels = np.where(X[:, 0] > 0.3, "quake", np.where(X[:, 1] > 0, "blast", "ice"))
    return X, Y, labels


def _assert_same(actual, expected):
    """Equal labels; floats equal to rounding (BLAS may sum a block differently)."""
    assert actual.dtype == expected.dtype
    if actual.dtype.kind == "f":
        rtol = 1e-5 if actual.dtype == np.float32 else 1e-12
        np.testing.assert_allclose(actual, expected, rtol=rtol, atol=rtol)
    else:
        np.testing.assert_array_equal(actual, expected)


def _fast(estimator_class, **params):
    return estimator_class(
        hidden_layer_sizes=(8,), max_iter=30, random_state=0, **params
    )


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["f64", "f32"])
def test_predict_blocks_regression_equals_predict(data, dtype):
    """Single-output prediction: same values, row chunks and the output dtype."""
    X, Y, _ = data
    X = X.astype(dtype)
    model = _fast(GeoMLPRegressor).fit(X, Y[:, 0].astype(dtype))
    lazy = predict_blocks(model, da.from_array(X, chunks=(100, 3)))
    assert lazy.shape == (250,)
    assert lazy.chunks == ((100, 100, 50),)
    assert lazy.dtype == dtype
    computed = lazy.compute()
    assert computed.dtype == dtype
    _assert_same(computed, model.predict(X))


def test_predict_blocks_multi_output(data):
    """Several outputs: one column chunk of n_outputs columns."""
    X, Y, _ = data
    model = _fast(GeoMLPRegressor).fit(X, Y)
    lazy = predict_blocks(model, da.from_array(X, chunks=(100, 3)))
    assert lazy.chunks == ((100, 100, 50), (2,))
    _assert_same(lazy.compute(), model.predict(X))


@pytest.mark.parametrize(
    "method", ["predict", "predict_proba", "predict_log_proba"], ids=str
)
def test_predict_blocks_classifier_methods(data, method):
    """Labels keep their dtype; probabilities get one column per class."""
    X, _, labels = data
    model = _fast(GeoMLPClassifier).fit(X, labels)
    lazy = predict_blocks(model, da.from_array(X, chunks=(100, 3)), method=method)
    expected = getattr(model, method)(X)
    assert lazy.shape == expected.shape
    assert lazy.dtype == expected.dtype
    _assert_same(lazy.compute(), expected)


def test_predict_blocks_multilabel(data):
    """A multilabel classifier's indicator matrix comes out 2-D."""
    X, _, _ = data
    Y = np.column_stack([X[:, 0] > 0, X[:, 1] > 0]).astype(int)
    model = _fast(GeoMLPClassifier).fit(X, Y)
    lazy = predict_blocks(model, da.from_array(X, chunks=(100, 3)))
    assert lazy.chunks == ((100, 100, 50), (2,))
    _assert_same(lazy.compute(), model.predict(X))


def test_predict_blocks_pipeline_and_dataframe(data):
    """A Pipeline on named columns predicts a Dask DataFrame partition-wise."""
    X, Y, _ = data
    frame = pd.DataFrame(X, columns=["mag", "depth", "hour"])
    model = make_pipeline(StandardScaler(), _fast(GeoMLPRegressor)).fit(frame, Y[:, 0])
    lazy = predict_blocks(model, dd.from_pandas(frame, npartitions=3, sort=False))
    assert lazy.ndim == 1
    assert np.isnan(lazy.shape[0])  # partition lengths are unknown until computed
    _assert_same(lazy.compute(), model.predict(frame))


def test_predict_blocks_unknown_chunks(data):
    """Row chunks of unknown size are allowed and stay unknown."""
    X, Y, _ = data
    model = _fast(GeoMLPRegressor).fit(X, Y[:, 0])
    X_big = da.from_array(X, chunks=(100, 3))
    keep = X_big[:, 0] > 0
    lazy = predict_blocks(model, X_big[keep])
    _assert_same(lazy.compute(), model.predict(X[X[:, 0] > 0]))


def test_predict_blocks_is_lazy(data):
    """Nothing is computed until the result is, then each block once."""
    X, Y, _ = data
    model = _fast(GeoMLPRegressor).fit(X, Y[:, 0])
    loads = []

    def load(block, block_info=None):
        loads.append(block_info[None]["chunk-location"][0])
        return block

    X_big = da.from_array(X, chunks=(50, 3)).map_blocks(load, dtype=X.dtype)
    lazy = predict_blocks(model, X_big)
    assert loads == []
    lazy.compute(scheduler="synchronous")
    assert sorted(loads) == [0, 1, 2, 3, 4]


def test_predict_blocks_rejects_in_memory_data(data):
    """A NumPy array is refused with the in-memory alternative."""
    X, Y, _ = data
    model = _fast(GeoMLPRegressor).fit(X, Y[:, 0])
    with pytest.raises(TypeError, match=r"Dask array or a Dask DataFrame.*numpy"):
        predict_blocks(model, X)


def test_predict_blocks_rejects_unfitted():
    """An unfitted estimator raises NotFittedError."""
    with pytest.raises(NotFittedError):
        predict_blocks(GeoMLPRegressor(), da.zeros((10, 2), chunks=5))


def test_predict_blocks_rejects_unknown_method(data):
    """A method the estimator lacks is named in the error."""
    X, Y, _ = data
    model = _fast(GeoMLPRegressor).fit(X, Y[:, 0])
    with pytest.raises(ValueError, match="has no method 'predict_proba'"):
        predict_blocks(model, da.from_array(X, chunks=100), method="predict_proba")


def test_predict_blocks_rejects_wrong_feature_count(data):
    """Input with another number of columns fails before any computation."""
    X, Y, _ = data
    model = _fast(GeoMLPRegressor).fit(X, Y[:, 0])
    with pytest.raises(ValueError, match="X has 2 features but .* fitted with 3"):
        predict_blocks(model, da.from_array(X[:, :2], chunks=100))


@pytest.mark.parametrize(
    ("shape", "chunks", "match"),
    [
        ((250,), 100, "2-D Dask array"),
        ((250, 3), (100, 2), r"chunked along its columns.*rechunk\(\{1: -1\}\)"),
    ],
    ids=["1-D", "column-chunks"],
)
def test_predict_blocks_rejects_bad_layout(data, shape, chunks, match):
    """1-D input and chunks along columns are refused with the fix."""
    X, Y, _ = data
    model = _fast(GeoMLPRegressor).fit(X, Y[:, 0])
    with pytest.raises(ValueError, match=match):
        predict_blocks(model, da.zeros(shape, chunks=chunks))


def test_predict_blocks_meta_for_input_the_probe_cannot_make(data):
    """meta= replaces the probe when rows of zeros are not valid input."""
    from sklearn.compose import make_column_transformer
    from sklearn.preprocessing import OneHotEncoder

    X, Y, _ = data
    frame = pd.DataFrame({"mag": X[:, 0], "net": np.where(X[:, 1] > 0, "us", "ci")})
    encode = make_column_transformer(
        (OneHotEncoder(), ["net"]), remainder="passthrough"
    )
    model = make_pipeline(encode, _fast(GeoMLPRegressor)).fit(frame, Y[:, 0])
    lazy_frame = dd.from_pandas(frame, npartitions=2, sort=False)
    with pytest.raises(ValueError, match=r"two stand-in rows.*Pass meta="):
        predict_blocks(model, lazy_frame)
    lazy = predict_blocks(model, lazy_frame, meta=np.empty(0))
    _assert_same(lazy.compute(), model.predict(frame))


def test_predict_blocks_rejects_non_empty_meta(data):
    """meta must be an empty array of the output's shape."""
    X, Y, _ = data
    model = _fast(GeoMLPRegressor).fit(X, Y[:, 0])
    with pytest.raises(ValueError, match=r"meta must be an empty array.*\(3,\)"):
        predict_blocks(model, da.from_array(X, chunks=100), meta=np.zeros(3))
