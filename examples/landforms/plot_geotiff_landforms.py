"""
===========================
Landforms of a GeoTIFF DEM
===========================

A measured DEM arrives as a GeoTIFF: a grid of elevations with a coordinate
reference system (CRS), a geotransform (where the grid sits and how large
its cells are) and a nodata value. This example writes a generated DEM as
such a file, in UTM zone 11N (EPSG:32611, metres), classifies it into
Weiss (2001) landforms from the command line and from Python, checks that
the two agree, and maps the result. Everything is read from the file: the
cell size, the CRS and the nodata cells are never typed in twice.
"""

# %%
# A DEM as a GeoTIFF
# ------------------
# :func:`~skgeo.datasets.make_terrain` generates 160 x 200 cells of 30 m.
# A strip of cells is set to the nodata value -9999, as a lake or a gap in
# a survey would be. The file goes into a temporary folder that is removed
# at the end.
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import rasterio
import rioxarray
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch
from rasterio.transform import from_origin

from skgeo._cli import main
from skgeo.datasets import make_terrain
from skgeo.terrain import WEISS_LANDFORMS, classify_landforms

elevation = make_terrain((160, 200), 30.0, relief=600.0, random_state=7)
elevation[120:128, 20:90] = -9999.0
folder = tempfile.TemporaryDirectory()
dem_path = Path(folder.name) / "dem.tif"
with rasterio.open(
    dem_path,
    "w",
    driver="GTiff",
    height=elevation.shape[0],
    width=elevation.shape[1],
    count=1,
    dtype="float32",
    crs="EPSG:32611",
    transform=from_origin(430000.0, 3790000.0, 30.0, 30.0),
    nodata=-9999.0,
) as dataset:
    dataset.write(elevation.astype("float32"), 1)

# %%
# From the command line
# ---------------------
# ``skgeo landforms`` reads the DEM tile by tile (``--chunks``), classifies
# it and writes a single-band integer GeoTIFF with the class names in its
# metadata, a colour table, and nodata (0) where the DEM has none. In a
# shell this is ``skgeo landforms dem.tif --out classes.tif ...``; here the
# same command runs through :func:`skgeo._cli.main`.
classes_path = Path(folder.name) / "classes.tif"
exit_code = main(
    [
        "landforms",
        str(dem_path),
        "--out",
        str(classes_path),
        "--scheme",
        "weiss",
        "--small-radius",
        "150",
        "--large-radius",
        "900",
        "--chunks",
        "128",
        "--quiet",
    ]
)
with rasterio.open(classes_path) as dataset:
    from_command = dataset.read(1)
    colour_table = dataset.colormap(1)
    print("CRS:", dataset.crs, "| nodata:", dataset.nodata)
    print("class 10:", dataset.tags()["class_10"])

# %%
# From Python
# -----------
# ``rioxarray.open_rasterio(path, masked=True)`` gives a DataArray with NaN
# for nodata; with ``chunks`` it is Dask-backed, and
# :func:`~skgeo.terrain.classify_landforms` stays lazy, computing each chunk
# with an overlap of the large radius. No ``spacing`` is passed: the 30 m
# cells come from the file. The result is a DataArray with the DEM's
# coordinates and CRS, and the same classes as the file written above.
dem = rioxarray.open_rasterio(dem_path, masked=True, chunks={"y": 128, "x": 128})
classes = classify_landforms(dem, small_radius=150.0, large_radius=900.0)
classes = classes.compute()
print("same classes as the command:", np.array_equal(classes.values, from_command))
print("CRS of the result:", classes.rio.crs)

# %%
# The map
# -------
# The colours are the file's own colour table: valleys blue, ridges and
# peaks red, nodata transparent.
colours = ListedColormap(
    [np.array(colour_table[code]) / 255.0 for code in range(len(WEISS_LANDFORMS))]
)
x_km = (classes["x"] - float(classes["x"].min())) / 1000.0
y_km = (classes["y"] - float(classes["y"].min())) / 1000.0
fig, axes = plt.subplots(1, 2, figsize=(11, 4.5), constrained_layout=True)
shaded = axes[0].pcolormesh(
    x_km, y_km, dem.squeeze("band").values, cmap="terrain", shading="auto"
)
fig.colorbar(shaded, ax=axes[0], label="elevation (m)")
axes[0].set_title("DEM (EPSG:32611, 30 m cells)")
axes[1].pcolormesh(
    x_km, y_km, classes.values, cmap=colours, vmin=-0.5, vmax=10.5, shading="auto"
)
axes[1].set_title("Weiss landforms (TPI radii 150 m and 900 m)")
for axis in axes:
    axis.set_xlabel("easting (km)")
    axis.set_ylabel("northing (km)")
    axis.set_aspect("equal")
handles = [
    Patch(color=colours(code), label=f"{code} {WEISS_LANDFORMS[code]}")
    for code in range(1, 11)
]
fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=8)
plt.show()

folder.cleanup()
