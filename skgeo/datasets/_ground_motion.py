"""Synthetic ground-motion records from the Boore & Atkinson (2008) model."""

import warnings
from numbers import Integral, Real

import numpy as np
import pandas as pd
from scipy.linalg import cholesky
from scipy.spatial.distance import cdist, pdist, squareform
from sklearn.utils import Bunch, check_random_state

from ..seismology._gmpe import (
    MECHANISMS,
    boore_atkinson_2008,
    boore_atkinson_2008_std,
)
from ..utils._validation import Interval, validate_params

__all__ = ["make_ground_motion"]

_FEATURE_NAMES = [
    "magnitude",
    "rjb",
    "vs30",
    "depth",
    "mechanism",
    "station_easting",
    "station_northing",
    "event_easting",
    "event_northing",
]
# Mechanisms an actual event can have; "unspecified" (code 0) is a modelling
# choice, not a property of an earthquake.
_EVENT_MECHANISMS = MECHANISMS[1:]
_DEFAULT_MECHANISM_PROBABILITIES = {"strike-slip": 0.5, "normal": 0.2, "reverse": 0.3}
_BA08_MAGNITUDE_RANGE = (5.0, 8.0)
_VS30_CLIP = (180.0, 1300.0)
# Jayaram & Baker (2009) range for PGA without Vs30 clustering, in km.
_JB09_PGA_RANGE = 8.5
# Relative diagonal jitter that keeps the correlation matrix of stations
# a few metres apart numerically positive definite.
_CHOLESKY_JITTER = 1e-8

_DESCR = """\
.. _ground_motion_dataset:

Synthetic ground-motion records (Boore & Atkinson 2008)
--------------------------------------------------------

**Data Set Characteristics:**

:Number of Instances: {n_records} records of {n_events} earthquakes at
    {n_stations} stations
:Number of Attributes: 9 numeric features and the target
:Attribute Information:
    - magnitude: moment magnitude Mw of the event
    - rjb: Joyner-Boore distance from the station to the rupture, km
    - vs30: time-averaged shear-wave velocity of the top 30 m at the
      station, m/s
    - depth: hypocentral depth, km (positive down; not used by BA08)
    - mechanism: style of faulting, 1 = strike-slip, 2 = normal,
      3 = reverse (the codes of skgeo.seismology.MECHANISMS)
    - station_easting, station_northing: station coordinates, km
    - event_easting, event_northing: epicentre coordinates, km
:Target: ln_pga, natural log of peak ground acceleration in g
:Grouping: groups = event id; station_id = station id

Each record is (event, station). Its target is

    ln PGA = mu(M, Rjb, Vs30, mechanism) + eta_e + eps_es

where mu is the Boore & Atkinson (2008) median ({site}), eta_e ~ N(0, tau^2)
is the between-event term shared by all records of event e
(tau = {tau:g}), and eps_es ~ N(0, phi^2) the within-event term
(phi = {phi:g}){correlation}. No model can predict eta_e for an
unseen event, so on held-out events the root-mean-square error of any
regressor is at least sigma = sqrt(tau^2 + phi^2) = {sigma:.3f}. Split by
event (sklearn.model_selection.GroupKFold with groups) to measure it;
a random split lets a flexible model learn each event's eta_e and
reports a misleadingly low error.

Magnitudes follow a Gutenberg-Richter law with b = {b_value:g}, truncated to
[{m_min:g}, {m_max:g}]. Epicentres and stations are uniform in a square of
{region_size:g} km; Rjb is the epicentral distance minus half the
Wells & Coppersmith (1994) subsurface rupture length
log10 L = -2.44 + 0.59 M, clipped at 0. Vs30 is lognormal (median
{vs30_median:g} m/s, ln standard deviation {vs30_log_std:g}) clipped to
[180, 1300] m/s. Only event-station pairs with Rjb <= {max_distance:g} km
are recorded; every event has at least one record.

.. rubric:: References

- Boore, D. M., and Atkinson, G. M. (2008). Ground-motion prediction
  equations for the average horizontal component of PGA, PGV, and
  5%-damped PSA at spectral periods between 0.01 s and 10.0 s.
  Earthquake Spectra, 24(1), 99-138.
- Wells, D. L., and Coppersmith, K. J. (1994). New empirical
  relationships among magnitude, rupture length, rupture width, rupture
  area, and surface displacement. Bulletin of the Seismological Society
  of America, 84(4), 974-1002.
- Jayaram, N., and Baker, J. W. (2009). Correlation model for spatially
  distributed ground-motion intensities. Earthquake Engineering and
  Structural Dynamics, 38(15), 1687-1708.
"""


def _check_range(name, value, low_bound, *, high_bound=None):
    """Validate a (low, high) pair of finite numbers with low < high."""
    try:
        low, high = (float(v) for v in value)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"{name} must be a (low, high) pair of numbers; got {value!r}."
        ) from exc
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(
            f"{name} must satisfy low < high with finite values; got {value!r}."
        )
    if low < low_bound or (high_bound is not None and high > high_bound):
        upper = "inf" if high_bound is None else f"{high_bound:g}"
        raise ValueError(
            f"{name} must lie within [{low_bound:g}, {upper}]; got {value!r}."
        )
    return low, high


def _mechanism_probabilities(value):
    """Probabilities of strike-slip, normal and reverse, validated."""
    if value is None:
        value = _DEFAULT_MECHANISM_PROBABILITIES
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(_EVENT_MECHANISMS))
        if unknown:
            raise ValueError(
                f"Unknown mechanism(s) {unknown} in mechanism_probabilities; the "
                f"keys must be among {list(_EVENT_MECHANISMS)}."
            )
        value = [value.get(name, 0.0) for name in _EVENT_MECHANISMS]
    probabilities = np.asarray(value, dtype=np.float64)
    if probabilities.shape != (3,):
        raise ValueError(
            "mechanism_probabilities must be a dict keyed by mechanism or 3 "
            f"probabilities for {list(_EVENT_MECHANISMS)}; got {value!r}."
        )
    if np.any(~np.isfinite(probabilities) | (probabilities < 0)) or not np.isclose(
        probabilities.sum(), 1.0
    ):
        raise ValueError(
            "mechanism_probabilities must be non-negative and sum to 1; got "
            f"{probabilities.tolist()} (sum {probabilities.sum():g})."
        )
    return probabilities


def _truncated_gutenberg_richter(rng, size, m_min, m_max, b_value):
    """Sample magnitudes of a Gutenberg-Richter law truncated to [m_min, m_max]."""
    beta = b_value * np.log(10.0)
    u = rng.uniform(size=size)
    return m_min - np.log1p(-u * -np.expm1(-beta * (m_max - m_min))) / beta


def _choose_records(rng, eligible, n_records):
    """Pick (event, station) pairs: one per event first, the rest uniformly."""
    n_events = eligible.shape[0]
    scores = np.where(eligible, rng.uniform(size=eligible.shape), -1.0)
    first_station = np.argmax(scores, axis=1)
    taken = np.zeros_like(eligible)
    taken[np.arange(n_events), first_station] = True
    remaining = np.flatnonzero(eligible & ~taken)
    extra = rng.choice(remaining, size=n_records - n_events, replace=False)
    events = np.concatenate([np.arange(n_events), extra // eligible.shape[1]])
    stations = np.concatenate([first_station, extra % eligible.shape[1]])
    order = rng.permutation(n_records)
    return events[order], stations[order]


def _within_event_noise(rng, phi, events, station_xy, correlation_range):
    """Within-event terms, spatially correlated per event when a range is given."""
    eps = rng.normal(0.0, phi, size=events.size)
    if correlation_range is None or phi == 0.0:
        return eps
    # Sort once so that each event's records are a contiguous slice.
    order = np.argsort(events, kind="stable")
    bounds = np.flatnonzero(np.diff(events[order])) + 1
    for rows in np.split(order, bounds):
        if rows.size < 2:
            continue
        distance = squareform(pdist(station_xy[rows]))
        correlation = np.exp(-3.0 * distance / correlation_range)
        correlation[np.diag_indices_from(correlation)] += _CHOLESKY_JITTER
        lower = cholesky(correlation, lower=True)
        eps[rows] = lower @ eps[rows]
    return eps


@validate_params(
    {
        "n_events": [Interval(Integral, 1, None, closed="left")],
        "n_records": [Interval(Integral, 1, None, closed="left")],
        "n_stations": [Interval(Integral, 1, None, closed="left")],
        "magnitude_range": ["array-like"],
        "b_value": [Interval(Real, 0, None, closed="neither")],
        "mechanism_probabilities": [dict, "array-like", None],
        "depth_range": ["array-like"],
        "region_size": [Interval(Real, 0, None, closed="neither")],
        "max_distance": [Interval(Real, 0, None, closed="neither")],
        "vs30_median": [Interval(Real, 0, None, closed="neither")],
        "vs30_log_std": [Interval(Real, 0, None, closed="left")],
        "nonlinear_site": ["boolean"],
        "tau": [Interval(Real, 0, None, closed="left"), None],
        "phi": [Interval(Real, 0, None, closed="left"), None],
        "spatial_correlation": ["boolean"],
        "correlation_range": [Interval(Real, 0, None, closed="neither"), None],
        "as_frame": ["boolean"],
        "return_X_y": ["boolean"],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_ground_motion(
    n_events: int = 100,
    n_records: int = 2000,
    *,
    n_stations: int = 300,
    magnitude_range: tuple[float, float] = (5.0, 7.5),
    b_value: float = 1.0,
    mechanism_probabilities: dict | None = None,
    depth_range: tuple[float, float] = (2.0, 20.0),
    region_size: float = 200.0,
    max_distance: float = 200.0,
    vs30_median: float = 400.0,
    vs30_log_std: float = 0.4,
    nonlinear_site: bool = False,
    tau: float | None = None,
    phi: float | None = None,
    spatial_correlation: bool = False,
    correlation_range: float | None = None,
    as_frame: bool = False,
    return_X_y: bool = False,
    random_state=None,
):
    """Generate synthetic earthquake ground-motion records (ln PGA).

    Builds a flat file like those behind published ground-motion models:
    earthquakes with Gutenberg-Richter magnitudes and known mechanisms,
    stations with Vs30 site conditions, and for every recorded
    (event, station) pair the peak ground acceleration predicted by Boore &
    Atkinson (2008) plus between-event and within-event scatter. Because
    the true model and the noise are known, it is a test bed for
    regressors and for leakage-free evaluation.

    Parameters
    ----------
    n_events : int, default=100
        Number of earthquakes.
    n_records : int, default=2000
        Number of records (event-station pairs), at least `n_events`.
    n_stations : int, default=300
        Number of stations.
    magnitude_range : tuple of (float, float), default=(5.0, 7.5)
        Smallest and largest moment magnitude. Must lie within [0, 10];
        a range outside BA08's calibration [5, 8] gives a warning.
    b_value : float, default=1.0
        Gutenberg-Richter b-value of the magnitudes.
    mechanism_probabilities : dict or array-like of shape (3,), default=None
        Probability of each mechanism, as a dict keyed by
        ``"strike-slip"``, ``"normal"``, ``"reverse"`` or as 3 numbers in
        that order. None uses 0.5 strike-slip, 0.2 normal and 0.3 reverse.
    depth_range : tuple of (float, float), default=(2.0, 20.0)
        Hypocentral depths are uniform in this range, km. Must lie within
        [0, 700].
    region_size : float, default=200.0
        Side of the square region holding epicentres and stations, km.
    max_distance : float, default=200.0
        Only pairs with Rjb up to this distance are recorded, km (BA08 is
        calibrated up to 200 km).
    vs30_median : float, default=400.0
        Median Vs30 of the stations, m/s.
    vs30_log_std : float, default=0.4
        Standard deviation of ln Vs30; Vs30 is clipped to [180, 1300] m/s.
    nonlinear_site : bool, default=False
        Include the nonlinear site term of BA08 in the median.
    tau : float, default=None
        Between-event standard deviation (ln units). None uses BA08's PGA
        value for a specified mechanism, 0.260.
    phi : float, default=None
        Within-event standard deviation (ln units). None uses BA08's PGA
        value, 0.502.
    spatial_correlation : bool, default=False
        Correlate the within-event terms of nearby stations with the
        Jayaram & Baker (2009) exponential model.
    correlation_range : float, default=None
        Range b of the correlation model, km; the correlation falls to
        exp(-3) = 5 % at distance b. None uses 8.5 km, the Jayaram & Baker
        value for PGA. Only allowed with ``spatial_correlation=True``.
    as_frame : bool, default=False
        Return `data` as a DataFrame (mechanism as a categorical of names)
        and `target` as a Series, and fill `frame`.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of the Bunch. The event ids, which
        grouped cross-validation needs, are only in the Bunch.
    random_state : int, RandomState instance or None, default=None
        Seed or generator for reproducible output.

    Returns
    -------
    dataset : :class:`~sklearn.utils.Bunch`
        With the fields:

        data : ndarray of shape (n_records, 9) or DataFrame
            Features ``magnitude, rjb, vs30, depth, mechanism,
            station_easting, station_northing, event_easting,
            event_northing``. Mechanism codes are 1 = strike-slip,
            2 = normal, 3 = reverse (:data:`~skgeo.seismology.MECHANISMS`);
            coordinates are in km.
        target : ndarray of shape (n_records,) or Series
            ln PGA in ln(g).
        feature_names : list of str
            Names of the 9 features.
        target_names : list of str
            ``["ln_pga"]``.
        frame : DataFrame or None
            `data` and `target` together when `as_frame` is True.
        groups : ndarray of shape (n_records,)
            Event id of each record, for grouped cross-validation.
        station_id : ndarray of shape (n_records,)
            Station id of each record.
        median : ndarray of shape (n_records,)
            Noise-free BA08 median ln PGA.
        event_term : ndarray of shape (n_records,)
            The between-event term of each record's event.
        within_event_residual : ndarray of shape (n_records,)
            The within-event term of each record.
        tau, phi : float
            The standard deviations used.
        DESCR : str
            Description of the data set.

    (data, target) : tuple
        When `return_X_y` is True.

    Raises
    ------
    ValueError
        If a parameter is out of range, `n_records` is smaller than
        `n_events` or larger than the number of event-station pairs within
        `max_distance`, an event has no station within `max_distance`, or
        `correlation_range` is given without ``spatial_correlation=True``.

    Warns
    -----
    UserWarning
        If `magnitude_range` leaves BA08's calibrated range [5, 8].

    See Also
    --------
    skgeo.seismology.boore_atkinson_2008 : The median model.
    skgeo.seismology.event_terms : Recover tau and phi from residuals.
    sklearn.model_selection.GroupKFold : Split the records by event.

    Notes
    -----
    A record's target is

    .. math::

        \\ln \\mathrm{PGA}_{es} = \\mu(M_e, R_{JB,es}, V_{S30,s}, F_e)
        + \\eta_e + \\epsilon_{es},

    with :math:`\\eta_e \\sim N(0, \\tau^2)` and
    :math:`\\epsilon_{es} \\sim N(0, \\phi^2)`. Magnitudes follow the
    truncated Gutenberg-Richter law
    :math:`M = M_{min} - \\ln(1 - U (1 - e^{-\\beta (M_{max} - M_{min})}))
    / \\beta`, :math:`\\beta = b \\ln 10`. The Joyner-Boore distance
    approximates the rupture as a segment centred on the epicentre:
    :math:`R_{JB} = \\max(0, R_{epi} - L/2)` with the Wells & Coppersmith
    (1994) length :math:`\\log_{10} L = -2.44 + 0.59 M` km. With spatial
    correlation, the within-event terms of one event have covariance
    :math:`\\phi^2 \\exp(-3 h / b)` for stations :math:`h` km apart
    (Jayaram & Baker 2009), drawn through a Cholesky factor per event.

    Coordinates are easting and northing in **km** (not metres, unlike the
    general skgeo convention) so that they share units with `rjb`. The
    records come in random order. Depth does not enter BA08: a model that
    learns to ignore it is right.

    References
    ----------
    .. [1] Boore, D. M., and Atkinson, G. M. (2008). Earthquake Spectra,
       24(1), 99-138. https://doi.org/10.1193/1.2830434
    .. [2] Wells, D. L., and Coppersmith, K. J. (1994). Bulletin of the
       Seismological Society of America, 84(4), 974-1002.
    .. [3] Jayaram, N., and Baker, J. W. (2009). Earthquake Engineering and
       Structural Dynamics, 38(15), 1687-1708.

    Examples
    --------
    >>> from skgeo.datasets import make_ground_motion
    >>> gm = make_ground_motion(n_events=20, n_records=300, random_state=0)
    >>> gm.data.shape, gm.target.shape, np.unique(gm.groups).size
    ((300, 9), (300,), 20)
    >>> gm.feature_names[:5]
    ['magnitude', 'rjb', 'vs30', 'depth', 'mechanism']

    Evaluate by event, never by record:

    >>> from sklearn.model_selection import GroupKFold, cross_val_score
    >>> from sklearn.linear_model import LinearRegression
    >>> scores = cross_val_score(LinearRegression(), gm.data[:, :5], gm.target,
    ...                          groups=gm.groups, cv=GroupKFold(n_splits=5))
    >>> scores.shape
    (5,)
    """
    m_min, m_max = _check_range("magnitude_range", magnitude_range, 0.0, high_bound=10)
    if m_min < _BA08_MAGNITUDE_RANGE[0] or m_max > _BA08_MAGNITUDE_RANGE[1]:
        warnings.warn(
            f"magnitude_range {(m_min, m_max)} leaves the range [5, 8] for which "
            "Boore & Atkinson (2008) is calibrated; the medians there are "
            "extrapolations.",
            UserWarning,
            stacklevel=2,
        )
    depth_min, depth_max = _check_range("depth_range", depth_range, 0.0, high_bound=700)
    probabilities = _mechanism_probabilities(mechanism_probabilities)
    if n_records < n_events:
        raise ValueError(
            f"n_records ({n_records}) cannot be smaller than n_events ({n_events}): "
            "every event needs at least one record. Increase n_records or decrease "
            "n_events."
        )
    if correlation_range is not None and not spatial_correlation:
        raise ValueError(
            f"correlation_range={correlation_range} has no effect without "
            "spatial_correlation=True. Set spatial_correlation=True or drop "
            "correlation_range."
        )
    default_std = boore_atkinson_2008_std("PGA", "specified")
    tau = default_std.tau if tau is None else float(tau)
    phi = default_std.phi if phi is None else float(phi)
    if spatial_correlation and correlation_range is None:
        correlation_range = _JB09_PGA_RANGE
    rng = check_random_state(random_state)

    magnitude = _truncated_gutenberg_richter(rng, n_events, m_min, m_max, b_value)
    mechanism = 1 + rng.choice(3, size=n_events, p=probabilities)
    depth = rng.uniform(depth_min, depth_max, size=n_events)
    event_xy = rng.uniform(0.0, region_size, size=(n_events, 2))
    station_xy = rng.uniform(0.0, region_size, size=(n_stations, 2))
    vs30 = np.clip(
        vs30_median * np.exp(vs30_log_std * rng.normal(size=n_stations)), *_VS30_CLIP
    )

    half_length = 0.5 * 10.0 ** (-2.44 + 0.59 * magnitude)
    rjb_all = np.maximum(cdist(event_xy, station_xy) - half_length[:, None], 0.0)
    eligible = rjb_all <= max_distance
    lonely = np.flatnonzero(~eligible.any(axis=1))
    if lonely.size:
        raise ValueError(
            f"{lonely.size} event(s) have no station within max_distance="
            f"{max_distance:g} km. Increase max_distance or n_stations, or shrink "
            "region_size."
        )
    n_pairs = int(eligible.sum())
    if n_records > n_pairs:
        raise ValueError(
            f"n_records ({n_records}) exceeds the {n_pairs} event-station pairs "
            f"within max_distance={max_distance:g} km. Increase n_stations or "
            "max_distance, or decrease n_records."
        )
    events, stations = _choose_records(rng, eligible, n_records)

    rjb = rjb_all[events, stations]
    median = boore_atkinson_2008(
        magnitude[events],
        rjb,
        vs30[stations],
        mechanism[events],
        imt="PGA",
        nonlinear_site=nonlinear_site,
    )
    eta = rng.normal(0.0, tau, size=n_events)
    eps = _within_event_noise(rng, phi, events, station_xy[stations], correlation_range)
    target = median + eta[events] + eps

    data = np.column_stack(
        [
            magnitude[events],
            rjb,
            vs30[stations],
            depth[events],
            mechanism[events].astype(np.float64),
            station_xy[stations],
            event_xy[events],
        ]
    )
    frame = None
    if as_frame:
        frame = pd.DataFrame(data, columns=_FEATURE_NAMES)
        frame["mechanism"] = pd.Categorical.from_codes(
            mechanism[events] - 1, categories=list(_EVENT_MECHANISMS)
        )
        frame["ln_pga"] = target
        data, target = frame[_FEATURE_NAMES], frame["ln_pga"]
    if return_X_y:
        return data, target

    correlation = (
        ", spatially correlated with rho(h) = exp(-3 h / "
        f"{correlation_range:g} km) (Jayaram & Baker 2009)"
        if spatial_correlation
        else ", independent between records"
    )
    descr = _DESCR.format(
        n_records=n_records,
        n_events=n_events,
        n_stations=n_stations,
        site="with nonlinear site term" if nonlinear_site else "linear site term",
        tau=tau,
        phi=phi,
        sigma=np.hypot(tau, phi),
        correlation=correlation,
        b_value=b_value,
        m_min=m_min,
        m_max=m_max,
        region_size=region_size,
        vs30_median=vs30_median,
        vs30_log_std=vs30_log_std,
        max_distance=max_distance,
    )
    return Bunch(
        data=data,
        target=target,
        feature_names=list(_FEATURE_NAMES),
        target_names=["ln_pga"],
        frame=frame,
        groups=events,
        station_id=stations,
        median=median,
        event_term=eta[events],
        within_event_residual=eps,
        tau=tau,
        phi=phi,
        DESCR=descr,
    )
