"""``skgeo landforms``: a landform class map of a DEM as an integer GeoTIFF."""

from ._errors import CommandError
from ._rasters import add_raster_arguments, open_dem, write_raster

__all__ = ["register", "run"]

#: Default radii in cells of the DEM, per scheme: (small, large).
DEFAULT_RADII_CELLS = {
    "weiss": (10, 50),
    "slope_position": (10, None),
    "geomorphons": (0, 20),
}

#: One colour per class code (0, nodata, transparent black); colours follow
#: the classes from low (blue, valleys) to high (red, ridges and peaks).
PALETTES = {
    "weiss": [
        (0, 0, 0, 0),
        (8, 48, 107, 255),
        (33, 113, 181, 255),
        (107, 174, 214, 255),
        (116, 196, 118, 255),
        (237, 248, 177, 255),
        (254, 217, 118, 255),
        (253, 141, 60, 255),
        (227, 26, 28, 255),
        (189, 0, 38, 255),
        (128, 0, 38, 255),
    ],
    "slope_position": [
        (0, 0, 0, 0),
        (189, 0, 38, 255),
        (253, 141, 60, 255),
        (254, 217, 118, 255),
        (237, 248, 177, 255),
        (107, 174, 214, 255),
        (8, 48, 107, 255),
    ],
    "geomorphons": [
        (0, 0, 0, 0),
        (220, 220, 220, 255),
        (56, 0, 0, 255),
        (200, 0, 0, 255),
        (255, 80, 20, 255),
        (250, 210, 60, 255),
        (255, 255, 60, 255),
        (180, 230, 20, 255),
        (60, 250, 150, 255),
        (0, 0, 255, 255),
        (0, 0, 56, 255),
    ],
}


def register(subcommands, parents=()):
    """Add the ``landforms`` subcommand."""
    parser = subcommands.add_parser(
        "landforms",
        help="landform classes of a DEM GeoTIFF (Weiss, slope positions, geomorphons)",
        description="Classify every cell of a DEM into landforms and write a "
        "single-band integer GeoTIFF with a colour table, the class names in "
        "its metadata and 0 (nodata) where the DEM has nodata or a cell's "
        "neighbourhood cannot be classified.",
        parents=list(parents),
    )
    add_raster_arguments(parser)
    parser.add_argument(
        "--scheme",
        choices=["weiss", "slope-position", "geomorphons"],
        default="weiss",
        help="weiss: 10 TPI landforms; slope-position: 6 slope positions; "
        "geomorphons: 10 geomorphons (default: weiss)",
    )
    parser.add_argument(
        "--small-radius",
        type=float,
        metavar="R",
        help="metres: small TPI radius (weiss, slope-position; default 10 "
        "cells) or skip radius (geomorphons; default 0)",
    )
    parser.add_argument(
        "--large-radius",
        type=float,
        metavar="R",
        help="metres: large TPI radius (weiss; default 50 cells) or search "
        "radius (geomorphons; default 20 cells)",
    )
    parser.add_argument(
        "--slope-threshold",
        type=float,
        default=5.0,
        help="degrees between plains and open slopes (default: 5)",
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    """Write the landform classes of ``args.dem`` to ``args.out``."""
    from ..terrain import classify_landforms
    from ..terrain._landforms import SCHEMES

    scheme = args.scheme.replace("-", "_")
    if scheme == "slope_position" and args.large_radius is not None:
        raise CommandError(
            "--large-radius is not used by --scheme slope-position; leave it out"
        )
    dem = open_dem(args.dem, band=args.band, chunks=args.chunks)
    cell = max(abs(value) for value in dem.rio.resolution())
    small_cells, large_cells = DEFAULT_RADII_CELLS[scheme]
    small = args.small_radius if args.small_radius is not None else small_cells * cell
    large = args.large_radius
    if large is None and large_cells is not None:
        large = large_cells * cell
    classes = classify_landforms(
        dem,
        small_radius=small,
        large_radius=large,
        scheme=scheme,
        slope_threshold=args.slope_threshold,
    )
    names = SCHEMES[scheme]
    classes = classes.astype("uint8").rio.write_nodata(0, encoded=False)
    classes.attrs.update(
        {
            "long_name": f"landforms ({args.scheme})",
            "scheme": scheme,
            **{f"class_{code}": name for code, name in names.items()},
        }
    )
    del classes.attrs["flag_values"], classes.attrs["flag_meanings"]
    palette = PALETTES[scheme]
    write_raster(
        classes,
        args.out,
        quiet=args.quiet,
        colormap=dict(enumerate(palette)),
    )
    radii = f"small radius {small:g} m" + (
        f", large radius {large:g} m" if large is not None else ""
    )
    print(f"Wrote {args.scheme} landforms ({radii}) to {args.out}")
    return 0
