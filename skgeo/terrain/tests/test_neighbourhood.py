"""Tests for the 3x3 window views and their edge rule."""

import numpy as np

from skgeo.terrain._neighbourhood import window3x3


def test_window3x3_views_are_shifted_dem():
    """Each view holds the neighbour in its compass position."""
    dem = np.arange(20.0).reshape(4, 5)
    w = window3x3(dem)
    np.testing.assert_array_equal(w.e, dem)
    # Interior cell (1, 1): a is north-west, i is south-east.
    assert w.a[1, 1] == dem[0, 0]
    assert w.b[1, 1] == dem[0, 1]
    assert w.f[1, 1] == dem[1, 2]
    assert w.i[1, 1] == dem[2, 2]


def test_window3x3_extrapolates_planes_exactly():
    """Outside the edge the plane continues, corners included."""
    rows, cols = np.mgrid[0:4, 0:5]
    dem = 3.0 * cols - 2.0 * rows + 7.0
    w = window3x3(dem)
    for view, (d_row, d_col) in zip(
        w, [(r, c) for r in (-1, 0, 1) for c in (-1, 0, 1)], strict=True
    ):
        expected = 3.0 * (cols + d_col) - 2.0 * (rows + d_row) + 7.0
        np.testing.assert_allclose(view, expected, atol=1e-12)


def test_window3x3_nan_reaches_only_its_neighbours():
    """A NaN cell appears in exactly the windows of its 3x3 neighbourhood."""
    dem = np.zeros((6, 6))
    dem[0, 2] = np.nan
    has_nan = np.zeros(dem.shape, dtype=bool)
    for view in window3x3(dem):
        has_nan |= np.isnan(view)
    expected = np.zeros(dem.shape, dtype=bool)
    expected[0:2, 1:4] = True
    np.testing.assert_array_equal(has_nan, expected)
