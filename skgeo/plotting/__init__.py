"""Plots of fitted models (matplotlib is an optional dependency)."""

from ._loss_curve import LossCurveDisplay

__all__ = ["LossCurveDisplay"]
