"""Tests for Riley's TRI and 3x3 roughness."""

import numpy as np
import pytest

from skgeo.terrain import roughness, tri


def tilted_plane(d_east, d_north, spacing=10.0, shape=(6, 7)):
    """A plane with gradient (d_east, d_north) in m/m, row 0 north."""
    rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]]
    return d_east * cols * spacing - d_north * rows * spacing


def test_tri_spike_values():
    """A spike of height h has TRI sqrt(8) h, its neighbours h, others 0."""
    dem = np.zeros((7, 7))
    dem[3, 3] = 12.0
    result = tri(dem)
    assert result[3, 3] == pytest.approx(np.sqrt(8) * 12.0)
    neighbours = np.zeros(dem.shape, dtype=bool)
    neighbours[2:5, 2:5] = True
    neighbours[3, 3] = False
    np.testing.assert_allclose(result[neighbours], 12.0)
    np.testing.assert_array_equal(result[~neighbours & (dem == 0)][:5], 0.0)


def test_tri_plane_is_uniform_including_edges():
    """On a plane TRI = spacing * sqrt(6 |grad|^2) at every cell, edges too."""
    d_east, d_north = 0.3, -0.4
    expected = 10.0 * np.sqrt(6 * (d_east**2 + d_north**2))
    np.testing.assert_allclose(tri(tilted_plane(d_east, d_north)), expected)


def test_roughness_plane_is_uniform_including_edges():
    """On a plane the 3x3 range is 2 * spacing * (|g_e| + |g_n|) everywhere."""
    d_east, d_north = 0.3, -0.4
    expected = 2 * 10.0 * (abs(d_east) + abs(d_north))
    np.testing.assert_allclose(roughness(tilted_plane(d_east, d_north)), expected)


def test_roughness_spike_window():
    """A spike raises the roughness of its 3x3 neighbourhood only."""
    dem = np.zeros((7, 7))
    dem[2, 4] = 3.0
    expected = np.zeros(dem.shape)
    expected[1:4, 3:6] = 3.0
    np.testing.assert_allclose(roughness(dem), expected)


@pytest.mark.parametrize("function", [tri, roughness], ids=["tri", "roughness"])
def test_ruggedness_nan_propagates_to_3x3_neighbourhood(function):
    """A NaN cell makes its 3x3 neighbourhood NaN and nothing else."""
    dem = tilted_plane(0.1, 0.2)
    dem[5, 3] = np.nan
    expected = np.zeros(dem.shape, dtype=bool)
    expected[4:6, 2:5] = True
    np.testing.assert_array_equal(np.isnan(function(dem)), expected)


@pytest.mark.parametrize("function", [tri, roughness], ids=["tri", "roughness"])
def test_ruggedness_bad_dem(function):
    """A 1-D or all-NaN DEM raises a ValueError."""
    with pytest.raises(ValueError, match="2-D raster"):
        function(np.zeros(10))
    with pytest.raises(ValueError, match="no finite cell"):
        function(np.full((3, 3), np.nan))
