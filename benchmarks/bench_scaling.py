"""Peak memory of block-wise training as the data grow, against an in-memory fit.

One epoch of the same GeoMLPRegressor on 1x and 10x the rows, three ways:

- ``in-memory``: ``pandas.read_parquet`` of the whole dataset, then one
  ``partial_fit`` on the NumPy array (what a user does without Dask);
- ``blocks-parquet``: :func:`skgeo.blockwise.partial_fit_blocks` over the
  partitions of ``dask.dataframe.read_parquet`` of the same files;
- ``blocks-array``: the same over a Dask array generated block by block
  (``dask.array.random``), never written anywhere.

Each case runs in its own subprocess, so that its peak resident set size
is its own; the table gives the peak and its growth above the process's
size after its imports (on Linux the peak is reset there, through
/proc/self/clear_refs, so the imports' transient peak does not hide it).
The datasets are written to a temporary folder, deleted at the end. Cases
alternate, and with ``--repeats`` > 1 the medians are reported.

Run::

    python benchmarks/bench_scaling.py                  # 1e5 and 1e6 rows
    python benchmarks/bench_scaling.py --rows 20000     # a quick look
    python benchmarks/bench_scaling.py --prefetch       # next block computed meanwhile
"""

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _harness import machine_info, render_table

CASES = ("in-memory", "blocks-parquet", "blocks-array")
SEED = 0


def _status_mb(field: str) -> float | None:
    """A memory field of /proc/self/status (Linux), in MiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_rss_mb() -> float:
    """Peak resident set size of this process, in MiB."""
    peak = _status_mb("VmHWM")
    if peak is None:  # not Linux: getrusage's peak (KiB on Linux, bytes on macOS)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return peak


def reset_peak_rss() -> float:
    """Start a new peak from the current size (Linux); return that size in MiB.

    Imports briefly take more memory than they keep, and that transient
    peak would hide a smaller workload's; writing 5 to /proc/self/clear_refs
    resets the peak (VmHWM) to the current size. Elsewhere the baseline is
    the peak so far.
    """
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return peak_rss_mb()
    return _status_mb("VmRSS") or peak_rss_mb()


def lazy_dataset(n_rows: int, n_features: int, rows_per_block: int):
    """Features and target as Dask arrays, generated block by block."""
    import dask.array as da

    rng = da.random.default_rng(SEED)
    X = rng.standard_normal((n_rows, n_features), chunks=(rows_per_block, -1))
    y = da.sin(X[:, 0]) + X[:, 1] * X[:, 2] + 0.1 * X[:, 3]
    return X, y


def write_parquet(path: Path, n_rows: int, n_features: int, rows_per_block: int):
    """Write the generated dataset as Parquet, one file per block."""
    import dask.array as da
    import dask.dataframe as dd

    X, y = lazy_dataset(n_rows, n_features, rows_per_block)
    columns = [f"x{i}" for i in range(n_features)] + ["target"]
    table = da.concatenate([X, y[:, None]], axis=1)
    dd.from_dask_array(table, columns=columns).to_parquet(path, write_index=False)


def make_model(args):
    from skgeo.neural_network import GeoMLPRegressor

    return GeoMLPRegressor(
        hidden_layer_sizes=(args.hidden,), batch_size=args.batch_size, random_state=0
    )


def run_case(args) -> dict:
    """One measurement, in this (fresh) process."""
    import dask.dataframe as dd
    import numpy as np
    import pandas as pd

    from skgeo.blockwise import partial_fit_blocks

    model = make_model(args)
    baseline = reset_peak_rss()
    start = time.perf_counter()
    if args.case == "in-memory":
        frame = pd.read_parquet(args.data)
        # C order: a float DataFrame's to_numpy() is column-major, and
        # batches gathered from a column-major array are far slower to train
        # on (reported to the estimator's owners).
        X = np.ascontiguousarray(frame.drop(columns="target").to_numpy())
        y = frame["target"].to_numpy()
        del frame
        model.partial_fit(X, y)
        loss = model.loss_
    elif args.case == "blocks-parquet":
        data = dd.read_parquet(args.data)
        result = partial_fit_blocks(
            model, data, "target", random_state=0, prefetch=args.prefetch
        )
        loss = result.losses[-1]
    else:
        X, y = lazy_dataset(args.rows, args.features, args.rows_per_block)
        result = partial_fit_blocks(model, X, y, random_state=0, prefetch=args.prefetch)
        loss = result.losses[-1]
    seconds = time.perf_counter() - start
    assert model.t_ == args.rows, (model.t_, args.rows)
    return {
        "baseline_mb": baseline,
        "peak_mb": peak_rss_mb(),
        "seconds": seconds,
        "loss": float(np.asarray(loss)),
    }


def measure(args, case: str, rows: int, data: Path) -> dict:
    """Run one case in a subprocess and return what it measured."""
    command = [
        sys.executable,
        __file__,
        "--case",
        case,
        "--data",
        str(data),
        "--rows",
        str(rows),
        "--features",
        str(args.features),
        "--rows-per-block",
        str(args.rows_per_block),
        "--hidden",
        str(args.hidden),
        "--batch-size",
        str(args.batch_size),
        "--prefetch" if args.prefetch else "--no-prefetch",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows at 1x")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--features", type=int, default=16)
    parser.add_argument("--rows-per-block", type=int, default=50_000)
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument(
        "--prefetch",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="partial_fit_blocks(prefetch=...): compute the next block meanwhile",
    )
    parser.add_argument("--case", choices=CASES, help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.case:  # a measurement subprocess
        print(json.dumps(run_case(args)))
        return

    info = machine_info()
    cpu, cores = info.get("cpu_model"), info.get("cores")
    print(f"# {cpu}, {cores} cores, Python {info.get('python')}")
    print(
        f"# {args.features} float64 features, {args.rows_per_block} rows per "
        f"block, hidden ({args.hidden},), batch {args.batch_size}, one epoch, "
        f"prefetch={args.prefetch}"
    )
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="skgeo-bench-scaling-") as folder:
        datasets = {}
        for scale in args.scales:
            rows = args.rows * scale
            datasets[scale] = Path(folder) / f"rows-{rows}"
            write_parquet(datasets[scale], rows, args.features, args.rows_per_block)
        for _ in range(args.repeats):
            for scale in args.scales:
                for case in CASES:
                    rows = args.rows * scale
                    run = measure(args, case, rows, datasets[scale])
                    results.setdefault((case, scale), []).append(run)

    rows = []
    for case in CASES:
        first = None
        for scale in args.scales:
            runs = results[(case, scale)]
            peak = statistics.median(run["peak_mb"] for run in runs)
            growth = statistics.median(
                run["peak_mb"] - run["baseline_mb"] for run in runs
            )
            seconds = statistics.median(run["seconds"] for run in runs)
            first = first or peak
            rows.append(
                [
                    case,
                    f"{args.rows * scale:,}",
                    f"{args.rows * scale * (args.features + 1) * 8 / 2**20:.0f}",
                    f"{peak:.0f}",
                    f"{growth:.0f}",
                    f"{peak / first:.2f}",
                    f"{seconds:.1f}",
                    f"{runs[0]['loss']:.4f}",
                ]
            )
    headers = [
        "case",
        "rows",
        "data MiB",
        "peak RSS MiB",
        "growth MiB",
        "peak / 1x",
        "time s",
        "epoch loss",
    ]
    print(render_table(headers, rows))


if __name__ == "__main__":
    main()
