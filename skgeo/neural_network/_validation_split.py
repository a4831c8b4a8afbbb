"""How the early-stopping validation set is drawn from the training data.

Three sources, in order of precedence: an explicit ``X_val``/``y_val``; the
first split of a cross-validation splitter (``validation_split``), so that
the validation set can be grouped by earthquake or by spatial block; or a
fraction (``validation_fraction``) of the training data.

The fraction is drawn by content (see :mod:`._row_hash`): every distinct
sample is assigned by a seeded hash of its inputs and target. The split is

* **weight-aware**: the validation set receives ``validation_fraction`` of
  the total sample weight, and fitting with integer weights is the same as
  fitting on repeated samples; samples of zero weight are never drawn;
* **stratified** by class for single-output classification (binary and
  multiclass);
* **duplicate-safe**: identical records never straddle the two sets.
"""

import warnings
from dataclasses import dataclass

import numpy as np

from ._row_hash import row_hashes

__all__ = ["ValidationSet", "fraction_split", "splitter_split"]


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


def fraction_split(
    X, Y, fraction, seed, stratify=None, sample_weight=None, strict_classes=True
):
    """Indices of a content-keyed train/validation split.

    Parameters
    ----------
    X : ndarray or sparse matrix of shape (n_samples, n_features)
        Inputs.
    Y : ndarray of shape (n_samples, n_targets)
        Targets.
    fraction : float
        Share of the total weight that goes to validation, in (0, 1).
    seed : int
        Key of the hash that orders the samples.
    stratify : ndarray of shape (n_samples,) or None
        Class of each sample, to split each class separately.
    sample_weight : ndarray of shape (n_samples,) or None
        Sample weights.
    strict_classes : bool, default=True
        Raise for a class with a single sample, rather than keeping it in
        training with a warning.

    Returns
    -------
    train, validation : ndarray of int
        Sorted indices of the two parts.
    n_distinct : int
        Number of distinct samples in the validation part.
    """
    n_samples = X.shape[0]
    weights = np.ones(n_samples) if sample_weight is None else sample_weight
    positive = weights > 0
    hashes = row_hashes(X, Y, seed)
    if stratify is None:
        classes = [np.flatnonzero(positive)]
    else:
        classes = _class_members(np.asarray(stratify), positive, hashes, strict_classes)
    chosen = [_lightest_prefix(m, hashes, weights, fraction) for m in classes]
    validation = np.sort(np.concatenate(chosen))
    train = np.setdiff1d(np.arange(n_samples), validation, assume_unique=True)
    return train, validation, np.unique(hashes[validation]).size


def _class_members(labels, positive, hashes, strict):
    """Positive-weight members of each class that can be split.

    A class needs two distinct samples of positive weight to give one to
    each side. With ``strict`` (binary targets, as scikit-learn) a class with
    a single sample is an error; otherwise (multiclass, which scikit-learn
    does not stratify at all) such classes stay in training, with a warning.
    """
    values, codes = np.unique(
        labels.reshape(len(labels), -1)[:, 0], return_inverse=True
    )
    counts = np.bincount(codes, minlength=values.size)
    if strict and counts.min() < 2:
        too_few = [str(values[k]) for k in np.flatnonzero(counts < 2)]
        raise ValueError(
            f"The least populated classes in y have only {counts.min()} member, "
            "which is too few for a stratified split. The minimum number of "
            "members for any class cannot be less than 2. Classes with too few "
            f"members are: {too_few}"
        )
    members = [np.flatnonzero(positive & (codes == k)) for k in range(values.size)]
    distinct = np.array([np.unique(hashes[m]).size for m in members])
    if distinct.min() < 2:
        unsplit = [str(values[k]) for k in np.flatnonzero(distinct < 2)]
        warnings.warn(
            f"Classes {unsplit} have fewer than 2 distinct samples of positive "
            "weight, so they stay in the training set and the early-stopping "
            "validation set has none of them.",
            UserWarning,
            stacklevel=5,
        )
    return [m for m, d in zip(members, distinct, strict=True) if d >= 2]


def _lightest_prefix(members, hashes, weights, fraction):
    """Distinct samples, in hash order, until ``fraction`` of the weight."""
    if members.size == 0:
        return members
    keys, group = np.unique(hashes[members], return_inverse=True)
    group_weight = np.bincount(group, weights=weights[members])
    cumulative = np.cumsum(group_weight)
    count = int(np.searchsorted(cumulative, fraction * cumulative[-1])) + 1
    # Leave at least one distinct sample of the group for training.
    count = min(count, keys.size - 1)
    return members[group < count]


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
    return np.asarray(train, dtype=np.intp), np.asarray(validation, dtype=np.intp)
