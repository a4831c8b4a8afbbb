"""``skgeo predict``: apply a saved model to a CSV file."""

import pickle
import sys

import numpy as np

from ._errors import CommandError
from ._files import atomic_path, check_input_file, check_output_path
from ._tables import read_table

__all__ = ["register", "run"]


def register(subcommands, parents=()):
    """Add the ``predict`` subcommand."""
    parser = subcommands.add_parser(
        "predict", help="apply a saved model to a CSV file", parents=list(parents)
    )
    parser.add_argument("--model", required=True, help="model saved by 'skgeo train'")
    parser.add_argument("--data", required=True, help="CSV file with the features")
    parser.add_argument(
        "--output", help="CSV file for the predictions (default: stdout)"
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    """Predict every row of ``args.data`` with the model in ``args.model``."""
    import pandas as pd

    if args.output and args.output != "-":
        check_output_path(args.output)
    frame = read_table(args.data)
    check_input_file(args.model, "model file")
    # Pickles run code when loaded: load only models you trained yourself.
    with open(args.model, "rb") as handle:
        model = pickle.load(handle)
    names = list(getattr(model, "feature_names_in_", frame.columns))
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise CommandError(f"{args.data} lacks the model's columns {missing}")
    prediction = model.predict(frame[names])
    output = pd.DataFrame({"prediction": np.asarray(prediction).ravel()})
    if args.output and args.output != "-":
        with atomic_path(args.output) as temporary:
            output.to_csv(temporary, index=False)
        print(f"Wrote {len(output)} predictions to {args.output}", flush=True)
    else:
        output.to_csv(sys.stdout, index=False)
    return 0
