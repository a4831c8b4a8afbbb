"""``skgeo train``: fit a network to a CSV file and save it."""

import pickle

from ._errors import CommandError
from ._files import atomic_path, check_output_path
from ._tables import read_table

__all__ = ["register", "run"]


def register(subcommands, parents=()):
    """Add the ``train`` subcommand."""
    parser = subcommands.add_parser(
        "train", help="fit a network to a CSV file", parents=list(parents)
    )
    parser.add_argument(
        "--data", required=True, help="CSV file with features and target"
    )
    parser.add_argument("--target", required=True, help="name of the target column")
    parser.add_argument("--model", required=True, help="where to save the model")
    parser.add_argument(
        "--groups",
        help="column of group labels (e.g. event id): the early-stopping "
        "validation set then holds out whole groups",
    )
    parser.add_argument(
        "--task", choices=["auto", "regression", "classification"], default="auto"
    )
    parser.add_argument("--hidden", type=int, nargs="+", default=[64, 32])
    parser.add_argument("--max-iter", type=int, default=200)
    parser.add_argument("--random-state", type=int, default=0)
    parser.add_argument("--verbose", action="store_true")
    parser.set_defaults(handler=run)


def run(args) -> int:
    """Fit a network to ``args.data`` and save it to ``args.model``."""
    from sklearn.model_selection import GroupShuffleSplit
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from ..neural_network import GeoMLPClassifier, GeoMLPRegressor

    # Fail on an unwritable model path before spending minutes training.
    check_output_path(args.model)
    frame = read_table(args.data, args.target, args.groups)
    y = frame.pop(args.target)
    groups = frame.pop(args.groups) if args.groups else None
    X = frame.select_dtypes("number")
    dropped = sorted(set(frame.columns) - set(X.columns))
    if dropped:
        print(f"Ignoring non-numeric columns: {dropped}", flush=True)
    if X.shape[1] == 0:
        raise CommandError(f"{args.data} has no numeric feature columns")
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
    with atomic_path(args.model) as temporary, open(temporary, "wb") as handle:
        pickle.dump(model, handle)
    print(
        f"Trained a {Estimator.__name__} on {len(y)} rows and {X.shape[1]} features "
        f"({network.n_iter_} epochs, best validation score "
        f"{network.best_validation_score_:.4f}); saved to {args.model}",
        flush=True,
    )
    return 0
