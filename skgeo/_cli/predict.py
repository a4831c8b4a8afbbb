"""``skgeo predict``: apply a saved model to a CSV table."""

import sys
import warnings

import numpy as np

from ._errors import CommandError
from ._files import atomic_path, check_input_file, check_output_path
from ._tables import check_columns, read_table

__all__ = ["register", "run"]

_DESCRIPTION = """\
Apply a model saved by 'skgeo train' to a CSV table (or ComCat catalog) and
write one row per input row: an id (the ComCat 'id', --id COLUMN, or the row
number), the prediction, and the class probabilities, the standard deviation
(--loss gaussian_nll) or the quantiles (--loss quantile).

Model files are skops files, which are checked before anything in them is
loaded: only the types of skgeo's own models are trusted. Pickles are refused
unless --allow-pickle is given, because loading a pickle runs any code in it.
"""


def register(subcommands, parents=()):
    """Add the ``predict`` subcommand."""
    parser = subcommands.add_parser(
        "predict",
        help="apply a saved model to a CSV table",
        description=_DESCRIPTION,
        parents=list(parents),
    )
    parser.add_argument("--model", required=True, help="model saved by 'skgeo train'")
    parser.add_argument("--data", required=True, help="CSV file with the features")
    parser.add_argument(
        "--output",
        default="-",
        help="CSV file for the predictions; '-' writes to stdout (default)",
    )
    parser.add_argument(
        "--id",
        metavar="COLUMN",
        help="column that identifies the rows (default: 'id' of a ComCat "
        "catalog, else the row number)",
    )
    parser.add_argument(
        "--allow-pickle",
        action="store_true",
        help="load a pickle model file: this runs any code in it, so only for "
        "files you made yourself",
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    """Predict every row of ``args.data`` with the model in ``args.model``."""
    to_stdout = args.output == "-"
    if not to_stdout:
        check_output_path(args.output)
    model = _load(args)
    frame, comcat = read_table(args.data)
    _check_features(model, frame, args)
    ids = _ids(frame, args, comcat)
    output = _predictions(model, frame[list(model.feature_names_in_)])
    output.insert(0, ids.name, ids.to_numpy())
    if to_stdout:
        output.to_csv(sys.stdout, index=False)
        sys.stdout.flush()
    else:
        with atomic_path(args.output) as temporary:
            output.to_csv(temporary, index=False)
        print(f"Wrote {len(output)} predictions to {args.output}", flush=True)
    return 0


def _load(args):
    from ..io import load_model

    path = check_input_file(args.model, "model file")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            return load_model(path, allow_pickle=args.allow_pickle)
        finally:
            # The pickle warning matters most when the load then fails.
            for record in caught:
                message = " ".join(str(record.message).split())
                print(f"skgeo: warning: {message}", file=sys.stderr, flush=True)


def _column_transformer(model):
    """The fitted ColumnTransformer at the head of a Pipeline, if there is one."""
    from sklearn.compose import ColumnTransformer

    steps = getattr(model, "steps", None)
    if steps and isinstance(steps[0][1], ColumnTransformer):
        return steps[0][1]
    return None


def _check_features(model, frame, args) -> None:
    """The columns the model was trained on are here, and numbers are numbers."""
    import pandas as pd

    expected = getattr(model, "feature_names_in_", None)
    if expected is None:
        raise CommandError(
            f"{args.model} was trained without column names, so its columns "
            "cannot be found in a table; train it with 'skgeo train'"
        )
    missing = [name for name in expected if name not in frame.columns]
    if missing:
        raise CommandError(
            f"{args.data} lacks the column(s) {missing} that the model was trained "
            f"on; it needs {list(expected)}. Give a table with those columns, or "
            "train a model on the columns this table has"
        )
    transformer = _column_transformer(model)
    if transformer is None:
        numeric = list(expected)
    else:
        numeric = [
            column
            for name, _, columns in transformer.transformers_
            if name in ("numeric", "lonlat")
            for column in columns
        ]
    missing_cells = 0
    for name in numeric:
        values = frame[name]
        if values.dtype.kind not in "iufb":
            numbers = pd.to_numeric(values, errors="coerce")
            text = (numbers.isna() & values.notna()).to_numpy()
            if text.any():
                row = int(np.flatnonzero(text)[0])
                raise CommandError(
                    f"column {name!r} of {args.data} holds text where the model "
                    f"needs numbers: {values.iloc[row]!r} in row {row} "
                    f"({int(text.sum())} cell(s) in all); fix or empty those cells"
                )
        missing_cells += int(values.isna().sum())
    if missing_cells and transformer is not None:
        print(
            f"skgeo: note: {missing_cells} empty numeric cell(s) were imputed as "
            "in training",
            file=sys.stderr,
            flush=True,
        )


def _ids(frame, args, comcat):
    import pandas as pd

    if args.id:
        check_columns(frame, [args.id], "--id", args.data)
        return frame[args.id]
    if comcat and "id" in frame.columns:
        return frame["id"]
    return pd.Series(np.arange(len(frame)), name="row")


def _predictions(model, frame):
    """Prediction columns: the value, and probabilities, std or quantiles."""
    import pandas as pd

    network = model.steps[-1][1] if hasattr(model, "steps") else model
    if hasattr(model, "predict_proba"):
        prediction = model.predict(frame)
        probabilities = model.predict_proba(frame)
        output = pd.DataFrame({"prediction": prediction})
        for k, label in enumerate(network.classes_):
            output[f"probability_{label}"] = probabilities[:, k]
        return output
    loss = getattr(network, "loss", None)
    if loss == "gaussian_nll":
        mean, std = model.predict(frame, return_std=True)
        return pd.DataFrame({"prediction": np.ravel(mean), "std": np.ravel(std)})
    prediction = np.asarray(model.predict(frame))
    if loss == "quantile" and prediction.ndim == 2:
        quantiles = np.ravel(network.quantile)
        output = pd.DataFrame(
            {f"quantile_{q:g}": prediction[:, k] for k, q in enumerate(quantiles)}
        )
        # The median, when it was fitted, is the point prediction.
        middle = np.flatnonzero(np.isclose(quantiles, 0.5))
        if middle.size:
            output.insert(0, "prediction", prediction[:, middle[0]])
        return output
    if prediction.ndim == 2:
        return pd.DataFrame(
            {f"prediction_{k}": prediction[:, k] for k in range(prediction.shape[1])}
        )
    return pd.DataFrame({"prediction": prediction})
