"""Time the spatial block splitters of skgeo.model_selection.

Every split is materialised (train and test index arrays built for all
folds), as cross_validate would do. Points are uniform over a square of
100 km x 100 km in metres; the target is under 2 s for 10^6 points.

Run::

    python benchmarks/bench_model_selection.py --n-points 1000000
"""

import argparse
import time
from collections.abc import Callable

import numpy as np

from skgeo.model_selection import (
    SpatialBlockKFold,
    SpatialBlockShuffleSplit,
    spatial_block_labels,
)


def best_time(function: Callable[[], object], repeat: int) -> float:
    """Best wall-clock time of `repeat` calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def materialise(cv, points: np.ndarray) -> int:
    """Build every split and return the total number of indices."""
    return sum(train.size + test.size for train, test in cv.split(points))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-points", type=int, default=1_000_000)
    parser.add_argument("--extent", type=float, default=100_000.0, help="metres")
    parser.add_argument("--block-size", type=float, default=5_000.0, help="metres")
    parser.add_argument("--n-splits", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    points = rng.uniform(0, args.extent, size=(args.n_points, 2))
    size, k = args.block_size, args.n_splits
    cases = [
        ("spatial_block_labels", lambda: spatial_block_labels(points, size)),
        (
            "SpatialBlockKFold",
            lambda: materialise(SpatialBlockKFold(k, block_size=size), points),
        ),
        (
            "SpatialBlockKFold shuffle",
            lambda: materialise(
                SpatialBlockKFold(k, block_size=size, shuffle=True, random_state=0),
                points,
            ),
        ),
        (
            "SpatialBlockKFold balance=False",
            lambda: materialise(
                SpatialBlockKFold(k, block_size=size, balance=False), points
            ),
        ),
    ]
    for fraction in (0.1, 0.4, 1.2):
        buffer = fraction * size
        cases.append(
            (
                f"SpatialBlockKFold buffer={buffer:g}",
                lambda buffer=buffer: materialise(
                    SpatialBlockKFold(k, block_size=size, buffer=buffer), points
                ),
            )
        )
    cases.append(
        (
            "SpatialBlockShuffleSplit n_splits=10",
            lambda: materialise(
                SpatialBlockShuffleSplit(10, block_size=size, random_state=0), points
            ),
        )
    )

    n_blocks = int(spatial_block_labels(points, size).max()) + 1
    print(
        f"{args.n_points} points, block_size={size:g} m ({n_blocks} blocks), "
        f"n_splits={k}, best of {args.repeat}"
    )
    print(f"{'case':<40} {'time (s)':>9}")
    print("-" * 50)
    for name, function in cases:
        print(f"{name:<40} {best_time(function, args.repeat):>9.3f}")


if __name__ == "__main__":
    main()
