"""Tests for the synthetic landform dataset."""

import numpy as np
import pandas as pd
import pytest

from skgeo.datasets import make_landforms
from skgeo.terrain import (
    GEOMORPHONS,
    SLOPE_POSITIONS,
    WEISS_LANDFORMS,
    classify_landforms,
    terrain_attributes,
)

SMALL = {
    "shape": (40, 50),
    "radii": (90.0, 300.0),
    "small_radius": 150.0,
    "large_radius": 600.0,
}


def test_make_landforms_bunch_fields_and_shapes():
    """The Bunch has every documented field with consistent shapes."""
    data = make_landforms(**SMALL, random_state=0)
    n_samples = 40 * 50
    assert data.data.shape == (n_samples, len(data.feature_names))
    assert data.target.shape == (n_samples,) and data.target.dtype == np.int64
    assert data.coordinates.shape == (n_samples, 2)
    assert data.dem.shape == data.dem_noisy.shape == (40, 50)
    assert data.spacing == (30.0, 30.0)
    assert data.frame is None
    assert "Roberts et al. 2017" in data.DESCR
    assert "easting" not in data.feature_names


def test_make_landforms_target_is_clean_dem_classes():
    """Labels are classify_landforms of the noise-free DEM, row-major."""
    data = make_landforms(**SMALL, random_state=1)
    expected = classify_landforms(data.dem, 30.0, 150.0, 600.0)
    np.testing.assert_array_equal(data.target, expected.ravel())
    assert (data.target > 0).all()


def test_make_landforms_features_are_attributes_of_noisy_dem():
    """Features and coordinates equal terrain_attributes of dem_noisy."""
    data = make_landforms(**SMALL, random_state=2)
    table = terrain_attributes(data.dem_noisy, 30.0, radii=(90.0, 300.0))
    np.testing.assert_array_equal(
        data.coordinates, table[["easting", "northing"]].to_numpy()
    )
    np.testing.assert_array_equal(
        data.data, table.drop(columns=["easting", "northing"]).to_numpy()
    )
    assert not np.isnan(data.data).any()


def test_make_landforms_noise_level_recovered():
    """dem_noisy - dem has the requested standard deviation (within 5%)."""
    data = make_landforms(shape=(100, 100), noise=7.0, random_state=3)
    residual = data.dem_noisy - data.dem
    # 10,000 Gaussian draws: the sample SD is within 5% of sigma (> 7 sd).
    assert residual.std() == pytest.approx(7.0, rel=0.05)
    assert abs(residual.mean()) < 4 * 7.0 / 100


def test_make_landforms_zero_noise_features_from_clean_dem():
    """noise=0 computes the features on the noise-free DEM."""
    data = make_landforms(**SMALL, noise=0.0, random_state=4)
    np.testing.assert_array_equal(data.dem_noisy, data.dem)


def test_make_landforms_target_names_index_by_code():
    """target_names[target] gives each sample's class name."""
    data = make_landforms(**SMALL, random_state=5)
    assert list(data.target_names) == list(WEISS_LANDFORMS.values())
    code = data.target[0]
    assert data.target_names[code] == WEISS_LANDFORMS[code]


@pytest.mark.parametrize(
    "scheme, small, large, table",
    [
        ("slope_position", 150.0, None, SLOPE_POSITIONS),
        ("geomorphons", 0.0, 150.0, GEOMORPHONS),
    ],
    ids=["slope-position", "geomorphons"],
)
def test_make_landforms_other_schemes(scheme, small, large, table):
    """Other schemes label with their own codes and names."""
    data = make_landforms(
        shape=(30, 30),
        radii=(90.0,),
        small_radius=small,
        large_radius=large,
        scheme=scheme,
        random_state=0,
    )
    assert list(data.target_names) == list(table.values())
    assert set(np.unique(data.target)) <= set(table) - {0}


def test_make_landforms_as_frame_and_return_X_y():
    """as_frame gives DataFrame/Series; return_X_y returns (data, target)."""
    data = make_landforms(**SMALL, as_frame=True, random_state=6)
    assert isinstance(data.data, pd.DataFrame)
    assert list(data.data.columns) == data.feature_names
    assert isinstance(data.target, pd.Series) and data.target.name == "landform"
    assert list(data.frame.columns) == data.feature_names + ["landform"]
    X, y = make_landforms(**SMALL, return_X_y=True, random_state=6)
    np.testing.assert_array_equal(X, data.data.to_numpy())
    np.testing.assert_array_equal(y, data.target.to_numpy())


def test_make_landforms_reproducible():
    """The same seed gives the same dataset; noise differs between seeds."""
    first = make_landforms(**SMALL, random_state=8)
    second = make_landforms(**SMALL, random_state=8)
    np.testing.assert_array_equal(first.data, second.data)
    third = make_landforms(**SMALL, random_state=9)
    assert not np.array_equal(first.dem, third.dem)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (
            {"small_radius": 600.0, "large_radius": 150.0},
            r"small_radius \(600 m\) must be smaller than large_radius \(150 m\)",
        ),
        ({"large_radius": 1e5}, r"large_radius \(100000 m\) is larger than the DEM"),
        ({"radii": (10.0,)}, r"radii \(10 m\) is smaller than one cell"),
        ({"noise": -1.0}, "'noise' parameter of make_landforms"),
        ({"scheme": "iwahashi"}, "'scheme' parameter of make_landforms"),
        ({"shape": (2, 2)}, "shape must be"),
    ],
    ids=[
        "swapped-radii",
        "large-too-big",
        "radius-too-small",
        "negative-noise",
        "unknown-scheme",
        "tiny-shape",
    ],
)
def test_make_landforms_bad_input(kwargs, match):
    """Bad arguments raise a ValueError naming the parameter and value."""
    arguments = {**SMALL, **kwargs}
    with pytest.raises(ValueError, match=match):
        make_landforms(**arguments, random_state=0)


def test_make_landforms_refuses_absurd_spacing():
    """A subnormal cell size is refused instead of giving infinite slopes."""
    with pytest.raises(ValueError, match=r"spacing must lie between"):
        make_landforms((16, 16), spacing=1e-320, random_state=0)
