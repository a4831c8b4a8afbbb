"""Model files that are safe to open: skops persistence with a fixed trust list."""

from ._models import TRUSTED_TYPES, UntrustedModelError, load_model, save_model

__all__ = ["TRUSTED_TYPES", "UntrustedModelError", "load_model", "save_model"]
