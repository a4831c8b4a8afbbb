"""Multilayer perceptrons: drop-in, faster, corrected scikit-learn MLPs."""

from ._classifier import GeoMLPClassifier
from ._regressor import GeoMLPRegressor

__all__ = ["GeoMLPClassifier", "GeoMLPRegressor"]
