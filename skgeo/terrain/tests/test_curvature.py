"""Tests for Zevenbergen & Thorne curvature on analytic surfaces."""

import numpy as np
import pytest

from skgeo.terrain import curvature

RADIUS = 400.0


def grid(shape=(21, 21), spacing=(10.0, 10.0)):
    """Easting and northing of cell centres, origin at the middle cell."""
    rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]]
    rows = rows - shape[0] // 2
    cols = cols - shape[1] // 2
    return cols * spacing[0], -rows * spacing[1]


@pytest.mark.parametrize(
    "spacing", [(10.0, 10.0), (10.0, 25.0)], ids=["square", "anisotropic"]
)
def test_curvature_dome_values_and_sign(spacing):
    """Dome -(e^2+n^2)/(2R): total 2/R, profile and plan 1/R, convex > 0."""
    easting, northing = grid(spacing=spacing)
    dome = -(easting**2 + northing**2) / (2 * RADIUS)
    inner = (slice(1, -1), slice(1, -1))
    sloping = np.hypot(easting, northing)[inner] > 0
    total = curvature(dome, spacing, kind="total")[inner]
    profile = curvature(dome, spacing, kind="profile")[inner]
    plan = curvature(dome, spacing, kind="plan")[inner]
    np.testing.assert_allclose(total, 2 / RADIUS, rtol=1e-9)
    np.testing.assert_allclose(profile[sloping], 1 / RADIUS, rtol=1e-9)
    np.testing.assert_allclose(plan[sloping], 1 / RADIUS, rtol=1e-9)


def test_curvature_bowl_is_negative():
    """The inverted dome (a bowl) has curvature -2/R, concave < 0."""
    easting, northing = grid()
    bowl = (easting**2 + northing**2) / (2 * RADIUS)
    np.testing.assert_allclose(
        curvature(bowl, 10.0)[1:-1, 1:-1], -2 / RADIUS, rtol=1e-9
    )


def test_curvature_cylinder_ridge_is_profile_convex_plan_straight():
    """A north-south ridge -e^2/(2R): profile 1/R off the crest, plan 0."""
    easting, northing = grid()
    ridge = -(easting**2) / (2 * RADIUS)
    inner = (slice(1, -1), slice(1, -1))
    off_crest = easting[inner] != 0
    np.testing.assert_allclose(
        curvature(ridge, 10.0, kind="profile")[inner][off_crest], 1 / RADIUS
    )
    np.testing.assert_allclose(
        curvature(ridge, 10.0, kind="plan")[inner], 0.0, atol=1e-15
    )


def test_curvature_cone_is_plan_convex_profile_straight():
    """A cone -r has straight slope lines (profile ~ 0) and plan 1/r."""
    easting, northing = grid(shape=(81, 81), spacing=(1.0, 1.0))
    distance = np.hypot(easting, northing)
    cone = -distance
    far = (distance > 20) & (distance < 38)
    profile = curvature(cone, 1.0, kind="profile")[far]
    plan = curvature(cone, 1.0, kind="plan")[far]
    np.testing.assert_allclose(profile, 0.0, atol=2e-4)
    np.testing.assert_allclose(plan, 1 / distance[far], rtol=0.05)


def test_curvature_profile_plus_plan_is_total():
    """On any sloping cell, profile + plan curvature equals total curvature."""
    rng = np.random.default_rng(0)
    dem = rng.normal(size=(30, 40)).cumsum(axis=0).cumsum(axis=1)
    profile = curvature(dem, (5.0, 8.0), kind="profile")
    plan = curvature(dem, (5.0, 8.0), kind="plan")
    total = curvature(dem, (5.0, 8.0), kind="total")
    np.testing.assert_allclose(profile + plan, total, rtol=1e-9, atol=1e-12)


def test_curvature_plane_is_zero_including_edges():
    """A tilted plane has zero curvature everywhere, edges and corners too."""
    easting, northing = grid(shape=(6, 7))
    dem = 0.3 * easting - 0.2 * northing
    for kind in ("total", "profile", "plan"):
        np.testing.assert_allclose(curvature(dem, 10.0, kind=kind), 0.0, atol=1e-14)


def test_curvature_flat_summit_has_zero_profile_and_plan():
    """Where the gradient vanishes, profile and plan are 0, total is not."""
    easting, northing = grid()
    dome = -(easting**2 + northing**2) / (2 * RADIUS)
    assert curvature(dome, 10.0, kind="profile")[10, 10] == 0.0
    assert curvature(dome, 10.0, kind="plan")[10, 10] == 0.0
    assert curvature(dome, 10.0, kind="total")[10, 10] == pytest.approx(2 / RADIUS)


def test_curvature_nan_propagates_to_3x3_neighbourhood():
    """A NaN cell makes the curvature of its 3x3 neighbourhood NaN."""
    easting, northing = grid(shape=(8, 8))
    dem = -(easting**2 + northing**2) / (2 * RADIUS)
    dem[0, 0] = np.nan
    expected = np.zeros(dem.shape, dtype=bool)
    expected[0:2, 0:2] = True
    for kind in ("total", "profile", "plan"):
        np.testing.assert_array_equal(
            np.isnan(curvature(dem, 10.0, kind=kind)), expected
        )


def test_curvature_unknown_kind():
    """An unknown kind raises a ValueError listing the valid kinds."""
    with pytest.raises(ValueError, match="'kind' parameter of curvature.*profile"):
        curvature(np.zeros((5, 5)), 10.0, kind="mean")


def test_curvature_bad_spacing():
    """A non-positive spacing raises a ValueError."""
    with pytest.raises(ValueError, match="spacing is the cell size"):
        curvature(np.zeros((5, 5)), -10.0)
