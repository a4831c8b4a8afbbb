"""Tests for the machinery shared by the spatial block splitters."""

import numpy as np
import pandas as pd
import pytest
import scipy.sparse
from scipy.spatial.distance import cdist

from skgeo.model_selection._base import (
    _BlockLookup,
    _check_buffer,
    _check_coords,
    _DeadZone,
    _split_coordinates,
)
from skgeo.model_selection._blocks import _block_indices, _encode_blocks


def _prepared(points: np.ndarray, block_size: float):
    """Origin, block indices, keys and labels as the splitters compute them."""
    sizes = np.array([block_size, block_size])
    origin = points.min(axis=0)
    indices = _block_indices(points, sizes, origin=origin)
    block_keys, labels = _encode_blocks(indices)
    return sizes, origin, indices, block_keys, labels


@pytest.mark.parametrize(
    ("buffer", "block_size"),
    [(3.0, 10.0), (7.5, 10.0), (10.0, 10.0), (25.0, 10.0)],
    ids=["small", "over-half-block", "equal-block", "over-block"],
)
def test_dead_zone_drops_exactly_training_points_within_buffer(buffer, block_size):
    """The dropped training points are those within buffer of a test point."""
    rng = np.random.default_rng(0)
    points = rng.uniform(0, 60, size=(600, 2))
    sizes, origin, indices, block_keys, labels = _prepared(points, block_size)
    n_blocks = block_keys.size
    test_blocks = rng.random(n_blocks) < 0.3
    train_blocks = ~test_blocks
    test_mask = test_blocks[labels]
    train_mask = train_blocks[labels]
    zone = _DeadZone(points, buffer, sizes, origin, indices, block_keys, labels)
    kept = zone.drop(train_mask, test_mask, train_blocks, test_blocks)
    distance = cdist(points, points[test_mask]).min(axis=1)
    np.testing.assert_array_equal(kept, train_mask & (distance > buffer))
    assert (~kept & train_mask).sum() > 0


def test_dead_zone_buffer_is_inclusive():
    """A training point exactly at the buffer distance is dropped."""
    points = np.array([[0.0, 0.0], [3.0, 0.0], [3.0, 4.0], [10.0, 0.0]])
    sizes, origin, indices, block_keys, labels = _prepared(points, 1.0)
    test_blocks = labels == labels[0]
    test_blocks = np.isin(np.arange(block_keys.size), labels[test_blocks])
    zone = _DeadZone(points, 5.0, sizes, origin, indices, block_keys, labels)
    kept = zone.drop(
        ~test_blocks[labels], test_blocks[labels], ~test_blocks, test_blocks
    )
    np.testing.assert_array_equal(kept, [False, False, False, True])


def test_dead_zone_ignores_unused_blocks():
    """Points in blocks that are neither train nor test are never dropped or kept."""
    points = np.array([[0.5, 0.5], [1.5, 0.5], [2.5, 0.5]])
    sizes, origin, indices, block_keys, labels = _prepared(points, 1.0)
    test_blocks = np.array([True, False, False])
    train_blocks = np.array([False, False, True])
    zone = _DeadZone(points, 1.5, sizes, origin, indices, block_keys, labels)
    kept = zone.drop(
        train_blocks[labels], test_blocks[labels], train_blocks, test_blocks
    )
    # The train point at 2.5 is 2 units from the test point: kept.
    np.testing.assert_array_equal(kept, [False, False, True])


def test_block_lookup_dense_and_sparse_agree():
    """The dense table and the binary search give the same labels."""
    rng = np.random.default_rng(3)
    points = rng.uniform(0, 100, size=(300, 2))
    _, _, indices, block_keys, labels = _prepared(points, 7.0)
    dense = _BlockLookup(indices, block_keys, labels)
    assert dense.table is not None
    sparse = _BlockLookup(indices, block_keys, labels)
    sparse.table = None
    queries = rng.integers(-2, 17, size=(2000, 2))
    np.testing.assert_array_equal(dense(queries), sparse(queries))
    np.testing.assert_array_equal(dense(indices), labels)
    outside = np.array([[-1, -1], [indices[:, 0].max() + 1, 0]])
    np.testing.assert_array_equal(sparse(outside), [-1, -1])


@pytest.mark.parametrize(
    "make_X",
    [
        lambda a: a,
        lambda a: a.tolist(),
        lambda a: pd.DataFrame(a, columns=["a", "b", "c"]),
        lambda a: scipy.sparse.csr_matrix(a),
    ],
    ids=["ndarray", "list", "dataframe", "sparse"],
)
def test_split_coordinates_reads_indexed_columns(make_X):
    """Integer coords select columns by position from any 2-D container."""
    array = np.arange(12, dtype=float).reshape(4, 3)
    points = _split_coordinates(make_X(array), None, (2, 0))
    np.testing.assert_array_equal(points, array[:, [2, 0]])


def test_split_coordinates_reads_named_columns():
    """String coords select DataFrame columns by name, in the given order."""
    frame = pd.DataFrame(
        {"depth": [1.0, 2.0], "northing": [10.0, 20.0], "easting": [5.0, 6.0]}
    )
    points = _split_coordinates(frame, None, ("easting", "northing"))
    np.testing.assert_array_equal(points, [[5.0, 10.0], [6.0, 20.0]])


def test_split_coordinates_groups_take_precedence():
    """A 2-D groups array is the coordinates, whatever coords says."""
    X = np.zeros((3, 1))
    groups = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    points = _split_coordinates(X, groups, ("not", "used"))
    np.testing.assert_array_equal(points, groups)


def test_split_coordinates_rejects_1d_groups():
    """A 1-D groups is a ValueError pointing to GroupKFold."""
    with pytest.raises(ValueError, match=r"groups has shape \(3,\).*GroupKFold"):
        _split_coordinates(np.zeros((3, 2)), np.arange(3), (0, 1))


def test_split_coordinates_reports_missing_named_columns():
    """Missing names are a ValueError listing the columns that exist."""
    frame = pd.DataFrame({"lon": [0.0], "lat": [0.0], "vs30": [760.0]})
    with pytest.raises(
        ValueError,
        match=r"\['easting'\] not found in X. X has columns \['lon', 'lat', 'vs30'\]",
    ):
        _split_coordinates(frame, None, ("easting", "lat"))


def test_split_coordinates_rejects_names_without_columns():
    """Names on an array without columns are a ValueError suggesting indices."""
    with pytest.raises(ValueError, match="has no column names"):
        _split_coordinates(np.zeros((3, 2)), None, ("lon", "lat"))


def test_split_coordinates_reports_out_of_range_index():
    """An index past the last column is a ValueError giving the column count."""
    with pytest.raises(ValueError, match=r"column\(s\) \[5\], but X has 3 column"):
        _split_coordinates(np.zeros((4, 3)), None, (0, 5))


def test_split_coordinates_rejects_1d_X():
    """A 1-D X has no columns to read: ValueError."""
    with pytest.raises(ValueError, match="X must be 2-D"):
        _split_coordinates(np.zeros(4), None, (0, 1))


def test_split_coordinates_rejects_nonfinite_columns():
    """NaN in a coordinate column is a ValueError."""
    X = np.array([[0.0, 1.0], [np.nan, 2.0]])
    with pytest.raises(ValueError, match="must be finite"):
        _split_coordinates(X, None, (0, 1))


@pytest.mark.parametrize(
    "coords",
    [(0,), (0, 1, 2), "ab", (0, "b"), (0.0, 1.0), (True, False), 3],
    ids=["one", "three", "string", "mixed", "floats", "bools", "scalar"],
)
def test_check_coords_rejects_malformed(coords):
    """coords must be two indices or two names: ValueError otherwise."""
    with pytest.raises(ValueError, match="coords must name the two coordinate"):
        _check_coords(coords)


def test_check_coords_rejects_repeated_column():
    """The same column twice is a ValueError."""
    with pytest.raises(ValueError, match="two different columns"):
        _check_coords(("lon", "lon"))


@pytest.mark.parametrize(
    ("buffer", "message"),
    [
        (-1.0, "finite distance >= 0"),
        (np.inf, "finite distance >= 0"),
        (np.nan, "finite distance >= 0"),
        ("1 km", "buffer must be a number"),
        (True, "buffer must be a number"),
    ],
    ids=["negative", "inf", "nan", "string", "bool"],
)
def test_check_buffer_rejects_invalid(buffer, message):
    """A buffer that is not a finite distance >= 0 is a ValueError."""
    with pytest.raises(ValueError, match=message):
        _check_buffer(buffer)


@pytest.mark.parametrize("buffer", [1e-9, 0.7, 12.0], ids=["tiny", "small", "large"])
def test_dead_zone_exact_with_projected_coordinates(buffer):
    """Exact at UTM-sized offsets, where cell indices round the most."""
    rng = np.random.default_rng(1)
    points = rng.uniform(0, 40, size=(500, 2)) + [4.5e5, 5.2e6]
    points[1] = points[0] + [buffer / np.sqrt(2), buffer / np.sqrt(2)]
    sizes, origin, indices, block_keys, labels = _prepared(points, 8.0)
    test_blocks = rng.random(block_keys.size) < 0.4
    test_blocks[labels[0]] = True
    test_blocks[labels[1]] = labels[1] == labels[0]
    test_mask, train_mask = test_blocks[labels], ~test_blocks[labels]
    zone = _DeadZone(points, buffer, sizes, origin, indices, block_keys, labels)
    kept = zone.drop(train_mask, test_mask, ~test_blocks, test_blocks)
    distance = cdist(points, points[test_mask]).min(axis=1)
    np.testing.assert_array_equal(kept, train_mask & (distance > buffer))
