"""``skgeo train``: cross-validate a network on a CSV table, fit it, save it.

The features are built by the public API (a USGS ComCat catalog with
:func:`skgeo.preprocessing.make_comcat_transformer`, any other table with
:func:`skgeo.preprocessing.make_table_transformer`) and saved with the
network in one Pipeline, so ``skgeo predict`` repeats exactly these steps.
"""

import warnings
from pathlib import Path

import numpy as np

from ._arguments import positive_int, seed
from ._errors import CommandError
from ._files import atomic_path, check_output_path
from ._tables import check_columns, column_list, read_table

__all__ = ["register", "run"]

_DESCRIPTION = """\
Fit a neural network to a CSV table and save it as a .skops model file.

A USGS ComCat catalog (recognised by its header) gets its features without
flags: magnitude, depth, the epicentre on the sphere, local solar hour and day
of week, magnitude type and network. Any other table: numbers as they are,
text columns one-hot, dates as cyclical hour and day of week, missing values
imputed and flagged. Cross-validated scores are printed before the final fit.
"""

# A numeric target with more distinct values than this, or with fractions,
# is a measurement, not a set of classes.
_MAX_NUMERIC_CLASSES = 20


def register(subcommands, parents=()):
    """Add the ``train`` subcommand."""
    from ..neural_network._losses import REGRESSION_LOSSES

    parser = subcommands.add_parser(
        "train",
        help="fit a network to a CSV table and save it",
        description=_DESCRIPTION,
        parents=list(parents),
    )
    parser.add_argument("--data", required=True, help="CSV file (or ComCat catalog)")
    parser.add_argument("--target", required=True, help="name of the target column")
    parser.add_argument(
        "--model", required=True, help="where to save the model (a .skops file)"
    )
    columns = parser.add_argument_group("columns")
    columns.add_argument(
        "--features", help="comma-separated feature columns (default: all others)"
    )
    columns.add_argument("--drop", help="comma-separated columns to leave out")
    columns.add_argument(
        "--categorical", help="comma-separated columns to one-hot encode"
    )
    network = parser.add_argument_group("network")
    network.add_argument(
        "--task", choices=["auto", "regression", "classification"], default="auto"
    )
    network.add_argument(
        "--hidden",
        type=positive_int,
        nargs="+",
        default=[64, 32],
        metavar="UNITS",
        help="units per hidden layer (default: 64 32)",
    )
    network.add_argument(
        "--loss",
        choices=REGRESSION_LOSSES,
        help="regression loss (default: squared_error); gaussian_nll also "
        "predicts a standard deviation, quantile several quantiles",
    )
    network.add_argument(
        "--quantiles",
        type=float,
        nargs="+",
        default=[0.05, 0.5, 0.95],
        help="quantiles for --loss quantile (default: 0.05 0.5 0.95)",
    )
    network.add_argument(
        "--class-weight",
        choices=["none", "balanced"],
        default="none",
        help="'balanced' weighs rare classes up (default: none)",
    )
    network.add_argument("--max-iter", type=positive_int, default=200)
    network.add_argument(
        "--seed",
        "--random-state",
        dest="seed",
        type=seed,
        default=0,
        help="random seed, 0 to 2**32 - 1 (default: 0)",
    )
    network.add_argument("--verbose", action="store_true")
    validation = parser.add_argument_group(
        "validation", "how the cross-validation folds and early-stopping set are cut"
    )
    where = validation.add_mutually_exclusive_group()
    where.add_argument(
        "--groups",
        metavar="COLUMN",
        help="hold out whole groups (e.g. event id); the column is not a feature",
    )
    where.add_argument(
        "--coords",
        metavar="EAST,NORTH",
        help="hold out whole spatial blocks of these two coordinate columns",
    )
    validation.add_argument(
        "--block-size",
        type=float,
        help="side of the spatial blocks, in the units of --coords",
    )
    validation.add_argument(
        "--cv",
        type=int,
        default=5,
        help="number of cross-validation folds; 0 skips cross-validation (default: 5)",
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    """Cross-validate, fit and save a network for ``args.data``."""
    from sklearn.model_selection import cross_validate

    from ..io import save_model

    model_path = _check_model_path(args.model)
    _check_options(args)
    frame, comcat = read_table(args.data)
    frame, y, task = _target(frame, args)
    groups, cv_groups = _validation_groups(frame, args)
    transformer, feature_columns = _transformer(frame, args, comcat)
    model = _pipeline(transformer, task, args, y)
    fit_params = {} if groups is None else {"network__groups": groups}
    X = frame[feature_columns]
    with _collected_warnings(args):
        if args.cv:
            cv, described = _cv_splitter(args, task)
            scoring = _scoring(task, model, y)
            results = cross_validate(
                model,
                X,
                y,
                groups=cv_groups,
                cv=cv,
                scoring=scoring,
                params=fit_params,
                error_score="raise",
            )
            _print_scores(results, scoring, described)
        model.fit(X, y, **fit_params)
    with atomic_path(model_path) as temporary:
        save_model(model, temporary)
    _print_summary(model, task, y, len(feature_columns), comcat)
    print(f"Saved the model to {model_path}", flush=True)
    return 0


def _check_model_path(path) -> Path:
    path = Path(path)
    if path.suffix != ".skops":
        raise CommandError(
            f"--model {path}: skgeo saves models as skops files, which are safe to "
            f"open; give a name ending in .skops, e.g. {path.with_suffix('.skops')}"
        )
    # Fail on an unwritable model path before spending minutes training.
    return check_output_path(path)


def _check_options(args) -> None:
    if args.cv != 0 and args.cv < 2:
        raise CommandError(
            f"--cv {args.cv}: cross-validation needs at least 2 folds; give --cv 5, "
            "or --cv 0 to skip it"
        )
    if args.coords and args.block_size is None:
        raise CommandError("--coords needs --block-size, the side of the blocks")
    if args.block_size is not None and not args.coords:
        raise CommandError("--block-size needs --coords EAST,NORTH")
    if args.block_size is not None and not 0 < args.block_size < np.inf:
        raise CommandError(f"--block-size must be positive; got {args.block_size}")


def _target(frame, args):
    """The table without rows that lack a target, the target, and the task."""
    import pandas as pd

    check_columns(frame, [args.target], "--target", args.data)
    y = frame[args.target]
    missing = y.isna().to_numpy()
    if missing.all():
        raise CommandError(f"--target {args.target!r} is empty in every row")
    if missing.any():
        print(
            f"Left out {int(missing.sum())} row(s) with no {args.target!r}.",
            flush=True,
        )
        frame = frame.loc[~missing].reset_index(drop=True)
        y = frame[args.target]
    numeric = y.dtype.kind in "iuf"
    if not numeric and y.dtype.kind != "b":
        numbers = pd.to_numeric(y, errors="coerce")
        text = numbers.isna().to_numpy()
        if 0 < text.sum() <= 0.1 * len(y):
            row = int(np.flatnonzero(text)[0])
            raise CommandError(
                f"--target {args.target!r} holds numbers and also text: "
                f"{y.iloc[row]!r} in row {row}; fix or empty those cells"
            )
    task = args.task
    if task == "auto":
        task = "regression" if numeric else "classification"
    if args.task == "auto" and y.dtype.kind in "iu" and y.nunique() <= 10:
        print(
            f"Note: {args.target!r} holds {y.nunique()} whole numbers; it is "
            "treated as a quantity (regression). Give --task classification if "
            "they are class labels.",
            flush=True,
        )
    if task == "regression" and not numeric:
        raise CommandError(
            f"--target {args.target!r} holds text (e.g. {y.iloc[0]!r}); regression "
            "needs numbers. Use --task classification, or another target"
        )
    if task == "classification":
        values = y.to_numpy()
        if numeric and (
            np.any(values != np.round(values)) or y.nunique() > _MAX_NUMERIC_CLASSES
        ):
            raise CommandError(
                f"--target {args.target!r} looks continuous ({y.nunique()} distinct "
                "values, not whole numbers): use --task regression, or bin it into "
                "classes first"
            )
        counts = y.value_counts()
        if len(counts) < 2:
            raise CommandError(
                f"--target {args.target!r} has one class only ({counts.index[0]!r}); "
                "a classifier needs rows of at least two classes"
            )
        if args.loss is not None:
            raise CommandError(
                "--loss is for regression; a classifier minimises the log-loss"
            )
        rare = counts[counts < max(args.cv, 2)]
        if len(rare):
            raise CommandError(
                f"class {rare.index[0]!r} of --target {args.target!r} has only "
                f"{int(rare.iloc[0])} row(s); each class needs at least "
                f"{max(args.cv, 2)} for {max(args.cv, 2)}-fold cross-validation. "
                "Drop those rows, merge the class, or lower --cv"
            )
        if args.class_weight == "none" and counts.iloc[0] > 10 * counts.iloc[-1]:
            print(
                f"Note: the classes are imbalanced ({counts.index[0]!r}: "
                f"{int(counts.iloc[0])} rows, {counts.index[-1]!r}: "
                f"{int(counts.iloc[-1])}); --class-weight balanced keeps the "
                "network from predicting the common class only.",
                flush=True,
            )
    elif args.class_weight != "none":
        raise CommandError("--class-weight is for classification")
    return frame, y, task


def _validation_groups(frame, args):
    """Groups for the network's early-stopping split and for the CV splitter."""
    if args.groups:
        check_columns(frame, [args.groups], "--groups", args.data)
        labels = frame[args.groups]
        if labels.isna().any():
            row = int(np.flatnonzero(labels.isna().to_numpy())[0])
            raise CommandError(
                f"--groups {args.groups!r} is empty in row {row}; every row needs "
                "a group"
            )
        labels = labels.to_numpy()
        return labels, labels
    if args.coords:
        names = column_list(args.coords)
        if len(names) != 2:
            raise CommandError(
                f"--coords takes two columns, EAST,NORTH; got {args.coords!r}"
            )
        check_columns(frame, names, "--coords", args.data)
        import pandas as pd

        coordinates = frame[names].apply(pd.to_numeric, errors="coerce")
        bad = coordinates.isna().any(axis=1).to_numpy()
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise CommandError(
                f"--coords: row {row} has no numeric coordinates "
                f"({frame.loc[row, names].tolist()}); every row needs both"
            )
        coordinates = coordinates.to_numpy(dtype=float)
        return coordinates, coordinates
    return None, None


def _transformer(frame, args, comcat):
    """The feature preparation, built by the public API, and its columns."""
    from ..preprocessing import (
        COMCAT_FEATURES,
        make_comcat_transformer,
        make_table_transformer,
    )

    features = column_list(args.features)
    drop = column_list(args.drop)
    categorical = column_list(args.categorical)
    check_columns(frame, features, "--features", args.data)
    check_columns(frame, drop, "--drop", args.data)
    check_columns(frame, categorical, "--categorical", args.data)
    if args.target in features:
        raise CommandError(
            f"--features lists the target {args.target!r}; a model cannot learn "
            "from its own answer"
        )
    left_out = {args.target, *drop, *([args.groups] if args.groups else [])}
    if comcat:
        if categorical:
            raise CommandError(
                "--categorical is not needed for a ComCat catalog: its text "
                "columns are one-hot encoded already"
            )
        chosen = features or list(COMCAT_FEATURES)
        chosen = [name for name in chosen if name not in left_out]
        if not chosen:
            raise CommandError("no feature column is left after --drop")
        return make_comcat_transformer(chosen), chosen
    chosen = features or [name for name in frame.columns if name not in left_out]
    chosen = [name for name in chosen if name not in left_out]
    if not chosen:
        raise CommandError(
            "no feature column is left: the table has only the target, --groups "
            "and --drop columns"
        )
    categorical = [name for name in categorical if name in chosen]
    return make_table_transformer(frame[chosen], categorical=categorical), chosen


def _pipeline(transformer, task, args, y):
    from sklearn.model_selection import GroupShuffleSplit
    from sklearn.pipeline import Pipeline

    from ..model_selection import SpatialBlockShuffleSplit
    from ..neural_network import GeoMLPClassifier, GeoMLPRegressor

    params = {
        "hidden_layer_sizes": tuple(args.hidden),
        "max_iter": args.max_iter,
        "random_state": args.seed,
        "early_stopping": True,
        "verbose": args.verbose,
    }
    # The early-stopping set is cut the way the CV folds are: whole groups
    # or whole blocks, so that it measures what the scores measure.
    if args.groups:
        params["validation_split"] = GroupShuffleSplit(
            n_splits=1, test_size=0.1, random_state=args.seed
        )
    elif args.coords:
        params["validation_split"] = SpatialBlockShuffleSplit(
            n_splits=1,
            block_size=args.block_size,
            test_size=0.1,
            random_state=args.seed,
        )
    if task == "classification":
        class_weight = None if args.class_weight == "none" else args.class_weight
        network = GeoMLPClassifier(class_weight=class_weight, **params)
    else:
        loss = args.loss or "squared_error"
        extra = {"quantile": list(args.quantiles)} if loss == "quantile" else {}
        network = GeoMLPRegressor(loss=loss, **extra, **params)
    return Pipeline([("features", transformer), ("network", network)])


def _cv_splitter(args, task):
    """The CV splitter and a phrase that says how it cuts the rows."""
    from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold

    from ..model_selection import SpatialBlockKFold

    k = args.cv
    if args.groups:
        return GroupKFold(n_splits=k), f"{k} folds by {args.groups!r}"
    if args.coords:
        return (
            SpatialBlockKFold(n_splits=k, block_size=args.block_size),
            f"{k} folds of spatial blocks of {args.block_size:g}",
        )
    if task == "classification":
        splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=args.seed)
        return splitter, f"{k} stratified random folds"
    return KFold(n_splits=k, shuffle=True, random_state=args.seed), f"{k} random folds"


def _average_precision(y):
    """Average precision of the rarest class (binary) or over all classes."""
    from sklearn.metrics import average_precision_score, make_scorer

    counts = y.value_counts()
    if len(counts) > 2:
        return {"average precision (macro)": "average_precision"}
    rare = counts.index[-1]
    scorer = make_scorer(
        average_precision_score, response_method="predict_proba", pos_label=rare
    )
    return {f"average precision of {rare!r}": scorer}


def _scoring(task, model, y):
    """Named scorers: what a user of this task compares models by."""
    if task == "classification":
        return {
            "balanced accuracy": "balanced_accuracy",
            **_average_precision(y),
        }
    network = model.named_steps["network"]
    if network.loss == "quantile" and len(network.quantile) > 1:

        def pinball(estimator, X, y):
            return estimator.score(X, y)

        return {"mean D² pinball": pinball}
    return {"RMSE": "neg_root_mean_squared_error", "R²": "r2"}


def _print_scores(results, scoring, described) -> None:
    parts = []
    for name, scorer in scoring.items():
        values = results[f"test_{name}"]
        if isinstance(scorer, str) and scorer.startswith("neg_"):
            values = -values
        parts.append(f"{name} {np.mean(values):.3f} ± {np.std(values):.3f}")
    print(f"Cross-validated ({described}): {', '.join(parts)}", flush=True)


def _print_summary(model, task, y, n_columns, comcat) -> None:
    network = model.named_steps["network"]
    features = model.named_steps["features"]
    names = features.get_feature_names_out()
    kind = "ComCat catalog" if comcat else "table"
    lines = [
        f"Model: {type(network).__name__}, hidden layers "
        f"{tuple(network.hidden_layer_sizes)}, "
        + (
            f"class_weight={network.class_weight!r}"
            if task == "classification"
            else f"loss={network.loss!r}"
        ),
        f"  features: {len(names)} from {n_columns} column(s) of the {kind} ("
        + "; ".join(
            f"{branch}: {', '.join(map(str, columns))}"
            for branch, _, columns in features.transformers_
            if branch != "remainder"
        )
        + ")",
    ]
    if task == "classification":
        counts = y.value_counts()
        lines.append(
            "  classes: "
            + ", ".join(f"{label} ({int(n)})" for label, n in counts.items())
        )
    metric = "accuracy" if task == "classification" else "R²"
    lines.append(
        f"  trained {network.n_iter_} epochs on {len(y)} rows; best "
        f"{metric} on the early-stopping set {network.best_validation_score_:.4f}"
    )
    print("\n".join(lines), flush=True)


class _collected_warnings:
    """Show each distinct warning of a training run once, on one line.

    A cross-validation repeats the same warning in every fold; a user needs
    it once, with the count and the fix, not five multi-line reports.
    """

    def __init__(self, args):
        self.args = args
        self._catcher = warnings.catch_warnings(record=True)

    def __enter__(self):
        self.records = self._catcher.__enter__()
        warnings.simplefilter("always")
        return self

    def __exit__(self, *exc_info):
        import sys

        from sklearn.exceptions import ConvergenceWarning

        self._catcher.__exit__(*exc_info)
        if exc_info[0] is not None:
            return False
        seen = {}
        for record in self.records:
            if issubclass(record.category, ConvergenceWarning):
                text = (
                    f"training reached --max-iter {self.args.max_iter} epochs "
                    "before early stopping; raise --max-iter for a better fit"
                )
            else:
                text = " ".join(str(record.message).split())
            seen[text] = seen.get(text, 0) + 1
        for text, count in seen.items():
            times = f" ({count} times)" if count > 1 else ""
            print(f"skgeo: warning: {text}{times}", file=sys.stderr, flush=True)
        return False
