"""Benchmark skgeo's terrain kernels against xarray-spatial, time and memory.

Two questions, one table each:

1. Speed, side by side. On the same DEM (default 4000 x 4000 cells, a
   fractal from ``make_terrain``), in the same run, each skgeo function and
   the xarray-spatial call a user would make instead are run alternately
   (A, B, A, B, ...); the table gives the median of each and the ratio
   skgeo / xarray-spatial (below 1 means skgeo is faster). xarray-spatial is
   numba-compiled, so each of its functions is called once on a small DEM
   first to leave compilation out of the timings. Shared functions: slope,
   aspect, total curvature, TPI (xarray-spatial: the DEM minus a
   ``convolution_2d`` with a normalised ``circle_kernel``) and
   ``terrain_attributes`` (xarray-spatial: slope, aspect, curvature and one
   circle convolution per radius; it has no profile or plan curvature, TRI,
   roughness or local relief, so it does less work).
2. Memory. Peak bytes traced by tracemalloc during each call, as a multiple
   of the result (``terrain_attributes``, ``classify_landforms``) or of the
   DEM (``tpi`` and ``local_relief`` with a radius as large as the DEM, on
   a smaller DEM because their time grows with the radius in cells).

Run ``python benchmarks/bench_terrain.py --help`` for the options; the
defaults give the numbers in ``benchmarks/README.md``.
"""

import argparse
import statistics

import numpy as np
import xarray as xr
import xrspatial
from _harness import (
    alternate,
    machine_info,
    peak_traced_bytes,
    render_table,
    timed,
)
from xrspatial.convolution import circle_kernel, convolution_2d

from skgeo.datasets import make_terrain
from skgeo.terrain import (
    aspect,
    classify_landforms,
    curvature,
    local_relief,
    slope,
    terrain_attributes,
    tpi,
)


def as_data_array(dem, spacing):
    """The DEM as xarray-spatial wants it: a DataArray with y/x coordinates."""
    rows, cols = dem.shape
    coords = {"y": -spacing * np.arange(rows), "x": spacing * np.arange(cols)}
    return xr.DataArray(dem, dims=("y", "x"), coords=coords)


def xrspatial_tpi(grid, spacing, radius):
    """TPI with xarray-spatial: DEM minus the mean over a circle kernel."""
    kernel = circle_kernel(spacing, spacing, radius)
    return grid - convolution_2d(grid, kernel / kernel.sum())


def xrspatial_attributes(grid, spacing, radii):
    """The part of terrain_attributes that xarray-spatial offers."""
    layers = [xrspatial.slope(grid), xrspatial.aspect(grid), xrspatial.curvature(grid)]
    layers += [xrspatial_tpi(grid, spacing, radius) for radius in radii]
    return layers


def bench_speed(dem, spacing, tpi_cells, radii, rounds, slow_rounds, only=None):
    """Rows of (function, skgeo s, xarray-spatial s, ratio)."""
    grid = as_data_array(dem, spacing)
    warm = as_data_array(dem[:64, :64], spacing)
    for function in (xrspatial.slope, xrspatial.aspect, xrspatial.curvature):
        function(warm)
    xrspatial_tpi(warm, spacing, 2 * spacing)
    radius = tpi_cells * spacing
    cases = {
        "slope": (lambda: slope(dem, spacing), lambda: xrspatial.slope(grid)),
        "aspect": (lambda: aspect(dem, spacing), lambda: xrspatial.aspect(grid)),
        "curvature (total)": (
            lambda: curvature(dem, spacing),
            lambda: xrspatial.curvature(grid),
        ),
        f"tpi ({tpi_cells} cells)": (
            lambda: tpi(dem, spacing, radius),
            lambda: xrspatial_tpi(grid, spacing, radius),
        ),
        "terrain_attributes": (
            lambda: terrain_attributes(dem, spacing, radii),
            lambda: xrspatial_attributes(grid, spacing, radii),
        ),
    }
    slow = {f"tpi ({tpi_cells} cells)", "terrain_attributes"}
    rows = []
    for name, (ours, theirs) in cases.items():
        if only and not any(name.startswith(prefix) for prefix in only):
            continue
        contenders = {"skgeo": timed(ours), "xrspatial": timed(theirs)}
        times = alternate(contenders, slow_rounds if name in slow else rounds)
        mine = statistics.median(times["skgeo"])
        other = statistics.median(times["xrspatial"])
        rows.append((name, f"{mine:.3f}", f"{other:.3f}", f"{mine / other:.2f}"))
        print(f"  {name}: {mine:.3f} s vs {other:.3f} s", flush=True)
    return rows


def bench_memory(dem, small_dem, spacing, radii):
    """Rows of (call, peak MB, result MB, peak / result or DEM)."""
    mb = 1024.0**2
    rows = []

    def measure(label, function, reference_bytes, reference):
        result = []
        peak = peak_traced_bytes(lambda: result.append(function()))
        value = result[0]
        size = (
            value.memory_usage(index=False).sum()
            if hasattr(value, "memory_usage")
            else value.nbytes
        )
        rows.append(
            (
                label,
                f"{peak / mb:.0f}",
                f"{size / mb:.0f}",
                f"{peak / reference_bytes(size):.2f} x {reference}",
            )
        )
        print(f"  {label}: peak {peak / mb:.0f} MB", flush=True)

    shape = f"{dem.shape[0]}^2"
    measure(
        f"terrain_attributes {shape}, 3 radii",
        lambda: terrain_attributes(dem, spacing, radii),
        lambda size: size,
        "result",
    )
    for scheme, small, large in (
        ("weiss", radii[1], radii[2]),
        ("slope_position", radii[1], None),
        ("geomorphons", 0.0, radii[1]),
    ):
        measure(
            f"classify_landforms {shape}, {scheme}",
            lambda s=scheme, a=small, b=large: classify_landforms(
                dem, spacing, a, b, scheme=s
            ),
            lambda size: size,
            "result",
        )
    extent = small_dem.shape[0] * spacing
    small_shape = f"{small_dem.shape[0]}^2"
    for name, function in (("tpi", tpi), ("local_relief", local_relief)):
        for label, radius in (("10 cells", 10 * spacing), ("radius = DEM", extent)):
            measure(
                f"{name} {small_shape}, {label}",
                lambda f=function, r=radius: f(small_dem, spacing, r),
                lambda size: small_dem.nbytes,
                "DEM",
            )
    return rows


def main():
    """Parse the options, run both benchmarks and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=4000, help="DEM side, cells")
    parser.add_argument(
        "--memory-size", type=int, default=1000, help="DEM side for large radii"
    )
    parser.add_argument("--spacing", type=float, default=30.0, help="cell size, m")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds")
    parser.add_argument(
        "--slow-rounds",
        type=int,
        default=1,
        help="rounds for tpi and terrain_attributes (xarray-spatial's circle "
        "convolution takes minutes at 30 cells)",
    )
    parser.add_argument("--tpi-cells", type=int, default=10, help="TPI radius, cells")
    parser.add_argument("--seed", type=int, default=0, help="terrain seed")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument(
        "--only", nargs="*", help="time only these functions (name prefixes)"
    )
    args = parser.parse_args()

    spacing = args.spacing
    dem = make_terrain((args.size, args.size), spacing, random_state=args.seed)
    radii = (3 * spacing, 10 * spacing, 30 * spacing)
    info = machine_info()
    print({key: info[key] for key in info if key in ("cpu", "cores", "git")})
    print(f"DEM {args.size} x {args.size} cells of {spacing:g} m, radii {radii}")
    print("speed (median of alternating rounds):")
    speed = bench_speed(
        dem, spacing, args.tpi_cells, radii, args.rounds, args.slow_rounds, args.only
    )
    print(render_table(("function", "skgeo s", "xarray-spatial s", "ratio"), speed))
    if not args.skip_memory:
        small_dem = make_terrain(
            (args.memory_size, args.memory_size), spacing, random_state=args.seed
        )
        print("memory (tracemalloc peak):")
        memory = bench_memory(dem, small_dem, spacing, radii)
        print(render_table(("call", "peak MB", "result MB", "peak"), memory))
    print(f"numpy {np.__version__}, xarray-spatial {xrspatial.__version__}")


if __name__ == "__main__":
    main()
