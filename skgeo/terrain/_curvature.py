"""Profile, plan and total curvature (Zevenbergen & Thorne 1987)."""

import numpy as np

from ..utils._validation import Real, StrOptions, validate_params
from ._checks import check_dem, check_spacing
from ._raster import raster_function
from ._tiles import band_rows, extrapolated_band, for_each_band, map_3x3

__all__ = ["curvature"]

CURVATURE_KINDS = ("profile", "plan", "total")


def window_has_nan(band: np.ndarray) -> np.ndarray | None:
    """Where the 3x3 window of an inner cell of a framed band holds a NaN.

    None if the band has no NaN at all (the common case). A sum is NaN as
    soon as one term is, and a fast reduction is cheaper than a NaN mask.
    """
    if np.isfinite(band.sum()):
        return None
    missing = np.isnan(band)
    if not missing.any():  # the sum overflowed: huge values, no NaN
        return None
    down = missing[:-2] | missing[1:-1] | missing[2:]
    return down[:, :-2] | down[:, 1:-1] | down[:, 2:]


def curvature_band(
    band: np.ndarray, spacing: tuple[float, float], kinds: tuple[str, ...]
) -> dict[str, np.ndarray]:
    """Zevenbergen & Thorne curvatures of the inner cells of a framed band.

    Parameters
    ----------
    band : ndarray of shape (n_rows + 2, n_cols + 2)
        Elevations with a one-cell frame, row 0 north.
    spacing : tuple of (float, float)
        ``(east, north)`` cell size in metres.
    kinds : tuple of str
        Which of ``"profile"``, ``"plan"``, ``"total"`` to return.

    Returns
    -------
    curvatures : dict of str to ndarray of shape (n_rows, n_cols)
        1/m, convex positive; NaN where the 3x3 window holds a NaN.
    """
    east, north = spacing
    # Cells a..i, rows north to south (Z1..Z9 of Zevenbergen & Thorne).
    a, b, c = band[:-2, :-2], band[:-2, 1:-1], band[:-2, 2:]
    d, e, f = band[1:-1, :-2], band[1:-1, 1:-1], band[1:-1, 2:]
    g, h, i = band[2:, :-2], band[2:, 1:-1], band[2:, 2:]
    # Coefficients of the local quadratic, e east, n north:
    # D = z_ee / 2, E = z_nn / 2, F = z_en, G = z_e, H = z_n.
    coef_d = d + f
    coef_d *= 0.5
    coef_d -= e
    coef_d /= east**2
    coef_e = b + h
    coef_e *= 0.5
    coef_e -= e
    coef_e /= north**2
    missing = window_has_nan(band)
    result = {}
    if "total" in kinds:
        # The same arithmetic as curvature(kind="total"), so the two agree
        # exactly; the corners enter only the nodata rule.
        result["total"] = total_curvature_band(band, spacing, np.empty(e.shape))
    if "profile" in kinds or "plan" in kinds:
        coef_f = c - a
        coef_f += g
        coef_f -= i
        coef_f /= 4.0 * east * north
        coef_g = f - d
        coef_g /= 2.0 * east
        coef_h = b - h
        coef_h /= 2.0 * north
        g2, h2, gh = coef_g * coef_g, coef_h * coef_h, coef_g * coef_h
        gradient2 = g2 + h2
        # Second directional derivatives along the gradient (profile) and
        # along the contour (plan), negated so that convex is positive; their
        # sum is the negated Laplacian, so profile + plan == total wherever
        # both are defined. A flat cell has no direction: 0.
        flat = gradient2 == 0.0
        gradient2[flat] = 1.0
        gradient2 /= -2.0
        fgh = coef_f * gh
        if "profile" in kinds:
            profile = coef_d * g2 + coef_e * h2
            profile += fgh
            profile /= gradient2
            profile[flat] = 0.0
            if missing is not None:
                profile[missing] = np.nan
            result["profile"] = profile
        if "plan" in kinds:
            plan = coef_d * h2 + coef_e * g2
            plan -= fgh
            plan /= gradient2
            plan[flat] = 0.0
            if missing is not None:
                plan[missing] = np.nan
            result["plan"] = plan
    return result


def total_curvature_band(
    band: np.ndarray, spacing: tuple[float, float], out: np.ndarray
) -> np.ndarray:
    """Total curvature -2(D + E) of the inner cells of a framed band, into `out`.

    Expanded as ``-(d + f)/east^2 - (b + h)/north^2 + 2 e (1/east^2 +
    1/north^2)``: the same quantity in seven whole-band operations.
    """
    east, north = spacing
    np.add(band[1:-1, :-2], band[1:-1, 2:], out=out)
    if east == north:
        # Square cells: -(b + d + f + h - 4e) / L^2, one operation fewer.
        out += band[:-2, 1:-1]
        out += band[2:, 1:-1]
        scratch = band[1:-1, 1:-1] * 4.0
        out -= scratch
        out *= -1.0 / east**2
    else:
        out *= -1.0 / east**2
        scratch = np.add(band[:-2, 1:-1], band[2:, 1:-1])
        scratch *= -1.0 / north**2
        out += scratch
        np.multiply(band[1:-1, 1:-1], 2.0 / east**2 + 2.0 / north**2, out=scratch)
        out += scratch
    missing = window_has_nan(band)
    if missing is not None:
        out[missing] = np.nan
    return out


def curvature_raster(
    dem: np.ndarray,
    spacing: tuple[float, float],
    kind: str = "total",
    *,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """One curvature of a float DEM (NaN for nodata), band by band; no checks."""
    out = np.empty(dem.shape) if out is None else out

    def kernel(framed: np.ndarray, target: np.ndarray) -> None:
        if kind == "total":
            total_curvature_band(framed, spacing, target)
        else:
            target[...] = curvature_band(framed, spacing, (kind,))[kind]

    return map_3x3(dem, kernel, out)


def curvatures(dem: np.ndarray, spacing: tuple[float, float]) -> dict[str, np.ndarray]:
    """Return profile, plan and total curvature in 1/m, convex positive.

    Parameters
    ----------
    dem : ndarray of shape (n_rows, n_cols)
        Validated float elevations, row 0 at the north edge.
    spacing : tuple of (float, float)
        ``(east, north)`` cell size in metres.

    Returns
    -------
    curvatures : dict of str to ndarray of shape (n_rows, n_cols)
        Keys ``"profile"``, ``"plan"`` and ``"total"``.
    """
    result = {kind: np.empty(dem.shape) for kind in CURVATURE_KINDS}

    def band(start: int, stop: int) -> None:
        framed = extrapolated_band(dem, start, stop)
        for kind, values in curvature_band(framed, spacing, CURVATURE_KINDS).items():
            result[kind][start:stop] = values

    for_each_band(dem.shape[0], band_rows(dem.shape[1]), band)
    return result


@raster_function
@validate_params(
    {
        "dem": ["array-like"],
        "spacing": [Real, "array-like"],
        "kind": [StrOptions(set(CURVATURE_KINDS))],
    },
    prefer_skip_nested_validation=True,
)
def curvature(
    dem: object, spacing: float | tuple[float, float], kind: str = "total"
) -> np.ndarray:
    """Surface curvature from Zevenbergen & Thorne's (1987) 3x3 quadratic.

    Parameters
    ----------
    dem : array-like of shape (n_rows, n_cols)
        Elevations in metres, row 0 at the north edge, column 0 at the west
        edge. NaN marks nodata.
        An ``xarray.DataArray`` DEM (NumPy- or Dask-backed, as
        ``rioxarray.open_rasterio(path, masked=True)`` returns it) works too:
        `spacing` then comes from its coordinates and may be left out, and the
        result is a DataArray with the DEM's coordinates, CRS and geotransform
        (see :ref:`geotiff-dems`).
    spacing : float or tuple of (float, float)
        Cell size in metres: one number for square cells or an
        ``(east, north)`` pair.
    kind : {"total", "profile", "plan"}, default="total"
        ``"profile"``: curvature along the line of steepest slope (controls
        flow acceleration); ``"plan"``: curvature along the contour (controls
        flow convergence); ``"total"``: their sum, the negated Laplacian.

    Returns
    -------
    curvature : ndarray of shape (n_rows, n_cols)
        Curvature in 1/m (radians per metre), **convex positive** for all
        three kinds: a dome or ridge is positive, a bowl or valley negative.
        Profile and plan curvature are 0 on cells whose gradient is exactly
        zero (they have no direction there). NaN where the 3x3 neighbourhood
        holds a NaN.

    Raises
    ------
    ValueError
        If `dem` is not 2-D, has fewer than 3 rows or columns, contains
        infinite values or no finite cell, if `spacing` is not positive, or if
        `kind` is not one of the three names.
    TypeError
        If `dem` is not numeric.

    See Also
    --------
    slope : First derivatives (Horn 1981).
    tpi : Topographic position, a curvature at a chosen scale.

    Notes
    -----
    With the window cells ``Z1 ... Z9`` (rows north to south), cell sizes
    :math:`\\Delta_e`, :math:`\\Delta_n`, the quadratic's coefficients are

    .. math::

        D = \\frac{(Z_4 + Z_6)/2 - Z_5}{\\Delta_e^2},\\quad
        E = \\frac{(Z_2 + Z_8)/2 - Z_5}{\\Delta_n^2},\\quad
        F = \\frac{-Z_1 + Z_3 + Z_7 - Z_9}{4\\Delta_e\\Delta_n},\\quad
        G = \\frac{Z_6 - Z_4}{2\\Delta_e},\\quad
        H = \\frac{Z_2 - Z_8}{2\\Delta_n},

    and

    .. math::

        \\kappa_\\text{total} = -2(D + E),\\quad
        \\kappa_\\text{profile} = -\\frac{2(DG^2 + EH^2 + FGH)}{G^2 + H^2},\\quad
        \\kappa_\\text{plan} = -\\frac{2(DH^2 + EG^2 - FGH)}{G^2 + H^2}.

    These are the second derivatives of elevation along the gradient and
    along the contour, negated; they equal the geometric normal curvatures
    on gentle slopes (no :math:`(1 + |\\nabla z|^2)^{3/2}` factor, as in ESRI
    and Zevenbergen & Thorne). Conventions differ between programs: ESRI
    reports total curvature as :math:`-2(D+E) \\cdot 100` (the same sign,
    in 1/(100 m)) and its profile curvature with the opposite sign to the one
    here (ESRI's total is its plan minus its profile); multiply by 100 to
    compare with ESRI's units. The sign here is the
    same for all three kinds, and ``profile + plan == total`` on every
    sloping cell.

    Edges use the linear extrapolation of :func:`slope`, which gives zero
    curvature across the edge of the DEM.

    References
    ----------
    .. [1] Zevenbergen, L. W., & Thorne, C. R. (1987). Quantitative analysis of
       land surface topography. Earth Surface Processes and Landforms, 12(1),
       47-56. doi:10.1002/esp.3290120107

    Examples
    --------
    A dome :math:`z = -(e^2 + n^2) / (2R)` with :math:`R = 500` m has total
    curvature :math:`2/R` and profile and plan curvature :math:`1/R`:

    >>> import numpy as np
    >>> from skgeo.terrain import curvature
    >>> rows, cols = np.mgrid[-5:6, -5:6]
    >>> easting, northing = 10.0 * cols, -10.0 * rows
    >>> dome = -(easting**2 + northing**2) / (2 * 500.0)
    >>> for kind in ("total", "profile", "plan"):
    ...     print(kind, round(float(curvature(dome, 10.0, kind=kind)[3, 4]), 4))
    total 0.004
    profile 0.002
    plan 0.002
    """
    return curvature_raster(check_dem(dem), check_spacing(spacing), kind)
