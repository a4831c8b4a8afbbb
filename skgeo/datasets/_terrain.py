"""Synthetic DEMs by spectral synthesis of fractional Brownian motion."""

from numbers import Integral

import numpy as np
from sklearn.utils import check_random_state

from ..terrain._checks import check_spacing
from ..utils._validation import Interval, Real, validate_params

# Generated rasters larger than this (16 GiB per float64 copy) are refused.
_MAX_CELLS = 2**31
# Cell sizes (metres) whose wavenumbers and slopes stay finite in float64.
_SPACING_RANGE = (1e-6, 1e9)

__all__ = ["make_terrain"]


def check_shape(shape: object, *, min_cells: int = 3) -> tuple[int, int]:
    """Return `shape` as an ``(n_rows, n_cols)`` pair of ints >= `min_cells`."""
    valid = (
        not isinstance(shape, str)
        and hasattr(shape, "__len__")
        and len(shape) == 2
        and all(
            isinstance(n, Integral) and not isinstance(n, bool) and n >= min_cells
            for n in shape
        )
    )
    if not valid:
        raise ValueError(
            f"shape must be (n_rows, n_cols), two integers of at least {min_cells} "
            f"cells; got {shape!r}. Pass e.g. shape=(256, 256)."
        )
    n_rows, n_cols = int(shape[0]), int(shape[1])
    if n_rows * n_cols > _MAX_CELLS:
        raise ValueError(
            f"shape {shape!r} has {n_rows * n_cols:.3g} cells, more than the "
            f"{_MAX_CELLS:.3g} a generated DEM may have (each float64 copy would "
            f"take {n_rows * n_cols * 8 / 2**30:.3g} GiB). Pass a smaller shape, "
            "or generate tiles."
        )
    return n_rows, n_cols


def check_cell_size(spacing: object) -> tuple[float, float]:
    """The ``(east, north)`` cell size, refusing sizes outside 1 um .. 1e6 km.

    Beyond that range the wavenumbers (1 / spacing) and the slopes of the
    generated DEM overflow or vanish in float64, which gave a DEM of NaN.
    """
    east, north = check_spacing(spacing)
    low, high = _SPACING_RANGE
    if not (low <= east <= high and low <= north <= high):
        raise ValueError(
            f"spacing must lie between {low:g} and {high:g} metres; got "
            f"{spacing!r}. It is the cell size in metres (e.g. spacing=30.0)."
        )
    return east, north


@validate_params(
    {
        "shape": ["array-like"],
        "spacing": [Real, "array-like"],
        "hurst": [Interval(Real, 0, 1, closed="right")],
        "relief": [Interval(Real, 0, None, closed="neither")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_terrain(
    shape: tuple[int, int] = (256, 256),
    spacing: float | tuple[float, float] = 30.0,
    *,
    hurst: float = 0.8,
    relief: float = 500.0,
    random_state: int | np.random.RandomState | None = None,
) -> np.ndarray:
    """Generate a fractal DEM by spectral synthesis of fractional Brownian motion.

    Parameters
    ----------
    shape : tuple of (int, int), default=(256, 256)
        ``(n_rows, n_cols)`` of the raster, each at least 3. Non-square
        shapes work.
    spacing : float or tuple of (float, float), default=30.0
        Cell size in metres: one number for square cells or an
        ``(east, north)`` pair. It sets the physical wavenumbers, so an
        anisotropic pair still gives terrain that is statistically isotropic
        in metres; with square cells it does not change the result (the
        elevations are rescaled to `relief` anyway).
    hurst : float, default=0.8
        Hurst exponent :math:`H` in ``(0, 1]``: the larger, the smoother.
        The surface's fractal dimension is :math:`3 - H`; 0.7-0.9 looks like
        real terrain.
    relief : float, default=500.0
        Elevation range of the DEM in metres: the output runs from exactly
        0 (lowest cell) to exactly `relief` (highest cell).
    random_state : int, RandomState instance or None, default=None
        Seed of the random amplitudes and phases. Pass an int for
        reproducible output.

    Returns
    -------
    dem : ndarray of shape (n_rows, n_cols)
        Elevations in metres, float64, row 0 at the north edge. The surface
        is periodic (it tiles seamlessly).

    Raises
    ------
    ValueError
        If `shape` is not two integers >= 3 (or has more than 2**31 cells),
        `spacing` is not positive or lies outside 1e-6 .. 1e9 metres,
        `hurst` is outside ``(0, 1]`` or `relief` is not positive.

    See Also
    --------
    make_landforms : A labelled landform dataset built on this DEM.
    skgeo.terrain.terrain_attributes : Features of the generated DEM.

    Notes
    -----
    Fractional Brownian motion has the power spectrum

    .. math:: P(k) \\propto |k|^{-\\beta},\\qquad \\beta = 2H + 2,

    so its Fourier amplitudes fall as :math:`|k|^{-(H+1)}` (Saupe 1988).
    Complex Gaussian coefficients (random amplitude and phase) are scaled by
    :math:`|k|^{-(H+1)}` on the grid of wavenumbers
    :math:`k = (k_e, k_n)` in cycles per metre, the mean (:math:`k = 0`) is
    set to zero, and an inverse real FFT gives the surface. It is then
    shifted and scaled to run from 0 to `relief`; this linear map leaves the
    spectral slope :math:`-\\beta` unchanged, which is what the tests check
    (fitted radial slope within 0.15 of :math:`-(2H + 2)`).

    References
    ----------
    .. [1] Saupe, D. (1988). Algorithms for random fractals. In H.-O. Peitgen
       & D. Saupe (Eds.), The Science of Fractal Images (pp. 71-136).
       Springer. doi:10.1007/978-1-4612-3784-6_2

    Examples
    --------
    >>> from skgeo.datasets import make_terrain
    >>> dem = make_terrain((64, 96), spacing=30.0, hurst=0.8, relief=400.0,
    ...                    random_state=0)
    >>> dem.shape
    (64, 96)
    >>> print(dem.min(), dem.max())
    0.0 400.0
    """
    n_rows, n_cols = check_shape(shape)
    east, north = check_cell_size(spacing)
    rng = check_random_state(random_state)
    # Only the ratio of the sides matters (the DEM is rescaled to relief);
    # wavenumbers in units of the longer side stay well inside float range.
    longer = max(east, north)
    k_north = np.fft.fftfreq(n_rows, d=north / longer)[:, np.newaxis]
    k_east = np.fft.rfftfreq(n_cols, d=east / longer)[np.newaxis, :]
    wavenumber = np.hypot(k_east, k_north)
    # k = 0 is the mean elevation; an infinite wavenumber gives it amplitude 0.
    wavenumber[0, 0] = np.inf
    amplitude = wavenumber ** -(hurst + 1.0)
    noise = rng.standard_normal(wavenumber.shape) + 1j * rng.standard_normal(
        wavenumber.shape
    )
    surface = np.fft.irfft2(amplitude * noise, s=(n_rows, n_cols))
    low, high = surface.min(), surface.max()
    dem = (surface - low) * (relief / (high - low))
    # Rounding can leave the top a few ulps off; the documented range is exact.
    dem[np.unravel_index(np.argmax(surface), surface.shape)] = relief
    return dem
