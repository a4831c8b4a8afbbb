"""Tests of make_table_transformer and make_comcat_transformer."""

import datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.pipeline import make_pipeline

from skgeo import GeoMLPClassifier, GeoMLPRegressor
from skgeo.datasets import make_earthquake_catalog
from skgeo.preprocessing import (
    COMCAT_FEATURES,
    make_comcat_transformer,
    make_table_transformer,
)


@pytest.fixture
def table():
    rng = np.random.default_rng(0)
    n = 60
    return pd.DataFrame(
        {
            "distance": np.where(np.arange(n) % 7 == 0, np.nan, rng.uniform(1, 99, n)),
            "site": rng.choice(["rock", "soil", None], n),
            "station": rng.integers(0, 4, n),
            "when": pd.date_range("2024-01-01", periods=n, freq="5h")
            .strftime("%Y-%m-%dT%H:%M:%S")
            .tolist(),
        }
    )


def _branches(transformer):
    return {name: columns for name, _, columns in transformer.transformers}


def test_table_transformer_sorts_columns_by_kind(table):
    """Numbers, text, date strings and declared categories go to their branch."""
    transformer = make_table_transformer(table, categorical=["station"])
    assert _branches(transformer) == {
        "numeric": ["distance"],
        "categorical": ["station", "site"],
        "dates": ["when"],
    }


def test_table_transformer_imputes_flags_and_ignores_unknown(table):
    """Missing numbers get an indicator; unseen categories encode as zeros."""
    transformer = make_table_transformer(table).fit(table)
    names = transformer.get_feature_names_out().tolist()
    assert "numeric__missingindicator_distance" in names
    new = table.iloc[:2].copy()
    new["site"] = ["granite", "granite"]
    new.loc[0, "distance"] = np.nan
    encoded = pd.DataFrame(transformer.transform(new), columns=names)
    assert np.isfinite(encoded.to_numpy()).all()
    site_columns = [name for name in names if name.startswith("categorical__site")]
    assert (encoded[site_columns] == 0).all().all()
    assert encoded.loc[0, "numeric__missingindicator_distance"] == 1


def test_table_transformer_text_in_numbers_is_an_error(table):
    """One text cell in a column of numbers names the cell; nothing is dropped."""
    table["distance"] = table["distance"].astype(object)
    table.loc[5, "distance"] = "n/a?"
    with pytest.raises(ValueError, match=r"'distance' holds numbers and also text"):
        make_table_transformer(table)


def test_table_transformer_mixed_objects_are_an_error():
    """A Python column of numbers and strings is refused before the encoder fails."""
    frame = pd.DataFrame({"code": [0.0, 0.0, "n/a?", "n/a?"]})
    with pytest.raises(ValueError, match=r"'code' mixes numbers and text"):
        make_table_transformer(frame)


def test_table_transformer_identifier_text_is_an_error(table):
    """A text column of distinct values is refused as an identifier."""
    table["name"] = [f"event{i}" for i in range(len(table))]
    with pytest.raises(ValueError, match=r"'name' holds text with 60 distinct"):
        make_table_transformer(table)
    transformer = make_table_transformer(table, categorical=["name"])
    assert "name" in _branches(transformer)["categorical"]


def test_table_transformer_lonlat_and_local_time(table):
    """lonlat encodes on the sphere and turns the dates into local solar time."""
    table["lon"] = np.linspace(-170, 170, len(table))
    table["lat"] = np.linspace(-60, 60, len(table))
    transformer = make_table_transformer(table, lonlat=("lon", "lat"))
    branches = _branches(transformer)
    assert branches["lonlat"] == ["lon", "lat"]
    assert branches["dates"] == ["when", "lon"]
    encoder = transformer.transformers[2][1].named_steps["encode"]
    assert encoder.longitude == 1


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"categorical": ["nope"]}, ValueError, r"categorical names column\(s\)"),
        ({"dates": ["nope"]}, ValueError, r"dates names column\(s\)"),
        ({"lonlat": ("lon",)}, ValueError, "two columns"),
        ({"lonlat": ("lon", "lat")}, ValueError, r"lonlat names column\(s\)"),
    ],
    ids=["categorical", "dates", "lonlat-length", "lonlat-missing"],
)
def test_table_transformer_errors(table, kwargs, error, match):
    """Unknown columns are named with the table's columns."""
    with pytest.raises(error, match=match):
        make_table_transformer(table, **kwargs)


def test_table_transformer_refuses_non_frames():
    """An array or an empty frame gets a clear error."""
    with pytest.raises(TypeError, match="pandas DataFrame"):
        make_table_transformer(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="no columns"):
        make_table_transformer(pd.DataFrame(index=range(3)))


def test_table_transformer_in_a_regression_pipeline(table):
    """The transformer and a network fit and predict a table with gaps."""
    y = np.arange(len(table), dtype=float)
    model = make_pipeline(
        make_table_transformer(table), GeoMLPRegressor(max_iter=5, random_state=0)
    )
    with pytest.warns(Warning):
        model.fit(table, y)
    assert np.isfinite(model.predict(table)).all()


def test_comcat_transformer_features():
    """The default ComCat features: numbers, categories, local time, sphere."""
    branches = _branches(make_comcat_transformer())
    assert branches == {
        "numeric": ["depth", "mag"],
        "categorical": ["magType", "net"],
        "dates": ["time", "longitude"],
        "lonlat": ["longitude", "latitude"],
    }
    assert set(COMCAT_FEATURES) == {c for cols in branches.values() for c in cols}


def test_comcat_transformer_exclude_and_lone_coordinate():
    """exclude leaves the target out; a lone coordinate is a plain number."""
    branches = _branches(make_comcat_transformer(exclude=["mag", "latitude"]))
    assert branches["numeric"] == ["longitude", "depth"]
    assert "lonlat" not in branches
    assert branches["dates"] == ["time"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"features": ["magnitude"]}, "not ComCat columns"),
        ({"exclude": ["magnitude"]}, "not ComCat columns"),
        ({"features": ["id", "mag"]}, "cannot be features"),
        ({"features": ["mag"], "exclude": ["mag"]}, "No feature is left"),
    ],
    ids=["unknown-feature", "unknown-exclude", "identifier", "nothing-left"],
)
def test_comcat_transformer_errors(kwargs, match):
    """Names that are not ComCat features are refused with the list."""
    with pytest.raises(ValueError, match=match):
        make_comcat_transformer(**kwargs)


def test_comcat_transformer_classifies_a_catalog():
    """The ComCat pipeline learns event types from a synthetic catalog."""
    catalog = make_earthquake_catalog(120, random_state=0)
    model = make_pipeline(
        make_comcat_transformer(),
        GeoMLPClassifier(
            hidden_layer_sizes=(16,),
            max_iter=60,
            class_weight="balanced",
            random_state=0,
        ),
    )
    with pytest.warns(Warning):
        model.fit(catalog, catalog["type"])
    probabilities = model.predict_proba(catalog)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    assert (model.predict(catalog) == catalog["type"]).mean() > 0.6


_CELLS = {
    "number": st.one_of(st.none(), st.floats(-1e6, 1e6)),
    "integer": st.integers(-5, 5),
    "word": st.one_of(st.none(), st.sampled_from(["a", "b", "c"])),
    "mixed": st.one_of(st.floats(-10, 10), st.just("n/a?")),
    "date": st.one_of(
        st.none(),
        st.datetimes(
            min_value=datetime.datetime(1980, 1, 1),
            max_value=datetime.datetime(2060, 1, 1),
        ).map(lambda value: value.isoformat()),
    ),
}


@st.composite
def _tables(draw):
    n_rows = draw(st.integers(2, 25))
    kinds = draw(st.lists(st.sampled_from(sorted(_CELLS)), min_size=1, max_size=4))
    columns = {
        f"{kind}{j}": draw(st.lists(_CELLS[kind], min_size=n_rows, max_size=n_rows))
        for j, kind in enumerate(kinds)
    }
    return pd.DataFrame(columns)


@settings(max_examples=60, deadline=None)
@given(frame=_tables())
def test_table_transformer_works_or_names_the_problem(frame):
    """Any table is encoded to finite numbers, or refused naming a column."""
    try:
        transformer = make_table_transformer(frame)
        encoded = transformer.fit_transform(frame)
    except ValueError as error:
        assert any(f"'{name}'" in str(error) for name in frame.columns), error
        return
    assert encoded.shape[0] == len(frame)
    assert np.isfinite(np.asarray(encoded, dtype=float)).all()
