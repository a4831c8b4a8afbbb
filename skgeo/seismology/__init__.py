"""Seismology: ground-motion models, catalog statistics and residual analysis."""

from ._catalog_stats import BValueResult, b_value
from ._gmpe import (
    MECHANISMS,
    AleatoryStd,
    boore_atkinson_2008,
    boore_atkinson_2008_std,
    mechanism_from_rake,
)
from ._residuals import ResidualDecomposition, event_terms

__all__ = [
    "MECHANISMS",
    "AleatoryStd",
    "BValueResult",
    "ResidualDecomposition",
    "b_value",
    "boore_atkinson_2008",
    "boore_atkinson_2008_std",
    "event_terms",
    "mechanism_from_rake",
]
