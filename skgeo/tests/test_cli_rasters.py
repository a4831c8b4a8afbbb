"""Tests of ``skgeo terrain`` and ``skgeo landforms`` on GeoTIFF DEMs."""

import numpy as np
import pytest

rasterio = pytest.importorskip("rasterio")
rioxarray = pytest.importorskip("rioxarray")

from rasterio.transform import from_origin  # noqa: E402

from skgeo._cli import main  # noqa: E402
from skgeo.datasets import make_terrain  # noqa: E402
from skgeo.terrain import (  # noqa: E402
    GEOMORPHONS,
    WEISS_LANDFORMS,
    classify_landforms,
    terrain_attributes,
)

SHAPE = (60, 50)


def write_dem(path, values, *, crs="EPSG:32611", nodata=-9999.0, count=1):
    """Write `values` as a float32 GeoTIFF with 30 m cells."""
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        height=values.shape[0],
        width=values.shape[1],
        count=count,
        dtype="float32",
        crs=crs,
        transform=from_origin(500000.0, 4200000.0, 30.0, 30.0),
        nodata=nodata,
    ) as dataset:
        for band in range(1, count + 1):
            dataset.write(values.astype("float32"), band)
    return path


@pytest.fixture
def dem_values():
    values = make_terrain(SHAPE, 30.0, random_state=3).astype("float32")
    values[20:23, 30:33] = -9999.0
    return values


@pytest.fixture
def dem_file(tmp_path, dem_values):
    return write_dem(tmp_path / "dem.tif", dem_values)


def expected_dem(values):
    return np.where(values == -9999.0, np.nan, values.astype(np.float64))


def test_landforms_writes_classes_with_names_colours_and_nodata(
    dem_file, dem_values, tmp_path, capsys
):
    """landforms writes the Weiss classes tile by tile, as the Python API gives."""
    out = tmp_path / "classes.tif"
    code = main(
        [
            "landforms",
            str(dem_file),
            "--out",
            str(out),
            "--small-radius",
            "90",
            "--large-radius",
            "450",
            "--chunks",
            "16",
            "--quiet",
        ]
    )
    assert code == 0
    assert "Wrote weiss landforms" in capsys.readouterr().out
    expected = classify_landforms(
        expected_dem(dem_values), 30.0, 90.0, 450.0, scheme="weiss"
    )
    with rasterio.open(out) as dataset:
        classes = dataset.read(1)
        assert dataset.dtypes[0] == "uint8"
        assert dataset.nodata == 0
        assert dataset.crs.to_epsg() == 32611
        assert dataset.tags()["class_10"] == WEISS_LANDFORMS[10]
        assert dataset.colormap(1)[0][3] == 0
        assert dataset.profile["tiled"]
    np.testing.assert_array_equal(classes, expected)
    assert (classes[20:23, 30:33] == 0).all()
    assert not list(tmp_path.glob(".*.part"))


def test_landforms_geomorphons_scheme(dem_file, dem_values, tmp_path):
    """--scheme geomorphons gives the geomorphons of the Python API."""
    out = tmp_path / "forms.tif"
    argv = ["landforms", str(dem_file), "--out", str(out), "--quiet"]
    argv += ["--scheme", "geomorphons", "--large-radius", "300", "--chunks", "20"]
    assert main(argv) == 0
    expected = classify_landforms(
        expected_dem(dem_values), 30.0, 0.0, 300.0, scheme="geomorphons"
    )
    with rasterio.open(out) as dataset:
        np.testing.assert_array_equal(dataset.read(1), expected)
        assert dataset.tags()["class_2"] == GEOMORPHONS[2]


def test_terrain_writes_one_band_per_attribute(dem_file, dem_values, tmp_path):
    """terrain writes every attribute as a band named after it."""
    out = tmp_path / "attributes.tif"
    argv = ["terrain", str(dem_file), "--out", str(out), "--radii", "90", "300"]
    assert main([*argv, "--chunks", "16", "--quiet"]) == 0
    table = terrain_attributes(expected_dem(dem_values), 30.0, radii=(90.0, 300.0))
    names = [name for name in table.columns if name not in ("easting", "northing")]
    with rasterio.open(out) as dataset:
        assert list(dataset.descriptions) == names
        assert dataset.count == len(names)
        assert dataset.tags(2)["units"] == "degree"
        slope_band = dataset.read(names.index("slope") + 1)
    np.testing.assert_allclose(
        slope_band,
        table["slope"].to_numpy().reshape(SHAPE).astype("float32"),
        rtol=0,
        atol=0,
    )


@pytest.mark.parametrize("command", ["terrain", "landforms"])
def test_raster_commands_fail_with_one_line(command, dem_values, tmp_path, capsys):
    """Missing, non-raster, geographic, multi-band and too-small inputs: one line."""
    geographic = write_dem(tmp_path / "geo.tif", dem_values, crs="EPSG:4326")
    two_bands = write_dem(tmp_path / "two.tif", dem_values, count=2)
    not_raster = tmp_path / "notes.tif"
    not_raster.write_text("not a raster")
    dem = write_dem(tmp_path / "dem.tif", dem_values)
    too_large = (
        ["--radii", "1e6"] if command == "terrain" else ["--large-radius", "1e6"]
    )
    cases = [
        ([str(tmp_path / "missing.tif")], "no such DEM file"),
        ([str(not_raster)], "is not a raster file"),
        ([str(geographic)], r"geographic CRS .*gdalwarp -t_srs EPSG:"),
        ([str(two_bands)], "has 2 bands; choose the elevation band with --band"),
        ([str(dem), *too_large], "larger than the DEM"),
        ([str(dem), "--chunks", "2"], "--chunks must be at least 3"),
        ([str(two_bands), "--band", "3"], "--band 3 is out of range"),
    ]
    if command == "landforms":
        cases.append(
            (
                [str(dem), "--scheme", "slope-position", "--large-radius", "300"],
                "--large-radius is not used by --scheme slope-position",
            )
        )
    out = tmp_path / "out.tif"
    for arguments, message in cases:
        code = main([command, *arguments, "--out", str(out), "--quiet"])
        err = capsys.readouterr().err
        assert code == 1, arguments
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("skgeo: error:"), err
        assert __import__("re").search(message, lines[0]), lines[0]
        assert "Traceback" not in err
        assert not out.exists()


def test_raster_commands_band_option_selects_a_band(dem_values, tmp_path):
    """--band picks one band of a multi-band DEM."""
    two_bands = write_dem(tmp_path / "two.tif", dem_values, count=2)
    out = tmp_path / "classes.tif"
    argv = ["landforms", str(two_bands), "--out", str(out), "--band", "2", "--quiet"]
    assert main([*argv, "--scheme", "slope-position", "--small-radius", "90"]) == 0
    assert out.exists()
