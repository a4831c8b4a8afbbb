"""Measurement helpers shared by the skgeo benchmarks.

Everything here is independent of what is being benchmarked: the machine
description, the GEMM peak, alternating timers, the tracemalloc memory pass,
per-call timing of fast functions and plain-text tables. The benchmark
scripts decide what to run; this module decides how it is measured.
"""

import gc
import math
import os
import platform
import statistics
import subprocess
import time
import timeit
import tracemalloc
from collections.abc import Callable, Mapping, Sequence

import numpy as np

__all__ = [
    "alternate",
    "gemm_peak",
    "machine_info",
    "median_call_time",
    "peak_traced_bytes",
    "render_table",
]


def _cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, or what platform says."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _usable_cores() -> int:
    """Cores this process may run on (affinity), not the host's total."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _blas_build() -> dict:
    """The BLAS numpy was built against, as numpy.show_config reports it."""
    try:
        config = np.show_config(mode="dicts")
    except TypeError:  # numpy < 1.26 has no mode=
        return {}
    blas = config.get("Build Dependencies", {}).get("blas", {})
    keep = ("name", "version", "openblas configuration")
    return {key: blas[key] for key in keep if key in blas}


def _thread_pools() -> list[dict]:
    """Runtime BLAS/OpenMP libraries and their thread counts (threadpoolctl)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return []
    keep = (
        "user_api",
        "internal_api",
        "prefix",
        "version",
        "num_threads",
        "architecture",
        "threading_layer",
    )
    return [{key: pool.get(key) for key in keep} for pool in threadpool_info()]


def _git_state(directory: str) -> dict:
    """Commit of the repository holding ``directory`` and whether it is dirty."""

    def git(*args):
        result = subprocess.run(
            ["git", "-C", directory, *args],
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout.strip() if result.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    if commit is None:
        return {"commit": None, "dirty": None}
    return {"commit": commit, "dirty": bool(git("status", "--porcelain", "."))}


def machine_info() -> dict:
    """Describe the machine and the software stack of this run.

    Returns
    -------
    info : dict
        CPU model, usable cores, load average, Python and library versions,
        numpy's BLAS build and the runtime thread pools.
    """
    import scipy
    import sklearn

    import skgeo

    try:
        load = [round(value, 2) for value in os.getloadavg()]
    except OSError:
        load = None
    return {
        "cpu_model": _cpu_model(),
        "cores": _usable_cores(),
        "load_average_1_5_15": load,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "sklearn": sklearn.__version__,
        "skgeo": skgeo.__version__,
        "skgeo_path": os.path.dirname(skgeo.__file__),
        "skgeo_git": _git_state(os.path.dirname(skgeo.__file__)),
        "benchmark_git": _git_state(os.path.dirname(os.path.abspath(__file__))),
        "blas_build": _blas_build(),
        "thread_pools": _thread_pools(),
    }


def gemm_peak(dtype, size: int = 2048, repeats: int = 5) -> float:
    """Best achieved GFLOP/s of a square ``np.matmul`` of ``size``.

    The product of two ``size x size`` matrices costs ``2 size^3`` flops.
    The best of ``repeats`` runs (after one warm-up) estimates what BLAS can
    do on this machine with its current thread setting; other processes can
    only make a run slower, so the best is the fairest estimate of the peak.

    Parameters
    ----------
    dtype : dtype
        float64 or float32.
    size : int, default=2048
        Matrix order.
    repeats : int, default=5
        Timed runs.

    Returns
    -------
    gflops : float
    """
    rng = np.random.default_rng(0)
    a = rng.standard_normal((size, size)).astype(dtype)
    b = rng.standard_normal((size, size)).astype(dtype)
    out = np.empty((size, size), dtype=dtype)
    np.matmul(a, b, out=out)
    best = min(
        _elapsed(lambda: np.matmul(a, b, out=out)) for _ in range(max(1, repeats))
    )
    return 2.0 * size**3 / best / 1e9


def _elapsed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def timed(function: Callable[[], object]) -> Callable[[], float]:
    """A trial for :func:`alternate`: run `function`, return its seconds."""
    return lambda: _elapsed(function)


def alternate(
    contenders: Mapping[str, Callable[[], float]], rounds: int
) -> dict[str, list[float]]:
    """Run each contender once per round, in turn, and collect their times.

    Alternating (A, B, A, B, ...) rather than running all of A then all of
    B spreads slow phases of a shared machine (another process waking up,
    CPU frequency changes) over both contenders instead of one.

    Parameters
    ----------
    contenders : mapping of str to callable
        Each callable runs one trial and returns its own elapsed time in
        seconds (so that it can leave set-up out of the measurement).
    rounds : int
        Number of rounds.

    Returns
    -------
    times : dict of str to list of float
        Elapsed seconds of every trial, by contender, in round order.
    """
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, trial in contenders.items():
            gc.collect()
            times[name].append(trial())
    return times


def peak_traced_bytes(function: Callable[[], object]) -> int:
    """Peak bytes allocated through tracemalloc while ``function`` runs.

    NumPy reports its array buffers to tracemalloc, so this counts arrays as
    well as Python objects. Memory allocated before the call (the data) is
    not counted; the result is the high-water mark of what ``function``
    itself held at any moment, minus what was traced when it started.
    Memory that BLAS allocates internally is invisible to tracemalloc.

    Parameters
    ----------
    function : callable
        Runs the work to measure.

    Returns
    -------
    peak : int
        Bytes.
    """
    gc.collect()
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        function()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak - baseline


def median_call_time(
    contenders: Mapping[str, Callable[[], object]],
    rounds: int = 7,
    min_batch_seconds: float = 0.05,
) -> dict[str, float]:
    """Median seconds per call of fast functions, timed alternately.

    Each contender gets a loop count from a trial of 10 calls (enough calls
    for ``min_batch_seconds``), then ``rounds`` alternating batches are timed
    and the per-call time of each batch recorded.

    Parameters
    ----------
    contenders : mapping of str to callable
        The calls to time.
    rounds : int, default=7
        Timed batches per contender.
    min_batch_seconds : float, default=0.05
        Shortest batch; longer batches average out timer resolution.

    Returns
    -------
    seconds : dict of str to float
        Median seconds per call.
    """
    timers = {name: timeit.Timer(call) for name, call in contenders.items()}
    numbers = {}
    for name, timer in timers.items():
        estimate = timer.timeit(10) / 10
        numbers[name] = max(1, math.ceil(min_batch_seconds / max(estimate, 1e-9)))
    per_call: dict[str, list[float]] = {name: [] for name in timers}
    for _ in range(rounds):
        for name, timer in timers.items():
            per_call[name].append(timer.timeit(numbers[name]) / numbers[name])
    return {name: statistics.median(values) for name, values in per_call.items()}


def render_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Format rows as a plain-text table (also valid Markdown).

    Parameters
    ----------
    headers : sequence of str
        Column titles.
    rows : sequence of sequence
        Cells, converted with ``str``.

    Returns
    -------
    table : str
    """
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [
        max(len(header), *(len(row[i]) for row in cells)) if cells else len(header)
        for i, header in enumerate(headers)
    ]

    def line(values):
        return (
            "| "
            + " | ".join(v.rjust(w) for v, w in zip(values, widths, strict=True))
            + " |"
        )

    separator = "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|"
    return "\n".join([line(headers), separator, *(line(row) for row in cells)])
