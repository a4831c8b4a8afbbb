"""Ruggedness in the 3x3 window: Riley's TRI and max-min roughness."""

import numpy as np

from ..utils._validation import validate_params
from ._checks import check_dem
from ._raster import raster_function
from ._tiles import band_rows, extrapolated_band, for_each_band

__all__ = ["roughness", "tri"]

# (row, column) slices of the eight neighbours of the inner cells of a
# framed band, north-west first.
NEIGHBOURS = tuple(
    (slice(row, row - 2 or None), slice(col, col - 2 or None))
    for row in range(3)
    for col in range(3)
    if (row, col) != (1, 1)
)


def tri_band(band: np.ndarray) -> np.ndarray:
    """Riley's TRI of the inner cells of a framed band."""
    centre = band[1:-1, 1:-1]
    squares = np.zeros(centre.shape)
    difference = np.empty(centre.shape)
    for rows, cols in NEIGHBOURS:
        np.subtract(band[rows, cols], centre, out=difference)
        difference *= difference
        squares += difference
    return np.sqrt(squares, out=squares)


def roughness_band(band: np.ndarray) -> np.ndarray:
    """Max minus min of the 3x3 windows of the inner cells of a framed band."""
    centre = band[1:-1, 1:-1]
    high, low = centre.copy(), centre.copy()
    # np.maximum and np.minimum propagate NaN: the nodata rule wanted.
    for rows, cols in NEIGHBOURS:
        np.maximum(high, band[rows, cols], out=high)
        np.minimum(low, band[rows, cols], out=low)
    high -= low
    return high


def tri_raster(dem: np.ndarray, *, out: np.ndarray | None = None) -> np.ndarray:
    """Riley's TRI of a float DEM (NaN for nodata), band by band; no checks."""
    return _map_bands(tri_band, dem, out)


def roughness_raster(dem: np.ndarray, *, out: np.ndarray | None = None) -> np.ndarray:
    """Max-min roughness of a float DEM (NaN for nodata), band by band."""
    return _map_bands(roughness_band, dem, out)


def _map_bands(kernel, dem: np.ndarray, out: np.ndarray | None) -> np.ndarray:
    out = np.empty(dem.shape) if out is None else out

    def band(start: int, stop: int) -> None:
        out[start:stop] = kernel(extrapolated_band(dem, start, stop))

    for_each_band(dem.shape[0], band_rows(dem.shape[1]), band)
    return out


@raster_function
@validate_params({"dem": ["array-like"]}, prefer_skip_nested_validation=True)
def tri(dem: object) -> np.ndarray:
    """Terrain Ruggedness Index of Riley et al. (1999).

    Parameters
    ----------
    dem : array-like of shape (n_rows, n_cols)
        Elevations in metres, row 0 at the north edge. NaN marks nodata.
        An ``xarray.DataArray`` DEM (NumPy- or Dask-backed, as
        ``rioxarray.open_rasterio(path, masked=True)`` returns it) works too:
        the result is a DataArray with the DEM's coordinates, CRS and
        geotransform (see :ref:`geotiff-dems`).

    Returns
    -------
    tri : ndarray of shape (n_rows, n_cols)
        Root of the summed squared elevation differences between each cell
        and its eight neighbours, in metres, float64. NaN where the 3x3
        neighbourhood holds a NaN.

    Raises
    ------
    ValueError
        If `dem` is not 2-D, has fewer than 3 rows or columns, contains
        infinite values or no finite cell.
    TypeError
        If `dem` is not numeric.

    See Also
    --------
    roughness : Largest elevation difference in the 3x3 window.
    local_relief : Elevation range within a radius.

    Notes
    -----
    .. math::

        \\mathrm{TRI} = \\sqrt{\\sum_{k \\ne 5} (Z_k - Z_5)^2}

    over the eight neighbours :math:`Z_k` of the centre :math:`Z_5`; this is
    GDAL's ``gdaldem TRI -alg Riley``. TRI does not depend on the cell size,
    so it takes no `spacing`; compare values between DEMs of the same
    resolution only. Riley et al.'s classes (in metres): 0-80 level, 81-116
    nearly level, 117-161 slightly rugged, 162-239 intermediately rugged,
    240-497 moderately rugged, 498-958 highly rugged, 959 and above extremely
    rugged.

    Edges use the linear extrapolation of :func:`slope`: on a plane, edge
    cells have the same TRI as interior cells.

    References
    ----------
    .. [1] Riley, S. J., DeGloria, S. D., & Elliot, R. (1999). A terrain
       ruggedness index that quantifies topographic heterogeneity.
       Intermountain Journal of Sciences, 5(1-4), 23-27.

    Examples
    --------
    A single 10 m spike among flat cells:

    >>> import numpy as np
    >>> from skgeo.terrain import tri
    >>> dem = np.zeros((5, 5))
    >>> dem[2, 2] = 10.0
    >>> print(np.round(tri(dem)[1:4, 1:4], 2))
    [[10.   10.   10.  ]
     [10.   28.28 10.  ]
     [10.   10.   10.  ]]
    """
    return tri_raster(check_dem(dem))


@raster_function
@validate_params({"dem": ["array-like"]}, prefer_skip_nested_validation=True)
def roughness(dem: object) -> np.ndarray:
    """Roughness: the largest elevation difference in each 3x3 window.

    Parameters
    ----------
    dem : array-like of shape (n_rows, n_cols)
        Elevations in metres, row 0 at the north edge. NaN marks nodata.
        An ``xarray.DataArray`` DEM (NumPy- or Dask-backed, as
        ``rioxarray.open_rasterio(path, masked=True)`` returns it) works too:
        the result is a DataArray with the DEM's coordinates, CRS and
        geotransform (see :ref:`geotiff-dems`).

    Returns
    -------
    roughness : ndarray of shape (n_rows, n_cols)
        Maximum minus minimum of the cell and its eight neighbours, in
        metres, float64. NaN where the 3x3 neighbourhood holds a NaN.

    Raises
    ------
    ValueError
        If `dem` is not 2-D, has fewer than 3 rows or columns, contains
        infinite values or no finite cell.
    TypeError
        If `dem` is not numeric.

    See Also
    --------
    tri : Riley's terrain ruggedness index.
    local_relief : The same range over a larger window.

    Notes
    -----
    This is GDAL's ``gdaldem roughness``. Edges use the linear extrapolation
    of :func:`slope`, so the window of an edge cell includes the continued
    surface one cell beyond the edge; on a plane, edge cells have the same
    roughness as interior cells.

    Examples
    --------
    >>> import numpy as np
    >>> from skgeo.terrain import roughness
    >>> dem = np.zeros((5, 5))
    >>> dem[2, 2] = 10.0
    >>> print(roughness(dem)[0, 0], roughness(dem)[2, 3])
    0.0 10.0
    """
    return roughness_raster(check_dem(dem))
