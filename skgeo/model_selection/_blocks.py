"""Label points by the cell of a regular grid of spatial blocks they fall in."""

import warnings
from numbers import Real

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

__all__ = ["spatial_block_labels"]

# Block indices along one axis are kept below this bound so that the combined
# (north, east) key of a block fits in an int64 without overflow.
_MAX_BLOCKS_PER_AXIS = 2**30

_COORDINATE_SYSTEMS = ("cartesian", "geographic")
# In cartesian mode, longitude/latitude points this close to both +180 and
# -180 degrees trigger a warning that blocks cut them at the antimeridian.
_ANTIMERIDIAN_MARGIN = 10.0


def spatial_block_labels(
    coordinates: ArrayLike,
    block_size: float | tuple[float, float],
    *,
    origin: tuple[float, float] | None = None,
    coordinate_system: str = "cartesian",
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
        If `coordinates` is not a two-column array of finite numbers (or,
        in geographic mode, of longitudes in [-180, 360] and latitudes in
        [-90, 90]), if `coordinate_system` is unknown, if
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

    **Geographic coordinates.** With ``coordinate_system="geographic"``
    longitudes are first brought into [-180, 180), then the circle of
    longitude is cut in the middle of its widest gap between points and
    longitudes east of the cut are counted from it (a point at -179.95
    becomes 180.05 when the data straddle the antimeridian, and nothing
    changes for data that do not). "West" in the block order means from the
    cut eastward. Blocks and `origin` are in degrees on this unwrapped
    axis, so no block is split by the antimeridian. Plane coordinates that
    look like longitude/latitude straddling the antimeridian give a
    ``UserWarning`` in cartesian mode.

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
    if _check_coordinate_system(coordinate_system) == "geographic":
        points, _, _ = _unwrap_longitudes(points, name="coordinates")
    else:
        _warn_if_straddling(points, stacklevel=2)
    indices = _block_indices(points, sizes, origin=origin)
    _, labels = _encode_blocks(indices)
    return labels


def _as_coordinate_array(coordinates: ArrayLike, *, name: str) -> np.ndarray:
    """Return `coordinates` as a finite float64 array of shape (n, 2)."""
    try:
        # Column-major, because per-column reductions over an (n, 2) array
        # run an order of magnitude faster on it than on a row-major one.
        points = np.asarray(_missing_as_nan(coordinates), dtype=np.float64, order="F")
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


def _missing_as_nan(coordinates: ArrayLike) -> ArrayLike:
    """`coordinates` with pandas' missing values (NA, None, NaT) as NaN.

    ``pd.NA`` in a nullable column cannot be cast to float, and would
    otherwise be reported as a non-numeric value rather than a missing one.
    """
    if isinstance(coordinates, pd.DataFrame | pd.Series):
        try:
            return coordinates.to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError):
            coordinates = coordinates.to_numpy(dtype=object)
    if isinstance(coordinates, np.ndarray) and coordinates.dtype != object:
        return coordinates
    try:
        as_objects = np.asarray(coordinates, dtype=object)
        missing = pd.isna(as_objects)
    except (TypeError, ValueError):
        return coordinates
    if np.ndim(missing) == 0 or not np.any(missing):
        return coordinates
    filled = as_objects.copy()
    filled[missing] = np.nan
    return filled


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


def _check_coordinate_system(coordinate_system: object) -> str:
    """Validate `coordinate_system`."""
    if (
        not isinstance(coordinate_system, str)
        or coordinate_system not in _COORDINATE_SYSTEMS
    ):
        raise ValueError(
            f"coordinate_system must be one of {list(_COORDINATE_SYSTEMS)}; got "
            f"{coordinate_system!r}. Use 'geographic' for (longitude, latitude) in "
            "degrees, 'cartesian' for projected (easting, northing)."
        )
    return coordinate_system


def _unwrap_longitudes(
    points: np.ndarray, *, name: str
) -> tuple[np.ndarray, float, float]:
    """Longitudes made contiguous by cutting the circle at its widest gap.

    Returns the points with longitudes in ``[cut, cut + 360)``, the
    longitude ``cut`` of the western-most point after the cut, and the
    width of the widest gap (degrees). Points on either side of the
    antimeridian end up next to each other unless the widest gap is there.
    """
    lon, lat = points[:, 0], points[:, 1]
    bad_lat = (lat < -90) | (lat > 90)
    bad_lon = (lon < -180) | (lon > 360)
    if bad_lat.any() or bad_lon.any():
        row = int(np.flatnonzero(bad_lat | bad_lon)[0])
        raise ValueError(
            f"{name} are not (longitude, latitude) in degrees: row {row} is "
            f"{points[row].tolist()} (longitude must lie in [-180, 360], latitude "
            "in [-90, 90]). Check the column order (east first), or use "
            "coordinate_system='cartesian' for projected coordinates."
        )
    wrapped = np.mod(lon + 180.0, 360.0) - 180.0
    distinct = np.unique(wrapped)
    gaps = np.diff(np.append(distinct, distinct[0] + 360.0))
    widest = int(np.argmax(gaps))
    cut = float(distinct[(widest + 1) % distinct.size])
    unwrapped = np.where(wrapped < cut, wrapped + 360.0, wrapped)
    result = np.asfortranarray(np.column_stack([unwrapped, lat]))
    return result, cut, float(gaps[widest])


def _warn_if_straddling(points: np.ndarray, *, stacklevel: int) -> None:
    """Warn when plane coordinates look like lon/lat across the antimeridian."""
    east, north = points[:, 0], points[:, 1]
    if not (
        np.all(np.abs(east) <= 180.0)
        and np.all(np.abs(north) <= 90.0)
        and east.max() > 180.0 - _ANTIMERIDIAN_MARGIN
        and east.min() < -180.0 + _ANTIMERIDIAN_MARGIN
    ):
        return
    _, _, widest_gap = _unwrap_longitudes(points, name="coordinates")
    span = east.max() - east.min()
    if 360.0 - widest_gap < span:
        warnings.warn(
            "The coordinates look like (longitude, latitude) in degrees straddling "
            f"the antimeridian (east from {east.min():g} to {east.max():g}): with "
            "coordinate_system='cartesian' points at 179.9 and -179.9 fall in "
            "different blocks and a buffer does not join them. Pass "
            "coordinate_system='geographic' to wrap longitudes at 180 degrees.",
            UserWarning,
            stacklevel=stacklevel + 1,
        )
