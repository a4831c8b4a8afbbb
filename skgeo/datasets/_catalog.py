"""Synthetic earthquake catalogs: ETAS seismicity plus quarry blasts."""

import datetime
from numbers import Integral, Real

import numpy as np
import pandas as pd
from scipy.stats import truncnorm
from sklearn.utils import check_random_state

from ..utils._validation import Interval, validate_params
from ._comcat import _comcat_frame

__all__ = ["make_earthquake_catalog"]

_KM_PER_DEGREE = 111.195
_NETWORK = "xx"
# Events are simulated in an unbounded plane; this caps runaway cascades
# (e.g. a huge mainshock with a branching ratio close to 1).
_MAX_EVENTS = 2_000_000
# Earthquake depths: normal around 8 km, truncated to the seismogenic crust.
_DEPTH_MEAN, _DEPTH_STD, _DEPTH_LIMITS = 8.0, 4.0, (0.5, 25.0)
_AFTERSHOCK_DEPTH_STD = 1.5
# Quarry blasts: local working hours, small magnitudes, at or above datum.
_BLAST_HOUR_MEAN, _BLAST_HOUR_STD, _BLAST_HOURS = 12.5, 2.0, (8.0, 17.0)
_BLAST_B_VALUE = 2.5
_BLAST_JITTER_KM = 0.3
_MAGNITUDE_DECIMALS = 2
_TOWNS = (
    "Alder Springs", "Basalt Flat", "Cinder Gap", "Dry Fork", "Ember Ridge",
    "Fault Creek", "Granite Wells", "Horst Valley",
)  # fmt: skip
_COMPASS = np.array(
    "N NNE NE ENE E ESE SE SSE S SSW SW WSW W WNW NW NNW".split(), dtype=object
)


def _check_region(region):
    """Validate (lon_min, lon_max, lat_min, lat_max) in degrees."""
    try:
        lon_min, lon_max, lat_min, lat_max = (float(v) for v in region)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            "region must be (lon_min, lon_max, lat_min, lat_max) in degrees; got "
            f"{region!r}."
        ) from exc
    if not (
        -180.0 <= lon_min < lon_max <= 360.0 and -90.0 <= lat_min < lat_max <= 90.0
    ):
        raise ValueError(
            "region must satisfy -180 <= lon_min < lon_max <= 360 and "
            f"-90 <= lat_min < lat_max <= 90 degrees; got {tuple(region)!r}."
        )
    return lon_min, lon_max, lat_min, lat_max


def _gutenberg_richter(rng, size, m_min, m_max, beta):
    """Magnitudes of a Gutenberg-Richter law truncated to [m_min, m_max]."""
    u = rng.uniform(size=size)
    return m_min - np.log1p(-u * -np.expm1(-beta * (m_max - m_min))) / beta


def _productivity_constant(branching_ratio, alpha, beta, m_low, m_max, mc):
    """A such that the mean number of direct children per event is n.

    For untruncated magnitudes E[exp(alpha (m - mc))] = beta / (beta - alpha),
    so n = A beta / (beta - alpha); truncation at m_max multiplies that
    expectation by (1 - exp(-(beta - alpha) dm)) / (1 - exp(-beta dm)).
    """
    dm = m_max - m_low
    mean_kernel = (
        np.exp(alpha * (m_low - mc))
        * beta
        / (beta - alpha)
        * -np.expm1(-(beta - alpha) * dm)
        / -np.expm1(-beta * dm)
    )
    return branching_ratio / mean_kernel


def _simulate_etas(rng, p):
    """Run the ETAS branching process; return a dict of event arrays."""
    n_background = rng.poisson(p["background_rate"] * p["duration"])
    t = rng.uniform(0.0, p["duration"], n_background)
    east = rng.uniform(0.0, p["width_km"], n_background)
    north = rng.uniform(0.0, p["height_km"], n_background)
    magnitude = _gutenberg_richter(
        rng, n_background, p["m_low"], p["max_magnitude"], p["beta"]
    )
    depth = truncnorm.rvs(
        (_DEPTH_LIMITS[0] - _DEPTH_MEAN) / _DEPTH_STD,
        (_DEPTH_LIMITS[1] - _DEPTH_MEAN) / _DEPTH_STD,
        loc=_DEPTH_MEAN,
        scale=_DEPTH_STD,
        size=n_background,
        random_state=rng,
    )
    if p["mainshock"] is not None:
        t = np.append(t, p["mainshock"][0])
        magnitude = np.append(magnitude, p["mainshock"][1])
        east = np.append(east, 0.5 * p["width_km"])
        north = np.append(north, 0.5 * p["height_km"])
        depth = np.append(depth, 10.0)
    parent = np.full(t.size, -1)
    generation = np.zeros(t.size, dtype=np.int64)

    level = 0
    current = np.arange(t.size)
    while current.size:
        level += 1
        n_children = rng.poisson(
            p["productivity"] * np.exp(p["alpha"] * (magnitude[current] - p["mc"]))
        )
        mother = np.repeat(current, n_children)
        # Omori-Utsu delays by inverse CDF of the normalised kernel
        # f(dt) = (p - 1) c^(p - 1) (dt + c)^(-p).
        u = rng.uniform(size=mother.size)
        delay = p["omori_c"] * ((1.0 - u) ** (-1.0 / (p["omori_p"] - 1.0)) - 1.0)
        child_t = t[mother] + delay
        inside = child_t < p["duration"]
        mother, child_t = mother[inside], child_t[inside]
        n_new = mother.size
        if t.size + n_new > _MAX_EVENTS:
            raise ValueError(
                f"The simulation exceeded {_MAX_EVENTS} events. Lower "
                "branching_ratio, alpha, duration_days or the mainshock magnitude."
            )
        child_m = _gutenberg_richter(
            rng, n_new, p["m_low"], p["max_magnitude"], p["beta"]
        )
        # Spatial kernel: r = sqrt(d_m [(1 - U)^(-1/rho) - 1]), whose scale
        # d_m = d exp(gamma (m - mc)) grows with the mother's magnitude.
        d_m = p["spatial_d"] * np.exp(
            p["spatial_gamma"] * (magnitude[mother] - p["mc"])
        )
        u = rng.uniform(size=n_new)
        r = np.sqrt(d_m * ((1.0 - u) ** (-1.0 / p["spatial_rho"]) - 1.0))
        azimuth = rng.uniform(0.0, 2.0 * np.pi, n_new)
        child_east = east[mother] + r * np.sin(azimuth)
        child_north = north[mother] + r * np.cos(azimuth)
        child_depth = np.clip(
            depth[mother] + rng.normal(0.0, _AFTERSHOCK_DEPTH_STD, n_new),
            *_DEPTH_LIMITS,
        )
        first_new = t.size
        t = np.concatenate([t, child_t])
        magnitude = np.concatenate([magnitude, child_m])
        east = np.concatenate([east, child_east])
        north = np.concatenate([north, child_north])
        depth = np.concatenate([depth, child_depth])
        parent = np.concatenate([parent, mother])
        generation = np.concatenate([generation, np.full(n_new, level)])
        current = np.arange(first_new, t.size)
    return {
        "t": t,
        "magnitude": magnitude,
        "east": east,
        "north": north,
        "depth": depth,
        "parent": parent,
        "generation": generation,
    }


def _simulate_blasts(rng, p, quarry_east, quarry_north, quarry_lon):
    """Quarry blasts on local weekdays in working hours; dict of event arrays."""
    n_quarries = quarry_east.size
    # Mean local solar time runs lon / 15 hours ahead of UTC.
    offset_days = quarry_lon / 360.0
    start_days = p["start"].value / 86_400e9
    first_day = np.floor(start_days + offset_days).astype(np.int64)
    n_days = int(np.ceil(p["duration"])) + 2
    local_day = first_day[:, None] + np.arange(n_days)[None, :]
    # Day 0 of the Unix epoch (1970-01-01) was a Thursday (Monday = 0).
    working = (local_day + 3) % 7 < 5
    counts = rng.poisson(p["blasts_per_day"], size=local_day.shape) * working
    quarry = np.repeat(np.repeat(np.arange(n_quarries), n_days), counts.ravel())
    day = np.repeat(local_day.ravel(), counts.ravel())
    hour = truncnorm.rvs(
        (_BLAST_HOURS[0] - _BLAST_HOUR_MEAN) / _BLAST_HOUR_STD,
        (_BLAST_HOURS[1] - _BLAST_HOUR_MEAN) / _BLAST_HOUR_STD,
        loc=_BLAST_HOUR_MEAN,
        scale=_BLAST_HOUR_STD,
        size=day.size,
        random_state=rng,
    )
    t = day + hour / 24.0 - offset_days[quarry] - start_days
    keep = (t >= 0.0) & (t < p["duration"])
    quarry, t = quarry[keep], t[keep]
    n_blasts = t.size
    return {
        "t": t,
        "magnitude": _gutenberg_richter(
            rng,
            n_blasts,
            p["m_low"],
            p["max_magnitude"],
            _BLAST_B_VALUE * np.log(10.0),
        ),
        "east": quarry_east[quarry] + rng.normal(0.0, _BLAST_JITTER_KM, n_blasts),
        "north": quarry_north[quarry] + rng.normal(0.0, _BLAST_JITTER_KM, n_blasts),
        "depth": np.clip(rng.normal(-0.3, 0.4, n_blasts), -1.5, 1.0),
    }


def _lognormal(rng, median, sigma, size, decimals):
    """Rounded lognormal values, for the location-quality columns."""
    return np.round(median * np.exp(sigma * rng.normal(size=size)), decimals)


def _place_names(rng, east, north, width_km, height_km):
    """'12 km NNE of Town, Synthetica' relative to the nearest fictional town."""
    towns_east = rng.uniform(0.1, 0.9, len(_TOWNS)) * width_km
    towns_north = rng.uniform(0.1, 0.9, len(_TOWNS)) * height_km
    d_east = east[:, None] - towns_east[None, :]
    d_north = north[:, None] - towns_north[None, :]
    nearest = np.argmin(np.hypot(d_east, d_north), axis=1)
    rows = np.arange(east.size)
    d_east, d_north = d_east[rows, nearest], d_north[rows, nearest]
    distance = np.maximum(np.round(np.hypot(d_east, d_north)), 1).astype(np.int64)
    bearing = np.degrees(np.arctan2(d_east, d_north)) % 360.0
    direction = _COMPASS[np.round(bearing / 22.5).astype(np.int64) % 16]
    town = np.asarray(_TOWNS, dtype=object)[nearest]
    return (
        pd.Series(distance).astype(str).to_numpy(dtype=object)
        + " km "
        + direction
        + " of "
        + town
        + ", Synthetica"
    )


def _catalog_columns(rng, events, is_blast, p):
    """All 22 ComCat columns of the sorted events, with plausible metadata."""
    n = events["t"].size
    magnitude = events["magnitude"]
    nst = np.minimum(5 + rng.poisson(10.0 * np.exp(0.8 * (magnitude - p["mc"]))), 400)
    mag_type = np.where(
        magnitude < 3.5, "ml", np.where(magnitude < 5.0, "mw", "mww")
    ).astype(object)
    mag_type[is_blast] = "ml"
    recent = events["t"] > p["duration"] - 2.0
    delay_days = np.where(
        recent,
        rng.uniform(2.0, 20.0, n) / 1440.0,
        0.5 * np.exp(rng.normal(size=n)) + 10.0 / 1440.0,
    )
    depth_error = np.where(
        is_blast,
        _lognormal(rng, 5.0, 0.8, n, 2),
        _lognormal(rng, 0.6, 0.5, n, 2),
    )
    ids = _NETWORK + pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(8)
    return {
        "time": _to_utc(p["start"], events["t"]),
        "latitude": np.round(events["lat"], 4),
        "longitude": np.round(events["lon"], 4),
        "depth": np.round(events["depth"], 2),
        "mag": np.maximum(np.round(magnitude, _MAGNITUDE_DECIMALS), p["mc"]),
        "magType": mag_type,
        "nst": nst.astype(np.float64),
        "gap": np.clip(
            np.round(300.0 / np.sqrt(nst) * np.exp(0.3 * rng.normal(size=n))),
            15,
            359,
        ),
        "dmin": _lognormal(rng, 0.05, 0.7, n, 5),
        "rms": _lognormal(rng, 0.15, 0.35, n, 2),
        "net": np.full(n, _NETWORK, dtype=object),
        "id": ids.to_numpy(dtype=object),
        "updated": _to_utc(p["start"], events["t"] + delay_days),
        "place": _place_names(
            rng, events["east"], events["north"], p["width_km"], p["height_km"]
        ),
        "type": np.where(is_blast, "quarry blast", "earthquake").astype(object),
        "horizontalError": _lognormal(rng, 0.3, 0.5, n, 2),
        "depthError": depth_error,
        "magError": _lognormal(rng, 0.15, 0.4, n, 3),
        "magNst": rng.binomial(nst, 0.7).astype(np.float64),
        "status": np.where(recent, "automatic", "reviewed").astype(object),
        "locationSource": np.full(n, _NETWORK, dtype=object),
        "magSource": np.full(n, _NETWORK, dtype=object),
    }


def _to_utc(start, days):
    """UTC timestamps ``start + days``, rounded to the millisecond like ComCat."""
    milliseconds = np.round(np.asarray(days) * 86_400_000.0)
    # Checked in float before the int64 cast, which would wrap around silently.
    last = start.value + float(milliseconds.max(initial=0.0)) * 1e6
    if last > pd.Timestamp.max.value:
        raise ValueError(
            f"An event time passes {pd.Timestamp.max}, the last time pandas can "
            "hold in nanoseconds. Use an earlier start_time or a shorter "
            "duration_days."
        )
    return pd.to_datetime(
        start.value + milliseconds.astype(np.int64) * 1_000_000, utc=True
    )


# ``updated`` lags ``time`` by a lognormal delay of median half a day; a year
# of margin covers it with probability 1 - 2e-11.
_UPDATE_MARGIN_DAYS = 366.0


def _check_time_span(start_time, duration_days: float) -> pd.Timestamp:
    """``start_time`` as a UTC Timestamp whose catalog fits pandas' ns range."""
    try:
        start = pd.Timestamp(start_time)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError(
            f"start_time must be an ISO-8601 time; got {start_time!r}."
        ) from exc
    if pd.isna(start):
        raise ValueError(f"start_time must be a time; got {start_time!r}.")
    start = (
        start.tz_localize("UTC") if start.tzinfo is None else start.tz_convert("UTC")
    )
    # Compared at second resolution, which spans far beyond the ns range.
    start_s = start.as_unit("s")
    first = pd.Timestamp.min.tz_localize("UTC").ceil("s").as_unit("s")
    last = pd.Timestamp.max.tz_localize("UTC").floor("s").as_unit("s")
    days_left = (last - start_s).total_seconds() / 86_400.0
    if start_s < first or days_left < duration_days + _UPDATE_MARGIN_DAYS:
        raise ValueError(
            f"start_time {start_time!r} with duration_days={duration_days} gives "
            f"event times outside {first.date()} .. {last.date()}, the range "
            "pandas can hold in nanoseconds (the last event's 'updated' time may "
            f"lag it by up to {_UPDATE_MARGIN_DAYS:g} days). Use a start_time in "
            "that range and a duration_days that ends before it."
        )
    return start.as_unit("ns")


@validate_params(
    {
        "duration_days": [Interval(Real, 0, None, closed="neither")],
        "mc": [Interval(Real, -3, 10, closed="both")],
        "b_value": [Interval(Real, 0, None, closed="neither")],
        "max_magnitude": [Interval(Real, None, 10, closed="right")],
        "background_rate": [Interval(Real, 0, None, closed="left")],
        "branching_ratio": [Interval(Real, 0, None, closed="left")],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "omori_c": [Interval(Real, 0, None, closed="neither")],
        "omori_p": [Interval(Real, 1, None, closed="neither")],
        "spatial_d": [Interval(Real, 0, None, closed="neither")],
        "spatial_gamma": [Interval(Real, 0, None, closed="left")],
        "spatial_rho": [Interval(Real, 0, None, closed="neither")],
        "region": ["array-like"],
        "mainshock": ["array-like", None],
        "n_quarries": [Interval(Integral, 0, None, closed="left")],
        "blasts_per_day": [Interval(Real, 0, None, closed="left")],
        "start_time": [str, datetime.datetime, np.datetime64],
        "return_branching": ["boolean"],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_earthquake_catalog(
    duration_days: float = 365.0,
    *,
    mc: float = 2.0,
    b_value: float = 1.0,
    max_magnitude: float = 8.0,
    background_rate: float = 1.0,
    branching_ratio: float = 0.8,
    alpha: float = 1.7,
    omori_c: float = 0.01,
    omori_p: float = 1.1,
    spatial_d: float = 0.45,
    spatial_gamma: float = 1.22,
    spatial_rho: float = 0.51,
    region: tuple[float, float, float, float] = (-119.0, -116.0, 33.0, 36.0),
    mainshock: tuple[float, float] | None = None,
    n_quarries: int = 3,
    blasts_per_day: float = 0.3,
    start_time: str | datetime.datetime | np.datetime64 = "2024-01-01T00:00:00Z",
    return_branching: bool = False,
    random_state=None,
):
    """Generate a synthetic earthquake catalog in USGS ComCat format.

    Simulates seismicity with the epidemic-type aftershock sequence (ETAS)
    model -- Poisson background earthquakes, each of which triggers
    aftershocks that trigger their own -- and adds quarry blasts at a few
    fixed sites during local working hours. The result has the columns and
    types of :func:`read_comcat_csv`, so code written for the synthetic
    catalog runs unchanged on real ComCat downloads.

    Parameters
    ----------
    duration_days : float, default=365.0
        Length of the catalog, days.
    mc : float, default=2.0
        Magnitude of completeness: the smallest magnitude in the catalog.
    b_value : float, default=1.0
        Gutenberg-Richter b-value of the earthquakes.
    max_magnitude : float, default=8.0
        Largest possible earthquake magnitude (truncation of the
        Gutenberg-Richter law); must exceed `mc` by at least 0.5.
    background_rate : float, default=1.0
        Rate of background (untriggered) earthquakes of magnitude >= `mc`
        in the region, per day.
    branching_ratio : float, default=0.8
        Mean number of direct aftershocks per earthquake, averaged over
        the magnitude distribution; must be below 1 (with 1 or more the
        cascade never dies out). The long-run total rate is
        ``background_rate / (1 - branching_ratio)``; a catalog of a year
        holds fewer events because the Omori tail is heavy and aftershocks
        after its end are not simulated.
    alpha : float, default=1.7
        Productivity exponent (natural-log units): an event of magnitude m
        has on average ``A * exp(alpha * (m - mc))`` direct aftershocks.
        Must be below ``b_value * ln(10)``.
    omori_c : float, default=0.01
        Omori-Utsu c, days.
    omori_p : float, default=1.1
        Omori-Utsu p; must exceed 1.
    spatial_d : float, default=0.45
        Spatial kernel scale d for an event of magnitude `mc`, km^2.
    spatial_gamma : float, default=1.22
        Growth of the kernel scale with the parent's magnitude.
    spatial_rho : float, default=0.51
        Decay exponent of the spatial kernel.
    region : tuple of 4 floats, default=(-119.0, -116.0, 33.0, 36.0)
        ``(lon_min, lon_max, lat_min, lat_max)`` in degrees. Background
        events are uniform in it; events outside it are dropped.
    mainshock : tuple of (float, float), default=None
        ``(time_days, magnitude)`` of an extra background event at the
        centre of the region at 10 km depth, to produce a large aftershock
        sequence.
    n_quarries : int, default=3
        Number of quarries, placed uniformly in the region.
    blasts_per_day : float, default=0.3
        Mean number of blasts per quarry per working day (Monday to Friday
        in local solar time).
    start_time : str, datetime or numpy.datetime64, default="2024-01-01T00:00:00Z"
        Start of the catalog (an ISO-8601 string, a ``datetime`` or
        ``pandas.Timestamp``, or a ``numpy.datetime64``); naive times are
        taken as UTC.
    return_branching : bool, default=False
        Also return the ETAS family tree.
    random_state : int, RandomState instance or None, default=None
        Seed or generator for reproducible output.

    Returns
    -------
    catalog : pandas.DataFrame
        The 22 ComCat columns in the FDSN order with the dtypes of
        :func:`read_comcat_csv`, one row per event, sorted by time.
    branching : pandas.DataFrame
        Only when `return_branching` is True; indexed like `catalog`, with
        ``parent_id`` (id of the triggering event, missing for background
        events, blasts and parents outside the region) and ``generation``
        (0 for background events and blasts, k for k-th generation
        aftershocks).

    Raises
    ------
    ValueError
        If a parameter is out of range, `branching_ratio` >= 1, `alpha` >=
        ``b_value * ln(10)``, `max_magnitude` < `mc` + 0.5, the region or
        mainshock are invalid, `start_time` cannot be parsed, or the
        cascade exceeds two million events.

    See Also
    --------
    read_comcat_csv : Read a real catalog in the same format.
    skgeo.seismology.b_value : Estimate the b-value.
    skgeo.preprocessing.local_solar_hour : The local hour of each event.

    Notes
    -----
    **Earthquakes** follow the ETAS model (Ogata 1988) simulated as a
    branching process. Background events form a Poisson process of rate
    :math:`\\mu` uniform in the region, with depths from a normal
    distribution (8 +- 4 km) truncated to [0.5, 25] km. Every event of
    magnitude :math:`m` has :math:`\\mathrm{Poisson}(k(m))` direct
    aftershocks with

    .. math::

        k(m) = A e^{\\alpha (m - M_c)}, \\qquad
        n = A \\, \\mathrm{E}[e^{\\alpha (m - M_c)}] =
        A \\frac{\\beta}{\\beta - \\alpha} \\;\\; (\\text{untruncated}),

    where :math:`\\beta = b \\ln 10` and :math:`A` is solved from the
    requested branching ratio :math:`n` (for the magnitude distribution
    truncated at `max_magnitude`). Aftershock delays follow the normalised
    Omori-Utsu law :math:`f(t) = (p-1) c^{p-1} (t + c)^{-p}`, sampled as
    :math:`t = c[(1-U)^{-1/(p-1)} - 1]`; epicentral offsets have
    uniform azimuth and distance :math:`r = \\sqrt{d_m[(1-U)^{-1/\\rho} -
    1]}` with :math:`d_m = d e^{\\gamma (m - M_c)}`; depths are the
    parent's plus N(0, 1.5 km). Aftershocks after the catalog end are
    dropped (with their offspring), as are events outside the region. All
    magnitudes follow the Gutenberg-Richter law above
    :math:`M_c - 0.005` and are rounded to 0.01, so
    ``b_value(catalog.mag, mc, bin_width=0.01)`` is unbiased.

    **Quarry blasts** (type ``"quarry blast"``) happen at fixed sites on
    local weekdays, at a local solar hour drawn from a normal distribution
    (12.5 +- 2 h) truncated to 08-17 h; they are shallow (depth
    -0.3 +- 0.4 km, clipped to [-1.5, 1], negative above the datum), have
    large depth errors and small magnitudes (b = 2.5 above `mc`). Local
    solar time is UTC plus longitude / 15 hours.

    **Metadata** is plausible rather than physical: ``nst`` grows with
    magnitude, ``gap`` shrinks with ``nst``, ``dmin``, ``rms`` and the error
    columns are lognormal; ``magType`` is ml below 3.5, mw below 5, mww
    above; ``net``, ``locationSource`` and ``magSource`` are ``"xx"`` (the
    FDSN code for temporary or test networks); ids are ``xx`` plus an
    8-digit sequence number in time order; ``place`` names the nearest of
    eight fictional towns; events in the last two days are
    ``"automatic"``, the others ``"reviewed"``. Coordinates are converted
    from km with an equirectangular projection about the region centre.
    The catalog has no missing values, unlike real ComCat files.

    The default ETAS parameters follow the California configuration of
    the ``etas`` package (Mizrahi et al. 2021): :math:`\\alpha` = 1.69,
    :math:`\\log_{10} c = -2.95` days, :math:`d` = 0.45 km^2,
    :math:`\\gamma` = 1.22, :math:`\\rho` = 0.51, with p = 1.1.

    References
    ----------
    .. [1] Ogata, Y. (1988). Statistical models for earthquake occurrences
       and residual analysis for point processes. Journal of the American
       Statistical Association, 83(401), 9-27.
    .. [2] Utsu, T., Ogata, Y., and Matsu'ura, R. S. (1995). The centenary
       of the Omori formula for a decay law of aftershock activity. Journal
       of Physics of the Earth, 43(1), 1-33.
    .. [3] Mizrahi, L., Nandan, S., and Wiemer, S. (2021). The effect of
       declustering on the size distribution of mainshocks. Seismological
       Research Letters, 92(4), 2333-2342.
    .. [4] Wiemer, S., and Baer, M. (2000). Mapping and removing quarry
       blast events from seismicity catalogs. Bulletin of the Seismological
       Society of America, 90(2), 525-530.

    Examples
    --------
    >>> from skgeo.datasets import make_earthquake_catalog
    >>> catalog = make_earthquake_catalog(90.0, random_state=0)
    >>> catalog.columns[:6].tolist()
    ['time', 'latitude', 'longitude', 'depth', 'mag', 'magType']
    >>> sorted(catalog["type"].unique().tolist())
    ['earthquake', 'quarry blast']
    >>> bool(catalog["time"].is_monotonic_increasing)
    True

    An aftershock sequence and its family tree:

    >>> catalog, branching = make_earthquake_catalog(
    ...     30.0, background_rate=0.2, n_quarries=0, mainshock=(1.0, 6.5),
    ...     return_branching=True, random_state=0)
    >>> mainshock_id = catalog.loc[catalog["mag"].idxmax(), "id"]
    >>> direct = (branching["parent_id"] == mainshock_id).sum()
    >>> bool(direct > 100)
    True
    """
    lon_min, lon_max, lat_min, lat_max = _check_region(region)
    beta = b_value * np.log(10.0)
    if branching_ratio >= 1.0:
        raise ValueError(
            f"branching_ratio must be below 1; got {branching_ratio}. With 1 or "
            "more direct aftershocks per event on average the cascade never dies "
            "out. Typical values are 0.6 to 0.9."
        )
    if alpha >= beta:
        raise ValueError(
            f"alpha ({alpha}) must be below beta = b_value * ln(10) = {beta:.4g}; "
            "otherwise the mean productivity diverges. Lower alpha or raise b_value."
        )
    if max_magnitude < mc + 0.5:
        raise ValueError(
            f"max_magnitude ({max_magnitude}) must exceed mc ({mc}) by at least 0.5."
        )
    if mainshock is not None:
        try:
            shock_time, shock_magnitude = (float(v) for v in mainshock)
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"mainshock must be a (time_days, magnitude) pair; got {mainshock!r}."
            ) from exc
        if not 0.0 <= shock_time < duration_days or not mc <= shock_magnitude <= 10:
            raise ValueError(
                f"mainshock {tuple(mainshock)!r} must have 0 <= time_days < "
                f"duration_days ({duration_days}) and mc ({mc}) <= magnitude <= 10."
            )
        mainshock = (shock_time, shock_magnitude)
    start = _check_time_span(start_time, float(duration_days))
    rng = check_random_state(random_state)

    lat_mid = 0.5 * (lat_min + lat_max)
    km_per_lon = _KM_PER_DEGREE * np.cos(np.radians(lat_mid))
    m_low = mc - 0.5 * 10.0**-_MAGNITUDE_DECIMALS
    params = {
        "duration": float(duration_days),
        "mc": mc,
        "m_low": m_low,
        "max_magnitude": max_magnitude,
        "beta": beta,
        "alpha": alpha,
        "productivity": _productivity_constant(
            branching_ratio, alpha, beta, m_low, max_magnitude, mc
        ),
        "background_rate": background_rate,
        "omori_c": omori_c,
        "omori_p": omori_p,
        "spatial_d": spatial_d,
        "spatial_gamma": spatial_gamma,
        "spatial_rho": spatial_rho,
        "mainshock": mainshock,
        "blasts_per_day": blasts_per_day,
        "start": start,
        "width_km": (lon_max - lon_min) * km_per_lon,
        "height_km": (lat_max - lat_min) * _KM_PER_DEGREE,
    }
    quakes = _simulate_etas(rng, params)
    inside = (
        (quakes["east"] >= 0.0)
        & (quakes["east"] <= params["width_km"])
        & (quakes["north"] >= 0.0)
        & (quakes["north"] <= params["height_km"])
    )
    kept = np.flatnonzero(inside)
    quarry_east = rng.uniform(0.1, 0.9, n_quarries) * params["width_km"]
    quarry_north = rng.uniform(0.1, 0.9, n_quarries) * params["height_km"]
    blasts = _simulate_blasts(
        rng, params, quarry_east, quarry_north, lon_min + quarry_east / km_per_lon
    )

    n_quakes = kept.size
    events = {
        name: np.concatenate([quakes[name][kept], blasts[name]])
        for name in ("t", "magnitude", "east", "north", "depth")
    }
    is_blast = np.arange(n_quakes + blasts["t"].size) >= n_quakes
    order = np.argsort(events["t"], kind="stable")
    events = {name: values[order] for name, values in events.items()}
    is_blast = is_blast[order]
    events["lon"] = lon_min + events["east"] / km_per_lon
    events["lat"] = lat_min + events["north"] / _KM_PER_DEGREE
    catalog = _comcat_frame(_catalog_columns(rng, events, is_blast, params))
    if not return_branching:
        return catalog

    # Map each simulated earthquake to its catalog row (-1 when dropped),
    # and each catalog earthquake back to its simulated index.
    row_of_event = np.full(quakes["t"].size, -1)
    row_of_event[kept] = np.argsort(order, kind="stable")[:n_quakes]
    quake_rows = np.flatnonzero(~is_blast)
    simulated = kept[order[quake_rows]]
    parent_row = np.full(catalog.shape[0], -1)
    has_parent = quakes["parent"][simulated] >= 0
    parent_row[quake_rows[has_parent]] = row_of_event[
        quakes["parent"][simulated[has_parent]]
    ]
    ids = catalog["id"].to_numpy(dtype=object)
    parent_id = np.full(catalog.shape[0], None, dtype=object)
    parent_id[parent_row >= 0] = ids[parent_row[parent_row >= 0]]
    generation = np.zeros(catalog.shape[0], dtype=np.int64)
    generation[quake_rows] = quakes["generation"][simulated]
    branching = pd.DataFrame(
        {
            "parent_id": pd.Series(parent_id, dtype=object).astype(catalog["id"].dtype),
            "generation": generation,
        },
        index=catalog.index,
    )
    return catalog, branching
