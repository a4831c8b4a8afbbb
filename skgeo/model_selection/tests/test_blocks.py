"""Tests for spatial_block_labels."""

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import GroupKFold

from skgeo.model_selection import spatial_block_labels


def _grid_points(n_east: int, n_north: int, spacing: float = 1.0) -> np.ndarray:
    """Cell-centre points of an n_east x n_north grid, south row first."""
    east, north = np.meshgrid(
        (np.arange(n_east) + 0.5) * spacing, (np.arange(n_north) + 0.5) * spacing
    )
    return np.column_stack([east.ravel(), north.ravel()])


def test_spatial_block_labels_row_major_from_south_west():
    """Blocks are numbered west to east along a row, rows south to north."""
    points = _grid_points(6, 4)
    labels = spatial_block_labels(points, block_size=2.0)
    expected_east = np.floor(points[:, 0] / 2.0)
    expected_north = np.floor(points[:, 1] / 2.0)
    np.testing.assert_array_equal(labels, expected_north * 3 + expected_east)


def test_spatial_block_labels_contiguous_skipping_empty_blocks():
    """Only non-empty blocks get labels, and the labels are 0..n_blocks-1."""
    points = np.array([[0.5, 0.5], [50.5, 0.5], [0.5, 90.5], [99.0, 99.0]])
    labels = spatial_block_labels(points, block_size=10.0)
    np.testing.assert_array_equal(labels, [0, 1, 2, 3])


def test_spatial_block_labels_independent_of_point_order():
    """Permuting the points permutes the labels and changes nothing else."""
    rng = np.random.default_rng(0)
    points = rng.uniform(0, 100, size=(500, 2))
    labels = spatial_block_labels(points, block_size=13.0)
    order = rng.permutation(len(points))
    np.testing.assert_array_equal(
        spatial_block_labels(points[order], block_size=13.0), labels[order]
    )


def test_spatial_block_labels_points_share_label_iff_same_cell():
    """Two points share a label exactly when they fall in the same grid cell."""
    rng = np.random.default_rng(1)
    points = rng.uniform(-50, 50, size=(300, 2))
    labels = spatial_block_labels(points, block_size=(20.0, 5.0))
    cells = np.floor((points - points.min(axis=0)) / [20.0, 5.0])
    same_label = labels[:, None] == labels[None, :]
    same_cell = (cells[:, None, :] == cells[None, :, :]).all(axis=2)
    np.testing.assert_array_equal(same_label, same_cell)


def test_spatial_block_labels_rectangular_blocks():
    """An (east, north) pair of sides gives rectangular blocks."""
    points = _grid_points(4, 4)
    labels = spatial_block_labels(points, block_size=(4.0, 1.0))
    # One block per row of points: the label is the row number.
    np.testing.assert_array_equal(labels, np.repeat(np.arange(4), 4))


def test_spatial_block_labels_edge_point_goes_east_and_north():
    """A point on a block edge belongs to the block to its east and north."""
    points = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0], [9.999, 9.999]])
    labels = spatial_block_labels(points, block_size=10.0)
    np.testing.assert_array_equal(labels, [0, 1, 2, 0])


def test_spatial_block_labels_origin_shifts_the_grid():
    """An explicit origin moves the block edges."""
    points = np.array([[1.0, 0.5], [3.0, 0.5]])
    assert spatial_block_labels(points, block_size=4.0).tolist() == [0, 0]
    shifted = spatial_block_labels(points, block_size=4.0, origin=(2.0, 0.0))
    assert shifted.tolist() == [0, 1]


def test_spatial_block_labels_accepts_dataframe():
    """A two-column DataFrame gives the same labels as the array."""
    points = _grid_points(5, 5)
    frame = pd.DataFrame(points, columns=["easting", "northing"])
    np.testing.assert_array_equal(
        spatial_block_labels(frame, block_size=2.0),
        spatial_block_labels(points, block_size=2.0),
    )


def test_spatial_block_labels_groups_keep_blocks_whole_in_group_kfold():
    """Used as groups for GroupKFold, no block is split between train and test."""
    rng = np.random.default_rng(2)
    points = rng.uniform(0, 100, size=(400, 2))
    groups = spatial_block_labels(points, block_size=20.0)
    for train, test in GroupKFold(n_splits=5).split(points, groups=groups):
        assert not set(groups[train]) & set(groups[test])


@pytest.mark.parametrize(
    "block_size",
    [0.0, -1.0, np.nan, np.inf, (1.0, 0.0), (1.0, -2.0)],
    ids=["zero", "negative", "nan", "inf", "pair-zero", "pair-negative"],
)
def test_spatial_block_labels_rejects_nonpositive_block_size(block_size):
    """A block size that is not positive and finite is a ValueError."""
    with pytest.raises(ValueError, match="block_size must be positive and finite"):
        spatial_block_labels(_grid_points(2, 2), block_size=block_size)


@pytest.mark.parametrize(
    "block_size",
    [(1.0, 2.0, 3.0), "ten", [[1.0]]],
    ids=["triple", "string", "nested"],
)
def test_spatial_block_labels_rejects_malformed_block_size(block_size):
    """A block size that is neither a number nor a pair is a ValueError."""
    with pytest.raises(ValueError, match="block_size must be a positive number or"):
        spatial_block_labels(_grid_points(2, 2), block_size=block_size)


def test_spatial_block_labels_rejects_transposed_coordinates_with_hint():
    """A (2, n) array gets an error that suggests np.column_stack."""
    with pytest.raises(ValueError, match=r"shape \(2, 5\).*np.column_stack"):
        spatial_block_labels(np.zeros((2, 5)), block_size=1.0)


@pytest.mark.parametrize(
    "coordinates",
    [np.zeros(5), np.zeros((5, 3)), np.zeros((5, 2, 1))],
    ids=["1d", "three-columns", "3d"],
)
def test_spatial_block_labels_rejects_wrong_shape(coordinates):
    """Coordinates that are not (n, 2) are a ValueError naming the shape."""
    with pytest.raises(ValueError, match=r"must have shape \(n_samples, 2\)"):
        spatial_block_labels(coordinates, block_size=1.0)


def test_spatial_block_labels_rejects_empty_coordinates():
    """No points is a ValueError."""
    with pytest.raises(ValueError, match="coordinates is empty"):
        spatial_block_labels(np.zeros((0, 2)), block_size=1.0)


@pytest.mark.parametrize("bad", [np.nan, np.inf], ids=["nan", "inf"])
def test_spatial_block_labels_rejects_nonfinite_coordinates(bad):
    """NaN or infinite coordinates are a ValueError naming the first bad row."""
    points = _grid_points(3, 3)
    points[4, 1] = bad
    with pytest.raises(ValueError, match=r"1 point\(s\).*first at row 4"):
        spatial_block_labels(points, block_size=1.0)


def test_spatial_block_labels_rejects_non_numeric_coordinates():
    """Strings in the coordinates are a ValueError."""
    with pytest.raises(ValueError, match="must hold numbers"):
        spatial_block_labels([["a", "b"], ["c", "d"]], block_size=1.0)


@pytest.mark.parametrize(
    "origin",
    [(0.0,), (0.0, np.nan), "corner"],
    ids=["short", "nan", "string"],
)
def test_spatial_block_labels_rejects_bad_origin(origin):
    """An origin that is not a finite pair is a ValueError."""
    with pytest.raises(ValueError, match="origin must be a finite"):
        spatial_block_labels(_grid_points(2, 2), block_size=1.0, origin=origin)


def test_spatial_block_labels_rejects_tiny_block_size():
    """A block size that would make billions of blocks per axis is a ValueError."""
    points = np.array([[0.0, 0.0], [1e6, 1e6]])
    with pytest.raises(ValueError, match="too small for the extent"):
        spatial_block_labels(points, block_size=1e-6)


# --- Longitude/latitude and the antimeridian --------------------------------

FIJI = np.array([[179.7, -17.5], [179.95, -17.6], [-179.95, -17.7], [-179.7, -17.8]])


def test_spatial_block_labels_geographic_joins_points_across_antimeridian():
    """179.95 E and 179.95 W share a block in geographic mode, not in cartesian."""
    geographic = spatial_block_labels(FIJI, 1.0, coordinate_system="geographic")
    assert np.unique(geographic).size == 1
    with pytest.warns(UserWarning, match=r"straddling the antimeridian"):
        cartesian = spatial_block_labels(FIJI, 1.0)
    assert cartesian[1] != cartesian[2]


def test_spatial_block_labels_geographic_is_cartesian_away_from_180():
    """Away from the antimeridian both modes give the same labels."""
    rng = np.random.default_rng(0)
    points = np.column_stack([rng.uniform(-120, -110, 300), rng.uniform(30, 40, 300)])
    np.testing.assert_array_equal(
        spatial_block_labels(points, 2.0, coordinate_system="geographic"),
        spatial_block_labels(points, 2.0),
    )


def test_spatial_block_labels_geographic_accepts_0_to_360_longitudes():
    """Longitudes given in [0, 360) label like the same points in [-180, 180)."""
    shifted = FIJI.copy()
    shifted[:, 0] = np.mod(shifted[:, 0], 360.0)
    np.testing.assert_array_equal(
        spatial_block_labels(shifted, 0.2, coordinate_system="geographic"),
        spatial_block_labels(FIJI, 0.2, coordinate_system="geographic"),
    )


@pytest.mark.parametrize(
    ("points", "kwargs", "match"),
    [
        (FIJI, {"coordinate_system": "spherical"}, r"coordinate_system must be one"),
        (FIJI, {"coordinate_system": None}, r"coordinate_system must be one"),
        (
            [[500000.0, 4100000.0], [500100.0, 4100200.0]],
            {"coordinate_system": "geographic"},
            r"not \(longitude, latitude\) in degrees: row 0",
        ),
        (
            [[-17.5, 179.7], [-17.6, 181.0]],
            {"coordinate_system": "geographic"},
            r"Check the column order",
        ),
    ],
    ids=["unknown", "none", "projected", "swapped"],
)
def test_spatial_block_labels_geographic_bad_input(points, kwargs, match):
    """Unknown systems and coordinates that are not lon/lat raise ValueError."""
    with pytest.raises(ValueError, match=match):
        spatial_block_labels(np.asarray(points), 1.0, **kwargs)


@pytest.mark.parametrize(
    "coordinates",
    [
        pd.DataFrame(
            {"lon": pd.array([1.0, None, 3.0], dtype="Float64"), "lat": [1.0] * 3}
        ),
        [[1.0, 1.0], [pd.NA, 1.0], [3.0, 1.0]],
        pd.DataFrame({"lon": [1.0, pd.NA, 3.0], "lat": [1.0] * 3}, dtype=object),
    ],
    ids=["Float64", "list", "object"],
)
def test_spatial_block_labels_pandas_na_is_reported_missing(coordinates):
    """A pandas NA in the coordinates is reported as missing, not non-numeric."""
    with pytest.raises(ValueError, match=r"NaN or infinite coordinates.*row 1"):
        spatial_block_labels(coordinates, 1.0)
