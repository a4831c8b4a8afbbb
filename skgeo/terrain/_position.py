"""Neighbourhood statistics at a radius: topographic position and local relief.

Both are computed without a loop over the cells of the neighbourhood, so
their cost does not grow with the radius squared:

* TPI is a mean over a disk or annulus, i.e. a convolution. The DEM and its
  validity mask are transformed once with a real FFT; each radius then costs
  one kernel transform and two inverse transforms, whatever its size.
* Local relief is a maximum minus a minimum over a square window. Max and
  min filters are separable over a rectangle, and SciPy's 1-D running
  max/min is linear in the number of cells (independent of the window).
"""

from collections.abc import Sequence

import numpy as np
from scipy import fft, ndimage

from ..utils._validation import Real, validate_params
from ._checks import check_dem, check_radius, check_spacing
from ._raster import raster_function

__all__ = ["local_relief", "tpi"]

# Relative size below which an FFT-convolved TPI is round-off, not terrain:
# double-precision FFTs are accurate to ~1e-13 of the largest |value|, and
# 1e-9 of the elevation range is micrometres on real DEMs.
_ROUND_OFF = 1e-9


def disk_kernel(
    radius: float, spacing: tuple[float, float], inner_radius: float = 0.0
) -> np.ndarray:
    """Return the 0/1 kernel of the cells with inner_radius < distance <= radius.

    Parameters
    ----------
    radius : float
        Outer radius in metres.
    spacing : tuple of (float, float)
        ``(east, north)`` cell size in metres.
    inner_radius : float, default=0.0
        Cells at this distance or closer are left out; the centre always is.

    Returns
    -------
    kernel : ndarray of shape (2 * half_north + 1, 2 * half_east + 1)
        Float64 weights, 1 inside the annulus and 0 elsewhere.
    """
    east, north = spacing
    # A radius that is a whole number of cells must include the cells at
    # exactly that distance despite floating-point division.
    half_east = int(np.floor(radius / east + 1e-9))
    half_north = int(np.floor(radius / north + 1e-9))
    rows, cols = np.ogrid[-half_north : half_north + 1, -half_east : half_east + 1]
    distance2 = (rows * north) ** 2 + (cols * east) ** 2
    slack = 1e-9 * radius**2
    inside = (distance2 <= radius**2 + slack) & (distance2 > inner_radius**2 + slack)
    return inside.astype(np.float64)


def tpi_rasters(
    dem: np.ndarray,
    spacing: tuple[float, float],
    radii: Sequence[float],
    inner_radius: float = 0.0,
) -> list[np.ndarray]:
    """TPI of a validated DEM at several radii, sharing the DEM's transforms.

    Parameters
    ----------
    dem : ndarray of shape (n_rows, n_cols)
        Validated float elevations (NaN for nodata).
    spacing : tuple of (float, float)
        ``(east, north)`` cell size in metres.
    radii : sequence of float
        Outer radii in metres, each validated.
    inner_radius : float, default=0.0
        Inner radius in metres, smaller than every radius.

    Returns
    -------
    tpi : list of ndarray of shape (n_rows, n_cols)
        One raster per radius, in metres.
    """
    valid = np.isfinite(dem)
    # Convolving anomalies rather than raw elevations keeps the FFT round-off
    # relative to the relief, not to the altitude of the whole scene.
    reference = float(dem[valid].mean())
    values = np.where(valid, dem - reference, 0.0)
    kernels = [disk_kernel(radius, spacing, inner_radius) for radius in radii]
    n_rows, n_cols = dem.shape
    # Zero padding by the largest kernel makes the circular convolution of the
    # FFT equal to the linear one, i.e. cells outside the DEM count as absent.
    shape = (
        fft.next_fast_len(n_rows + max(k.shape[0] for k in kernels) - 1, real=True),
        fft.next_fast_len(n_cols + max(k.shape[1] for k in kernels) - 1, real=True),
    )
    values_hat = fft.rfft2(values, shape)
    valid_hat = fft.rfft2(valid.astype(np.float64), shape)
    tolerance = _ROUND_OFF * float(np.abs(values).max())
    result = []
    for kernel in kernels:
        half_north, half_east = kernel.shape[0] // 2, kernel.shape[1] // 2
        crop = (
            slice(half_north, half_north + n_rows),
            slice(half_east, half_east + n_cols),
        )
        kernel_hat = fft.rfft2(kernel, shape)
        sums = fft.irfft2(values_hat * kernel_hat, shape)[crop]
        # Counts are integers; rounding removes the FFT's round-off exactly.
        counts = np.rint(fft.irfft2(valid_hat * kernel_hat, shape)[crop])
        has_neighbours = counts > 0
        mean = np.divide(sums, counts, out=np.zeros_like(sums), where=has_neighbours)
        position = values - mean
        position[np.abs(position) <= tolerance] = 0.0
        position[~(valid & has_neighbours)] = np.nan
        result.append(position)
    return result


def local_relief_raster(
    dem: np.ndarray, spacing: tuple[float, float], radius: float
) -> np.ndarray:
    """Max minus min of the valid cells in a square window of half-side radius."""
    east, north = spacing
    size_east = 2 * int(np.floor(radius / east + 1e-9)) + 1
    size_north = 2 * int(np.floor(radius / north + 1e-9)) + 1
    valid = np.isfinite(dem)
    # Nodata must never win a max or a min, so it becomes -inf / +inf; "nearest"
    # edge replication repeats values already in the window, which is the
    # same as truncating the window at the DEM edge.
    high = np.where(valid, dem, -np.inf)
    low = np.where(valid, dem, np.inf)
    for axis, size in ((0, size_north), (1, size_east)):
        high = ndimage.maximum_filter1d(high, size, axis=axis, mode="nearest")
        low = ndimage.minimum_filter1d(low, size, axis=axis, mode="nearest")
    relief = high - low
    relief[~valid] = np.nan
    return relief


@raster_function
@validate_params(
    {
        "dem": ["array-like"],
        "spacing": [Real, "array-like"],
        "radius": [Real],
        "inner_radius": [Real],
    },
    prefer_skip_nested_validation=True,
)
def tpi(
    dem: object,
    spacing: float | tuple[float, float],
    radius: float,
    inner_radius: float = 0.0,
) -> np.ndarray:
    """Topographic Position Index: elevation minus the mean of its surroundings.

    Parameters
    ----------
    dem : array-like of shape (n_rows, n_cols)
        Elevations in metres, row 0 at the north edge, column 0 at the west
        edge. NaN marks nodata.
    spacing : float or tuple of (float, float)
        Cell size in metres: one number for square cells or an
        ``(east, north)`` pair.
    radius : float
        Outer radius of the neighbourhood in metres, at least one cell
        (the larger cell size) and at most the longer side of the DEM.
    inner_radius : float, default=0.0
        Inner radius in metres: cells this close or closer are left out,
        which turns the disk into an annulus. The centre cell is always left
        out. Must be smaller than `radius`.

    Returns
    -------
    tpi : ndarray of shape (n_rows, n_cols)
        TPI in metres, float64: positive on crests and hilltops, negative in
        valleys and hollows, zero on planes. NaN on nodata cells and on cells
        with no valid neighbour in the window.

    Raises
    ------
    ValueError
        If `dem` is not 2-D, has fewer than 3 rows or columns, contains
        infinite values or no finite cell; if `spacing` is not positive; if
        `radius` is smaller than one cell or larger than the DEM; if
        `inner_radius` is negative, not smaller than `radius`, or leaves no
        cell in the annulus.
    TypeError
        If `dem` is not numeric.

    See Also
    --------
    classify_landforms : Weiss (2001) landforms from standardised TPI.
    local_relief : Elevation range within a radius.

    Notes
    -----
    .. math::

        \\mathrm{TPI}_r(x) = z(x) - \\frac{1}{|W|}\\sum_{y \\in W} z(y),\\qquad
        W = \\{y : r_\\text{in} < \\lVert y - x \\rVert \\le r,\\ z(y)
        \\text{ valid}\\},

    distances between cell centres in metres (Guisan et al. 1999; Weiss
    2001; SAGA's "Topographic Position Index" with an annulus, without
    distance weighting).

    *Edges and nodata.* The mean runs over the cells of the disk (or
    annulus) that lie inside the DEM and are not NaN. Near the edge the
    window is one-sided, so TPI within one radius of the edge is biased on
    sloping terrain (a tilted plane gets non-zero values there).

    *Cost.* The mean is an FFT convolution of the DEM and of its validity
    mask, so the time depends on the raster size plus the radius, not on the
    radius squared. Values smaller than :math:`10^{-9}` of the largest
    elevation anomaly are FFT round-off and are set to exactly 0, so a flat
    or planar area has TPI exactly 0.

    References
    ----------
    .. [1] Guisan, A., Weiss, S. B., & Weiss, A. D. (1999). GLM versus CCA
       spatial modeling of plant species distribution. Plant Ecology, 143,
       107-122. doi:10.1023/A:1009841519580
    .. [2] Weiss, A. D. (2001). Topographic position and landforms analysis.
       Poster, ESRI International User Conference, San Diego, CA.

    Examples
    --------
    A Gaussian hill stands above its surroundings and a pit below them:

    >>> import numpy as np
    >>> from skgeo.terrain import tpi
    >>> rows, cols = np.mgrid[-20:21, -20:21] * 10.0
    >>> hill = 50.0 * np.exp(-(rows**2 + cols**2) / (2 * 60.0**2))
    >>> print(round(float(tpi(hill, 10.0, radius=100.0)[20, 20]), 2))
    23.19
    >>> print(round(float(tpi(-hill, 10.0, radius=100.0)[20, 20]), 2))
    -23.19
    """
    dem = check_dem(dem)
    spacing = check_spacing(spacing)
    radius = check_radius(radius, spacing, dem.shape)
    inner_radius = float(inner_radius)
    if not (0.0 <= inner_radius < radius):
        raise ValueError(
            f"inner_radius ({inner_radius:g} m) must be at least 0 and smaller than "
            f"radius ({radius:g} m). Use inner_radius=0.0 for a full disk."
        )
    if not disk_kernel(radius, spacing, inner_radius).any():
        raise ValueError(
            f"The annulus between inner_radius ({inner_radius:g} m) and radius "
            f"({radius:g} m) contains no cell centre at spacing {spacing}. Widen "
            "the annulus by decreasing inner_radius or increasing radius."
        )
    return tpi_rasters(dem, spacing, [radius], inner_radius)[0]


@raster_function
@validate_params(
    {"dem": ["array-like"], "spacing": [Real, "array-like"], "radius": [Real]},
    prefer_skip_nested_validation=True,
)
def local_relief(
    dem: object, spacing: float | tuple[float, float], radius: float
) -> np.ndarray:
    """Local relief: elevation range within a square window around each cell.

    Parameters
    ----------
    dem : array-like of shape (n_rows, n_cols)
        Elevations in metres, row 0 at the north edge, column 0 at the west
        edge. NaN marks nodata.
    spacing : float or tuple of (float, float)
        Cell size in metres: one number for square cells or an
        ``(east, north)`` pair.
    radius : float
        Half-side of the square window in metres, at least one cell (the
        larger cell size) and at most the longer side of the DEM. The window
        holds ``2 * floor(radius / spacing) + 1`` cells along each axis.

    Returns
    -------
    relief : ndarray of shape (n_rows, n_cols)
        Maximum minus minimum elevation of the valid cells in the window, in
        metres, float64. NaN on nodata cells.

    Raises
    ------
    ValueError
        If `dem` is not 2-D, has fewer than 3 rows or columns, contains
        infinite values or no finite cell; if `spacing` is not positive; or if
        `radius` is smaller than one cell or larger than the DEM.
    TypeError
        If `dem` is not numeric.

    See Also
    --------
    roughness : The same range over the 3x3 window.
    tpi : Elevation relative to the mean of a disk.

    Notes
    -----
    The window is the **square** circumscribing the disk that :func:`tpi`
    uses at the same radius, not the disk itself: max and min filters are
    separable over a rectangle, so two 1-D running max/min passes give the
    result in time independent of the radius, whereas a disk footprint costs
    one comparison per window cell (radius squared). On a tilted plane the
    square's range is 1 to :math:`\\sqrt{2}` times the disk's, depending on
    the slope direction (the most for slopes facing a diagonal).

    *Edges and nodata.* The window is cut at the edge of the DEM and NaN
    cells are left out of the max and the min, as for :func:`tpi`.

    Examples
    --------
    >>> import numpy as np
    >>> from skgeo.terrain import local_relief
    >>> dem = np.zeros((9, 9))
    >>> dem[4, 4] = 25.0
    >>> relief = local_relief(dem, spacing=10.0, radius=20.0)
    >>> print(relief[4, 2], relief[4, 1], relief[0, 0])
    25.0 0.0 0.0
    """
    dem = check_dem(dem)
    spacing = check_spacing(spacing)
    radius = check_radius(radius, spacing, dem.shape)
    return local_relief_raster(dem, spacing, radius)
