"""Tests for Weiss landforms, slope positions and the classify_landforms API."""

import numpy as np
import pytest

from skgeo.terrain import (
    GEOMORPHONS,
    SLOPE_POSITIONS,
    WEISS_LANDFORMS,
    classify_landforms,
)
from skgeo.terrain._landforms import slope_positions, standardise, weiss_landforms

SPACING = 10.0
CENTRE = (50, 50)


def coordinates(n=101):
    """Easting and northing (m) of an n x n grid centred on its middle cell."""
    rows, cols = np.mgrid[0:n, 0:n]
    return (cols - n // 2) * SPACING, -(rows - n // 2) * SPACING


def hill(height=80.0, sigma=100.0):
    """A Gaussian hill on a flat plain."""
    easting, northing = coordinates()
    return height * np.exp(-(easting**2 + northing**2) / (2 * sigma**2))


def ridge(height=60.0, sigma=80.0):
    """A Gaussian ridge running north-south through the centre."""
    easting, _ = coordinates()
    return height * np.exp(-(easting**2) / (2 * sigma**2))


@pytest.mark.parametrize(
    "surface, expected",
    [
        (hill(), "mountain tops, high ridges"),
        (-hill(), "canyons, deeply incised streams"),
        (ridge(), "mountain tops, high ridges"),
        (-ridge(), "canyons, deeply incised streams"),
    ],
    ids=["hill", "pit", "ridge", "valley"],
)
def test_weiss_centre_class_of_analytic_surfaces(surface, expected):
    """Summits and crests are high ridges; pits and valley floors canyons."""
    classes = classify_landforms(surface, SPACING, 50.0, 300.0)
    assert WEISS_LANDFORMS[classes[CENTRE]] == expected


def test_weiss_plain_around_hill_and_flat_scene():
    """The plain far from the hill is 'plains'; a flat scene is all plains."""
    classes = classify_landforms(hill(), SPACING, 50.0, 300.0)
    assert WEISS_LANDFORMS[classes[5, 5]] == "plains"
    flat = classify_landforms(np.full((30, 30), 120.0), SPACING, 20.0, 100.0)
    np.testing.assert_array_equal(flat, 5)


def test_weiss_tilted_plane_interior_is_open_slope():
    """A 10 degree plane is 'open slopes' where both disks fit inside."""
    easting, northing = coordinates()
    plane = np.tan(np.radians(10.0)) * easting
    classes = classify_landforms(plane, SPACING, 50.0, 300.0)
    np.testing.assert_array_equal(classes[35:-35, 35:-35], 6)


@pytest.mark.parametrize(
    "surface, expected",
    [(hill(), "ridge"), (-hill(), "valley"), (ridge(), "ridge"), (-ridge(), "valley")],
    ids=["hill", "pit", "ridge", "valley"],
)
def test_slope_position_centre_class(surface, expected):
    """Hilltops and crests are ridges; pits and valley floors valleys."""
    classes = classify_landforms(surface, SPACING, 100.0, scheme="slope_position")
    assert SLOPE_POSITIONS[classes[CENTRE]] == expected


def test_slope_position_flat_and_middle_slope():
    """A flat scene is 'flat slope'; a steep plane's interior 'middle slope'."""
    flat = classify_landforms(
        np.zeros((20, 20)), SPACING, 30.0, scheme="slope_position"
    )
    np.testing.assert_array_equal(flat, 4)
    easting, _ = coordinates()
    plane = np.tan(np.radians(20.0)) * easting
    classes = classify_landforms(plane, SPACING, 100.0, scheme="slope_position")
    np.testing.assert_array_equal(classes[15:-15, 15:-15], 3)


def test_weiss_rules_table():
    """Each cell of SAGA's SN x LN table maps to its documented class."""
    levels = np.array([-1.0, 0.0, 1.0])  # boundary values: <= -1, middle, >= 1
    small, large = np.meshgrid(levels, levels, indexing="ij")
    gentle = weiss_landforms(small, large, np.full((3, 3), 5.0), 5.0)
    steep = weiss_landforms(small, large, np.full((3, 3), 5.1), 5.0)
    np.testing.assert_array_equal(gentle, [[1, 2, 3], [4, 5, 7], [8, 9, 10]])
    np.testing.assert_array_equal(steep, [[1, 2, 3], [4, 6, 7], [8, 9, 10]])


@pytest.mark.parametrize(
    "value, slope, expected",
    [
        (1.01, 0.0, 1),
        (1.0, 0.0, 2),
        (0.51, 0.0, 2),
        (0.5, 10.0, 3),
        (-0.5, 10.0, 3),
        (0.5, 5.0, 4),
        (-0.5, 0.0, 4),
        (-0.51, 0.0, 5),
        (-1.0, 0.0, 5),
        (-1.01, 0.0, 6),
        (np.nan, 0.0, 0),
        (0.0, np.nan, 0),
    ],
    ids=[
        "ridge",
        "upper-at-1",
        "upper",
        "middle-at-0.5",
        "middle-at-minus-0.5",
        "flat-at-0.5",
        "flat-at-minus-0.5",
        "lower",
        "lower-at-minus-1",
        "valley",
        "nan-tpi",
        "nan-slope",
    ],
)
def test_slope_position_thresholds(value, slope, expected):
    """Slope-position boundaries follow Weiss's table, gaps closed at 0.5."""
    result = slope_positions(np.array([value]), np.array([slope]), 5.0)
    assert result[0] == expected


def test_classify_landforms_nodata_is_unclassified():
    """NaN cells (and 3x3 neighbours needing slope) get code 0."""
    dem = hill()
    dem[CENTRE] = np.nan
    for scheme, small, large in [
        ("weiss", 50.0, 300.0),
        ("slope_position", 100.0, None),
        ("geomorphons", 0.0, 100.0),
    ]:
        classes = classify_landforms(dem, SPACING, small, large, scheme=scheme)
        assert classes[CENTRE] == 0, scheme
        assert classes.dtype == np.int64


def test_standardise_uses_scene_statistics_and_handles_constant():
    """Z-scores use the whole scene's mean and SD; a constant scene gives 0."""
    values = np.array([[1.0, 2.0], [3.0, np.nan]])
    np.testing.assert_allclose(standardise(values)[0], [-np.sqrt(1.5), 0.0])
    np.testing.assert_array_equal(standardise(np.full((2, 2), 4.0)), 0.0)


def test_weiss_invariant_to_elevation_offset():
    """Adding a constant elevation changes no class."""
    dem = hill() + 0.05 * coordinates()[0]
    np.testing.assert_array_equal(
        classify_landforms(dem + 3000.0, SPACING, 50.0, 300.0),
        classify_landforms(dem, SPACING, 50.0, 300.0),
    )


@pytest.mark.parametrize(
    "table",
    [WEISS_LANDFORMS, SLOPE_POSITIONS, GEOMORPHONS],
    ids=["weiss", "slope-position", "geomorphons"],
)
def test_class_name_tables(table):
    """Codes run 0..n with 0 unclassified and distinct names."""
    assert list(table) == list(range(len(table)))
    assert table[0] == "unclassified"
    assert len(set(table.values())) == len(table)


@pytest.mark.parametrize(
    "args, kwargs, match",
    [
        (
            (300.0, 50.0),
            {},
            r"small_radius \(300 m\) must be smaller than large_radius",
        ),
        ((50.0, 50.0), {}, "must be smaller than large_radius"),
        ((50.0,), {}, "scheme='weiss' .*needs large_radius"),
        ((0.0,), {"scheme": "geomorphons"}, "scheme='geomorphons' needs large_radius"),
        ((-1.0, 100.0), {"scheme": "geomorphons"}, "must be >= 0 m"),
        ((5.0, 300.0), {}, r"small_radius \(5 m\) is smaller than one cell"),
        ((50.0, 5000.0), {}, r"large_radius \(5000 m\) is larger than the DEM"),
        ((50.0, 300.0), {"scheme": "iwahashi"}, "'scheme' parameter"),
        ((50.0, 300.0), {"slope_threshold": 95.0}, "'slope_threshold' parameter"),
        (
            (0.0, 100.0),
            {"scheme": "geomorphons", "flatness_threshold": 0.0},
            "'flatness_threshold' parameter",
        ),
    ],
    ids=[
        "swapped",
        "equal",
        "weiss-no-large",
        "geomorphons-no-large",
        "negative-skip",
        "small-below-cell",
        "large-above-extent",
        "unknown-scheme",
        "slope-threshold",
        "flatness-threshold",
    ],
)
def test_classify_landforms_bad_input(args, kwargs, match):
    """Bad radii, schemes and thresholds raise ValueError naming the fix."""
    dem = hill()
    with pytest.raises(ValueError, match=match):
        classify_landforms(dem, SPACING, *args, **kwargs)


# --- Thresholds: cells just inside and just outside each one ---------------

JUST = 1e-6  # far above round-off, far below any class width


@pytest.mark.parametrize("threshold", [-1.0, 1.0], ids=["minus-1", "plus-1"])
@pytest.mark.parametrize("scale", ["small", "large"])
def test_weiss_class_changes_exactly_at_one_standard_deviation(threshold, scale):
    """SN or LN just inside +-1 SD is a middle class, just outside an extreme."""
    inner, outer = threshold * (1 - JUST), threshold * (1 + JUST)
    values = np.array([inner, outer, threshold * 0.75, threshold * 0.5])
    other = np.zeros(4)
    small, large = (values, other) if scale == "small" else (other, values)
    classes = weiss_landforms(small, large, np.full(4, 10.0), 5.0)
    middle = 6  # open slopes: -1 < SN, LN < 1 on a steep cell
    expected_extreme = {
        ("small", -1.0): 2,  # SN <= -1, LN middle: midslope drainages
        ("small", 1.0): 9,  # SN >= 1, LN middle: midslope ridges
        ("large", -1.0): 4,  # SN middle, LN <= -1: U-shaped valleys
        ("large", 1.0): 7,  # SN middle, LN >= 1: upper slopes
    }[(scale, threshold)]
    np.testing.assert_array_equal(classes, [middle, expected_extreme, middle, middle])


def test_weiss_plain_and_open_slope_split_at_the_slope_threshold():
    """A middle cell at the slope threshold is a plain, just above an open slope."""
    slope = np.array([5.0 - JUST, 5.0, 5.0 + JUST])
    classes = weiss_landforms(np.zeros(3), np.zeros(3), slope, 5.0)
    np.testing.assert_array_equal(classes, [5, 5, 6])


@pytest.mark.parametrize(
    "value, expected",
    [
        (1 + JUST, 1),
        (1 - JUST, 2),
        (0.5 + JUST, 2),
        (0.5 - JUST, 3),
        (-0.5 + JUST, 3),
        (-0.5 - JUST, 5),
        (-1 + JUST, 5),
        (-1 - JUST, 6),
    ],
    ids=[
        "ridge",
        "upper",
        "upper-low",
        "middle-high",
        "middle-low",
        "lower-high",
        "lower-low",
        "valley",
    ],
)
def test_slope_position_class_changes_exactly_at_each_threshold(value, expected):
    """Just inside and outside +-0.5 and +-1 SD on a steep cell."""
    assert slope_positions(np.array([value]), np.array([10.0]), 5.0)[0] == expected


def reference_classes(dem, spacing, small_radius, large_radius, scheme):
    """Weiss / slope-position classes from independent pieces, cell by cell.

    TPI by direct convolution (test_position's reference), z-scores with
    NumPy's nanmean / nanstd, Horn slope from test_slope's loop, and the
    classes from the published rules written as if/elif.
    """
    from skgeo.terrain.tests.test_position import reference_tpi
    from skgeo.terrain.tests.test_slope import reference_horn

    def zscore(values):
        return (values - np.nanmean(values)) / np.nanstd(values)

    small = zscore(reference_tpi(dem, small_radius, (spacing, spacing)))
    dz_de, dz_dn = reference_horn(dem, (spacing, spacing))
    slope = np.degrees(np.arctan(np.hypot(dz_de, dz_dn)))
    classes = np.zeros(dem.shape, dtype=np.int64)
    near = np.zeros(dem.shape, bool)  # cells within round-off of a threshold
    if scheme == "weiss":
        large = zscore(reference_tpi(dem, large_radius, (spacing, spacing)))
        for index in np.ndindex(dem.shape):
            sn, ln = small[index], large[index]
            row = 0 if sn <= -1 else (2 if sn >= 1 else 1)
            col = 0 if ln <= -1 else (2 if ln >= 1 else 1)
            table = [[1, 2, 3], [4, 5, 7], [8, 9, 10]]
            code = table[row][col]
            if code == 5 and slope[index] > 5.0:
                code = 6
            classes[index] = code
            near[index] = min(abs(abs(sn) - 1), abs(abs(ln) - 1)) < 1e-9
    else:
        for index in np.ndindex(dem.shape):
            sn = small[index]
            if sn > 1:
                code = 1
            elif sn > 0.5:
                code = 2
            elif sn >= -0.5:
                code = 3 if slope[index] > 5.0 else 4
            elif sn >= -1:
                code = 5
            else:
                code = 6
            classes[index] = code
            near[index] = min(abs(abs(sn) - 1), abs(abs(sn) - 0.5)) < 1e-9
    return classes, near


@pytest.mark.parametrize("scheme", ["weiss", "slope_position"])
def test_landforms_fractal_dem_match_independent_reference(scheme):
    """Every cell of a fractal DEM gets the class of the independent reference."""
    from skgeo.datasets import make_terrain

    dem = make_terrain((48, 52), 30.0, relief=300.0, random_state=11)
    large = 240.0 if scheme == "weiss" else None
    expected, near = reference_classes(dem, 30.0, 90.0, large, scheme)
    classes = classify_landforms(dem, 30.0, 90.0, large, scheme=scheme)
    np.testing.assert_array_equal(classes[~near], expected[~near])
    # The classes must not all be one: the test exercises the thresholds.
    assert len(np.unique(classes)) >= 5


def test_weiss_raster_with_global_statistics_is_tile_exact():
    """A tile with the kernel overlap and the scene's TPI statistics gives the
    whole DEM's classes (the contract for chunked computation)."""
    from skgeo.datasets import make_terrain
    from skgeo.terrain._footprint import kernel_radius_cells
    from skgeo.terrain._landforms import tpi_statistics, weiss_raster
    from skgeo.terrain._position import tpi_raster

    dem = make_terrain((80, 60), 30.0, random_state=12)
    dem[30:33, 20:25] = np.nan
    whole = classify_landforms(dem, 30.0, 90.0, 270.0)
    stats = {
        radius: tpi_statistics(tpi_raster(dem, (30.0, 30.0), radius))
        for radius in (90.0, 270.0)
    }
    depth, _ = kernel_radius_cells(
        "classify_landforms", 30.0, small_radius=90.0, large_radius=270.0
    )
    start, stop = 30, 55
    tile = weiss_raster(
        dem[start - depth : stop + depth],
        (30.0, 30.0),
        90.0,
        270.0,
        5.0,
        small_stats=stats[90.0],
        large_stats=stats[270.0],
    )
    np.testing.assert_array_equal(tile[depth:-depth], whole[start:stop])


@pytest.mark.parametrize(
    "scheme, small, large",
    [
        ("weiss", 30.0, 100.0),
        ("slope_position", 50.0, None),
        ("geomorphons", 0.0, 50.0),
    ],
)
def test_classify_landforms_peak_memory_is_near_its_result(
    monkeypatch, scheme, small, large
):
    """Traced peak stays under 1.5x the int64 result (bands much smaller than
    the DEM, as on a 4000 x 4000 DEM)."""
    import tracemalloc

    from skgeo.datasets import make_terrain
    from skgeo.terrain import _landforms, _tiles

    dem = make_terrain((1000, 150), SPACING, random_state=13)
    monkeypatch.setattr(_tiles, "BAND_CELLS", 2048)
    monkeypatch.setattr(_landforms, "STATISTICS_ROWS", 24)
    tracemalloc.start()
    try:
        classes = classify_landforms(dem, SPACING, small, large, scheme=scheme)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= 1.5 * classes.nbytes, peak / classes.nbytes
