"""Tests for the vectorised geomorphon line-of-sight classification."""

import numpy as np
import pytest

from skgeo.terrain import GEOMORPHONS, classify_landforms
from skgeo.terrain._geomorphons import DIRECTIONS, FORM_TABLE, geomorphon_forms

SPACING = 10.0


def reference_forms(dem, spacing, search, skip, flat_degrees):
    """Geomorphons cell by cell with explicit angles: an independent oracle."""
    east, north = spacing
    n_rows, n_cols = dem.shape
    forms = np.zeros(dem.shape, dtype=int)
    threshold = np.radians(flat_degrees)
    for row in range(n_rows):
        for col in range(n_cols):
            if np.isnan(dem[row, col]):
                continue
            n_plus = n_minus = 0
            for d_row, d_col in DIRECTIONS:
                angles = []
                step = 1
                while True:
                    distance = np.hypot(step * d_row * north, step * d_col * east)
                    if distance > search + 1e-9:
                        break
                    r, c = row + step * d_row, col + step * d_col
                    inside = 0 <= r < n_rows and 0 <= c < n_cols
                    if distance > skip + 1e-9 and inside and np.isfinite(dem[r, c]):
                        angles.append(np.arctan2(dem[r, c] - dem[row, col], distance))
                    step += 1
                if not angles:
                    continue
                zenith, nadir = max(angles), min(angles)
                if abs(zenith) > threshold or abs(nadir) > threshold:
                    n_plus += zenith + nadir > 0
                    n_minus += zenith + nadir < 0
            forms[row, col] = FORM_TABLE[n_minus, n_plus]
    return forms


def centred_grid(n=41):
    """Easting and northing (m) of an n x n grid centred on its middle cell."""
    rows, cols = np.mgrid[0:n, 0:n]
    return (cols - n // 2) * SPACING, -(rows - n // 2) * SPACING


def test_form_table_matches_published_corners():
    """All-lower is a peak, all-higher a pit, none either way flat."""
    assert GEOMORPHONS[FORM_TABLE[8, 0]] == "peak"
    assert GEOMORPHONS[FORM_TABLE[0, 8]] == "pit"
    assert GEOMORPHONS[FORM_TABLE[0, 0]] == "flat"
    assert GEOMORPHONS[FORM_TABLE[3, 3]] == "slope"
    n_minus, n_plus = np.indices(FORM_TABLE.shape)
    assert (FORM_TABLE[n_minus + n_plus > 8] == 0).all()
    assert (FORM_TABLE[n_minus + n_plus <= 8] > 0).all()


@pytest.mark.parametrize(
    "spacing, search, skip",
    [((10.0, 10.0), 40.0, 0.0), ((10.0, 10.0), 60.0, 15.0), ((10.0, 20.0), 50.0, 0.0)],
    ids=["default-skip", "with-skip", "anisotropic"],
)
def test_geomorphons_match_cell_by_cell_reference(spacing, search, skip):
    """Vectorised forms equal an explicit per-cell walk, nodata and edges too."""
    rng = np.random.default_rng(3)
    dem = rng.normal(size=(18, 22)).cumsum(axis=0).cumsum(axis=1) * 2.0
    dem[6:8, 9] = np.nan
    expected = reference_forms(dem, spacing, search, skip, 1.0)
    result = geomorphon_forms(dem, spacing, search, skip, 1.0)
    np.testing.assert_array_equal(result, expected)


@pytest.mark.parametrize(
    "sign, expected",
    [(1.0, "peak"), (-1.0, "pit")],
    ids=["hill", "pit"],
)
def test_geomorphons_hill_summit_and_pit(sign, expected):
    """A Gaussian hill's summit is a peak; the inverted hill's bottom a pit."""
    easting, northing = centred_grid()
    dem = sign * 40.0 * np.exp(-(easting**2 + northing**2) / (2 * 60.0**2))
    forms = classify_landforms(dem, SPACING, 0.0, 80.0, scheme="geomorphons")
    assert GEOMORPHONS[forms[20, 20]] == expected


@pytest.mark.parametrize(
    "sign, expected", [(1.0, "ridge"), (-1.0, "valley")], ids=["ridge", "valley"]
)
def test_geomorphons_ridge_and_valley_lines(sign, expected):
    """A north-south Gaussian ridge's crest is ridge; the valley floor valley."""
    easting, _ = centred_grid()
    dem = sign * 30.0 * np.exp(-(easting**2) / (2 * 50.0**2))
    forms = classify_landforms(dem, SPACING, 0.0, 80.0, scheme="geomorphons")
    np.testing.assert_array_equal(forms[8:-8, 20], forms[20, 20])
    assert GEOMORPHONS[forms[20, 20]] == expected


def test_geomorphons_plane_is_slope_or_flat_by_threshold():
    """A 5 degree plane is 'slope' inside; under a 6 degree threshold, 'flat'."""
    easting, northing = centred_grid()
    dem = np.tan(np.radians(5.0)) * (0.6 * easting + 0.8 * northing)
    forms = classify_landforms(dem, SPACING, 0.0, 50.0, scheme="geomorphons")
    np.testing.assert_array_equal(forms[5:-5, 5:-5], 6)
    flat = classify_landforms(
        dem, SPACING, 0.0, 50.0, scheme="geomorphons", flatness_threshold=6.0
    )
    np.testing.assert_array_equal(flat, 1)


def test_geomorphons_scarp_shoulder_and_footslope():
    """Above a scarp the flat top is a shoulder; below it, a footslope."""
    easting, _ = centred_grid()
    dem = np.clip(easting, 0.0, 50.0)  # flat, 45 degree ramp, flat
    forms = classify_landforms(dem, SPACING, 0.0, 30.0, scheme="geomorphons")
    top, bottom = 20 + 6, 20 - 1  # first flat cells beyond each end of the ramp
    assert GEOMORPHONS[forms[20, top]] == "shoulder"
    assert GEOMORPHONS[forms[20, bottom]] == "footslope"


def test_geomorphons_flat_scene_and_nodata():
    """A flat scene is flat everywhere; NaN cells are unclassified."""
    dem = np.zeros((12, 12))
    dem[4, 4] = np.nan
    forms = classify_landforms(dem, SPACING, 0.0, 30.0, scheme="geomorphons")
    assert forms[4, 4] == 0
    assert (np.delete(forms.ravel(), 4 * 12 + 4) == 1).all()
