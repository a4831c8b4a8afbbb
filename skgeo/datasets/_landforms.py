"""A labelled landform dataset: features from a noisy DEM, labels from the clean one."""

import numpy as np
import pandas as pd
from sklearn.utils import Bunch, check_random_state

from ..terrain._attributes import (
    attribute_rasters,
    cell_centres,
    check_radii,
)
from ..terrain._landforms import SCHEMES, classify_landforms
from ..utils._validation import Interval, Real, StrOptions, validate_params
from ._terrain import check_cell_size, check_shape, make_terrain

__all__ = ["make_landforms"]

DESCR_TEMPLATE = """\
Synthetic landform dataset (skgeo.datasets.make_landforms)
----------------------------------------------------------

A fractal DEM of {n_rows} x {n_cols} cells of {east:g} m x {north:g} m (fBm
spectral synthesis, Hurst exponent {hurst:g}, relief {relief:g} m) is
labelled with the "{scheme}" landform scheme on the noise-free surface
(radii {small:g} m and {large}). Gaussian noise of standard deviation
{noise:g} m is then added, and the features are the terrain attributes of
the noisy DEM (radii {radii} m). One sample per cell, {n_samples} in all,
row-major with row 0 at the north edge; coordinates (easting, northing) of
the cell centres are in ``coordinates``, not in ``data``.

Neighbouring cells share most of their neighbourhood, so samples are
strongly spatially autocorrelated: evaluate models with spatial (block)
cross-validation, with blocks at least as large as the largest radius,
rather than random K-fold (Roberts et al. 2017, Ecography 40:913-929).
"""


@validate_params(
    {
        "shape": ["array-like"],
        "spacing": [Real, "array-like"],
        "noise": [Interval(Real, 0, None, closed="left")],
        "radii": ["array-like", Real, None],
        "small_radius": [Interval(Real, 0, None, closed="left")],
        "large_radius": [Interval(Real, 0, None, closed="neither"), None],
        "scheme": [StrOptions(set(SCHEMES))],
        "hurst": [Interval(Real, 0, 1, closed="right")],
        "relief": [Interval(Real, 0, None, closed="neither")],
        "random_state": ["random_state"],
        "as_frame": ["boolean"],
        "return_X_y": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def make_landforms(
    shape: tuple[int, int] = (200, 200),
    spacing: float | tuple[float, float] = 30.0,
    *,
    noise: float = 5.0,
    radii: tuple[float, ...] | None = (90.0, 300.0, 900.0),
    small_radius: float = 300.0,
    large_radius: float | None = 1500.0,
    scheme: str = "weiss",
    hurst: float = 0.8,
    relief: float = 500.0,
    random_state: int | np.random.RandomState | None = None,
    as_frame: bool = False,
    return_X_y: bool = False,
) -> Bunch | tuple:
    """Generate a landform-classification dataset on synthetic terrain.

    A fractal DEM (:func:`make_terrain`) is labelled cell by cell with a
    published landform scheme (:func:`~skgeo.terrain.classify_landforms`)
    on the *noise-free* surface; the features are the terrain attributes
    (:func:`~skgeo.terrain.terrain_attributes`) of the same DEM with
    Gaussian noise added, so a model must recover clean-terrain classes
    from imperfect measurements, as with a real DEM.

    Parameters
    ----------
    shape : tuple of (int, int), default=(200, 200)
        ``(n_rows, n_cols)`` of the DEM, each at least 3; one sample per
        cell.
    spacing : float or tuple of (float, float), default=30.0
        Cell size in metres: one number or an ``(east, north)`` pair.
    noise : float, default=5.0
        Standard deviation in metres of the white Gaussian noise added to the
        DEM before the features are computed. 0 gives features of the clean
        DEM.
    radii : sequence of float or None, default=(90.0, 300.0, 900.0)
        Radii in metres of the TPI and local-relief features (see
        :func:`~skgeo.terrain.terrain_attributes`; None means 3, 10 and 30
        cells).
    small_radius : float, default=300.0
        Small radius of the labelling scheme, in metres (for
        ``"geomorphons"`` the skip radius, see
        :func:`~skgeo.terrain.classify_landforms`).
    large_radius : float or None, default=1500.0
        Large radius of the labelling scheme, in metres (for
        ``"geomorphons"`` the search radius; ignored by
        ``"slope_position"``).
    scheme : {"weiss", "slope_position", "geomorphons"}, default="weiss"
        Labelling scheme: Weiss's 10 landforms, Weiss's 6 slope positions or
        the 10 geomorphons.
    hurst : float, default=0.8
        Hurst exponent of the fractal DEM, in ``(0, 1]``.
    relief : float, default=500.0
        Elevation range of the noise-free DEM in metres.
    random_state : int, RandomState instance or None, default=None
        Seed of the terrain and of the noise. Pass an int for reproducible
        output.
    as_frame : bool, default=False
        If True, ``data`` is a DataFrame, ``target`` a Series and ``frame``
        a DataFrame of both.
    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    dataset : :class:`~sklearn.utils.Bunch`
        With the fields

        data : ndarray or DataFrame of shape (n_rows * n_cols, n_features)
            Terrain attributes of the noisy DEM, one row per cell,
            row-major (row 0 = north), without the coordinates.
        target : ndarray or Series of shape (n_rows * n_cols,)
            int64 landform codes of the noise-free DEM; the scheme's codes
            (1-based), so that ``target_names[target]`` is the class name.
        feature_names : list of str
            Column names of ``data``.
        target_names : ndarray of str of shape (n_classes + 1,)
            Class names indexed by code; entry 0 is ``"unclassified"``,
            which never occurs here (the generated DEM has no nodata).
        coordinates : ndarray of shape (n_rows * n_cols, 2)
            ``(easting, northing)`` of each cell centre in metres, with the
            north-west corner of the raster at (0, 0); pass them to a
            spatial splitter.
        dem : ndarray of shape (n_rows, n_cols)
            The noise-free DEM in metres.
        dem_noisy : ndarray of shape (n_rows, n_cols)
            The DEM the features were computed from.
        spacing : tuple of (float, float)
            ``(east, north)`` cell size in metres.
        frame : DataFrame or None
            ``data`` and ``target`` together if `as_frame` is True.
        DESCR : str
            Description of the dataset.

    (data, target) : tuple
        If `return_X_y` is True.

    Raises
    ------
    ValueError
        If an argument is out of range, a radius is smaller than one cell or
        larger than the DEM, or ``small_radius >= large_radius`` (see
        :func:`~skgeo.terrain.classify_landforms`).

    See Also
    --------
    make_terrain : The DEM generator.
    skgeo.terrain.classify_landforms : The labelling rules.
    skgeo.terrain.TerrainFeatures : Attributes of a real DEM at points.

    Notes
    -----
    Every cell is a sample: the edge rules of the terrain attributes (linear
    extrapolation for 3x3 windows, windows cut at the edge for radii) leave
    no NaN, so no row is dropped. Near the edges TPI and local relief see
    one-sided windows, in the labels and the features alike.

    Samples are strongly spatially autocorrelated; evaluate with spatial
    block cross-validation (blocks at least as large as the largest radius)
    rather than random K-fold, which is optimistic on such data.

    Things to know before modelling:

    * **Classes are imbalanced.** With the default radii, open slopes cover
      about half of the cells and a few classes (e.g. upland drainages,
      local ridges) only a handful; use ``class_weight="balanced"`` and a
      balanced score.
    * **Absolute elevation does not transfer.** The ``elevation`` feature is
      useful within one scene but misleads on new ground with another
      elevation range (a basin lower than anything seen in training); drop
      it when predicting elsewhere.
    * **Northings are negative.** The origin is the north-west corner at
      (0, 0) and rows run south, so cell-centre northings are negative.

    References
    ----------
    .. [1] Weiss, A. D. (2001). Topographic position and landforms analysis.
       Poster, ESRI International User Conference, San Diego, CA.
    .. [2] Roberts, D. R., et al. (2017). Cross-validation strategies for data
       with temporal, spatial, hierarchical, or phylogenetic structure.
       Ecography, 40(8), 913-929. doi:10.1111/ecog.02881

    Examples
    --------
    >>> from skgeo.datasets import make_landforms
    >>> data = make_landforms(shape=(60, 80), radii=(90.0, 300.0),
    ...                       small_radius=150.0, large_radius=600.0,
    ...                       random_state=0)
    >>> data.data.shape, data.target.shape, data.coordinates.shape
    ((4800, 13), (4800,), (4800, 2))
    >>> data.feature_names[:3]
    ['elevation', 'slope', 'northness']
    >>> str(data.target_names[10])
    'mountain tops, high ridges'
    """
    n_rows, n_cols = check_shape(shape)
    east, north = check_cell_size(spacing)
    rng = check_random_state(random_state)
    dem = make_terrain(
        (n_rows, n_cols), (east, north), hurst=hurst, relief=relief, random_state=rng
    )
    # Labels first: their radius checks explain a bad small/large radius in
    # the scheme's own terms before any feature work is done.
    target = classify_landforms(
        dem, (east, north), small_radius, large_radius, scheme=scheme
    ).ravel()
    radii = check_radii(radii, (east, north), dem.shape)
    dem_noisy = dem + noise * rng.standard_normal(dem.shape)
    rasters = attribute_rasters(dem_noisy, (east, north), radii)
    feature_names = list(rasters)
    data = np.column_stack([raster.ravel() for raster in rasters.values()])
    coordinates = np.column_stack(cell_centres(dem.shape, (east, north), (0.0, 0.0)))
    target_names = np.asarray(list(SCHEMES[scheme].values()))

    frame = None
    if as_frame:
        data = pd.DataFrame(data, columns=feature_names)
        target = pd.Series(target, name="landform")
        frame = pd.concat([data, target], axis=1)
    if return_X_y:
        return data, target
    descr = DESCR_TEMPLATE.format(
        n_rows=n_rows,
        n_cols=n_cols,
        east=east,
        north=north,
        hurst=hurst,
        relief=relief,
        scheme=scheme,
        small=small_radius,
        large=(
            "unused"
            if scheme == "slope_position" or large_radius is None
            else f"{large_radius:g} m"
        ),
        noise=noise,
        radii=", ".join(f"{radius:g}" for radius in radii),
        n_samples=n_rows * n_cols,
    )
    return Bunch(
        data=data,
        target=target,
        feature_names=feature_names,
        target_names=target_names,
        coordinates=coordinates,
        dem=dem,
        dem_noisy=dem_noisy,
        spacing=(east, north),
        frame=frame,
        DESCR=descr,
    )
