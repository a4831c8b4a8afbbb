"""Lazy block-wise prediction over a Dask array or DataFrame."""

import warnings

import numpy as np
from sklearn.utils.validation import check_is_fitted

from ._blocks import check_dask_array_rows, describe, import_dask, is_dask_array

__all__ = ["predict_blocks"]


def predict_blocks(estimator, X, method: str = "predict", *, meta=None):
    """Apply a fitted estimator's `method` to each block of `X`, lazily.

    Nothing is computed until the result is: each block of the result is
    ``getattr(estimator, method)`` of the same rows of `X`, so the
    prediction of a dataset larger than memory can be written block by
    block (``da.to_zarr``, ``da.store``) or reduced, and runs on a cluster
    when a ``distributed.Client`` is active. The estimator is put in the
    task graph once, not once per block.

    Parameters
    ----------
    estimator : fitted estimator or Pipeline
        Anything with `method`, e.g. a fitted :class:`~skgeo.GeoMLPRegressor`.
    X : dask.array.Array or dask.dataframe.DataFrame
        Inputs. A Dask array must be 2-D and chunked along its rows only;
        its row chunks may be unknown.
    method : str, default='predict'
        ``'predict'``, ``'predict_proba'``, ``'predict_log_proba'``,
        ``'decision_function'``, ``'transform'`` or any method that maps
        n rows to n rows.
    meta : ndarray, default=None
        An empty array shaped like the output, ``(0,)`` or
        ``(0, n_columns)``, with its dtype. By default it is learned by
        calling `method` on two rows of zeros shaped like `X`; pass it when
        such rows are not valid input (e.g. categories a Pipeline's encoder
        refuses).

    Returns
    -------
    result : dask.array.Array
        Shape (n_samples,) or (n_samples, n_columns), with `X`'s row chunks
        (unknown for a DataFrame) and one chunk along the columns; its dtype
        is that of the method's output (e.g. float32 for a float32 network,
        the label type for class predictions).

    Raises
    ------
    TypeError
        If `X` is not a Dask array or DataFrame.
    ValueError
        If `X` is chunked along its columns, has the wrong number of
        features, or the estimator has no `method`.

    Examples
    --------
    >>> import dask.array as da
    >>> from skgeo import GeoMLPClassifier
    >>> from skgeo.blockwise import predict_blocks
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(300, 2))
    >>> labels = np.where(X[:, 0] > 0, "east", "west")
    >>> model = GeoMLPClassifier(hidden_layer_sizes=(8,), random_state=0)
    >>> model = model.fit(X, labels)
    >>> X_big = da.from_array(X, chunks=(100, 2))
    >>> predict_blocks(model, X_big)
    dask.array<..., shape=(300,), dtype=<U4, chunksize=(100,), ...>
    >>> proba = predict_blocks(model, X_big, method="predict_proba")
    >>> proba.shape, proba.chunks
    ((300, 2), ((100, 100, 100), (2,)))
    >>> bool(np.allclose(proba.compute(), model.predict_proba(X)))
    True
    """
    dask, da, dd = import_dask()
    check_is_fitted(estimator)
    if not isinstance(method, str) or not hasattr(estimator, method):
        raise ValueError(
            f"{type(estimator).__name__} has no method {method!r}. Use one it "
            "has, such as 'predict' (or 'predict_proba' for a classifier)."
        )
    if is_dask_array(X):
        check_dask_array_rows(X, "X", known_chunks=False)
        n_features = X.shape[1]
    elif isinstance(X, dd.DataFrame):
        n_features = len(X.columns)
    else:
        raise TypeError(
            "X must be a Dask array or a Dask DataFrame, got "
            f"{describe(X)}. For data in memory, call estimator.{method}(X) "
            "directly."
        )
    expected = getattr(estimator, "n_features_in_", None)
    if expected is not None and n_features != expected:
        raise ValueError(
            f"X has {n_features} features but {type(estimator).__name__} was "
            f"fitted with {expected}. Pass the same columns as in training."
        )
    meta = _output_meta(estimator, method, X, dd) if meta is None else _check_meta(meta)
    model = dask.delayed(estimator, pure=True)
    if isinstance(X, dd.DataFrame):
        return X.map_partitions(_apply, model, method, meta=meta)
    if meta.ndim == 1:
        return X.map_blocks(
            _apply, model, method, drop_axis=1, dtype=meta.dtype, meta=meta
        )
    return X.map_blocks(
        _apply,
        model,
        method,
        chunks=(X.chunks[0], (meta.shape[1],)),
        dtype=meta.dtype,
        meta=meta,
    )


def _apply(block, estimator, method):
    return np.asarray(getattr(estimator, method)(block))


def _output_meta(estimator, method, X, dd):
    """An empty array with the output's dtype and columns, from a 2-row probe.

    The probe runs the estimator on two rows of zeros of the input's dtype
    (for a Dask DataFrame, two stand-in rows with its columns and dtypes):
    enough to learn the output's dtype and number of columns without
    computing any of `X`.
    """
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            if isinstance(X, dd.DataFrame):
                # Dask's own stand-in rows: every column of its dtype, zeros
                # for numbers, placeholder text for strings and categories.
                probe = dd.utils.meta_nonempty(X._meta).iloc[:2]
            else:
                probe = np.zeros((2, X.shape[1]), dtype=X.dtype)
            output = np.asarray(getattr(estimator, method)(probe))
    except Exception as exc:
        raise ValueError(
            f"Could not learn the output type of {type(estimator).__name__}."
            f"{method} from two stand-in rows shaped like X ({exc}). Pass "
            "meta=np.empty((0,), dtype=...) (or (0, n_columns)) describing the "
            "output."
        ) from exc
    if output.ndim not in (1, 2) or output.shape[0] != 2:
        raise ValueError(
            f"{type(estimator).__name__}.{method} returned shape {output.shape} "
            "for 2 rows; predict_blocks needs one output row per input row."
        )
    return output[:0]


def _check_meta(meta):
    meta = np.asarray(meta)
    if meta.ndim not in (1, 2) or meta.shape[0] != 0:
        raise ValueError(
            "meta must be an empty array of shape (0,) or (0, n_columns) with "
            f"the output's dtype; got shape {meta.shape}. E.g. "
            "meta=np.empty((0, 3), dtype=np.float64)."
        )
    return meta
