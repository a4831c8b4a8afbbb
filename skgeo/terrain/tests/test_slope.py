"""Tests for Horn slope and aspect on surfaces with known answers."""

import numpy as np
import pytest

from skgeo.terrain import aspect, slope


def plane(d_east, d_north, shape=(7, 9), spacing=(30.0, 30.0)):
    """A plane rising d_east m/m to the east and d_north m/m to the north."""
    rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]]
    easting, northing = cols * spacing[0], -rows * spacing[1]
    return 100.0 + d_east * easting + d_north * northing


def test_slope_aspect_reference_plane_everywhere():
    """Plane rising east 0.1 and north 0.05: 6.379 deg, 243.4 deg, edges too."""
    dem = plane(0.1, 0.05)
    np.testing.assert_allclose(slope(dem, 30.0), 6.379, atol=5e-4)
    expected = np.degrees(np.arctan2(-0.1, -0.05)) % 360
    np.testing.assert_allclose(aspect(dem, 30.0), expected, atol=1e-9)
    assert round(expected, 1) == 243.4


@pytest.mark.parametrize(
    "d_east, d_north, expected",
    [
        (0.0, -0.2, 0.0),
        (-0.2, -0.2, 45.0),
        (-0.2, 0.0, 90.0),
        (-0.1, 0.1, 135.0),
        (0.0, 0.2, 180.0),
        (0.3, 0.3, 225.0),
        (0.2, 0.0, 270.0),
        (0.1, -0.1, 315.0),
    ],
    ids=[
        "north",
        "north-east",
        "east",
        "south-east",
        "south",
        "south-west",
        "west",
        "north-west",
    ],
)
def test_aspect_points_downslope_clockwise_from_north(d_east, d_north, expected):
    """A plane falling toward a compass direction has that aspect."""
    result = aspect(plane(d_east, d_north), 30.0)
    np.testing.assert_allclose(result, expected, atol=1e-9)


def test_aspect_in_half_open_range():
    """Aspect stays in [0, 360) on a plane facing just west of north."""
    dem = plane(1e-12, -0.5)
    result = aspect(dem, 30.0)
    assert np.all((result >= 0.0) & (result < 360.0))


def test_slope_matches_analytic_gradient_of_paraboloid():
    """Horn's differences are exact for quadratics: slope = atan|grad z|."""
    rows, cols = np.mgrid[0:11, 0:11]
    easting, northing = 10.0 * cols, -10.0 * rows
    dem = 0.002 * easting**2 + 0.001 * northing**2 + 0.0005 * easting * northing
    d_east = 0.004 * easting + 0.0005 * northing
    d_north = 0.002 * northing + 0.0005 * easting
    expected = np.degrees(np.arctan(np.hypot(d_east, d_north)))
    np.testing.assert_allclose(slope(dem, 10.0)[1:-1, 1:-1], expected[1:-1, 1:-1])


def test_slope_aspect_anisotropic_spacing():
    """With (east, north) cells of 10 m x 40 m the plane keeps its angles."""
    dem = plane(0.1, 0.05, spacing=(10.0, 40.0))
    np.testing.assert_allclose(slope(dem, (10.0, 40.0)), 6.379, atol=5e-4)
    np.testing.assert_allclose(aspect(dem, (10.0, 40.0)), 243.435, atol=1e-3)


def test_slope_aspect_flat_cells():
    """A flat raster has slope 0 and no aspect (NaN)."""
    dem = np.full((4, 5), 250.0)
    np.testing.assert_array_equal(slope(dem, 30.0), 0.0)
    assert np.isnan(aspect(dem, 30.0)).all()


def test_slope_aspect_nan_propagates_to_3x3_neighbourhood():
    """A NaN cell makes its 3x3 neighbourhood NaN, centre included."""
    dem = plane(0.1, 0.05)
    dem[3, 4] = np.nan
    expected = np.zeros(dem.shape, dtype=bool)
    expected[2:5, 3:6] = True
    np.testing.assert_array_equal(np.isnan(slope(dem, 30.0)), expected)
    np.testing.assert_array_equal(np.isnan(aspect(dem, 30.0)), expected)


@pytest.mark.parametrize(
    "dem, spacing, error, match",
    [
        (np.zeros((3, 3, 3)), 30.0, ValueError, "2-D raster"),
        (np.full((4, 4), np.nan), 30.0, ValueError, "no finite cell"),
        (np.zeros((4, 4)), 0.0, ValueError, "spacing is the cell size"),
        (np.zeros((4, 4)), (-1.0, 2.0), ValueError, "spacing is the cell size"),
        ("dem.tif", 30.0, ValueError, "'dem' parameter of slope"),
    ],
    ids=["3d", "all-nan", "zero-spacing", "negative-spacing", "file-name"],
)
def test_slope_bad_input(dem, spacing, error, match):
    """Bad rasters and cell sizes raise clear errors from slope and aspect."""
    with pytest.raises(error, match=match):
        slope(dem, spacing)
    with pytest.raises(error, match=match.replace("slope", "aspect")):
        aspect(dem, spacing)


# --- Surfaces where the stencil matters -------------------------------------


def reference_horn(dem, spacing):
    """Horn's (1981) gradient cell by cell, from the published formula.

    Written independently of skgeo's band code: an explicit loop over the
    cells, window cells named a..i (rows north to south), edges padded by
    linear extrapolation as documented.
    """
    east, north = spacing
    padded = np.pad(np.asarray(dem, float), 1, mode="reflect", reflect_type="odd")
    n_rows, n_cols = np.shape(dem)
    dz_de, dz_dn = np.empty((n_rows, n_cols)), np.empty((n_rows, n_cols))
    for row in range(n_rows):
        for col in range(n_cols):
            (a, b, c), (d, _, f), (g, h, i) = padded[row : row + 3, col : col + 3]
            dz_de[row, col] = ((c + 2 * f + i) - (a + 2 * d + g)) / (8 * east)
            dz_dn[row, col] = ((a + 2 * b + c) - (g + 2 * h + i)) / (8 * north)
    return dz_de, dz_dn


def sine_surface(shape, spacing, wavelengths=(150.0, 110.0), amplitude=40.0):
    """z = A sin(k e) sin(l n) with e east and n north (row 0 north)."""
    rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]]
    easting, northing = cols * spacing[0], -rows * spacing[1]
    k, wave_l = 2 * np.pi / wavelengths[0], 2 * np.pi / wavelengths[1]
    return amplitude * np.sin(k * easting) * np.sin(wave_l * northing), (
        easting,
        northing,
        k,
        wave_l,
    )


@pytest.mark.parametrize("spacing", [(10.0, 10.0), (10.0, 14.0)], ids=["sq", "rect"])
def test_slope_aspect_sine_surface_closed_form_of_horn_stencil(spacing):
    """On a product of sines Horn's stencil has a closed form with 1-2-1 weights."""
    dem, (easting, northing, k, wave_l) = sine_surface((40, 50), spacing)
    east, north = spacing
    amplitude = 40.0
    # Central difference times the 1-2-1 average across it:
    # (1 + cos(l h)) / 2 is what weights 1-2-1 give (1-1-1 would give
    # (1 + 2 cos(l h)) / 3).
    dz_de = (
        amplitude
        * np.cos(k * easting)
        * np.sin(wave_l * northing)
        * np.sin(k * east)
        / east
        * (1 + np.cos(wave_l * north))
        / 2
    )
    dz_dn = (
        amplitude
        * np.sin(k * easting)
        * np.cos(wave_l * northing)
        * np.sin(wave_l * north)
        / north
        * (1 + np.cos(k * east))
        / 2
    )
    inner = (slice(1, -1), slice(1, -1))  # edges are extrapolated
    expected_slope = np.degrees(np.arctan(np.hypot(dz_de, dz_dn)))
    np.testing.assert_allclose(
        slope(dem, spacing)[inner], expected_slope[inner], atol=1e-9
    )
    expected_aspect = np.degrees(np.arctan2(-dz_de, -dz_dn)) % 360
    got = aspect(dem, spacing)[inner]
    difference = (got - expected_aspect[inner] + 180) % 360 - 180
    steep = expected_slope[inner] > 1e-3  # aspect is ill-defined on flat spots
    np.testing.assert_allclose(difference[steep], 0.0, atol=1e-7)


def test_slope_cone_far_from_apex_is_its_flank_angle():
    """A cone's flank has one slope; Horn gets it within 0.05 degree, exactly
    its formula everywhere (the apex and the rim are where stencils differ)."""
    rows, cols = np.mgrid[-30:31, -30:31] * 10.0
    dem = 500.0 - 0.4 * np.hypot(rows, cols)
    result = slope(dem, 10.0)
    dz_de, dz_dn = reference_horn(dem, (10.0, 10.0))
    np.testing.assert_allclose(
        result, np.degrees(np.arctan(np.hypot(dz_de, dz_dn))), atol=1e-10
    )
    distance = np.hypot(rows, cols)
    flank = (distance > 120.0) & (distance < 280.0)
    np.testing.assert_allclose(result[flank], np.degrees(np.arctan(0.4)), atol=0.05)
    # Aspect on a cone points away from the apex.
    azimuth = np.degrees(np.arctan2(cols, -rows)) % 360
    difference = (aspect(dem, 10.0) - azimuth + 180) % 360 - 180
    np.testing.assert_allclose(difference[flank], 0.0, atol=0.5)


@pytest.mark.parametrize("spacing", [(30.0, 30.0), (25.0, 40.0)], ids=["sq", "rect"])
def test_slope_aspect_fractal_dem_match_cell_by_cell_horn(spacing):
    """On a fractal DEM, slope and aspect equal Horn's formula cell by cell."""
    from skgeo.datasets import make_terrain

    dem = make_terrain((36, 41), spacing, random_state=3)
    dz_de, dz_dn = reference_horn(dem, spacing)
    np.testing.assert_allclose(
        slope(dem, spacing), np.degrees(np.arctan(np.hypot(dz_de, dz_dn))), atol=1e-10
    )
    expected = np.degrees(np.arctan2(-dz_de, -dz_dn)) % 360
    difference = (aspect(dem, spacing) - expected + 180) % 360 - 180
    np.testing.assert_allclose(difference, 0.0, atol=1e-9)


def test_slope_fractal_dem_matches_xarray_spatial():
    """xarray-spatial's Horn slope (float32) agrees on interior cells."""
    xr = pytest.importorskip("xarray")
    xrspatial = pytest.importorskip("xrspatial")
    from skgeo.datasets import make_terrain

    dem = make_terrain((60, 70), 30.0, random_state=7)
    grid = xr.DataArray(
        dem,
        dims=("y", "x"),
        coords={"y": -30.0 * np.arange(60), "x": 30.0 * np.arange(70)},
    )
    theirs = xrspatial.slope(grid).to_numpy()[1:-1, 1:-1]
    np.testing.assert_allclose(slope(dem, 30.0)[1:-1, 1:-1], theirs, atol=2e-3)


def test_slope_band_and_tile_results_are_bit_identical():
    """A tile with one row/column of overlap gives the whole DEM's bits."""
    from skgeo.datasets import make_terrain
    from skgeo.terrain import _tiles

    dem = make_terrain((90, 64), 30.0, random_state=1)
    dem[40:43, 10:12] = np.nan
    whole = slope(dem, 30.0)
    tile = slope(dem[29:61, 15:50], 30.0)
    np.testing.assert_array_equal(tile[1:-1, 1:-1], whole[30:60, 16:49])
    # Band size must not matter either.
    original = _tiles.BAND_CELLS
    try:
        _tiles.BAND_CELLS = 64 * 3
        np.testing.assert_array_equal(slope(dem, 30.0), whole)
        np.testing.assert_array_equal(aspect(dem, 30.0), aspect(dem, 30.0))
    finally:
        _tiles.BAND_CELLS = original


def test_slope_integer_dem_gives_float_result():
    """An integer DEM works and gives the float slope of the same values."""
    dem = (np.arange(35).reshape(5, 7) * 3).astype(np.int16)
    result = slope(dem, 10.0)
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, slope(dem.astype(float), 10.0))


def test_slope_nan_does_not_reach_beyond_its_window():
    """A nodata cell makes its 3x3 neighbourhood NaN and nothing else."""
    from skgeo.datasets import make_terrain

    dem = make_terrain((30, 30), 30.0, random_state=2)
    clean = slope(dem, 30.0)
    dem[12, 17] = np.nan
    result = slope(dem, 30.0)
    window = np.zeros(dem.shape, bool)
    window[11:14, 16:19] = True
    assert np.isnan(result[window]).all()
    np.testing.assert_array_equal(result[~window], clean[~window])
