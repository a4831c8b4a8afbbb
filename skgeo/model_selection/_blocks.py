"""Label points by the cell of a regular grid of spatial blocks they fall in."""

from numbers import Real

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["spatial_block_labels"]

# Block indices along one axis are kept below this bound so that the combined
# (north, east) key of a block fits in an int64 without overflow.
_MAX_BLOCKS_PER_AXIS = 2**30


def spatial_block_labels(
    coordinates: ArrayLike,
    block_size: float | tuple[float, float],
    *,
    origin: tuple[float, float] | None = None,
) -> np.ndarray:
    """Label each point with the spatial block it falls in.

    The plane is cut into a regular grid of rectangular blocks (square by
    default) and every point gets the integer label of its block. Only blocks
    that hold at least one point are numbered, so the labels are contiguous.
    The result can be passed as ``groups`` to any group-aware scikit-learn
    splitter (:class:`~sklearn.model_selection.GroupKFold`,
    :class:`~sklearn.model_selection.StratifiedGroupKFold`,
    :class:`~sklearn.model_selection.LeaveOneGroupOut`, ...).

    Parameters
    ----------
    coordinates : array-like of shape (n_samples, 2)
        Point coordinates in (east, north) order: easting and northing, or
        longitude and latitude. A DataFrame with exactly two columns is
        accepted.
    block_size : float or tuple of (float, float)
        Side of the square blocks, in the units of `coordinates`, or an
        (east, north) pair of sides for rectangular blocks.
    origin : tuple of (float, float), default=None
        (east, north) coordinates of one corner of the grid; block edges lie
        at ``origin + k * block_size`` for every integer ``k``. ``None``
        uses the south-west corner of the bounding box of `coordinates`.

    Returns
    -------
    labels : ndarray of shape (n_samples,), dtype=int64
        Block label of every point, in ``0 .. n_nonempty_blocks - 1``.

    Raises
    ------
    ValueError
        If `coordinates` is not a two-column array of finite numbers, if
        `block_size` is not positive and finite, if `origin` is not a finite
        (east, north) pair, or if `block_size` is so small that the grid
        would hold more than 2**30 blocks along an axis.

    See Also
    --------
    SpatialBlockKFold : K-fold cross-validation over spatial blocks.
    SpatialBlockShuffleSplit : Random train/test splits of spatial blocks.

    Notes
    -----
    Point :math:`(e, n)` falls in the block with integer indices

    .. math::

        i_e = \\left\\lfloor \\frac{e - e_0}{s_e} \\right\\rfloor, \\qquad
        i_n = \\left\\lfloor \\frac{n - n_0}{s_n} \\right\\rfloor,

    where :math:`(e_0, n_0)` is `origin` and :math:`(s_e, s_n)` the block
    sides. Blocks are therefore half-open: a point on a block edge belongs
    to the block to its east (or north).

    Non-empty blocks are numbered **row-major from the south-west**: label
    0 is the western-most non-empty block of the southern-most row of
    blocks, labels increase eastward along a row, then continue with the
    next row to the north. The labels are therefore stable: they depend only
    on the point locations, not on the order of the points.

    Block cross-validation needs blocks at least as large as the range of
    spatial autocorrelation of the residuals (Roberts et al., 2017); see the
    user guide.

    References
    ----------
    .. [1] Roberts, D. R., et al. (2017). Cross-validation strategies for
       data with temporal, spatial, hierarchical, or phylogenetic structure.
       Ecography, 40(8), 913-929. https://doi.org/10.1111/ecog.02881
    .. [2] Valavi, R., Elith, J., Lahoz-Monfort, J. J., & Guillera-Arroita,
       G. (2019). blockCV: An R package for generating spatially or
       environmentally separated folds for k-fold cross-validation of species
       distribution models. Methods in Ecology and Evolution, 10(2), 225-232.
       https://doi.org/10.1111/2041-210X.13107

    Examples
    --------
    Six points, blocks of 10 units: the south row of blocks is numbered
    first, from west to east.

    >>> from skgeo.model_selection import spatial_block_labels
    >>> coordinates = np.array(
    ...     [[1.0, 1.0], [12.0, 3.0], [15.0, 8.0], [2.0, 14.0], [25.0, 16.0],
    ...      [28.0, 2.0]]
    ... )
    >>> spatial_block_labels(coordinates, block_size=10.0)
    array([0, 1, 1, 3, 4, 2])

    The labels are groups for scikit-learn's group-aware splitters:

    >>> from sklearn.model_selection import GroupKFold
    >>> groups = spatial_block_labels(coordinates, block_size=10.0)
    >>> for train, test in GroupKFold(n_splits=2).split(coordinates, groups=groups):
    ...     print(np.unique(groups[test]))
    [1 2]
    [0 3 4]
    """
    points = _as_coordinate_array(coordinates, name="coordinates")
    sizes = _as_block_size(block_size)
    indices = _block_indices(points, sizes, origin=origin)
    _, labels = _encode_blocks(indices)
    return labels


def _as_coordinate_array(coordinates: ArrayLike, *, name: str) -> np.ndarray:
    """Return `coordinates` as a finite float64 array of shape (n, 2)."""
    try:
        # Column-major, because per-column reductions over an (n, 2) array
        # run an order of magnitude faster on it than on a row-major one.
        points = np.asarray(coordinates, dtype=np.float64, order="F")
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"{name} must hold numbers (east, north); could not convert them to "
            f"floats ({error}). Pass the numeric coordinate columns only."
        ) from error
    if points.ndim != 2 or points.shape[1] != 2:
        hint = ""
        if points.ndim == 2 and points.shape[0] == 2:
            hint = (
                " If you passed (easting, northing) as two separate arrays, stack "
                "them with np.column_stack((easting, northing))."
            )
        raise ValueError(
            f"{name} must have shape (n_samples, 2) with columns (east, north); "
            f"got an array of shape {points.shape}.{hint}"
        )
    if points.shape[0] == 0:
        raise ValueError(
            f"{name} is empty (shape {points.shape}); at least one point is needed."
        )
    finite = np.isfinite(points).all(axis=1)
    if not finite.all():
        bad = np.flatnonzero(~finite)
        raise ValueError(
            f"{name} must be finite, but {bad.size} point(s) have NaN or infinite "
            f"coordinates (first at row {bad[0]}: {points[bad[0]].tolist()}). "
            "Drop or impute these points before splitting."
        )
    return points


def _as_block_size(block_size: object) -> np.ndarray:
    """Return the (east, north) block sides as a positive float64 array."""
    if isinstance(block_size, Real) and not isinstance(block_size, bool):
        sizes = np.array([block_size, block_size], dtype=np.float64)
    else:
        try:
            sizes = np.asarray(block_size, dtype=np.float64)
        except (TypeError, ValueError):
            sizes = None
        if sizes is None or sizes.shape != (2,):
            raise ValueError(
                "block_size must be a positive number or an (east, north) pair of "
                f"positive numbers; got {block_size!r}."
            )
    if not (np.isfinite(sizes).all() and (sizes > 0).all()):
        raise ValueError(
            f"block_size must be positive and finite; got {block_size!r}. Pass the "
            "side of a block in the units of the coordinates (for example 10000 "
            "for 10 km blocks on easting/northing in metres)."
        )
    return sizes


def _block_indices(
    points: np.ndarray,
    sizes: np.ndarray,
    *,
    origin: ArrayLike | None,
) -> np.ndarray:
    """Integer (east, north) block indices of validated `points`, shape (n, 2)."""
    if origin is None:
        corner = points.min(axis=0)
    else:
        try:
            corner = np.asarray(origin, dtype=np.float64)
        except (TypeError, ValueError):
            corner = None
        if corner is None or corner.shape != (2,) or not np.isfinite(corner).all():
            raise ValueError(
                "origin must be a finite (east, north) pair of numbers or None; "
                f"got {origin!r}."
            )
    scaled = np.floor((points - corner) / sizes)
    span = scaled.max(axis=0) - scaled.min(axis=0)
    extent = np.abs(scaled).max(axis=0)
    if (span >= _MAX_BLOCKS_PER_AXIS).any() or (extent >= 2**52).any():
        raise ValueError(
            f"block_size {sizes.tolist()} is too small for the extent of the "
            f"coordinates: the grid would have more than {_MAX_BLOCKS_PER_AXIS} "
            "blocks along an axis (or lie too far from origin). Increase block_size "
            "or move origin next to the points."
        )
    return scaled.astype(np.int64)


def _encode_blocks(indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Contiguous labels of integer block indices, row-major from the south-west.

    Returns the sorted int64 keys of the non-empty blocks (see `_block_keys`)
    and the label of every point, which is the position of its block's key.
    """
    keys = _block_keys(indices, indices.min(axis=0))
    unique_keys, labels = np.unique(keys, return_inverse=True)
    return unique_keys, labels.astype(np.int64, copy=False).reshape(-1)


def _block_keys(indices: np.ndarray, lowest: np.ndarray) -> np.ndarray:
    """One int64 key per block, ordered by north index, then east index.

    `lowest` is the (east, north) index subtracted before encoding, so keys
    are non-negative for indices at or above it. The row width is fixed to
    ``2 * _MAX_BLOCKS_PER_AXIS`` so that keys of neighbouring blocks (one
    index outside the data) can be encoded with the same `lowest`.
    """
    shifted = indices - lowest
    return shifted[:, 1] * (2 * _MAX_BLOCKS_PER_AXIS) + shifted[:, 0]
