"""Compare skgeo's MLP estimators with scikit-learn's on identical work.

For every workload and dtype, ``GeoMLPRegressor``/``GeoMLPClassifier`` and
``sklearn.neural_network.MLPRegressor``/``MLPClassifier`` train the same
network on the same data with the same settings and seed, for exactly the
same number of epochs (``max_iter=E, tol=0, n_iter_no_change=inf``; both
must report ``n_iter_ == E``). Fits run alternately in this one process
(sklearn, skgeo, sklearn, skgeo, ...) and medians are reported. Peak memory
is measured in a separate pass with tracemalloc; the test score is taken on
a held-out 20% split; ``predict`` is timed on one row and on many rows. The
machine's GEMM peak is measured in the same run, to express the achieved
GFLOP/s as a fraction of what BLAS can do. See benchmarks/README.md.

Run::

    python benchmarks/bench_mlp.py                      # full run, minutes
    python benchmarks/bench_mlp.py --quick              # smoke test, < 1 min
    python benchmarks/bench_mlp.py --workloads quake-small wide --repeats 3
    python benchmarks/bench_mlp.py --report benchmarks/results/<name>.json
"""

import argparse
import contextlib
import datetime
import json
import math
import os
import statistics
import sys
import time
import warnings
import zlib
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np
from _harness import (
    alternate,
    gemm_peak,
    machine_info,
    median_call_time,
    peak_traced_bytes,
    render_table,
)
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, r2_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor

from skgeo.neural_network import GeoMLPClassifier, GeoMLPRegressor

TEST_FRACTION = 0.2
N_CLASSES = 6
MODEL_SEED = 0
CONTENDERS = ("sklearn", "skgeo")
RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Workload:
    """One benchmark case: data shape, network and training budget.

    ``n_train`` is the number of training rows; another 20% of the total is
    generated and held out for the test score.
    """

    name: str
    task: str  # "regression" or "classification"
    n_train: int
    n_features: int
    hidden: tuple[int, ...]
    batch_size: int
    epochs: int

    @property
    def n_outputs(self) -> int:
        # Multiclass softmax has one output unit per class.
        return 1 if self.task == "regression" else N_CLASSES

    @property
    def layer_units(self) -> list[int]:
        return [self.n_features, *self.hidden, self.n_outputs]

    @property
    def steps(self) -> int:
        """Minibatch steps of one fit: epochs times batches per epoch."""
        return self.epochs * math.ceil(self.n_train / self.batch_size)

    def quick(self) -> "Workload":
        """A tenth of the rows and epochs (at least one epoch)."""
        return replace(
            self, n_train=self.n_train // 10, epochs=max(1, self.epochs // 10)
        )


WORKLOADS = {
    w.name: w
    for w in [
        Workload("quake-small", "regression", 20_000, 8, (64, 32), 32, 20),
        Workload("quake-large", "regression", 200_000, 16, (128, 128), 256, 10),
        Workload("landform", "classification", 50_000, 12, (64, 64), 64, 20),
        Workload("wide", "regression", 50_000, 64, (512, 512), 512, 5),
    ]
}


def flops_per_sample(layer_units: list[int]) -> int:
    """Matrix-product flops of one training sample (forward plus backward).

    With ``u_0 .. u_L`` the units per layer, a product of an (m, k) by a
    (k, n) matrix costs ``2 m k n`` flops, so per sample: the forward pass
    ``sum_i 2 u_i u_{i+1}``, the weight gradients the same again, and the
    deltas sent back to the hidden layers ``sum_{i>=1} 2 u_i u_{i+1}`` (no
    delta is sent to the input). Biases, activations, the loss and the
    optimizer are not counted.
    """
    products = [a * b for a, b in zip(layer_units[:-1], layer_units[1:], strict=True)]
    return 2 * (2 * sum(products) + sum(products[1:]))


def workload_seed(name: str) -> int:
    """A fixed data seed per workload, independent of the workload order."""
    return zlib.crc32(name.encode())


def smooth_target(X: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A smooth nonlinear function of three random projections of ``X``."""
    projections = rng.standard_normal((X.shape[1], 3)) / np.sqrt(X.shape[1])
    z = X @ projections
    return np.sin(2.0 * z[:, 0]) + z[:, 1] * z[:, 2] + np.tanh(z[:, 2])


def make_data(workload: Workload) -> dict:
    """Training and test sets of ``workload``, in float64.

    Inputs are standard normal. The regression target is a smooth
    nonlinear signal plus Gaussian noise of 0.3 times its standard
    deviation, standardized; the classes cut that target into six classes
    at its sextiles.
    """
    rng = np.random.default_rng(workload_seed(workload.name))
    n_total = round(workload.n_train / (1 - TEST_FRACTION))
    X = rng.standard_normal((n_total, workload.n_features))
    signal = smooth_target(X, rng)
    y = signal + 0.3 * signal.std() * rng.standard_normal(n_total)
    y = (y - y.mean()) / y.std()
    if workload.task == "classification":
        edges = np.quantile(y, np.arange(1, N_CLASSES) / N_CLASSES)
        y = np.digitize(y, edges)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=n_total - workload.n_train, random_state=MODEL_SEED
    )
    return {"X_train": X_train, "X_test": X_test, "y_train": y_train, "y_test": y_test}


def estimator_classes(workload: Workload) -> dict:
    if workload.task == "regression":
        return {"sklearn": MLPRegressor, "skgeo": GeoMLPRegressor}
    return {"sklearn": MLPClassifier, "skgeo": GeoMLPClassifier}


def estimator_params(workload: Workload) -> dict:
    """Identical settings for both libraries; the epoch count is forced."""
    return {
        "hidden_layer_sizes": workload.hidden,
        "activation": "relu",
        "solver": "adam",
        "batch_size": workload.batch_size,
        "max_iter": workload.epochs,
        "tol": 0.0,
        "n_iter_no_change": np.inf,
        "random_state": MODEL_SEED,
    }


def fit_model(cls, params: dict, X, y, epochs: int):
    """Fit a fresh estimator; return it and the seconds ``fit`` took."""
    model = cls(**params)
    with warnings.catch_warnings():
        # Reaching max_iter is the point here, not a problem.
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        model.fit(X, y)
        elapsed = time.perf_counter() - start
    if model.n_iter_ != epochs:
        raise RuntimeError(
            f"{cls.__name__} ran {model.n_iter_} epochs instead of {epochs}; the "
            "two libraries would not be doing the same work."
        )
    return model, elapsed


def score_with_se(model, X_test, y_test, task: str, n_boot: int = 200):
    """Test score and its bootstrap standard error over the test rows.

    The standard error measures how much the score would move with another
    test set of the same size: two models whose scores differ by less than
    about twice that are equal within noise.
    """
    metric = r2_score if task == "regression" else accuracy_score
    y_pred = model.predict(X_test)
    rng = np.random.default_rng(1)
    n = len(y_test)
    replicates = [
        metric(y_test[idx], y_pred[idx]) for idx in rng.integers(0, n, size=(n_boot, n))
    ]
    return float(metric(y_test, y_pred)), float(np.std(replicates, ddof=1))


def max_coef_difference(first, second) -> float:
    """Largest absolute difference between two fitted networks' parameters."""
    pairs = [
        *zip(first.coefs_, second.coefs_, strict=True),
        *zip(first.intercepts_, second.intercepts_, strict=True),
    ]
    return float(max(np.max(np.abs(a.astype(np.float64) - b)) for a, b in pairs))


def load_average() -> list[float] | None:
    """The system load average now (1, 5, 15 min), where the OS reports it."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def wait_for_idle(threshold: float | None, max_wait: float) -> float:
    """Sleep until the 1-minute load average is below ``threshold``.

    On a machine shared with other jobs, BLAS threads that lose their core
    in the middle of a matrix product make every product wait, which
    distorts timings far more than the lost share of the CPU would suggest.
    Starting each case when the machine is quiet limits that. Gives up after
    ``max_wait`` seconds; returns the seconds waited.
    """
    load = load_average()
    if threshold is None or load is None:
        return 0.0
    start = time.perf_counter()
    while load_average()[0] >= threshold:
        if time.perf_counter() - start > max_wait:
            break
        time.sleep(5)
    return time.perf_counter() - start


def ratio(times: dict) -> float:
    return times["skgeo"] / times["sklearn"]


def run_case(workload: Workload, data: dict, dtype, args, peaks: dict) -> dict:
    """Benchmark one workload in one dtype; return its JSON record."""
    dtype_name = np.dtype(dtype).name
    X_train = data["X_train"].astype(dtype)
    X_test = data["X_test"].astype(dtype)
    if workload.task == "regression":
        y_train = data["y_train"].astype(dtype)
    else:
        y_train = data["y_train"]
    y_test = data["y_test"]
    classes = estimator_classes(workload)
    params = estimator_params(workload)
    epochs = workload.epochs

    # Warm-up: first calls pay for imports, code paths and page faults.
    small = 2 * workload.batch_size
    warm = {**params, "max_iter": 1}
    for cls in classes.values():
        fit_model(cls, warm, X_train[:small], y_train[:small], 1)

    fitted = {}

    def trial(name):
        def run():
            model, elapsed = fit_model(classes[name], params, X_train, y_train, epochs)
            fitted[name] = model
            return elapsed

        return run

    fit_times = alternate({name: trial(name) for name in CONTENDERS}, args.repeats)
    fit_median = {name: statistics.median(t) for name, t in fit_times.items()}

    # The memory pass is separate: tracemalloc slows Python allocations.
    memory = {
        name: peak_traced_bytes(
            lambda name=name: fit_model(classes[name], params, X_train, y_train, epochs)
        )
        for name in CONTENDERS
    }

    scores, score_se = {}, {}
    for name in CONTENDERS:
        scores[name], score_se[name] = score_with_se(
            fitted[name], X_test, y_test, workload.task
        )

    one_row = np.ascontiguousarray(X_test[:1])
    predict_one = median_call_time(
        {name: (lambda m=fitted[name]: m.predict(one_row)) for name in CONTENDERS},
        rounds=3 if args.quick else 9,
        min_batch_seconds=0.02 if args.quick else 0.05,
    )
    rng = np.random.default_rng(workload_seed(workload.name) + 1)
    X_many = rng.standard_normal((args.predict_rows, workload.n_features)).astype(dtype)

    def predict_trial(name):
        def run():
            start = time.perf_counter()
            fitted[name].predict(X_many)
            return time.perf_counter() - start

        return run

    many_times = alternate(
        {name: predict_trial(name) for name in CONTENDERS}, args.predict_rounds
    )
    predict_many = {name: statistics.median(t) for name, t in many_times.items()}

    flops = epochs * workload.n_train * flops_per_sample(workload.layer_units)
    gflops = {name: flops / t / 1e9 for name, t in fit_median.items()}
    return {
        "dtype": dtype_name,
        "load_average_1_5_15": load_average(),
        "n_train": workload.n_train,
        "n_test": len(y_test),
        "steps": workload.steps,
        "flops": flops,
        "n_iter": {name: int(m.n_iter_) for name, m in fitted.items()},
        "fit_seconds": fit_times,
        "fit_median_seconds": fit_median,
        "fit_ratio": ratio(fit_median),
        "us_per_step": {
            name: 1e6 * t / workload.steps for name, t in fit_median.items()
        },
        "gflops": gflops,
        "gemm_peak_gflops": peaks[dtype_name],
        "fraction_of_peak": {
            name: value / peaks[dtype_name] for name, value in gflops.items()
        },
        "peak_memory_bytes": memory,
        "memory_ratio": ratio(memory),
        "test_score": scores,
        "test_score_se": score_se,
        "score_metric": "r2" if workload.task == "regression" else "accuracy",
        "max_abs_parameter_difference": max_coef_difference(
            fitted["sklearn"], fitted["skgeo"]
        ),
        "predict_one_row_seconds": predict_one,
        "predict_one_row_ratio": ratio(predict_one),
        "predict_rows": args.predict_rows,
        "predict_many_seconds": many_times,
        "predict_many_median_seconds": predict_many,
        "predict_many_ratio": ratio(predict_many),
    }


# ---------------------------------------------------------------------------
# targets of issue 2 and the printed report
# ---------------------------------------------------------------------------
def _case(results: dict, workload: str, dtype: str) -> dict | None:
    return results["workloads"].get(workload, {}).get(dtype)


def _all_cases(results: dict):
    for name, by_dtype in results["workloads"].items():
        for dtype, case in by_dtype.items():
            yield name, dtype, case


def evaluate_targets(results: dict) -> list[dict]:
    """Check the measured numbers against the performance targets of issue 2."""
    targets = []

    def add(target, measured, met):
        targets.append({"target": target, "measured": measured, "met": bool(met)})

    for workload, dtypes, limit, label in [
        ("quake-small", ("float64",), 1 / 3, "<= 1/3 (aim 1/4)"),
        ("landform", ("float64", "float32"), 0.4, "<= 0.4"),
        ("quake-large", ("float64", "float32"), 0.5, "<= 1/2"),
    ]:
        cases = {d: _case(results, workload, d) for d in dtypes}
        cases = {d: c for d, c in cases.items() if c is not None}
        if cases:
            measured = ", ".join(f"{d} {c['fit_ratio']:.3f}" for d, c in cases.items())
            met = all(c["fit_ratio"] <= limit for c in cases.values())
            add(f"{workload} fit time {label} of sklearn", measured, met)
    for dtype, limit in (("float64", 0.70), ("float32", 0.65)):
        case = _case(results, "wide", dtype)
        if case is not None:
            fraction = case["fraction_of_peak"]["skgeo"]
            add(
                f"wide >= {limit:.0%} of {dtype} GEMM peak",
                f"{fraction:.1%} ({case['gflops']['skgeo']:.1f} of "
                f"{case['gemm_peak_gflops']:.1f} GFLOP/s)",
                fraction >= limit,
            )
    cases = list(_all_cases(results))
    if cases:
        slowest = max(cases, key=lambda c: c[2]["fit_ratio"])
        add(
            "no workload slower than sklearn (fit)",
            f"worst {slowest[0]} {slowest[1]} {slowest[2]['fit_ratio']:.3f}",
            slowest[2]["fit_ratio"] <= 1.0,
        )
        heaviest = max(cases, key=lambda c: c[2]["memory_ratio"])
        add(
            "peak fit memory no higher than sklearn",
            f"worst {heaviest[0]} {heaviest[1]} {heaviest[2]['memory_ratio']:.3f}",
            heaviest[2]["memory_ratio"] <= 1.0,
        )

        def gap(case):
            scores, se = case["test_score"], case["test_score_se"]["sklearn"]
            return abs(scores["skgeo"] - scores["sklearn"]) / se

        widest = max(cases, key=lambda c: gap(c[2]))
        add(
            "test scores equal within noise (difference <= 2 SE)",
            f"largest difference / SE {gap(widest[2]):.2f} ({widest[0]} {widest[1]})",
            gap(widest[2]) <= 2.0,
        )
        slow_one = max(cases, key=lambda c: c[2]["predict_one_row_ratio"])
        add(
            "predict of one row <= 1/2 of sklearn's time",
            f"worst {slow_one[0]} {slow_one[1]} "
            f"{slow_one[2]['predict_one_row_ratio']:.3f}",
            slow_one[2]["predict_one_row_ratio"] <= 0.5,
        )
    return targets


def _load_1min(case: dict) -> str:
    load = case.get("load_average_1_5_15")
    return "?" if not load else f"{load[0]:.1f}"


def _mb(value: float) -> str:
    return f"{value / 2**20:.1f}"


def report(results: dict) -> str:
    """The tables of a results dict, as printed at the end of a run."""
    machine = results["machine"]
    peaks = results["gemm_peak_gflops"]
    lines = [
        f"Machine: {machine['cpu_model']}, {machine['cores']} cores; numpy "
        f"{machine['numpy']}, scipy {machine['scipy']}, scikit-learn "
        f"{machine['sklearn']}, skgeo {machine['skgeo']}; BLAS "
        f"{machine['blas_build'].get('name', '?')} "
        f"{machine['blas_build'].get('version', '')}, threads "
        + ", ".join(
            f"{p['internal_api']}={p['num_threads']}" for p in machine["thread_pools"]
        ),
        f"Load average (1, 5, 15 min) at start {machine['load_average_1_5_15']}, "
        f"at end {results['load_average_end']}; mode "
        f"{'quick' if results['settings']['quick'] else 'full'}, "
        f"{results['settings']['repeats']} alternating rounds, medians.",
        f"GEMM peak: float64 {peaks['float64']:.1f} GFLOP/s, float32 "
        f"{peaks['float32']:.1f} GFLOP/s (best square matmul of order "
        f"{results['settings']['gemm_size']}).",
        "",
        "Training (fit):",
    ]
    train_rows, predict_rows = [], []
    for name, dtype, case in _all_cases(results):
        fit, step = case["fit_median_seconds"], case["us_per_step"]
        gf, frac = case["gflops"], case["fraction_of_peak"]
        mem, score = case["peak_memory_bytes"], case["test_score"]
        train_rows.append(
            [
                name,
                dtype,
                f"{fit['sklearn']:.2f}",
                f"{fit['skgeo']:.2f}",
                f"{case['fit_ratio']:.3f}",
                f"{step['sklearn']:.0f}",
                f"{step['skgeo']:.0f}",
                f"{gf['sklearn']:.1f} ({frac['sklearn']:.0%})",
                f"{gf['skgeo']:.1f} ({frac['skgeo']:.0%})",
                _mb(mem["sklearn"]),
                _mb(mem["skgeo"]),
                f"{case['memory_ratio']:.2f}",
                f"{score['sklearn']:.4f}",
                f"{score['skgeo']:.4f}",
                f"{case['test_score_se']['sklearn']:.4f}",
                _load_1min(case),
            ]
        )
        one, many = case["predict_one_row_seconds"], case["predict_many_median_seconds"]
        predict_rows.append(
            [
                name,
                dtype,
                f"{1e6 * one['sklearn']:.1f}",
                f"{1e6 * one['skgeo']:.1f}",
                f"{case['predict_one_row_ratio']:.3f}",
                f"{case['predict_rows']:,}",
                f"{many['sklearn']:.3f}",
                f"{many['skgeo']:.3f}",
                f"{case['predict_many_ratio']:.3f}",
            ]
        )
    lines.append(
        render_table(
            [
                "workload",
                "dtype",
                "sk fit s",
                "skgeo fit s",
                "ratio",
                "sk us/step",
                "skgeo us/step",
                "sk GFLOP/s (peak)",
                "skgeo GFLOP/s (peak)",
                "sk MiB",
                "skgeo MiB",
                "mem ratio",
                "sk score",
                "skgeo score",
                "score SE",
                "load",
            ],
            train_rows,
        )
    )
    lines += ["", "Prediction:"]
    lines.append(
        render_table(
            [
                "workload",
                "dtype",
                "sk 1 row us",
                "skgeo 1 row us",
                "ratio",
                "rows",
                "sk many s",
                "skgeo many s",
                "ratio",
            ],
            predict_rows,
        )
    )
    lines += ["", "Targets (issue 2):"]
    lines.append(
        render_table(
            ["target", "measured", "met"],
            [
                [t["target"], t["measured"], "yes" if t["met"] else "NO"]
                for t in results["targets"]
            ],
        )
    )
    return "\n".join(lines)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a tenth of the rows and epochs, 2 rounds, 10^5 predict rows",
    )
    parser.add_argument(
        "--workloads", nargs="+", choices=list(WORKLOADS), default=list(WORKLOADS)
    )
    parser.add_argument(
        "--dtypes", nargs="+", choices=["float64", "float32"], default=None
    )
    parser.add_argument(
        "--repeats", type=int, default=None, help="alternating fit rounds (5)"
    )
    parser.add_argument(
        "--predict-rows", type=int, default=None, help="rows of the large predict"
    )
    parser.add_argument(
        "--predict-rounds", type=int, default=None, help="rounds of large predicts"
    )
    parser.add_argument(
        "--blas-threads",
        type=int,
        default=None,
        help="limit BLAS threads (threadpoolctl); default: the library's own",
    )
    parser.add_argument("--gemm-size", type=int, default=None)
    parser.add_argument(
        "--wait-idle",
        type=float,
        default=None,
        metavar="LOAD",
        help="before each case, wait until the 1-minute load average < LOAD",
    )
    parser.add_argument(
        "--wait-max",
        type=float,
        default=900.0,
        help="longest wait per case, seconds (with --wait-idle)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="JSON file (default: benchmarks/results/mlp_<mode>_<UTC time>.json)",
    )
    parser.add_argument(
        "--note", default="", help="free text stored in the JSON (what was run)"
    )
    parser.add_argument(
        "--report",
        type=Path,
        default=None,
        help="print the tables of an existing results JSON and exit",
    )
    args = parser.parse_args(argv)
    defaults = (
        {"repeats": 2, "predict_rows": 100_000, "predict_rounds": 2, "gemm_size": 1024}
        if args.quick
        else {
            "repeats": 5,
            "predict_rows": 1_000_000,
            "predict_rounds": 3,
            "gemm_size": 2048,
        }
    )
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.dtypes is None:
        args.dtypes = ["float64", "float32"]
    for key in ("repeats", "predict_rows", "predict_rounds", "gemm_size"):
        if getattr(args, key) < 1:
            parser.error(f"--{key.replace('_', '-')} must be at least 1")
    return args


def blas_limit(threads: int | None):
    if threads is None:
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=threads, user_api="blas")


def run(args: argparse.Namespace) -> dict:
    started = datetime.datetime.now(datetime.UTC)
    results = {
        "benchmark": "bench_mlp",
        "started_utc": started.isoformat(timespec="seconds"),
        "command": " ".join(sys.argv),
        "machine": machine_info(),
        "settings": {
            "quick": args.quick,
            "repeats": args.repeats,
            "predict_rows": args.predict_rows,
            "predict_rounds": args.predict_rounds,
            "blas_threads": args.blas_threads,
            "gemm_size": args.gemm_size,
            "wait_idle": args.wait_idle,
            "test_fraction": TEST_FRACTION,
            "model_seed": MODEL_SEED,
            "note": args.note,
        },
        "workload_definitions": {},
        "workloads": {},
    }
    wait_for_idle(args.wait_idle, args.wait_max)
    peak_runs = {d: [] for d in ("float64", "float32")}

    def measure_peaks():
        for dtype, runs in peak_runs.items():
            runs.append(gemm_peak(np.dtype(dtype), args.gemm_size))
        return {d: max(v) for d, v in peak_runs.items()}

    peaks = measure_peaks()
    print(
        "GEMM peak at start: "
        + ", ".join(f"{d} {v:.1f} GFLOP/s" for d, v in peaks.items()),
        flush=True,
    )
    for name in args.workloads:
        workload = WORKLOADS[name].quick() if args.quick else WORKLOADS[name]
        definition = asdict(workload)
        definition.update(
            steps=workload.steps,
            layer_units=workload.layer_units,
            flops_per_sample=flops_per_sample(workload.layer_units),
            params=dict(estimator_params(workload), n_iter_no_change="inf"),
        )
        results["workload_definitions"][name] = definition
        data = make_data(workload)
        results["workloads"][name] = {}
        for dtype in args.dtypes:
            waited = wait_for_idle(args.wait_idle, args.wait_max)
            # GEMM is measured again before every case and the best run kept,
            # so that a busy moment at the start does not lower the peak.
            peaks = measure_peaks()
            tic = time.perf_counter()
            case = run_case(workload, data, np.dtype(dtype), args, peaks)
            case["waited_for_idle_seconds"] = round(waited, 1)
            results["workloads"][name][dtype] = case
            print(
                f"{name:<12} {dtype}: fit ratio {case['fit_ratio']:.3f}, "
                f"{case['us_per_step']['sklearn']:.0f} -> "
                f"{case['us_per_step']['skgeo']:.0f} us/step "
                f"({time.perf_counter() - tic:.0f} s)",
                flush=True,
            )
    # One more GEMM measurement after the fits; the best of all runs is the
    # peak, and every case's fraction of peak is recomputed with it.
    measure_peaks()
    results["gemm_peak_runs_gflops"] = peak_runs
    results["gemm_peak_gflops"] = {d: max(v) for d, v in peak_runs.items()}
    for _, dtype, case in _all_cases(results):
        peak = results["gemm_peak_gflops"][dtype]
        case["gemm_peak_gflops"] = peak
        case["fraction_of_peak"] = {n: g / peak for n, g in case["gflops"].items()}
    results["load_average_end"] = load_average()
    results["elapsed_seconds"] = round(
        (datetime.datetime.now(datetime.UTC) - started).total_seconds(), 1
    )
    results["targets"] = evaluate_targets(results)
    return results


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.report is not None:
        results = json.loads(args.report.read_text())
        # Targets are re-evaluated from the stored numbers, so that a saved
        # run is judged by the current definition of the targets.
        results["targets"] = evaluate_targets(results)
        print(report(results))
        return
    with blas_limit(args.blas_threads):
        results = run(args)
    output = args.output
    if output is None:
        mode = "quick" if args.quick else "full"
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        output = RESULTS_DIR / f"mlp_{mode}_{stamp}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=1) + "\n")
    print()
    print(report(results))
    print(f"\nResults written to {output} ({results['elapsed_seconds']} s in all).")


if __name__ == "__main__":
    main()
