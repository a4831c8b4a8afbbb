"""Dataset generators and readers for geoscience machine learning."""

from ._landforms import make_landforms
from ._terrain import make_terrain

__all__ = ["make_landforms", "make_terrain"]
