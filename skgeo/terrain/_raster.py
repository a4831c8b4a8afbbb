"""Rasters at the door of :mod:`skgeo.terrain`: DataArray in, DataArray out.

Every public terrain function carries the :func:`raster_function` decorator.
A NumPy DEM goes straight to the function (the kernels never see xarray).
An ``xarray.DataArray`` DEM, as ``rioxarray.open_rasterio(path, masked=True)``
returns it, is turned into (float64 values, cell size, template) here; the
kernel runs on the values (per chunk with an overlap when they are a Dask
array), and the result is wrapped back with the DEM's dims, coordinates, CRS,
geotransform and a name. xarray, rioxarray and dask are imported only when a
DataArray or a file name arrives, so ``pip install skgeo`` stays NumPy-only.
"""

import functools
import inspect
import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._checks import check_radius, check_spacing

__all__ = ["Raster", "import_raster_libraries", "raster_function", "read_raster"]


INSTALL_HINT = 'pip install "skgeo[raster]"'

#: Relative tolerance when comparing a given spacing with the coordinates':
#: coordinates stored as float32 or printed with few digits differ this much.
SPACING_RTOL = 1e-6


def import_raster_libraries():
    """Import xarray, rioxarray and dask.array, or say how to install them."""
    try:
        import dask.array
        import rioxarray  # noqa: F401  (registers the .rio accessor)
        import xarray
    except ImportError as exc:
        raise ImportError(
            f"Rasters (xarray DataArrays, GeoTIFF files, Dask) need the optional "
            f"libraries xarray, rioxarray and dask, which are not installed "
            f"({exc}). Install them with: {INSTALL_HINT}"
        ) from exc
    return xarray, dask.array


def is_dataarray(value: object) -> bool:
    """True for an ``xarray.DataArray``; never imports xarray."""
    xarray = sys.modules.get("xarray")
    return xarray is not None and isinstance(value, xarray.DataArray)


def is_dask_array(value: object) -> bool:
    """True for a ``dask.array.Array``; never imports dask."""
    module = sys.modules.get("dask.array")
    return module is not None and isinstance(value, module.Array)


def refuse_file_name(path, function_name: str):
    """The error for a file name given where a DEM array is expected."""
    from ..utils._validation import InvalidParameterError

    return InvalidParameterError(
        f"The 'dem' parameter of {function_name} must be an array or an "
        f"xarray.DataArray; got the file name {str(path)!r}. Open the file "
        f"first: dem = rioxarray.open_rasterio({str(path)!r}, masked=True) "
        f"(install rioxarray with {INSTALL_HINT})."
    )


@dataclass
class Raster:
    """A DEM taken apart: values for the kernels and what is needed to rebuild.

    Attributes
    ----------
    values : ndarray or dask.array.Array of shape (n_rows, n_cols)
        Float64 elevations, row 0 north, column 0 west, NaN for nodata.
    spacing : tuple of (float, float) or None
        ``(east, north)`` cell size in metres; None when not asked for.
    template : xarray.DataArray
        The 2-D DEM, flipped to north-up and west-left, whose dims and
        coordinates the results take.
    flipped : tuple of str
        Dims that were flipped and must be flipped back on the results.
    """

    values: object
    spacing: tuple[float, float] | None
    template: object
    flipped: tuple[str, ...]

    @property
    def shape(self) -> tuple[int, int]:
        return tuple(self.values.shape)

    @property
    def is_lazy(self) -> bool:
        return is_dask_array(self.values)

    def wrap(self, values, name: str, *, nodata, attrs=None, layers=None):
        """Return `values` as a DataArray with the DEM's georeferencing.

        `layers`, a ``(dim, labels)`` pair, names a leading dimension of
        `values` (one layer per class, say).
        """
        xarray, _ = import_raster_libraries()
        template = self.template
        dims = template.dims
        coords = {
            key: coord
            for key, coord in template.coords.items()
            if set(coord.dims) <= set(dims)
        }
        if layers is not None:
            dims = (layers[0], *dims)
            coords[layers[0]] = layers[1]
        result = xarray.DataArray(
            values, dims=dims, coords=coords, name=name, attrs=dict(attrs or {})
        )
        if "AREA_OR_POINT" in template.attrs:
            result.attrs["AREA_OR_POINT"] = template.attrs["AREA_OR_POINT"]
        result = result.rio.write_nodata(nodata, encoded=False)
        if self.flipped:
            result = result.isel({dim: slice(None, None, -1) for dim in self.flipped})
        return result


def read_raster(dem, *, spacing=None, needs_spacing: bool = True) -> Raster:
    """Take a DEM DataArray apart into float values, cell size and template.

    Parameters
    ----------
    dem : xarray.DataArray
        A 2-D DEM, or 3-D with a ``band`` dimension of size 1 (squeezed),
        NumPy- or Dask-backed, with 1-D ``y``/``x`` (or the dims rioxarray
        recognises) coordinates at evenly spaced cell centres.
    spacing : float, pair of float or None, default=None
        A cell size given by the caller, checked against the coordinates.
    needs_spacing : bool, default=True
        Whether the function uses the cell size (and so a CRS in degrees
        would make it wrong).

    Returns
    -------
    raster : Raster

    Raises
    ------
    ValueError
        If the DEM has several bands or is not 2-D, its coordinates are not
        evenly spaced, the geotransform is rotated, the CRS is geographic or
        not in metres, or `spacing` disagrees with the coordinates.
    """
    import_raster_libraries()
    template = _single_band(dem)
    y_dim, x_dim = _spatial_dims(template)
    template = template.transpose(y_dim, x_dim)
    east, north = _cell_size(template, x_dim, y_dim)
    flipped = tuple(dim for dim, step in ((y_dim, north), (x_dim, east)) if step < 0)
    if flipped:
        template = template.isel({dim: slice(None, None, -1) for dim in flipped})
    east, north = abs(east), abs(north)
    if needs_spacing:
        _check_units(template, y_dim, x_dim)
        if spacing is not None:
            given = check_spacing(spacing)
            if not np.allclose(given, (east, north), rtol=SPACING_RTOL, atol=0.0):
                raise ValueError(
                    f"spacing={spacing!r} disagrees with the DEM's coordinates, "
                    f"whose cells are {east:g} m (east) x {north:g} m (north). Leave "
                    "spacing out: a DataArray carries its own cell size."
                )
    return Raster(
        values=_float_values(template),
        spacing=(east, north) if needs_spacing else None,
        template=template,
        flipped=flipped,
    )


def _single_band(dem):
    """Squeeze a band dimension of size 1; refuse several bands or not 2-D."""
    if "band" in dem.dims:
        n_bands = dem.sizes["band"]
        if n_bands != 1:
            bands = dem["band"].values.tolist() if "band" in dem.coords else None
            raise ValueError(
                f"The DEM has {n_bands} bands {bands if bands else ''}; terrain "
                "functions need one elevation band. Choose it first, e.g. "
                "dem.sel(band=1)."
            )
        dem = dem.squeeze("band", drop=True)
    if dem.ndim != 2:
        raise ValueError(
            f"The DEM must be a 2-D raster (y, x); got a DataArray with dims "
            f"{dem.dims} of shape {dem.shape}. Select one 2-D slice first, e.g. "
            f"dem.isel({dem.dims[0]}=0)."
        )
    return dem


def _spatial_dims(dem) -> tuple[str, str]:
    """Names of the (y, x) dims, as rioxarray finds them."""
    try:
        return dem.rio.y_dim, dem.rio.x_dim
    except Exception as exc:
        if {str(dim).lower() for dim in dem.dims} & GEOGRAPHIC_NAMES:
            raise ValueError(
                f"The DEM's dims {dem.dims} look like latitude/longitude in "
                "degrees; slopes and radii need cells in metres. Write its CRS "
                "and reproject it, e.g. dem = dem.rio.set_spatial_dims(x_dim=..., "
                "y_dim=...).rio.write_crs('EPSG:4326'); dem = "
                "dem.rio.reproject(dem.rio.estimate_utm_crs())."
            ) from exc
        raise ValueError(
            f"Cannot tell which dims of the DEM are y (north) and x (east); got "
            f"dims {dem.dims}. Name them 'y' and 'x', e.g. "
            "dem.rename({'row': 'y', 'col': 'x'}), or set them with "
            "dem.rio.set_spatial_dims(x_dim=..., y_dim=...)."
        ) from exc


def _cell_size(dem, x_dim: str, y_dim: str) -> tuple[float, float]:
    """Signed (east, north) step of the grid; refuse rotated or uneven grids."""
    grid_mapping = dem.rio.grid_mapping
    has_transform = (
        grid_mapping in dem.coords and "GeoTransform" in dem.coords[grid_mapping].attrs
    )
    has_coords = x_dim in dem.coords and y_dim in dem.coords
    try:
        if not (has_coords or has_transform):
            raise LookupError("no coordinates")
        transform = dem.rio.transform()
    except Exception as exc:
        raise ValueError(
            f"The DEM has no geotransform and no 1-D {x_dim}/{y_dim} coordinates, "
            "so its cell size is unknown. Assign cell-centre coordinates, e.g. "
            "dem.assign_coords(x=..., y=...), or write a transform with "
            "dem.rio.write_transform(...)."
        ) from exc
    if transform.b != 0.0 or transform.d != 0.0:
        raise ValueError(
            f"The DEM's geotransform is rotated or sheared ({tuple(transform)[:6]}); "
            "terrain functions need a north-up grid. Warp it first, e.g. "
            "dem = dem.rio.reproject(dem.rio.crs)."
        )
    east, north = float(transform.a), float(-transform.e)
    for dim, step in ((x_dim, east), (y_dim, -north)):
        if dim not in dem.coords or dem.sizes[dim] < 2:
            continue
        steps = np.diff(np.asarray(dem[dim].values, dtype=np.float64))
        if not np.allclose(steps, step, rtol=SPACING_RTOL, atol=0.0):
            raise ValueError(
                f"The DEM's {dim} coordinates are not evenly spaced (steps from "
                f"{steps.min():g} to {steps.max():g}); terrain functions need a "
                "regular grid. Resample it first, e.g. with dem.rio.reproject()."
            )
    if not (np.isfinite(east) and np.isfinite(north) and east and north):
        raise ValueError(
            f"The DEM's cell size ({east:g}, {north:g}) is not a pair of non-zero "
            "numbers; check its coordinates or geotransform."
        )
    return east, north


GEOGRAPHIC_NAMES = {"lat", "latitude", "lon", "long", "longitude"}


def _check_units(dem, y_dim: str, x_dim: str) -> None:
    """Refuse grids in degrees (or other non-metre units)."""
    crs = dem.rio.crs
    fix = "dem = dem.rio.reproject(dem.rio.estimate_utm_crs())"
    if crs is None:
        if {y_dim.lower(), x_dim.lower()} & GEOGRAPHIC_NAMES:
            raise ValueError(
                f"The DEM's dims ({y_dim}, {x_dim}) look like latitude/longitude "
                "in degrees, and it has no CRS to say otherwise. Slopes need "
                "cells in metres: write the CRS with dem.rio.write_crs('EPSG:4326') "
                f"and reproject it, e.g. {fix}."
            )
        return
    if crs.is_geographic:
        raise ValueError(
            f"The DEM's CRS ({crs.to_string()}) is geographic: its cells are in "
            "degrees, which would give wrong slopes and radii. Reproject it to "
            f"metres first, e.g. {fix}."
        )
    units, factor = crs.linear_units_factor
    if not math.isclose(factor, 1.0):
        raise ValueError(
            f"The DEM's CRS ({crs.to_string()}) is in {units}, but terrain "
            "functions take cell sizes and radii in metres. Reproject it to a "
            f"metre CRS first, e.g. {fix}."
        )


def _float_values(dem):
    """Float64 values with the nodata value (if not NaN already) set to NaN."""
    scale = dem.attrs.get("scale_factor", 1.0)
    offset = dem.attrs.get("add_offset", 0.0)
    if scale != 1.0 or offset != 0.0:
        raise ValueError(
            f"The DEM is stored scaled (scale_factor={scale}, add_offset={offset}) "
            "and was read unscaled. Open it with "
            "rioxarray.open_rasterio(path, masked=True, mask_and_scale=True)."
        )
    nodata = dem.rio.nodata
    data = dem.data
    if is_dask_array(data):
        values = data.astype(np.float64)
        if nodata is not None and not np.isnan(nodata):
            import dask.array

            values = dask.array.where(data == nodata, np.nan, values)
        return values
    values = np.asarray(data, dtype=np.float64)
    if nodata is not None and not np.isnan(nodata):
        values = np.where(np.asarray(data) == nodata, np.nan, values)
    return values


# -- Dask ---------------------------------------------------------------------


def map_with_overlap(
    block_function: Callable,
    values,
    depth: tuple[int, int],
    *,
    dtype,
    fill,
    n_layers: int | None = None,
):
    """Run `block_function` on every chunk of `values` with `depth` cells around.

    Chunks smaller than the overlap are merged with their neighbours first.
    At the edges of the DEM no cells are added (``boundary="none"``), so each
    kernel applies its own edge rule there, exactly as on the whole array;
    inside, every block sees the true neighbours up to `depth` cells away.
    The result therefore equals the in-memory one cell for cell.

    Parameters
    ----------
    block_function : callable
        2-D float64 block in, 2-D (or ``(n_layers, rows, cols)``) array out.
    values : dask.array.Array of shape (n_rows, n_cols)
        Float64 DEM.
    depth : tuple of (int, int)
        Overlap in cells along rows and columns.
    dtype : dtype
        Output dtype.
    fill : scalar
        Output value of a block with no finite cell (the kernels refuse such
        blocks, and every output cell of one is nodata anyway).
    n_layers : int or None, default=None
        Number of output layers, stacked on a new first axis; None for 2-D.

    Returns
    -------
    result : dask.array.Array
    """
    from dask.array.overlap import ensure_minimum_chunksize, overlap, trim_internal

    # At least 2 cells of overlap keeps every block at 3 or more cells, the
    # smallest DEM the kernels take; a wider overlap never changes a result.
    depth = {axis: max(int(cells), 2) for axis, cells in enumerate(depth)}
    values = values.rechunk(
        {
            axis: ensure_minimum_chunksize(depth[axis], values.chunks[axis])
            for axis in (0, 1)
        }
    )
    guarded = _skip_empty_blocks(block_function, dtype, fill, n_layers)
    padded = overlap(values, depth=depth, boundary="none")
    if n_layers is None:
        result = padded.map_blocks(guarded, dtype=dtype)
        return trim_internal(result, depth, boundary="none")
    result = padded.map_blocks(
        guarded, new_axis=0, chunks=((n_layers,), *padded.chunks), dtype=dtype
    )
    return trim_internal(result, {0: 0, 1: depth[0], 2: depth[1]}, boundary="none")


def _skip_empty_blocks(block_function, dtype, fill, n_layers):
    @functools.wraps(block_function)
    def guarded(block):
        if block.size == 0 or not np.isfinite(block).any():
            shape = block.shape if n_layers is None else (n_layers, *block.shape)
            return np.full(shape, fill, dtype=dtype)
        return np.asarray(block_function(block), dtype=dtype)

    return guarded


# -- The decorator ------------------------------------------------------------


def raster_function(func: Callable) -> Callable:
    """Let a NumPy terrain function take a DataArray DEM.

    NumPy input goes to `func` untouched. A DataArray is read with
    :func:`read_raster`; `spacing`, when `func` takes one, is filled in from
    the coordinates; the kernel runs in memory or per Dask chunk; the result
    comes back as a DataArray (a Dataset for ``terrain_attributes``) with the
    DEM's georeferencing. What differs between functions (overlap depth, how
    to run on Dask, what the output is) is in :data:`RASTER_SPECS`.
    """
    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(dem, *args, **kwargs):
        if isinstance(dem, str | os.PathLike):
            raise refuse_file_name(dem, func.__name__)
        if is_dataarray(dem):
            return _call_on_dataarray(func, signature, dem, args, kwargs)
        return func(dem, *args, **kwargs)

    return wrapper


def _call_on_dataarray(func, signature, dem, args, kwargs):
    from ._raster_specs import RASTER_SPECS

    spec = RASTER_SPECS[func.__name__]
    takes_spacing = "spacing" in signature.parameters
    if takes_spacing and len(args) == 0 and "spacing" not in kwargs:
        kwargs["spacing"] = None
    try:
        bound = signature.bind(dem, *args, **kwargs)
    except TypeError as exc:
        raise TypeError(f"{func.__name__}(): {exc}") from None
    arguments = dict(bound.arguments)
    raster = read_raster(
        dem, spacing=arguments.get("spacing"), needs_spacing=takes_spacing
    )
    if takes_spacing:
        arguments["spacing"] = raster.spacing
    del arguments["dem"]
    if raster.is_lazy:
        check_arguments(func, arguments)
        spec.check_shape(arguments, raster.shape)
        values = spec.run_dask(func, raster.values, arguments)
    elif hasattr(spec, "run_numpy"):
        values = spec.run_numpy(func, raster.values, arguments)
    else:
        values = func(raster.values, **arguments)
    return spec.wrap(raster, values, arguments)


class _ArgumentsChecked(Exception):
    """Raised by :class:`_Probe` once a function's own checks have passed."""


class _Probe:
    """Stands in for a DEM so that a function validates its other arguments.

    scikit-learn's ``validate_params`` checks every argument against its
    constraints before the body runs; the body's first step reads the DEM,
    which is where the probe stops the call. A lazy DEM is thus checked
    against the function's own rules before any chunk is computed.
    """

    def __array__(self, dtype=None, copy=None):
        raise _ArgumentsChecked


def check_arguments(func: Callable, arguments: dict) -> None:
    """Run `func`'s argument validation without computing anything."""
    try:
        func(_Probe(), **arguments)
    except _ArgumentsChecked:
        return


def check_radii_fit(
    arguments: dict, names: tuple[str, ...], shape: tuple[int, int]
) -> None:
    """Check the radius arguments in `names` against the whole DEM's extent."""
    for name in names:
        radius = arguments.get(name)
        if radius is not None:
            check_radius(radius, arguments["spacing"], shape, name=name)
