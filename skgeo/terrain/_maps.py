"""Maps from rasters: attribute tables from Datasets, model predictions per cell."""

import numpy as np
import pandas as pd

from ._footprint import kernel_radius_cells
from ._raster import (
    import_raster_libraries,
    is_dataarray,
    map_with_overlap,
    read_raster,
)

__all__ = ["attributes_table", "predict_raster"]

#: Side, in cells, of the blocks an in-memory DEM is predicted in.
DEFAULT_BLOCK = 1024


def attributes_table(attributes) -> pd.DataFrame:
    """The table of :func:`terrain_attributes` from the Dataset it gives for rasters.

    :func:`terrain_attributes` returns a pandas DataFrame for a NumPy DEM and
    an ``xarray.Dataset`` (one variable per attribute) for a DataArray DEM;
    this turns the Dataset into the same DataFrame, so that code written for
    the table works on GeoTIFF DEMs with one call.

    Parameters
    ----------
    attributes : xarray.Dataset
        As returned by ``terrain_attributes(dem)`` for a DataArray `dem`,
        NumPy- or Dask-backed (a Dask one is computed).

    Returns
    -------
    table : pandas.DataFrame of shape (n_rows * n_cols, n_columns)
        ``easting`` and ``northing`` (cell centres, from the coordinates)
        then one float64 column per variable, one row per cell, row 0 (the
        north edge) first, as :func:`terrain_attributes` gives for NumPy.

    Raises
    ------
    TypeError
        If `attributes` is not an xarray Dataset.

    Examples
    --------
    >>> import numpy as np
    >>> import xarray as xr
    >>> from skgeo.terrain import attributes_table, terrain_attributes
    >>> dem = xr.DataArray(
    ...     np.add.outer(np.arange(6.0), np.arange(5.0)), dims=("y", "x"),
    ...     coords={"y": 4195.0 - 10.0 * np.arange(6), "x": 5.0 + 10.0 * np.arange(5)})
    >>> table = attributes_table(terrain_attributes(dem, radii=(20.0,)))
    >>> table.shape
    (30, 13)
    >>> print(table.loc[0, ["easting", "northing", "elevation"]].to_list())
    [5.0, 4195.0, 0.0]
    """
    xarray, _ = import_raster_libraries()
    if not isinstance(attributes, xarray.Dataset):
        raise TypeError(
            "attributes_table takes the xarray.Dataset that terrain_attributes "
            f"returns for a DataArray DEM; got {type(attributes).__name__}. For a "
            "NumPy DEM, terrain_attributes already returns the table."
        )
    y_dim, x_dim = attributes.rio.y_dim, attributes.rio.x_dim
    ordered = attributes.transpose(y_dim, x_dim, ...)
    # Row 0 north, column 0 west, whatever the order of the coordinates.
    ordered = ordered.sortby(y_dim, ascending=False).sortby(x_dim)
    easting = np.asarray(ordered[x_dim].values, dtype=np.float64)
    northing = np.asarray(ordered[y_dim].values, dtype=np.float64)
    columns = {
        "easting": np.tile(easting, len(northing)),
        "northing": np.repeat(northing, len(easting)),
    }
    for name, variable in ordered.data_vars.items():
        columns[str(name)] = np.asarray(variable.values, dtype=np.float64).ravel()
    return pd.DataFrame(columns)


def predict_raster(
    model, dem, *, method: str = "predict", block_size: int = DEFAULT_BLOCK
):
    """Map a fitted ``Pipeline(TerrainFeatures(...), ..., model)`` over a DEM.

    Every cell of `dem` gets the prediction the pipeline would give for a
    point at the cell's centre: the terrain attributes that the pipeline's
    :class:`TerrainFeatures` step was fitted to produce are computed for
    `dem` block by block (each block with an overlap of the largest radius,
    so the attributes equal those of the whole DEM) and passed to the rest of
    the pipeline. The DEM can be the one the pipeline was fitted on or
    another one with the same cell size.

    Parameters
    ----------
    model : sklearn.pipeline.Pipeline
        Fitted, with a :class:`TerrainFeatures` first step.
    dem : xarray.DataArray
        The DEM to map, NumPy- or Dask-backed (see :func:`slope` for what
        is accepted). Its cell size must equal the fitted one.
    method : {"predict", "predict_proba"}, default="predict"
        ``"predict"``: one layer of predictions. ``"predict_proba"``: one
        layer per class, on a ``class`` dimension.
    block_size : int, default=1024
        Side in cells of the blocks an in-memory DEM is processed in; a
        Dask DEM is processed per chunk instead.

    Returns
    -------
    prediction : xarray.DataArray
        With the DEM's dims, coordinates, CRS and geotransform; lazy when
        `dem` is Dask-backed. For ``"predict"`` with a classifier: int64
        class labels when the classes are integers (nodata: -1, or one less
        than the smallest class when -1 is a class), otherwise int64 indices
        into ``model.classes_`` (nodata -1) with the class names in
        ``attrs["classes"]``; with a regressor: float64, NaN nodata. For
        ``"predict_proba"``: float64 of shape (n_classes, n_rows, n_cols),
        NaN nodata. Cells whose attributes hold a NaN (nodata nearby) get
        the nodata value.

    Raises
    ------
    TypeError
        If `model` is not a fitted pipeline starting with TerrainFeatures,
        or `dem` is not a DataArray.
    ValueError
        If `method` is unknown or not available, if the DEM's cell size
        differs from the fitted one, or for any DEM problem of
        :func:`slope`.

    See Also
    --------
    TerrainFeatures : The features the pipeline is fitted on.
    classify_landforms : Rule-based landform maps, no model needed.

    Examples
    --------
    >>> import numpy as np
    >>> import xarray as xr
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from skgeo.datasets import make_terrain
    >>> from skgeo.terrain import TerrainFeatures, predict_raster
    >>> elevation = make_terrain((40, 40), 30.0, random_state=0)
    >>> dem = xr.DataArray(elevation, dims=("y", "x"), coords={
    ...     "y": 1185.0 - 30.0 * np.arange(40), "x": 15.0 + 30.0 * np.arange(40)})
    >>> points = np.column_stack([np.full(50, 615.0), np.linspace(15, 1185, 50)])
    >>> high = (dem.sel(x=615.0).interp(y=points[:, 1], method="nearest") > 250)
    >>> model = make_pipeline(TerrainFeatures(dem=dem, radii=(90.0,)),
    ...                       LogisticRegression()).fit(points, high.values)
    >>> classes = predict_raster(model, dem)
    >>> classes.dims, classes.shape, str(classes.dtype)
    (('y', 'x'), (40, 40), 'int64')
    """
    from sklearn.pipeline import Pipeline
    from sklearn.utils.validation import check_is_fitted

    from ._attributes import attribute_rasters, check_radii
    from ._checks import check_dem
    from ._transformer import TerrainFeatures

    if not (
        isinstance(model, Pipeline)
        and len(model.steps) >= 2
        and isinstance(model.steps[0][1], TerrainFeatures)
    ):
        raise TypeError(
            "predict_raster needs a fitted Pipeline whose first step is "
            "TerrainFeatures, e.g. make_pipeline(TerrainFeatures(dem=dem), "
            f"StandardScaler(), GeoMLPClassifier()); got {type(model).__name__}."
        )
    features, rest = model.steps[0][1], model[1:]
    check_is_fitted(features)
    if method not in ("predict", "predict_proba"):
        raise ValueError(
            f"method must be 'predict' or 'predict_proba'; got {method!r}."
        )
    if not hasattr(rest, method):
        raise ValueError(
            f"The pipeline's last step {type(rest[-1]).__name__} has no {method}; "
            "use method='predict'."
        )
    if not is_dataarray(dem):
        raise TypeError(
            "predict_raster maps a DEM given as an xarray.DataArray (e.g. from "
            f"rioxarray.open_rasterio(path, masked=True)); got {type(dem).__name__}."
        )
    raster = read_raster(dem)
    if not np.allclose(raster.spacing, features.spacing_, rtol=1e-6, atol=0.0):
        raise ValueError(
            f"The DEM's cells are {raster.spacing[0]:g} m x {raster.spacing[1]:g} "
            f"m, but the pipeline was fitted on {features.spacing_[0]:g} m x "
            f"{features.spacing_[1]:g} m cells, and slope, curvature and "
            "roughness depend on the cell size. Resample the DEM to the fitted "
            "cell size, e.g. with dem.rio.reproject(dem.rio.crs, resolution=...)."
        )
    spacing = raster.spacing
    radii = check_radii(features.radii, spacing, raster.shape)
    names = list(features.get_feature_names_out())
    output = _Output(rest, method)

    def predict_block(block):
        rasters = attribute_rasters(check_dem(block), spacing, radii)
        X = np.column_stack([rasters[name].ravel() for name in names])
        return output.predict(X).reshape((-1, *block.shape))

    values = raster.values
    lazy = raster.is_lazy
    if not lazy:
        import dask.array

        values = dask.array.from_array(values, chunks=block_size)
    depth = kernel_radius_cells("terrain_attributes", spacing, radii=radii)
    layers = map_with_overlap(
        predict_block,
        values,
        depth,
        dtype=output.dtype,
        fill=output.nodata,
        n_layers=output.n_layers,
    )
    if not lazy:
        # Blocks one after the other: memory is a few blocks, not the DEM.
        layers = layers.compute(scheduler="synchronous")
    if method == "predict":
        return raster.wrap(
            layers[0], "prediction", nodata=output.nodata, attrs=output.attrs
        )
    return raster.wrap(
        layers,
        "probability",
        nodata=np.nan,
        layers=("class", output.classes),
    )


class _Output:
    """How the predictions of one block become numeric layers."""

    def __init__(self, estimator, method: str):
        self.estimator = estimator
        self.method = method
        classes = getattr(estimator, "classes_", None)
        self.classes = None if classes is None else np.asarray(classes)
        self.attrs = {}
        if method == "predict_proba":
            self.n_layers, self.dtype, self.nodata = (
                len(self.classes),
                np.float64,
                np.nan,
            )
        elif self.classes is None:
            self.n_layers, self.dtype, self.nodata = 1, np.float64, np.nan
        else:
            self.n_layers, self.dtype = 1, np.int64
            self.as_labels = self.classes.dtype.kind in "iu"
            if self.as_labels:
                smallest = int(self.classes.min())
                self.nodata = -1 if -1 not in self.classes else smallest - 1
            else:
                self.nodata = -1
                self.attrs["classes"] = [str(label) for label in self.classes]

    def predict(self, X: np.ndarray) -> np.ndarray:
        valid = np.isfinite(X).all(axis=1)
        result = np.full((self.n_layers, len(X)), self.nodata, dtype=self.dtype)
        if not valid.any():
            return result
        predicted = getattr(self.estimator, self.method)(X[valid])
        if self.method == "predict_proba":
            result[:, valid] = np.asarray(predicted).T
        elif self.classes is not None and not self.as_labels:
            result[0, valid] = np.searchsorted(self.classes, predicted)
        else:
            result[0, valid] = np.asarray(predicted).ravel()
        return result
