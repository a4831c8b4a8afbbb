"""The 3x3 moving window shared by slope, aspect, curvature, TRI and roughness.

Cells are named as in the GIS literature, rows north to south::

    a b c        Z1 Z2 Z3
    d e f   =    Z4 Z5 Z6
    g h i        Z7 Z8 Z9

Each name is a view of one padded copy of the DEM shifted by one cell, so a
3x3 operator is a handful of whole-array operations and never a loop over
cells.
"""

from typing import NamedTuple

import numpy as np

__all__ = ["Window", "window3x3"]


class Window(NamedTuple):
    """The nine cells of every 3x3 window, each an array shaped like the DEM."""

    a: np.ndarray
    b: np.ndarray
    c: np.ndarray
    d: np.ndarray
    e: np.ndarray
    f: np.ndarray
    g: np.ndarray
    h: np.ndarray
    i: np.ndarray


def window3x3(dem: np.ndarray) -> Window:
    """Return the nine shifted views of `dem` that make up its 3x3 windows.

    The DEM is padded by one cell of *linear extrapolation*: the cell outside
    the edge gets ``2 * edge - inner`` (NumPy's odd reflection). A plane is
    then continued exactly, so slope and aspect at the edge equal the
    one-sided difference into the DEM and curvature across the edge is zero.
    NaN cells extrapolate to NaN, so a window holds a NaN exactly when the
    real 3x3 neighbourhood inside the DEM does.

    Parameters
    ----------
    dem : ndarray of shape (n_rows, n_cols)
        Float elevations, at least 2 cells along each axis.

    Returns
    -------
    window : Window
        Views ``a`` (north-west) ... ``i`` (south-east) of shape
        ``(n_rows, n_cols)``; ``e`` holds the centre values.
    """
    padded = np.pad(dem, 1, mode="reflect", reflect_type="odd")
    n_rows, n_cols = dem.shape
    views = [
        padded[row : row + n_rows, col : col + n_cols]
        for row in range(3)
        for col in range(3)
    ]
    return Window(*views)
