"""The ``skgeo`` command: ``demo``, ``train`` and ``predict``.

``skgeo demo`` runs the main job end to end on generated data: a
ground-motion model evaluated on unseen earthquakes, and a landform
classifier evaluated on unseen ground, each against the optimistic score a
random split would report. ``skgeo train`` fits a network to a CSV file and
saves it; ``skgeo predict`` applies a saved network to another CSV file.
"""

import argparse
import pickle
import sys
import time
import warnings
from pathlib import Path

import numpy as np

__all__ = ["main"]


def _print(*lines):
    for line in lines:
        print(line, flush=True)


def _demo_ground_motion(quick, seed):
    from sklearn.linear_model import LinearRegression
    from sklearn.model_selection import GroupKFold, KFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from .datasets import make_ground_motion
    from .neural_network import GeoMLPRegressor
    from .seismology import event_terms

    n_events, n_records = (40, 1200) if quick else (100, 3000)
    data = make_ground_motion(
        n_events=n_events, n_records=n_records, random_state=seed, as_frame=True
    )
    X = _ground_motion_features(data.data)
    y, events = data.target.to_numpy(), data.groups
    mlp = make_pipeline(
        StandardScaler(),
        GeoMLPRegressor(
            hidden_layer_sizes=(64, 64),
            learning_rate_init=0.003,
            batch_size=64,
            early_stopping=True,
            n_iter_no_change=20,
            max_iter=200,
            random_state=seed,
        ),
    )
    linear = make_pipeline(StandardScaler(), LinearRegression())
    splits = [
        ("random split", KFold(n_splits=5, shuffle=True, random_state=seed), None),
        ("by earthquake", GroupKFold(n_splits=5), events),
    ]
    rmse = {}
    _print(
        "",
        f"Ground motion: ln PGA of {n_records} records from {n_events} synthetic "
        "earthquakes (Boore & Atkinson 2008 medians, true tau "
        f"{data.tau:.3f}, phi {data.phi:.3f})",
    )
    for name, model in [("linear baseline", linear), ("GeoMLPRegressor", mlp)]:
        for split_name, cv, groups in splits:
            started = time.perf_counter()
            prediction = cross_val_predict(model, X, y, groups=groups, cv=cv)
            rmse[name, split_name] = float(np.sqrt(np.mean((prediction - y) ** 2)))
            _print(
                f"  {name:16s} {split_name:14s} RMSE {rmse[name, split_name]:.3f}"
                f"   ({time.perf_counter() - started:.1f} s)"
            )
    terms = event_terms(y, prediction, events)
    floor = float(np.hypot(data.tau, data.phi))
    _print(
        f"  aleatory floor sqrt(tau^2 + phi^2) = {floor:.3f}: no model of these "
        "features can do better on new earthquakes",
        f"  network residuals on unseen earthquakes: tau = {terms.tau:.3f}, "
        f"phi = {terms.phi:.3f}",
    )
    if (
        rmse["linear baseline", "by earthquake"]
        < rmse["GeoMLPRegressor", "by earthquake"]
    ):
        _print(
            "  On unseen earthquakes the linear baseline wins: with this few events",
            "  the network fits event-specific detail. Always compare with a baseline.",
        )
    if rmse["GeoMLPRegressor", "random split"] < floor:
        _print(
            "  The random split scores below the floor: records of one earthquake",
            "  sit on both sides, and the network memorises its event term.",
        )


def _ground_motion_features(frame):
    """Features a seismologist would use: M, M², ln R, R, ln Vs30, depth,
    epicentre and mechanism. The epicentre identifies the earthquake, which is
    what lets a random split leak."""
    import pandas as pd

    features = pd.DataFrame(
        {
            "magnitude": frame["magnitude"],
            "magnitude_squared": frame["magnitude"] ** 2,
            "log_distance": np.log(np.hypot(frame["rjb"], 6.0)),
            "distance": frame["rjb"],
            "log_vs30": np.log(frame["vs30"]),
            "depth": frame["depth"],
            "event_easting": frame["event_easting"],
            "event_northing": frame["event_northing"],
        }
    )
    mechanisms = pd.get_dummies(frame["mechanism"], prefix="mechanism", dtype=float)
    return pd.concat([features, mechanisms], axis=1)


def _demo_landforms(quick, seed):
    from sklearn.model_selection import KFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from .datasets import make_landforms
    from .model_selection import SpatialBlockKFold
    from .neural_network import GeoMLPClassifier

    shape = (100, 100) if quick else (150, 150)
    data = make_landforms(shape=shape, random_state=seed)
    coordinates = np.asarray(data.coordinates)
    extent = shape[0] * data.spacing[0]
    classifier = make_pipeline(
        StandardScaler(),
        GeoMLPClassifier(
            hidden_layer_sizes=(32,),
            batch_size=256,
            learning_rate_init=0.01,
            max_iter=40 if quick else 100,
            random_state=seed,
        ),
    )
    # Blocks at least as wide as the largest feature radius (900 m), so that
    # a test cell's features do not describe its training neighbours.
    spatial = SpatialBlockKFold(n_splits=4, block_size=max(extent / 5, 900.0))
    random = KFold(n_splits=4, shuffle=True, random_state=seed)
    _print(
        "",
        f"Landforms: {len(data.target)} cells of a synthetic {shape[0]} x {shape[1]} "
        f"DEM, {len(np.unique(data.target))} landform classes",
    )
    for name, cv, groups in [
        ("random K-fold", random, None),
        ("spatial blocks", spatial, coordinates),
    ]:
        started = time.perf_counter()
        scores = cross_val_score(
            classifier,
            data.data,
            data.target,
            groups=groups,
            cv=cv,
            scoring="balanced_accuracy",
        )
        seconds = time.perf_counter() - started
        _print(
            f"  {name:15s} balanced accuracy {scores.mean():.3f} ± {scores.std():.3f}"
            f"   ({seconds:.1f} s)"
        )
    _print("  The gap is the optimism of random cross-validation on spatial data.")


def demo(args) -> int:
    """Run the main job on generated data and print what it shows."""
    from sklearn.exceptions import ConvergenceWarning

    started = time.perf_counter()
    with warnings.catch_warnings():
        # Short demo budgets stop some folds at max_iter; the scores stand.
        warnings.simplefilter("ignore", ConvergenceWarning)
        _demo_ground_motion(args.quick, args.random_state)
        _demo_landforms(args.quick, args.random_state)
    _print("", f"Done in {time.perf_counter() - started:.1f} s.")
    return 0


def _read_table(path, target=None, groups=None):
    import pandas as pd

    path = Path(path)
    if not path.exists():
        raise SystemExit(f"skgeo: no such file: {path}")
    frame = pd.read_csv(path)
    for column in (target, groups):
        if column is not None and column not in frame.columns:
            raise SystemExit(
                f"skgeo: column {column!r} is not in {path}; its columns are "
                f"{list(frame.columns)}."
            )
    return frame


def train(args) -> int:
    """Fit a network to a CSV file and save it."""
    from sklearn.model_selection import GroupShuffleSplit
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from .neural_network import GeoMLPClassifier, GeoMLPRegressor

    frame = _read_table(args.data, args.target, args.groups)
    y = frame.pop(args.target)
    groups = frame.pop(args.groups) if args.groups else None
    X = frame.select_dtypes("number")
    dropped = sorted(set(frame.columns) - set(X.columns))
    if dropped:
        _print(f"Ignoring non-numeric columns: {dropped}")
    task = args.task
    if task == "auto":
        task = "classification" if y.dtype.kind in "OUSb" else "regression"
    Estimator = GeoMLPClassifier if task == "classification" else GeoMLPRegressor
    params = {
        "hidden_layer_sizes": tuple(args.hidden),
        "max_iter": args.max_iter,
        "random_state": args.random_state,
        "early_stopping": True,
        "verbose": args.verbose,
    }
    if groups is not None:
        params["validation_split"] = GroupShuffleSplit(
            n_splits=1, test_size=0.1, random_state=args.random_state
        )
    network = Estimator(**params)
    model = make_pipeline(StandardScaler(), network)
    fit_params = {}
    if groups is not None:
        fit_params = {f"{model.steps[-1][0]}__groups": groups.to_numpy()}
    model.fit(X, y, **fit_params)
    with open(args.model, "wb") as handle:
        pickle.dump(model, handle)
    _print(
        f"Trained a {Estimator.__name__} on {len(y)} rows and {X.shape[1]} features "
        f"({network.n_iter_} epochs, best validation score "
        f"{network.best_validation_score_:.4f}); saved to {args.model}"
    )
    return 0


def predict(args) -> int:
    """Apply a saved network to a CSV file."""
    import pandas as pd

    frame = _read_table(args.data)
    if not Path(args.model).exists():
        raise SystemExit(f"skgeo: no such model file: {args.model}")
    # Pickles run code when loaded: load only models you trained yourself.
    with open(args.model, "rb") as handle:
        model = pickle.load(handle)
    names = list(getattr(model, "feature_names_in_", frame.columns))
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise SystemExit(f"skgeo: {args.data} lacks the model's columns {missing}.")
    prediction = model.predict(frame[names])
    output = pd.DataFrame({"prediction": np.asarray(prediction).ravel()})
    if args.output:
        output.to_csv(args.output, index=False)
        _print(f"Wrote {len(output)} predictions to {args.output}")
    else:
        output.to_csv(sys.stdout, index=False)
    return 0


def _parser():
    parser = argparse.ArgumentParser(
        prog="skgeo",
        description="Neural networks for geoscience, the scikit-learn way.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("demo", help="run the main job on generated data")
    run.add_argument("--quick", action="store_true", help="small sizes (about 20 s)")
    run.add_argument("--random-state", type=int, default=0)
    run.set_defaults(handler=demo)

    fit = commands.add_parser("train", help="fit a network to a CSV file")
    fit.add_argument("--data", required=True, help="CSV file with features and target")
    fit.add_argument("--target", required=True, help="name of the target column")
    fit.add_argument("--model", required=True, help="where to save the model (pickle)")
    fit.add_argument(
        "--groups",
        help="column of group labels (e.g. event id): the early-stopping "
        "validation set then holds out whole groups",
    )
    fit.add_argument(
        "--task", choices=["auto", "regression", "classification"], default="auto"
    )
    fit.add_argument("--hidden", type=int, nargs="+", default=[64, 32])
    fit.add_argument("--max-iter", type=int, default=200)
    fit.add_argument("--random-state", type=int, default=0)
    fit.add_argument("--verbose", action="store_true")
    fit.set_defaults(handler=train)

    apply = commands.add_parser("predict", help="apply a saved model to a CSV file")
    apply.add_argument("--model", required=True, help="model saved by 'skgeo train'")
    apply.add_argument("--data", required=True, help="CSV file with the features")
    apply.add_argument(
        "--output", help="CSV file for the predictions (default: stdout)"
    )
    apply.set_defaults(handler=predict)
    return parser


def main(argv=None) -> int:
    """Entry point of the ``skgeo`` command."""
    args = _parser().parse_args(argv)
    return args.handler(args)
