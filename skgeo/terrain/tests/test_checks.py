"""Tests for the shared raster input checks."""

import numpy as np
import pytest

from skgeo.terrain._checks import check_dem, check_radius, check_spacing


def test_check_dem_returns_float64_copy_of_integers():
    """An integer DEM comes back as float64 with the same values."""
    dem = np.arange(12).reshape(3, 4)
    checked = check_dem(dem)
    assert checked.dtype == np.float64
    np.testing.assert_array_equal(checked, dem)


def test_check_dem_accepts_nested_lists():
    """A list of lists is read as a 2-D raster."""
    checked = check_dem([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    assert checked.shape == (3, 3)


def test_check_dem_masked_cells_become_nan():
    """Masked cells of a masked array turn into NaN, the others are kept."""
    data = np.arange(9.0).reshape(3, 3)
    dem = np.ma.masked_array(data, mask=data == 4.0)
    checked = check_dem(dem)
    assert np.isnan(checked[1, 1])
    assert np.isfinite(checked).sum() == 8


@pytest.mark.parametrize(
    "dem, match",
    [
        (np.zeros(9), "2-D raster.*1 dimension"),
        (np.zeros((2, 3, 3)), "2-D raster.*3 dimension"),
        (np.zeros((2, 5)), "at least 3 rows"),
        (np.zeros((5, 1)), "at least 3 rows"),
        (np.full((3, 3), np.nan), "no finite cell.*9 cells"),
        (np.array([[0, 1, np.inf], [0, 1, 2], [-np.inf, 1, 2]]), "2 infinite"),
    ],
    ids=["1d", "3d", "two-rows", "one-column", "all-nan", "infinite"],
)
def test_check_dem_rejects_bad_rasters(dem, match):
    """Bad rasters raise a ValueError that says what is wrong."""
    with pytest.raises(ValueError, match=match):
        check_dem(dem)


def test_check_dem_rejects_text():
    """Non-numeric cells raise a TypeError that names the argument."""
    with pytest.raises(TypeError, match="dem must be an array of elevations"):
        check_dem([["a", "b", "c"]] * 3)


@pytest.mark.parametrize(
    "spacing, expected",
    [(30, (30.0, 30.0)), (2.5, (2.5, 2.5)), ((10, 20), (10.0, 20.0))],
    ids=["int", "float", "pair"],
)
def test_check_spacing_returns_east_north_pair(spacing, expected):
    """A number or an (east, north) pair gives an (east, north) float pair."""
    assert check_spacing(spacing) == expected


@pytest.mark.parametrize(
    "spacing",
    [0, -30.0, np.nan, np.inf, (10.0, 0.0), (10.0, 20.0, 30.0), "30", True, None],
    ids=[
        "zero",
        "negative",
        "nan",
        "inf",
        "zero-north",
        "triple",
        "str",
        "bool",
        "none",
    ],
)
def test_check_spacing_rejects_bad_values(spacing):
    """Non-positive, non-finite or malformed spacings raise a ValueError."""
    with pytest.raises(ValueError, match="spacing is the cell size in metres"):
        check_spacing(spacing)


def test_check_radius_accepts_one_cell_to_extent():
    """Radii from the larger cell size to the longer side are accepted."""
    assert check_radius(20, (10.0, 20.0), (5, 8)) == 20.0
    assert check_radius(100.0, (10.0, 20.0), (5, 8)) == 100.0


@pytest.mark.parametrize(
    "radius, match",
    [
        (15.0, r"radius \(15 m\) is smaller than one cell \(20 m\)"),
        (101.0, r"radius \(101 m\) is larger than the DEM.*100 m"),
        (np.nan, "smaller than one cell"),
        ("300", "must be a distance in metres"),
    ],
    ids=["below-cell", "above-extent", "nan", "str"],
)
def test_check_radius_rejects_out_of_range(radius, match):
    """Radii below one cell, above the extent or not numbers raise."""
    with pytest.raises(ValueError, match=match):
        check_radius(radius, (10.0, 20.0), (5, 8))
