"""DataArray and Dask DEMs: georeferencing kept, nodata masked, chunks exact."""

import sys
import tracemalloc

import numpy as np
import pandas as pd
import pytest

xr = pytest.importorskip("xarray")
rioxarray = pytest.importorskip("rioxarray")
da = pytest.importorskip("dask.array")
rasterio = pytest.importorskip("rasterio")

from affine import Affine  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from rasterio.transform import from_origin  # noqa: E402

from skgeo.datasets import make_terrain  # noqa: E402
from skgeo.terrain import (  # noqa: E402
    TerrainFeatures,
    aspect,
    attributes_table,
    classify_landforms,
    curvature,
    local_relief,
    predict_raster,
    roughness,
    slope,
    terrain_attributes,
    tpi,
    tri,
)
from skgeo.terrain._raster import import_raster_libraries  # noqa: E402

WEST, NORTH = 500000.0, 4200000.0

# (function, keyword arguments) of every public function and scheme.
FUNCTIONS = [
    (slope, {}),
    (aspect, {}),
    (curvature, {"kind": "plan"}),
    (tri, {}),
    (roughness, {}),
    (tpi, {"radius": 95.0}),
    (local_relief, {"radius": 95.0}),
    (classify_landforms, {"small_radius": 60.0, "large_radius": 300.0}),
    (
        classify_landforms,
        {"small_radius": 90.0, "scheme": "slope_position"},
    ),
    (
        classify_landforms,
        {"small_radius": 0.0, "large_radius": 240.0, "scheme": "geomorphons"},
    ),
]
FUNCTION_IDS = [
    "slope",
    "aspect",
    "curvature",
    "tri",
    "roughness",
    "tpi",
    "local_relief",
    "weiss",
    "slope_position",
    "geomorphons",
]


def numpy_call(function, values, spacing, kwargs):
    """The NumPy call that a DataArray call must reproduce."""
    if function in (tri, roughness):
        return function(values)
    return function(values, spacing, **kwargs)


def make_dem(shape=(61, 47), spacing=(30.0, 30.0), *, holes=True, seed=0):
    """A fractal DEM in metres with a few nodata holes, as a DataArray."""
    values = make_terrain(shape, spacing, random_state=seed)
    if holes:
        values[10:13, 20:24] = np.nan
        values[40, 5] = np.nan
    return to_dataarray(values, spacing)


def to_dataarray(values, spacing=(30.0, 30.0), crs="EPSG:32611"):
    east, north = spacing
    n_rows, n_cols = values.shape
    dem = xr.DataArray(
        values,
        dims=("y", "x"),
        coords={
            "y": NORTH - north * (np.arange(n_rows) + 0.5),
            "x": WEST + east * (np.arange(n_cols) + 0.5),
        },
    )
    return dem.rio.write_crs(crs) if crs else dem


def write_geotiff(path, values, *, transform=None, crs="EPSG:32611", nodata=None):
    """Write a (bands, rows, cols) or (rows, cols) array as a GeoTIFF."""
    values = np.asarray(values)
    if values.ndim == 2:
        values = values[np.newaxis]
    transform = transform or from_origin(WEST, NORTH, 30.0, 30.0)
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        height=values.shape[1],
        width=values.shape[2],
        count=values.shape[0],
        dtype=values.dtype,
        crs=crs,
        transform=transform,
        nodata=nodata,
    ) as dataset:
        dataset.write(values)
    return path


# -- DataArray in, DataArray out ----------------------------------------------


@pytest.mark.parametrize(("function", "kwargs"), FUNCTIONS, ids=FUNCTION_IDS)
def test_raster_dataarray_keeps_georeferencing(function, kwargs):
    """A DataArray DEM gives the NumPy values with the DEM's dims, coords and CRS."""
    dem = make_dem()
    result = function(dem, **kwargs)
    expected = numpy_call(function, dem.values, 30.0, kwargs)
    assert isinstance(result, xr.DataArray)
    assert result.dims == dem.dims
    np.testing.assert_array_equal(result["x"], dem["x"])
    np.testing.assert_array_equal(result["y"], dem["y"])
    assert result.rio.crs == dem.rio.crs
    assert result.rio.transform() == dem.rio.transform()
    assert result.name
    np.testing.assert_array_equal(result.values, expected)


def test_raster_names_and_nodata_of_results():
    """Float results carry NaN nodata and units; classes carry 0 and their names."""
    dem = make_dem()
    assert slope(dem).rio.nodata is not None and np.isnan(slope(dem).rio.nodata)
    assert slope(dem).attrs["units"] == "degree"
    assert curvature(dem, kind="profile").name == "profile_curvature"
    classes = classify_landforms(dem, small_radius=60.0, large_radius=300.0)
    assert classes.rio.nodata == 0
    assert classes.attrs["flag_values"][1] == 1
    assert classes.attrs["flag_meanings"].split()[1] == "canyons_deeply_incised_streams"


def test_raster_geotiff_nodata_round_trip(tmp_path):
    """An int16 GeoTIFF with -9999 nodata gives NaN slopes there, NaN in the file."""
    values = np.rint(make_terrain((30, 40), 30.0, random_state=1) * 10).astype("int16")
    values[5:8, 5:8] = -9999
    path = write_geotiff(tmp_path / "dem.tif", values, nodata=-9999)
    dem = rioxarray.open_rasterio(path, masked=True)
    result = slope(dem)
    reference = np.where(values == -9999, np.nan, values.astype(float))
    np.testing.assert_array_equal(result.values, slope(reference, 30.0))
    out = tmp_path / "slope.tif"
    result.rio.to_raster(out)
    back = rioxarray.open_rasterio(out, masked=True).squeeze("band", drop=True)
    np.testing.assert_array_equal(back.values, result.values.astype(back.dtype))
    assert back.rio.crs == dem.rio.crs
    assert back.rio.transform() == dem.rio.transform()


def test_raster_integer_dem_nodata_value_is_masked(tmp_path):
    """Opened without masking, an integer DEM's nodata value still becomes NaN."""
    values = np.full((20, 20), 100, dtype="int16")
    values[:, 10:] = 110
    values[3, 3] = -9999
    path = write_geotiff(tmp_path / "dem.tif", values, nodata=-9999)
    unmasked = rioxarray.open_rasterio(path)
    assert unmasked.dtype == np.int16
    result = slope(unmasked).values
    # Unmasked, -9999 among 100 m cells would be an 89.7 degree cliff.
    assert np.isnan(result[2:5, 2:5]).all()
    assert np.nanmax(result) < 30.0
    masked = slope(rioxarray.open_rasterio(path, masked=True)).values
    np.testing.assert_array_equal(result, masked)


def test_raster_nodata_does_not_spread_beyond_the_window():
    """A NaN cell makes NaN only within the 3x3 window of the 3x3 attributes."""
    dem = make_dem(holes=False)
    dem.values[30, 20] = np.nan
    chunked = dem.chunk({"y": 7, "x": 9})
    result = slope(chunked).values
    nan_rows, nan_cols = np.nonzero(np.isnan(result))
    assert nan_rows.min() == 29 and nan_rows.max() == 31
    assert nan_cols.min() == 19 and nan_cols.max() == 21


def test_raster_non_square_cells():
    """Cells of 30 m x 20 m are read from the coordinates as an (east, north) pair."""
    dem = make_dem(spacing=(30.0, 20.0))
    np.testing.assert_array_equal(slope(dem).values, slope(dem.values, (30.0, 20.0)))
    np.testing.assert_array_equal(
        tpi(dem, radius=100.0).values, tpi(dem.values, (30.0, 20.0), radius=100.0)
    )


def test_raster_south_up_dem_is_flipped_and_back():
    """y increasing (row 0 south) is read north-up and the result keeps y order."""
    dem = make_dem(holes=False)
    south_up = dem.isel(y=slice(None, None, -1))
    result = aspect(south_up)
    np.testing.assert_array_equal(result["y"], south_up["y"])
    np.testing.assert_array_equal(result.values, aspect(dem).values[::-1])


def test_raster_agreeing_spacing_is_accepted():
    """spacing equal to the coordinates' cell size is allowed."""
    dem = make_dem()
    np.testing.assert_array_equal(slope(dem, 30.0).values, slope(dem).values)


def test_raster_plain_dataarray_without_crs():
    """x/y coordinates without a CRS are taken as metres."""
    dem = make_dem().drop_vars("spatial_ref")
    np.testing.assert_array_equal(slope(dem).values, slope(dem.values, 30.0))


# -- terrain_attributes and the table ------------------------------------------


@pytest.mark.parametrize("chunks", [None, {"y": 11, "x": 13}], ids=["numpy", "dask"])
def test_raster_terrain_attributes_dataset_converts_to_the_table(chunks):
    """attributes_table(terrain_attributes(dem)) is the NumPy table."""
    dem = make_dem()
    if chunks:
        dem = dem.chunk(chunks)
    dataset = terrain_attributes(dem, radii=(90.0, 300.0))
    assert isinstance(dataset, xr.Dataset)
    assert dataset["slope"].rio.crs == dem.rio.crs
    assert dataset["tpi_300"].attrs["units"] == "m"
    table = attributes_table(dataset)
    expected = terrain_attributes(
        dem.values, 30.0, radii=(90.0, 300.0), origin=(WEST, NORTH)
    )
    assert list(table.columns) == list(expected.columns)
    coordinates = ["easting", "northing"]
    pd.testing.assert_frame_equal(table[coordinates], expected[coordinates], rtol=1e-12)
    attributes = [name for name in expected.columns if name not in coordinates]
    pd.testing.assert_frame_equal(
        table[attributes], expected[attributes], check_exact=True
    )


def test_raster_terrain_attributes_origin_must_agree():
    """An origin that contradicts the DataArray's coordinates is refused."""
    with pytest.raises(ValueError, match="origin=.* disagrees"):
        terrain_attributes(make_dem(), radii=(90.0,), origin=(0.0, 1000.0))


def test_raster_attributes_table_refuses_other_types():
    """attributes_table says what it takes when given a DataFrame."""
    with pytest.raises(TypeError, match="Dataset that terrain_attributes"):
        attributes_table(pd.DataFrame())


# -- Dask -----------------------------------------------------------------------


@pytest.mark.parametrize(("function", "kwargs"), FUNCTIONS, ids=FUNCTION_IDS)
@pytest.mark.parametrize("chunks", [(7, 9), (13, 5)], ids=["7x9", "13x5"])
def test_raster_dask_equals_numpy(function, kwargs, chunks):
    """Per-chunk results equal the in-memory ones, chunk edges included."""
    dem = make_dem()
    chunked = dem.chunk({"y": chunks[0], "x": chunks[1]})
    lazy = function(chunked, **kwargs)
    assert isinstance(lazy.data, da.Array)
    expected = function(dem, **kwargs).values
    np.testing.assert_array_equal(lazy.values, expected)


def test_raster_dask_chunk_smaller_than_overlap():
    """Chunks of 3 cells under a 10-cell overlap are merged and stay exact."""
    dem = make_dem()
    lazy = local_relief(dem.chunk({"y": 3, "x": 3}), radius=300.0)
    assert min(lazy.chunks[0]) >= 10
    np.testing.assert_array_equal(lazy.values, local_relief(dem, radius=300.0).values)


def test_raster_dask_all_nodata_chunk():
    """A chunk with no valid cell (an ocean tile) gives nodata, not an error."""
    dem = make_dem(holes=False)
    dem.values[:20, :20] = np.nan
    chunked = dem.chunk({"y": 10, "x": 10})
    np.testing.assert_array_equal(slope(chunked).values, slope(dem).values)
    classes = classify_landforms(chunked, small_radius=60.0, large_radius=300.0)
    assert (classes.values[:19, :19] == 0).all()


def test_raster_dask_bad_argument_fails_before_computing():
    """A bad argument on a lazy DEM raises at the call, not at compute time."""
    chunked = make_dem().chunk({"y": 10, "x": 10})
    with pytest.raises(ValueError, match="'kind' parameter of curvature"):
        curvature(chunked, kind="mean")
    with pytest.raises(ValueError, match="larger than the DEM"):
        tpi(chunked, radius=1e6)
    with pytest.raises(ValueError, match="needs large_radius"):
        classify_landforms(chunked, small_radius=60.0)
    with pytest.raises(ValueError, match="inner_radius .* must be at least 0"):
        tpi(chunked, radius=90.0, inner_radius=120.0)
    with pytest.raises(ValueError, match="contains no cell centre"):
        tpi(chunked, radius=100.0, inner_radius=95.0)
    with pytest.raises(ValueError, match="'scheme' parameter"):
        classify_landforms(chunked, small_radius=60.0, scheme="jenness")


def test_raster_dask_weiss_uses_raster_wide_statistics():
    """Weiss classes of a Dask DEM standardise TPI over the whole raster."""
    dem = make_dem(shape=(80, 80))
    # Chunks of a quarter of the DEM: per-chunk statistics would change
    # many classes, raster-wide ones change none.
    lazy = classify_landforms(
        dem.chunk({"y": 40, "x": 40}), small_radius=60.0, large_radius=300.0
    )
    expected = classify_landforms(dem, small_radius=60.0, large_radius=300.0)
    np.testing.assert_array_equal(lazy.values, expected.values)


@pytest.mark.slow
def test_raster_dask_threads_and_local_cluster():
    """The same lazy DEM gives the same results on threads and on a LocalCluster."""
    distributed = pytest.importorskip("distributed")
    dem = make_dem()
    chunked = dem.chunk({"y": 16, "x": 16})
    lazy = {
        "slope": slope(chunked),
        "weiss": classify_landforms(chunked, small_radius=60.0, large_radius=300.0),
    }
    expected = {
        "slope": slope(dem).values,
        "weiss": classify_landforms(dem, small_radius=60.0, large_radius=300.0).values,
    }
    for name, result in lazy.items():
        computed = result.compute(scheduler="threads")
        np.testing.assert_array_equal(computed.values, expected[name])
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        for name, result in lazy.items():
            computed = client.compute(result).result()
            np.testing.assert_array_equal(computed.values, expected[name])
        # Built while the client is the default scheduler, too.
        on_cluster = classify_landforms(
            chunked, small_radius=60.0, large_radius=300.0
        ).compute()
        np.testing.assert_array_equal(on_cluster.values, expected["weiss"])


def lazy_fractal(shape, chunks, spacing=30.0):
    """A Dask DEM generated chunk by chunk: never whole in memory."""

    def surface(block_info=None):
        (row0, row1), (col0, col1) = block_info[None]["array-location"]
        rows, cols = np.mgrid[row0:row1, col0:col1] * spacing
        return (
            200.0 * np.sin(rows / 900.0) * np.cos(cols / 700.0)
            + 30.0 * np.sin(rows / 130.0 + cols / 170.0)
            + 0.01 * rows
        )

    values = da.map_blocks(surface, chunks=chunks, dtype=np.float64)
    assert values.shape == shape
    return to_dataarray(values, (spacing, spacing))


class ComputeMemory:
    """Dask callback: the most memory any one compute allocates for its chunks.

    tracemalloc's peak is reset when a compute starts and measured from its
    first task on, so what Dask keeps for the graph itself (a few kB per
    task, the same whatever the chunk size) is left out: what remains is
    the chunks and the kernels' temporaries.
    """

    def __init__(self):
        from dask.callbacks import Callback

        watcher = self

        class _Callback(Callback):
            def _start(self, dsk):
                watcher.baseline = None
                tracemalloc.reset_peak()

            def _pretask(self, key, dsk, state):
                if watcher.baseline is None:
                    watcher.baseline = tracemalloc.get_traced_memory()[0]

            def _finish(self, dsk, state, errored):
                peak = tracemalloc.get_traced_memory()[1]
                watcher.largest = max(watcher.largest, peak - watcher.baseline)

        self.callback = _Callback()
        self.largest = 0
        self.baseline = None


@pytest.mark.parametrize(
    ("function", "kwargs", "rows"),
    [
        (slope, {}, 64),
        (local_relief, {"radius": 300.0}, 64),
        # Two TPI radii and the slope per block, so thinner chunks.
        pytest.param(
            classify_landforms,
            {"small_radius": 60.0, "large_radius": 240.0},
            32,
            marks=pytest.mark.slow,
        ),
    ],
    ids=["slope", "local_relief", "weiss"],
)
def test_raster_dask_memory_bounded_by_chunks(function, kwargs, rows):
    """A 17 MB lazy DEM is processed within a quarter of its size."""
    shape = (8192, 256)
    chunks = ((rows,) * (shape[0] // rows), (shape[1],))
    dem = lazy_fractal(shape, chunks)
    dem_bytes = shape[0] * shape[1] * 8
    memory = ComputeMemory()
    tracemalloc.start()
    try:
        with memory.callback:
            result = function(dem, **kwargs)
            total = float(result.sum().compute(scheduler="synchronous"))
    finally:
        tracemalloc.stop()
    assert np.isfinite(total)
    assert memory.largest < dem_bytes / 4, f"{memory.largest / 1e6:.1f} MB"


# -- Bad input ------------------------------------------------------------------


def test_raster_several_bands_refused(tmp_path):
    """A multi-band GeoTIFF asks for one band with .sel(band=...)."""
    values = np.stack([make_terrain((10, 10), 30.0, random_state=0)] * 2)
    path = write_geotiff(tmp_path / "two.tif", values)
    dem = rioxarray.open_rasterio(path, masked=True)
    with pytest.raises(ValueError, match=r"2 bands .*dem.sel\(band=1\)"):
        slope(dem)
    np.testing.assert_array_equal(slope(dem.sel(band=1)).values, slope(values[0], 30.0))


def test_raster_rotated_geotransform_refused(tmp_path):
    """A rotated geotransform is refused with the way to warp it north-up."""
    transform = from_origin(WEST, NORTH, 30.0, 30.0) * Affine.rotation(10.0)
    values = make_terrain((10, 10), 30.0, random_state=0)
    path = write_geotiff(tmp_path / "rotated.tif", values, transform=transform)
    dem = rioxarray.open_rasterio(path, masked=True)
    with pytest.raises(ValueError, match=r"rotated .*rio.reproject"):
        slope(dem)


@pytest.mark.parametrize(
    ("crs", "match"),
    [
        ("EPSG:4326", r"geographic.*estimate_utm_crs"),
        ("EPSG:2229", r"US survey foot.*metre CRS"),
    ],
    ids=["degrees", "feet"],
)
def test_raster_crs_not_in_metres_refused(crs, match):
    """Degrees or feet would give wrong slopes: the error says how to reproject."""
    dem = to_dataarray(make_terrain((10, 10), 30.0, random_state=0), crs=crs)
    with pytest.raises(ValueError, match=match):
        slope(dem)
    # TRI and roughness do not use the cell size, so any CRS is fine.
    assert tri(dem).rio.crs == dem.rio.crs


def test_raster_lat_lon_dims_without_crs_refused():
    """lat/lon dims without a CRS are taken for degrees and refused."""
    dem = make_dem().drop_vars("spatial_ref").rename({"y": "lat", "x": "lon"})
    with pytest.raises(ValueError, match="latitude/longitude"):
        slope(dem)


@pytest.mark.parametrize(
    ("build", "error", "match"),
    [
        (lambda dem: (dem, {"spacing": 10.0}), ValueError, r"spacing=10.0 disagrees"),
        (
            lambda dem: (
                dem.assign_coords(x=np.r_[0.0, np.cumsum(np.ones(46))] ** 1.1),
                {},
            ),
            ValueError,
            "not evenly spaced",
        ),
        (
            lambda dem: (dem.drop_vars(["x", "y", "spatial_ref"]), {}),
            ValueError,
            "no geotransform",
        ),
        (lambda dem: (dem.expand_dims(time=2), {}), ValueError, "2-D raster"),
        (
            lambda dem: (dem.rename({"y": "row", "x": "col"}), {}),
            ValueError,
            "which dims of the DEM are y",
        ),
        (
            lambda dem: (dem, {"radius": 1e5}),
            ValueError,
            "larger than the DEM",
        ),
    ],
    ids=["spacing", "uneven", "no-coords", "3d", "dims", "radius-too-large"],
)
def test_raster_bad_dataarray(build, error, match):
    """Each bad DataArray DEM raises an error naming the problem and the fix."""
    dem, kwargs = build(make_dem())
    function = tpi if "radius" in kwargs else slope
    if function is tpi:
        with pytest.raises(error, match=match):
            function(dem, **kwargs)
        with pytest.raises(error, match=match):
            function(dem.chunk({"y": 10, "x": 10}), **kwargs)
        return
    with pytest.raises(error, match=match):
        function(dem, **kwargs)


def test_raster_scaled_dem_read_unscaled_refused():
    """A DEM whose scale_factor was not applied is refused."""
    dem = make_dem()
    dem.attrs["scale_factor"] = 0.1
    with pytest.raises(ValueError, match="mask_and_scale=True"):
        slope(dem)


def test_raster_file_name_refused_with_the_way_to_open_it():
    """A file name is refused with the rioxarray call that opens it."""
    with pytest.raises(ValueError, match=r"rioxarray.open_rasterio\('dem.tif'"):
        slope("dem.tif", 30.0)


def test_raster_missing_extra_says_what_to_install(monkeypatch):
    """Without xarray/rioxarray/dask the error gives the pip command."""
    monkeypatch.setitem(sys.modules, "rioxarray", None)
    with pytest.raises(ImportError, match=r'pip install "skgeo\[raster\]"'):
        import_raster_libraries()


# -- TerrainFeatures and maps from models ---------------------------------------


def test_raster_terrain_features_reads_the_dataarray():
    """TerrainFeatures on a DataArray equals the NumPy DEM with spacing and origin."""
    dem = make_dem()
    points = np.column_stack(
        [WEST + np.linspace(10, 1400, 25), NORTH - np.linspace(10, 1800, 25)]
    )
    from_array = TerrainFeatures(
        dem=dem.values, spacing=30.0, origin=(WEST, NORTH), radii=(90.0,)
    )
    from_dataarray = TerrainFeatures(dem=dem.chunk({"y": 20}), radii=(90.0,))
    expected = from_array.fit_transform(points)
    np.testing.assert_array_equal(from_dataarray.fit_transform(points), expected)
    with pytest.raises(ValueError, match="origin=.* disagrees"):
        TerrainFeatures(dem=dem, origin=(0.0, 0.0), radii=(90.0,)).fit(points)


@pytest.fixture(scope="module")
def fitted_pipeline():
    """A small Weiss-landform classifier fitted on points of a DEM DataArray."""
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from skgeo.neural_network import GeoMLPClassifier

    dem = make_dem(holes=False)
    labels = classify_landforms(dem, small_radius=60.0, large_radius=300.0)
    grid = np.stack(np.meshgrid(dem["x"], dem["y"]), axis=-1).reshape(-1, 2)
    classes = labels.values.ravel()
    take = np.random.default_rng(0).choice(len(grid), 800, replace=False)
    model = make_pipeline(
        TerrainFeatures(dem=dem, radii=(90.0, 300.0), attributes=["slope", "tpi"]),
        StandardScaler(),
        GeoMLPClassifier(hidden_layer_sizes=(16,), max_iter=60, random_state=0),
    )
    model.fit(grid[take], classes[take])
    return model, dem, grid


@pytest.mark.parametrize("chunks", [None, {"y": 17, "x": 19}], ids=["numpy", "dask"])
def test_raster_predict_raster_matches_pipeline_predict(fitted_pipeline, chunks):
    """The class map equals predicting every cell centre with the pipeline."""
    model, dem, grid = fitted_pipeline
    source = dem.chunk(chunks) if chunks else dem
    classes = predict_raster(model, source, block_size=32)
    assert isinstance(classes.data, da.Array) == bool(chunks)
    assert classes.rio.crs == dem.rio.crs
    assert classes.rio.transform() == dem.rio.transform()
    probabilities = predict_raster(model, source, method="predict_proba")
    expected_proba = model.predict_proba(grid)
    np.testing.assert_allclose(
        probabilities.values.reshape(len(expected_proba[0]), -1).T,
        expected_proba,
        atol=1e-9,
    )
    np.testing.assert_array_equal(probabilities["class"], model.classes_)
    expected = model.predict(grid).reshape(dem.shape)
    assert (classes.values == expected).mean() > 0.999


def test_raster_predict_raster_nodata_and_errors(fitted_pipeline):
    """Nodata cells get the nodata code; bad models and DEMs get clear errors."""
    model, dem, _ = fitted_pipeline
    holed = dem.copy()
    holed.values[20, 20] = np.nan
    classes = predict_raster(model, holed)
    nodata = classes.rio.nodata
    assert nodata not in model.classes_
    assert (classes.values[19:22, 19:22] == nodata).all()
    with pytest.raises(TypeError, match="first step is TerrainFeatures"):
        predict_raster(model[-1], dem)
    with pytest.raises(TypeError, match="xarray.DataArray"):
        predict_raster(model, dem.values)
    with pytest.raises(ValueError, match="'predict' or 'predict_proba'"):
        predict_raster(model, dem, method="decision_function")
    coarse = dem.coarsen(x=2, y=2, boundary="trim").mean()
    with pytest.raises(ValueError, match="fitted on 30 m x 30 m cells"):
        predict_raster(model, coarse)


@given(
    shape=st.tuples(st.integers(3, 9), st.integers(3, 9)),
    east=st.sampled_from([1.0, 2.5, 30.0, 90.0]),
    north=st.sampled_from([1.0, 2.5, 30.0, 90.0]),
    flip_y=st.booleans(),
    flip_x=st.booleans(),
    crs=st.sampled_from([None, "EPSG:32611", "EPSG:4326"]),
    spacing=st.sampled_from(["omitted", "matching", "other"]),
)
@settings(max_examples=40, deadline=None)
def test_raster_any_grid_works_or_raises_a_clear_error(
    shape, east, north, flip_y, flip_x, crs, spacing
):
    """Any grid orientation, cell size, CRS and spacing: right answer or ValueError."""
    values = make_terrain(shape, (east, north), random_state=0)
    dem = to_dataarray(values, (east, north), crs=crs)
    if flip_y:
        dem = dem.isel(y=slice(None, None, -1))
    if flip_x:
        dem = dem.isel(x=slice(None, None, -1))
    kwargs = {}
    if spacing == "matching":
        kwargs["spacing"] = (east, north)
    elif spacing == "other":
        kwargs["spacing"] = (east * 2, north)
    if crs == "EPSG:4326":
        with pytest.raises(ValueError, match="estimate_utm_crs"):
            slope(dem, **kwargs)
        return
    if spacing == "other":
        with pytest.raises(ValueError, match="disagrees with the DEM's coordinates"):
            slope(dem, **kwargs)
        return
    result = slope(dem, **kwargs)
    expected = slope(values, (east, north))
    if flip_y:
        expected = expected[::-1]
    if flip_x:
        expected = expected[:, ::-1]
    np.testing.assert_array_equal(result.values, expected)
    np.testing.assert_array_equal(result["x"], dem["x"])
    np.testing.assert_array_equal(result["y"], dem["y"])
