"""Train an estimator on data larger than memory, one Dask block at a time."""

import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Any

import numpy as np
from sklearn.base import is_classifier
from sklearn.metrics import check_scoring
from sklearn.utils import check_random_state

from ._blocks import describe, import_dask, is_dask_array, is_dask_frame, row_blocks

__all__ = ["BlockFitResult", "partial_fit_blocks"]


@dataclass
class BlockFitResult:
    """What :func:`partial_fit_blocks` did, epoch by epoch.

    Attributes
    ----------
    estimator : estimator
        The trained estimator (the object that was passed in, updated in
        place).
    scores : list of float
        Held-out score after each epoch; empty without a validation set.
    losses : list of float
        Training loss of each epoch: the estimator's ``loss_`` after each
        block, averaged with the blocks' row counts as weights. NaN for
        estimators without ``loss_``.
    block_orders : list of ndarray of int
        The training blocks, in the order they were visited, per epoch.
    validation_blocks : ndarray of int
        The blocks held out for scoring (empty unless ``validation`` was a
        fraction).
    n_train_rows : int
        Rows trained on per epoch.
    scoring : str, callable or None
        The scoring that produced ``scores``.
    """

    estimator: Any
    scores: list = field(default_factory=list)
    losses: list = field(default_factory=list)
    block_orders: list = field(default_factory=list)
    validation_blocks: np.ndarray = field(
        default_factory=lambda: np.empty(0, dtype=np.intp)
    )
    n_train_rows: int = 0
    scoring: Any = None

    @property
    def best_epoch(self) -> int | None:
        """The epoch (counted from 1) with the highest held-out score."""
        if not self.scores:
            return None
        return int(np.nanargmax(self.scores)) + 1


def partial_fit_blocks(
    estimator,
    X,
    y=None,
    *,
    sample_weight=None,
    classes=None,
    epochs: int = 1,
    shuffle_blocks: bool = True,
    validation=None,
    scoring=None,
    random_state=None,
    prefetch: bool = False,
) -> BlockFitResult:
    """Train with ``partial_fit`` over the blocks of a Dask collection.

    Each epoch visits the training blocks of `X` (the row chunks of a Dask
    array, or the partitions of a Dask DataFrame such as
    ``dd.read_parquet(path)``) in a new random order, computes one block
    at a time and calls ``estimator.partial_fit`` on it; then it scores
    the held-out data. Only one block (two with `prefetch`) and the
    held-out set are in memory, so the data can be larger than memory; with
    a ``distributed.Client`` active, the blocks are computed on the cluster.

    Parameters
    ----------
    estimator : estimator with ``partial_fit``
        Updated in place, e.g. :class:`~skgeo.GeoMLPRegressor` or
        :class:`~skgeo.GeoMLPClassifier` with ``solver='adam'`` or
        ``'sgd'`` and ``early_stopping=False``. Rows are shuffled within
        each block by the estimator itself (``shuffle=True``).
    X : dask.array.Array or dask.dataframe.DataFrame
        Features. A Dask array must be 2-D, chunked along its rows only, with
        known chunk sizes.
    y : dask.array.Array, ndarray, dask Series or str
        Target, block-aligned with `X`: a Dask array with the same row
        chunks, a NumPy array (sliced at `X`'s chunk boundaries), or, when
        `X` is a Dask DataFrame, a Dask Series with the same partitions or
        the name of a column of `X` (then not used as a feature).
    sample_weight : same kinds as `y`, default=None
        Weights of the training rows.
    classes : array-like, default=None
        Every class of the target, e.g. ``da.unique(y).compute()``.
        Required for a classifier that has not been trained yet; it cannot
        be inferred from the first block, which may lack some classes.
    epochs : int, default=1
        Passes over the training blocks.
    shuffle_blocks : bool, default=True
        Visit the blocks in a new random order each epoch. Spatially or
        temporally sorted data (one region or month per block) otherwise
        train the network on one region at a time, in the same order.
    validation : float or tuple, default=None
        Held-out data, scored after each epoch: a fraction of the blocks in
        (0, 1) (at least one block, chosen at random and never trained on),
        or ``(X_val, y_val)`` / ``(X_val, y_val, sample_weight_val)``. The
        held-out rows are loaded into memory once, so keep them small.
    scoring : str, callable or None, default=None
        Score of the held-out data, as in scikit-learn's ``scoring``
        (e.g. ``'neg_root_mean_squared_error'``); None uses the estimator's
        ``score`` (R² or accuracy).
    random_state : int, RandomState instance or None, default=None
        Seed of the block order and of the held-out blocks. The estimator's
        own `random_state` seeds its weights and within-block shuffles: set
        both for reproducible training.
    prefetch : bool, default=False
        Compute the next block while the estimator trains on the current
        one, so that reading and training overlap, at the cost of a second
        block in memory. Worth it when computing a block takes time without
        using this machine's cores: a remote cluster, files on object
        storage. By default each block is computed only when it is needed.

    Returns
    -------
    result : BlockFitResult
        The trained estimator and the per-epoch scores, losses and block
        orders.

    Raises
    ------
    TypeError
        If `X` is not a Dask collection, or `y` does not match its kind.
    ValueError
        If the blocks cannot be matched (unknown or different row chunks,
        chunks along columns), the estimator has no ``partial_fit``, or a
        classifier gets no `classes`.

    Notes
    -----
    Each ``partial_fit`` call is one epoch for the estimator, so after
    training ``n_iter_`` has grown by ``epochs`` times the number of
    training blocks and ``loss_curve_`` has one entry per block.
    ``learning_rate='invscaling'`` decays with the rows seen, as in one
    ``fit``; ``'adaptive'`` compares the losses of consecutive blocks;
    ``'cosine'`` anneals over ``max_iter`` calls, so set ``max_iter`` to
    ``epochs`` times the number of training blocks (a warning says so
    otherwise).

    Examples
    --------
    >>> import dask.array as da
    >>> from skgeo import GeoMLPRegressor
    >>> from skgeo.blockwise import partial_fit_blocks
    >>> rng = np.random.default_rng(0)
    >>> X = da.from_array(rng.normal(size=(400, 3)), chunks=(100, 3))
    >>> y = X.sum(axis=1)
    >>> result = partial_fit_blocks(
    ...     GeoMLPRegressor(hidden_layer_sizes=(8,), random_state=0),
    ...     X, y, epochs=3, validation=0.25, random_state=0,
    ... )
    >>> len(result.scores), result.validation_blocks.size, result.n_train_rows
    (3, 1, 300)
    >>> result.estimator.n_iter_  # one partial_fit call per block and epoch
    9
    """
    import_dask()
    _check_estimator(estimator, classes)
    epochs = _check_epochs(epochs)
    blocks = row_blocks(X, y, sample_weight)
    rng = check_random_state(random_state)
    held_out, train_blocks = _held_out_blocks(validation, blocks.n_blocks, rng)
    validation_set = _validation_set(validation, blocks, held_out)
    scorer = None
    if validation_set is not None:
        scorer = check_scoring(estimator, scoring=scoring)
    elif scoring is not None:
        raise ValueError(
            f"scoring={scoring!r} needs held-out data: pass validation=0.1 (a "
            "fraction of the blocks) or validation=(X_val, y_val)."
        )
    _warn_cosine_horizon(estimator, epochs * train_blocks.size)

    result = BlockFitResult(estimator, validation_blocks=held_out, scoring=scoring)
    fit_params = {} if classes is None else {"classes": np.asarray(classes)}
    for _ in range(epochs):
        order = rng.permutation(train_blocks) if shuffle_blocks else train_blocks
        loss, n_rows = _train_epoch(estimator, blocks, order, fit_params, prefetch)
        result.block_orders.append(np.asarray(order, dtype=np.intp))
        result.n_train_rows = n_rows
        result.losses.append(loss)
        if validation_set is not None:
            result.scores.append(float(_score(scorer, estimator, validation_set)))
    return result


def _train_epoch(estimator, blocks, order, fit_params, prefetch):
    """One pass over the blocks in ``order``; the row-weighted mean loss and rows."""
    loss_sum, n_rows = 0.0, 0
    for index, (X_block, y_block, w_block) in _loaded(blocks, order, prefetch):
        if len(X_block) == 0:
            continue  # an empty partition (e.g. after filtering) has nothing
        if w_block is not None:
            fit_params["sample_weight"] = w_block
        try:
            estimator.partial_fit(X_block, y_block, **fit_params)
        except Exception as exc:
            exc.add_note(f"(raised by partial_fit on block {index} of X)")
            raise
        n_rows += len(X_block)
        loss_sum += float(getattr(estimator, "loss_", np.nan)) * len(X_block)
        # Free this block before the next one arrives (the prefetcher is
        # already computing the one after).
        del X_block, y_block, w_block
    return (loss_sum / n_rows if n_rows else np.nan), n_rows


def _loaded(blocks, order, prefetch):
    """Yield (index, block) in ``order``, loading the next block in the background.

    With ``prefetch``, block k+1 is computed (read, decompressed, generated:
    work that mostly releases the GIL, or runs on a cluster's workers) while
    the estimator trains on block k; at most two blocks are in memory.
    """
    indices = [int(index) for index in order]
    if not prefetch or len(indices) < 2:
        for index in indices:
            yield index, blocks.load(index)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="skgeo-prefetch") as pool:
        pending = pool.submit(blocks.load, indices[0])
        for position, index in enumerate(indices):
            block = pending.result()
            pending = None
            if position + 1 < len(indices):
                pending = pool.submit(blocks.load, indices[position + 1])
            yield index, block
            del block


def _check_estimator(estimator, classes):
    if not hasattr(estimator, "partial_fit"):
        reason = ""
        try:
            getattr(estimator, "partial_fit")  # noqa: B009 - to get its message
        except AttributeError as exc:
            reason = f" ({exc})"
        hint = (
            " A Pipeline has no partial_fit: standardise the Dask array lazily "
            "(X = (X - mean) / std with mean and std computed by Dask) and pass "
            "the final estimator."
            if hasattr(estimator, "steps")
            else " Use an estimator with a stochastic solver, e.g. "
            "GeoMLPRegressor(solver='adam', early_stopping=False)."
        )
        raise ValueError(
            f"{type(estimator).__name__} cannot be trained block by block: it has "
            f"no partial_fit{reason}.{hint}"
        )
    if is_classifier(estimator):
        if classes is None and not hasattr(estimator, "classes_"):
            raise ValueError(
                "classes is required to train a classifier block by block: the "
                "first block may not contain every class. Pass "
                "classes=np.unique(y) computed over all the data, e.g. "
                "classes=dask.array.unique(y).compute()."
            )
    elif classes is not None:
        raise ValueError(
            f"classes is only for classifiers; {type(estimator).__name__} is not "
            "one. Remove classes=."
        )


def _check_epochs(epochs):
    if isinstance(epochs, bool) or not isinstance(epochs, Integral) or epochs < 1:
        raise ValueError(f"epochs must be a positive integer; got {epochs!r}.")
    return int(epochs)


def _held_out_blocks(validation, n_blocks, rng):
    everything = np.arange(n_blocks)
    if validation is None or isinstance(validation, tuple | list):
        return np.empty(0, dtype=np.intp), everything
    if isinstance(validation, bool) or not isinstance(validation, Real):
        raise TypeError(
            "validation must be a fraction of the blocks in (0, 1), a tuple "
            f"(X_val, y_val) or None; got {describe(validation)}."
        )
    if not 0 < validation < 1:
        raise ValueError(
            f"validation={validation!r} as a fraction of the blocks must be in "
            "(0, 1), e.g. 0.1."
        )
    if n_blocks < 2:
        raise ValueError(
            f"validation={validation!r} holds out whole blocks, but X has "
            f"{n_blocks} block; rechunk X into more blocks or pass "
            "validation=(X_val, y_val)."
        )
    n_held = min(max(1, round(validation * n_blocks)), n_blocks - 1)
    held = np.sort(rng.choice(n_blocks, size=n_held, replace=False))
    return held, np.setdiff1d(everything, held)


def _validation_set(validation, blocks, held_out):
    if held_out.size:
        return blocks.load_many(held_out)
    if validation is None:
        return None
    if len(validation) not in (2, 3):
        raise ValueError(
            "validation as a tuple must be (X_val, y_val) or (X_val, y_val, "
            f"sample_weight_val); got {len(validation)} items."
        )
    dask, _, _ = import_dask()
    parts = [
        dask.compute(part)[0] if is_dask_array(part) or is_dask_frame(part) else part
        for part in validation
    ]
    return tuple(parts) if len(parts) == 3 else (*parts, None)


def _score(scorer, estimator, validation_set):
    X_val, y_val, weights = validation_set
    if weights is None:
        return scorer(estimator, X_val, y_val)
    return scorer(estimator, X_val, y_val, sample_weight=weights)


def _warn_cosine_horizon(estimator, n_calls):
    params = estimator.get_params() if hasattr(estimator, "get_params") else {}
    if params.get("learning_rate") != "cosine" or "max_iter" not in params:
        return
    done = getattr(estimator, "n_iter_", 0)
    if done + n_calls != params["max_iter"]:
        warnings.warn(
            f"learning_rate='cosine' anneals over max_iter={params['max_iter']} "
            f"partial_fit calls, but this training ends after {done + n_calls} "
            f"(one call per block and epoch). Set max_iter={done + n_calls} for "
            "the rate to reach zero at the end.",
            UserWarning,
            stacklevel=3,
        )
