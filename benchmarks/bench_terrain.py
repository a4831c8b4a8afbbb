"""Benchmark the terrain toolkit on a large synthetic DEM.

Three questions, one table each:

1. How long does ``terrain_attributes`` take on a 2000 x 2000 DEM with three
   radii? (Target: under 10 s on a 2-core machine.)
2. Does the cost of ``tpi`` (FFT convolution) and ``local_relief``
   (separable running max/min) stay flat as the radius grows? A direct
   convolution with a disk footprint is timed alongside on a smaller DEM for
   contrast (up to 30 cells); its cost grows with the radius squared.
3. How long does ``classify_landforms`` take for each scheme?

Run ``python benchmarks/bench_terrain.py --help`` for the options; the
defaults reproduce the numbers quoted in the documentation.
"""

import argparse
import time

import numpy as np
from scipy import ndimage

from skgeo.datasets import make_terrain
from skgeo.terrain import classify_landforms, local_relief, terrain_attributes, tpi
from skgeo.terrain._position import disk_kernel


def best_time(function, repeat):
    """Best wall-clock time in seconds of `repeat` calls of `function`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def print_table(title, header, rows):
    """Print rows of (label, value, ...) under a title, aligned."""
    print(f"\n{title}")
    columns = zip(header, *rows, strict=True)
    widths = [max(len(str(cell)) for cell in column) for column in columns]
    line = "  ".join(f"{{:>{width}}}" for width in widths)
    print(line.format(*header))
    print(line.format(*("-" * width for width in widths)))
    for row in rows:
        print(line.format(*row))


def bench_attributes(dem, spacing, radii, repeat):
    """Time terrain_attributes on the full DEM."""
    seconds = best_time(lambda: terrain_attributes(dem, spacing, radii), repeat)
    radii_text = ", ".join(f"{radius:g}" for radius in radii)
    return [(f"{dem.shape[0]} x {dem.shape[1]}", radii_text, f"{seconds:.2f}")]


def bench_radius_scaling(dem, small_dem, spacing, cells, repeat, max_direct_cells=30):
    """Time tpi and local_relief per radius, and a direct disk convolution."""
    tpi(dem, spacing, spacing)  # warm up the FFT plan cache and the allocator
    rows = []
    for n_cells in cells:
        radius = n_cells * spacing
        tpi_s = best_time(lambda r=radius: tpi(dem, spacing, r), repeat)
        relief_s = best_time(lambda r=radius: local_relief(dem, spacing, r), repeat)
        kernel = disk_kernel(radius, (spacing, spacing))
        direct = "-"
        if n_cells <= max_direct_cells:
            seconds = best_time(
                lambda k=kernel: ndimage.convolve(small_dem, k, mode="constant"), 1
            )
            direct = f"{seconds:.3f}"
        rows.append(
            (
                n_cells,
                f"{radius:g}",
                int(kernel.sum()),
                f"{tpi_s:.3f}",
                f"{relief_s:.3f}",
                direct,
            )
        )
    return rows


def bench_landforms(dem, spacing, repeat):
    """Time classify_landforms for each scheme."""
    cases = [
        ("weiss", 10 * spacing, 30 * spacing),
        ("slope_position", 10 * spacing, None),
        ("geomorphons", 0.0, 10 * spacing),
    ]
    rows = []
    for scheme, small, large in cases:
        seconds = best_time(
            lambda s=scheme, a=small, b=large: classify_landforms(
                dem, spacing, a, b, scheme=s
            ),
            repeat,
        )
        radii = f"{small:g}" if large is None else f"{small:g} / {large:g}"
        rows.append((scheme, radii, f"{seconds:.2f}"))
    return rows


def main():
    """Parse the options, run the three benchmarks and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000, help="DEM side in cells")
    parser.add_argument("--spacing", type=float, default=30.0, help="cell size, m")
    parser.add_argument(
        "--direct-size",
        type=int,
        default=250,
        help="DEM side for the direct-convolution contrast",
    )
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    parser.add_argument("--seed", type=int, default=0, help="terrain seed")
    args = parser.parse_args()

    spacing = args.spacing
    dem = make_terrain((args.size, args.size), spacing, random_state=args.seed)
    small_dem = dem[: args.direct_size, : args.direct_size]
    radii = (3 * spacing, 10 * spacing, 30 * spacing)

    size = args.size
    print(f"DEM {size} x {size} cells of {spacing:g} m, best of {args.repeat} runs")
    print_table(
        "terrain_attributes (all attributes, three radii)",
        ("DEM", "radii (m)", "seconds"),
        bench_attributes(dem, spacing, radii, args.repeat),
    )
    print_table(
        f"cost against radius (direct convolution on {args.direct_size}^2 cells)",
        ("cells", "radius (m)", "disk cells", "tpi s", "local_relief s", "direct s"),
        bench_radius_scaling(dem, small_dem, spacing, (3, 10, 30, 100), args.repeat),
    )
    print_table(
        "classify_landforms",
        ("scheme", "radii (m)", "seconds"),
        bench_landforms(dem, spacing, args.repeat),
    )
    print(f"\nnumpy {np.__version__}")


if __name__ == "__main__":
    main()
