"""Terrain on Dask DEMs: skgeo against xarray-spatial, chunk by chunk.

Both libraries get the same Dask-backed DataArray (a fractal DEM of 30 m
cells, in square chunks) and compute the whole result with the threaded
scheduler; the two contenders alternate, and the table reports medians and
the ratio skgeo / xarray-spatial (below 1: skgeo faster). The in-memory
NumPy time of skgeo is shown beside them, to show what chunking costs.
xarray-spatial's slope and aspect are the same Horn (1981) formulas as
skgeo's; its curvature is the total curvature (x 100), skgeo's the same
quantity in 1/m.

One run on a shared 2-core machine (load average about 7, so the numbers
move by tens of per cent between runs; 2000 x 2000 cells, chunks of 500,
median of 5 alternating rounds, seconds)::

    function     skgeo dask  skgeo numpy  xrspatial dask  ratio
    slope              0.24         0.29            0.22   1.08
    aspect             0.24         0.41            0.38   0.63
    curvature          0.14         0.12            0.17   0.79
    tpi r=300 m        0.37         0.53               -      -

A chunk runs the same NumPy kernel as the in-memory call, plus one pass to
skip chunks without a valid cell and Dask's overlap copies; slope is within
noise of xarray-spatial's Numba kernel on Dask.

Run::

    python benchmarks/bench_raster.py                 # 2000 x 2000, chunks 500
    python benchmarks/bench_raster.py --size 4000 --chunks 1000 --rounds 5
"""

import argparse
import statistics
import time

import numpy as np
import xarray as xr
import xrspatial
from _harness import alternate, machine_info, render_table

from skgeo.datasets import make_terrain
from skgeo.terrain import aspect, curvature, slope, tpi


def timed(function, dem, lazy):
    """One trial: the whole result of `function` on `dem`, in seconds."""

    def trial():
        start = time.perf_counter()
        result = function(dem)
        if lazy:
            result.compute(scheduler="threads")
        return time.perf_counter() - start

    return trial


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--chunks", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    values = make_terrain((args.size, args.size), 30.0, random_state=0)
    coords = {
        "y": 3_000_000.0 - 30.0 * (np.arange(args.size) + 0.5),
        "x": 400_000.0 + 30.0 * (np.arange(args.size) + 0.5),
    }
    in_memory = xr.DataArray(values, dims=("y", "x"), coords=coords)
    dem = in_memory.chunk({"y": args.chunks, "x": args.chunks})
    cases = {
        "slope": (lambda d: slope(d), lambda d: xrspatial.slope(d)),
        "aspect": (lambda d: aspect(d), lambda d: xrspatial.aspect(d)),
        "curvature": (lambda d: curvature(d), lambda d: xrspatial.curvature(d)),
        "tpi r=300 m": (lambda d: tpi(d, radius=300.0), None),
    }
    rows = []
    for name, (ours, theirs) in cases.items():
        contenders = {
            "skgeo dask": timed(ours, dem, lazy=True),
            "skgeo numpy": timed(ours, in_memory, lazy=False),
        }
        if theirs is not None:
            contenders["xrspatial dask"] = timed(theirs, dem, lazy=True)
        times = {
            key: statistics.median(value)
            for key, value in alternate(contenders, args.rounds).items()
        }
        reference = times.get("xrspatial dask")
        rows.append(
            [
                name,
                f"{times['skgeo dask']:.2f}",
                f"{times['skgeo numpy']:.2f}",
                "-" if reference is None else f"{reference:.2f}",
                "-" if reference is None else f"{times['skgeo dask'] / reference:.2f}",
            ]
        )
    info = machine_info()
    print(", ".join(f"{key}: {value}" for key, value in info.items()))
    print(
        f"DEM {args.size} x {args.size}, chunks {args.chunks}, "
        f"median of {args.rounds} alternating rounds (seconds)"
    )
    print(
        render_table(
            ["function", "skgeo dask", "skgeo numpy", "xrspatial dask", "ratio"],
            rows,
        )
    )


if __name__ == "__main__":
    main()
