"""skgeo: neural networks for geoscience, the scikit-learn way."""

from .neural_network import GeoMLPClassifier, GeoMLPRegressor

__version__ = "0.1.0.dev0"

__all__ = ["GeoMLPClassifier", "GeoMLPRegressor", "__version__"]
