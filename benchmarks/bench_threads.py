"""Cost of skgeo's shared BLAS section against threadpoolctl's own context.

Every fit and ``partial_fit`` call enters one BLAS section
(:func:`skgeo.utils._threads.blas_threads_for`). Until issue 9 this was a
``threadpoolctl.threadpool_limits`` block, which rescans the loaded
libraries each time; the shared section keeps one controller and only
touches the setting when the first fit of a group enters and the last one
leaves. This script times, alternately, in one process:

* entering and leaving an empty single-thread section, both ways;
* a ``partial_fit`` loop over small minibatches (the call pattern that pays
  the section once per call), with the estimator's section swapped between
  the two implementations.

Run with::

    python benchmarks/bench_threads.py           # ~30 s
    python benchmarks/bench_threads.py --rounds 15
"""

import argparse
import statistics
import time
import warnings

import numpy as np
from _harness import alternate, machine_info, median_call_time, render_table
from threadpoolctl import threadpool_limits

import skgeo.neural_network._base as estimator_layer
from skgeo import GeoMLPRegressor
from skgeo.utils._threads import blas_threads_for


def threadpoolctl_section(threaded):
    """The section as it was: a threadpool_limits block per call."""
    if threaded:
        from contextlib import nullcontext

        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


SECTIONS = {
    "shared section": blas_threads_for,
    "threadpool_limits": threadpoolctl_section,
}


def empty_section(make):
    def call():
        with make(False):
            pass

    return call


def partial_fit_loop(make, X, y, batch):
    """Seconds of one pass of partial_fit over ``batch``-row slices."""

    def trial():
        estimator_layer.blas_threads_for = make
        model = GeoMLPRegressor(hidden_layer_sizes=(32,), random_state=0)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for first in range(0, len(X), batch):
                model.partial_fit(X[first : first + batch], y[first : first + batch])
        return time.perf_counter() - start

    return trial


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    machine = machine_info()
    print(
        f"{machine['cpu_model']}, {machine['cores']} cores, load "
        f"{machine['load_average_1_5_15']}"
    )

    per_call = median_call_time(
        {name: empty_section(make) for name, make in SECTIONS.items()},
        rounds=args.rounds,
    )
    rng = np.random.RandomState(0)
    X = rng.normal(size=(4000, 8))
    y = X @ rng.normal(size=8)
    original = estimator_layer.blas_threads_for
    try:
        loops = alternate(
            {
                name: partial_fit_loop(make, X, y, batch=32)
                for name, make in SECTIONS.items()
            },
            rounds=args.rounds,
        )
    finally:
        estimator_layer.blas_threads_for = original
    loop = {name: statistics.median(times) for name, times in loops.items()}
    reference = "threadpool_limits"
    rows = [
        [
            name,
            f"{per_call[name] * 1e6:.1f}",
            f"{per_call[name] / per_call[reference]:.3f}",
            f"{loop[name] * 1e3:.0f}",
            f"{loop[name] / loop[reference]:.3f}",
        ]
        for name in SECTIONS
    ]
    headers = [
        "section",
        "enter+leave (us)",
        "ratio",
        "125 partial_fit calls (ms)",
        "ratio",
    ]
    print(render_table(headers, rows))


if __name__ == "__main__":
    main()
