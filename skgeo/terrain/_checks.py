"""Input checks shared by the terrain functions.

Every public terrain function turns its raster arguments into plain float64
arrays and ``(east, north)`` cell sizes here, so that the numerical modules
can assume clean input and every bad argument gets the same kind of message:
what was wrong, the value received, and how to fix it.
"""

from numbers import Real

import numpy as np

__all__ = ["check_dem", "check_radius", "check_spacing"]


def check_dem(dem: object, *, name: str = "dem", min_cells: int = 3) -> np.ndarray:
    """Return `dem` as a 2-D float64 array with NaN for nodata.

    Parameters
    ----------
    dem : array-like of shape (n_rows, n_cols)
        Elevations in metres, row 0 at the north edge. NaN marks nodata; a
        NumPy masked array has its masked cells turned into NaN.
    name : str, default="dem"
        Name of the argument, used in error messages.
    min_cells : int, default=3
        Smallest number of rows and of columns accepted.

    Returns
    -------
    dem : ndarray of shape (n_rows, n_cols)
        A float64 array; a new array whenever the input was converted or
        masked, otherwise the input itself (never written to by callers).

    Raises
    ------
    TypeError
        If `dem` cannot be read as numbers.
    ValueError
        If `dem` is not 2-D, is smaller than `min_cells` along an axis,
        contains infinite values or has no finite cell at all.
    """
    mask = np.ma.getmask(dem) if isinstance(dem, np.ma.MaskedArray) else None
    try:
        array = np.asarray(dem, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must be an array of elevations in metres; could not read "
            f"{type(dem).__name__} as numbers ({exc}). Pass a 2-D NumPy array "
            "with NaN for nodata."
        ) from exc
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D raster (rows north to south, columns west to "
            f"east); got an array with {array.ndim} dimension(s) of shape "
            f"{array.shape}. Pass a single band, e.g. {name}[0] for the first band "
            "of a stack."
        )
    n_rows, n_cols = array.shape
    if n_rows < min_cells or n_cols < min_cells:
        raise ValueError(
            f"{name} must have at least {min_cells} rows and {min_cells} columns "
            f"for a 3x3 window; got shape {array.shape}. Pass a larger raster."
        )
    if mask is not None and mask is not np.ma.nomask:
        array = np.where(mask, np.nan, array)
    # The common case of a DEM without nodata in one fast reduction: a sum
    # is finite only if every term is (an overflow falls through to the
    # full checks below).
    with np.errstate(over="ignore", invalid="ignore"):
        total = array.sum()
    if np.isfinite(total):
        return array
    if np.isinf(array).any():
        n_inf = int(np.isinf(array).sum())
        raise ValueError(
            f"{name} contains {n_inf} infinite value(s). Elevations must be finite; "
            "mark nodata cells with NaN instead, e.g. "
            f"{name}[~np.isfinite({name})] = np.nan."
        )
    if not np.isfinite(array).any():
        raise ValueError(
            f"{name} has no finite cell: all {array.size} cells are NaN (nodata). "
            "Check the nodata handling of the raster you read."
        )
    return array


def check_spacing(spacing: object) -> tuple[float, float]:
    """Return the cell size as an ``(east, north)`` pair of positive floats.

    Parameters
    ----------
    spacing : float or pair of float
        Cell size in metres: one number for square cells, or the
        ``(east, north)`` pair (column width, row height).

    Returns
    -------
    spacing : tuple of (float, float)
        ``(east_spacing, north_spacing)`` in metres.

    Raises
    ------
    ValueError
        If `spacing` is not one positive finite number or a pair of them.
    """
    hint = (
        "spacing is the cell size in metres: one positive number (e.g. "
        "spacing=30.0) or an (east, north) pair (e.g. spacing=(30.0, 20.0))"
    )
    if isinstance(spacing, Real) and not isinstance(spacing, bool):
        pair = (float(spacing), float(spacing))
    else:
        try:
            values = np.asarray(spacing, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"{hint}; got {spacing!r}.") from None
        if values.shape != (2,):
            raise ValueError(f"{hint}; got {spacing!r}.")
        pair = (float(values[0]), float(values[1]))
    if not all(np.isfinite(value) and value > 0 for value in pair):
        raise ValueError(f"{hint}; got {spacing!r}. Cell sizes must be > 0.")
    return pair


def check_radius(
    radius: object,
    spacing: tuple[float, float],
    shape: tuple[int, int],
    *,
    name: str = "radius",
) -> float:
    """Return `radius` as a float between one cell and the raster extent.

    Parameters
    ----------
    radius : float
        Neighbourhood radius in metres.
    spacing : tuple of (float, float)
        ``(east, north)`` cell size in metres, as from :func:`check_spacing`.
    shape : tuple of (int, int)
        ``(n_rows, n_cols)`` of the raster.
    name : str, default="radius"
        Name of the argument, used in error messages.

    Returns
    -------
    radius : float

    Raises
    ------
    ValueError
        If `radius` is not a finite number, is smaller than the larger cell
        size (the neighbourhood would miss the neighbours along one axis), or
        is larger than the longer side of the raster (a sign that it was given
        in the wrong unit).
    """
    if not isinstance(radius, Real) or isinstance(radius, bool):
        raise ValueError(
            f"{name} must be a distance in metres (a number); got {radius!r}."
        )
    radius = float(radius)
    east, north = spacing
    cell = max(east, north)
    extent = max(shape[0] * north, shape[1] * east)
    if not np.isfinite(radius) or radius < cell:
        raise ValueError(
            f"{name} ({radius:g} m) is smaller than one cell ({cell:g} m), so the "
            f"neighbourhood would be empty along one axis. Use {name} >= {cell:g} m "
            "(radii are in metres, not cells)."
        )
    if radius > extent:
        raise ValueError(
            f"{name} ({radius:g} m) is larger than the DEM, whose longer side is "
            f"{extent:g} m ({shape[0]} rows x {shape[1]} columns of "
            f"{east:g} m x {north:g} m). Use {name} <= {extent:g} m, or check that "
            "it is in metres and that spacing is right."
        )
    return radius
