"""Between-event / within-event decomposition of ground-motion residuals."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.optimize import minimize

__all__ = ["ResidualDecomposition", "event_terms"]

_METHODS = ("random-effects", "mean")
# Smallest tau**2 and phi**2 the REML fit reaches, relative to the squared
# range of the residuals (a standard deviation of 1e-7 of that range).
_VARIANCE_FLOOR = 1e-14


@dataclass(frozen=True)
class ResidualDecomposition:
    """Residuals split into event terms and within-event residuals.

    Attributes
    ----------
    tau : float
        Between-event standard deviation (ln units).
    phi : float
        Within-event standard deviation (ln units).
    sigma : float
        Total standard deviation, ``sqrt(tau**2 + phi**2)``.
    bias : float
        Overall mean residual (the fixed intercept of the mixed model):
        positive when the model under-predicts on average.
    event_terms : pandas.Series
        Between-event term of every event, indexed by group label (sorted),
        named ``"event_term"``.
    within_event_residuals : ndarray of shape (n_records,)
        Residual of every record minus the bias and its event's term, in the
        order of the input.
    n_records : pandas.Series
        Number of records of every event, indexed like `event_terms`.
    method : str
        The estimator used, ``"random-effects"`` or ``"mean"``.
    """

    tau: float
    phi: float
    sigma: float
    bias: float
    event_terms: pd.Series
    within_event_residuals: np.ndarray
    n_records: pd.Series
    method: str


def _check_inputs(y_true, y_pred, groups):
    """Validate the three arrays and return them as 1-D numpy arrays."""
    arrays = []
    for name, value in (("y_true", y_true), ("y_pred", y_pred)):
        try:
            array = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name} must be numeric; got {value!r:.80}.") from exc
        if array.ndim == 2 and array.shape[1] == 1:
            array = array[:, 0]
        if array.ndim != 1:
            raise ValueError(
                f"{name} must be 1-D (one intensity measure at a time); got an "
                f"array of shape {array.shape}. Decompose each column separately."
            )
        if not np.all(np.isfinite(array)):
            raise ValueError(
                f"{name} contains {np.count_nonzero(~np.isfinite(array))} NaN or "
                "infinite value(s); drop those records first."
            )
        arrays.append(array)
    groups = _check_groups(groups)
    if not len(arrays[0]) == len(arrays[1]) == len(groups):
        raise ValueError(
            "y_true, y_pred and groups must have the same length; got "
            f"{len(arrays[0])}, {len(arrays[1])} and {len(groups)}."
        )
    with np.errstate(over="ignore"):
        residuals = arrays[0] - arrays[1]
    if not np.all(np.isfinite(residuals)):
        raise ValueError(
            "y_true - y_pred overflows to infinity; the values (largest "
            f"|y_true| {np.abs(arrays[0]).max():g}) are not ln ground motions. "
            "Pass natural logarithms of the intensity measures."
        )
    return residuals, groups


def _check_groups(groups) -> np.ndarray:
    """Event labels as a 1-D array, refusing labels of mixed types.

    ``np.asarray(["a", 1])`` would silently turn 1 into "1" (merging it with
    a label "1"), and an object array of str and int cannot be sorted, so
    mixed labels are refused with a message instead.
    """
    if np.ndim(groups) != 1:
        raise ValueError(
            f"groups must be 1-D (one event label per record); got an array of "
            f"shape {np.shape(groups)}."
        )
    series = groups if isinstance(groups, pd.Series) else pd.Series(list(groups))
    if series.isna().any():
        raise ValueError("groups contains missing values; every record needs an event.")
    if pd.api.types.infer_dtype(series, skipna=False) in ("mixed", "mixed-integer"):
        kinds = sorted({type(value).__name__ for value in series})
        raise TypeError(
            f"groups mixes label types {kinds}; event labels must all be of one "
            "type (all str or all int), otherwise 1 and '1' are ambiguous. "
            "Convert them first, for example with np.asarray(groups, dtype=str)."
        )
    return series.to_numpy()


def _reml_criterion(log_variances, n, means, ss_within):
    """-2 x restricted log-likelihood of the one-way random-effects model.

    With residuals r_ej = mu + eta_e + eps_ej, eta ~ N(0, tau^2) and
    eps ~ N(0, phi^2), the covariance of an event's records is
    phi^2 I + tau^2 J, whose determinant and inverse are closed-form; the
    likelihood therefore only needs per-event counts, means and
    within-event sums of squares, and mu is profiled out by weighted least
    squares (the REML correction adds the log of the summed weights).
    """
    tau2, phi2 = np.exp(log_variances)
    total_var = phi2 + n * tau2
    weights = n / total_var
    mu = np.sum(weights * means) / np.sum(weights)
    return (
        np.sum((n - 1) * np.log(phi2) + np.log(total_var))
        + ss_within / phi2
        + np.sum(weights * (means - mu) ** 2)
        + np.log(np.sum(weights))
    )


def _fit_scaled(residuals, inverse, n, method):
    """tau, phi, bias and event terms of residuals of order one."""
    n_events = n.size
    means = np.bincount(inverse, weights=residuals) / n
    ss_within = float(np.sum((residuals - means[inverse]) ** 2))
    dof_within = residuals.size - n_events
    if method == "mean":
        bias = float(residuals.mean())
        terms = means - bias
        return (
            float(np.std(terms, ddof=1)),
            float(np.sqrt(ss_within / dof_within)),
            bias,
            terms,
        )
    # Start from the moment (ANOVA) estimates and let L-BFGS-B refine
    # log-variances; the floor (relative to the unit range of the scaled
    # residuals) keeps a vanishing tau or phi finite.
    phi2_start = max(ss_within / dof_within, _VARIANCE_FLOOR)
    tau2_start = max(np.var(means, ddof=1) - phi2_start * np.mean(1 / n), 1e-4)
    floor = np.log(_VARIANCE_FLOOR)
    fit = minimize(
        _reml_criterion,
        x0=np.log([tau2_start, phi2_start]),
        args=(n, means, ss_within),
        method="L-BFGS-B",
        bounds=[(floor, None), (floor, None)],
    )
    tau2, phi2 = np.exp(fit.x)
    weights = n / (phi2 + n * tau2)
    bias = float(np.sum(weights * means) / np.sum(weights))
    terms = n * tau2 / (phi2 + n * tau2) * (means - bias)
    return float(np.sqrt(tau2)), float(np.sqrt(phi2)), bias, terms


def event_terms(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    groups: ArrayLike,
    *,
    method: str = "random-effects",
) -> ResidualDecomposition:
    """Split ground-motion residuals into between- and within-event parts.

    Ground-motion residuals :math:`r_{es} = y_{es} - \\hat y_{es}` of
    record :math:`s` of event :math:`e` are modelled the way ground-motion
    models report them: an overall bias, an event term shared by all
    records of an event (source effects such as stress drop), and a
    within-event residual (path and site effects).

    Parameters
    ----------
    y_true : array-like of shape (n_records,)
        Observed ln ground motion.
    y_pred : array-like of shape (n_records,)
        Predicted ln ground motion (model median).
    groups : array-like of shape (n_records,)
        Event label of every record (e.g. ``groups`` of
        :func:`~skgeo.datasets.make_ground_motion`).
    method : {"random-effects", "mean"}, default="random-effects"
        ``"random-effects"`` fits the one-way random-effects model by
        restricted maximum likelihood (REML) and shrinks each event term
        towards zero according to its number of records;
        ``"mean"`` takes each event's mean residual as its term.

    Returns
    -------
    result : ResidualDecomposition
        Dataclass with ``tau``, ``phi``, ``sigma``, ``bias``,
        ``event_terms`` (Series indexed by group), ``within_event_residuals``
        (array in input order), ``n_records`` and ``method``.

    Raises
    ------
    ValueError
        If the inputs are not 1-D, have different lengths, hold NaN or
        infinite values or missing groups, if there are fewer than 2
        events, if no event has 2 or more records (phi is then not
        identifiable), or if `method` is unknown.

    See Also
    --------
    skgeo.seismology.boore_atkinson_2008_std : Published tau and phi of
        BA08.
    sklearn.model_selection.GroupKFold : Cross-validation that keeps all
        records of an event in the same fold.

    Notes
    -----
    The model is

    .. math::

        r_{es} = c + \\eta_e + \\epsilon_{es}, \\qquad
        \\eta_e \\sim N(0, \\tau^2), \\quad
        \\epsilon_{es} \\sim N(0, \\phi^2),

    with total standard deviation :math:`\\sigma = \\sqrt{\\tau^2 + \\phi^2}`.

    **"random-effects"** (default) maximises the restricted likelihood of
    this model over :math:`(\\tau^2, \\phi^2)`, with :math:`c` the
    generalised-least-squares mean; the event terms are then the best
    linear unbiased predictors

    .. math::

        \\hat\\eta_e = \\frac{n_e \\tau^2}{\\phi^2 + n_e \\tau^2}
        (\\bar r_e - c),

    which is the estimator of Abrahamson & Youngs (1992) used by most
    published ground-motion models. It is the default because it is
    nearly unbiased whatever the number of records per event.

    **"mean"** takes :math:`c` as the mean of all residuals,
    :math:`\\hat\\eta_e = \\bar r_e - c`, :math:`\\tau` the standard
    deviation (``ddof=1``) of the event terms and :math:`\\phi` the pooled
    within-event standard deviation with :math:`N - E` degrees of freedom
    (:math:`N` records, :math:`E` events). It is simple and transparent,
    but each mean carries the sampling noise :math:`\\phi^2 / n_e`, so its
    :math:`\\tau` is biased upwards for events with few records.

    References
    ----------
    .. [1] Abrahamson, N. A., and Youngs, R. R. (1992). A stable algorithm
       for regression analyses using the random effects model. Bulletin of
       the Seismological Society of America, 82(1), 505-510.
    .. [2] Boore, D. M., and Atkinson, G. M. (2008). Earthquake Spectra,
       24(1), 99-138. https://doi.org/10.1193/1.2830434

    Examples
    --------
    Three events with offsets of +0.3, 0 and -0.3, and two records each:

    >>> from skgeo.seismology import event_terms
    >>> y_pred = np.zeros(6)
    >>> y_true = np.array([0.4, 0.2, 0.1, -0.1, -0.2, -0.4])
    >>> groups = ["a", "a", "b", "b", "c", "c"]
    >>> result = event_terms(y_true, y_pred, groups, method="mean")
    >>> result.event_terms.round(3).tolist()
    [0.3, 0.0, -0.3]
    >>> round(result.tau, 3), round(result.phi, 3), round(result.bias, 3)
    (0.3, 0.141, 0.0)
    """
    if method not in _METHODS:
        raise ValueError(f"method must be one of {list(_METHODS)}; got {method!r}.")
    residuals, groups = _check_inputs(y_true, y_pred, groups)
    labels, inverse = np.unique(groups, return_inverse=True)
    n_events = labels.size
    if n_events < 2:
        raise ValueError(
            f"At least 2 events are needed to estimate tau; got {n_events}. "
            "Pass the records of more events."
        )
    n = np.bincount(inverse).astype(np.float64)
    if residuals.size - n_events < 1:
        raise ValueError(
            "phi cannot be estimated: every event has a single record. At least "
            "one event needs 2 or more records."
        )
    # Fit on residuals centred and scaled to a unit range, so that the
    # optimiser's tolerances and the variance floor are relative to the data:
    # ln ground motions, residuals in micro-units and 1e100 all fit alike.
    # (Scaled by the largest |residual| first, so centring cannot overflow.)
    magnitude = float(np.max(np.abs(residuals)))
    unit = residuals / magnitude if magnitude > 0 else residuals
    centre = float(np.mean(unit))
    spread = float(np.max(np.abs(unit - centre)))
    if spread == 0.0:
        # Identical residuals: no spread between or within events.
        tau = phi = 0.0
        bias, terms = float(np.mean(residuals)), np.zeros(n_events)
    else:
        tau, phi, bias, terms = _fit_scaled(
            (unit - centre) / spread, inverse, n, method
        )
        scale = spread * magnitude
        tau, phi, terms = tau * scale, phi * scale, terms * scale
        bias = (centre + bias * spread) * magnitude
    within = residuals - bias - terms[inverse]
    index = pd.Index(labels, name="group")
    return ResidualDecomposition(
        tau=tau,
        phi=phi,
        sigma=float(np.hypot(tau, phi)),
        bias=bias,
        event_terms=pd.Series(terms, index=index, name="event_term"),
        within_event_residuals=within,
        n_records=pd.Series(n.astype(np.int64), index=index, name="n_records"),
        method=method,
    )
