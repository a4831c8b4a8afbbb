"""Tests for the TerrainFeatures transformer."""

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from skgeo.terrain import TerrainFeatures, terrain_attributes


def random_dem(shape=(70, 70), seed=0):
    """A rough random-walk surface in metres."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=shape).cumsum(axis=0).cumsum(axis=1)


def checkable_instance():
    """An instance whose raster covers the coordinates scikit-learn's checks use.

    The checks draw X from about [-15, 15] and around 100 +- 5, with 3 or more
    columns; a 70 x 70 raster of 2 m cells from (-20, 120) covers both, and
    coords=(0, 1) reads the first two columns of the wider arrays.
    """
    return TerrainFeatures(
        dem=random_dem(),
        spacing=2.0,
        origin=(-20.0, 120.0),
        radii=(4.0, 10.0),
        coords=(0, 1),
    )


@parametrize_with_checks([checkable_instance()])
def test_terrain_features_check_estimator(estimator, check):
    """TerrainFeatures passes every scikit-learn estimator check."""
    check(estimator)


def cell_centres(shape, spacing, origin):
    """(easting, northing) of each cell centre, row-major."""
    table = terrain_attributes(
        np.zeros(shape), spacing, radii=(max(spacing),), origin=origin
    )
    return table[["easting", "northing"]].to_numpy()


def test_terrain_features_at_cell_centres_equal_attribute_table():
    """Sampling every cell centre reproduces terrain_attributes exactly."""
    dem = random_dem(shape=(12, 15))
    spacing, origin, radii = (10.0, 20.0), (3000.0, 9000.0), (20.0, 60.0)
    table = terrain_attributes(dem, spacing, radii, origin=origin)
    features = TerrainFeatures(dem=dem, spacing=spacing, origin=origin, radii=radii)
    points = table[["easting", "northing"]].to_numpy()
    result = features.fit_transform(points)
    expected = table.drop(columns=["easting", "northing"])
    np.testing.assert_array_equal(result, expected.to_numpy())
    np.testing.assert_array_equal(features.get_feature_names_out(), expected.columns)


def test_terrain_features_nearest_cell_and_edges():
    """Points take their cell's values; east and south edges belong inside."""
    dem = np.arange(12.0).reshape(3, 4) ** 2
    features = TerrainFeatures(
        dem=dem,
        spacing=10.0,
        origin=(0.0, 30.0),
        radii=(10.0,),
        attributes=["elevation"],
    )
    points = np.array([[0.0, 30.0], [19.9, 20.1], [40.0, 0.0], [25.0, 15.0]])
    result = features.fit(points).transform(points)
    np.testing.assert_array_equal(result[:, 0], [0.0, 1.0, 121.0, 36.0])
    assert features.extent_ == (0.0, 40.0, 0.0, 30.0)


def test_terrain_features_points_outside_raise():
    """Points outside the raster raise a ValueError with count and extent."""
    features = TerrainFeatures(
        dem=random_dem((10, 10)), spacing=5.0, origin=(100.0, 200.0), radii=(5.0,)
    )
    inside = np.array([[110.0, 190.0]])
    features.fit(inside)
    outside = np.array([[110.0, 190.0], [99.0, 190.0], [110.0, 201.0]])
    message = (
        r"2 of 3 points lie outside the raster \(easting 100 to 150 m, "
        r"northing 150 to 200 m\); the first is \(99, 190\)"
    )
    with pytest.raises(ValueError, match=message):
        features.transform(outside)
    with pytest.raises(ValueError, match="outside the raster"):
        features.fit(outside)


def test_terrain_features_swapped_coordinates_hint():
    """Northing-first input is caught as outside, with an order hint."""
    features = TerrainFeatures(
        dem=random_dem((10, 10)),
        spacing=100.0,
        origin=(500000.0, 4200000.0),
        radii=(100.0,),
    )
    with pytest.raises(ValueError, match=r"\(easting, northing\) in that order"):
        features.fit(np.array([[4199500.0, 500500.0]]))


def test_terrain_features_requires_dem():
    """fit with dem=None raises a ValueError saying how to pass a DEM."""
    with pytest.raises(ValueError, match="needs a DEM to sample, but dem is None"):
        TerrainFeatures().fit(np.zeros((3, 2)))


@pytest.mark.parametrize(
    "n_columns, coords, match",
    [
        (3, None, r"X has 3 feature\(s\), but TerrainFeatures expects exactly 2"),
        (1, None, r"X has 1 feature\(s\)"),
        (3, (0, 3), r"X has 3 feature\(s\), but coords=\(0, 3\) refers to column 3"),
        (3, (1, 1), "coords must name two different columns"),
        (3, ("easting", "northing"), "names column 'easting', which X does not"),
        (3, (0, 1.5), "coords entries must be column indices or names"),
    ],
    ids=[
        "three-columns",
        "one-column",
        "index-out-of-range",
        "same-column",
        "names-without-frame",
        "float-entry",
    ],
)
def test_terrain_features_bad_coordinate_columns(n_columns, coords, match):
    """X without the coordinate columns raises a ValueError naming the fix."""
    features = TerrainFeatures(
        dem=random_dem((10, 10)),
        spacing=1.0,
        origin=(0.0, 10.0),
        radii=(1.0,),
        coords=coords,
    )
    with pytest.raises(ValueError, match=match):
        features.fit(np.full((4, n_columns), 5.0))


def test_terrain_features_coords_by_name_in_dataframe():
    """coords names pick the columns of a DataFrame; others are ignored."""
    dem = random_dem((10, 10))
    X = pd.DataFrame(
        {"depth": [1.0, 2.0], "northing": [5.5, 2.5], "easting": [0.5, 9.5]}
    )
    named = TerrainFeatures(
        dem=dem,
        spacing=1.0,
        origin=(0.0, 10.0),
        radii=(2.0,),
        coords=("easting", "northing"),
    )
    plain = TerrainFeatures(dem=dem, spacing=1.0, origin=(0.0, 10.0), radii=(2.0,))
    np.testing.assert_array_equal(
        named.fit_transform(X), plain.fit_transform(X[["easting", "northing"]])
    )


def test_terrain_features_attribute_selection():
    """Attribute names select columns in order; 'tpi' expands to every radius."""
    features = TerrainFeatures(
        dem=random_dem((20, 20)),
        radii=(2.0, 5.0),
        origin=(0.0, 20.0),
        attributes=["tpi", "slope", "local_relief_5"],
    )
    features.fit(np.array([[1.0, 1.0]]))
    assert list(features.get_feature_names_out()) == [
        "tpi_2",
        "tpi_5",
        "slope",
        "local_relief_5",
    ]
    assert features.feature_rasters_.shape == (4, 20, 20)


@pytest.mark.parametrize(
    "attributes, match",
    [
        (["slope", "aspect"], "Unknown terrain attribute 'aspect'"),
        (["tpi_300"], "Unknown terrain attribute 'tpi_300'"),
        ([], "selects no attribute"),
    ],
    ids=["aspect", "missing-radius", "empty"],
)
def test_terrain_features_unknown_attribute(attributes, match):
    """Unknown attribute names raise a ValueError listing the valid ones."""
    features = TerrainFeatures(
        dem=random_dem((20, 20)),
        radii=(2.0,),
        origin=(0.0, 20.0),
        attributes=attributes,
    )
    with pytest.raises(ValueError, match=match):
        features.fit(np.array([[1.0, 1.0]]))


def test_terrain_features_nodata_warns_and_returns_nan():
    """Points on NaN attributes get NaN features and a UserWarning."""
    dem = random_dem((10, 10))
    dem[2, 2] = np.nan
    features = TerrainFeatures(dem=dem, radii=(1.0,), origin=(0.0, 10.0))
    points = np.array([[2.5, 7.5], [8.5, 1.5]])
    features.fit(points)
    with pytest.warns(UserWarning, match="1 of 2 points fall on cells"):
        result = features.transform(points)
    assert np.isnan(result[0]).any() and np.isfinite(result[1]).all()


def test_terrain_features_get_feature_names_out_checks_input():
    """input_features of the wrong length raise a ValueError."""
    features = TerrainFeatures(
        dem=random_dem((10, 10)), radii=(1.0,), origin=(0.0, 10.0)
    ).fit(np.ones((2, 2)))
    with pytest.raises(ValueError, match="input_features should have length"):
        features.get_feature_names_out(["a", "b", "c"])


def test_terrain_features_pipeline_grid_search_on_landform_labels():
    """Pipeline(TerrainFeatures, scaler, classifier) runs in GridSearchCV."""
    easting, northing = np.meshgrid(np.arange(40) + 0.5, 39.5 - np.arange(40))
    dem = 10.0 * np.sin(easting / 6.0) * np.cos(northing / 7.0)
    points = np.column_stack([easting.ravel(), northing.ravel()])
    # Label: is the cell higher than its 3-cell neighbourhood mean?
    labels = (terrain_attributes(dem, 1.0, radii=(3.0,))["tpi_3"] > 0).to_numpy()
    pipeline = make_pipeline(
        TerrainFeatures(dem=dem, spacing=1.0, origin=(0.0, 40.0)),
        StandardScaler(),
        LogisticRegression(max_iter=500),
    )
    search = GridSearchCV(
        pipeline,
        {"terrainfeatures__radii": [(3.0,), (10.0,)]},
        cv=KFold(3, shuffle=True, random_state=0),
    )
    search.fit(points, labels)
    assert search.best_params_ == {"terrainfeatures__radii": (3.0,)}
    assert search.best_score_ > 0.9


def test_terrain_features_set_output_pandas():
    """With set_output(transform='pandas') the columns carry attribute names."""
    features = TerrainFeatures(
        dem=random_dem((10, 10)), radii=(1.0,), origin=(0.0, 10.0)
    ).set_output(transform="pandas")
    frame = features.fit_transform(np.array([[1.0, 1.0], [2.0, 2.0]]))
    assert list(frame.columns) == list(features.get_feature_names_out())
