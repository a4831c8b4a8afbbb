"""The early-stopping validation set: where it comes from and how it is split.

Three sources, in order of precedence: an explicit ``X_val``/``y_val``; the
first split of a cross-validation splitter (``validation_split``), so that
the validation set can be grouped by earthquake or by spatial block; or a
fraction (``validation_fraction``) of the training data.

The fraction is drawn by content (see :mod:`._row_hash`): identical samples
(same inputs, same target) form a group, and groups are visited in the
order of a seeded hash of their content. The split is

* **exact**: the validation set receives ``validation_fraction`` of the
  total sample weight, to within one sample (or one sample's weight),
  however much the data repeat themselves;
* **proportional on repeated rows**: a group of ``k`` identical samples
  sends ``floor`` or ``ceil`` of ``validation_fraction * k`` of them to the
  validation set, so categorical or gridded inputs (a few distinct rows
  repeated thousands of times) are represented on both sides;
* **weight-equivalent**: with integer weights a group's size is its total
  weight, so fitting with ``sample_weight=2`` and fitting on a repeated
  sample split alike (a sample of weight 2 may send one unit of its weight
  to each side, as two copies would); samples of zero weight are never
  drawn;
* **stratified** by class for single-output classification (binary and
  multiclass), through the estimator's ``_stratification`` hook.
"""

import warnings
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ._row_hash import row_hashes

__all__ = [
    "FractionSplit",
    "ValidationSet",
    "check_validation_options",
    "fraction_split",
    "make_validation_set",
    "splitter_split",
]


@dataclass
class ValidationSet:
    """Validation data in the forms training and scoring need.

    Attributes
    ----------
    X : ndarray or sparse matrix of shape (n_val, n_features)
        Validated inputs, in the compute dtype.
    Y : ndarray of shape (n_val, n_targets)
        Targets in the training form (indicator matrix for classifiers).
    y : ndarray
        Targets as the score function expects them (class labels for
        classifiers).
    sample_weight : ndarray of shape (n_val,) or None
        Weights, class weights included.
    """

    X: object
    Y: np.ndarray
    y: np.ndarray
    sample_weight: np.ndarray | None


@dataclass
class FractionSplit:
    """Result of :func:`fraction_split`.

    A sample of integer weight ``w >= 2`` may appear on both sides, with its
    weight shared between them (as ``w`` copies of it would be).

    Attributes
    ----------
    train, validation : ndarray of int
        Sorted row indices of the two parts.
    train_weight, validation_weight : ndarray of float or None
        The weight of each of those rows on its side; ``None`` when the
        input had no weights (every row then weighs 1 on its one side).
    n_distinct : int
        Number of distinct samples in the validation part.
    """

    train: np.ndarray
    validation: np.ndarray
    train_weight: np.ndarray | None
    validation_weight: np.ndarray | None
    n_distinct: int


def fraction_split(
    X, Y, fraction, seed, stratify=None, sample_weight=None, strict_classes=True
) -> FractionSplit:
    """A content-keyed train/validation split holding ``fraction`` of the weight.

    Parameters
    ----------
    X : ndarray or sparse matrix of shape (n_samples, n_features)
        Inputs.
    Y : ndarray of shape (n_samples, n_targets) or None
        Targets.
    fraction : float
        Share of the total weight that goes to validation, in (0, 1).
    seed : int
        Key of the hash that orders the groups of identical samples.
    stratify : ndarray of shape (n_samples,) or None
        Class of each sample, to split each class separately.
    sample_weight : ndarray of shape (n_samples,) or None
        Non-negative sample weights.
    strict_classes : bool, default=True
        Raise for a class with a single sample, rather than keeping it in
        training with a warning.

    Returns
    -------
    split : FractionSplit
    """
    n_samples = X.shape[0]
    weights = (
        np.ones(n_samples)
        if sample_weight is None
        else np.asarray(sample_weight, dtype=np.float64)
    )
    positive = weights > 0
    hashes = row_hashes(X, Y, seed)
    # Integer weights count copies; a group's size is then its total weight,
    # which makes weighting and repeating split alike.
    counts = bool(np.all(weights[positive] == np.round(weights[positive])))
    if stratify is None:
        strata = [np.flatnonzero(positive)]
    else:
        sizes = weights if counts else np.ones(n_samples)
        strata = _class_members(np.asarray(stratify), sizes, positive, strict_classes)
    split_one = _split_counts if counts else _split_rows
    validation_weight = np.zeros(n_samples)
    for members in strata:
        if members.size:
            split_one(members, hashes, weights, fraction, validation_weight)
    train_weight = weights - validation_weight
    validation = np.flatnonzero(validation_weight > 0)
    # Zero-weight samples stay in training, where they change nothing.
    train = np.flatnonzero((train_weight > 0) | ~positive)
    unweighted = sample_weight is None
    return FractionSplit(
        train=train,
        validation=validation,
        train_weight=None if unweighted else train_weight[train],
        validation_weight=None if unweighted else validation_weight[validation],
        n_distinct=int(np.unique(hashes[validation]).size),
    )


def _groups(members, hashes):
    """Group keys (in hash order), each member's group, and the members' order.

    ``order`` lists the members group by group, in index order within a
    group (one stable sort serves for all three).
    """
    member_hashes = hashes[members]
    order = np.argsort(member_hashes, kind="stable")
    ordered = member_hashes[order]
    starts = np.empty(ordered.size, dtype=bool)
    starts[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    group = np.empty(ordered.size, dtype=np.intp)
    group[order] = np.cumsum(starts) - 1
    return ordered[starts], group, order


def _split_counts(members, hashes, weights, fraction, out):
    """Integer weights: systematic rounding of ``fraction`` of each group.

    Walking the groups in hash order, the validation share of the first
    ``g`` groups is ``round(fraction * C_g)`` with ``C_g`` their total
    weight, so each group gets ``floor`` or ``ceil`` of its own share and
    the whole stratum ``round(fraction * total)``. A group's share is then
    taken from its rows in index order, a row of weight ``w`` giving up to
    ``w`` units.
    """
    keys, group, order = _groups(members, hashes)
    totals = np.bincount(group, weights=weights[members], minlength=keys.size)
    boundaries = np.floor(fraction * np.cumsum(totals) + 0.5)
    shares = np.diff(boundaries, prepend=0.0)
    # At least one unit of weight stays in training.
    excess = shares.sum() - (totals.sum() - 1)
    while excess > 0:
        largest = int(np.argmax(shares))
        cut = min(excess, shares[largest])
        shares[largest] -= cut
        excess -= cut
    rows, row_group = members[order], group[order]
    row_weight = weights[rows]
    group_start = np.cumsum(totals) - totals
    before = np.cumsum(row_weight) - row_weight - group_start[row_group]
    out[rows] = np.clip(shares[row_group] - before, 0.0, row_weight)


def _split_rows(members, hashes, weights, fraction, out):
    """Real weights: whole rows, copies spread, until ``fraction`` of the weight.

    Copy ``j`` of a group of ``k`` identical rows gets the position
    ``(j + u) / k`` with ``u`` in [0, 1) from the group's hash, so that the
    copies of a group are spread evenly over the order and a weight prefix
    takes each group in proportion; distinct rows (``k = 1``) fall at a
    random position.
    """
    keys, group, order = _groups(members, hashes)
    sizes = np.bincount(group, minlength=keys.size)
    rank = np.empty(members.size)
    rank[order] = np.arange(members.size) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    offset = (keys >> np.uint64(11)).astype(np.float64) / 2.0**53
    position = (rank + offset[group]) / sizes[group]
    visit = np.lexsort((keys[group], position))
    cumulative = np.cumsum(weights[members[visit]])
    count = int(np.searchsorted(cumulative, fraction * cumulative[-1])) + 1
    count = min(count, members.size - 1)  # leave training at least one row
    chosen = members[visit[:count]]
    out[chosen] = weights[chosen]


def _class_members(labels, sizes, positive, strict):
    """Positive-weight members of each class that can be split.

    A class needs two samples of positive weight to give one to each side;
    ``sizes`` says how many samples each row counts for (its integer weight,
    or 1). With ``strict`` (binary targets, as scikit-learn) a class with a
    single sample is an error; otherwise (multiclass, which scikit-learn
    does not stratify at all) such classes stay in training, with a warning.
    """
    values, codes = np.unique(
        labels.reshape(len(labels), -1)[:, 0], return_inverse=True
    )
    codes = codes.reshape(-1)
    counts = np.bincount(codes, weights=sizes, minlength=values.size)
    if strict and counts.min() < 2:
        too_few = [str(values[k]) for k in np.flatnonzero(counts < 2)]
        raise ValueError(
            f"The least populated classes in y have only {counts.min():g} member, "
            "which is too few for a stratified split. The minimum number of "
            "members for any class cannot be less than 2. Classes with too few "
            f"members are: {too_few}"
        )
    members = [np.flatnonzero(positive & (codes == k)) for k in range(values.size)]
    class_sizes = np.array([sizes[m].sum() for m in members])
    if class_sizes.min() < 2:
        unsplit = [str(values[k]) for k in np.flatnonzero(class_sizes < 2)]
        warnings.warn(
            f"Classes {unsplit} have fewer than 2 samples of positive weight, so "
            "they stay in the training set and the early-stopping validation "
            "set has none of them.",
            UserWarning,
            stacklevel=5,
        )
    return [m for m, size in zip(members, class_sizes, strict=True) if size >= 2]


def splitter_split(splitter, X, y, groups):
    """Training and validation indices from the first split of ``splitter``.

    Parameters
    ----------
    splitter : cross-validation object
        Anything with ``split(X, y, groups)``: GroupShuffleSplit, GroupKFold,
        skgeo's spatial splitters, ...
    X : array-like
        The inputs as passed to ``fit`` (a DataFrame keeps its column names,
        which spatial splitters may use).
    y : array-like
        The targets as passed to ``fit``.
    groups : array-like or None
        Group labels (or coordinates) for the splitter.

    Returns
    -------
    train, validation : ndarray of int
    """
    try:
        train, validation = next(iter(splitter.split(X, y, groups)))
    except StopIteration:
        raise ValueError(
            f"validation_split={splitter!r} yielded no split. Pass a splitter "
            "with at least one split."
        ) from None
    except ValueError as exc:
        raise ValueError(
            f"validation_split={splitter!r} could not split the training data: {exc}"
        ) from exc
    train = np.asarray(train, dtype=np.intp).reshape(-1)
    validation = np.asarray(validation, dtype=np.intp).reshape(-1)
    if train.size == 0:
        raise ValueError(
            f"validation_split={splitter!r} put all {validation.size} sample(s) "
            "in the validation set and none in training. Use a splitter whose "
            "first split leaves training samples (e.g. more folds, or a "
            "smaller test_size), or check the groups passed to fit."
        )
    return train, validation


def check_validation_options(estimator, incremental, X_val, y_val, sample_weight_val):
    """Refuse validation arguments that cannot work together, before fitting."""
    if (X_val is None) != (y_val is None):
        raise ValueError(
            "X_val and y_val must be given together; got "
            f"X_val={'None' if X_val is None else 'an array'} and "
            f"y_val={'None' if y_val is None else 'an array'}."
        )
    if sample_weight_val is not None and X_val is None:
        raise ValueError("sample_weight_val needs X_val and y_val.")
    wants_validation = X_val is not None or estimator.validation_split is not None
    if wants_validation and estimator.solver == "lbfgs":
        raise ValueError(
            "A validation set (X_val or validation_split) is only used by the "
            "stochastic solvers; solver='lbfgs' has no epochs to monitor. "
            "Use solver='adam' or 'sgd'."
        )
    if incremental and estimator.early_stopping:
        raise ValueError(
            "partial_fit does not support early_stopping=True: one call is "
            "one epoch, with no validation set to stop on. Call fit, or set "
            "early_stopping=False."
        )


def make_validation_set(estimator, X, Y, sample_weight, given, explicit):
    """Split off (or build) the early-stopping validation set.

    Parameters
    ----------
    estimator : BaseGeoMLP
        The estimator being fitted. Used through its hooks:
        ``_stratification(Y)`` (classes to stratify on, or None),
        ``_validation_targets(X_val, y_val)`` (validated explicit set),
        ``_targets_for_scoring(Y)`` and ``_weighted(Y, sw, incremental)``.
    X, Y, sample_weight : arrays
        Validated training data (``Y`` in the training form).
    given : tuple
        ``(X, y, groups)`` as passed to ``fit``, for splitters.
    explicit : tuple
        ``(X_val, y_val, sample_weight_val)`` as passed to ``fit``.

    Returns
    -------
    X, Y, sample_weight : arrays
        The training part.
    validation : ValidationSet or None
        None when nothing is monitored.
    """
    X_given, y_given, groups = given
    X_val, y_val, sample_weight_val = explicit
    if X_val is not None:
        validation = _explicit_set(estimator, X_val, y_val, sample_weight_val)
        return X, Y, sample_weight, validation
    if estimator.validation_split is not None:
        train, val = splitter_split(
            estimator.validation_split, X_given, y_given, groups
        )
        _check_size(val.size, X.shape[0], "validation_split")
        train_w = val_w = None
        if sample_weight is not None:
            train_w, val_w = sample_weight[train], sample_weight[val]
    elif estimator.early_stopping:
        if X.shape[0] < 3:
            raise ValueError(
                "The validation set is too small: early stopping needs at "
                f"least 3 samples to hold 2 out, got {X.shape[0]} sample(s). "
                "Set early_stopping=False or use more data."
            )
        split = _fraction_split(estimator, X, Y, sample_weight)
        _check_size(split.validation.size, X.shape[0], "validation_fraction")
        train, val = split.train, split.validation
        train_w, val_w = split.train_weight, split.validation_weight
        if sample_weight is not None:  # weights train in the compute dtype
            train_w = train_w.astype(sample_weight.dtype)
            val_w = val_w.astype(sample_weight.dtype)
    else:
        return X, Y, sample_weight, None
    X_val, Y_val = _rows(X, val), np.ascontiguousarray(Y[val])
    if val_w is not None and not val_w.any():
        raise ValueError(
            "Every validation sample has zero weight, so no score can be "
            "computed. Check sample_weight and class_weight."
        )
    validation = ValidationSet(
        X_val, Y_val, estimator._targets_for_scoring(Y_val), val_w
    )
    return _rows(X, train), np.ascontiguousarray(Y[train]), train_w, validation


def _rows(X, index):
    part = X[index]
    return part.tocsr() if sp.issparse(part) else part


def _fraction_split(estimator, X, Y, sample_weight):
    stratification = estimator._stratification(Y)
    stratify, strict = (None, True) if stratification is None else stratification
    seed = estimator._random_state.randint(2**31 - 1)
    fraction = estimator.validation_fraction
    try:
        return fraction_split(X, Y, fraction, seed, stratify, sample_weight, strict)
    except ValueError as exc:
        raise ValueError(
            f"{exc}. Early stopping draws a stratified validation set of "
            f"validation_fraction={fraction}. Give every class at least 2 "
            "samples, or pass validation_split or X_val."
        ) from exc


def _explicit_data(estimator, X_val, y_val):
    """Check the explicit validation set; errors name X_val and y_val."""
    if not sp.issparse(X_val) and np.ndim(X_val) != 2:
        raise ValueError(
            "X_val must be 2-D, of shape (n_val, n_features); got an array "
            f"of shape {np.shape(X_val)}. Reshape it, e.g. "
            "X_val.reshape(-1, 1) for a single feature."
        )
    n_val_features = X_val.shape[1]
    if n_val_features != estimator.n_features_in_:
        raise ValueError(
            f"X_val has {n_val_features} features per sample but X has "
            f"{estimator.n_features_in_}. Pass a validation set with the same "
            "columns as X (transformed the same way, outside a Pipeline)."
        )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="X does not have valid feature")
        X_val, Y_val = estimator._validation_targets(X_val, y_val)
    estimator._loss.check_target(Y_val, name="y_val")
    return X_val, Y_val


def _check_size(n_val, n_samples, parameter):
    if n_val < 2:
        raise ValueError(
            f"The validation set is too small: {parameter} kept {n_val} "
            f"sample(s) for validation out of {n_samples}; early stopping "
            f"needs at least 2. Increase '{parameter}' or the size of your "
            "dataset."
        )


def _explicit_set(estimator, X_val, y_val, sample_weight_val):
    X_val, Y_val = _explicit_data(estimator, X_val, y_val)
    if X_val.shape[0] < 2:
        raise ValueError(
            f"X_val has {X_val.shape[0]} sample(s); a validation score needs at "
            "least 2. Pass a larger validation set."
        )
    dtype = estimator._packed.dtype
    if X_val.dtype != dtype:
        X_val = X_val.astype(dtype)
    try:
        sw_val = estimator._validated_sample_weight(sample_weight_val, X_val)
    except ValueError as exc:
        raise ValueError(f"sample_weight_val: {exc}") from exc
    sw_val = estimator._weighted(Y_val, sw_val, True)
    if sw_val is not None and not sw_val.any():
        raise ValueError(
            "Every validation sample has zero weight (sample_weight_val, with "
            "class_weight folded in), so no score can be computed."
        )
    Y_val = np.ascontiguousarray(Y_val, dtype=dtype)
    return ValidationSet(X_val, Y_val, estimator._targets_for_scoring(Y_val), sw_val)
