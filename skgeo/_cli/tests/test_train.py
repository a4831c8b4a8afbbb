"""Tests of ``skgeo train``: features, options, scores, and every input error."""

import re

import numpy as np
import pandas as pd
import pytest
import skops.io

from skgeo.io import TRUSTED_TYPES, load_model

from .conftest import FAST, one_error_line, run


def test_train_comcat_catalog_without_flags(catalogs, tmp_path, capsys):
    """A ComCat file gets its features and named classification scores."""
    model = tmp_path / "type.skops"
    code, out, _ = run(
        capsys, "train", "--data", catalogs[0], "--target", "type",
        "--model", model, "--class-weight", "balanced", "--cv", "2", *FAST,
    )  # fmt: skip
    assert code == 0
    assert "Cross-validated (2 stratified random folds): balanced accuracy" in out
    assert "average precision" in out
    assert "ComCat catalog" in out and "dates: time, longitude" in out
    assert "lonlat: longitude, latitude" in out
    assert "class_weight='balanced'" in out
    fitted = load_model(model)
    names = fitted[0].get_feature_names_out().tolist()
    assert "dates__time_hour_sin" in names and "lonlat__geocentric_z" in names
    assert set(skops.io.get_untrusted_types(file=model)) <= set(TRUSTED_TYPES)


def test_train_regression_scores_and_groups(table, tmp_path, capsys):
    """A numeric target is regression, scored by RMSE and R² by group."""
    code, out, _ = run(
        capsys, "train", "--data", table, "--target", "ln_pga", "--groups",
        "event", "--model", tmp_path / "m.skops", "--cv", "3", "--drop", "size",
        *FAST,
    )  # fmt: skip
    assert code == 0
    assert "Cross-validated (3 folds by 'event'): RMSE" in out and "R²" in out
    # The group labels identify rows; they are not a feature.
    assert "numeric: magnitude, distance, east, north; categorical: site" in out
    network = load_model(tmp_path / "m.skops")[-1]
    assert type(network.validation_split).__name__ == "GroupShuffleSplit"


def test_train_spatial_blocks(table, tmp_path, capsys):
    """--coords and --block-size cut folds and the early-stopping set by block."""
    code, out, _ = run(
        capsys, "train", "--data", table, "--target", "ln_pga", "--coords",
        "east,north", "--block-size", "25", "--model", tmp_path / "m.skops",
        "--cv", "3", "--drop", "size", *FAST,
    )  # fmt: skip
    assert code == 0
    assert "3 folds of spatial blocks of 25" in out
    network = load_model(tmp_path / "m.skops")[-1]
    assert type(network.validation_split).__name__ == "SpatialBlockShuffleSplit"


def test_train_features_and_categorical(table, tmp_path, capsys):
    """--features picks the columns; --categorical one-hot encodes numbers."""
    code, out, _ = run(
        capsys, "train", "--data", table, "--target", "size", "--features",
        "distance,event", "--categorical", "event", "--model",
        tmp_path / "m.skops", "--cv", "0", *FAST,
    )  # fmt: skip
    assert code == 0
    assert "numeric: distance; categorical: event" in out
    fitted = load_model(tmp_path / "m.skops")
    assert list(fitted.feature_names_in_) == ["distance", "event"]
    assert "categorical__event_19" in fitted[0].get_feature_names_out()


def test_train_loss_quantile_and_seed_alias(table, tmp_path, capsys):
    """--loss quantile fits the quantiles; --random-state is --seed."""
    code, out, _ = run(
        capsys, "train", "--data", table, "--target", "ln_pga", "--loss",
        "quantile", "--quantiles", "0.1", "0.5", "0.9", "--random-state", "3",
        "--model", tmp_path / "m.skops", "--cv", "2", "--drop", "size", *FAST,
    )  # fmt: skip
    assert code == 0 and "mean D² pinball" in out
    network = load_model(tmp_path / "m.skops")[-1]
    assert network.quantile == [0.1, 0.5, 0.9] and network.random_state == 3


def test_train_drops_rows_without_target(table, tmp_path, capsys):
    """Rows with an empty target are left out, and the user is told."""
    frame = pd.read_csv(table)
    frame.loc[[3, 8], "ln_pga"] = np.nan
    frame.to_csv(table, index=False)
    code, out, err = run(
        capsys, "train", "--data", table, "--target", "ln_pga", "--drop",
        "size", "--model", tmp_path / "m.skops", "--cv", "0", *FAST,
    )  # fmt: skip
    assert code == 0, err
    assert "Left out 2 row(s) with no 'ln_pga'" in out


def test_train_imbalance_note(table, tmp_path, capsys):
    """Strongly imbalanced classes without --class-weight get a hint."""
    frame = pd.read_csv(table)
    frame["rare"] = np.where(np.arange(len(frame)) < 10, "blast", "quake")
    frame.to_csv(table, index=False)
    code, out, _ = run(
        capsys, "train", "--data", table, "--target", "rare", "--drop", "size",
        "--model", tmp_path / "m.skops", "--cv", "0", *FAST,
    )  # fmt: skip
    assert code == 0 and "--class-weight balanced" in out


def test_train_real_comcat_month(real_comcat_month, tmp_path, capsys):
    """The real month trains with balanced classes and predicts another month."""
    from skgeo.datasets import make_earthquake_catalog, write_comcat_csv

    model = tmp_path / "type.skops"
    code, out, _ = run(
        capsys, "train", "--data", real_comcat_month, "--target", "type",
        "--class-weight", "balanced", "--model", model, "--cv", "3",
        "--hidden", "8", "--max-iter", "15",
    )  # fmt: skip
    assert code == 0
    assert "balanced accuracy" in out and "quarry blast" in out
    assert model.is_file()
    other = tmp_path / "other.csv"
    write_comcat_csv(
        make_earthquake_catalog(30, start_time="2025-07-01T00:00:00Z", random_state=1),
        other,
    )
    output = tmp_path / "types.csv"
    code, _, _ = run(
        capsys, "predict", "--model", model, "--data", other, "--output", output
    )
    assert code == 0
    predictions = pd.read_csv(output)
    assert list(predictions.columns[:2]) == ["id", "prediction"]
    probabilities = predictions.filter(like="probability_")
    assert "probability_quarry blast" in probabilities.columns
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        ("", [], "is empty: it has no header and no rows"),
        ("a,b,ln_pga\n", [], "has a header but no rows"),
        (None, ["--target", "pga"], "(did you mean 'ln_pga'?)"),
        (None, ["--features", "magnitud"], "--features: column 'magnitud' is not"),
        (None, ["--drop", "nope"], "--drop: column 'nope' is not in"),
        (None, ["--groups", "evnt"], "--groups: column 'evnt' is not in"),
        (None, ["--coords", "east,nrth", "--block-size", "5"], "'nrth' is not in"),
        (None, ["--coords", "east", "--block-size", "5"], "two columns, EAST,NORTH"),
        (None, ["--coords", "east,north"], "--coords needs --block-size"),
        (None, ["--block-size", "5"], "--block-size needs --coords"),
        (None, ["--cv", "1"], "at least 2 folds"),
        (None, ["--features", "ln_pga"], "lists the target"),
        (None, ["--target", "size", "--task", "regression"], "needs numbers"),
        (None, ["--task", "classification"], "looks continuous"),
        (None, ["--loss", "huber", "--target", "size"], "--loss is for regression"),
        (None, ["--class-weight", "balanced"], "--class-weight is for classif"),
    ],
    ids=[
        "empty-csv",
        "header-only",
        "unknown-target",
        "unknown-feature",
        "unknown-drop",
        "unknown-groups",
        "unknown-coords",
        "one-coordinate",
        "coords-without-size",
        "size-without-coords",
        "one-fold",
        "target-as-feature",
        "text-target-regression",
        "continuous-classification",
        "loss-classification",
        "class-weight-regression",
    ],
)
def test_train_input_errors(table, tmp_path, capsys, content, extra, message):
    """Each bad input is one line on stderr, exit code 1, and no model."""
    data = table if content is None else _write(tmp_path, "bad.csv", content)
    model = tmp_path / "m.skops"
    argv = ["train", "--data", data, "--target", "ln_pga", "--model", model]
    # The last --target given wins, so extra can override it.
    code, out, err = run(capsys, *argv, *extra, *FAST)
    assert code == 1
    assert message in one_error_line(err)
    assert not model.exists() and "Cross-validated" not in out


def test_train_text_cell_in_numeric_column(table, tmp_path, capsys):
    """One text cell in a feature column is an error naming it, not a lost column."""
    frame = pd.read_csv(table)
    frame["distance"] = frame["distance"].astype(object)
    frame.loc[17, "distance"] = "12 km"
    frame.to_csv(table, index=False)
    code, _, err = run(
        capsys, "train", "--data", table, "--target", "ln_pga",
        "--model", tmp_path / "m.skops", *FAST,
    )  # fmt: skip
    assert code == 1
    line = one_error_line(err)
    assert "'distance' holds numbers and also text: '12 km' in row 17" in line
    assert "--categorical" in line


def test_train_one_class_and_rare_class(table, tmp_path, capsys):
    """A single class, or a class too small for the folds, is refused."""
    frame = pd.read_csv(table)
    frame["only"] = "quake"
    frame["rare"] = np.where(np.arange(len(frame)) == 0, "blast", "quake")
    frame.to_csv(table, index=False)
    base = ["train", "--data", table, "--model", tmp_path / "m.skops", *FAST]
    code, _, err = run(capsys, *base, "--target", "only")
    assert code == 1 and "has one class only ('quake')" in one_error_line(err)
    code, _, err = run(capsys, *base, "--target", "rare")
    assert code == 1 and "class 'blast'" in one_error_line(err)
    assert "lower --cv" in err


def test_train_output_folder_checked_before_training(table, tmp_path, capsys):
    """A model path in a missing folder fails before any training."""
    code, out, err = run(
        capsys, "train", "--data", table, "--target", "ln_pga",
        "--model", tmp_path / "nowhere" / "m.skops",
    )  # fmt: skip
    assert code == 1 and out == ""
    assert "the folder" in one_error_line(err) and "does not exist" in err


def test_train_refuses_pickle_model_name(table, tmp_path, capsys):
    """Models are .skops files; a .pkl name is refused with the fix."""
    code, _, err = run(
        capsys, "train", "--data", table, "--target", "ln_pga",
        "--model", tmp_path / "m.pkl",
    )  # fmt: skip
    assert code == 1 and "ending in .skops" in one_error_line(err)


@pytest.mark.parametrize("command", ["train", "demo"])
@pytest.mark.parametrize("value", ["-1", "4294967296", "1.5", "seven"])
def test_seed_out_of_range(table, tmp_path, capsys, command, value):
    """--seed / --random-state outside 0..2**32-1 is a one-line usage error."""
    argv = [command, "--random-state", value]
    if command == "train":
        argv += ["--data", table, "--target", "ln_pga", "--model", tmp_path / "m.skops"]
    with pytest.raises(SystemExit) as exit_info:
        run(capsys, *argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"must be a whole number from 0 to 4294967295; got '{value}'" in err


def test_train_reader_warning_is_one_line(catalogs, tmp_path, capsys, monkeypatch):
    """A warning of the catalog reader reaches stderr as one line."""
    import warnings

    import skgeo.datasets

    read = skgeo.datasets.read_comcat_csv

    def read_with_warning(path, *args, **kwargs):
        warnings.warn("guessed the\nencoding latin-1", UserWarning, stacklevel=2)
        return read(path, *args, **kwargs)

    monkeypatch.setattr(skgeo.datasets, "read_comcat_csv", read_with_warning)
    code, _, err = run(
        capsys, "train", "--data", catalogs[0], "--target", "mag",
        "--model", tmp_path / "m.skops", "--cv", "0", *FAST,
    )  # fmt: skip
    assert code == 0
    assert "month0.csv: guessed the encoding latin-1\n" in err


def test_train_integer_target_note(table, tmp_path, capsys):
    """A few whole numbers as target train a regression, with a note."""
    frame = pd.read_csv(table)
    frame["label"] = (frame.magnitude > 6).astype(int)
    frame.to_csv(table, index=False)
    base = ["train", "--data", table, "--target", "label", "--drop", "size,ln_pga"]
    base += ["--model", tmp_path / "m.skops", "--cv", "0", *FAST]
    code, out, _ = run(capsys, *base)
    assert code == 0 and "--task classification if" in out and "GeoMLPRegressor" in out
    code, out, _ = run(capsys, *base, "--task", "classification")
    assert code == 0 and "GeoMLPClassifier" in out
    assert re.search(r"classes: [01] \(\d+\), [01] \(\d+\)", out)
