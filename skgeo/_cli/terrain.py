"""``skgeo terrain``: every terrain attribute of a DEM as a multi-band GeoTIFF."""

from ._rasters import add_raster_arguments, open_dem, write_raster

__all__ = ["register", "run"]


def register(subcommands, parents=()):
    """Add the ``terrain`` subcommand."""
    parser = subcommands.add_parser(
        "terrain",
        help="terrain attributes of a DEM GeoTIFF, one band per attribute",
        description="Compute slope, northness, eastness, curvatures, TRI, "
        "roughness, and TPI and local relief at each radius, as one band "
        "each (band descriptions = attribute names), tile by tile.",
        parents=list(parents),
    )
    add_raster_arguments(parser)
    parser.add_argument(
        "--radii",
        type=float,
        nargs="+",
        metavar="R",
        help="radii in metres of TPI and local relief (default: 3, 10 and 30 cells)",
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    """Write the attributes of ``args.dem`` to ``args.out``."""
    from ..terrain import terrain_attributes

    dem = open_dem(args.dem, band=args.band, chunks=args.chunks)
    attributes = terrain_attributes(dem, radii=args.radii)
    names = list(attributes.data_vars)
    stack = (
        attributes.to_dataarray(dim="band")
        .astype("float32")
        .assign_coords(band=list(range(1, len(names) + 1)))
    )
    stack.attrs = {"long_name": tuple(names)}
    stack = stack.rio.write_nodata(float("nan"), encoded=False)
    units = [attributes[name].attrs.get("units", "") for name in names]
    write_raster(
        stack,
        args.out,
        quiet=args.quiet,
        band_tags=[
            {"name": name, "units": unit}
            for name, unit in zip(names, units, strict=True)
        ],
    )
    print(f"Wrote {len(names)} attributes ({', '.join(names)}) to {args.out}")
    return 0
