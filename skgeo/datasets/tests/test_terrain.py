"""Tests for the fBm terrain generator."""

import numpy as np
import pytest

from skgeo.datasets import make_terrain
from skgeo.terrain import slope


def spectral_slope(dem):
    """Least-squares slope of log power against log |k| over all non-zero modes.

    The log of a periodogram value is its expectation's log plus a noise term
    of constant mean, so the regression slope is unbiased; over 20 seeds of a
    256 x 256 DEM its standard deviation is about 0.02.
    """
    n_rows, n_cols = dem.shape
    power = np.abs(np.fft.rfft2(dem)) ** 2
    k = np.hypot(
        np.fft.rfftfreq(n_cols)[np.newaxis, :], np.fft.fftfreq(n_rows)[:, np.newaxis]
    )
    nonzero = k > 0
    return np.polyfit(np.log(k[nonzero]), np.log(power[nonzero]), 1)[0]


@pytest.mark.parametrize("hurst", [0.5, 0.8], ids=["H0.5", "H0.8"])
@pytest.mark.parametrize("shape", [(256, 256), (128, 200)], ids=["square", "wide"])
def test_make_terrain_spectral_slope_matches_hurst(hurst, shape):
    """The fitted radial spectral slope is -(2H + 2) within 0.1 (5 sd)."""
    for seed in range(3):
        dem = make_terrain(shape, hurst=hurst, random_state=seed)
        assert spectral_slope(dem) == pytest.approx(-(2 * hurst + 2), abs=0.1)


def test_make_terrain_range_is_relief():
    """Elevations run from exactly 0 to exactly relief, in float64."""
    dem = make_terrain((50, 70), relief=1234.5, random_state=1)
    assert dem.dtype == np.float64 and dem.shape == (50, 70)
    assert dem.min() == 0.0 and dem.max() == 1234.5


def test_make_terrain_reproducible():
    """The same seed gives the same DEM; another seed a different one."""
    first = make_terrain((32, 32), random_state=7)
    np.testing.assert_array_equal(first, make_terrain((32, 32), random_state=7))
    assert not np.array_equal(first, make_terrain((32, 32), random_state=8))
    rng = np.random.RandomState(7)
    np.testing.assert_array_equal(first, make_terrain((32, 32), random_state=rng))


def test_make_terrain_higher_hurst_is_smoother():
    """With the same seed and relief, a larger H gives gentler slopes."""
    rough = make_terrain((128, 128), hurst=0.3, random_state=0)
    smooth = make_terrain((128, 128), hurst=0.9, random_state=0)
    assert slope(smooth, 30.0).mean() < 0.7 * slope(rough, 30.0).mean()


def test_make_terrain_square_spacing_does_not_change_values():
    """With square cells, spacing only rescales k, which the range undoes."""
    np.testing.assert_allclose(
        make_terrain((40, 40), spacing=10.0, random_state=0),
        make_terrain((40, 40), spacing=90.0, random_state=0),
    )


def test_make_terrain_anisotropic_cells_are_isotropic_in_metres():
    """With 10 m x 40 m cells, features are 4 times longer in cells east-west."""
    dem = make_terrain((128, 512), spacing=(10.0, 40.0), hurst=0.8, random_state=0)
    d_east = np.abs(np.diff(dem, axis=1)).mean() / 10.0
    d_north = np.abs(np.diff(dem, axis=0)).mean() / 40.0
    # Gradients in m/m agree when the surface is isotropic in metres.
    assert d_east == pytest.approx(d_north, rel=0.35)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (
            {"hurst": 0.0},
            "'hurst' parameter of make_terrain must be a float in the range",
        ),
        ({"hurst": 1.5}, "'hurst' parameter"),
        ({"relief": 0.0}, "'relief' parameter"),
        ({"relief": -10.0}, "'relief' parameter"),
        ({"shape": (2, 10)}, r"shape must be \(n_rows, n_cols\).*got \(2, 10\)"),
        ({"shape": (10,)}, "shape must be"),
        ({"shape": (10.0, 10.0)}, "shape must be"),
        ({"spacing": 0.0}, "spacing is the cell size"),
        ({"spacing": (10.0, -1.0)}, "spacing is the cell size"),
    ],
    ids=[
        "hurst-zero",
        "hurst-above-one",
        "relief-zero",
        "relief-negative",
        "shape-small",
        "shape-1d",
        "shape-float",
        "spacing-zero",
        "spacing-negative",
    ],
)
def test_make_terrain_bad_input(kwargs, match):
    """Out-of-range arguments raise a ValueError naming the parameter."""
    with pytest.raises(ValueError, match=match):
        make_terrain(**kwargs)


@pytest.mark.parametrize(
    "spacing",
    [1e-320, 1e308, (1e-300, 1.0), (30.0, 1e12)],
    ids=["subnormal", "huge", "subnormal-east", "huge-north"],
)
def test_make_terrain_refuses_absurd_spacing(spacing):
    """Cell sizes whose wavenumbers overflow are refused instead of giving NaN."""
    with pytest.raises(ValueError, match=r"spacing must lie between 1e-06 and 1e\+09"):
        make_terrain((8, 8), spacing, random_state=0)


@pytest.mark.parametrize("spacing", [1e-6, 1e9, (1e-6, 1e9)])
def test_make_terrain_extreme_valid_spacing_is_finite(spacing):
    """Cell sizes at the ends of the accepted range give a finite DEM."""
    dem = make_terrain((8, 8), spacing, random_state=0)
    assert np.all(np.isfinite(dem)) and dem.min() == 0.0


def test_make_terrain_refuses_huge_shape():
    """A shape of 10^12 cells is a ValueError, not a MemoryError."""
    with pytest.raises(ValueError, match=r"more than the 2\.15e\+09"):
        make_terrain((10**6, 10**6), random_state=0)
