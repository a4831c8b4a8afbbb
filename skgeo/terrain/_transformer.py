"""TerrainFeatures: terrain attributes of a DEM sampled at (easting, northing)."""

import warnings
from numbers import Integral
from os import PathLike

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from ..utils._validation import Real, fit_context
from ._attributes import (
    RADIUS_ATTRIBUTES,
    attribute_rasters,
    check_origin,
    check_radii,
)
from ._checks import check_dem, check_spacing
from ._raster import is_dataarray, read_raster, refuse_file_name

__all__ = ["TerrainFeatures"]


class TerrainFeatures(TransformerMixin, BaseEstimator):
    """Terrain attributes of a DEM, sampled at the points given as X.

    Each row of X is a location, ``(easting, northing)`` in metres; each row
    of the output holds the terrain attributes of :func:`terrain_attributes`
    (slope, aspect as northness/eastness, curvatures, TRI, roughness, TPI
    and local relief at several radii, elevation) of the DEM cell that
    contains it. The attribute rasters are computed once, in :meth:`fit`,
    so a ``Pipeline(TerrainFeatures(dem=...), StandardScaler(), model)``
    can be cross-validated on point locations with any splitter, spatial
    ones included.

    Parameters
    ----------
    dem : array-like of shape (n_rows, n_cols), xarray.DataArray or None, \
default=None
        Elevations in metres, row 0 at the north edge, column 0 at the west
        edge, NaN for nodata; or a DEM DataArray as
        ``rioxarray.open_rasterio(path, masked=True)`` returns it (see
        :ref:`geotiff-dems`), whose coordinates give the cell size and the
        origin. Required: :meth:`fit` raises a ValueError when it is None
        (the default exists only so that the estimator can be built without
        arguments, as scikit-learn requires).
    spacing : float, tuple of (float, float) or None, default=None
        Cell size in metres: one number for square cells or an
        ``(east, north)`` pair. None: read from a DataArray `dem`, 1.0 for a
        NumPy one. Given with a DataArray, it must agree with it.
    origin : tuple of (float, float) or None, default=None
        ``(easting, northing)`` in metres of the north-west corner of the
        raster (the outer corner of cell ``[0, 0]``). None: read from a
        DataArray `dem`, ``(0.0, 0.0)`` for a NumPy one. Given with a
        DataArray, it must agree with it.
    radii : sequence of float or None, default=None
        Radii in metres of TPI and local relief; None means 3, 10 and 30
        times the larger cell size (see :func:`terrain_attributes`).
    attributes : sequence of str or None, default=None
        Attributes to output, in this order. Each name is a column of
        :func:`terrain_attributes` other than the coordinates (e.g.
        ``"slope"``, ``"tpi_300"``) or ``"tpi"`` / ``"local_relief"`` for
        that attribute at every radius. None outputs all of them.
    coords : pair of int or pair of str, or None, default=None
        Where X holds the coordinates. None: X must have exactly two
        columns, easting then northing. A pair of column indices (or of
        column names, for a DataFrame X) reads easting and northing from
        those columns of a wider X and ignores the other columns.

    Attributes
    ----------
    feature_rasters_ : ndarray of shape (n_features_out, n_rows, n_cols)
        The selected attribute rasters, float64.
    spacing_ : tuple of (float, float)
        ``(east, north)`` cell size in metres.
    extent_ : tuple of (float, float, float, float)
        ``(west, east, south, north)`` edges of the raster in metres.
    n_features_in_ : int
        Number of columns of X seen in :meth:`fit`.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Column names of X seen in :meth:`fit`; only defined when X has
        string column names.

    See Also
    --------
    terrain_attributes : The same attributes for every cell, as a table.
    classify_landforms : Landform labels to predict from these features.

    Notes
    -----
    *Sampling* is by nearest cell: a point gets the attributes of the cell
    that contains it, so points at cell centres reproduce
    :func:`terrain_attributes` exactly. The raster covers
    ``west <= easting <= east`` and ``south <= northing <= north``; a point
    on the east or south edge belongs to the last cell. Points outside make
    :meth:`fit` and :meth:`transform` raise a ValueError that gives their
    number and the extent. Points on cells whose attributes are NaN (nodata
    nearby) get NaN features and a UserWarning.

    *Leakage.* TPI and local relief at radius ``r`` summarise the terrain up
    to ``r`` away, so with spatial cross-validation use blocks (or a buffer)
    of at least the largest radius.

    Examples
    --------
    >>> import numpy as np
    >>> from skgeo.terrain import TerrainFeatures
    >>> rows, cols = np.mgrid[0:50, 0:50]
    >>> dem = 0.5 * cols + 0.2 * rows  # metres, cell size 10 m
    >>> features = TerrainFeatures(dem=dem, spacing=10.0, origin=(0.0, 500.0),
    ...                            radii=(50.0,), attributes=["slope", "tpi"])
    >>> points = np.array([[15.0, 485.0], [250.0, 250.0]])
    >>> print(np.round(features.fit_transform(points), 3))
    [[ 3.082 -1.069]
     [ 3.082  0.   ]]
    >>> features.get_feature_names_out()
    array(['slope', 'tpi_50'], dtype=object)
    """

    _parameter_constraints: dict = {
        "dem": ["array-like", None],
        "spacing": [Real, "array-like", None],
        "origin": ["array-like", None],
        "radii": ["array-like", Real, None],
        "attributes": ["array-like", None],
        "coords": ["array-like", None],
    }

    def __init__(
        self,
        dem=None,
        spacing=None,
        origin=None,
        radii=None,
        attributes=None,
        coords=None,
    ):
        self.dem = dem
        self.spacing = spacing
        self.origin = origin
        self.radii = radii
        self.attributes = attributes
        self.coords = coords

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Compute the attribute rasters of the DEM and check X's locations.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Point locations: ``(easting, northing)`` in metres, in the
            columns given by `coords`.
        y : None
            Ignored.

        Returns
        -------
        self : TerrainFeatures
            The fitted transformer.

        Raises
        ------
        ValueError
            If `dem` is None or invalid, if `spacing`, `origin`, `radii`,
            `attributes` or `coords` is invalid, if X does not have the
            coordinate columns, or if a point lies outside the raster.
        """
        X = validate_data(self, X, dtype=np.float64)
        if self.dem is None:
            raise ValueError(
                "TerrainFeatures needs a DEM to sample, but dem is None. Pass the "
                "elevation raster and its georeferencing, e.g. "
                "TerrainFeatures(dem=elevation, spacing=30.0, origin=(west, north))."
            )
        dem, spacing, origin = self._read_dem()
        radii = check_radii(self.radii, spacing, dem.shape)
        self._coord_columns = self._resolve_coords(X.shape[1])
        rasters = attribute_rasters(dem, spacing, radii)
        names = self._select(list(rasters))
        self.feature_rasters_ = np.stack([rasters[name] for name in names])
        self._feature_names_out = np.asarray(names, dtype=object)
        self.spacing_ = spacing
        n_rows, n_cols = dem.shape
        self.extent_ = (
            origin[0],
            origin[0] + n_cols * spacing[0],
            origin[1] - n_rows * spacing[1],
            origin[1],
        )
        self._cell_indices(X)
        return self

    def transform(self, X):
        """Sample the attribute rasters at the locations in X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Point locations: ``(easting, northing)`` in metres, in the
            columns given by `coords`.

        Returns
        -------
        features : ndarray of shape (n_samples, n_features_out)
            Attributes of the cell holding each point, float64, in the order
            of :meth:`get_feature_names_out`.

        Raises
        ------
        ValueError
            If X has a different number of columns than in :meth:`fit`, or a
            point lies outside the raster.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        rows, cols = self._cell_indices(X)
        features = np.ascontiguousarray(self.feature_rasters_[:, rows, cols].T)
        n_missing = int(np.isnan(features).any(axis=1).sum())
        if n_missing:
            warnings.warn(
                f"{n_missing} of {len(features)} points fall on cells whose terrain "
                "attributes are NaN (nodata in their neighbourhood); their features "
                "are NaN. Drop them, or impute before a model that rejects NaN.",
                UserWarning,
                stacklevel=2,
            )
        return features

    def get_feature_names_out(self, input_features=None):
        """Names of the output columns, e.g. ``["slope", "tpi_300", ...]``.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Only checked against the columns seen in :meth:`fit`.

        Returns
        -------
        feature_names_out : ndarray of str objects
            The selected attribute names.
        """
        check_is_fitted(self)
        if input_features is not None:
            input_features = np.asarray(input_features, dtype=object)
            if len(input_features) != self.n_features_in_:
                raise ValueError(
                    f"input_features should have length equal to the number of "
                    f"features seen in fit ({self.n_features_in_}); got "
                    f"{len(input_features)}."
                )
            seen = getattr(self, "feature_names_in_", None)
            if seen is not None and not np.array_equal(seen, input_features):
                raise ValueError(
                    f"input_features {list(input_features)} differ from the "
                    f"feature names seen in fit {list(seen)}."
                )
        return self._feature_names_out.copy()

    def _read_dem(self) -> tuple[np.ndarray, tuple[float, float], tuple[float, float]]:
        """The DEM as a float array, its cell size and north-west corner."""
        if isinstance(self.dem, str | PathLike):
            raise refuse_file_name(self.dem, "TerrainFeatures")
        if not is_dataarray(self.dem):
            dem = check_dem(self.dem)
            spacing = check_spacing(1.0 if self.spacing is None else self.spacing)
            origin = check_origin((0.0, 0.0) if self.origin is None else self.origin)
            return dem, spacing, origin
        raster = read_raster(self.dem, spacing=self.spacing)
        transform = raster.template.rio.transform()
        origin = (float(transform.c), float(transform.f))
        if self.origin is not None:
            given = check_origin(self.origin)
            if not np.allclose(given, origin, rtol=1e-9, atol=1e-6):
                raise ValueError(
                    f"origin={tuple(self.origin)!r} disagrees with the DEM's "
                    f"coordinates, whose north-west corner is {origin}. Leave "
                    "origin out: a DataArray carries its own georeferencing."
                )
        values = raster.values
        if raster.is_lazy:
            # The attribute rasters are kept in memory, so the DEM is too.
            values = values.compute()
        return check_dem(values), raster.spacing, origin

    def _resolve_coords(self, n_columns: int) -> tuple[int, int]:
        """Column indices of easting and northing in X."""
        if self.coords is None:
            if n_columns != 2:
                raise ValueError(
                    f"X has {n_columns} feature(s), but TerrainFeatures expects "
                    "exactly 2 columns, easting and northing in metres. Pass only "
                    "the coordinates, or name their columns with coords, e.g. "
                    "coords=(0, 1) or coords=('easting', 'northing')."
                )
            return 0, 1
        coords = self.coords
        if isinstance(coords, str) or len(coords) != 2 or coords[0] == coords[1]:
            raise ValueError(
                "coords must name two different columns of X, easting then "
                f"northing, as indices or names; got {coords!r}."
            )
        names = getattr(self, "feature_names_in_", None)
        columns = []
        for column in coords:
            if isinstance(column, Integral) and not isinstance(column, bool):
                if not 0 <= column < n_columns:
                    raise ValueError(
                        f"X has {n_columns} feature(s), but coords={tuple(coords)!r} "
                        f"refers to column {column}. Set coords to column indices "
                        f"from 0 to {n_columns - 1}."
                    )
                columns.append(int(column))
            elif isinstance(column, str):
                if names is None or column not in list(names):
                    available = "none" if names is None else list(names)
                    raise ValueError(
                        f"coords={tuple(coords)!r} names column {column!r}, which X "
                        f"does not have (column names: {available}). Pass X as a "
                        "DataFrame with that column, or give coords as indices."
                    )
                columns.append(list(names).index(column))
            else:
                raise ValueError(
                    f"coords entries must be column indices or names; got {column!r}."
                )
        return columns[0], columns[1]

    def _select(self, available: list[str]) -> list[str]:
        """Expand and check the `attributes` parameter against the columns."""
        if self.attributes is None:
            return available
        if isinstance(self.attributes, str):
            requested = [self.attributes]
        else:
            requested = list(self.attributes)
        selected = []
        for name in requested:
            if name in RADIUS_ATTRIBUTES:
                matches = [col for col in available if col.startswith(name + "_")]
            elif name in available:
                matches = [name]
            else:
                raise ValueError(
                    f"Unknown terrain attribute {name!r}. Choose from {available} or "
                    f"{list(RADIUS_ATTRIBUTES)} (every radius); radius-specific "
                    "names must match a radius in radii."
                )
            selected.extend(match for match in matches if match not in selected)
        if not selected:
            raise ValueError("attributes selects no attribute; pass None for all.")
        return selected

    def _cell_indices(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Row and column of the cell holding each point; raise if outside."""
        east_col, north_col = self._coord_columns
        easting, northing = X[:, east_col], X[:, north_col]
        west, east, south, north = self.extent_
        outside = (easting < west) | (easting > east)
        outside |= (northing < south) | (northing > north)
        if outside.any():
            first = int(np.flatnonzero(outside)[0])
            raise ValueError(
                f"{int(outside.sum())} of {len(X)} points lie outside the raster "
                f"(easting {west:g} to {east:g} m, northing {south:g} to {north:g} "
                f"m); the first is ({easting[first]:g}, {northing[first]:g}). Check "
                "that X holds (easting, northing) in that order and that origin "
                "(north-west corner) and spacing match the DEM."
            )
        n_rows, n_cols = self.feature_rasters_.shape[1:]
        cols = np.floor((easting - west) / self.spacing_[0]).astype(np.intp)
        rows = np.floor((north - northing) / self.spacing_[1]).astype(np.intp)
        # A point on the east or south edge belongs to the last cell.
        return np.minimum(rows, n_rows - 1), np.minimum(cols, n_cols - 1)
