"""Tests for SpatialBlockShuffleSplit."""

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import cdist
from sklearn.model_selection import GridSearchCV, ShuffleSplit, cross_validate
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skgeo.model_selection import SpatialBlockShuffleSplit, spatial_block_labels


def _uniform_points(n: int = 800, seed: int = 0) -> np.ndarray:
    """Uniform random (east, north) points in a 100 x 100 square."""
    return np.random.default_rng(seed).uniform(0, 100, size=(n, 2))


def _clustered_points(seed: int = 0) -> np.ndarray:
    """Points whose density varies a lot from block to block (gamma clusters)."""
    return np.random.default_rng(seed).gamma(2.0, 10.0, size=(2000, 2))


@pytest.mark.parametrize(
    ("test_size", "train_size"),
    [(0.2, None), (0.2, 0.5), (5, None), (None, 0.7), (3, 10)],
    ids=["float-test", "float-both", "int-test", "float-train", "int-both"],
)
def test_spatial_block_shuffle_split_without_balancing_is_shuffle_split_of_blocks(
    test_size, train_size
):
    """balancing=1 draws the same blocks as ShuffleSplit over the block labels."""
    points = _uniform_points()
    labels = spatial_block_labels(points, 20.0)
    blocks = np.arange(labels.max() + 1)
    cv = SpatialBlockShuffleSplit(
        n_splits=4,
        block_size=20.0,
        test_size=test_size,
        train_size=train_size,
        random_state=3,
        balancing=1,
    )
    reference = ShuffleSplit(
        n_splits=4, test_size=test_size, train_size=train_size, random_state=3
    )
    for (train, test), (train_blocks, test_blocks) in zip(
        cv.split(points), reference.split(blocks), strict=True
    ):
        np.testing.assert_array_equal(np.unique(labels[test]), np.sort(test_blocks))
        np.testing.assert_array_equal(np.unique(labels[train]), np.sort(train_blocks))


def test_spatial_block_shuffle_split_never_shares_a_block():
    """No block is in both the training and the test set of a split."""
    points = _uniform_points()
    labels = spatial_block_labels(points, 10.0)
    cv = SpatialBlockShuffleSplit(n_splits=5, block_size=10.0, random_state=0)
    for train, test in cv.split(points):
        assert not set(labels[train]) & set(labels[test])
        assert train.size + test.size == points.shape[0]
        assert np.all(np.diff(train) > 0) and np.all(np.diff(test) > 0)


def test_spatial_block_shuffle_split_balancing_matches_requested_fraction():
    """More candidate draws bring the test point fraction closer to test_size."""
    points = _clustered_points()

    def errors(balancing):
        cv = SpatialBlockShuffleSplit(
            n_splits=20,
            block_size=10.0,
            test_size=0.25,
            random_state=0,
            balancing=balancing,
        )
        return np.array([abs(t.size / 2000 - 0.25) for _, t in cv.split(points)])

    plain, balanced = errors(1), errors(20)
    assert balanced.mean() < 0.3 * plain.mean()
    assert balanced.max() < 0.02


def test_spatial_block_shuffle_split_reproducible_with_random_state():
    """An int random_state gives the same splits on every call."""
    points = _uniform_points()
    cv = SpatialBlockShuffleSplit(n_splits=3, block_size=10.0, random_state=5)
    first = [test for _, test in cv.split(points)]
    second = [test for _, test in cv.split(points)]
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)
    other = SpatialBlockShuffleSplit(n_splits=3, block_size=10.0, random_state=6)
    assert any(
        not np.array_equal(a, b)
        for a, (_, b) in zip(first, other.split(points), strict=True)
    )


def test_spatial_block_shuffle_split_buffer_matches_brute_force():
    """Training points within buffer of a test point are dropped, no others."""
    points = _uniform_points(400, seed=2)
    cv = SpatialBlockShuffleSplit(
        n_splits=3, block_size=10.0, test_size=0.2, buffer=4.0, random_state=0
    )
    plain = SpatialBlockShuffleSplit(
        n_splits=3, block_size=10.0, test_size=0.2, random_state=0
    )
    for (train, test), (plain_train, plain_test) in zip(
        cv.split(points), plain.split(points), strict=True
    ):
        np.testing.assert_array_equal(test, plain_test)
        distance = cdist(points[plain_train], points[test]).min(axis=1)
        np.testing.assert_array_equal(train, plain_train[distance > 4.0])


def test_spatial_block_shuffle_split_named_columns_in_grid_search():
    """GridSearchCV over a Pipeline works with named DataFrame columns."""
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.uniform(0, 100, size=(300, 2)), columns=["lon", "lat"])
    target = np.sin(frame["lon"] / 15.0) + rng.normal(scale=0.1, size=300)
    cv = SpatialBlockShuffleSplit(
        n_splits=3, block_size=20.0, coords=("lon", "lat"), random_state=0
    )
    search = GridSearchCV(
        make_pipeline(StandardScaler(), KNeighborsRegressor()),
        {"kneighborsregressor__n_neighbors": [5, 15]},
        cv=cv,
    ).fit(frame, target)
    assert search.n_splits_ == 3


def test_spatial_block_shuffle_split_groups_are_coordinates():
    """cross_validate with groups=coordinates splits on those coordinates."""
    points = _uniform_points(300)
    target = np.cos(points[:, 0] / 10.0)
    cv = SpatialBlockShuffleSplit(n_splits=3, block_size=20.0, random_state=0)
    result = cross_validate(
        KNeighborsRegressor(),
        points[:, ::-1],
        target,
        groups=points,
        cv=cv,
        return_indices=True,
    )
    for test, (_, expected) in zip(
        result["indices"]["test"], cv.split(points), strict=True
    ):
        np.testing.assert_array_equal(test, expected)


def test_spatial_block_shuffle_split_single_split_allowed():
    """n_splits=1 gives one split (a spatial validation set)."""
    cv = SpatialBlockShuffleSplit(n_splits=1, block_size=10.0, random_state=0)
    assert cv.get_n_splits() == 1
    assert len(list(cv.split(_uniform_points()))) == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"n_splits": 0}, "needs n_splits >= 1"),
        ({"balancing": 0}, "balancing must be an integer >= 1"),
        ({"balancing": 2.5}, "balancing must be an integer >= 1"),
        ({"test_size": 1.5}, r"must be in \(0, 1\); got 1.5"),
        ({"test_size": 0}, "must be >= 1; got 0"),
        ({"train_size": -0.1}, r"must be in \(0, 1\)"),
        ({"test_size": "10%"}, "must be a float in"),
        ({"test_size": 200}, r"smaller than the number of non-empty blocks \(100\)"),
        ({"test_size": 0.6, "train_size": 0.6}, "more than the 100 non-empty"),
        ({"test_size": 60, "train_size": 50}, "more than the 100 non-empty"),
        ({"block_size": -1.0}, "block_size must be positive"),
        ({"buffer": -2.0}, "buffer must be a finite distance"),
    ],
    ids=[
        "zero-splits",
        "zero-balancing",
        "float-balancing",
        "test-fraction-over-one",
        "test-count-zero",
        "negative-train-fraction",
        "test-size-string",
        "test-count-too-large",
        "fractions-sum-over-one",
        "counts-sum-over-blocks",
        "negative-block",
        "negative-buffer",
    ],
)
def test_spatial_block_shuffle_split_rejects_bad_parameters(params, message):
    """Each invalid parameter is a clear ValueError raised by split."""
    cv = SpatialBlockShuffleSplit(**{"block_size": 10.0, **params})
    with pytest.raises(ValueError, match=message):
        next(cv.split(_uniform_points()))


def test_spatial_block_shuffle_split_too_few_blocks():
    """A single block cannot give both a training and a test block."""
    points = np.array([[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]])
    cv = SpatialBlockShuffleSplit(block_size=10.0)
    with pytest.raises(ValueError, match="both need at least one"):
        next(cv.split(points))


def test_spatial_block_shuffle_split_geographic_buffer_across_antimeridian():
    """Geographic splits drop training points within the buffer across 180."""
    rng = np.random.default_rng(4)
    lon = np.mod(rng.uniform(178, 182, 300) + 180, 360) - 180
    points = np.column_stack([lon, rng.uniform(-20, -18, 300)])
    cv = SpatialBlockShuffleSplit(
        5,
        block_size=1.0,
        buffer=0.5,
        test_size=0.25,
        random_state=0,
        coordinate_system="geographic",
    )
    assert "coordinate_system='geographic'" in repr(cv)
    for train, test in cv.split(points):
        d_lon = np.abs(points[train, None, 0] - points[None, test, 0]) % 360
        d_lon = np.minimum(d_lon, 360 - d_lon)
        d_lat = points[train, None, 1] - points[None, test, 1]
        assert np.hypot(d_lon, d_lat).min() > 0.5
