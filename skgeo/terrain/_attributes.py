"""All terrain attributes of a DEM as one table, one row per cell."""

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..utils._validation import Real, validate_params
from ._checks import check_dem, check_radius, check_spacing
from ._curvature import curvature_band
from ._position import local_relief_raster, tpi_raster
from ._raster import raster_function
from ._roughness import roughness_band, tri_band
from ._slope import aspect_degrees, horn_band, slope_degrees
from ._tiles import band_rows, extrapolated_band, for_each_band

__all__ = ["terrain_attributes"]

# Default radii, in cells of the larger cell size: the 3, 10 and 30 cell
# scales that multi-scale landform classifiers commonly use.
DEFAULT_RADII_CELLS = (3, 10, 30)

SCALAR_ATTRIBUTES = (
    "elevation",
    "slope",
    "northness",
    "eastness",
    "profile_curvature",
    "plan_curvature",
    "total_curvature",
    "tri",
    "roughness",
)
RADIUS_ATTRIBUTES = ("tpi", "local_relief")


def radius_label(radius: float) -> str:
    """Shortest text that reads back as `radius` (``300.0 -> "300"``)."""
    short = f"{radius:g}"
    return short if float(short) == radius else repr(radius)


def check_radii(
    radii: object, spacing: tuple[float, float], shape: tuple[int, int]
) -> tuple[float, ...]:
    """Validate `radii` (None for the defaults) and return them as floats.

    Parameters
    ----------
    radii : sequence of float or None
        Radii in metres. None means 3, 10 and 30 times the larger cell size.
    spacing : tuple of (float, float)
        ``(east, north)`` cell size in metres.
    shape : tuple of (int, int)
        Shape of the DEM.

    Returns
    -------
    radii : tuple of float

    Raises
    ------
    ValueError
        If `radii` is empty, holds duplicates, or any radius fails
        :func:`check_radius`.
    """
    if radii is None:
        defaults = tuple(cells * max(spacing) for cells in DEFAULT_RADII_CELLS)
        try:
            return check_radii(defaults, spacing, shape)
        except ValueError as exc:
            listed = ", ".join(radius_label(radius) for radius in defaults)
            raise ValueError(
                f"radii=None means 3, 10 and 30 cells ({listed} m), but this DEM "
                f"is too small for them: {exc} Pass radii explicitly."
            ) from exc
    if isinstance(radii, Real):
        radii = (radii,)
    radii = tuple(radii)
    if len(radii) == 0:
        raise ValueError(
            "radii must hold at least one radius in metres; got an empty "
            "sequence. Pass e.g. radii=(90.0, 300.0, 900.0), or None for 3, 10 "
            "and 30 cells."
        )
    checked = tuple(
        check_radius(radius, spacing, shape, name="radii") for radius in radii
    )
    if len(set(checked)) != len(checked):
        raise ValueError(
            f"radii must be distinct; got {radii!r}. Remove the repeated radius."
        )
    return checked


def attribute_names(radii: Sequence[float]) -> list[str]:
    """Column names of :func:`attribute_rasters`, in order."""
    names = list(SCALAR_ATTRIBUTES)
    names += [f"tpi_{radius_label(radius)}" for radius in radii]
    names += [f"local_relief_{radius_label(radius)}" for radius in radii]
    return names


def attribute_rasters(
    dem: np.ndarray,
    spacing: tuple[float, float],
    radii: Sequence[float],
    *,
    out: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Compute every attribute of a validated DEM, keyed by column name.

    Parameters
    ----------
    dem : ndarray of shape (n_rows, n_cols)
        Validated float elevations.
    spacing : tuple of (float, float)
        ``(east, north)`` cell size in metres.
    radii : sequence of float
        Validated radii in metres.
    out : ndarray of shape (n_attributes, n_rows, n_cols), optional
        Float64 array to write the attributes into, one layer each (so that
        a table can be built around it without a copy).

    Returns
    -------
    rasters : dict of str to ndarray of shape (n_rows, n_cols)
        In the column order of :func:`terrain_attributes`, without the
        coordinates; views of `out`.
    """
    names = attribute_names(radii)
    if out is None:
        out = np.empty((len(names), *dem.shape))
    rasters = dict(zip(names, out, strict=True))
    rasters["elevation"][...] = dem

    # The 3x3 attributes share one framed band and one gradient per band.
    def band(start: int, stop: int) -> None:
        framed = extrapolated_band(dem, start, stop)
        dz_deast, dz_dnorth = horn_band(framed, spacing)
        flat = (dz_deast == 0.0) & (dz_dnorth == 0.0)
        azimuth = aspect_degrees(dz_deast, dz_dnorth)
        np.radians(azimuth, out=azimuth)
        # A flat cell has no direction: cos and sin of "no direction" are 0,
        # the centre of the unit circle, rather than NaN that would drop it.
        northness = np.cos(azimuth, out=rasters["northness"][start:stop])
        eastness = np.sin(azimuth, out=rasters["eastness"][start:stop])
        northness[flat] = 0.0
        eastness[flat] = 0.0
        slope_degrees(dz_deast, dz_dnorth, out=rasters["slope"][start:stop])
        kinds = ("profile", "plan", "total")
        for kind, values in curvature_band(framed, spacing, kinds).items():
            rasters[f"{kind}_curvature"][start:stop] = values
        rasters["tri"][start:stop] = tri_band(framed)
        rasters["roughness"][start:stop] = roughness_band(framed)

    for_each_band(dem.shape[0], band_rows(dem.shape[1]), band)
    for radius in radii:
        label = radius_label(radius)
        tpi_raster(dem, spacing, radius, out=rasters[f"tpi_{label}"])
        local_relief_raster(dem, spacing, radius, out=rasters[f"local_relief_{label}"])
    return rasters


def cell_centres(
    shape: tuple[int, int], spacing: tuple[float, float], origin: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """Easting and northing of every cell centre, row-major, row 0 north."""
    n_rows, n_cols = shape
    east, north = spacing
    easting = origin[0] + (np.arange(n_cols) + 0.5) * east
    northing = origin[1] - (np.arange(n_rows) + 0.5) * north
    return np.tile(easting, n_rows), np.repeat(northing, n_cols)


def check_origin(origin: object) -> tuple[float, float]:
    """Return `origin` as a finite ``(easting, northing)`` pair of floats."""
    try:
        values = np.asarray(origin, dtype=np.float64)
    except (TypeError, ValueError):
        values = np.empty(0)
    if values.shape != (2,) or not np.isfinite(values).all():
        raise ValueError(
            "origin must be the (easting, northing) of the north-west corner of "
            f"the raster in metres, two finite numbers; got {origin!r}."
        )
    return float(values[0]), float(values[1])


@raster_function
@validate_params(
    {
        "dem": ["array-like"],
        "spacing": [Real, "array-like"],
        "radii": ["array-like", Real, None],
        "origin": ["array-like"],
    },
    prefer_skip_nested_validation=True,
)
def terrain_attributes(
    dem: object,
    spacing: float | tuple[float, float],
    radii: Sequence[float] | None = None,
    *,
    origin: tuple[float, float] = (0.0, 0.0),
) -> pd.DataFrame:
    """Table of terrain attributes, one row per cell, for machine learning.

    Parameters
    ----------
    dem : array-like of shape (n_rows, n_cols)
        Elevations in metres, row 0 at the north edge, column 0 at the west
        edge. NaN marks nodata.
        An ``xarray.DataArray`` DEM (NumPy- or Dask-backed, as
        ``rioxarray.open_rasterio(path, masked=True)`` returns it) works too:
        `spacing` then comes from its coordinates and may be left out, and the
        result is an ``xarray.Dataset``, one variable per attribute (see
        :ref:`geotiff-dems`).
    spacing : float or tuple of (float, float)
        Cell size in metres: one number for square cells or an
        ``(east, north)`` pair.
    radii : sequence of float or None, default=None
        Radii in metres of the multi-scale attributes (TPI and local
        relief), each between one cell and the longer side of the DEM, all
        distinct. None means 3, 10 and 30 times the larger cell size.
    origin : tuple of (float, float), default=(0.0, 0.0)
        ``(easting, northing)`` in metres of the **north-west corner** of the
        raster (the outer corner of cell ``[0, 0]``, as in a GeoTIFF
        geotransform).

    Returns
    -------
    attributes : pandas.DataFrame of shape (n_rows * n_cols, n_columns)
        One row per cell in row-major order (row 0, the north edge, first).
        Columns, all float64:

        - ``easting``, ``northing``: cell centre in metres;
        - ``elevation``: the DEM value;
        - ``slope``: degrees (:func:`slope`);
        - ``northness``, ``eastness``: cosine and sine of :func:`aspect`,
          both 0 on flat cells;
        - ``profile_curvature``, ``plan_curvature``, ``total_curvature``:
          1/m, convex positive (:func:`curvature`);
        - ``tri``, ``roughness``: metres (:func:`tri`, :func:`roughness`);
        - ``tpi_<r>`` then ``local_relief_<r>`` for each radius ``r`` in
          metres, e.g. ``tpi_300`` (:func:`tpi`, :func:`local_relief`).

    Raises
    ------
    ValueError
        If `dem`, `spacing` or `origin` is invalid (see :func:`slope`), or if
        a radius is smaller than one cell, larger than the DEM, or repeated.
    TypeError
        If `dem` is not numeric.

    See Also
    --------
    TerrainFeatures : The same attributes sampled at points, as a
        scikit-learn transformer.
    classify_landforms : Landform labels for the same DEM.

    Notes
    -----
    Aspect enters as northness :math:`\\cos a` and eastness :math:`\\sin a`
    because the angle itself is circular. Edges follow each attribute's
    rule (linear extrapolation for the 3x3 attributes, a window cut at the
    edge for TPI and local relief), so edge rows hold finite values. Cells
    whose neighbourhood holds NaN get NaN in the attributes concerned; drop
    them with ``attributes.dropna()`` before fitting a model that does not
    accept NaN.

    Examples
    --------
    >>> import numpy as np
    >>> from skgeo.terrain import terrain_attributes
    >>> rows, cols = np.mgrid[0:20, 0:20]
    >>> dem = 2.0 * cols - 1.0 * rows + 100.0
    >>> table = terrain_attributes(dem, 10.0, radii=(30.0, 100.0),
    ...                            origin=(500000.0, 4200000.0))
    >>> table.shape
    (400, 15)
    >>> list(table.columns[-4:])
    ['tpi_30', 'tpi_100', 'local_relief_30', 'local_relief_100']
    >>> print(table.loc[0, ["easting", "northing"]].to_list())
    [500005.0, 4199995.0]
    >>> print(round(float(table["slope"].iloc[210]), 2))
    12.6
    """
    dem = check_dem(dem)
    spacing = check_spacing(spacing)
    origin = check_origin(origin)
    radii = check_radii(radii, spacing, dem.shape)
    names = ["easting", "northing", *attribute_names(radii)]
    # One buffer, one column per row of it: the table is built around it
    # without a copy, so the peak memory is the table itself.
    table = np.empty((len(names), dem.size))
    table[0], table[1] = cell_centres(dem.shape, spacing, origin)
    attribute_rasters(dem, spacing, radii, out=table[2:].reshape(-1, *dem.shape))
    return pd.DataFrame(table.T, columns=names, copy=False)
