"""Tests of ``skgeo predict``: outputs, safe loading, pipes and input errors."""

import io
import pickle
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from skgeo.datasets import read_comcat_csv

from .conftest import FAST, one_error_line, run


def test_predict_comcat_writes_ids_classes_probabilities(
    catalogs, comcat_model, tmp_path, capsys
):
    """Another month gets its ComCat ids, a class and a probability per class."""
    output = tmp_path / "types.csv"
    code, out, _ = run(
        capsys, "predict", "--model", comcat_model, "--data", catalogs[1],
        "--output", output,
    )  # fmt: skip
    assert code == 0 and f"to {output}" in out
    predictions = pd.read_csv(output)
    catalog = read_comcat_csv(catalogs[1])
    assert list(predictions.columns) == [
        "id",
        "prediction",
        "probability_earthquake",
        "probability_quarry blast",
    ]
    assert predictions["id"].tolist() == catalog["id"].tolist()
    assert set(predictions.prediction) <= {"earthquake", "quarry blast"}
    np.testing.assert_allclose(predictions.iloc[:, 2:].sum(axis=1), 1.0)


def test_predict_to_stdout(catalogs, comcat_model, capsys):
    """'--output -' (the default) writes the CSV to stdout."""
    code, out, _ = run(
        capsys, "predict", "--model", comcat_model, "--data", catalogs[1],
        "--output", "-",
    )  # fmt: skip
    assert code == 0
    predictions = pd.read_csv(io.StringIO(out))
    assert len(predictions) == len(read_comcat_csv(catalogs[1]))


def test_predict_regression_std_and_quantiles(table, tmp_path, capsys):
    """gaussian_nll writes a std column; quantile one column per quantile."""
    base = ["--data", table, "--target", "ln_pga", "--drop", "size", "--cv", "0"]
    model = tmp_path / "m.skops"
    assert run(capsys, "train", *base, "--model", model, "--loss", "gaussian_nll",
               *FAST)[0] == 0  # fmt: skip
    code, out, _ = run(capsys, "predict", "--model", model, "--data", table)
    assert code == 0
    predictions = pd.read_csv(io.StringIO(out))
    assert list(predictions.columns) == ["row", "prediction", "std"]
    assert (predictions["std"] > 0).all()
    assert predictions["row"].tolist() == list(range(200))
    assert run(capsys, "train", *base, "--model", model, "--loss", "quantile",
               *FAST)[0] == 0  # fmt: skip
    code, out, _ = run(capsys, "predict", "--model", model, "--data", table)
    columns = pd.read_csv(io.StringIO(out)).columns.tolist()
    assert columns == ["row", "prediction", "quantile_0.05", "quantile_0.5",
                       "quantile_0.95"]  # fmt: skip


@pytest.fixture
def regression_model(table, tmp_path, capsys):
    model = tmp_path / "ln_pga.skops"
    code, _, _ = run(
        capsys, "train", "--data", table, "--target", "ln_pga", "--drop", "size",
        "--model", model, "--cv", "0", *FAST,
    )  # fmt: skip
    assert code == 0
    return model


def test_predict_id_column_and_missing_values(
    table, regression_model, tmp_path, capsys
):
    """--id names the id column; empty numbers are imputed and reported."""
    frame = pd.read_csv(table)
    frame.loc[[1, 4], "distance"] = np.nan
    frame.to_csv(table, index=False)
    code, out, err = run(
        capsys, "predict", "--model", regression_model, "--data", table,
        "--id", "event",
    )  # fmt: skip
    assert code == 0 and "2 empty numeric cell(s) were imputed" in err
    predictions = pd.read_csv(io.StringIO(out))
    assert predictions.columns[0] == "event"
    assert np.isfinite(predictions.prediction).all()


def _bytes_of(kind, model_path):
    whole = model_path.read_bytes()
    return {
        "truncated": whole[: len(whole) // 2],
        "random-bytes": bytes(np.random.default_rng(0).integers(0, 256, 999, "u1")),
        "empty": b"",
        "text": b"time,latitude\n",
    }[kind]


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("truncated", "not a complete skops model file"),
        ("random-bytes", "is not a model file"),
        ("empty", "is not a model file: it is empty"),
        ("text", "is not a model file"),
    ],
)
def test_predict_broken_model_files(
    table, regression_model, tmp_path, capsys, kind, message
):
    """Truncated, random, empty or text model files are one-line errors."""
    broken = tmp_path / "broken.skops"
    broken.write_bytes(_bytes_of(kind, regression_model))
    code, out, err = run(capsys, "predict", "--model", broken, "--data", table)
    assert code == 1 and out == ""
    assert message in one_error_line(err)


def test_predict_pickles(table, tmp_path, capsys):
    """Pickles are refused, or with --allow-pickle loaded after a warning."""
    from skgeo import GeoMLPRegressor

    frame = pd.read_csv(table)
    X = frame[["magnitude", "distance"]]
    regressor = GeoMLPRegressor(hidden_layer_sizes=(2,), max_iter=2).fit(
        X, frame.ln_pga
    )
    model = tmp_path / "old.pkl"
    model.write_bytes(pickle.dumps(regressor))
    code, _, err = run(capsys, "predict", "--model", model, "--data", table)
    assert code == 1
    line = one_error_line(err)
    assert "is a pickle" in line and "runs any code" in line
    assert "--allow-pickle" in line
    code, out, err = run(
        capsys, "predict", "--model", model, "--data", table, "--allow-pickle"
    )
    assert code == 0 and "skgeo: warning: Loading the pickle" in err
    assert len(pd.read_csv(io.StringIO(out))) == len(frame)
    not_a_model = tmp_path / "dict.pkl"
    not_a_model.write_bytes(pickle.dumps({"weights": [1.0]}))
    code, _, err = run(
        capsys, "predict", "--model", not_a_model, "--data", table, "--allow-pickle"
    )
    assert code == 1 and "holds a dict, not a model" in one_error_line(err)
    assert "warning: Loading the pickle" in err


def test_predict_text_in_numbers_leaves_no_file(
    table, regression_model, tmp_path, capsys
):
    """Text in a numeric column is named; the output file is not written."""
    frame = pd.read_csv(table)
    frame["distance"] = frame["distance"].astype(object)
    frame.loc[9, "distance"] = "far"
    frame.to_csv(table, index=False)
    output = tmp_path / "p.csv"
    code, _, err = run(
        capsys, "predict", "--model", regression_model, "--data", table,
        "--output", output,
    )  # fmt: skip
    assert code == 1
    assert "'distance'" in one_error_line(err) and "'far' in row 9" in err
    assert list(tmp_path.glob("p.csv*")) == [] and list(tmp_path.glob(".p.csv*")) == []


def test_predict_model_trained_on_other_columns(regression_model, tmp_path, capsys):
    """A table without the model's columns is refused, listing them."""
    other = tmp_path / "other.csv"
    pd.DataFrame({"depth": [1.0, 2.0], "site": ["rock", "soil"]}).to_csv(
        other, index=False
    )
    code, _, err = run(capsys, "predict", "--model", regression_model, "--data", other)
    assert code == 1
    assert "lacks the column(s) ['magnitude', 'distance'" in one_error_line(err)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--data", "missing.csv"], "no such data file"),
        (["--model", "missing.skops"], "no such model file"),
        (["--output", "nowhere/p.csv"], "nowhere does not exist"),
        (["--id", "evnt"], "--id: column 'evnt' is not in"),
    ],
    ids=["data", "model", "output-folder", "id"],
)
def test_predict_paths(table, regression_model, tmp_path, capsys, argv, message):
    """Missing files, folders and columns are one-line errors."""
    base = {"--model": str(regression_model), "--data": str(table)}
    options = dict(zip(argv[::2], argv[1::2], strict=True))
    for option in ("--data", "--model", "--output"):
        if option in options and not options[option].startswith("/"):
            options[option] = str(tmp_path / options[option])
    merged = [item for pair in {**base, **options}.items() for item in pair]
    code, _, err = run(capsys, "predict", *merged)
    assert code == 1 and message in one_error_line(err)


def test_predict_closed_pipe_ends_quietly(table, regression_model, tmp_path):
    """'skgeo predict ... | head -1' exits 0 with nothing on stderr."""
    # Far more output than a pipe buffers (64 KiB), so that the writer is
    # still writing when head exits and the next write hits a closed pipe.
    big = tmp_path / "big.csv"
    frame = pd.read_csv(table)
    pd.concat([frame] * 100, ignore_index=True).to_csv(big, index=False)
    command = (
        f"{sys.executable} -m skgeo predict --model {regression_model} "
        f"--data {big} | head -1"
    )
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "row,prediction\n"
    assert result.stderr == ""


def test_predict_error_in_subprocess_is_one_line(table, tmp_path):
    """A real run: one stderr line and exit 1; --debug adds the traceback."""
    broken = tmp_path / "broken.skops"
    broken.write_bytes(b"PK\x03\x04 not really")
    command = [sys.executable, "-m", "skgeo", "predict", "--model", str(broken)]
    command += ["--data", str(table)]
    plain = subprocess.run(command, capture_output=True, text=True)
    assert plain.returncode == 1
    assert plain.stderr.count("\n") == 1
    assert "not a complete skops model file" in plain.stderr
    debug = subprocess.run(command + ["--debug"], capture_output=True, text=True)
    assert debug.returncode == 1 and "Traceback" in debug.stderr
