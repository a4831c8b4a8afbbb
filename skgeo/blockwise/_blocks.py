"""Row blocks of Dask collections, checked once and loaded one at a time.

:func:`row_blocks` validates the training inputs (a Dask array, or a Dask
DataFrame and its target) and returns a :class:`RowBlocks`, whose
:meth:`RowBlocks.load` computes the rows of one block, features, target and
weights together, so that a block read from Parquet is read once. Nothing
here ever computes a whole collection.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np


def import_dask():
    """Import dask and its array and dataframe modules, or say what to install."""
    try:
        import dask
        import dask.array as da
        import dask.dataframe as dd
    except ImportError as exc:
        raise ImportError(
            "skgeo.blockwise needs Dask with its array and dataframe modules "
            "(and pyarrow for Parquet): pip install 'skgeo[distributed]'."
        ) from exc
    return dask, da, dd


def is_dask_array(obj) -> bool:
    _, da, _ = import_dask()
    return isinstance(obj, da.Array)


def is_dask_frame(obj) -> bool:
    _, _, dd = import_dask()
    return isinstance(obj, dd.DataFrame | dd.Series)


def describe(obj) -> str:
    """A short name of a value's type for error messages."""
    kind = type(obj)
    return f"{kind.__module__.split('.')[0]}.{kind.__qualname__}"


def check_dask_array_rows(X, name: str, *, known_chunks: bool) -> None:
    """Check that a Dask array is 2-D and chunked along rows only."""
    if X.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D Dask array of shape (n_samples, n_features); "
            f"got {X.ndim} dimension(s), shape {X.shape}. Reshape a single "
            f"feature with {name}.reshape(-1, 1)."
        )
    if known_chunks and any(np.isnan(size) for size in X.chunks[0]):
        raise ValueError(
            f"{name} has unknown chunk sizes along its rows ({X.chunks[0]}), as "
            "after boolean indexing or DataFrame.to_dask_array(). Call "
            f"{name}.compute_chunk_sizes() first (or to_dask_array(lengths=True)), "
            "so that the blocks of X, y and sample_weight can be matched."
        )
    if X.numblocks[1] != 1:
        raise ValueError(
            f"{name} is chunked along its columns too (chunks {X.chunks[1]}); each "
            f"block must hold whole rows. Rechunk it with {name}.rechunk({{1: -1}})."
        )


@dataclass
class RowBlocks:
    """Training data as row blocks: features, target and optional weights.

    ``features`` is a Dask array or DataFrame; ``target`` and ``weights``
    are Dask collections with the same row blocks, NumPy arrays (sliced by
    the block boundaries), column names of a DataFrame ``features``, or
    None.
    """

    features: Any
    target: Any
    weights: Any
    n_blocks: int
    bounds: np.ndarray | None  # row offsets of the blocks, for NumPy targets

    def load(self, index: int):
        """Compute block ``index``: (X_block, y_block, weights_block or None)."""
        dask, _, _ = import_dask()
        lazy = {"X": _block(self.features, index)}
        for key, part in (("y", self.target), ("w", self.weights)):
            if part is not None and not isinstance(part, str | np.ndarray):
                lazy[key] = _block(part, index)
        loaded = dict(zip(lazy, dask.compute(*lazy.values()), strict=True))
        X = loaded["X"]
        parts = {}
        for key, part in (("y", self.target), ("w", self.weights)):
            if part is None:
                parts[key] = None
            elif isinstance(part, str):
                parts[key] = X[part].to_numpy()
            elif isinstance(part, np.ndarray):
                start, stop = self.bounds[index], self.bounds[index + 1]
                parts[key] = part[start:stop]
            else:
                parts[key] = loaded[key]
        X = self._drop_named_columns(X)
        for key, label in (("y", "y"), ("w", "sample_weight")):
            if parts[key] is not None and len(parts[key]) != len(X):
                raise ValueError(
                    f"Block {index} of X has {len(X)} rows but the same block of "
                    f"{label} has {len(parts[key])}. Give {label} the same row "
                    "partitions as X (for DataFrames: take both from one frame, "
                    "or name the column of X)."
                )
        return X, _squeeze(parts["y"]), _squeeze(parts["w"])

    def load_many(self, indices) -> tuple:
        """Several blocks concatenated in the given order (held-out sets)."""
        blocks = [self.load(index) for index in indices]
        X = _concatenate([block[0] for block in blocks])
        y = _concatenate([block[1] for block in blocks])
        weights = None
        if blocks[0][2] is not None:
            weights = np.concatenate([np.asarray(block[2]) for block in blocks])
        return X, y, weights

    def _drop_named_columns(self, X):
        named = [part for part in (self.target, self.weights) if isinstance(part, str)]
        return X.drop(columns=named) if named else X


def _block(collection, index: int):
    if is_dask_array(collection):
        return collection.blocks[index]
    # A one-partition slice: dask's DataFrame.partitions[int] breaks on some
    # collections (e.g. column selections of read_parquet).
    return collection.partitions[index : index + 1]


def _squeeze(values):
    """pandas to NumPy, and a one-column target to 1-D, as estimators expect."""
    if values is None:
        return None
    values = values.to_numpy() if hasattr(values, "to_numpy") else np.asarray(values)
    if values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    return values


def _concatenate(parts):
    first = parts[0]
    if hasattr(first, "iloc"):
        import pandas as pd

        return pd.concat(parts)
    return np.concatenate(parts)


def row_blocks(X, y, sample_weight) -> RowBlocks:
    """Validate the training inputs of :func:`partial_fit_blocks`."""
    if is_dask_array(X):
        check_dask_array_rows(X, "X", known_chunks=True)
        bounds = np.concatenate([[0], np.cumsum(X.chunks[0])]).astype(np.intp)
        target = _array_companion(y, X, "y", bounds)
        weights = _array_companion(sample_weight, X, "sample_weight", bounds)
        return RowBlocks(X, target, weights, X.numblocks[0], bounds)
    _, _, dd = import_dask()
    if isinstance(X, dd.DataFrame):
        target = _frame_companion(y, X, "y")
        weights = _frame_companion(sample_weight, X, "sample_weight")
        return RowBlocks(X, target, weights, X.npartitions, None)
    raise TypeError(
        "X must be a Dask array or a Dask DataFrame (e.g. from dd.read_parquet), "
        f"got {describe(X)}. For data in memory, call estimator.fit or "
        "estimator.partial_fit directly; to stream a NumPy array in blocks, wrap "
        "it with dask.array.from_array(X, chunks=(rows_per_block, -1))."
    )


def _array_companion(values, X, name, bounds):
    """y or sample_weight beside a Dask array X: a Dask array or NumPy array."""
    if values is None:
        if name == "y":
            raise ValueError("y is required: partial_fit_blocks trains supervised.")
        return None
    if is_dask_frame(values):
        raise TypeError(
            f"X is a Dask array but {name} is a {describe(values)}. Convert it "
            f"with {name}.to_dask_array(lengths=True) and rechunk it to X's rows, "
            "or pass X as a Dask DataFrame too."
        )
    if is_dask_array(values):
        if values.ndim not in (1, 2):
            raise ValueError(f"{name} must be 1-D or 2-D; got shape {values.shape}.")
        if values.ndim == 2 and values.numblocks[1] != 1:
            raise ValueError(
                f"{name} is chunked along its columns (chunks {values.chunks[1]}); "
                f"rechunk it with {name}.rechunk({{1: -1}})."
            )
        if any(np.isnan(size) for size in values.chunks[0]):
            raise ValueError(
                f"{name} has unknown chunk sizes along its rows "
                f"({values.chunks[0]}). Call {name}.compute_chunk_sizes() first."
            )
        if values.chunks[0] != X.chunks[0]:
            raise ValueError(
                f"The row chunks of {name} {values.chunks[0]} do not match those of "
                f"X {X.chunks[0]}; block i of X must hold the same rows as block i "
                f"of {name}. Rechunk it: {name} = {name}.rechunk({{0: X.chunks[0]}})."
            )
        return values
    values = np.asarray(values)
    if values.ndim not in (1, 2) or values.shape[0] != bounds[-1]:
        raise ValueError(
            f"{name} has shape {values.shape} but X has {bounds[-1]} rows; pass one "
            "value (or row) per row of X."
        )
    return values


def _frame_companion(values, X, name):
    """y or sample_weight beside a Dask DataFrame X: a column name or a frame."""
    if values is None:
        if name == "y":
            raise ValueError(
                "y is required: pass the name of the target column of X, or a "
                "Dask Series with the same partitions as X."
            )
        return None
    if isinstance(values, str):
        if values not in X.columns:
            raise ValueError(
                f"{name}={values!r} is not a column of X; its columns are "
                f"{list(X.columns)}."
            )
        return values
    if not is_dask_frame(values):
        raise TypeError(
            f"X is a Dask DataFrame, so {name} must be the name of one of its "
            f"columns or a Dask Series with the same partitions; got "
            f"{describe(values)}."
        )
    if values.npartitions != X.npartitions:
        raise ValueError(
            f"{name} has {values.npartitions} partitions but X has "
            f"{X.npartitions}; take both from the same DataFrame (e.g. "
            f"{name}=frame['target'], X=frame[features]) or name the column of X."
        )
    if X.known_divisions and values.known_divisions:
        if tuple(X.divisions) != tuple(values.divisions):
            raise ValueError(
                f"The partitions of {name} and X cover different index ranges "
                f"(divisions {values.divisions} and {X.divisions}); take both "
                "from the same DataFrame."
            )
    return values
