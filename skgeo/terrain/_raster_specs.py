"""What each terrain function needs to run on a DataArray or a Dask DEM.

A spec knows three things about one public function: which of its radius
arguments must fit inside the DEM, how to run it per Dask chunk (the
overlap in cells, or a two-pass plan when a raster-wide statistic is
involved) and how to wrap its output (name, units, nodata). The generic
plumbing lives in :mod:`._raster`; the kernels stay pure NumPy functions.
"""

import functools

import numpy as np

from . import _curvature, _landforms, _position, _roughness, _slope
from ._footprint import kernel_radius_cells
from ._raster import (
    Raster,
    check_arguments,
    check_radii_fit,
    import_raster_libraries,
    map_with_overlap,
)

__all__ = ["RASTER_SPECS"]


class LocalSpec:
    """A function of the 3x3 window or of one radius, one float raster out.

    Parameters
    ----------
    name : str
        Name of the result (``"{kind}"`` is replaced by the `kind` argument).
    units : str
        Units written to the result's attributes.
    block_kernel : callable
        ``block_kernel(arguments)`` returns the function run on each chunk:
        the kernel without argument checks (they are done once, on the whole
        DEM, before any chunk is computed).
    radius_arguments : tuple of str, default=()
        Radius arguments in metres, checked against the whole DEM before
        any chunk is computed.
    """

    def __init__(self, name: str, units: str, block_kernel, radius_arguments=()):
        self.name = name
        self.units = units
        self.block_kernel = block_kernel
        self.radius_arguments = tuple(radius_arguments)

    def depth(self, function_name: str, arguments: dict) -> tuple[int, int]:
        """Overlap in cells (rows, cols) a chunk needs for exact results."""
        # tri and roughness take no spacing; their 3x3 window needs none.
        spacing = arguments.get("spacing", 1.0)
        rest = {key: value for key, value in arguments.items() if key != "spacing"}
        return kernel_radius_cells(function_name, spacing, **rest)

    def check_shape(self, arguments: dict, shape: tuple[int, int]) -> None:
        check_radii_fit(arguments, self.radius_arguments, shape)
        if "inner_radius" in arguments:
            _check_annulus(arguments)

    def run_dask(self, func, values, arguments: dict):
        kernel = self.block_kernel(arguments)
        depth = self.depth(func.__name__, arguments)
        return map_with_overlap(kernel, values, depth, dtype=np.float64, fill=np.nan)

    def wrap(self, raster: Raster, values, arguments: dict):
        name = self.name.format(kind=arguments.get("kind", "total"))
        return raster.wrap(values, name, nodata=np.nan, attrs={"units": self.units})


class LandformSpec:
    """``classify_landforms``: geomorphons by overlap, Weiss schemes in two passes.

    The Weiss schemes standardise TPI with the mean and standard deviation of
    the whole raster. On Dask these two numbers are computed first, by a
    reduction over TPI computed chunk by chunk (one pass over the DEM when
    the function is called); the classes are then a lazy per-chunk
    computation that recomputes TPI in each chunk, so memory stays bounded
    by the chunks rather than by the DEM.
    """

    def check_shape(self, arguments: dict, shape: tuple[int, int]) -> None:
        from ._landforms import _check_geomorphon_radii, _check_order

        scheme = arguments.get("scheme", "weiss")
        spacing, small, large = (
            arguments["spacing"],
            arguments["small_radius"],
            arguments.get("large_radius"),
        )
        if scheme == "geomorphons":
            _check_geomorphon_radii(small, large, spacing, shape)
            return
        check_radii_fit(arguments, ("small_radius",), shape)
        if scheme == "weiss":
            if large is None:
                raise ValueError(
                    "scheme='weiss' compares TPI at two scales and needs "
                    "large_radius; got None. Pass e.g. large_radius=2000.0, or "
                    "use scheme='slope_position' for one scale."
                )
            check_radii_fit(arguments, ("large_radius",), shape)
            _check_order(float(small), float(large))

    def run_dask(self, func, values, arguments: dict):
        scheme = arguments.get("scheme", "weiss")
        depth = kernel_radius_cells("classify_landforms", **arguments)
        if scheme == "geomorphons":
            kernel = functools.partial(
                _landforms.geomorphon_raster,
                spacing=arguments["spacing"],
                search_radius=float(arguments["large_radius"]),
                skip_radius=float(arguments["small_radius"]),
                flatness_threshold=float(arguments.get("flatness_threshold", 1.0)),
            )
            return map_with_overlap(kernel, values, depth, dtype=np.int64, fill=0)
        return _weiss_on_dask(values, arguments, depth)

    def wrap(self, raster: Raster, values, arguments: dict):
        from ._landforms import SCHEMES

        scheme = arguments.get("scheme", "weiss")
        classes = SCHEMES[scheme]
        attrs = {
            "scheme": scheme,
            # CF conventions: codes and one-word names (underscores for
            # spaces), which GIS tools and xarray's decoders understand.
            "flag_values": list(classes),
            "flag_meanings": " ".join(
                "_".join(name.replace(",", "").split()) for name in classes.values()
            ),
        }
        return raster.wrap(values, "landforms", nodata=0, attrs=attrs)


def _weiss_on_dask(values, arguments: dict, depth: tuple[int, int]):
    """Weiss landforms or slope positions of a Dask DEM (see LandformSpec)."""
    import dask
    import dask.array

    from ._landforms import slope_position_raster, weiss_raster
    from ._position import tpi_raster

    spacing = arguments["spacing"]
    scheme = arguments.get("scheme", "weiss")
    threshold = float(arguments.get("slope_threshold", 5.0))
    radii = [float(arguments["small_radius"])]
    if scheme == "weiss":
        radii.append(float(arguments["large_radius"]))
    moments = []
    for radius in radii:
        position = map_with_overlap(
            functools.partial(tpi_raster, spacing=spacing, radius=radius),
            values,
            kernel_radius_cells("tpi", spacing, radius=radius),
            dtype=np.float64,
            fill=np.nan,
        )
        moments.append((dask.array.nanmean(position), dask.array.nanstd(position)))
    # The one eager step: two numbers per radius, from a streaming reduction.
    moments = [(float(mean), float(std)) for mean, std in dask.compute(*moments)]
    if scheme == "weiss":
        kernel = functools.partial(
            weiss_raster,
            spacing=spacing,
            small_radius=radii[0],
            large_radius=radii[1],
            slope_threshold=threshold,
            small_stats=moments[0],
            large_stats=moments[1],
        )
    else:
        kernel = functools.partial(
            slope_position_raster,
            spacing=spacing,
            radius=radii[0],
            slope_threshold=threshold,
            stats=moments[0],
        )
    return map_with_overlap(kernel, values, depth, dtype=np.int64, fill=0)


#: Units of the terrain_attributes variables, by name prefix.
ATTRIBUTE_UNITS = {
    "elevation": "m",
    "slope": "degree",
    "northness": "1",
    "eastness": "1",
    "profile_curvature": "1/m",
    "plan_curvature": "1/m",
    "total_curvature": "1/m",
    "tri": "m",
    "roughness": "m",
    "tpi": "m",
    "local_relief": "m",
}


class AttributesSpec:
    """``terrain_attributes``: every attribute as one variable of a Dataset."""

    def check_shape(self, arguments: dict, shape: tuple[int, int]) -> None:
        from ._attributes import check_radii

        arguments["radii"] = check_radii(
            arguments.get("radii"), arguments["spacing"], shape
        )

    def names(self, arguments: dict) -> list[str]:
        """Variable names, in the column order of the table."""
        from ._attributes import attribute_names

        return attribute_names(arguments["radii"])

    def run_dask(self, func, values, arguments: dict):
        from ._attributes import attribute_rasters

        spacing, radii = arguments["spacing"], arguments["radii"]

        from ._checks import check_dem

        names = self.names(arguments)

        def all_attributes(block):
            rasters = attribute_rasters(check_dem(block), spacing, radii)
            return np.stack([rasters[name] for name in names])

        stack = map_with_overlap(
            all_attributes,
            values,
            kernel_radius_cells("terrain_attributes", **arguments),
            dtype=np.float64,
            fill=np.nan,
            n_layers=len(names),
        )
        return {name: stack[i] for i, name in enumerate(names)}

    def run_numpy(self, func, values, arguments: dict):
        from ._attributes import attribute_rasters
        from ._checks import check_dem

        check_arguments(func, arguments)
        self.check_shape(arguments, values.shape)
        return attribute_rasters(
            check_dem(values), arguments["spacing"], arguments["radii"]
        )

    def wrap(self, raster: Raster, values: dict, arguments: dict):
        xarray, _ = import_raster_libraries()
        _check_origin(raster, arguments.get("origin"))
        variables = {}
        for name, layer in values.items():
            prefix = name if name in ATTRIBUTE_UNITS else name.rsplit("_", 1)[0]
            variables[name] = raster.wrap(
                layer, name, nodata=np.nan, attrs={"units": ATTRIBUTE_UNITS[prefix]}
            )
        return xarray.Dataset(variables)


def _check_origin(raster: Raster, origin) -> None:
    """Refuse an `origin` that contradicts the DataArray's coordinates."""
    if origin is None or tuple(np.asarray(origin, dtype=float)) == (0.0, 0.0):
        return
    transform = raster.template.rio.transform()
    corner = (float(transform.c), float(transform.f))
    if not np.allclose(origin, corner, rtol=1e-9, atol=1e-6):
        raise ValueError(
            f"origin={tuple(origin)!r} disagrees with the DEM's coordinates, whose "
            f"north-west corner is {corner}. Leave origin out: a DataArray "
            "carries its own georeferencing."
        )


def _check_annulus(arguments: dict) -> None:
    """tpi's checks of inner_radius, which it runs after reading the DEM."""
    radius, inner = float(arguments["radius"]), float(arguments["inner_radius"])
    if not 0.0 <= inner < radius:
        raise ValueError(
            f"inner_radius ({inner:g} m) must be at least 0 and smaller than "
            f"radius ({radius:g} m). Use inner_radius=0.0 for a full disk."
        )
    if not _position.kernel_runs(radius, arguments["spacing"], inner):
        raise ValueError(
            f"The annulus between inner_radius ({inner:g} m) and radius "
            f"({radius:g} m) contains no cell centre at spacing "
            f"{arguments['spacing']}. Widen the annulus by decreasing "
            "inner_radius or increasing radius."
        )


def _with(kernel, *names: str):
    """``block_kernel`` for `kernel` taking the named arguments (if given)."""

    def block_kernel(arguments: dict):
        given = {name: arguments[name] for name in names if name in arguments}
        return functools.partial(kernel, **given)

    return block_kernel


RASTER_SPECS = {
    "slope": LocalSpec("slope", "degree", _with(_slope.slope_raster, "spacing")),
    "aspect": LocalSpec("aspect", "degree", _with(_slope.aspect_raster, "spacing")),
    "curvature": LocalSpec(
        "{kind}_curvature",
        "1/m",
        _with(_curvature.curvature_raster, "spacing", "kind"),
    ),
    "tri": LocalSpec("tri", "m", _with(_roughness.tri_raster)),
    "roughness": LocalSpec("roughness", "m", _with(_roughness.roughness_raster)),
    "tpi": LocalSpec(
        "tpi",
        "m",
        _with(_position.tpi_raster, "spacing", "radius", "inner_radius"),
        radius_arguments=("radius",),
    ),
    "local_relief": LocalSpec(
        "local_relief",
        "m",
        _with(_position.local_relief_raster, "spacing", "radius"),
        radius_arguments=("radius",),
    ),
    "classify_landforms": LandformSpec(),
    "terrain_attributes": AttributesSpec(),
}
