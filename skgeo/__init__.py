"""skgeo: neural networks for geoscience, the scikit-learn way.

The estimators and the most used tools are importable from the top level;
everything is also available from its subpackage:

- :mod:`skgeo.neural_network`: ``GeoMLPRegressor``, ``GeoMLPClassifier``
- :mod:`skgeo.model_selection`: spatial block cross-validation
- :mod:`skgeo.datasets`: earthquake and terrain generators, ComCat I/O
- :mod:`skgeo.seismology`: ground-motion model, b-value, event terms
- :mod:`skgeo.terrain`: terrain attributes and landform classes
- :mod:`skgeo.preprocessing`: encoders for angles, hours and coordinates
- :mod:`skgeo.plotting`: ``LossCurveDisplay``
- :mod:`skgeo.io`: ``save_model``, ``load_model``: model files safe to open
- :mod:`skgeo.blockwise`: ``partial_fit_blocks``, ``predict_blocks``: Dask
  arrays and DataFrames larger than memory, one block at a time
"""

from . import (
    blockwise,
    datasets,
    io,
    model_selection,
    neural_network,
    plotting,
    preprocessing,
    seismology,
    terrain,
)
from .datasets import (
    make_earthquake_catalog,
    make_ground_motion,
    make_landforms,
    make_terrain,
    read_comcat_csv,
    write_comcat_csv,
)
from .io import TRUSTED_TYPES, load_model, save_model
from .model_selection import (
    SpatialBlockKFold,
    SpatialBlockShuffleSplit,
    spatial_block_labels,
)
from .neural_network import GeoMLPClassifier, GeoMLPRegressor
from .plotting import LossCurveDisplay
from .preprocessing import CyclicalEncoder, DateTimeEncoder, LatLonEncoder
from .terrain import TerrainFeatures

__version__ = "0.1.0.dev0"

__all__ = [
    "CyclicalEncoder",
    "DateTimeEncoder",
    "GeoMLPClassifier",
    "GeoMLPRegressor",
    "LatLonEncoder",
    "LossCurveDisplay",
    "SpatialBlockKFold",
    "SpatialBlockShuffleSplit",
    "TRUSTED_TYPES",
    "TerrainFeatures",
    "__version__",
    "blockwise",
    "datasets",
    "io",
    "load_model",
    "make_earthquake_catalog",
    "make_ground_motion",
    "make_landforms",
    "make_terrain",
    "model_selection",
    "neural_network",
    "plotting",
    "preprocessing",
    "read_comcat_csv",
    "save_model",
    "seismology",
    "spatial_block_labels",
    "terrain",
    "write_comcat_csv",
]
