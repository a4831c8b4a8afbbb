"""The one place where skgeo touches scikit-learn's private helpers.

scikit-learn's parameter-validation machinery (``Interval``, ``StrOptions``,
``_fit_context``) and a few input checks are not public API and move between
releases. Every other skgeo module imports them from here, so that an
scikit-learn upgrade can break at most this file.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils._param_validation import (
    HasMethods,
    Hidden,
    Interval,
    InvalidParameterError,
    Options,
    StrOptions,
    validate_params,
)
from sklearn.utils.multiclass import _check_partial_fit_first_call
from sklearn.utils.validation import _check_sample_weight, validate_data

__all__ = [
    "HasMethods",
    "Hidden",
    "Integral",
    "Interval",
    "InvalidParameterError",
    "Options",
    "Real",
    "StrOptions",
    "check_partial_fit_first_call",
    "check_sample_weight",
    "fit_context",
    "validate_params",
    "validate_predict_data",
]

fit_context = _fit_context
check_sample_weight = _check_sample_weight
check_partial_fit_first_call = _check_partial_fit_first_call


def validate_predict_data(estimator, X, *, accept_sparse=("csr", "csc")):
    """``validate_data(estimator, X, reset=False)`` with a fast path.

    scikit-learn's full validation costs about 100 microseconds, which
    dominates predicting a single row. When ``X`` is already a 2-D
    floating-point NumPy array with the fitted number of columns, finite and
    non-empty, and the estimator was fitted without feature names, the full
    validation would return ``X`` unchanged and emit nothing; that case is
    recognised with a few cheap checks. Anything else goes through
    ``validate_data`` and gets its conversions, warnings and error messages.
    """
    if (
        type(X) is np.ndarray
        and X.ndim == 2
        and X.dtype.kind == "f"
        and X.dtype.itemsize in (4, 8)
        and X.shape[0] > 0
        and X.shape[1] == getattr(estimator, "n_features_in_", -1)
        and not hasattr(estimator, "feature_names_in_")
        and np.isfinite(X).all()
    ):
        return X
    return validate_data(
        estimator,
        X,
        accept_sparse=list(accept_sparse),
        dtype=(np.float64, np.float32),
        reset=False,
    )
