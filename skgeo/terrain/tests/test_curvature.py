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


# --- Surfaces where the stencil matters -------------------------------------


def reference_zevenbergen_thorne(dem, spacing):
    """Zevenbergen & Thorne's (1987) coefficients cell by cell, as published.

    An explicit loop over cells Z1..Z9 (rows north to south) with the edge
    padding skgeo documents; returns total, profile and plan curvature with
    skgeo's convex-positive signs.
    """
    east, north = spacing
    padded = np.pad(np.asarray(dem, float), 1, mode="reflect", reflect_type="odd")
    result = {kind: np.empty(np.shape(dem)) for kind in ("total", "profile", "plan")}
    for row in range(dem.shape[0]):
        for col in range(dem.shape[1]):
            window = padded[row : row + 3, col : col + 3]
            (z1, z2, z3), (z4, z5, z6), (z7, z8, z9) = window
            d = ((z4 + z6) / 2 - z5) / east**2
            e = ((z2 + z8) / 2 - z5) / north**2
            f = (-z1 + z3 + z7 - z9) / (4 * east * north)
            g = (-z4 + z6) / (2 * east)
            h = (z2 - z8) / (2 * north)
            result["total"][row, col] = -2 * (d + e)
            if g == 0 and h == 0:
                result["profile"][row, col] = result["plan"][row, col] = 0.0
                continue
            result["profile"][row, col] = (
                -2 * (d * g * g + e * h * h + f * g * h) / (g * g + h * h)
            )
            result["plan"][row, col] = (
                -2 * (d * h * h + e * g * g - f * g * h) / (g * g + h * h)
            )
    return result


@pytest.mark.parametrize("spacing", [(10.0, 10.0), (10.0, 14.0)], ids=["sq", "rect"])
def test_curvature_sine_surface_closed_form_of_the_stencil(spacing):
    """On z = A sin(k e) sin(l n) the 3x3 differences have closed forms."""
    east, north = spacing
    amplitude, k, wave_l = 40.0, 2 * np.pi / 150.0, 2 * np.pi / 110.0
    rows, cols = np.mgrid[0:40, 0:50]
    easting, northing = cols * east, -rows * north
    sin_e, cos_e = np.sin(k * easting), np.cos(k * easting)
    sin_n, cos_n = np.sin(wave_l * northing), np.cos(wave_l * northing)
    dem = amplitude * sin_e * sin_n
    d = dem * (np.cos(k * east) - 1) / east**2
    e = dem * (np.cos(wave_l * north) - 1) / north**2
    f = amplitude * cos_e * cos_n * np.sin(k * east) * np.sin(wave_l * north)
    f /= east * north
    g = amplitude * cos_e * sin_n * np.sin(k * east) / east
    h = amplitude * sin_e * cos_n * np.sin(wave_l * north) / north
    gradient2 = g * g + h * h
    with np.errstate(invalid="ignore", divide="ignore"):  # summits: no direction
        expected = {
            "total": -2 * (d + e),
            "profile": -2 * (d * g * g + e * h * h + f * g * h) / gradient2,
            "plan": -2 * (d * h * h + e * g * g - f * g * h) / gradient2,
        }
    inner = (slice(1, -1), slice(1, -1))
    sloping = gradient2[inner] > 1e-6  # profile and plan need a direction
    for kind, values in expected.items():
        got = curvature(dem, spacing, kind=kind)[inner]
        np.testing.assert_allclose(
            got[sloping], values[inner][sloping], rtol=1e-7, atol=1e-12, err_msg=kind
        )


@pytest.mark.parametrize("spacing", [(30.0, 30.0), (25.0, 40.0)], ids=["sq", "rect"])
def test_curvature_fractal_dem_matches_cell_by_cell_reference(spacing):
    """All three kinds equal the published formulas cell by cell on a fractal."""
    from skgeo.datasets import make_terrain

    dem = make_terrain((33, 37), spacing, random_state=5)
    expected = reference_zevenbergen_thorne(dem, spacing)
    for kind, values in expected.items():
        np.testing.assert_allclose(
            curvature(dem, spacing, kind=kind),
            values,
            rtol=1e-8,
            atol=1e-13,
            err_msg=kind,
        )


def test_curvature_total_matches_xarray_spatial():
    """xarray-spatial's curvature is -2(D+E) * 100 (1/100 m) on interior cells."""
    xr = pytest.importorskip("xarray")
    xrspatial = pytest.importorskip("xrspatial")
    from skgeo.datasets import make_terrain

    dem = make_terrain((50, 60), 30.0, random_state=9)
    grid = xr.DataArray(
        dem,
        dims=("y", "x"),
        coords={"y": -30.0 * np.arange(50), "x": 30.0 * np.arange(60)},
    )
    theirs = xrspatial.curvature(grid).to_numpy()[1:-1, 1:-1] / 100.0
    ours = curvature(dem, 30.0)[1:-1, 1:-1]
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-6)


def test_curvature_nan_does_not_reach_beyond_its_window():
    """A nodata cell makes its 3x3 neighbourhood NaN, all kinds, nothing else."""
    from skgeo.datasets import make_terrain

    dem = make_terrain((25, 25), 30.0, random_state=4)
    clean = {kind: curvature(dem, 30.0, kind=kind) for kind in ("total", "plan")}
    dem[0, 9] = np.nan  # on the edge: the extrapolated frame carries it too
    window = np.zeros(dem.shape, bool)
    window[0:2, 8:11] = True
    for kind, values in clean.items():
        result = curvature(dem, 30.0, kind=kind)
        assert np.isnan(result[window]).all(), kind
        np.testing.assert_array_equal(result[~window], values[~window])
