"""Profile, plan and total curvature (Zevenbergen & Thorne 1987)."""

import numpy as np

from ..utils._validation import Real, StrOptions, validate_params
from ._checks import check_dem, check_spacing
from ._neighbourhood import window3x3
from ._raster import raster_function

__all__ = ["curvature"]

CURVATURE_KINDS = ("profile", "plan", "total")


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
    east, north = spacing
    w = window3x3(dem)
    # Coefficients of Zevenbergen & Thorne's local quadratic, e east, n north:
    # D = z_ee / 2, E = z_nn / 2, F = z_en, G = z_e, H = z_n.
    d = ((w.d + w.f) / 2.0 - w.e) / east**2
    e = ((w.b + w.h) / 2.0 - w.e) / north**2
    f = (-w.a + w.c + w.g - w.i) / (4.0 * east * north)
    g = (w.f - w.d) / (2.0 * east)
    h = (w.b - w.h) / (2.0 * north)
    total = -2.0 * (d + e)
    # The Laplacian leaves out the corner cells; the nodata rule is the same
    # for every 3x3 attribute, so a NaN anywhere in the window (d, e and f
    # together hold all nine cells) makes the total NaN too.
    total[np.isnan(d + e + f)] = np.nan
    gradient2 = g * g + h * h
    # Second directional derivatives along the gradient (profile) and along
    # the contour (plan), negated so that convex is positive; their sum is the
    # negated Laplacian, so profile + plan == total wherever both are defined.
    along_gradient = 2.0 * (d * g * g + f * g * h + e * h * h)
    along_contour = 2.0 * (d * h * h - f * g * h + e * g * g)
    # A NaN window makes gradient2 NaN, "flat" False and the ratio NaN, so
    # nodata propagates without a separate mask.
    flat = gradient2 == 0.0
    safe = np.where(flat, 1.0, gradient2)
    profile = np.where(flat, 0.0, -along_gradient / safe)
    plan = np.where(flat, 0.0, -along_contour / safe)
    return {"profile": profile, "plan": plan, "total": total}


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
    dem = check_dem(dem)
    return curvatures(dem, check_spacing(spacing))[kind]
