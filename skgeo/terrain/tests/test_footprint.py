"""Tests for the published kernel radii: a result cell depends on no DEM cell
farther away than kernel_radius_cells says, and on the cells that near."""

import numpy as np
import pytest

from skgeo.datasets import make_terrain
from skgeo.terrain import (
    aspect,
    classify_landforms,
    curvature,
    local_relief,
    roughness,
    slope,
    terrain_attributes,
    tpi,
    tri,
)
from skgeo.terrain._footprint import kernel_radius_cells

SPACING = (10.0, 20.0)
CASES = [
    ("slope", lambda dem: slope(dem, SPACING), {}),
    ("aspect", lambda dem: aspect(dem, SPACING), {}),
    ("curvature", lambda dem: curvature(dem, SPACING, kind="plan"), {}),
    ("tri", tri, {}),
    ("roughness", roughness, {}),
    ("tpi", lambda dem: tpi(dem, SPACING, 65.0), {"radius": 65.0}),
    ("local_relief", lambda dem: local_relief(dem, SPACING, 65.0), {"radius": 65.0}),
    (
        "classify_landforms",
        lambda dem: classify_landforms(
            dem, SPACING, 0.0, 65.0, scheme="geomorphons", flatness_threshold=0.1
        ),
        {"small_radius": 0.0, "large_radius": 65.0, "scheme": "geomorphons"},
    ),
    (
        "terrain_attributes",
        lambda dem: (
            terrain_attributes(dem, SPACING, (25.0, 65.0))
            .drop(columns=["easting", "northing"])
            .to_numpy()
            .reshape(*dem.shape, -1)
        ),
        {"radii": (25.0, 65.0)},
    ),
]


@pytest.mark.parametrize(
    "name, function, arguments", CASES, ids=[case[0] for case in CASES]
)
def test_kernel_radius_bounds_what_a_cell_depends_on(name, function, arguments):
    """Changing one cell changes results only within the published radius."""
    dem = make_terrain((41, 41), SPACING, random_state=8)
    rows, cols = kernel_radius_cells(name, SPACING, **arguments)
    before = function(dem)
    dem[20, 20] += 1e4  # wins every max and every line of sight
    after = np.asarray(function(dem))
    changed = np.asarray(before != after)
    if changed.ndim == 3:
        changed = changed.any(axis=2)
    changed_rows, changed_cols = np.nonzero(changed)
    reach = np.abs(changed_rows - 20).max(), np.abs(changed_cols - 20).max()
    if name == "classify_landforms":
        # A new "higher" direction changes only cells that lacked one: the
        # radius is an upper bound there.
        assert reach[0] <= rows and reach[1] <= cols
    else:
        assert reach == (rows, cols), name


def test_kernel_radius_of_defaults_and_weiss():
    """Defaults of terrain_attributes are 30 cells; Weiss uses the large TPI."""
    assert kernel_radius_cells("terrain_attributes", 30.0) == (30, 30)
    assert kernel_radius_cells(
        "classify_landforms", (10.0, 20.0), small_radius=50.0, large_radius=200.0
    ) == (10, 20)
    assert kernel_radius_cells(
        "classify_landforms", 10.0, small_radius=50.0, scheme="slope_position"
    ) == (5, 5)


@pytest.mark.parametrize(
    "name, arguments, match",
    [
        ("hillshade", {}, "Unknown terrain function 'hillshade'"),
        ("tpi", {}, "tpi needs radius"),
    ],
    ids=["unknown", "missing-radius"],
)
def test_kernel_radius_bad_input(name, arguments, match):
    """Unknown names and missing radii raise a ValueError saying which."""
    with pytest.raises(ValueError, match=match):
        kernel_radius_cells(name, 30.0, **arguments)
