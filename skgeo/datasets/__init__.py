"""Dataset generators and readers for geoscience machine learning."""

from ._catalog import make_earthquake_catalog
from ._comcat import read_comcat_csv, write_comcat_csv
from ._ground_motion import make_ground_motion
from ._landforms import make_landforms
from ._terrain import make_terrain

__all__ = [
    "make_earthquake_catalog",
    "make_ground_motion",
    "make_landforms",
    "make_terrain",
    "read_comcat_csv",
    "write_comcat_csv",
]
