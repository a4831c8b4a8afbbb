"""Neighbourhood statistics at a radius: topographic position and local relief.

Both are exact window statistics: a cell's value is computed from the valid
cells of its own window only, in an order that does not depend on where the
window sits, so a tile or a Dask chunk with enough overlap gives the same
bits as the whole DEM, and a NaN never reaches a cell farther away than the
radius.

* TPI needs the sum over a disk (or annulus). The disk is a stack of
  centred row runs; the run sums of every half-width ``w`` are built from
  those of ``w - 1`` by adding the two cells at distance ``w`` (one whole-row
  addition each), and the disk sum adds the runs of its rows. That is about
  ``2 * radius_east + 2 * radius_north`` array additions per cell, linear in
  the radius in cells, against the radius squared of a direct convolution.
* Local relief is a maximum minus a minimum over a square window. Max and
  min filters are separable over a rectangle, and a 1-D running max/min
  (Van Herk / Gil & Werman) costs three comparisons per cell whatever the
  window.
"""

from collections.abc import Sequence

import numpy as np

from ..utils._validation import Real, validate_params
from . import _tiles
from ._checks import check_dem, check_radius, check_spacing
from ._footprint import cells_within
from ._raster import raster_function
from ._tiles import band_rows, for_each_band

__all__ = ["local_relief", "tpi"]


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
    half_east = cells_within(radius, east)
    half_north = cells_within(radius, north)
    rows, cols = np.ogrid[-half_north : half_north + 1, -half_east : half_east + 1]
    distance2 = (rows * north) ** 2 + (cols * east) ** 2
    slack = 1e-9 * radius**2
    inside = (distance2 <= radius**2 + slack) & (distance2 > inner_radius**2 + slack)
    return inside.astype(np.float64)


def kernel_runs(
    radius: float, spacing: tuple[float, float], inner_radius: float = 0.0
) -> list[tuple[int, int, int]]:
    """Describe the :func:`disk_kernel` of these radii as signed row runs.

    Every row of a disk or annulus is a centred run of cells, possibly with
    a centred hole: ``run(w_out) - run(w_in)``. The rows are built one at a
    time with the same arithmetic as :func:`disk_kernel` (so the same cells),
    without the 2-D kernel, which for a radius as large as the DEM would be
    four times the DEM.

    Returns
    -------
    runs : list of (row_offset, half_width, sign)
        Row offset from the centre (negative is north), half-width of a
        centred run, and +1 to add or -1 to subtract its sum; sorted by
        half-width, then row offset, then sign, the fixed order in which
        every cell's sum is accumulated.
    """
    east, north = spacing
    half_east = cells_within(radius, east)
    half_north = cells_within(radius, north)
    cols = np.arange(-half_east, half_east + 1)
    slack = 1e-9 * radius**2
    runs = []
    for row_offset in range(-half_north, half_north + 1):
        distance2 = (row_offset * north) ** 2 + (cols * east) ** 2
        within = distance2 <= radius**2 + slack
        inside = within & (distance2 > inner_radius**2 + slack)
        if not inside.any():
            continue
        outer = int(np.abs(cols[inside]).max())
        hole = within & ~inside
        runs.append((row_offset, outer, 1))
        if hole.any():
            runs.append((row_offset, int(np.abs(cols[hole]).max()), -1))
    return sorted(runs, key=lambda run: (run[1], run[0], run[2]))


def run_sums(
    values: np.ndarray,
    first_row: int,
    start: int,
    stop: int,
    runs: Sequence[tuple[int, int, int]],
) -> np.ndarray:
    """Sum `values` over the kernel given by `runs`, for rows start:stop.

    Parameters
    ----------
    values : ndarray of shape (n_band_rows, n_cols)
        Rows ``first_row : first_row + n_band_rows`` of the raster, 0 where a
        cell must not count; the band covers every row that the kernel of
        rows ``start:stop`` reaches inside the raster.
    first_row, start, stop : int
        Raster row of ``values[0]`` and the rows wanted.
    runs : list of (row_offset, half_width, sign)
        From :func:`kernel_runs`.

    Returns
    -------
    sums : ndarray of shape (stop - start, n_cols)
        Cells outside the raster count as absent (zero).
    """
    n_band, n_cols = values.shape
    last_row = first_row + n_band
    row_sums = values.copy()  # centred runs of half-width 0
    sums = np.zeros((stop - start, n_cols))
    width = 0
    for row_offset, half_width, sign in runs:
        # Widen the runs one cell on each side at a time: the same additions,
        # in the same order, for every cell wherever the band starts.
        while width < half_width:
            width += 1
            if width < n_cols:
                row_sums[:, width:] += values[:, :-width]
                row_sums[:, :-width] += values[:, width:]
        low = max(start, first_row - row_offset)
        high = min(stop, last_row - row_offset)
        if low >= high:
            continue
        source = row_sums[low + row_offset - first_row : high + row_offset - first_row]
        target = sums[low - start : high - start]
        if sign > 0:
            target += source
        else:
            target -= source
    return sums


def count_table(
    runs: Sequence[tuple[int, int, int]], n_rows: int, n_cols: int
) -> tuple[np.ndarray, int]:
    """Cumulative kernel cell counts inside the raster, row offset by offset.

    For a raster without NaN, the number of kernel cells inside the raster
    of a cell in row ``y`` is ``table[high] - table[low]`` with ``low =
    max(-y, -reach) + reach`` and ``high = min(n_rows - 1 - y, reach) + reach
    + 1``, where ``reach`` (returned) is the largest row offset that can
    fall inside the raster. Counts are whole numbers, so this equals the
    count summed over the window, exactly.
    """
    reach = min(max(abs(run[0]) for run in runs), n_rows - 1)
    columns = np.arange(n_cols)
    # Whole numbers below 2**53 are exact in float64.
    table = np.zeros((2 * reach + 2, n_cols))
    per_offset = table[1:]
    for row_offset, half_width, sign in runs:
        if abs(row_offset) > reach:
            continue
        length = np.minimum(columns + half_width, n_cols - 1) - np.maximum(
            columns - half_width, 0
        )
        per_offset[row_offset + reach] += sign * (length + 1)
    np.cumsum(per_offset, axis=0, out=per_offset)
    return table, reach


def counts_without_nodata(
    table: np.ndarray, reach: int, n_rows: int, start: int, stop: int
) -> np.ndarray:
    """Kernel cells inside the raster for rows start:stop (see count_table)."""
    counts = np.empty((stop - start, table.shape[1]))
    for index, row in enumerate(range(start, stop)):
        low = max(-row, -reach) + reach
        high = min(n_rows - 1 - row, reach) + reach + 1
        np.subtract(table[high], table[low], out=counts[index])
    return counts


def tpi_raster(
    dem: np.ndarray,
    spacing: tuple[float, float],
    radius: float,
    inner_radius: float = 0.0,
    *,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """TPI of a float DEM (NaN for nodata) over a disk or annulus; no checks.

    Parameters
    ----------
    dem : ndarray of shape (n_rows, n_cols)
        Float64 elevations, NaN for nodata (may be all NaN).
    spacing : tuple of (float, float)
        ``(east, north)`` cell size in metres.
    radius, inner_radius : float
        Outer and inner radius in metres.
    out : ndarray of shape (n_rows, n_cols), optional
        Float64 array to write the result into.

    Returns
    -------
    tpi : ndarray of shape (n_rows, n_cols)
        NaN on nodata cells and cells without a valid neighbour.
    """
    n_rows, n_cols = dem.shape
    runs = kernel_runs(radius, spacing, inner_radius)
    halo = max(abs(run[0]) for run in runs)
    table, reach = count_table(runs, n_rows, n_cols)
    if out is None:
        out = np.empty(dem.shape)
    eps = np.finfo(np.float64).eps

    def band(start: int, stop: int) -> None:
        first, last = max(start - halo, 0), min(stop + halo, n_rows)
        values = dem[first:last]
        missing = np.isnan(values)
        any_missing = bool(missing.any())
        if any_missing:
            values = np.where(missing, 0.0, values)
        sums = run_sums(values, first, start, stop, runs)
        del values  # the zero-filled copy, before the counts' scratch
        if any_missing:
            counts = run_sums(~missing * 1.0, first, start, stop, runs)
        else:
            counts = counts_without_nodata(table, reach, n_rows, start, stop)
        centre = dem[start:stop]
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.divide(sums, counts, out=sums)
        position = np.subtract(centre, mean, out=out[start:stop])
        # The summation error of n values is below n * eps * sum(|value|); on
        # flat ground and planes it is all there is, and it must read as 0
        # exactly (Weiss classes standardise by the scene's spread of TPI).
        tolerance = np.abs(centre)
        tolerance += np.abs(mean, out=mean)
        tolerance *= counts
        tolerance *= eps
        position[np.abs(position) <= tolerance] = 0.0
        # counts == 0 left mean NaN (0/0) already; nodata centres:
        position[np.isnan(centre)] = np.nan

    # A band holds 2 * halo rows of context; with a halo near the DEM's
    # height every band is the whole DEM, and one thread keeps memory at a
    # small multiple of the DEM.
    threads = 1 if 4 * halo >= n_rows else None
    for_each_band(n_rows, band_rows(n_cols, halo), band, threads=threads)
    return out


def tpi_rasters(
    dem: np.ndarray,
    spacing: tuple[float, float],
    radii: Sequence[float],
    inner_radius: float = 0.0,
) -> list[np.ndarray]:
    """TPI of a validated DEM at several radii (one :func:`tpi_raster` each)."""
    return [tpi_raster(dem, spacing, radius, inner_radius) for radius in radii]


def running_extreme(
    values: np.ndarray, half: int, axis: int, ufunc: np.ufunc, fill: float
) -> np.ndarray:
    """Running max (or min) over ``2 * half + 1`` cells along `axis`.

    Van Herk's and Gil & Werman's method: cut the (padded) line into blocks
    of the window length; the window starting at ``i`` is the part of one
    block from ``i`` on (a suffix extreme) plus the part of the next block
    up to ``i + 2 * half`` (a prefix extreme). Both are cumulative extremes,
    so the cost is three comparisons per cell whatever the window. The
    window is cut at the ends of the line (padding with `fill`, which never
    wins). Max and min are exact, so the result does not depend on where
    the blocks start.
    """
    values = np.moveaxis(values, axis, 0)
    n = values.shape[0]
    length = 2 * half + 1
    n_blocks = -(-(n + 2 * half) // length)
    padded = np.full((n_blocks * length, *values.shape[1:]), fill)
    padded[half : half + n] = values
    blocks = padded.reshape(n_blocks, length, *values.shape[1:])
    prefix = ufunc.accumulate(blocks, axis=1).reshape(padded.shape)
    suffix = ufunc.accumulate(blocks[:, ::-1], axis=1)[:, ::-1].reshape(padded.shape)
    result = ufunc(suffix[:n], prefix[2 * half : 2 * half + n])
    return np.moveaxis(result, 0, axis)


def local_relief_raster(
    dem: np.ndarray,
    spacing: tuple[float, float],
    radius: float,
    *,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Max minus min of the valid cells in a square window of half-side radius.

    Runs the two separable passes band by band: along columns (bands of
    columns, all rows) into `out` and one scratch raster, then along rows
    (bands of rows, whole width). NaN cells are left out; nodata centres are
    NaN. No checks; the DEM may be all NaN.
    """
    east, north = spacing
    n_rows, n_cols = dem.shape
    # A window wider than the DEM sees the whole DEM: cap it there.
    half_east = min(cells_within(radius, east), n_cols - 1)
    half_north = min(cells_within(radius, north), n_rows - 1)
    high = np.empty(dem.shape) if out is None else out
    low = np.empty(dem.shape)

    # Nodata must never win a max or a min, so it becomes -inf / +inf, as
    # do cells beyond the DEM edge: the window is cut at the edge.
    def columns(start: int, stop: int) -> None:
        block = dem[:, start:stop]
        missing = np.isnan(block)
        high[:, start:stop] = running_extreme(
            np.where(missing, -np.inf, block), half_north, 0, np.maximum, -np.inf
        )
        low[:, start:stop] = running_extreme(
            np.where(missing, np.inf, block), half_north, 0, np.minimum, np.inf
        )

    def rows(start: int, stop: int) -> None:
        top = running_extreme(high[start:stop], half_east, 1, np.maximum, -np.inf)
        bottom = running_extreme(low[start:stop], half_east, 1, np.minimum, np.inf)
        relief = np.subtract(top, bottom, out=high[start:stop])
        relief[np.isnan(dem[start:stop])] = np.nan

    for_each_band(n_cols, max(8, _tiles.BAND_CELLS // max(n_rows, 1)), columns)
    for_each_band(n_rows, band_rows(n_cols), rows)
    return high


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
        An ``xarray.DataArray`` DEM (NumPy- or Dask-backed, as
        ``rioxarray.open_rasterio(path, masked=True)`` returns it) works too:
        `spacing` then comes from its coordinates and may be left out, and the
        result is a DataArray with the DEM's coordinates, CRS and geotransform
        (see :ref:`geotiff-dems`).
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

    A NaN cell changes only the cells within `radius` of it: each cell's
    mean is summed from its own window, never through a transform of the
    whole raster, so a tile or Dask chunk with an overlap of the radius in
    cells gives the same values, bit for bit, as the whole DEM.

    *Cost.* The disk is a stack of centred row runs; the run sums of
    half-width ``w`` are those of ``w - 1`` plus two cells, so a disk of
    radius :math:`r_e` by :math:`r_n` cells costs about
    :math:`2 r_e + 2 r_n` additions per cell (and as many again for the
    count of valid cells near nodata and the DEM's edges), against
    :math:`\\pi r_e r_n` for a direct convolution: the time grows linearly
    with the radius in cells. Memory is the result plus a few bands of
    ``2 r_n`` rows. A difference below the summation error (the window's
    cell count times the machine epsilon times the size of the values) is
    set to exactly 0, so flat ground and planes have TPI exactly 0.

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
    if not kernel_runs(radius, spacing, inner_radius):
        raise ValueError(
            f"The annulus between inner_radius ({inner_radius:g} m) and radius "
            f"({radius:g} m) contains no cell centre at spacing {spacing}. Widen "
            "the annulus by decreasing inner_radius or increasing radius."
        )
    return tpi_raster(dem, spacing, radius, inner_radius)


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
        An ``xarray.DataArray`` DEM (NumPy- or Dask-backed, as
        ``rioxarray.open_rasterio(path, masked=True)`` returns it) works too:
        `spacing` then comes from its coordinates and may be left out, and the
        result is a DataArray with the DEM's coordinates, CRS and geotransform
        (see :ref:`geotiff-dems`).
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
    cells are left out of the max and the min, as for :func:`tpi`; a NaN
    changes no cell farther than `radius` from it.

    *Cost.* Each 1-D pass is Van Herk's and Gil & Werman's running extreme:
    three comparisons per cell whatever the radius. Memory is the result,
    one scratch raster and bands of a few rows or columns.

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
