"""Landform classes from published rules: Weiss (2001) TPI classes, geomorphons."""

from collections.abc import Sequence

import numpy as np

from ..utils._validation import Interval, Real, StrOptions, validate_params
from ._checks import check_dem, check_radius, check_spacing
from ._footprint import cells_within
from ._geomorphons import geomorphon_forms
from ._position import tpi_raster
from ._raster import raster_function
from ._slope import slope_raster

__all__ = [
    "GEOMORPHONS",
    "SLOPE_POSITIONS",
    "WEISS_LANDFORMS",
    "classify_landforms",
]

#: Code -> name of the 10 TPI landform classes of Weiss (2001), in the order of
#: SAGA's "TPI Based Landform Classification" (1-based), 0 for unclassified.
WEISS_LANDFORMS = {
    0: "unclassified",
    1: "canyons, deeply incised streams",
    2: "midslope drainages, shallow valleys",
    3: "upland drainages, headwaters",
    4: "U-shaped valleys",
    5: "plains",
    6: "open slopes",
    7: "upper slopes, mesas",
    8: "local ridges, hills in valleys",
    9: "midslope ridges, small hills in plains",
    10: "mountain tops, high ridges",
}

#: Code -> name of the 6 slope-position classes of Weiss (2001), 0 for
#: unclassified.
SLOPE_POSITIONS = {
    0: "unclassified",
    1: "ridge",
    2: "upper slope",
    3: "middle slope",
    4: "flat slope",
    5: "lower slope",
    6: "valley",
}

#: Code -> name of the 10 geomorphons of Jasiewicz & Stepinski (2013), with
#: GRASS r.geomorphon's codes, 0 for unclassified.
GEOMORPHONS = {
    0: "unclassified",
    1: "flat",
    2: "peak",
    3: "ridge",
    4: "shoulder",
    5: "spur",
    6: "slope",
    7: "hollow",
    8: "footslope",
    9: "valley",
    10: "pit",
}

SCHEMES = {
    "weiss": WEISS_LANDFORMS,
    "slope_position": SLOPE_POSITIONS,
    "geomorphons": GEOMORPHONS,
}


# Rows per band of the streamed statistics: fixed, so that the statistics of
# a raster do not depend on the machine or on how its TPI was computed.
STATISTICS_ROWS = 256


def band_moments(values: np.ndarray) -> tuple[int, float, float]:
    """Count, mean and sum of squared deviations of the non-NaN values."""
    valid = values[~np.isnan(values)]
    if valid.size == 0:
        return 0, 0.0, 0.0
    mean = float(valid.mean())
    return valid.size, mean, float(np.square(valid - mean).sum())


def combine_moments(
    moments: Sequence[tuple[int, float, float]],
) -> tuple[float, float]:
    """Mean and population std from per-band moments (Chan et al. 1979)."""
    count, mean, squares = 0, 0.0, 0.0
    for band_count, band_mean, band_squares in moments:
        if band_count == 0:
            continue
        total = count + band_count
        delta = band_mean - mean
        mean += delta * band_count / total
        squares += band_squares + delta * delta * count * band_count / total
        count = total
    if count == 0:
        return 0.0, 0.0
    return mean, float(np.sqrt(squares / count))


def tpi_statistics(tpi: np.ndarray) -> tuple[float, float]:
    """Scene-wide mean and population standard deviation of TPI, NaN ignored.

    These standardise TPI in the Weiss schemes. They are accumulated over
    bands of :data:`STATISTICS_ROWS` rows (no whole-raster temporary), so
    :func:`weiss_raster`, which computes the small-scale TPI band by band,
    gets the same numbers. A chunked computation computes them once over the
    whole raster and passes them to :func:`weiss_raster` or
    :func:`slope_position_raster`.
    """
    return combine_moments(
        [
            band_moments(tpi[start : start + STATISTICS_ROWS])
            for start in range(0, tpi.shape[0], STATISTICS_ROWS)
        ]
    )


def standardise(
    values: np.ndarray, statistics: tuple[float, float] | None = None
) -> np.ndarray:
    """Z-score with the scene's (or the given) mean and std; all 0 if std is 0."""
    mean, std = tpi_statistics(values) if statistics is None else statistics
    if not std > 0:
        return np.where(np.isnan(values), np.nan, 0.0)
    return (values - mean) / std


def weiss_landforms(
    small: np.ndarray, large: np.ndarray, slope: np.ndarray, slope_threshold: float
) -> np.ndarray:
    """Weiss's 10 classes from standardised TPI at two scales and slope."""
    # Every comparison with NaN is False, so cells with a NaN input match no
    # rule and fall to the default 0 (unclassified).
    low_s, mid_s, high_s = small <= -1, (small > -1) & (small < 1), small >= 1
    low_l, mid_l, high_l = large <= -1, (large > -1) & (large < 1), large >= 1
    conditions = [
        low_s & low_l,
        low_s & mid_l,
        low_s & high_l,
        mid_s & low_l,
        mid_s & mid_l & (slope <= slope_threshold),
        mid_s & mid_l & (slope > slope_threshold),
        mid_s & high_l,
        high_s & low_l,
        high_s & mid_l,
        high_s & high_l,
    ]
    return np.select(conditions, np.arange(1, 11), default=0)


def slope_positions(
    small: np.ndarray, slope: np.ndarray, slope_threshold: float
) -> np.ndarray:
    """Weiss's 6 slope positions from standardised TPI at one scale and slope."""
    middle = (small >= -0.5) & (small <= 0.5)
    conditions = [
        small > 1,
        (small > 0.5) & (small <= 1),
        middle & (slope > slope_threshold),
        middle & (slope <= slope_threshold),
        (small >= -1) & (small < -0.5),
        small < -1,
    ]
    return np.select(conditions, np.arange(1, 7), default=0)


@raster_function
@validate_params(
    {
        "dem": ["array-like"],
        "spacing": [Real, "array-like"],
        "small_radius": [Real],
        "large_radius": [Real, None],
        "scheme": [StrOptions(set(SCHEMES))],
        "slope_threshold": [Interval(Real, 0, 90, closed="left")],
        "flatness_threshold": [Interval(Real, 0, 90, closed="neither")],
    },
    prefer_skip_nested_validation=True,
)
def classify_landforms(
    dem: object,
    spacing: float | tuple[float, float],
    small_radius: float,
    large_radius: float | None = None,
    *,
    scheme: str = "weiss",
    slope_threshold: float = 5.0,
    flatness_threshold: float = 1.0,
) -> np.ndarray:
    """Label every cell of a DEM with a landform class from a published scheme.

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
    small_radius : float
        In metres. ``"weiss"`` and ``"slope_position"``: radius of the
        small-scale TPI (at least one cell). ``"geomorphons"``: the skip
        radius, cells this close or closer are not looked at (0 or more;
        GRASS's ``skip``).
    large_radius : float or None, default=None
        In metres, larger than `small_radius` and at most the longer side of
        the DEM. ``"weiss"``: radius of the large-scale TPI (required).
        ``"geomorphons"``: the search radius, the farthest distance looked at
        (required; GRASS's ``search``). ``"slope_position"``: not used.
    scheme : {"weiss", "slope_position", "geomorphons"}, default="weiss"
        ``"weiss"``: the 10 landforms of Weiss (2001) from TPI at two
        scales (:data:`WEISS_LANDFORMS`). ``"slope_position"``: Weiss's 6
        slope positions from TPI at one scale (:data:`SLOPE_POSITIONS`).
        ``"geomorphons"``: the 10 geomorphons of Jasiewicz & Stepinski
        (2013) (:data:`GEOMORPHONS`).
    slope_threshold : float, default=5.0
        Slope in degrees separating plains from open slopes (``"weiss"``)
        and flat from middle slopes (``"slope_position"``). Not used by
        ``"geomorphons"``.
    flatness_threshold : float, default=1.0
        Elevation angle in degrees below which a line of sight counts as
        level (``"geomorphons"`` only; GRASS's ``flat``).

    Returns
    -------
    classes : ndarray of shape (n_rows, n_cols)
        int64 class codes; look names up in :data:`WEISS_LANDFORMS`,
        :data:`SLOPE_POSITIONS` or :data:`GEOMORPHONS`. Code 0
        (``"unclassified"``) marks cells whose inputs are NaN.

    Raises
    ------
    ValueError
        If `dem` or `spacing` is invalid (see :func:`slope`); if a radius is
        smaller than one cell or larger than the DEM; if `small_radius` is
        not smaller than `large_radius`; if the scheme needs `large_radius`
        and it is None; if `scheme` is unknown or a threshold is out of
        range.
    TypeError
        If `dem` is not numeric.

    See Also
    --------
    tpi : The topographic position index behind the Weiss schemes.
    terrain_attributes : Features to predict these classes from.

    Notes
    -----
    **Weiss landforms.** TPI at the two radii (:func:`tpi`) is standardised
    with the mean and standard deviation of the *whole scene*,
    :math:`SN = (\\mathrm{TPI}_s - \\mu_s)/\\sigma_s` and likewise
    :math:`LN`, so that the classes of a tile depend on the tile (as in SAGA
    and Jenness's tool); compare classifications of different scenes with
    care. A constant scene has :math:`SN = LN = 0`. The classes, exactly as
    coded in SAGA's ``ta_morphometry/tpi.cpp``:

    ===================  ===========  ===================  ===========
    \\                    LN <= -1     -1 < LN < 1          LN >= 1
    ===================  ===========  ===================  ===========
    **SN <= -1**         1 canyons    2 midslope drainage  3 upland
                                                           drainage
    **-1 < SN < 1**      4 U-valley   5 plain (slope <=    7 upper
                                      threshold), 6 open   slope, mesa
                                      slope (otherwise)
    **SN >= 1**          8 local      9 midslope ridge     10 mountain
                         ridge                             top
    ===================  ===========  ===================  ===========

    **Slope positions** (one radius, `small_radius`): 1 ridge
    :math:`SN > 1`; 2 upper slope :math:`0.5 < SN \\le 1`; 3 middle slope
    :math:`-0.5 \\le SN \\le 0.5` and slope above the threshold; 4 flat
    :math:`-0.5 \\le SN \\le 0.5` and slope at or below it; 5 lower slope
    :math:`-1 \\le SN < -0.5`; 6 valley :math:`SN < -1`. Weiss's poster
    writes the middle class with strict inequalities, which would leave
    steep cells at exactly :math:`\\pm 0.5` unclassified; here they are
    middle slopes.

    **Geomorphons.** Along each of the 8 compass directions, every cell at
    a distance in ``(small_radius, large_radius]`` is looked at, and the
    largest and smallest elevation angles :math:`\\phi_+` and
    :math:`\\phi_-` seen are kept. The direction is level (0) if both are
    within `flatness_threshold` of horizontal; otherwise it is higher (+)
    when :math:`\\phi_+ + \\phi_- > 0` and lower (-) when it is negative.
    This is GRASS r.geomorphon's test :math:`|\\phi_+| > |\\phi_-|` whenever
    the two angles differ; on a uniform slope (equal angles) GRASS calls the
    direction level, whereas here, as in the paper's comparison of zenith
    and nadir angles, it is higher uphill and lower downhill. The counts of
    lower and higher directions select the form:

    =========  ==  ==  ==  ==  ==  ==  ==  ==  ==
    n- \\\\ n+   0   1   2   3   4   5   6   7   8
    =========  ==  ==  ==  ==  ==  ==  ==  ==  ==
    0          FL  FL  FL  FS  FS  VL  VL  VL  PT
    1          FL  FL  FS  FS  FS  VL  VL  VL
    2          FL  SH  SL  SL  HL  HL  VL
    3          SH  SH  SL  SL  SL  HL
    4          SH  SH  SP  SL  SL
    5          RI  RI  SP  SP
    6          RI  RI  RI
    7          RI  RI
    8          PK
    =========  ==  ==  ==  ==  ==  ==  ==  ==  ==

    with FL flat, PK peak, RI ridge, SH shoulder, SP spur, SL slope, HL
    hollow, FS footslope, VL valley, PT pit. Lines of sight stop at the edge
    of the DEM and skip NaN cells; a direction with no cell in view counts
    as level, so cells near the edge are classified from fewer directions
    (GRASS leaves the outermost ring unclassified instead). The cost is one
    whole-array operation per direction and distance step, i.e. grows
    linearly with `large_radius` in cells. A 1 degree threshold is too
    coarse for DEMs coarser than about 1 km per cell.

    References
    ----------
    .. [1] Weiss, A. D. (2001). Topographic position and landforms analysis.
       Poster, ESRI International User Conference, San Diego, CA.
    .. [2] Guisan, A., Weiss, S. B., & Weiss, A. D. (1999). GLM versus CCA
       spatial modeling of plant species distribution. Plant Ecology, 143,
       107-122. doi:10.1023/A:1009841519580
    .. [3] Jasiewicz, J., & Stepinski, T. F. (2013). Geomorphons - a pattern
       recognition approach to classification and mapping of landforms.
       Geomorphology, 182, 147-156. doi:10.1016/j.geomorph.2012.11.005

    Examples
    --------
    A Gaussian hill on a plain: its summit is a mountain top (Weiss), a
    ridge (slope position) and a peak (geomorphons); the plain around it is
    a plain, a flat and flat:

    >>> import numpy as np
    >>> from skgeo.terrain import (GEOMORPHONS, SLOPE_POSITIONS,
    ...                            WEISS_LANDFORMS, classify_landforms)
    >>> rows, cols = np.mgrid[-40:41, -40:41] * 10.0
    >>> dem = 80.0 * np.exp(-(rows**2 + cols**2) / (2 * 80.0**2))
    >>> weiss = classify_landforms(dem, 10.0, 50.0, 300.0)
    >>> WEISS_LANDFORMS[weiss[40, 40]], WEISS_LANDFORMS[weiss[5, 5]]
    ('mountain tops, high ridges', 'plains')
    >>> position = classify_landforms(dem, 10.0, 100.0, scheme="slope_position")
    >>> SLOPE_POSITIONS[position[40, 40]], SLOPE_POSITIONS[position[5, 5]]
    ('ridge', 'flat slope')
    >>> forms = classify_landforms(dem, 10.0, 0.0, 100.0, scheme="geomorphons")
    >>> GEOMORPHONS[forms[40, 40]], GEOMORPHONS[forms[5, 5]]
    ('peak', 'flat')
    """
    dem = check_dem(dem)
    spacing = check_spacing(spacing)
    if scheme == "geomorphons":
        search, skip = _check_geomorphon_radii(
            small_radius, large_radius, spacing, dem.shape
        )
        return geomorphon_raster(dem, spacing, search, skip, flatness_threshold)

    small_radius = check_radius(small_radius, spacing, dem.shape, name="small_radius")
    if scheme == "slope_position":
        return slope_position_raster(dem, spacing, small_radius, slope_threshold)

    if large_radius is None:
        raise ValueError(
            "scheme='weiss' compares TPI at two scales and needs large_radius; got "
            "None. Pass e.g. classify_landforms(dem, spacing, 300.0, 2000.0), or "
            "use scheme='slope_position' for one scale."
        )
    large_radius = check_radius(large_radius, spacing, dem.shape, name="large_radius")
    _check_order(small_radius, large_radius)
    return weiss_raster(dem, spacing, small_radius, large_radius, slope_threshold)


def weiss_raster(
    dem: np.ndarray,
    spacing: tuple[float, float],
    small_radius: float,
    large_radius: float,
    slope_threshold: float,
    *,
    small_stats: tuple[float, float] | None = None,
    large_stats: tuple[float, float] | None = None,
) -> np.ndarray:
    """Weiss classes of a float DEM (NaN for nodata); no checks.

    `small_stats` and `large_stats` are the (mean, std) of the two TPI
    rasters; None computes them from this DEM (:func:`tpi_statistics`).

    The large-scale TPI is kept in the result's own memory (int64 and
    float64 have the same size) until the classes overwrite it band by band;
    the small-scale TPI is computed per band, twice if its statistics are
    needed. The peak memory is then the result plus bands.
    """
    classes = np.empty(dem.shape, dtype=np.int64)
    large = tpi_raster(dem, spacing, large_radius, out=classes.view(np.float64))
    if large_stats is None:
        large_stats = tpi_statistics(large)
    if small_stats is None:
        small_stats = combine_moments(
            [
                band_moments(_tpi_rows(dem, spacing, small_radius, start, stop))
                for start, stop in _bands(dem.shape[0], STATISTICS_ROWS)
            ]
        )
    for start, stop in _bands(dem.shape[0], STATISTICS_ROWS):
        small = standardise(
            _tpi_rows(dem, spacing, small_radius, start, stop), small_stats
        )
        large_rows = standardise(large[start:stop], large_stats)
        slope = _slope_rows(dem, spacing, start, stop)
        classes[start:stop] = weiss_landforms(small, large_rows, slope, slope_threshold)
    return classes


def slope_position_raster(
    dem: np.ndarray,
    spacing: tuple[float, float],
    radius: float,
    slope_threshold: float,
    *,
    stats: tuple[float, float] | None = None,
) -> np.ndarray:
    """Slope-position classes of a float DEM (NaN for nodata); no checks.

    `stats` is the (mean, std) of the TPI; None computes it from this DEM.
    The TPI is kept in the result's memory until the classes overwrite it.
    """
    classes = np.empty(dem.shape, dtype=np.int64)
    position = tpi_raster(dem, spacing, radius, out=classes.view(np.float64))
    if stats is None:
        stats = tpi_statistics(position)
    for start, stop in _bands(dem.shape[0], STATISTICS_ROWS):
        small = standardise(position[start:stop], stats)
        slope = _slope_rows(dem, spacing, start, stop)
        classes[start:stop] = slope_positions(small, slope, slope_threshold)
    return classes


def geomorphon_raster(
    dem: np.ndarray,
    spacing: tuple[float, float],
    search_radius: float,
    skip_radius: float,
    flatness_threshold: float,
) -> np.ndarray:
    """Geomorphons of a float DEM band by band (rows plus the search radius).

    Lines of sight reach at most the search radius, so each band's forms
    equal those rows of :func:`geomorphon_forms` on the whole DEM, and the
    scratch arrays are band-sized.
    """
    halo = cells_within(search_radius, spacing[1])
    forms = np.empty(dem.shape, dtype=np.int64)
    # Six float scratch arrays per band: keep bands thin, but at least as
    # tall as their overlap.
    for start, stop in _bands(dem.shape[0], max(2 * halo, STATISTICS_ROWS // 4)):
        first, last = max(start - halo, 0), min(stop + halo, dem.shape[0])
        band = geomorphon_forms(
            dem[first:last], spacing, search_radius, skip_radius, flatness_threshold
        )
        forms[start:stop] = band[start - first : stop - first]
    return forms


def _bands(n_rows: int, rows: int) -> list[tuple[int, int]]:
    return [(start, min(start + rows, n_rows)) for start in range(0, n_rows, rows)]


def _tpi_rows(
    dem: np.ndarray, spacing: tuple[float, float], radius: float, start: int, stop: int
) -> np.ndarray:
    """TPI of rows start:stop, from those rows and the radius around them.

    TPI is a window statistic, so this equals the rows of the whole DEM's
    TPI bit for bit.
    """
    halo = cells_within(radius, spacing[1])
    first, last = max(start - halo, 0), min(stop + halo, dem.shape[0])
    return tpi_raster(dem[first:last], spacing, radius)[start - first : stop - first]


def _slope_rows(
    dem: np.ndarray, spacing: tuple[float, float], start: int, stop: int
) -> np.ndarray:
    """Slope of rows start:stop (equal to those rows of the whole DEM's slope)."""
    first, last = max(start - 1, 0), min(stop + 1, dem.shape[0])
    return slope_raster(dem[first:last], spacing)[start - first : stop - first]


def _check_order(small_radius: float, large_radius: float) -> None:
    if small_radius >= large_radius:
        raise ValueError(
            f"small_radius ({small_radius:g} m) must be smaller than large_radius "
            f"({large_radius:g} m). Swap them, or choose two different scales."
        )


def _check_geomorphon_radii(
    small_radius: float,
    large_radius: float | None,
    spacing: tuple[float, float],
    shape: tuple[int, int],
) -> tuple[float, float]:
    """Return (search, skip) radii for geomorphons, validated."""
    if large_radius is None:
        raise ValueError(
            "scheme='geomorphons' needs large_radius, the search radius of the "
            "lines of sight; got None. Pass e.g. classify_landforms(dem, spacing, "
            "0.0, 10 * spacing, scheme='geomorphons')."
        )
    search = check_radius(large_radius, spacing, shape, name="large_radius")
    skip = float(small_radius)
    if not skip >= 0.0:
        raise ValueError(
            f"small_radius is the skip radius of the geomorphon lines of sight and "
            f"must be >= 0 m; got {small_radius!r}. Use 0.0 to look from the first "
            "neighbour on."
        )
    _check_order(skip, search)
    return search, skip
