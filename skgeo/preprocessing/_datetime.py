"""Sine/cosine encoding of the periodic parts of dates and times."""

from numbers import Real

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from ..utils._validation import StrOptions, fit_context

__all__ = ["DateTimeEncoder"]

# Period of every component, in its own unit; the month and year lengths
# vary, so those two are measured as fractions of the actual month or year.
_COMPONENTS = ("hour", "day_of_week", "day_of_year", "month")


def _component(times: pd.DatetimeIndex, name: str) -> tuple[np.ndarray, float]:
    """Continuous value of one periodic component, and its period."""
    hours = (times - times.normalize()) / pd.Timedelta(hours=1)
    hours = np.asarray(hours, dtype=np.float64)
    if name == "hour":
        return hours, 24.0
    if name == "day_of_week":
        # Monday 00:00 is 0; Sunday 23:59 is just under 7.
        return np.asarray(times.day_of_week, dtype=np.float64) + hours / 24.0, 7.0
    if name == "day_of_year":
        day = np.asarray(times.day_of_year, dtype=np.float64) - 1.0 + hours / 24.0
        days_in_year = np.where(np.asarray(times.is_leap_year), 366.0, 365.0)
        return day / days_in_year, 1.0
    day = np.asarray(times.day, dtype=np.float64) - 1.0 + hours / 24.0
    month = np.asarray(times.month, dtype=np.float64) - 1.0
    return month + day / np.asarray(times.days_in_month, dtype=np.float64), 12.0


def _number_mask(values: np.ndarray) -> np.ndarray:
    """Which values are plain numbers (not text, dates or missing)."""
    if values.dtype.kind != "O":
        return np.full(values.shape, values.dtype.kind in "iufb")
    return np.array(
        [isinstance(v, Real) and not isinstance(v, bool) and v == v for v in values],
        dtype=bool,
    )


class DateTimeEncoder(TransformerMixin, BaseEstimator):
    """Encode the periodic parts of dates and times as sines and cosines.

    Every input column holds instants (datetimes, ISO-8601 strings, or
    numbers counted in `unit` since 1970-01-01 UTC). Each is replaced by the
    sine and cosine of the chosen `components`: the hour of the day, the day
    of the week, the day of the year or the month, each measured
    continuously (06:30 is hour 6.5), so that 23:59 and 00:01 get nearly
    the same code. With a `longitude` column the components are taken in
    local mean solar time, which follows the Sun rather than UTC: the
    feature that separates quarry blasts from earthquakes.

    Parameters
    ----------
    components : tuple of {'hour', 'day_of_week', 'day_of_year', 'month'}, \
            default=('hour', 'day_of_week')
        The periodic components to encode, in output order. Periods: 24 h,
        7 days (Monday 00:00 is 0), the length of the year (365 or 366
        days) and 12 months (each month measured by its own length).
    longitude : int, str or None, default=None
        Position (or, for a DataFrame, name) of a column of longitudes in
        degrees east. When given, every time column is shifted by
        ``longitude / 15`` hours to local mean solar time (see
        :func:`local_solar_hour`) before its components are taken; the
        longitude column itself is not output.
    unit : {'s', 'ms', 'us', 'ns', 'h', 'D'}, default='s'
        Unit of numeric time columns, counted from 1970-01-01 UTC (Unix
        time in seconds by default). Unused for datetime or text columns.

    Attributes
    ----------
    time_columns_ : list of int
        Positions of the time columns (every column but the longitude).
    longitude_ : int or None
        Position of the longitude column.
    n_features_in_ : int
        Number of features seen during :meth:`fit`.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen during :meth:`fit`. Defined only when `X`
        has feature names that are all strings.

    See Also
    --------
    skgeo.preprocessing.CyclicalEncoder : The same encoding for any periodic
        number (azimuth, aspect, an hour already computed).
    skgeo.preprocessing.local_solar_hour : Local mean solar time as a number.
    sklearn.preprocessing.SplineTransformer : Periodic splines, a richer
        basis for one periodic number.

    Notes
    -----
    Time-zone aware values are converted to UTC; naive datetimes and text
    without an offset are taken to be UTC. A missing time (``NaT``, an
    empty field or NaN) gives NaN in every output column of that time, so
    that a following :class:`~sklearn.impute.SimpleImputer` can fill it and
    flag it; a text that is not a time raises a ``ValueError`` naming it.
    The output has two columns per time column and component, in the order
    ``[t0_hour_sin, t0_hour_cos, t0_day_of_week_sin, ...]``.

    Examples
    --------
    >>> import pandas as pd
    >>> from skgeo.preprocessing import DateTimeEncoder
    >>> frame = pd.DataFrame({"time": ["2024-06-01T06:00Z", "2024-06-02T18:00Z"]})
    >>> encoder = DateTimeEncoder(components=("hour",)).fit(frame)
    >>> np.round(encoder.transform(frame), 3)
    array([[ 1.,  0.],
           [-1.,  0.]])
    >>> encoder.get_feature_names_out().tolist()
    ['time_hour_sin', 'time_hour_cos']

    In local solar time: 20:00 UTC at 120 degrees west is noon there.

    >>> frame = pd.DataFrame({"time": ["2024-06-01T20:00Z"], "lon": [-120.0]})
    >>> encoder = DateTimeEncoder(components=("hour",), longitude="lon")
    >>> np.round(encoder.fit_transform(frame), 3)
    array([[ 0., -1.]])
    """

    _parameter_constraints: dict = {
        "components": [tuple, list],
        "longitude": [int, str, None],
        "unit": [StrOptions({"s", "ms", "us", "ns", "h", "D"})],
    }

    def __init__(self, components=("hour", "day_of_week"), longitude=None, unit="s"):
        self.components = components
        self.longitude = longitude
        self.unit = unit

    def _check_components(self):
        components = tuple(self.components)
        unknown = [name for name in components if name not in _COMPONENTS]
        if not components or unknown:
            raise ValueError(
                f"components must be a non-empty sequence of {list(_COMPONENTS)}; "
                f"got {self.components!r}."
            )
        if len(set(components)) != len(components):
            raise ValueError(f"components lists a name twice: {self.components!r}.")
        return components

    def _check_input(self, X, reset):
        """Validate the shape and names of `X`; return it as a DataFrame."""
        frame = X if isinstance(X, pd.DataFrame) else None
        if frame is None:
            # Keep datetimes and text as objects; only the shape is checked.
            array = check_array(X, dtype=None, ensure_all_finite=False)
            frame = pd.DataFrame(array)
        elif len(frame) == 0:
            raise ValueError(
                f"Found array with 0 sample(s) (shape={frame.shape}) while a "
                "minimum of 1 is required by DateTimeEncoder."
            )
        validate_data(self, X, skip_check_array=True, reset=reset)
        return frame

    def _resolve_longitude(self, frame):
        if self.longitude is None:
            return None
        names = getattr(self, "feature_names_in_", None)
        if isinstance(self.longitude, str):
            if names is None or self.longitude not in names:
                known = [] if names is None else names.tolist()
                raise ValueError(
                    f"longitude column {self.longitude!r} is not among the feature "
                    f"names {known}. Name it only when fitting on a DataFrame, or "
                    "pass its position."
                )
            return int(np.flatnonzero(names == self.longitude)[0])
        if isinstance(self.longitude, bool) or not (
            -frame.shape[1] <= self.longitude < frame.shape[1]
        ):
            raise ValueError(
                f"longitude column position {self.longitude!r} is out of range for "
                f"X with {frame.shape[1]} column(s)."
            )
        return int(self.longitude) % frame.shape[1]

    def _times(self, column: pd.Series, name) -> pd.DatetimeIndex:
        """The column as UTC instants; missing values become NaT."""
        values = column.to_numpy()
        is_number = _number_mask(values)
        present = ~pd.isna(values)
        if column.dtype.kind == "O" and is_number.any():
            if not is_number[present].all():
                raise ValueError(
                    f"Column {name!r} mixes numbers and dates; give either times "
                    f"(datetimes or text) or numbers counted in {self.unit!r} "
                    "since 1970."
                )
            column = pd.Series(np.where(present, values, np.nan), dtype=np.float64)
            values = column.to_numpy()
        if column.dtype.kind in "iufb":
            numbers = np.asarray(values, dtype=np.float64)
            if np.any(np.isinf(numbers)):
                raise ValueError(
                    f"Column {name!r} holds an infinite value; times must be "
                    "finite numbers (or NaN for a missing time)."
                )
            try:
                return pd.DatetimeIndex(
                    pd.to_datetime(numbers, unit=self.unit, utc=True)
                )
            except (OverflowError, ValueError) as exc:
                raise ValueError(
                    f"Column {name!r} holds numbers that are not times in "
                    f"{self.unit!r} since 1970 within pandas' range (years "
                    f"1677-2262): {exc}"
                ) from exc
        if column.dtype.kind == "M" or isinstance(column.dtype, pd.DatetimeTZDtype):
            return pd.DatetimeIndex(pd.to_datetime(column, utc=True))
        text = pd.Series(values, dtype=object)
        # ISO 8601 parses vectorised; only what it cannot read is parsed
        # value by value ("mixed" is about a hundred times slower).
        parsed = pd.to_datetime(text, utc=True, errors="coerce", format="ISO8601")
        retry = parsed.isna().to_numpy() & ~pd.isna(values)
        if np.any(retry):
            parsed[retry] = pd.to_datetime(
                text[retry], utc=True, errors="coerce", format="mixed"
            )
        bad = parsed.isna().to_numpy() & ~pd.isna(values)
        if np.any(bad):
            first = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"Column {name!r}, row {first}: cannot read {values[first]!r} as a "
                "date or time. Fix the value, or leave the field empty for a "
                "missing time."
            )
        return pd.DatetimeIndex(parsed)

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check `X`, the components and the longitude column.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Time columns, plus the longitude column if `longitude` is set.
        y : None
            Ignored.

        Returns
        -------
        self : DateTimeEncoder
            The fitted encoder.

        Raises
        ------
        ValueError
            If a component is unknown, the longitude column does not exist
            or is the only column, or a value is not a time.
        """
        self._check_components()
        frame = self._check_input(X, reset=True)
        longitude = self._resolve_longitude(frame)
        time_columns = [j for j in range(frame.shape[1]) if j != longitude]
        if not time_columns:
            raise ValueError(
                "DateTimeEncoder needs at least one time column besides the "
                "longitude column."
            )
        self.longitude_ = longitude
        self.time_columns_ = time_columns
        self.transform(X)
        return self

    def transform(self, X):
        """Encode every time column.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            The columns seen in :meth:`fit`.

        Returns
        -------
        X_encoded : ndarray of shape (n_samples, 2 * n_times * n_components)
            ``[sin, cos]`` pairs per time column and component, float64,
            NaN where the time (or the longitude) is missing.
        """
        check_is_fitted(self)
        frame = self._check_input(X, reset=False)
        components = self._check_components()
        shift = None
        if self.longitude_ is not None:
            longitude = pd.to_numeric(frame.iloc[:, self.longitude_], errors="coerce")
            longitude = longitude.to_numpy(dtype=np.float64, na_value=np.nan)
            bad = (longitude < -180.0) | (longitude > 360.0)
            if np.any(bad):
                raise ValueError(
                    f"longitude must lie in [-180, 360] degrees; got "
                    f"{longitude[bad][0]:g} in row {int(np.flatnonzero(bad)[0])}."
                )
            shift = pd.to_timedelta(longitude / 15.0, unit="h")
        names = self._input_names()
        columns = []
        for j in self.time_columns_:
            times = self._times(frame.iloc[:, j], names[j])
            if shift is not None:
                times = times + shift
            for name in components:
                value, period = _component(times, name)
                angle = value * (2.0 * np.pi / period)
                columns += [np.sin(angle), np.cos(angle)]
        return np.column_stack(columns).astype(np.float64, copy=False)

    def _input_names(self):
        names = getattr(self, "feature_names_in_", None)
        if names is None:
            return [f"x{j}" for j in range(self.n_features_in_)]
        return list(names)

    def get_feature_names_out(self, input_features=None):
        """Output names: ``<column>_<component>_sin`` and ``_cos``.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Input feature names. If None, `feature_names_in_` is used when
            defined, otherwise ``x0, x1, ...``.

        Returns
        -------
        feature_names_out : ndarray of str objects
            Two names per time column and component, in the order of
            :meth:`transform`.
        """
        check_is_fitted(self)
        if input_features is None:
            names = self._input_names()
        else:
            names = list(input_features)
            expected = self._input_names()
            if len(names) != self.n_features_in_ or (
                hasattr(self, "feature_names_in_") and names != expected
            ):
                raise ValueError(f"input_features should be {expected}; got {names}.")
        return np.asarray(
            [
                f"{names[j]}_{component}_{part}"
                for j in self.time_columns_
                for component in self._check_components()
                for part in ("sin", "cos")
            ],
            dtype=object,
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.string = True
        return tags
