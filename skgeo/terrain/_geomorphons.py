"""Geomorphon forms (Jasiewicz & Stepinski 2013) by vectorised line of sight.

For every cell and each of the 8 compass directions, the line of sight is
walked outwards one cell at a time; the largest and the smallest elevation
angle seen along it decide whether the terrain in that direction is higher
(+), lower (-) or level (0). The counts of + and - directions pick one of ten
forms from a fixed table. The loops run over the 8 directions and the
distance steps only; each step is one whole-array operation.
"""

import numpy as np

__all__ = ["geomorphon_forms"]

# (row step, column step) of the 8 directions; row 0 is north, so -1 is north.
DIRECTIONS = ((-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1))

# Form codes: 1 flat, 2 peak, 3 ridge, 4 shoulder, 5 spur, 6 slope, 7 hollow,
# 8 footslope, 9 valley, 10 pit. Rows: number of lower (-) directions; columns:
# number of higher (+) directions (GRASS r.geomorphon, geom.c). Entries with
# n- + n+ > 8 cannot occur and are 0.
FORM_TABLE = np.array(
    [
        [1, 1, 1, 8, 8, 9, 9, 9, 10],
        [1, 1, 8, 8, 8, 9, 9, 9, 0],
        [1, 4, 6, 6, 7, 7, 9, 0, 0],
        [4, 4, 6, 6, 6, 7, 0, 0, 0],
        [4, 4, 5, 6, 6, 0, 0, 0, 0],
        [3, 3, 5, 5, 0, 0, 0, 0, 0],
        [3, 3, 3, 0, 0, 0, 0, 0, 0],
        [3, 3, 0, 0, 0, 0, 0, 0, 0],
        [2, 0, 0, 0, 0, 0, 0, 0, 0],
    ],
    dtype=np.int64,
)


def geomorphon_forms(
    dem: np.ndarray,
    spacing: tuple[float, float],
    search_radius: float,
    skip_radius: float,
    flatness_threshold: float,
) -> np.ndarray:
    """Classify every cell of a validated DEM into one of the ten geomorphons.

    Parameters
    ----------
    dem : ndarray of shape (n_rows, n_cols)
        Validated float elevations (NaN for nodata).
    spacing : tuple of (float, float)
        ``(east, north)`` cell size in metres.
    search_radius : float
        Cells farther than this distance (metres) are not looked at.
    skip_radius : float
        Cells at this distance or closer are not looked at (0 looks from the
        first neighbour on).
    flatness_threshold : float
        Elevation angle in degrees below which a direction counts as level.

    Returns
    -------
    forms : ndarray of shape (n_rows, n_cols)
        int64 form codes 1-10; 0 on NaN cells.
    """
    east, north = spacing
    n_rows, n_cols = dem.shape
    diagonal = float(np.hypot(east, north))
    # The longest line of sight in cells is along the finer axis.
    max_steps = int(np.floor(search_radius / min(east, north) + 1e-9))
    padded = np.pad(dem, max_steps, mode="constant", constant_values=np.nan)
    flat_tangent = np.tan(np.radians(flatness_threshold))
    n_higher = np.zeros(dem.shape, dtype=np.uint8)
    n_lower = np.zeros(dem.shape, dtype=np.uint8)
    for d_row, d_col in DIRECTIONS:
        step_length = diagonal if d_row and d_col else (north if d_row else east)
        # Tangents of the elevation angles compare like the angles themselves
        # (arctan is increasing), so no arctan is needed per step.
        zenith = np.full(dem.shape, -np.inf)
        nadir = np.full(dem.shape, np.inf)
        step = 1
        while step * step_length <= search_radius * (1 + 1e-9):
            distance = step * step_length
            if distance > skip_radius * (1 + 1e-9):
                row0 = max_steps + step * d_row
                col0 = max_steps + step * d_col
                seen = padded[row0 : row0 + n_rows, col0 : col0 + n_cols]
                tangent = (seen - dem) / distance
                # fmax/fmin skip NaN: nodata and off-raster cells are unseen.
                np.fmax(zenith, tangent, out=zenith)
                np.fmin(nadir, tangent, out=nadir)
            step += 1
        # A direction with no cell in view (edge of the DEM, nodata) is level.
        seen_any = np.isfinite(zenith)
        beyond_flat = seen_any & (
            (np.abs(zenith) > flat_tangent) | (np.abs(nadir) > flat_tangent)
        )
        # The sign of (largest + smallest elevation angle) equals GRASS's test
        # |zenith| > |nadir| whenever the two angles differ, and on a uniform
        # slope (equal angles) it still says "higher" uphill, as the paper's
        # difference of zenith and nadir angles does.
        with np.errstate(invalid="ignore"):
            balance = zenith + nadir
        n_higher += beyond_flat & (balance > 0)
        n_lower += beyond_flat & (balance < 0)
    forms = FORM_TABLE[n_lower, n_higher]
    forms[np.isnan(dem)] = 0
    return forms
