"""Tests of the skgeo command."""

import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

from skgeo._cli import main


@pytest.fixture
def table(tmp_path):
    rng = np.random.RandomState(0)
    frame = pd.DataFrame(
        {
            "magnitude": rng.uniform(5, 7, 300),
            "distance": rng.uniform(1, 100, 300),
            "event": np.repeat(np.arange(30), 10),
            "station": [f"s{i}" for i in range(300)],
        }
    )
    frame["ln_pga"] = frame.magnitude - np.log(frame.distance) + rng.normal(0, 0.1, 300)
    path = tmp_path / "records.csv"
    frame.to_csv(path, index=False)
    return path


def test_demo_quick_runs_and_reports(capsys):
    """The demo prints both evaluations and the grouped setup, and no warning."""
    with warnings.catch_warnings():
        # Any warning that escapes the demo would interleave with its report.
        warnings.simplefilter("error")
        assert main(["demo", "--quick"]) == 0
    out = capsys.readouterr().out
    assert "by earthquake" in out and "aleatory floor" in out
    assert "network, naive" in out and "network, grouped" in out
    assert "spatial blocks" in out and "balanced accuracy" in out


def test_train_then_predict(table, tmp_path, capsys):
    """train saves a model grouped by event; predict writes one value per row."""
    model = tmp_path / "model.skops"
    assert (
        main(
            [
                "train",
                "--data",
                str(table),
                "--target",
                "ln_pga",
                "--groups",
                "event",
                "--drop",
                "station",
                "--model",
                str(model),
                "--max-iter",
                "20",
            ]
        )
        == 0
    )
    assert "GeoMLPRegressor" in capsys.readouterr().out
    output = tmp_path / "predictions.csv"
    assert (
        main(
            [
                "predict",
                "--model",
                str(model),
                "--data",
                str(table),
                "--output",
                str(output),
            ]
        )
        == 0
    )
    predictions = pd.read_csv(output)
    assert len(predictions) == 300 and np.isfinite(predictions.prediction).all()


def test_train_classification_is_detected(table, tmp_path, capsys):
    """A string target trains a classifier."""
    frame = pd.read_csv(table)
    frame["big"] = np.where(frame.magnitude > 6, "large", "small")
    frame.to_csv(table, index=False)
    assert (
        main(
            [
                "train",
                "--data",
                str(table),
                "--target",
                "big",
                "--model",
                str(tmp_path / "m.skops"),
                "--drop",
                "station",
                "--max-iter",
                "10",
            ]
        )
        == 0
    )
    assert "GeoMLPClassifier" in capsys.readouterr().out


def test_missing_column_and_file(table, tmp_path, capsys):
    """Unknown columns and files are reported with what exists."""
    model = str(tmp_path / "m.skops")
    code = main(["train", "--data", str(table), "--target", "pga", "--model", model])
    assert code == 1
    assert "column 'pga' is not in" in capsys.readouterr().err
    code = main(["predict", "--model", model, "--data", str(tmp_path / "no.csv")])
    assert code == 1
    assert "no such model file" in capsys.readouterr().err


def test_module_entry_point():
    """python -m skgeo --help works."""
    result = subprocess.run(
        [sys.executable, "-m", "skgeo", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "demo" in result.stdout


def test_version():
    """skgeo --version prints the package version."""
    from skgeo import __version__

    result = subprocess.run(
        [sys.executable, "-m", "skgeo", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.strip() == f"skgeo {__version__}"


def test_error_is_one_line_and_debug_shows_traceback(tmp_path):
    """A failing command prints one line on stderr; --debug adds the traceback."""
    command = [sys.executable, "-m", "skgeo", "predict", "--model", "m.skops"]
    command += ["--data", str(tmp_path / "missing.csv")]
    plain = subprocess.run(command, capture_output=True, text=True)
    assert plain.returncode == 1
    assert plain.stderr.strip().count("\n") == 0
    assert plain.stderr.startswith("skgeo: error: no such model file")
    debug = subprocess.run(command + ["--debug"], capture_output=True, text=True)
    assert debug.returncode == 1 and "Traceback" in debug.stderr
