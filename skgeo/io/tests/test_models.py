"""Tests of save_model, load_model and TRUSTED_TYPES."""

import os
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import skops.io
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer

import skgeo
from skgeo import GeoMLPClassifier, GeoMLPRegressor, SpatialBlockShuffleSplit
from skgeo.datasets import read_comcat_csv
from skgeo.io import TRUSTED_TYPES, UntrustedModelError, load_model, save_model
from skgeo.preprocessing import make_comcat_transformer, make_table_transformer

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def regression_data():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(
        {
            "east": rng.uniform(0, 10, 80),
            "north": rng.uniform(0, 10, 80),
            "site": rng.choice(["rock", "soil"], 80),
            "when": pd.date_range("2024-01-01", periods=80, freq="7h", tz="UTC"),
        }
    )
    y = X.east - X.north + rng.normal(0, 0.1, 80)
    return X, y


def _skgeo_models(X, y):
    """Fitted models of every kind skgeo train saves."""
    features = make_table_transformer(X)
    regressor = Pipeline(
        [
            ("features", features),
            (
                "network",
                GeoMLPRegressor(
                    hidden_layer_sizes=(3,),
                    max_iter=3,
                    loss="gaussian_nll",
                    early_stopping=True,
                    validation_split=SpatialBlockShuffleSplit(
                        n_splits=1, block_size=3.0, random_state=0
                    ),
                ),
            ),
        ]
    )
    regressor.fit(X, y, network__groups=X[["east", "north"]].to_numpy())
    quantiles = make_pipeline(
        make_table_transformer(X),
        GeoMLPRegressor(hidden_layer_sizes=(3,), max_iter=3, loss="quantile",
                        quantile=[0.1, 0.5, 0.9]),
    ).fit(X, y)  # fmt: skip
    classifier = make_pipeline(
        make_table_transformer(X.drop(columns="site")),
        GeoMLPClassifier(hidden_layer_sizes=(3,), max_iter=3, class_weight="balanced"),
    ).fit(X, X.site)
    return {"gaussian": regressor, "quantile": quantiles, "classifier": classifier}


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_save_load_round_trip_predicts_the_same(regression_data, tmp_path):
    """Every kind of model comes back with identical predictions."""
    X, y = regression_data
    for name, model in _skgeo_models(X, y).items():
        path = save_model(model, tmp_path / f"{name}.skops")
        loaded = load_model(path)
        np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_saved_models_list_no_private_type(regression_data):
    """skops.io.get_untrusted_types names only public, trusted types."""
    X, y = regression_data
    public = {
        f"{obj.__module__}.{obj.__qualname__}"
        for obj in vars(skgeo).values()
        if isinstance(obj, type)
    }
    for model in _skgeo_models(X, y).values():
        untrusted = skops.io.get_untrusted_types(data=skops.io.dumps(model))
        assert set(untrusted) <= set(TRUSTED_TYPES)
        skgeo_types = {name for name in untrusted if name.startswith("skgeo.")}
        assert skgeo_types <= public, skgeo_types - public


def test_trusted_types_are_public_classes():
    """Every trusted skgeo type is a class exported at the top level."""
    exported = {
        f"{obj.__module__}.{obj.__qualname__}"
        for obj in vars(skgeo).values()
        if isinstance(obj, type)
    }
    skgeo_types = {name for name in TRUSTED_TYPES if name.startswith("skgeo.")}
    assert skgeo_types and skgeo_types <= exported
    assert list(TRUSTED_TYPES) == sorted(TRUSTED_TYPES)


def test_model_v0_1_still_loads():
    """The model file saved by skgeo 0.1 loads and predicts what it did then."""
    model = load_model(DATA / "model_v0_1.skops")
    catalog = read_comcat_csv(DATA / "model_v0_1_input.csv")
    expected = pd.read_csv(DATA / "model_v0_1_expected.csv")
    assert list(model.classes_) == list(expected.columns)
    np.testing.assert_allclose(model.predict_proba(catalog), expected.to_numpy())


def test_load_refuses_untrusted_types(tmp_path):
    """A file holding a function skgeo does not know is refused, naming it."""
    # Saving os.system runs nothing; loading it would hand it to the model.
    model = make_pipeline(FunctionTransformer(os.system), LinearRegression())
    path = tmp_path / "other.skops"
    skops.io.dump(model, path)
    name = f"{os.system.__module__}.system"
    with pytest.raises(UntrustedModelError, match=rf"does not trust: \['{name}'\]"):
        load_model(path)
    loaded = load_model(path, trusted=[name])
    assert isinstance(loaded, Pipeline)


def test_load_refuses_pickles_unless_allowed(tmp_path):
    """A pickle is refused, or loaded with a warning that says why."""
    regressor = GeoMLPRegressor(hidden_layer_sizes=(2,), max_iter=2)
    with pytest.warns(Warning):
        regressor.fit(np.ones((6, 2)), np.arange(6.0))
    path = tmp_path / "model.pkl"
    path.write_bytes(pickle.dumps(regressor))
    with pytest.raises(UntrustedModelError, match="runs any code it contains"):
        load_model(path)
    with pytest.warns(UserWarning, match="runs any code the file contains"):
        loaded = load_model(path, allow_pickle=True)
    assert isinstance(loaded, GeoMLPRegressor)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "it is empty"),
        (bytes(range(256)) * 4, "starts with the bytes"),
        (b"PK\x03\x04" + bytes(100), "not a complete skops model file"),
        (pickle.dumps({"weights": [1, 2]}), "is a pickle"),
    ],
    ids=["empty", "random-bytes", "broken-zip", "pickle"],
)
def test_load_refuses_files_that_are_not_models(tmp_path, content, match):
    """Empty, random, broken and pickled files raise a ValueError."""
    path = tmp_path / "model.skops"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=match):
        load_model(path)


def test_load_refuses_truncated_skops_file(tmp_path):
    """A skops file cut anywhere is reported as incomplete, never loaded."""
    whole = (DATA / "model_v0_1.skops").read_bytes()
    for cut in (10, len(whole) // 2, len(whole) - 10):
        path = tmp_path / f"cut{cut}.skops"
        path.write_bytes(whole[:cut])
        with pytest.raises(ValueError, match="not a complete skops model file"):
            load_model(path)


def test_load_refuses_a_pickle_that_is_not_a_model(tmp_path):
    """With allow_pickle, an object without predict is refused after loading."""
    path = tmp_path / "dict.pkl"
    path.write_bytes(pickle.dumps({"weights": [1, 2]}))
    with pytest.warns(UserWarning), pytest.raises(ValueError, match="holds a dict"):
        load_model(path, allow_pickle=True)


def test_load_refuses_a_skops_file_that_is_not_a_model(tmp_path):
    """A skops file of plain data is not a model."""
    path = tmp_path / "data.skops"
    skops.io.dump({"a": 1}, path)
    with pytest.raises(ValueError, match="holds a dict, not a model"):
        load_model(path)


def test_save_refuses_non_estimators(tmp_path):
    """Only estimators are saved."""
    with pytest.raises(TypeError, match="scikit-learn estimator"):
        save_model({"a": 1}, tmp_path / "x.skops")


def test_comcat_pipeline_types_are_all_trusted(tmp_path):
    """The ComCat pipeline of skgeo train needs no type outside the list."""
    catalog = read_comcat_csv(DATA / "model_v0_1_input.csv")
    model = make_pipeline(
        make_comcat_transformer(),
        GeoMLPClassifier(hidden_layer_sizes=(2,), max_iter=2),
    )
    with pytest.warns(Warning):
        model.fit(catalog, catalog["type"])
    untrusted = skops.io.get_untrusted_types(data=skops.io.dumps(model))
    assert set(untrusted) <= set(TRUSTED_TYPES)
