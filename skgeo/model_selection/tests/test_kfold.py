"""Tests for SpatialBlockKFold."""

import warnings

import numpy as np
import pandas as pd
import pytest
import sklearn
from scipy.spatial.distance import cdist
from sklearn.model_selection import (
    GridSearchCV,
    KFold,
    cross_val_predict,
    cross_val_score,
    cross_validate,
)
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skgeo.model_selection import SpatialBlockKFold, spatial_block_labels


def _uniform_points(n: int = 800, seed: int = 0) -> np.ndarray:
    """Uniform random (east, north) points in a 100 x 100 square."""
    return np.random.default_rng(seed).uniform(0, 100, size=(n, 2))


def _clustered_points(seed: int = 0) -> np.ndarray:
    """Points whose density varies a lot from block to block."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0, 100, size=(12, 2))
    sizes = rng.integers(10, 300, size=12)
    clusters = [
        c + rng.normal(scale=4.0, size=(s, 2))
        for c, s in zip(centres, sizes, strict=True)
    ]
    return np.concatenate(clusters + [rng.uniform(0, 100, size=(100, 2))])


def _smooth_field(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Points and a smooth random field (wavelength ~40 units) with small noise."""
    rng = np.random.default_rng(seed)
    points = rng.uniform(0, 100, size=(n, 2))
    directions = rng.normal(size=(20, 2))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    wavenumbers = directions * (2 * np.pi / 40.0) * rng.uniform(0.5, 1.5, (20, 1))
    phases = rng.uniform(0, 2 * np.pi, 20)
    target = np.cos(points @ wavenumbers.T + phases).sum(axis=1) / np.sqrt(10)
    return points, target + 0.1 * rng.normal(size=n)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"balance": False},
        {"shuffle": True, "random_state": 0},
        {"shuffle": True, "random_state": 0, "balance": False},
        {"buffer": 5.0},
    ],
    ids=["default", "unbalanced", "shuffled", "shuffled-unbalanced", "buffer"],
)
def test_spatial_block_kfold_tests_every_point_once(params):
    """The test sets partition the samples: each point is tested exactly once."""
    points = _uniform_points()
    cv = SpatialBlockKFold(n_splits=5, block_size=10.0, **params)
    tests = [test for _, test in cv.split(points)]
    assert len(tests) == 5
    np.testing.assert_array_equal(np.sort(np.concatenate(tests)), np.arange(800))


@pytest.mark.parametrize(
    "params",
    [{}, {"shuffle": True, "random_state": 1}, {"block_size": (25.0, 5.0)}],
    ids=["default", "shuffled", "rectangular"],
)
def test_spatial_block_kfold_never_splits_a_block(params):
    """No block has points in both the training and the test set of a fold."""
    points = _uniform_points()
    params = {"block_size": 10.0, **params}
    cv = SpatialBlockKFold(n_splits=4, **params)
    labels = spatial_block_labels(points, params["block_size"])
    for train, test in cv.split(points):
        assert not set(labels[train]) & set(labels[test])
        # Without a buffer the training set is the complement of the test set.
        assert train.size + test.size == points.shape[0]


def test_spatial_block_kfold_indices_are_sorted_integers():
    """Train and test are sorted integer index arrays."""
    cv = SpatialBlockKFold(n_splits=3, block_size=20.0, buffer=3.0)
    for train, test in cv.split(_uniform_points()):
        for index in (train, test):
            assert index.dtype.kind == "i"
            assert np.all(np.diff(index) > 0)


@pytest.mark.parametrize("buffer", [2.0, 7.0, 15.0], ids=["2", "7", "15"])
def test_spatial_block_kfold_buffer_matches_brute_force(buffer):
    """With a buffer, train is the complement of test minus points within buffer."""
    points = _uniform_points(400, seed=3)
    cv = SpatialBlockKFold(n_splits=4, block_size=10.0, buffer=buffer)
    plain = SpatialBlockKFold(n_splits=4, block_size=10.0)
    for (train, test), (_, plain_test) in zip(
        cv.split(points), plain.split(points), strict=True
    ):
        np.testing.assert_array_equal(test, plain_test)
        distance = cdist(points, points[test]).min(axis=1)
        expected = np.flatnonzero(distance > buffer)
        np.testing.assert_array_equal(train, expected)


def test_spatial_block_kfold_buffer_that_empties_training_set_raises():
    """A buffer wider than the region leaves no training point: ValueError."""
    cv = SpatialBlockKFold(n_splits=2, block_size=10.0, buffer=500.0)
    with pytest.raises(ValueError, match=r"buffer \(500\) removes every training"):
        list(cv.split(_uniform_points()))


def test_spatial_block_kfold_balance_evens_out_clustered_folds():
    """On clustered points, balance=True gives near-equal fold sizes."""
    points = _clustered_points()
    counts = np.bincount(spatial_block_labels(points, 10.0))
    balanced = SpatialBlockKFold(n_splits=5, block_size=10.0)
    sizes = np.array([test.size for _, test in balanced.split(points)])
    # Greedy dealing guarantees a spread of at most the largest block.
    assert sizes.max() - sizes.min() <= counts.max()
    assert sizes.max() / sizes.min() < 1.1
    unbalanced = SpatialBlockKFold(n_splits=5, block_size=10.0, balance=False)
    raw = np.array([test.size for _, test in unbalanced.split(points)])
    assert raw.max() / raw.min() > 2 * (sizes.max() / sizes.min())


def test_spatial_block_kfold_shuffled_balance_stays_within_largest_block():
    """Random-order dealing also keeps folds within one largest block."""
    points = _clustered_points(seed=4)
    counts = np.bincount(spatial_block_labels(points, 10.0))
    for seed in range(5):
        cv = SpatialBlockKFold(
            n_splits=5, block_size=10.0, shuffle=True, random_state=seed
        )
        sizes = np.array([test.size for _, test in cv.split(points)])
        assert sizes.max() - sizes.min() <= counts.max()


def test_spatial_block_kfold_warns_when_balance_is_impossible():
    """One block holding most points makes balance impossible: UserWarning."""
    rng = np.random.default_rng(0)
    crowd = rng.uniform(0, 1, size=(900, 2))
    sparse = rng.uniform(0, 100, size=(100, 2))
    points = np.concatenate([crowd, sparse])
    cv = SpatialBlockKFold(n_splits=4, block_size=10.0)
    with pytest.warns(UserWarning, match="Could not balance the folds") as record:
        list(cv.split(points))
    # stacklevel points at the code iterating over split, not inside skgeo.
    assert record[0].filename == __file__


def test_spatial_block_kfold_no_warning_when_balanced():
    """Evenly spread points raise no warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        list(SpatialBlockKFold(block_size=10.0).split(_uniform_points()))


@pytest.mark.parametrize(
    ("shuffle", "random_state"),
    [(False, None), (True, 0), (True, 7)],
    ids=["ordered", "seed-0", "seed-7"],
)
def test_spatial_block_kfold_unbalanced_is_kfold_over_blocks(shuffle, random_state):
    """balance=False deals blocks into folds exactly as KFold deals samples."""
    points = _uniform_points()
    labels = spatial_block_labels(points, 10.0)
    blocks = np.arange(labels.max() + 1)
    cv = SpatialBlockKFold(
        n_splits=5,
        block_size=10.0,
        balance=False,
        shuffle=shuffle,
        random_state=random_state,
    )
    kfold = KFold(n_splits=5, shuffle=shuffle, random_state=random_state)
    for (_, test), (_, test_blocks) in zip(
        cv.split(points), kfold.split(blocks), strict=True
    ):
        np.testing.assert_array_equal(np.unique(labels[test]), test_blocks)


def test_spatial_block_kfold_shuffle_reproducible_with_random_state():
    """The same random_state gives the same folds; another seed differs."""
    points = _uniform_points()

    def folds(seed):
        cv = SpatialBlockKFold(block_size=10.0, shuffle=True, random_state=seed)
        return [test for _, test in cv.split(points)]

    for first, second in zip(folds(3), folds(3), strict=True):
        np.testing.assert_array_equal(first, second)
    assert any(
        not np.array_equal(a, b) for a, b in zip(folds(3), folds(4), strict=True)
    )


def test_spatial_block_kfold_unshuffled_is_deterministic():
    """Without shuffling, the first fold is the same on every call."""
    points = _uniform_points()
    cv = SpatialBlockKFold(block_size=10.0)
    first = next(cv.split(points))[1]
    np.testing.assert_array_equal(next(cv.split(points))[1], first)
    order = np.random.default_rng(0).permutation(len(points))
    # Folds depend on locations only: permuting the rows permutes the indices.
    permuted_first = next(cv.split(points[order]))[1]
    np.testing.assert_array_equal(np.sort(order[permuted_first]), first)


def test_spatial_block_kfold_named_dataframe_columns():
    """Named coordinate columns of a DataFrame give the same folds as an array."""
    points = _uniform_points()
    frame = pd.DataFrame(
        {"vs30": 760.0, "northing": points[:, 1], "easting": points[:, 0]}
    )
    named = SpatialBlockKFold(block_size=10.0, coords=("easting", "northing"))
    indexed = SpatialBlockKFold(block_size=10.0, coords=(2, 1))
    plain = SpatialBlockKFold(block_size=10.0)
    for a, b, c in zip(
        named.split(frame), indexed.split(frame), plain.split(points), strict=True
    ):
        np.testing.assert_array_equal(a[1], c[1])
        np.testing.assert_array_equal(b[1], c[1])


def test_spatial_block_kfold_groups_are_coordinates():
    """A (n, 2) groups array is used as the coordinates instead of X."""
    points = _uniform_points()
    features = np.random.default_rng(1).normal(size=(800, 3))
    cv = SpatialBlockKFold(block_size=10.0)
    from_groups = [test for _, test in cv.split(features, groups=points)]
    from_X = [test for _, test in cv.split(points)]
    for a, b in zip(from_groups, from_X, strict=True):
        np.testing.assert_array_equal(a, b)


def test_spatial_block_kfold_rejects_1d_groups():
    """A 1-D groups is a clear ValueError, not silently ignored."""
    cv = SpatialBlockKFold(block_size=10.0)
    with pytest.raises(ValueError, match="groups only as an"):
        next(cv.split(_uniform_points(), groups=np.arange(800)))


def test_spatial_block_kfold_get_n_splits():
    """get_n_splits returns n_splits without needing data."""
    assert SpatialBlockKFold(n_splits=7, block_size=1.0).get_n_splits() == 7


def test_spatial_block_kfold_too_many_splits_message():
    """More splits than non-empty blocks is verde's error, with the numbers."""
    points = np.array([[0.5, 0.5], [1.5, 0.5], [0.5, 1.5], [1.5, 1.5]])
    cv = SpatialBlockKFold(n_splits=6, block_size=1.0)
    message = (
        r"Number of k-fold splits \(6\) cannot be greater than the number of "
        r"non-empty blocks \(4\). Either decrease n_splits or decrease block_size."
    )
    with pytest.raises(ValueError, match=message):
        next(cv.split(points))


@pytest.mark.parametrize(
    ("params", "error", "message"),
    [
        ({"n_splits": 1}, ValueError, "needs n_splits >= 2; got n_splits=1"),
        ({"n_splits": 2.5}, ValueError, "n_splits must be an integer"),
        ({"block_size": 0.0}, ValueError, "block_size must be positive"),
        ({"block_size": -5.0}, ValueError, "block_size must be positive"),
        ({"buffer": -1.0}, ValueError, "buffer must be a finite distance >= 0"),
        ({"random_state": 0}, ValueError, "no effect since shuffle is False"),
        ({"shuffle": "yes"}, TypeError, "shuffle must be True or False"),
        ({"balance": 1}, TypeError, "balance must be True or False"),
        ({"coords": ("a", "b")}, ValueError, "has no column names"),
        ({"coords": (0, 3)}, ValueError, r"but X has 2 column\(s\)"),
    ],
    ids=[
        "one-split",
        "float-splits",
        "zero-block",
        "negative-block",
        "negative-buffer",
        "seed-without-shuffle",
        "shuffle-not-bool",
        "balance-not-bool",
        "names-on-array",
        "index-out-of-range",
    ],
)
def test_spatial_block_kfold_rejects_bad_parameters(params, error, message):
    """Each invalid parameter is a clear error raised by split."""
    cv = SpatialBlockKFold(**{"block_size": 10.0, **params})
    with pytest.raises(error, match=message):
        next(cv.split(_uniform_points()))


def test_spatial_block_kfold_rejects_nonfinite_coordinates():
    """NaN coordinates in X are a ValueError naming the bad row."""
    points = _uniform_points()
    points[10, 0] = np.nan
    with pytest.raises(ValueError, match="first at row 10"):
        next(SpatialBlockKFold(block_size=10.0).split(points))


def test_spatial_block_kfold_missing_named_column_lists_columns():
    """A missing named column is a ValueError listing the existing ones."""
    frame = pd.DataFrame(_uniform_points(), columns=["lon", "lat"])
    cv = SpatialBlockKFold(block_size=10.0, coords=("easting", "northing"))
    with pytest.raises(ValueError, match=r"X has columns \['lon', 'lat'\]"):
        next(cv.split(frame))


def test_spatial_block_kfold_in_grid_search_with_pipeline_and_dataframe():
    """GridSearchCV over a Pipeline accepts the splitter with named columns."""
    points, target = _smooth_field(400, seed=0)
    frame = pd.DataFrame(points, columns=["easting", "northing"])
    frame["noise"] = np.random.default_rng(0).normal(size=400)
    cv = SpatialBlockKFold(n_splits=4, block_size=25.0, coords=("easting", "northing"))
    pipeline = make_pipeline(StandardScaler(), KNeighborsRegressor())
    search = GridSearchCV(
        pipeline, {"kneighborsregressor__n_neighbors": [3, 30]}, cv=cv
    )
    search.fit(frame, target)
    assert search.n_splits_ == 4
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()


def test_spatial_block_kfold_cross_validate_with_groups_argument():
    """cross_validate passes groups= coordinates to the splitter."""
    points, target = _smooth_field(400, seed=1)
    # Swapped columns: KNN scores are unchanged, but blocks read from X would
    # be transposed, so only coordinates taken from groups give these folds.
    features = points[:, ::-1]
    cv = SpatialBlockKFold(n_splits=4, block_size=25.0)
    expected = cross_validate(KNeighborsRegressor(), points, target, cv=cv)
    from_groups = cross_validate(
        KNeighborsRegressor(), features, target, groups=points, cv=cv
    )
    from_X = cross_validate(KNeighborsRegressor(), features, target, cv=cv)
    np.testing.assert_allclose(from_groups["test_score"], expected["test_score"])
    assert not np.allclose(from_X["test_score"], expected["test_score"])


def test_spatial_block_kfold_metadata_routing_of_groups():
    """With metadata routing on, params={'groups': coords} reaches split."""
    points, target = _smooth_field(400, seed=2)
    features = points[:, ::-1]
    cv = SpatialBlockKFold(n_splits=4, block_size=25.0)
    expected = cross_validate(KNeighborsRegressor(), points, target, cv=cv)
    with sklearn.config_context(enable_metadata_routing=True):
        routed = cross_validate(
            KNeighborsRegressor(), features, target, cv=cv, params={"groups": points}
        )
        unrouted = cross_validate(KNeighborsRegressor(), features, target, cv=cv)
    np.testing.assert_allclose(routed["test_score"], expected["test_score"])
    assert not np.allclose(unrouted["test_score"], expected["test_score"])


def test_spatial_block_kfold_works_with_cross_val_predict():
    """The test sets partition the data, so cross_val_predict accepts it."""
    points, target = _smooth_field(300, seed=3)
    cv = SpatialBlockKFold(n_splits=3, block_size=25.0, buffer=5.0)
    predicted = cross_val_predict(KNeighborsRegressor(), points, target, cv=cv)
    assert predicted.shape == target.shape


@pytest.mark.parametrize("seed", [0, 1, 2], ids=["seed-0", "seed-1", "seed-2"])
def test_spatial_block_kfold_reveals_optimism_of_random_kfold(seed):
    """On a smooth random field, random K-fold R2 far exceeds spatial block R2."""
    points, target = _smooth_field(1000, seed=seed)
    model = KNeighborsRegressor(n_neighbors=10)
    random_cv = KFold(n_splits=5, shuffle=True, random_state=0)
    block_cv = SpatialBlockKFold(
        n_splits=5, block_size=25.0, shuffle=True, random_state=0
    )
    random_r2 = cross_val_score(model, points, target, cv=random_cv).mean()
    block_r2 = cross_val_score(model, points, target, cv=block_cv).mean()
    # Neighbours 1-3 units away make the field easy to look up (R2 ~ 0.93);
    # blocks of 25 units, over half a wavelength, remove them (R2 < 0.3).
    assert random_r2 > 0.85
    assert random_r2 - block_r2 > 0.5


def _wrapped_distances(a, b):
    """Euclidean distances in degrees with longitude differences wrapped."""
    d_lon = np.abs(a[:, None, 0] - b[None, :, 0]) % 360.0
    d_lon = np.minimum(d_lon, 360.0 - d_lon)
    return np.hypot(d_lon, a[:, None, 1] - b[None, :, 1])


def test_spatial_block_kfold_geographic_keeps_antimeridian_pair_together():
    """Points at 179.95 E and 179.95 W land in the same fold in geographic mode."""
    rng = np.random.default_rng(1)
    # Unwrapped longitudes 179 .. 189 (179 E to 171 W), western-most at 179,
    # so the first 2-degree block spans 179 E to 179 W.
    unwrapped = np.concatenate([[179.0, 179.95, 180.05], rng.uniform(179, 189, 200)])
    lon = np.mod(unwrapped + 180.0, 360.0) - 180.0
    points = np.column_stack([lon, rng.uniform(-25, -15, lon.size)])
    cv = SpatialBlockKFold(4, block_size=2.0, coordinate_system="geographic")
    folds = np.empty(lon.size, dtype=int)
    for fold, (_, test) in enumerate(cv.split(points)):
        folds[test] = fold
    assert points[2, 0] == pytest.approx(-179.95)
    assert folds[1] == folds[2]
    lat = points[:, 1]
    blocks = np.floor((unwrapped - 179.0) / 2.0) * 100 + np.floor(
        (lat - lat.min()) / 2.0
    )
    for block in np.unique(blocks):
        assert np.unique(folds[blocks == block]).size == 1


@pytest.mark.parametrize("globe", [False, True], ids=["fiji", "whole-globe"])
def test_spatial_block_kfold_geographic_buffer_uses_wrapped_distance(globe):
    """No training point lies within the buffer (wrapped) of a test point."""
    rng = np.random.default_rng(2)
    if globe:
        # A band round the globe with a point every 0.9 degrees: no gap as
        # wide as the buffer, so pairs across the cut must be found too.
        lon = np.mod(np.arange(400) * 0.9 + 180.0, 360.0) - 180.0
        lat = rng.uniform(-10.5, -10.0, 400)
    else:
        lon = np.mod(rng.uniform(175, 185, 400) + 180, 360) - 180
        lat = rng.uniform(-20, -10, 400)
    points = np.column_stack([lon, lat])
    cv = SpatialBlockKFold(
        5, block_size=2.0, buffer=1.5, coordinate_system="geographic"
    )
    n_dropped = 0
    for train, test in cv.split(points):
        distances = _wrapped_distances(points[train], points[test])
        assert distances.min() > 1.5
        n_dropped += 400 - train.size - test.size
    assert n_dropped > 0


def test_spatial_block_kfold_cartesian_warns_on_antimeridian_lonlat():
    """Lon/lat across 180 degrees in cartesian mode warns and names the fix."""
    points = np.array([[179.9, -18.0], [-179.9, -18.0], [178.0, -17.0], [-178.0, -19]])
    cv = SpatialBlockKFold(2, block_size=1.0)
    with pytest.warns(UserWarning, match=r"coordinate_system='geographic'"):
        list(cv.split(points))
