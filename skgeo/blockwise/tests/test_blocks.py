"""Input checks of the block-wise trainer: every error names the fix."""

import numpy as np
import pandas as pd
import pytest
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skgeo.blockwise import partial_fit_blocks
from skgeo.neural_network import GeoMLPRegressor

da = pytest.importorskip(
    "dask.array", reason="skgeo.blockwise needs Dask: pip install 'skgeo[distributed]'"
)
dd = pytest.importorskip(
    "dask.dataframe",
    reason="skgeo.blockwise needs Dask: pip install 'skgeo[distributed]'",
)

X = np.arange(60, dtype=float).reshape(20, 3)
y = np.arange(20, dtype=float)


def _fit(X, y, **kwargs):
    return partial_fit_blocks(GeoMLPRegressor(hidden_layer_sizes=(2,)), X, y, **kwargs)


def _frame():
    return dd.from_pandas(
        pd.DataFrame(X, columns=["a", "b", "c"]).assign(t=y), npartitions=2, sort=False
    )


def test_partial_fit_blocks_rejects_numpy_input():
    """In-memory X is refused, with fit and da.from_array as the fixes."""
    with pytest.raises(TypeError, match=r"got numpy.ndarray.*da(sk)?.*from_array"):
        _fit(X, y)


def test_partial_fit_blocks_rejects_one_dimensional_x():
    """A 1-D Dask array is refused with the reshape that fixes it."""
    with pytest.raises(ValueError, match=r"2-D Dask array.*reshape\(-1, 1\)"):
        _fit(da.from_array(y, chunks=10), y)


def test_partial_fit_blocks_rejects_unknown_chunks():
    """Unknown row chunks point to compute_chunk_sizes."""
    X_big = da.from_array(X, chunks=(10, 3))
    with pytest.raises(ValueError, match=r"unknown chunk sizes.*compute_chunk_sizes"):
        _fit(X_big[X_big[:, 0] > 5], y)


def test_partial_fit_blocks_rejects_column_chunks():
    """Blocks that split the columns are refused with the rechunk fix."""
    with pytest.raises(ValueError, match=r"columns too.*rechunk\(\{1: -1\}\)"):
        _fit(da.from_array(X, chunks=(10, 2)), y)


def test_partial_fit_blocks_rejects_misaligned_target_chunks():
    """y chunked differently from X is refused with the rechunk that aligns it."""
    with pytest.raises(
        ValueError,
        match=r"y \(5, 15\) do not match those of X \(10, 10\).*X\.chunks\[0\]",
    ):
        _fit(da.from_array(X, chunks=(10, 3)), da.from_array(y, chunks=((5, 15),)))


def test_partial_fit_blocks_rejects_target_of_other_length():
    """A NumPy y whose length differs from X's rows is refused."""
    with pytest.raises(ValueError, match=r"y has shape \(19,\) but X has 20 rows"):
        _fit(da.from_array(X, chunks=(10, 3)), y[:-1])


def test_partial_fit_blocks_rejects_dataframe_target_for_array():
    """A Dask Series beside a Dask array points to to_dask_array."""
    with pytest.raises(TypeError, match=r"to_dask_array\(lengths=True\)"):
        _fit(da.from_array(X, chunks=(10, 3)), _frame()["t"])


def test_partial_fit_blocks_requires_target():
    """y=None is refused: the trainer is supervised."""
    with pytest.raises(ValueError, match="y is required"):
        _fit(da.from_array(X, chunks=(10, 3)), None)


def test_partial_fit_blocks_rejects_unknown_target_column():
    """A target name that is not a column lists the columns."""
    with pytest.raises(
        ValueError, match=r"'mag' is not a column.*\['a', 'b', 'c', 't'\]"
    ):
        _fit(_frame(), "mag")


def test_partial_fit_blocks_rejects_numpy_target_for_dataframe():
    """A NumPy y beside a Dask DataFrame is refused (its partitions are unknown)."""
    with pytest.raises(TypeError, match="name of one of its columns or a Dask Series"):
        _fit(_frame(), y)


def test_partial_fit_blocks_rejects_other_partitions():
    """A target Series partitioned differently from X is refused."""
    other = dd.from_pandas(pd.Series(y), npartitions=4, sort=False)
    with pytest.raises(ValueError, match="y has 4 partitions but X has 2"):
        _fit(_frame()[["a", "b", "c"]], other)


def test_partial_fit_blocks_rejects_rows_mismatch_within_partition():
    """Same partition count, different rows per partition: the block is named."""
    frame = pd.DataFrame(X, columns=["a", "b", "c"])
    target = dd.from_pandas(
        pd.Series(y).iloc[::-1].reset_index(drop=True), npartitions=2
    )
    features = dd.from_map(
        lambda rows: frame.iloc[rows],
        [slice(0, 5), slice(5, 20)],
        enforce_metadata=False,
    )
    with pytest.raises(ValueError, match=r"Block 0 of X has 5 rows .* y has 10"):
        _fit(features, target, shuffle_blocks=False)


@pytest.mark.parametrize("epochs", [0, -1, 1.5, True, "2"], ids=repr)
def test_partial_fit_blocks_rejects_bad_epochs(epochs):
    """epochs must be a positive integer."""
    with pytest.raises(ValueError, match="epochs must be a positive integer"):
        _fit(da.from_array(X, chunks=(10, 3)), y, epochs=epochs)


@pytest.mark.parametrize(
    ("validation", "error", "match"),
    [
        (0.0, ValueError, r"must be in \(0, 1\)"),
        (1.0, ValueError, r"must be in \(0, 1\)"),
        ("0.1", TypeError, "fraction of the blocks in"),
        ((X,), ValueError, r"\(X_val, y_val\).*got 1 items"),
    ],
    ids=["zero", "one", "string", "one-item-tuple"],
)
def test_partial_fit_blocks_rejects_bad_validation(validation, error, match):
    """A validation that is neither a fraction nor a tuple is refused."""
    with pytest.raises(error, match=match):
        _fit(da.from_array(X, chunks=(10, 3)), y, validation=validation)


def test_partial_fit_blocks_fraction_needs_two_blocks():
    """Holding out blocks from a one-block array is refused."""
    with pytest.raises(ValueError, match="X has 1 block; rechunk"):
        _fit(da.from_array(X, chunks=(20, 3)), y, validation=0.5)


def test_partial_fit_blocks_scoring_needs_validation():
    """scoring without held-out data is refused rather than ignored."""
    with pytest.raises(ValueError, match="scoring='r2' needs held-out data"):
        _fit(da.from_array(X, chunks=(10, 3)), y, scoring="r2")


def test_partial_fit_blocks_rejects_lbfgs():
    """An estimator without partial_fit is refused with its own reason."""
    with pytest.raises(ValueError, match=r"no partial_fit \(.*lbfgs.*stochastic"):
        partial_fit_blocks(
            GeoMLPRegressor(solver="lbfgs"), da.from_array(X, chunks=(10, 3)), y
        )


def test_partial_fit_blocks_rejects_pipeline():
    """A Pipeline is refused with the lazy standardisation advice."""
    pipeline = make_pipeline(StandardScaler(), GeoMLPRegressor())
    with pytest.raises(ValueError, match=r"Pipeline has no partial_fit.*lazily"):
        partial_fit_blocks(pipeline, da.from_array(X, chunks=(10, 3)), y)


def test_partial_fit_blocks_rejects_classes_for_regressor():
    """classes= on a regressor is refused rather than ignored."""
    with pytest.raises(ValueError, match="classes is only for classifiers"):
        _fit(da.from_array(X, chunks=(10, 3)), y, classes=[0, 1])
