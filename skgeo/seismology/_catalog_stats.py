"""Frequency-magnitude statistics of earthquake catalogs."""

from numbers import Real
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["BValueResult", "b_value"]

# Magnitudes are usually stored with one or two decimals; a binned magnitude
# equal to mc can come back as mc - 1e-15 after float arithmetic, so values
# this close below mc still count as complete.
_MC_TOLERANCE = 1e-9


class BValueResult(NamedTuple):
    """Gutenberg-Richter b-value estimate.

    Attributes
    ----------
    b : float
        Maximum-likelihood b-value.
    std_err : float
        Its standard error, ``b / sqrt(n)`` (Aki 1965).
    n : int
        Number of events at or above the completeness magnitude.
    """

    b: float
    std_err: float
    n: int


def _check_scalar(name: str, value: object, what: str) -> float:
    """`value` as a float if it is one real number, else a TypeError."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if not isinstance(value, Real) or isinstance(value, bool | np.bool_):
        raise TypeError(
            f"{name} must be a single real number ({what}); got {value!r} of type "
            f"{type(value).__name__}."
        )
    return float(value)


def b_value(magnitudes: ArrayLike, mc: float, bin_width: float = 0.0) -> BValueResult:
    """Estimate the Gutenberg-Richter b-value by maximum likelihood.

    Uses the Aki (1965) estimator with Utsu's (1966) correction for
    magnitudes rounded to bins of width `bin_width`. Events below the
    completeness magnitude `mc` are ignored.

    Parameters
    ----------
    magnitudes : array-like of shape (n_events,)
        Event magnitudes. NaN is not allowed (drop unknown magnitudes
        first).
    mc : float
        Magnitude of completeness: only events with magnitude >= `mc`
        enter the estimate. For binned magnitudes, `mc` is the centre of
        the lowest complete bin.
    bin_width : float, default=0.0
        Width of the magnitude bins (0.1 for most catalogs); 0 for
        continuous magnitudes.

    Returns
    -------
    result : BValueResult
        Named tuple ``(b, std_err, n)``.

    Raises
    ------
    TypeError
        If `mc` or `bin_width` is not a single real number.
    ValueError
        If `magnitudes` is not a 1-D array of finite numbers, `mc` is not
        finite, `bin_width` is negative, fewer than 2 events are at or above
        `mc`, or all of them sit at ``mc - bin_width / 2`` so that the
        estimate would be infinite.

    See Also
    --------
    skgeo.datasets.make_earthquake_catalog : Synthetic catalogs with a known
        b-value.

    Notes
    -----
    With :math:`\\bar M` the mean magnitude of the :math:`n` events at or
    above :math:`M_c` and :math:`\\Delta M` the bin width,

    .. math::

        \\hat b = \\frac{\\log_{10} e}{\\bar M - (M_c - \\Delta M / 2)},
        \\qquad \\sigma_{\\hat b} \\approx \\frac{\\hat b}{\\sqrt{n}} .

    The half-bin shift (Utsu 1966) accounts for a bin centred on
    :math:`M_c` holding magnitudes from :math:`M_c - \\Delta M/2`. The
    standard error is Aki's asymptotic one; for small :math:`n` the
    estimator is biased upwards by a factor of about :math:`n/(n-1)`.
    Magnitudes within 1e-9 below `mc` are counted as at `mc`, to absorb
    float round-off in binned catalogs.

    References
    ----------
    .. [1] Aki, K. (1965). Maximum likelihood estimate of b in the formula
       log N = a - bM and its confidence limits. Bulletin of the
       Earthquake Research Institute, 43, 237-239.
    .. [2] Utsu, T. (1966). A statistical significance test of the
       difference in b-value between two earthquake groups. Journal of
       Physics of the Earth, 14(2), 37-40.

    Examples
    --------
    Magnitudes drawn from a Gutenberg-Richter law with b = 1 above Mc = 2:

    >>> from skgeo.seismology import b_value
    >>> rng = np.random.default_rng(0)
    >>> magnitudes = 2.0 + rng.exponential(1 / np.log(10), size=10_000)
    >>> result = b_value(magnitudes, mc=2.0)
    >>> round(result.b, 2), round(result.std_err, 3), result.n
    (1.01, 0.01, 10000)

    The same catalog rounded to 0.1 magnitude units:

    >>> binned = np.round(magnitudes - 0.05, 1)
    >>> round(b_value(binned, mc=2.0, bin_width=0.1).b, 2)
    1.0
    """
    mc = _check_scalar("mc", mc, "a magnitude, e.g. mc=2.0")
    bin_width = _check_scalar(
        "bin_width", bin_width, "the rounding of the magnitudes, e.g. 0.1, or 0"
    )
    try:
        magnitudes = np.asarray(magnitudes, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"magnitudes must be numbers; could not convert them to floats ({exc}). "
            "Pass the magnitude column only (e.g. catalog['mag'])."
        ) from exc
    if magnitudes.ndim != 1:
        raise ValueError(
            f"magnitudes must be a 1-D array; got an array of shape "
            f"{magnitudes.shape}. Pass a single column of magnitudes."
        )
    if not np.all(np.isfinite(magnitudes)):
        n_bad = int(np.count_nonzero(~np.isfinite(magnitudes)))
        raise ValueError(
            f"magnitudes must be finite; got {n_bad} NaN or infinite value(s). "
            "Drop events with unknown magnitude first."
        )
    if not np.isfinite(mc):
        raise ValueError(f"mc must be a finite magnitude; got {mc}.")
    if not np.isfinite(bin_width) or bin_width < 0:
        raise ValueError(
            f"bin_width must be >= 0 (0 for continuous magnitudes); got {bin_width}."
        )
    complete = magnitudes[magnitudes >= mc - _MC_TOLERANCE]
    n = complete.size
    if n < 2:
        raise ValueError(
            f"At least 2 events at or above mc={mc} are needed to estimate b; "
            f"got {n} (of {magnitudes.size} in total). Lower mc or pass more "
            "events."
        )
    excess = complete.mean() - (mc - bin_width / 2.0)
    if excess <= 0.0:
        raise ValueError(
            f"The mean magnitude above mc ({complete.mean():g}) equals "
            f"mc - bin_width / 2 = {mc - bin_width / 2.0:g}, so the b-value is "
            "infinite. All events sit at the completeness magnitude: check mc and "
            "bin_width (use the bin width the magnitudes are rounded to)."
        )
    b = float(np.log10(np.e) / excess)
    return BValueResult(b=b, std_err=float(b / np.sqrt(n)), n=int(n))
