"""How far each terrain function looks: its kernel radius in cells.

A result cell depends only on the DEM cells within this many rows and columns
of it (its *footprint*). Tiled and chunked computations use it as the overlap
between tiles (Dask's ``map_overlap`` depth): with that overlap, every kernel
here gives bit-for-bit the same value as on the whole DEM, and the DEM's own
edges are handled by the kernel (so ``boundary="none"``, not NaN padding).

Radii follow the kernels' own rounding: a radius that is a whole number of
cells includes the cells at exactly that distance despite floating-point
division (hence the ``1e-9``).
"""

from numbers import Real

import numpy as np

__all__ = ["cells_within", "kernel_radius_cells"]

# Functions whose window is the 3x3 neighbourhood whatever their arguments.
THREE_BY_THREE = ("slope", "aspect", "curvature", "tri", "roughness")


def cells_within(distance: float, cell_size: float) -> int:
    """Whole cells of `cell_size` metres within `distance` metres (floored)."""
    return int(np.floor(distance / cell_size + 1e-9))


def kernel_radius_cells(
    function_name: str, spacing: float | tuple[float, float], **arguments: object
) -> tuple[int, int]:
    """Return the ``(rows, columns)`` half-size of a terrain function's window.

    Parameters
    ----------
    function_name : str
        Name of a public function of :mod:`skgeo.terrain`: ``"slope"``,
        ``"aspect"``, ``"curvature"``, ``"tri"``, ``"roughness"``, ``"tpi"``,
        ``"local_relief"``, ``"classify_landforms"`` or
        ``"terrain_attributes"``.
    spacing : float or tuple of (float, float)
        Cell size in metres, one number or an ``(east, north)`` pair.
    **arguments
        The keyword arguments the function is (or would be) called with:
        ``radius`` for ``tpi`` and ``local_relief``; ``small_radius``,
        ``large_radius`` and ``scheme`` for ``classify_landforms``; ``radii``
        for ``terrain_attributes`` (a sequence of metres; None for the
        defaults of 3, 10 and 30 cells). Others are ignored.

    Returns
    -------
    depth : tuple of (int, int)
        Number of rows and of columns on each side of a cell that its value
        depends on; at least ``(1, 1)``.

    Raises
    ------
    ValueError
        If `function_name` is unknown or a radius it needs is missing.

    Examples
    --------
    >>> from skgeo.terrain._footprint import kernel_radius_cells
    >>> kernel_radius_cells("slope", 30.0)
    (1, 1)
    >>> kernel_radius_cells("tpi", (10.0, 20.0), radius=100.0)
    (5, 10)
    >>> kernel_radius_cells("terrain_attributes", 30.0, radii=None)
    (30, 30)
    """
    if isinstance(spacing, Real):
        east = north = float(spacing)
    else:
        east, north = (float(value) for value in spacing)

    def disk(radius: object, name: str) -> tuple[int, int]:
        if radius is None:
            raise ValueError(
                f"{function_name} needs {name} to know its window; got None."
            )
        radius = float(radius)
        return cells_within(radius, north), cells_within(radius, east)

    def widest(*depths: tuple[int, int]) -> tuple[int, int]:
        return max(d[0] for d in depths), max(d[1] for d in depths)

    if function_name in THREE_BY_THREE:
        return (1, 1)
    if function_name in ("tpi", "local_relief"):
        return widest((1, 1), disk(arguments.get("radius"), "radius"))
    if function_name == "classify_landforms":
        scheme = arguments.get("scheme", "weiss")
        if scheme == "slope_position":
            return widest((1, 1), disk(arguments.get("small_radius"), "small_radius"))
        # Weiss: the large TPI; geomorphons: the search radius.
        return widest((1, 1), disk(arguments.get("large_radius"), "large_radius"))
    if function_name == "terrain_attributes":
        radii = arguments.get("radii")
        if radii is None:
            from ._attributes import DEFAULT_RADII_CELLS

            radii = [cells * max(east, north) for cells in DEFAULT_RADII_CELLS]
        elif isinstance(radii, Real):
            radii = [radii]
        return widest((1, 1), *(disk(radius, "radii") for radius in radii))
    known = (*THREE_BY_THREE, "tpi", "local_relief", "classify_landforms")
    raise ValueError(
        f"Unknown terrain function {function_name!r}; expected one of "
        f"{', '.join(known)} or terrain_attributes."
    )
