"""Local mean solar time from UTC timestamps and longitude."""

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

__all__ = ["local_solar_hour"]


def _hours_since_utc_midnight(time_utc) -> tuple[np.ndarray, tuple]:
    """UTC hour of day of every timestamp, and the shape of the input."""
    if isinstance(time_utc, pd.Series | pd.Index):
        values, shape = time_utc, (len(time_utc),)
    else:
        array = np.asarray(time_utc)
        values, shape = array.ravel(), array.shape
    dtype = getattr(values, "dtype", None)
    if dtype is not None and dtype.kind in "iufcb":
        raise TypeError(
            f"time_utc must hold datetimes (numpy datetime64, pandas Timestamps "
            f"or ISO-8601 strings); got numbers of dtype {dtype}. Convert epoch "
            "numbers first, e.g. pd.to_datetime(seconds, unit='s', utc=True)."
        )
    try:
        # utc=True localises naive times as UTC and converts aware ones.
        times = pd.DatetimeIndex(pd.to_datetime(values, utc=True))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"time_utc could not be read as datetimes: {exc}") from exc
    if times.hasnans:
        first = int(np.flatnonzero(times.isna())[0])
        raise ValueError(
            f"time_utc holds a missing time (NaT) at position {first}; drop or fill "
            "missing times first."
        )
    hours = (times - times.normalize()) / pd.Timedelta(hours=1)
    return np.asarray(hours, dtype=np.float64).reshape(shape), shape


def local_solar_hour(time_utc: ArrayLike, longitude: ArrayLike) -> np.ndarray | float:
    """Mean local solar time, in hours, from UTC time and longitude.

    Earthquakes happen at any hour, but human activity such as quarry
    blasting follows the Sun. The local hour is therefore a strong feature
    for telling blasts from earthquakes (Wiemer & Baer 2000); this function
    computes it without time-zone databases, from longitude alone.

    Parameters
    ----------
    time_utc : datetime-like or array-like of datetimes
        Times in UTC: numpy ``datetime64`` values, a pandas ``Series`` or
        ``DatetimeIndex``, ``Timestamp`` or ``datetime`` objects, or
        ISO-8601 strings. Time-zone aware values are converted to UTC;
        naive values are taken to be UTC already.
    longitude : float or array-like of float
        Longitude in degrees east, in [-180, 360]. Broadcast against
        `time_utc`.

    Returns
    -------
    hour : ndarray or float
        Mean local solar time in hours, in [0, 24). A float when both
        inputs are scalars.

    Raises
    ------
    TypeError
        If `time_utc` holds plain numbers rather than datetimes.
    ValueError
        If a time cannot be parsed or is missing (NaT), a longitude is not
        finite or outside [-180, 360], or the shapes do not broadcast.

    See Also
    --------
    skgeo.preprocessing.CyclicalEncoder : Encode the hour as sine and cosine
        so that 23 h and 1 h are close.

    Notes
    -----
    Mean solar time advances one hour per 15 degrees of longitude:

    .. math::

        h_{local} = (h_{UTC} + \\lambda / 15) \\bmod 24 .

    It differs from civil (time-zone) time by up to about an hour, or two
    with daylight saving, and from apparent solar time by the equation of
    time (at most about 16 minutes), which is ignored. For day/night
    analyses of seismicity that resolution is ample.

    References
    ----------
    .. [1] Wiemer, S., and Baer, M. (2000). Mapping and removing
       quarry blast events from seismicity catalogs. Bulletin of the
       Seismological Society of America, 90(2), 525-530.

    Examples
    --------
    >>> import pandas as pd
    >>> from skgeo.preprocessing import local_solar_hour
    >>> round(local_solar_hour(pd.Timestamp("2024-06-01T20:00:00Z"), -120.0), 2)
    12.0
    >>> times = np.array(["2024-06-01T00:30", "2024-06-01T23:00"],
    ...                  dtype="datetime64[s]")
    >>> local_solar_hour(times, [30.0, 15.0])
    array([2.5, 0. ])
    """
    hours, _ = _hours_since_utc_midnight(time_utc)
    try:
        longitude = np.asarray(longitude, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"longitude must be numeric; got {longitude!r:.80}.") from exc
    bad = ~np.isfinite(longitude) | (longitude < -180.0) | (longitude > 360.0)
    if np.any(bad):
        raise ValueError(
            f"longitude must be finite and lie in [-180, 360] degrees; got "
            f"{longitude[bad].flat[0]:g}."
        )
    try:
        local = np.mod(hours + longitude / 15.0, 24.0)
    except ValueError as exc:
        raise ValueError(
            f"time_utc (shape {hours.shape}) and longitude (shape "
            f"{longitude.shape}) must broadcast to one shape."
        ) from exc
    # mod can return exactly 24.0 for tiny negative inputs through rounding.
    local = np.where(local >= 24.0, 0.0, local)
    return float(local) if local.ndim == 0 else local
