"""GeoTIFF DEMs for the command line: open tile by tile, write atomically.

The ``terrain`` and ``landforms`` commands read the DEM lazily in square
chunks (rioxarray with Dask), let :mod:`skgeo.terrain` run per chunk, and
write the result block by block, so a DEM larger than memory works. Files
that are missing or not rasters fail here with one line naming the file.
"""

import sys
import threading
from contextlib import nullcontext

from ._errors import CommandError
from ._files import atomic_path, check_input_file

__all__ = ["add_raster_arguments", "open_dem", "progress", "write_raster"]

INSTALL_HINT = 'pip install "skgeo[raster]"'


def add_raster_arguments(parser) -> None:
    """The options that every raster command shares."""
    parser.add_argument("dem", help="DEM GeoTIFF (elevations in metres)")
    parser.add_argument("--out", required=True, help="GeoTIFF to write")
    parser.add_argument(
        "--band",
        type=int,
        help="band of the DEM to use (1-based); needed when it has several",
    )
    parser.add_argument(
        "--chunks",
        type=int,
        default=1024,
        help="side in cells of the tiles read, computed and written at a time "
        "(default: 1024); smaller tiles use less memory",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="no progress bar on stderr"
    )


def import_libraries():
    """xarray, rioxarray and rasterio, or the pip command that installs them."""
    try:
        import rasterio
        import rioxarray
    except ImportError as exc:
        raise CommandError(
            f"raster commands need rioxarray and rasterio ({exc}); install them "
            f"with: {INSTALL_HINT}"
        ) from exc
    return rioxarray, rasterio


def open_dem(path, *, band: int | None, chunks: int):
    """The DEM band as a lazy, masked DataArray; one clear line if it cannot be."""
    rioxarray, rasterio = import_libraries()
    path = check_input_file(path, "DEM file")
    if chunks < 3:
        raise CommandError(f"--chunks must be at least 3 cells; got {chunks}")
    try:
        dem = rioxarray.open_rasterio(
            path, masked=True, chunks={"band": 1, "y": chunks, "x": chunks}
        )
    except rasterio.errors.RasterioIOError as exc:
        raise CommandError(
            f"{path} is not a raster file that GDAL can read ({exc})"
        ) from None
    if isinstance(dem, list):
        raise CommandError(
            f"{path} holds several subdatasets; convert the DEM to a GeoTIFF first"
        )
    _check_projected(dem, path)
    n_bands = dem.sizes.get("band", 1)
    if band is None:
        if n_bands > 1:
            raise CommandError(
                f"{path} has {n_bands} bands; choose the elevation band with "
                "--band N (1-based)"
            )
        return dem
    if not 1 <= band <= n_bands:
        raise CommandError(f"--band {band} is out of range: {path} has {n_bands}")
    return dem.isel(band=[band - 1])


def _check_projected(dem, path) -> None:
    """Refuse degrees with the command that reprojects the file."""
    crs = dem.rio.crs
    if crs is None or not crs.is_geographic:
        return
    try:
        target = dem.rio.estimate_utm_crs().to_string()
    except Exception:
        target = "EPSG:<UTM zone>"
    raise CommandError(
        f"{path} has a geographic CRS ({crs.to_string()}): cells in degrees would "
        f"give wrong slopes and radii; reproject it to metres first, e.g. "
        f"gdalwarp -t_srs {target} {path} projected.tif"
    )


def progress(quiet: bool):
    """A progress bar on stderr for runs longer than a second."""
    if quiet:
        return nullcontext()
    from dask.diagnostics import ProgressBar

    return ProgressBar(minimum=1.0, out=sys.stderr)


def write_raster(raster, path, *, quiet: bool, colormap=None, band_tags=None):
    """Write a (band, y, x) or (y, x) DataArray as a tiled GeoTIFF, atomically.

    Blocks are computed and written one at a time (rioxarray stores the
    Dask array through a lock), into a temporary file renamed at the end.
    Uncompressed, so that a tile written in parts by neighbouring chunks is
    updated in place rather than appended again.
    """
    _, rasterio = import_libraries()
    with atomic_path(path) as temporary, progress(quiet):
        raster.rio.to_raster(
            temporary,
            driver="GTiff",
            tiled=True,
            lock=threading.Lock(),
        )
        if colormap or band_tags:
            with rasterio.open(temporary, "r+") as dataset:
                if colormap:
                    dataset.write_colormap(1, colormap)
                for index, tags in enumerate(band_tags or [], start=1):
                    dataset.update_tags(index, **tags)
