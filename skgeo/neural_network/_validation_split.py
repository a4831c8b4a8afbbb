"""How the early-stopping validation set is drawn from the training data.

Three sources, in order of precedence: an explicit ``X_val``/``y_val``; the
first split of a cross-validation splitter (``validation_split``), so that
the validation set can be grouped by earthquake or by spatial block; or a
random fraction (``validation_fraction``), as scikit-learn does.

The random fraction is *stratified where possible* (single-output
classification, binary or multiclass) and *weight-aware*: with unequal
sample weights the validation set receives ``validation_fraction`` of the
total weight, as if weighted samples were repeated, and samples of zero
weight are never drawn for validation. With no or uniform weights the draw
is exactly scikit-learn's ``train_test_split``, so a seed reproduces
scikit-learn's split.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import train_test_split

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
    n_samples, fraction, random_state, stratify=None, sample_weight=None
):
    """Indices of a random train/validation split of ``n_samples``.

    Parameters
    ----------
    n_samples : int
        Number of samples.
    fraction : float
        Share of the samples (or of the weight) for validation, in (0, 1).
    random_state : numpy.random.RandomState
        Source of randomness; advanced in place.
    stratify : ndarray of shape (n_samples,) or None
        Class codes to stratify on.
    sample_weight : ndarray of shape (n_samples,) or None
        Sample weights.

    Returns
    -------
    train, validation : ndarray of int
        Indices of the two parts.
    """
    if sample_weight is None or np.all(sample_weight == sample_weight[0]):
        return train_test_split(
            np.arange(n_samples),
            test_size=fraction,
            random_state=random_state,
            stratify=stratify,
        )
    groups = [np.arange(n_samples)] if stratify is None else _class_members(stratify)
    validation = [
        _weighted_prefix(members, fraction, random_state, sample_weight)
        for members in groups
    ]
    validation = np.sort(np.concatenate(validation))
    train = np.setdiff1d(np.arange(n_samples), validation, assume_unique=True)
    return random_state.permutation(train), validation


def _class_members(codes):
    _, inverse = np.unique(codes, return_inverse=True)
    return [np.flatnonzero(inverse == k) for k in range(inverse.max() + 1)]


def _weighted_prefix(members, fraction, random_state, sample_weight):
    """Shortest shuffled prefix of ``members`` with ``fraction`` of their weight."""
    candidates = members[sample_weight[members] > 0]
    candidates = candidates[random_state.permutation(candidates.size)]
    cumulative = np.cumsum(sample_weight[candidates])
    if cumulative.size == 0:
        return candidates
    count = int(np.searchsorted(cumulative, fraction * cumulative[-1])) + 1
    # Keep at least one positive-weight sample of the group for training.
    return candidates[: min(count, max(candidates.size - 1, 0))]


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
