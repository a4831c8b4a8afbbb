"""Geographic coordinates to unit vectors on the sphere."""

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from ..utils._validation import fit_context

__all__ = ["LatLonEncoder"]

_OUTPUT_NAMES = ("geocentric_x", "geocentric_y", "geocentric_z")


def _check_range(values, name, low, high):
    """Raise a ValueError naming the first value outside [low, high]."""
    bad = (values < low) | (values > high)
    if np.any(bad):
        first = int(np.flatnonzero(bad)[0])
        more = int(np.count_nonzero(bad)) - 1
        extra = f" ({more} more value(s) out of range)" if more else ""
        raise ValueError(
            f"{name} must lie in [{low:g}, {high:g}] degrees; got {values[first]:g} "
            f"in row {first}{extra}. Check that the columns are in (longitude, "
            "latitude) order and in degrees, not radians or metres."
        )


class LatLonEncoder(TransformerMixin, BaseEstimator):
    """Encode longitude and latitude as a unit vector on the sphere.

    Longitude and latitude are poor features for a neural network: the
    longitude jumps by 360 degrees across the antimeridian and a degree of
    longitude shrinks towards the poles. Their unit vector
    :math:`(x, y, z)` on the sphere has neither problem: nearby places have
    nearby codes everywhere, and the Euclidean distance between codes is
    the chord distance between the places.

    Parameters
    ----------
    columns : tuple of (int or str, int or str), default=(0, 1)
        Positions (or, for a DataFrame, names) of the longitude and the
        latitude column, in that order, following the (east, north)
        convention. Other columns are passed through unchanged.
    check_range : bool, default=True
        Raise a ``ValueError`` for a longitude outside [-180, 360] or a
        latitude outside [-90, 90] degrees, which catches swapped columns and
        coordinates in radians or metres. Set to ``False`` only for data that
        is known to be valid (or for generic test data, as scikit-learn's
        ``check_estimator`` feeds): the formulas are defined for any angle.

    Attributes
    ----------
    columns_ : tuple of (int, int)
        Positions of the longitude and latitude columns.
    n_features_in_ : int
        Number of features seen during :meth:`fit`.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen during :meth:`fit`. Defined only when `X`
        has feature names that are all strings.

    See Also
    --------
    skgeo.preprocessing.CyclicalEncoder : Sine/cosine encoding of a single
        periodic quantity, such as longitude alone.

    Notes
    -----
    With longitude :math:`\\lambda` and latitude :math:`\\varphi`,

    .. math::

        x = \\cos\\varphi \\cos\\lambda, \\qquad
        y = \\cos\\varphi \\sin\\lambda, \\qquad
        z = \\sin\\varphi .

    These are Earth-centred, Earth-fixed axes on a unit sphere: :math:`x`
    points to (0 E, 0 N) where the Greenwich meridian crosses the equator,
    :math:`y` to (90 E, 0 N) and :math:`z` to the North Pole. The output
    columns are ``[geocentric_x, geocentric_y, geocentric_z]`` followed by
    the other input columns in their original order. Longitudes may be given
    in [-180, 180] or [0, 360]; latitudes must lie in [-90, 90]. Ellipticity
    is ignored, which is harmless for a feature encoding.

    Examples
    --------
    >>> from skgeo.preprocessing import LatLonEncoder
    >>> lonlat = np.array([[0.0, 0.0], [90.0, 0.0], [-118.25, 34.05]])
    >>> np.round(LatLonEncoder().fit_transform(lonlat), 3)
    array([[ 1.   ,  0.   ,  0.   ],
           [ 0.   ,  1.   ,  0.   ],
           [-0.392, -0.73 ,  0.56 ]])

    Extra columns pass through; with a DataFrame the columns can be named:

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"depth": [10.0], "lat": [45.0], "lon": [180.0]})
    >>> encoder = LatLonEncoder(columns=("lon", "lat")).fit(frame)
    >>> np.round(encoder.transform(frame), 3)
    array([[-0.707,  0.   ,  0.707, 10.   ]])
    >>> encoder.get_feature_names_out().tolist()
    ['geocentric_x', 'geocentric_y', 'geocentric_z', 'depth']
    """

    _parameter_constraints: dict = {
        "columns": [tuple, list],
        "check_range": ["boolean"],
    }

    def __init__(self, columns=(0, 1), check_range=True):
        self.columns = columns
        self.check_range = check_range

    def _resolve_columns(self, n_features):
        """Positions of the longitude and latitude columns, validated."""
        if len(self.columns) != 2:
            raise ValueError(
                "columns must name exactly two columns, (longitude, latitude); "
                f"got {self.columns!r}."
            )
        names = getattr(self, "feature_names_in_", None)
        positions = []
        for column in self.columns:
            if isinstance(column, str):
                if names is None or column not in names:
                    known = [] if names is None else names.tolist()
                    raise ValueError(
                        f"Column {column!r} is not among the feature names "
                        f"{known}. Name columns only when fitting on a "
                        "DataFrame, or pass column positions."
                    )
                positions.append(int(np.flatnonzero(names == column)[0]))
            elif isinstance(column, int | np.integer) and not isinstance(column, bool):
                if not -n_features <= column < n_features:
                    raise ValueError(
                        f"Column position {column} is out of range for X with "
                        f"{n_features} feature(s)."
                    )
                positions.append(int(column) % n_features)
            else:
                raise ValueError(
                    "columns must hold two column positions (int) or names (str); "
                    f"got {column!r}."
                )
        if positions[0] == positions[1]:
            raise ValueError(
                f"The longitude and latitude columns must differ; both are "
                f"column {positions[0]}."
            )
        return tuple(positions)

    def _check_coordinates(self, X):
        """Check the value ranges of the longitude and latitude columns."""
        if not self.check_range:
            return
        lon_col, lat_col = self.columns_
        _check_range(X[:, lon_col], "Longitude", -180.0, 360.0)
        _check_range(X[:, lat_col], "Latitude", -90.0, 90.0)

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check `X` and locate the coordinate columns.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Longitude and latitude in degrees, plus any other columns.
            At least 2 features.
        y : None
            Ignored.

        Returns
        -------
        self : LatLonEncoder
            The fitted encoder.

        Raises
        ------
        ValueError
            If `X` has fewer than 2 columns, `columns` does not identify two
            distinct columns, or a longitude lies outside [-180, 360] or a
            latitude outside [-90, 90] degrees.
        """
        X = validate_data(self, X, dtype=[np.float64, np.float32])
        if X.shape[1] < 2:
            raise ValueError(
                f"LatLonEncoder needs a longitude and a latitude column; got "
                f"{X.shape[1]} feature(s)."
            )
        self.columns_ = self._resolve_columns(X.shape[1])
        self._check_coordinates(X)
        return self

    def transform(self, X):
        """Replace longitude and latitude by their unit vector.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Longitude and latitude in degrees, plus any other columns, as
            in :meth:`fit`.

        Returns
        -------
        X_encoded : ndarray of shape (n_samples, n_features + 1)
            ``[x, y, z]`` followed by the other columns, with the dtype of
            `X` (float32 or float64).

        Raises
        ------
        ValueError
            If a longitude or latitude is out of range.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=[np.float64, np.float32], reset=False)
        self._check_coordinates(X)
        lon_col, lat_col = self.columns_
        lon = np.radians(X[:, lon_col])
        lat = np.radians(X[:, lat_col])
        cos_lat = np.cos(lat)
        others = np.delete(X, self.columns_, axis=1)
        return np.column_stack(
            [cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat), others]
        ).astype(X.dtype, copy=False)

    def get_feature_names_out(self, input_features=None):
        """Output feature names: the three components, then the other columns.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Input feature names. If None, `feature_names_in_` is used when
            defined, otherwise ``x0, x1, ...``.

        Returns
        -------
        feature_names_out : ndarray of str objects
            ``geocentric_x``, ``geocentric_y``, ``geocentric_z`` and the
            names of the passed-through columns.
        """
        names = OneToOneFeatureMixin.get_feature_names_out(self, input_features)
        others = np.delete(names, self.columns_)
        return np.concatenate([np.asarray(_OUTPUT_NAMES, dtype=object), others])

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
