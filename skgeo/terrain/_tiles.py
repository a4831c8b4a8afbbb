"""Row tiles: run a kernel over a DEM a band of rows at a time, on every core.

A whole-array NumPy expression streams each temporary through main memory;
on a 4000 x 4000 DEM every temporary is 128 MB. Cutting the DEM into bands
of rows that fit in the processor's cache, and running the bands on a pool
of threads (NumPy releases the GIL inside its loops), makes the same
arithmetic several times faster and bounds the temporaries by the band
size instead of the DEM size.

Each band writes only its own rows of the outputs, and every kernel computes
a cell from the cells of its window in a fixed order, so the result does not
depend on the band size or the number of threads.
"""

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

__all__ = [
    "band_rows",
    "extrapolated_band",
    "for_each_band",
    "map_3x3",
    "n_threads",
]

# Cells per band: the few temporaries of a band (512 kB each) stay in the
# processor's caches, and a band is long enough that NumPy's per-call
# overhead is small next to its arithmetic.
BAND_CELLS = 65536


def n_threads() -> int:
    """Threads to use: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def band_rows(n_cols: int, halo: int = 0) -> int:
    """Rows per band so that a band (halo included) holds about BAND_CELLS."""
    rows = BAND_CELLS // max(n_cols, 1) - 2 * halo
    # A band much thinner than its halo recomputes the halo for nothing.
    return max(rows, 2 * halo, 8)


def for_each_band(
    n_rows: int,
    rows_per_band: int,
    work: Callable[[int, int], None],
    *,
    threads: int | None = None,
) -> None:
    """Call ``work(start, stop)`` for consecutive bands of rows, in threads.

    `work` writes its results into preallocated outputs, rows
    ``start:stop`` only. Exceptions raised in a band propagate. `threads`
    caps the pool (None: one per core).
    """
    bounds = [
        (start, min(start + rows_per_band, n_rows))
        for start in range(0, n_rows, rows_per_band)
    ]
    threads = min(threads or n_threads(), len(bounds))
    if threads <= 1:
        for start, stop in bounds:
            work(start, stop)
        return
    with ThreadPoolExecutor(max_workers=threads) as pool:
        # list() re-raises the first exception of any band.
        list(pool.map(lambda bound: work(*bound), bounds))


def extrapolated_band(dem: np.ndarray, start: int, stop: int) -> np.ndarray:
    """Rows ``start - 1 : stop + 1`` of `dem` with a one-cell frame, as a copy.

    Outside the DEM the frame holds the linear extrapolation ``2 * edge -
    inner`` (NumPy's odd reflection, rows first, then columns, as
    ``np.pad(dem, 1, mode="reflect", reflect_type="odd")``): a plane
    continues exactly, and NaN extrapolates to NaN.

    Parameters
    ----------
    dem : ndarray of shape (n_rows, n_cols)
        Float elevations, at least 2 rows and 2 columns.
    start, stop : int
        The band's rows, ``0 <= start < stop <= n_rows``.

    Returns
    -------
    band : ndarray of shape (stop - start + 2, n_cols + 2)
    """
    n_rows, n_cols = dem.shape
    if n_rows < 2 or n_cols < 2:
        raise ValueError(
            f"A 3x3 kernel needs a raster of at least 2 x 2 cells to extrapolate "
            f"its edges; got shape {dem.shape}. Pass a larger raster (or, for "
            "chunks, chunks with at least 2 rows and columns)."
        )
    band = np.empty((stop - start + 2, n_cols + 2))
    first, last = max(start - 1, 0), min(stop + 1, n_rows)
    offset = first - (start - 1)
    band[offset : offset + last - first, 1:-1] = dem[first:last]
    if start == 0:
        np.subtract(2.0 * dem[0], dem[1], out=band[0, 1:-1])
    if stop == n_rows:
        np.subtract(2.0 * dem[-1], dem[-2], out=band[-1, 1:-1])
    np.subtract(2.0 * band[:, 1], band[:, 2], out=band[:, 0])
    np.subtract(2.0 * band[:, -2], band[:, -3], out=band[:, -1])
    return band


def map_3x3(
    dem: np.ndarray,
    kernel: Callable[[np.ndarray, np.ndarray], object],
    out: np.ndarray,
) -> np.ndarray:
    """Run a 3x3 kernel over `dem` band by band, writing into `out`.

    ``kernel(framed, target)`` gets rows with a one-cell frame and writes the
    values of the inner cells into `target`. Bands inside the DEM are passed
    as views of it (no copy) for the inner columns; the first and last
    column, and the bands on the north and south edges, get the linear
    extrapolation of :func:`extrapolated_band`. Every cell sees the same
    nine values either way.
    """
    n_rows, n_cols = dem.shape

    def band(start: int, stop: int) -> None:
        if start == 0 or stop == n_rows or n_cols < 4:
            kernel(extrapolated_band(dem, start, stop), out[start:stop])
            return
        kernel(dem[start - 1 : stop + 1], out[start:stop, 1:-1])
        west = np.empty((stop - start, 3))
        kernel(extrapolated_band(dem[:, :3], start, stop), west)
        out[start:stop, 0] = west[:, 0]
        east = np.empty((stop - start, 3))
        kernel(extrapolated_band(dem[:, -3:], start, stop), east)
        out[start:stop, -1] = east[:, -1]

    for_each_band(n_rows, band_rows(n_cols), band)
    return out
