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
