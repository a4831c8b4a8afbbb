"""Tests for the per-cell terrain attribute table."""

import numpy as np
import pandas as pd
import pytest

from skgeo.terrain import (
    aspect,
    curvature,
    local_relief,
    roughness,
    slope,
    terrain_attributes,
    tpi,
    tri,
)


def random_dem(shape=(25, 30), seed=0):
    """A rough random-walk surface in metres."""
    rng = np.random.default_rng(seed)
    return 300.0 + rng.normal(size=shape).cumsum(axis=0).cumsum(axis=1)


def test_terrain_attributes_columns_in_documented_order():
    """Coordinates, 3x3 attributes, then TPI and local relief per radius."""
    table = terrain_attributes(random_dem(), 10.0, radii=(20.0, 50.0))
    assert list(table.columns) == [
        "easting",
        "northing",
        "elevation",
        "slope",
        "northness",
        "eastness",
        "profile_curvature",
        "plan_curvature",
        "total_curvature",
        "tri",
        "roughness",
        "tpi_20",
        "tpi_50",
        "local_relief_20",
        "local_relief_50",
    ]
    assert (table.dtypes == np.float64).all()


def test_terrain_attributes_cell_centres_row_major_from_north_west():
    """Row 0 is north; origin is the north-west corner; rows run west-east."""
    dem = random_dem(shape=(4, 5))
    table = terrain_attributes(dem, (10.0, 20.0), radii=(20.0,), origin=(1000.0, 500.0))
    assert table.shape[0] == 20
    assert table.loc[0, ["easting", "northing"]].to_list() == [1005.0, 490.0]
    assert table.loc[4, ["easting", "northing"]].to_list() == [1045.0, 490.0]
    assert table.loc[5, ["easting", "northing"]].to_list() == [1005.0, 470.0]
    np.testing.assert_array_equal(table["elevation"], dem.ravel())


def test_terrain_attributes_equal_individual_functions():
    """Each column equals the public function that defines it, raveled."""
    dem = random_dem()
    spacing = (10.0, 15.0)
    table = terrain_attributes(dem, spacing, radii=(30.0, 75.0))
    azimuth = np.radians(aspect(dem, spacing))
    expected = {
        "slope": slope(dem, spacing),
        "northness": np.cos(azimuth),
        "eastness": np.sin(azimuth),
        "profile_curvature": curvature(dem, spacing, kind="profile"),
        "plan_curvature": curvature(dem, spacing, kind="plan"),
        "total_curvature": curvature(dem, spacing, kind="total"),
        "tri": tri(dem),
        "roughness": roughness(dem),
        "tpi_30": tpi(dem, spacing, 30.0),
        "tpi_75": tpi(dem, spacing, 75.0),
        "local_relief_30": local_relief(dem, spacing, 30.0),
        "local_relief_75": local_relief(dem, spacing, 75.0),
    }
    for name, raster in expected.items():
        np.testing.assert_allclose(table[name], raster.ravel(), err_msg=name)


def test_terrain_attributes_default_radii_are_3_10_30_cells():
    """radii=None gives 3, 10 and 30 times the larger cell size."""
    table = terrain_attributes(random_dem(shape=(40, 40)), (20.0, 25.0))
    assert [c for c in table.columns if c.startswith("tpi_")] == [
        "tpi_75",
        "tpi_250",
        "tpi_750",
    ]


def test_terrain_attributes_flat_northness_eastness_zero():
    """A flat DEM has no aspect: northness and eastness are 0, not NaN."""
    table = terrain_attributes(np.full((6, 6), 10.0), 5.0, radii=(10.0,))
    assert not table.isna().any().any()
    np.testing.assert_array_equal(table[["northness", "eastness"]], 0.0)


def test_terrain_attributes_plane_northness_eastness():
    """A plane falling to the south-east has northness -0.707, eastness 0.707."""
    rows, cols = np.mgrid[0:6, 0:6]
    dem = -1.0 * cols - 1.0 * rows  # lower to the east and to the south
    table = terrain_attributes(dem, 1.0, radii=(2.0,))
    np.testing.assert_allclose(table["northness"], -np.sqrt(0.5))
    np.testing.assert_allclose(table["eastness"], np.sqrt(0.5))


def test_terrain_attributes_nodata_rows_kept_with_nan():
    """A NaN cell keeps its rows; 3x3 attributes of its neighbours are NaN."""
    dem = random_dem(shape=(10, 10))
    dem[5, 5] = np.nan
    table = terrain_attributes(dem, 10.0, radii=(20.0,))
    assert len(table) == 100
    slope_nan = table["slope"].isna().to_numpy().reshape(10, 10)
    assert slope_nan.sum() == 9 and slope_nan[4:7, 4:7].all()
    tpi_nan = table["tpi_20"].isna().to_numpy().reshape(10, 10)
    assert tpi_nan.sum() == 1


def test_terrain_attributes_radius_label_keeps_fractions():
    """Fractional radii keep their digits in the column name."""
    table = terrain_attributes(random_dem(shape=(10, 10)), 2.5, radii=(7.5,))
    assert "tpi_7.5" in table.columns and "local_relief_7.5" in table.columns


def test_terrain_attributes_returns_dataframe():
    """The result is a pandas DataFrame with a default RangeIndex."""
    table = terrain_attributes(random_dem(shape=(5, 5)), 1.0, radii=(1.0,))
    assert isinstance(table, pd.DataFrame)
    assert table.index.equals(pd.RangeIndex(25))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"radii": ()}, "radii must hold at least one radius"),
        ({"radii": (30.0, 30.0)}, "radii must be distinct"),
        ({"radii": (5.0,)}, r"radii \(5 m\) is smaller than one cell"),
        ({"radii": (1e6,)}, "is larger than the DEM"),
        ({"origin": (0.0,)}, "origin must be the .easting, northing."),
        ({"origin": (0.0, np.nan)}, "origin must be the .easting, northing."),
    ],
    ids=["empty", "duplicate", "too-small", "too-large", "short-origin", "nan-origin"],
)
def test_terrain_attributes_bad_input(kwargs, match):
    """Bad radii and origins raise a ValueError naming value and fix."""
    with pytest.raises(ValueError, match=match):
        terrain_attributes(random_dem(), 10.0, **kwargs)


def test_terrain_attributes_default_radii_too_large_for_small_dem():
    """Default radii on a tiny DEM explain that radii must be given."""
    with pytest.raises(
        ValueError,
        match=r"radii=None means 3, 10 and 30 cells "
        r"\(30, 100, 300 m\).*larger than the DEM.*explicitly",
    ):
        terrain_attributes(random_dem(shape=(12, 12)), 10.0)
