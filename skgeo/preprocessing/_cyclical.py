"""Sine/cosine encoding of periodic features (hour of day, azimuth, aspect)."""

from numbers import Real

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from ..utils._validation import Interval, fit_context

__all__ = ["CyclicalEncoder"]


class CyclicalEncoder(TransformerMixin, BaseEstimator):
    """Encode periodic features as points on the unit circle.

    Each input column :math:`t` is replaced by the pair
    :math:`(\\sin(2\\pi t / P), \\cos(2\\pi t / P))`, where :math:`P` is the
    column's period. Values one period apart get the same code, and values
    on either side of the wrap-around (23 h and 1 h, or 359 and 1 degrees)
    end up close together, which a raw number cannot express.

    Parameters
    ----------
    period : float or array-like of shape (n_features,), default=24.0
        Period of every column, in the column's own units, or one period per
        column. The default suits hours of the day; use 360 for azimuths
        and aspects in degrees, 7 for days of the week, 12 for months.

    Attributes
    ----------
    period_ : ndarray of shape (``n_features_in_``,)
        The period of every input column.
    n_features_in_ : int
        Number of features seen during :meth:`fit`.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen during :meth:`fit`. Defined only when `X`
        has feature names that are all strings.

    See Also
    --------
    skgeo.preprocessing.local_solar_hour : Local hour of day from UTC times,
        the usual input of this encoder.
    skgeo.preprocessing.LatLonEncoder : The spherical counterpart for
        geographic coordinates.
    sklearn.preprocessing.SplineTransformer : Periodic splines
        (``extrapolation="periodic"``), a richer periodic basis.

    Notes
    -----
    The encoder is stateless: :meth:`fit` only checks the input and
    resolves `period`. The output has two columns per input column, in the
    order ``[t0_sin, t0_cos, t1_sin, t1_cos, ...]``. Float32 input stays
    float32.

    Both components are needed: :math:`\\sin` alone maps 6 h and 18 h to
    opposite values but 3 h and 9 h to the same value.

    Examples
    --------
    >>> from skgeo.preprocessing import CyclicalEncoder
    >>> hours = np.array([[0.0], [6.0], [12.0], [23.0]])
    >>> encoder = CyclicalEncoder(period=24.0).fit(hours)
    >>> np.round(encoder.transform(hours), 3)
    array([[ 0.   ,  1.   ],
           [ 1.   ,  0.   ],
           [ 0.   , -1.   ],
           [-0.259,  0.966]])
    >>> encoder.get_feature_names_out(["hour"]).tolist()
    ['hour_sin', 'hour_cos']

    One period per column, here hour of day and azimuth in degrees:

    >>> X = np.array([[18.0, 90.0]])
    >>> np.round(CyclicalEncoder(period=[24.0, 360.0]).fit_transform(X), 3)
    array([[-1.,  0.,  1.,  0.]])
    """

    _parameter_constraints: dict = {
        "period": [Interval(Real, 0, None, closed="neither"), "array-like"],
    }

    def __init__(self, period=24.0):
        self.period = period

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check `X` and resolve the period of every column.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Periodic values, one feature per column.
        y : None
            Ignored.

        Returns
        -------
        self : CyclicalEncoder
            The fitted encoder.

        Raises
        ------
        ValueError
            If `period` is a sequence whose length differs from the number
            of columns, or holds a value that is not positive and finite.
        """
        X = validate_data(self, X, dtype=[np.float64, np.float32])
        try:
            period = np.asarray(self.period, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"period must be a number or a sequence of numbers; got "
                f"{self.period!r}."
            ) from exc
        if period.ndim == 0:
            period = np.full(X.shape[1], float(period))
        elif period.shape != (X.shape[1],):
            raise ValueError(
                f"period has {period.size} values but X has {X.shape[1]} "
                "column(s). Pass one period per column, or a single number for "
                "all columns."
            )
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            # A subnormal period would make the angle scale 2 pi / P infinite.
            bad = (
                ~np.isfinite(period) | (period <= 0) | ~np.isfinite(2 * np.pi / period)
            )
        if np.any(bad):
            raise ValueError(
                f"Every period must be positive and finite; got {period[bad][0]:g} "
                f"for column {int(np.flatnonzero(bad)[0])}."
            )
        self.period_ = period
        return self

    def transform(self, X):
        """Encode every column as its sine and cosine.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Periodic values, with the columns seen in :meth:`fit`.

        Returns
        -------
        X_encoded : ndarray of shape (n_samples, 2 * n_features)
            ``[sin, cos]`` pairs, column by column, with the dtype of `X`
            (float32 or float64).
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=[np.float64, np.float32], reset=False)
        # Reduce by the period in float64 before scaling: a float32 angle of
        # 2e6 radians (hours since 1970) has a rounding error of 0.1 rad, and
        # even float64 loses digits when a large value is scaled first.
        phase = np.remainder(X.astype(np.float64, copy=False), self.period_)
        angle = phase * (2.0 * np.pi / self.period_)
        encoded = np.empty((X.shape[0], 2 * X.shape[1]), dtype=X.dtype)
        encoded[:, 0::2] = np.sin(angle)
        encoded[:, 1::2] = np.cos(angle)
        return encoded

    def get_feature_names_out(self, input_features=None):
        """Output feature names: ``<name>_sin`` and ``<name>_cos`` per column.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Input feature names. If None, `feature_names_in_` is used when
            defined, otherwise ``x0, x1, ...``.

        Returns
        -------
        feature_names_out : ndarray of str objects
            Two names per input feature, in the order of :meth:`transform`.
        """
        # OneToOneFeatureMixin's implementation checks fitting and validates
        # input_features against feature_names_in_ with sklearn's messages.
        names = OneToOneFeatureMixin.get_feature_names_out(self, input_features)
        return np.asarray(
            [f"{name}_{part}" for name in names for part in ("sin", "cos")],
            dtype=object,
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
