"""Tests for TPI and local relief against direct computations."""

import numpy as np
import pytest
from scipy import ndimage

from skgeo.terrain import local_relief, tpi
from skgeo.terrain._position import disk_kernel


def reference_footprint(radius, spacing, inner_radius=0.0):
    """Disk/annulus footprint built cell by cell, independently of the code."""
    east, north = spacing
    half_e, half_n = int(radius // east + 1e-9), int(radius // north + 1e-9)
    footprint = np.zeros((2 * half_n + 1, 2 * half_e + 1))
    for i in range(-half_n, half_n + 1):
        for j in range(-half_e, half_e + 1):
            distance = np.hypot(i * north, j * east)
            if inner_radius < distance <= radius + 1e-9:
                footprint[i + half_n, j + half_e] = 1.0
    return footprint


def reference_tpi(dem, radius, spacing, inner_radius=0.0):
    """TPI by direct spatial convolution over valid cells inside the DEM."""
    footprint = reference_footprint(radius, spacing, inner_radius)
    valid = np.isfinite(dem)
    sums = ndimage.convolve(np.where(valid, dem, 0.0), footprint, mode="constant")
    counts = ndimage.convolve(valid.astype(float), footprint, mode="constant")
    with np.errstate(invalid="ignore", divide="ignore"):
        result = dem - sums / counts
    result[counts == 0] = np.nan
    return result


def gaussian_hill(height=50.0, sigma=60.0, shape=(41, 41), spacing=10.0):
    """A Gaussian hill centred on the middle cell."""
    rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]]
    rows = (rows - shape[0] // 2) * spacing
    cols = (cols - shape[1] // 2) * spacing
    return height * np.exp(-(rows**2 + cols**2) / (2 * sigma**2))


@pytest.mark.parametrize(
    "radius, spacing, n_cells",
    [
        (10.0, (10.0, 10.0), 4),
        (14.2, (10.0, 10.0), 8),
        (20.0, (10.0, 10.0), 12),
        (30.0, (10.0, 30.0), 8),
    ],
    ids=["one-cell", "diagonal", "two-cells", "anisotropic"],
)
def test_disk_kernel_cell_counts(radius, spacing, n_cells):
    """Disks hold the known number of cells; the centre is never included."""
    kernel = disk_kernel(radius, spacing)
    assert kernel.sum() == n_cells
    assert kernel[kernel.shape[0] // 2, kernel.shape[1] // 2] == 0


def test_disk_kernel_annulus_matches_reference():
    """An annulus kernel keeps inner_radius < distance <= radius."""
    kernel = disk_kernel(55.0, (10.0, 10.0), inner_radius=25.0)
    np.testing.assert_array_equal(
        kernel, reference_footprint(55.0, (10.0, 10.0), inner_radius=25.0)
    )


@pytest.mark.parametrize(
    "radius, inner_radius, spacing",
    [(30.0, 0.0, (10.0, 10.0)), (75.0, 30.0, (10.0, 10.0)), (60.0, 0.0, (10.0, 20.0))],
    ids=["disk", "annulus", "anisotropic"],
)
def test_tpi_matches_direct_convolution_with_nodata(radius, inner_radius, spacing):
    """FFT TPI equals a direct convolution, with NaN cells and at edges."""
    rng = np.random.default_rng(1)
    dem = 1500.0 + rng.normal(size=(40, 50)).cumsum(axis=0).cumsum(axis=1)
    dem[10:13, 20:24] = np.nan
    dem[0, 0] = np.nan
    result = tpi(dem, spacing, radius, inner_radius=inner_radius)
    expected = reference_tpi(dem, radius, spacing, inner_radius)
    np.testing.assert_array_equal(np.isnan(result), np.isnan(expected))
    np.testing.assert_allclose(result, expected, rtol=1e-9, atol=1e-8)


def test_tpi_hill_positive_pit_negative():
    """A hilltop has positive TPI, a pit the same value negated."""
    hill = gaussian_hill()
    assert tpi(hill, 10.0, 100.0)[20, 20] > 20.0
    np.testing.assert_allclose(tpi(-hill, 10.0, 100.0), -tpi(hill, 10.0, 100.0))


def test_tpi_plane_interior_exactly_zero_edges_biased():
    """A plane has TPI exactly 0 where the disk fits, non-zero at the edge."""
    rows, cols = np.mgrid[0:30, 0:30]
    dem = 2000.0 + 3.0 * cols + 1.0 * rows
    result = tpi(dem, 10.0, 50.0)
    np.testing.assert_array_equal(result[5:-5, 5:-5], 0.0)
    # On the west edge the disk lies east of the cell, uphill: TPI < 0.
    assert (result[5:-5, 0] < 0).all()


def test_tpi_flat_is_zero_and_offset_invariant():
    """Flat terrain gives exactly 0; adding a constant leaves TPI unchanged."""
    np.testing.assert_array_equal(tpi(np.full((9, 9), 812.5), 10.0, 30.0), 0.0)
    hill = gaussian_hill()
    np.testing.assert_allclose(
        tpi(hill + 4000.0, 10.0, 80.0), tpi(hill, 10.0, 80.0), atol=1e-9
    )


def test_tpi_nan_when_no_valid_neighbour():
    """A valid cell surrounded by nodata within the radius gets NaN."""
    dem = np.full((7, 7), np.nan)
    dem[3, 3] = 10.0
    dem[0, 0] = 5.0
    result = tpi(dem, 10.0, 20.0)
    assert np.isnan(result[3, 3])
    assert np.isnan(result[1, 1])


@pytest.mark.parametrize(
    "radius, inner_radius, match",
    [
        (5.0, 0.0, r"radius \(5 m\) is smaller than one cell"),
        (1000.0, 0.0, r"radius \(1000 m\) is larger than the DEM"),
        (50.0, 50.0, r"inner_radius \(50 m\) must be at least 0 and smaller"),
        (50.0, -1.0, r"inner_radius \(-1 m\) must be at least 0"),
        (14.0, 10.5, "contains no cell centre"),
    ],
    ids=["below-cell", "above-extent", "inner-equal", "inner-negative", "empty"],
)
def test_tpi_bad_radius(radius, inner_radius, match):
    """Out-of-range radii raise a ValueError naming the value and the fix."""
    with pytest.raises(ValueError, match=match):
        tpi(np.zeros((20, 20)), 10.0, radius, inner_radius=inner_radius)


def test_local_relief_matches_square_max_min_filter():
    """Local relief equals max - min over the square window, cut at edges."""
    rng = np.random.default_rng(2)
    dem = rng.normal(size=(30, 35)).cumsum(axis=1) * 10.0
    result = local_relief(dem, (10.0, 20.0), 45.0)
    size = (2 * 2 + 1, 2 * 4 + 1)  # half-widths: 45 // 20 rows, 45 // 10 cols
    expected = ndimage.maximum_filter(dem, size=size, mode="nearest")
    expected -= ndimage.minimum_filter(dem, size=size, mode="nearest")
    np.testing.assert_allclose(result, expected)


def test_local_relief_skips_nodata():
    """NaN cells are left out of the window; NaN cells stay NaN."""
    dem = np.zeros((9, 9))
    dem[4, 4] = 30.0
    dem[4, 5] = np.nan
    result = local_relief(dem, 10.0, 10.0)
    assert np.isnan(result[4, 5])
    assert result[4, 6] == 0.0
    assert result[3, 4] == 30.0
    assert np.isfinite(np.delete(result.ravel(), 4 * 9 + 5)).all()


def test_local_relief_plane_edges():
    """On a plane the window is cut at the edge: corners see half the range."""
    rows, cols = np.mgrid[0:10, 0:10]
    dem = 2.0 * cols
    result = local_relief(dem, 1.0, 3.0)
    assert result[5, 5] == 12.0
    assert result[5, 0] == 6.0


def test_local_relief_bad_radius():
    """A radius below one cell raises a ValueError."""
    with pytest.raises(ValueError, match="smaller than one cell"):
        local_relief(np.zeros((5, 5)), 30.0, 10.0)


# --- Locality, tiles, memory ----------------------------------------------


def fractal(shape=(70, 64), seed=21):
    """A fractal DEM at 10 m spacing."""
    from skgeo.datasets import make_terrain

    return make_terrain(shape, 10.0, relief=200.0, random_state=seed)


@pytest.mark.parametrize("function", [tpi, local_relief], ids=["tpi", "relief"])
def test_nodata_changes_only_cells_within_the_radius(function):
    """A NaN changes the cells whose window holds it and not one bit beyond."""
    dem = fractal()
    clean = function(dem, 10.0, 50.0)
    dem[30, 20] = np.nan
    result = function(dem, 10.0, 50.0)
    rows, cols = np.mgrid[0 : dem.shape[0], 0 : dem.shape[1]]
    # local_relief's window is the square; tpi's the disk inside it.
    beyond = (np.abs(rows - 30) > 5) | (np.abs(cols - 20) > 5)
    np.testing.assert_array_equal(result[beyond], clean[beyond])
    assert np.isnan(result[30, 20])
    if function is tpi:  # every mean in the disk loses a cell
        within = (np.hypot(rows - 30, cols - 20) <= 5) & ~np.isnan(result)
        assert (result[within] != clean[within]).all()


def test_tpi_matches_direct_convolution_on_fractal_dem_without_nodata():
    """Edges included: the window is cut at the DEM edge, counts exactly."""
    dem = fractal((45, 52))
    for radius, spacing in ((35.0, (10.0, 10.0)), (60.0, (10.0, 15.0))):
        np.testing.assert_allclose(
            tpi(dem, spacing, radius), reference_tpi(dem, radius, spacing), atol=1e-9
        )


@pytest.mark.parametrize("function", [tpi, local_relief], ids=["tpi", "relief"])
def test_tile_with_kernel_overlap_is_bit_identical(function):
    """A tile padded by kernel_radius_cells reproduces the whole DEM's bits,
    whatever the band size (the contract for Dask map_overlap)."""
    from skgeo.terrain import _tiles
    from skgeo.terrain._footprint import kernel_radius_cells

    dem = fractal((90, 80))
    dem[40:44, 30:33] = np.nan
    spacing, radius = (10.0, 12.0), 55.0
    whole = function(dem, spacing, radius)
    rows, cols = kernel_radius_cells(function.__name__, spacing, radius=radius)
    tile = function(dem[30 - rows : 60 + rows, 20 - cols : 70 + cols], spacing, radius)
    np.testing.assert_array_equal(tile[rows:-rows, cols:-cols], whole[30:60, 20:70])
    original = _tiles.BAND_CELLS
    try:
        _tiles.BAND_CELLS = 300
        np.testing.assert_array_equal(function(dem, spacing, radius), whole)
    finally:
        _tiles.BAND_CELLS = original


@pytest.mark.parametrize("function", [tpi, local_relief], ids=["tpi", "relief"])
@pytest.mark.parametrize("cells", [5, 400], ids=["small", "as-large-as-dem"])
def test_peak_memory_is_a_small_multiple_of_the_dem(monkeypatch, function, cells):
    """Even with a radius as large as the DEM, the traced peak stays within
    8x the DEM (the FFT version allocated about 70x)."""
    import tracemalloc

    from skgeo.terrain import _tiles

    monkeypatch.setattr(_tiles, "BAND_CELLS", 2048)
    dem = fractal((400, 120))
    tracemalloc.start()
    try:
        function(dem, 10.0, 10.0 * cells)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= 8 * dem.nbytes, peak / dem.nbytes


def test_tpi_and_local_relief_accept_integer_dem():
    """An integer DEM works and gives the float result of the same values."""
    dem = (fractal((30, 30)) * 10).astype(np.int32)
    for function in (tpi, local_relief):
        result = function(dem, 10.0, 40.0)
        assert result.dtype == np.float64
        np.testing.assert_array_equal(result, function(dem.astype(float), 10.0, 40.0))


def test_tpi_radius_larger_than_dem_names_sizes_and_fix():
    """A radius beyond the DEM's extent says the extent, the shape and the fix."""
    with pytest.raises(
        ValueError, match=r"larger than the DEM, whose longer side is 300 m \(20 rows"
    ):
        tpi(np.zeros((20, 30)), 10.0, 301.0)
