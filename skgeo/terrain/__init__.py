"""Terrain analysis of DEMs: attributes, landform classes, a feature transformer.

Rasters are 2-D arrays with row 0 at the north edge and an explicit cell size
``spacing`` in metres, or xarray DataArrays (NumPy- or Dask-backed, as
rioxarray reads GeoTIFFs) that carry their own cell size, CRS and nodata;
angles are in degrees and aspect is clockwise from north (see the
conventions page of the documentation).
"""

from ._attributes import terrain_attributes
from ._curvature import curvature
from ._landforms import (
    GEOMORPHONS,
    SLOPE_POSITIONS,
    WEISS_LANDFORMS,
    classify_landforms,
)
from ._maps import attributes_table, predict_raster
from ._position import local_relief, tpi
from ._roughness import roughness, tri
from ._slope import aspect, slope
from ._transformer import TerrainFeatures

__all__ = [
    "GEOMORPHONS",
    "SLOPE_POSITIONS",
    "WEISS_LANDFORMS",
    "TerrainFeatures",
    "aspect",
    "attributes_table",
    "classify_landforms",
    "curvature",
    "local_relief",
    "predict_raster",
    "roughness",
    "slope",
    "terrain_attributes",
    "tpi",
    "tri",
]
