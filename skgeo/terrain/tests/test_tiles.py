"""Tests for the row bands that the kernels run in."""

import numpy as np
import pytest

from skgeo.terrain._tiles import band_rows, extrapolated_band, for_each_band


@pytest.mark.parametrize("start, stop", [(0, 3), (2, 5), (4, 7), (0, 7)])
def test_extrapolated_band_equals_odd_reflection_padding(start, stop):
    """A band's frame is np.pad's odd reflection, corners included."""
    dem = np.random.default_rng(0).normal(size=(7, 5))
    dem[3, 0] = np.nan
    padded = np.pad(dem, 1, mode="reflect", reflect_type="odd")
    np.testing.assert_array_equal(
        extrapolated_band(dem, start, stop), padded[start : stop + 2]
    )


def test_for_each_band_covers_every_row_once_and_propagates_errors():
    """Bands tile the rows without gaps or overlaps; a band's error surfaces."""
    seen = np.zeros(103, dtype=int)

    def work(start, stop):
        seen[start:stop] += 1

    for_each_band(103, 10, work)
    np.testing.assert_array_equal(seen, 1)

    def fail(start, stop):
        raise RuntimeError(f"band {start}")

    with pytest.raises(RuntimeError, match="band"):
        for_each_band(30, 10, fail)


def test_band_rows_leaves_room_for_the_halo():
    """A band is at least twice its halo and at least 8 rows."""
    assert band_rows(10**6) == 8
    assert band_rows(100, halo=10**4) == 2 * 10**4


def test_extrapolated_band_refuses_a_single_row_naming_the_shape():
    """One row cannot be extrapolated: a ValueError names the shape and fix."""
    with pytest.raises(ValueError, match=r"at least 2 x 2 cells .* got shape \(1, 5\)"):
        extrapolated_band(np.zeros((1, 5)), 0, 1)


@pytest.mark.parametrize("start, stop", [(0, 2), (1, 3), (0, 4)])
def test_extrapolated_band_continues_a_plane_exactly(start, stop):
    """Outside the DEM the frame continues a plane, corners included."""
    rows, cols = np.mgrid[-1:5, -1:6]
    plane = 3.0 * cols - 2.0 * rows + 7.0
    band = extrapolated_band(plane[1:-1, 1:-1], start, stop)
    np.testing.assert_allclose(band, plane[start : stop + 2], atol=1e-12)
