"""Machinery shared by the spatial block splitters.

The public splitters only decide which blocks go to the test (and training)
set of each split; reading the coordinates, labelling the blocks, turning
block choices into point indices and applying the buffer happen here.
"""

import math
import warnings
from abc import abstractmethod
from collections.abc import Iterator
from numbers import Integral, Real

import numpy as np
from numpy.typing import ArrayLike
from scipy.spatial import cKDTree
from sklearn.model_selection import BaseCrossValidator
from sklearn.utils import indexable

from ._blocks import (
    _as_block_size,
    _as_coordinate_array,
    _block_indices,
    _block_keys,
    _check_coordinate_system,
    _encode_blocks,
    _unwrap_longitudes,
    _warn_if_straddling,
)

__all__: list[str] = []

# A tiny relative widening of the buffer square used to pre-select candidate
# points, so that rounding in ``e +/- buffer`` can never exclude a true pair.
_BUFFER_SLACK = 1e-9
# A relative narrowing of the cells whose points are all within the buffer of
# each other, so that rounding in ``(e - origin) / side`` cannot put two
# points farther apart than the buffer into one cell.
_CELL_SLACK = 1e-6


class _BaseSpatialBlockCV(BaseCrossValidator):
    """Base class of splitters that hold out whole blocks of a regular grid.

    Subclasses set the public parameters in ``__init__`` and implement
    ``_check_params`` and ``_block_splits``.
    """

    # Like sklearn's group splitters, request ``groups`` by default so that
    # coordinates passed as ``groups`` reach ``split`` under metadata routing.
    __metadata_request__split = {"groups": True}

    #: Smallest valid ``n_splits`` (set by each subclass).
    _min_splits = 2

    def get_n_splits(
        self, X: object = None, y: object = None, groups: object = None
    ) -> int:
        """Return the number of splitting iterations in the cross-validator.

        Parameters
        ----------
        X : object, default=None
            Ignored; present for API compatibility.
        y : object, default=None
            Ignored; present for API compatibility.
        groups : object, default=None
            Ignored; present for API compatibility.

        Returns
        -------
        n_splits : int
            The number of splits, `n_splits`.

        Raises
        ------
        ValueError
            If `n_splits` is not an integer of at least the minimum (2 for
            K-fold, 1 for shuffle splits).
        """
        return _check_n_splits(
            self.n_splits, minimum=self._min_splits, name=type(self).__name__
        )

    def split(
        self,
        X: ArrayLike,
        y: ArrayLike | None = None,
        groups: ArrayLike | None = None,
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Generate indices to split data into training and test set.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Training data. The coordinates are its columns named by `coords`,
            unless `groups` holds them.
        y : array-like of shape (n_samples,), default=None
            Ignored; present for API compatibility.
        groups : array-like of shape (n_samples, 2), default=None
            (east, north) coordinates of the samples. When given, they take
            precedence over the columns of `X` named by `coords`.

        Yields
        ------
        train : ndarray of shape (n_train,)
            Sorted indices of the training samples of the split.
        test : ndarray of shape (n_test,)
            Sorted indices of the test samples of the split.

        Raises
        ------
        ValueError
            If a parameter is invalid, if the coordinates cannot be read from
            `X` or `groups` or are not finite, if there are too few non-empty
            blocks, or if the buffer removes every training sample of a split.
        """
        self._check_params()
        X, y, groups = indexable(X, y, groups)
        points = _split_coordinates(X, groups, self.coords)
        sizes = _as_block_size(self.block_size)
        buffer = _check_buffer(self.buffer)
        seam = None
        if _check_coordinate_system(self.coordinate_system) == "geographic":
            points, cut, widest_gap = _unwrap_longitudes(points, name="coordinates")
            if buffer > 0 and widest_gap <= buffer:
                # The data circle the globe: pairs across the cut can be
                # within the buffer, and are looked for separately.
                seam = cut
        else:
            _warn_if_straddling(points, stacklevel=2)
        # The grid origin is the data's south-west corner; the neighbour
        # look-up of the buffer below relies on the same origin.
        origin = points.min(axis=0)
        indices = _block_indices(points, sizes, origin=origin)
        block_keys, labels = _encode_blocks(indices)
        counts = np.bincount(labels)
        block_splits, message = self._block_splits(counts)
        if message is not None:
            warnings.warn(message, UserWarning, stacklevel=2)
        dead_zone = None
        if buffer > 0:
            dead_zone = _DeadZone(
                points, buffer, sizes, origin, indices, block_keys, labels
            )
        all_indices = np.arange(labels.size)
        for split_index, (train_blocks, test_blocks) in enumerate(block_splits):
            test_mask = test_blocks[labels]
            train_mask = train_blocks[labels]
            if dead_zone is not None:
                n_train = int(train_mask.sum())
                train_mask = dead_zone.drop(
                    train_mask, test_mask, train_blocks, test_blocks
                )
                if seam is not None:
                    train_mask = _drop_across_seam(
                        points, train_mask, test_mask, buffer, seam
                    )
                if not train_mask.any():
                    raise ValueError(
                        f"The buffer ({buffer:g}) removes every training point of "
                        f"split {split_index}: all {n_train} of them lie within "
                        f"{buffer:g} of a test point. Decrease buffer, or make the "
                        "test sets smaller (more n_splits or a smaller test_size)."
                    )
            yield all_indices[train_mask], all_indices[test_mask]

    def _iter_test_masks(self, X=None, y=None, groups=None) -> Iterator[np.ndarray]:
        """Generate boolean masks of the test samples of each split."""
        for _, test in self.split(X, y, groups):
            mask = np.zeros(_n_rows(X), dtype=bool)
            mask[test] = True
            yield mask

    @abstractmethod
    def _check_params(self) -> None:
        """Validate the subclass's parameters (raise ``ValueError``)."""

    @abstractmethod
    def _block_splits(
        self, counts: np.ndarray
    ) -> tuple[list[tuple[np.ndarray, np.ndarray]], str | None]:
        """(train_blocks, test_blocks) boolean masks over the blocks, per split.

        `counts` is the number of points in each block. Also returns a warning
        message for the user, or None; `split` issues it so that the warning
        points at the caller.
        """


def _drop_across_seam(
    points: np.ndarray,
    train_mask: np.ndarray,
    test_mask: np.ndarray,
    buffer: float,
    cut: float,
) -> np.ndarray:
    """Also drop training points within the buffer across the longitude cut.

    Longitudes run over ``[cut, cut + 360)``; a test point near one end is
    compared, shifted by 360 degrees, with the training points near the
    other end.
    """
    kept = train_mask.copy()
    bound = np.nextafter(buffer, np.inf)
    west = points[:, 0] <= cut + buffer
    east = points[:, 0] >= cut + 360.0 - buffer
    for test_side, train_side, shift in ((west, east, 360.0), (east, west, -360.0)):
        reference = points[test_mask & test_side] + np.array([shift, 0.0])
        query = np.flatnonzero(kept & train_side)
        if reference.size == 0 or query.size == 0:
            continue
        distance, _ = cKDTree(reference).query(
            points[query], k=1, distance_upper_bound=bound
        )
        kept[query[np.isfinite(distance)]] = False
    return kept


def _n_rows(X) -> int:
    """Number of samples of an array-like, DataFrame or sparse matrix."""
    shape = getattr(X, "shape", None)
    return int(shape[0]) if shape is not None else len(X)


def _check_n_splits(n_splits: object, *, minimum: int, name: str) -> int:
    """Validate an integer number of splits."""
    if not isinstance(n_splits, Integral) or isinstance(n_splits, bool):
        raise ValueError(
            f"n_splits must be an integer; got {n_splits!r} of type "
            f"{type(n_splits).__name__}."
        )
    if n_splits < minimum:
        raise ValueError(
            f"{name} needs n_splits >= {minimum}; got n_splits={n_splits}. "
            f"Set n_splits to {minimum} or more."
        )
    return int(n_splits)


def _check_buffer(buffer: object) -> float:
    """Validate the buffer distance."""
    if not isinstance(buffer, Real) or isinstance(buffer, bool):
        raise ValueError(
            f"buffer must be a number (a distance in the units of the coordinates); "
            f"got {buffer!r}."
        )
    if not (np.isfinite(buffer) and buffer >= 0):
        raise ValueError(
            f"buffer must be a finite distance >= 0; got {buffer!r}. Use 0 for no "
            "buffer."
        )
    return float(buffer)


def _check_coords(coords: object) -> tuple:
    """Validate `coords`: two distinct column indices or two column names."""
    message = (
        "coords must name the two coordinate columns of X in (east, north) order, "
        "as two integer indices such as (0, 1) or two column names such as "
        f"('easting', 'northing'); got {coords!r}."
    )
    if isinstance(coords, str) or not hasattr(coords, "__len__") or len(coords) != 2:
        raise ValueError(message)
    pair = tuple(coords)
    all_int = all(isinstance(c, Integral) and not isinstance(c, bool) for c in pair)
    all_str = all(isinstance(c, str) for c in pair)
    if not (all_int or all_str):
        raise ValueError(message)
    if pair[0] == pair[1]:
        raise ValueError(
            f"coords must name two different columns; got {coords!r} (the same "
            "column twice)."
        )
    return pair


def _split_coordinates(X, groups, coords) -> np.ndarray:
    """The (n_samples, 2) coordinates: `groups` if given, else columns of `X`."""
    if groups is not None:
        if np.ndim(groups) != 2:
            raise ValueError(
                f"groups has shape {np.shape(groups)}, but the spatial block "
                "splitters take groups only as an (n_samples, 2) array of (east, "
                "north) coordinates. To split by precomputed group or block labels, "
                "use sklearn.model_selection.GroupKFold with groups=labels (see "
                "skgeo.model_selection.spatial_block_labels); otherwise pass "
                "groups=None and name the coordinate columns of X with coords."
            )
        return _as_coordinate_array(groups, name="groups")
    pair = _check_coords(coords)
    if isinstance(pair[0], str):
        columns = getattr(X, "columns", None)
        if columns is None:
            raise ValueError(
                f"coords={pair!r} names columns, but X ({type(X).__name__}) has no "
                "column names. Pass X as a pandas DataFrame, or give coords as "
                "column indices such as (0, 1)."
            )
        available = list(columns)
        missing = [name for name in pair if name not in available]
        if missing:
            raise ValueError(
                f"Coordinate column(s) {missing} not found in X. X has columns "
                f"{available}. Set coords to the names of the (east, north) columns."
            )
        selected = X[list(pair)]
    else:
        n_columns = _n_columns(X)
        bad = [i for i in pair if not -n_columns <= i < n_columns]
        if bad:
            raise ValueError(
                f"coords={pair!r} refers to column(s) {bad}, but X has {n_columns} "
                f"column(s) (indices 0 to {n_columns - 1}). Set coords to the "
                "indices of the (east, north) columns, or pass the coordinates as "
                "groups."
            )
        if hasattr(X, "iloc"):
            selected = X.iloc[:, list(pair)]
        elif hasattr(X, "tocsr"):
            selected = X.tocsr()[:, list(pair)].toarray()
        else:
            selected = np.asarray(X)[:, list(pair)]
    return _as_coordinate_array(selected, name=f"X[:, {list(pair)}]")


def _n_columns(X) -> int:
    """Number of columns of a 2-D array-like; a clear error for anything else."""
    shape = getattr(X, "shape", None)
    if shape is None:
        shape = np.shape(X)
    if len(shape) != 2:
        raise ValueError(
            f"X must be 2-D (n_samples, n_features) to read coordinate columns "
            f"from it; got shape {tuple(shape)}. Pass the coordinates as groups "
            "instead."
        )
    return int(shape[1])


class _DeadZone:
    """Finds the training points within the buffer distance of a test set.

    Everything that does not depend on the split is prepared once:

    * when the buffer is smaller than a block, the blocks that each point's
      buffer square touches. A point whose square stays inside its own block
      can never be within the buffer of a point of another block, so only
      the other points, near block edges, are ever looked at;
    * a spatial ordering of the points, which keeps k-d tree queries
      cache-friendly (about twice as fast as querying in random order).
    """

    def __init__(
        self,
        points: np.ndarray,
        buffer: float,
        sizes: np.ndarray,
        origin: np.ndarray,
        indices: np.ndarray,
        block_keys: np.ndarray,
        labels: np.ndarray,
    ) -> None:
        self.points = points
        # cKDTree's bound is strict; the next float up makes "within" inclusive.
        self.bound = np.nextafter(buffer, np.inf)
        cell = max(buffer, float((points.max(axis=0) - origin).max()) / 2**20)
        cells = np.floor((points - origin) / cell).astype(np.int64)
        order = np.argsort(cells[:, 1] * (2**21) + cells[:, 0])
        reach = buffer * (1 + _BUFFER_SLACK)
        self.neighbours = None
        self.candidates = order
        if reach < sizes.min():
            lookup = _BlockLookup(indices, block_keys, labels)
            neighbours = _neighbour_labels(points, sizes, origin, reach, lookup)
            near_edge = np.zeros(labels.size, dtype=bool)
            for column in neighbours:
                near_edge |= column != labels
            self.candidates = order[near_edge[order]]
            self.neighbours = [column[self.candidates] for column in neighbours]
        # Two points in one square cell of side buffer / sqrt(2) are within
        # the buffer of each other, so a training point that shares a cell
        # with a test point is dropped without a k-d tree query. That settles
        # many points, most of all once the buffer is as large as a block,
        # where the block-edge test above cannot prune.
        self.cell_ids = None
        side = buffer / math.sqrt(2.0) * (1 - _CELL_SLACK)
        located = points[self.candidates]
        # Cell indices must fit in int64 keys: at most 2**30 cells per axis.
        if self.candidates.size and np.ptp(located, axis=0).max() / side < 2**30:
            fine = np.floor((located - located.min(axis=0)) / side).astype(np.int64)
            keys = fine[:, 0] * (int(fine[:, 1].max()) + 1) + fine[:, 1]
            _, self.cell_ids = np.unique(keys, return_inverse=True)
            self.n_cells = int(self.cell_ids.max()) + 1

    def drop(
        self,
        train_mask: np.ndarray,
        test_mask: np.ndarray,
        train_blocks: np.ndarray,
        test_blocks: np.ndarray,
    ) -> np.ndarray:
        """`train_mask` without the points within the buffer of a test point.

        Only training points whose buffer square touches a test block, and
        test points whose square touches a training block, can be that close,
        so the k-d tree is built and queried on those alone.
        """
        is_train = train_mask[self.candidates]
        is_test = test_mask[self.candidates]
        if self.neighbours is not None:
            # Label -1 (empty block) indexes the appended False.
            test_block = np.append(test_blocks, False)
            train_block = np.append(train_blocks, False)
            touches_test = np.zeros_like(is_train)
            touches_train = np.zeros_like(is_train)
            for column in self.neighbours:
                touches_test |= test_block[column]
                touches_train |= train_block[column]
            is_train &= touches_test
            is_test &= touches_train
        query = self.candidates[is_train]
        reference = self.candidates[is_test]
        if query.size == 0 or reference.size == 0:
            return train_mask
        kept = train_mask.copy()
        if self.cell_ids is not None:
            occupied = np.zeros(self.n_cells, dtype=bool)
            occupied[self.cell_ids[is_test]] = True
            shares_cell = occupied[self.cell_ids[is_train]]
            kept[query[shares_cell]] = False
            query = query[~shares_cell]
            if query.size == 0:
                return kept
        tree = cKDTree(self.points[reference], balanced_tree=False, compact_nodes=False)
        distance, _ = tree.query(
            self.points[query], k=1, distance_upper_bound=self.bound
        )
        kept[query[np.isfinite(distance)]] = False
        return kept


def _neighbour_labels(
    points: np.ndarray,
    sizes: np.ndarray,
    origin: np.ndarray,
    reach: float,
    lookup: "_BlockLookup",
) -> list[np.ndarray]:
    """Labels of the blocks that the buffer square of each point touches.

    The square of half-side ``reach`` around a point spans the interval
    ``[e - reach, e + reach]`` along each axis. As ``reach`` is smaller than
    a block side, that interval meets at most three blocks, and they are the
    blocks of ``e - reach``, ``e`` and ``e + reach``. So the square meets at
    most the nine blocks of its corners, edge midpoints and centre (the
    point's own block), and any point within ``reach`` lies in one of them.
    Returns the labels of the eight blocks other than the centre, -1 where a
    block is empty.
    """
    columns = []
    for step_east in (-reach, 0.0, reach):
        for step_north in (-reach, 0.0, reach):
            if step_east == step_north == 0.0:
                continue
            shifted = points + np.array([step_east, step_north])
            shifted_indices = np.floor((shifted - origin) / sizes).astype(np.int64)
            columns.append(lookup(shifted_indices))
    return columns


class _BlockLookup:
    """Label of the block at given integer indices, -1 for an empty block.

    Uses a dense table over the grid plus an empty margin of one block when
    that table is small, and a binary search over the block keys otherwise.
    Indices beyond the margin are clipped onto it, so they read as empty.
    """

    def __init__(
        self, indices: np.ndarray, block_keys: np.ndarray, labels: np.ndarray
    ) -> None:
        self.lowest = indices.min(axis=0) - 1
        self.highest = indices.max(axis=0) + 1
        n_east, n_north = (self.highest - self.lowest + 1).tolist()
        self.n_east = n_east
        self.block_keys = block_keys
        self.table = None
        if n_east * n_north <= max(4 * indices.shape[0], 2**20):
            self.table = np.full(n_east * n_north, -1, dtype=np.int32)
            self.table[self._flat(indices)] = labels

    def _flat(self, indices: np.ndarray) -> np.ndarray:
        shifted = indices - self.lowest
        return shifted[:, 1] * self.n_east + shifted[:, 0]

    def __call__(self, indices: np.ndarray) -> np.ndarray:
        indices = np.clip(indices, self.lowest, self.highest)
        if self.table is not None:
            return self.table[self._flat(indices)]
        keys = _block_keys(indices, self.lowest + 1)
        position = np.searchsorted(self.block_keys, keys)
        position = np.minimum(position, self.block_keys.size - 1)
        found = self.block_keys[position] == keys
        return np.where(found, position, -1).astype(np.int32)
