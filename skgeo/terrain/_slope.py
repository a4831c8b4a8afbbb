"""Slope and aspect from Horn's (1981) 3x3 finite differences."""

import numpy as np

from ..utils._validation import Real, validate_params
from ._checks import check_dem, check_spacing
from ._raster import raster_function
from ._tiles import band_rows, extrapolated_band, for_each_band, map_3x3

__all__ = ["aspect", "slope"]


def horn_band(
    band: np.ndarray, spacing: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """Horn's dz/d(east) and dz/d(north) of the inner cells of a framed band.

    Parameters
    ----------
    band : ndarray of shape (n_rows + 2, n_cols + 2)
        Elevations with a one-cell frame (see
        :func:`~skgeo.terrain._tiles.extrapolated_band`), row 0 north.
    spacing : tuple of (float, float)
        ``(east, north)`` cell size in metres.

    Returns
    -------
    dz_deast, dz_dnorth : ndarray of shape (n_rows, n_cols)
        NaN where the 3x3 window, centre included, holds a NaN.
    """
    east, north = spacing
    # Horn's weights are separable: 1-2-1 across the difference direction,
    # then the difference of the two outer lines. Cells a..i as in _slope's
    # docstring: (c + 2f + i) - (a + 2d + g) is the column difference of the
    # 1-2-1 sums down each column.
    down = band[1:-1] * 2.0
    down += band[:-2]
    down += band[2:]
    dz_deast = down[:, 2:] - down[:, :-2]
    dz_deast /= 8.0 * east
    across = band[:, 1:-1] * 2.0
    across += band[:, :-2]
    across += band[:, 2:]
    # Row 0 is north, so the north line minus the south line is +d/d(north).
    dz_dnorth = across[:-2] - across[2:]
    dz_dnorth /= 8.0 * north
    # The centre has no weight; a NaN centre must still give NaN. (A NaN
    # anywhere makes the sum NaN: a cheap test before building a mask.)
    if np.isfinite(band.sum()):
        return dz_deast, dz_dnorth
    centre_nan = np.isnan(band[1:-1, 1:-1])
    if centre_nan.any():
        dz_deast[centre_nan] = np.nan
        dz_dnorth[centre_nan] = np.nan
    return dz_deast, dz_dnorth


def horn_gradient(
    dem: np.ndarray, spacing: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """Return the Horn (1981) estimates of dz/d(east) and dz/d(north).

    Parameters
    ----------
    dem : ndarray of shape (n_rows, n_cols)
        Validated float elevations, row 0 at the north edge.
    spacing : tuple of (float, float)
        ``(east, north)`` cell size in metres.

    Returns
    -------
    dz_deast, dz_dnorth : ndarray of shape (n_rows, n_cols)
        Dimensionless gradients (metres per metre). NaN where the 3x3 window,
        centre included, holds a NaN.
    """
    dz_deast, dz_dnorth = np.empty(dem.shape), np.empty(dem.shape)

    def band(start: int, stop: int) -> None:
        gradient = horn_band(extrapolated_band(dem, start, stop), spacing)
        dz_deast[start:stop], dz_dnorth[start:stop] = gradient

    for_each_band(dem.shape[0], band_rows(dem.shape[1]), band)
    return dz_deast, dz_dnorth


def slope_degrees(
    dz_deast: np.ndarray, dz_dnorth: np.ndarray, out: np.ndarray | None = None
) -> np.ndarray:
    """Slope in degrees from the gradient; overwrites `dz_deast` if no `out`."""
    out = dz_deast if out is None else out
    np.multiply(dz_deast, dz_deast, out=out)
    dz_dnorth_squared = dz_dnorth * dz_dnorth
    out += dz_dnorth_squared
    np.sqrt(out, out=out)
    np.arctan(out, out=out)
    out *= 180.0 / np.pi
    return out


def aspect_degrees(
    dz_deast: np.ndarray, dz_dnorth: np.ndarray, out: np.ndarray | None = None
) -> np.ndarray:
    """Aspect in degrees clockwise from north; NaN where the gradient is zero.

    The azimuth of the downslope vector ``-(dz_deast, dz_dnorth)`` is
    ``atan2(-dz_deast, -dz_dnorth)``; it is computed as the arctangent of
    the ratio plus a half turn where the gradient points north (``atan`` is
    a third cheaper than ``atan2`` and the negations are not needed).
    """
    # -0.0 + 0.0 is +0.0: a zero north gradient then counts as pointing north
    # whatever its sign bit, and the ratio's infinity has the sign of east.
    north = dz_dnorth + 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        azimuth = np.divide(dz_deast, north, out=out)
    np.arctan(azimuth, out=azimuth)
    azimuth *= 180.0 / np.pi
    azimuth[north >= 0.0] += 180.0
    azimuth[azimuth < 0.0] += 360.0
    # -tiny + 360 rounds to 360.0, which must read as north (0).
    azimuth[azimuth >= 360.0] -= 360.0
    azimuth += 0.0  # -0.0 (due north from atan(-0.0)) reads as 0.0
    azimuth[(dz_deast == 0.0) & (north == 0.0)] = np.nan
    return azimuth


def slope_raster(
    dem: np.ndarray, spacing: tuple[float, float], *, out: np.ndarray | None = None
) -> np.ndarray:
    """Slope in degrees of a float DEM (NaN for nodata), band by band; no checks."""
    return map_3x3(
        dem,
        lambda framed, target: slope_degrees(*horn_band(framed, spacing), out=target),
        np.empty(dem.shape) if out is None else out,
    )


def aspect_raster(
    dem: np.ndarray, spacing: tuple[float, float], *, out: np.ndarray | None = None
) -> np.ndarray:
    """Aspect in degrees of a float DEM (NaN for nodata), band by band; no checks."""
    return map_3x3(
        dem,
        lambda framed, target: aspect_degrees(*horn_band(framed, spacing), out=target),
        np.empty(dem.shape) if out is None else out,
    )


@raster_function
@validate_params(
    {"dem": ["array-like"], "spacing": [Real, "array-like"]},
    prefer_skip_nested_validation=True,
)
def slope(dem: object, spacing: float | tuple[float, float]) -> np.ndarray:
    """Slope angle in degrees from Horn's (1981) 3x3 method.

    Parameters
    ----------
    dem : array-like of shape (n_rows, n_cols)
        Elevations in metres, row 0 at the north edge, column 0 at the west
        edge. NaN marks nodata (a masked array's mask is honoured).
        An ``xarray.DataArray`` DEM (NumPy- or Dask-backed, as
        ``rioxarray.open_rasterio(path, masked=True)`` returns it) works too:
        `spacing` then comes from its coordinates and may be left out, and the
        result is a DataArray with the DEM's coordinates, CRS and geotransform
        (see :ref:`geotiff-dems`).
    spacing : float or tuple of (float, float)
        Cell size in metres: one number for square cells or an
        ``(east, north)`` pair (column width, row height).

    Returns
    -------
    slope : ndarray of shape (n_rows, n_cols)
        Slope in degrees, in ``[0, 90)``, float64. NaN where the 3x3
        neighbourhood of a cell (centre included) holds a NaN.

    Raises
    ------
    ValueError
        If `dem` is not 2-D, has fewer than 3 rows or columns, contains
        infinite values or no finite cell, or if `spacing` is not positive.
    TypeError
        If `dem` is not numeric.

    See Also
    --------
    aspect : Downslope direction from the same gradient.
    curvature : Second derivatives (Zevenbergen & Thorne 1987).

    Notes
    -----
    With the window cells named ``a b c / d e f / g h i`` (rows north to
    south) and cell sizes :math:`\\Delta_e`, :math:`\\Delta_n`,

    .. math::

        \\frac{\\partial z}{\\partial e} =
            \\frac{(c + 2f + i) - (a + 2d + g)}{8\\Delta_e},\\qquad
        \\frac{\\partial z}{\\partial n} =
            \\frac{(a + 2b + c) - (g + 2h + i)}{8\\Delta_n},

    .. math::

        \\text{slope} = \\arctan\\sqrt{(\\partial z/\\partial e)^2
            + (\\partial z/\\partial n)^2}.

    This is the formula of ESRI ArcGIS and GDAL ``gdaldem slope``. Cells on
    the edge of the DEM are handled by linear extrapolation (one cell outside
    the edge gets ``2 * edge - inner``), which makes the gradient at the edge
    the one-sided difference into the DEM; a plane has the same slope
    everywhere, edges and corners included.

    References
    ----------
    .. [1] Horn, B. K. P. (1981). Hill shading and the reflectance map.
       Proceedings of the IEEE, 69(1), 14-47. doi:10.1109/PROC.1981.11918

    Examples
    --------
    A plane rising 0.1 m per metre to the east and 0.05 m per metre to the
    north:

    >>> import numpy as np
    >>> from skgeo.terrain import slope
    >>> rows, cols = np.mgrid[0:5, 0:5]
    >>> easting, northing = 30.0 * cols, -30.0 * rows  # row 0 is north
    >>> dem = 0.1 * easting + 0.05 * northing
    >>> print(round(float(slope(dem, spacing=30.0)[2, 2]), 3))
    6.379
    """
    return slope_raster(check_dem(dem), check_spacing(spacing))


def slope_from_gradient(dz_deast: np.ndarray, dz_dnorth: np.ndarray) -> np.ndarray:
    """Slope in degrees from the two gradient components (new array)."""
    return slope_degrees(dz_deast, dz_dnorth, out=np.empty(dz_deast.shape))


@raster_function
@validate_params(
    {"dem": ["array-like"], "spacing": [Real, "array-like"]},
    prefer_skip_nested_validation=True,
)
def aspect(dem: object, spacing: float | tuple[float, float]) -> np.ndarray:
    """Downslope direction in degrees clockwise from north (Horn 1981).

    Parameters
    ----------
    dem : array-like of shape (n_rows, n_cols)
        Elevations in metres, row 0 at the north edge, column 0 at the west
        edge. NaN marks nodata.
        An ``xarray.DataArray`` DEM (NumPy- or Dask-backed, as
        ``rioxarray.open_rasterio(path, masked=True)`` returns it) works too:
        `spacing` then comes from its coordinates and may be left out, and the
        result is a DataArray with the DEM's coordinates, CRS and geotransform
        (see :ref:`geotiff-dems`).
    spacing : float or tuple of (float, float)
        Cell size in metres: one number for square cells or an
        ``(east, north)`` pair.

    Returns
    -------
    aspect : ndarray of shape (n_rows, n_cols)
        Azimuth of the steepest descent in degrees, in ``[0, 360)``: 0 for a
        slope facing north, 90 east, 180 south, 270 west. NaN on flat cells
        (both gradient components exactly zero) and where the 3x3
        neighbourhood holds a NaN.

    Raises
    ------
    ValueError
        If `dem` is not 2-D, has fewer than 3 rows or columns, contains
        infinite values or no finite cell, or if `spacing` is not positive.
    TypeError
        If `dem` is not numeric.

    See Also
    --------
    slope : Steepness from the same gradient.
    terrain_attributes : Gives aspect as northness and eastness.

    Notes
    -----
    With Horn's gradient (see :func:`slope`), the downslope vector is
    :math:`-(\\partial z/\\partial e, \\partial z/\\partial n)` and

    .. math::

        \\text{aspect} = \\operatorname{atan2}\\left(
            -\\frac{\\partial z}{\\partial e},
            -\\frac{\\partial z}{\\partial n}\\right) \\bmod 360^\\circ,

    the same angle as ESRI's aspect. ESRI and GDAL give flat cells the value
    -1; here they are NaN so that no arithmetic treats "no direction" as a
    direction. Aspect is circular (359 and 1 degree are close): as a feature
    for a model use its cosine (northness) and sine (eastness), as
    :func:`terrain_attributes` does.

    References
    ----------
    .. [1] Horn, B. K. P. (1981). Hill shading and the reflectance map.
       Proceedings of the IEEE, 69(1), 14-47. doi:10.1109/PROC.1981.11918

    Examples
    --------
    A plane rising to the east and north faces west-south-west:

    >>> import numpy as np
    >>> from skgeo.terrain import aspect
    >>> rows, cols = np.mgrid[0:5, 0:5]
    >>> easting, northing = 30.0 * cols, -30.0 * rows
    >>> dem = 0.1 * easting + 0.05 * northing
    >>> print(round(float(aspect(dem, spacing=30.0)[2, 2]), 1))
    243.4

    A flat raster has no aspect:

    >>> bool(np.isnan(aspect(np.zeros((3, 3)), spacing=30.0)).all())
    True
    """
    return aspect_raster(check_dem(dem), check_spacing(spacing))


def aspect_from_gradient(dz_deast: np.ndarray, dz_dnorth: np.ndarray) -> np.ndarray:
    """Aspect in degrees clockwise from north; NaN where the gradient is zero."""
    return aspect_degrees(dz_deast, dz_dnorth)
