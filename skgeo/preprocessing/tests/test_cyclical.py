"""Tests of CyclicalEncoder."""

import numpy as np
import pandas as pd
import pytest
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from skgeo.preprocessing import CyclicalEncoder


@parametrize_with_checks([CyclicalEncoder(), CyclicalEncoder(period=360.0)])
def test_cyclical_encoder_check_estimator(estimator, check):
    """CyclicalEncoder passes every scikit-learn estimator check."""
    check(estimator)


def test_cyclical_encoder_known_angles():
    """Quarter periods map to the four points of the unit circle."""
    X = np.array([[0.0], [90.0], [180.0], [270.0], [360.0]])
    encoded = CyclicalEncoder(period=360.0).fit_transform(X)
    expected = np.array([[0, 1], [1, 0], [0, -1], [-1, 0], [0, 1]], dtype=float)
    np.testing.assert_allclose(encoded, expected, atol=1e-12)


def test_cyclical_encoder_wraps_around():
    """23 h and 1 h are as close as 11 h and 13 h; 0 h and 24 h coincide."""
    encoded = CyclicalEncoder().fit_transform(np.array([[23.0], [1.0], [11.0], [13.0]]))
    across_midnight = np.linalg.norm(encoded[0] - encoded[1])
    across_noon = np.linalg.norm(encoded[2] - encoded[3])
    assert across_midnight == pytest.approx(across_noon)
    np.testing.assert_allclose(
        CyclicalEncoder().fit_transform([[0.0], [24.0]])[1],
        CyclicalEncoder().fit_transform([[0.0]])[0],
        atol=1e-12,
    )


def test_cyclical_encoder_output_lies_on_unit_circle():
    """Every (sin, cos) pair has unit norm, column by column."""
    rng = np.random.default_rng(0)
    X = rng.uniform(-1000, 1000, size=(50, 3))
    encoded = CyclicalEncoder(period=[24.0, 7.0, 360.0]).fit_transform(X)
    norms = encoded[:, 0::2] ** 2 + encoded[:, 1::2] ** 2
    np.testing.assert_allclose(norms, 1.0)


def test_cyclical_encoder_per_column_period():
    """Each column uses its own period, and the pairs stay column-ordered."""
    X = np.array([[6.0, 90.0, 3.5]])
    encoded = CyclicalEncoder(period=[24.0, 360.0, 7.0]).fit_transform(X)
    np.testing.assert_allclose(encoded, [[1, 0, 1, 0, 0, -1]], atol=1e-12)


def test_cyclical_encoder_feature_names_from_dataframe():
    """Names are <column>_sin, <column>_cos, and set_output keeps them."""
    frame = pd.DataFrame({"hour": [0.0, 6.0], "aspect": [0.0, 90.0]})
    encoder = CyclicalEncoder(period=[24.0, 360.0]).set_output(transform="pandas")
    out = encoder.fit_transform(frame)
    assert list(out.columns) == ["hour_sin", "hour_cos", "aspect_sin", "aspect_cos"]
    unnamed = CyclicalEncoder().fit(frame.to_numpy())
    assert unnamed.get_feature_names_out(["h", "a"]).tolist() == [
        "h_sin",
        "h_cos",
        "a_sin",
        "a_cos",
    ]


def test_cyclical_encoder_preserves_float32():
    """float32 input gives float32 output."""
    X = np.arange(6, dtype=np.float32).reshape(3, 2)
    assert CyclicalEncoder().fit_transform(X).dtype == np.float32


def test_cyclical_encoder_in_pipeline():
    """The encoder chains with other transformers in a Pipeline."""
    X = np.arange(24.0).reshape(-1, 1)
    out = make_pipeline(CyclicalEncoder(), StandardScaler()).fit_transform(X)
    assert out.shape == (24, 2)


@pytest.mark.parametrize(
    ("period", "match"),
    [
        ([24.0, 7.0], r"period has 2 values but X has 3 column\(s\)"),
        ([24.0, -1.0, 7.0], r"positive and finite; got -1 for column 1"),
        ([24.0, np.inf, 7.0], r"positive and finite; got inf for column 1"),
        (["a", "b", "c"], r"period must be a number or a sequence"),
        (0.0, r"The 'period' parameter of CyclicalEncoder must be"),
    ],
    ids=["length", "negative", "infinite", "strings", "zero-scalar"],
)
def test_cyclical_encoder_bad_period(period, match):
    """A wrong period raises a ValueError that names the problem."""
    with pytest.raises(ValueError, match=match):
        CyclicalEncoder(period=period).fit(np.zeros((2, 3)))


def test_cyclical_encoder_rejects_wrong_width_at_transform():
    """transform with another number of columns than fit raises."""
    encoder = CyclicalEncoder().fit(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="X has 3 features"):
        encoder.transform(np.zeros((2, 3)))


def test_cyclical_encoder_float32_hours_since_1970_are_exact():
    """Large float32 values are reduced by the period before scaling."""
    rng = np.random.default_rng(0)
    hours = rng.uniform(480_000.0, 500_000.0, size=(500, 1)).astype(np.float32)
    encoded = CyclicalEncoder(period=24.0).fit_transform(hours)
    # The exact code of the float32 value itself, computed in exact arithmetic
    # on the hour of day (float32 hours are multiples of 1/32 here).
    hour_of_day = np.remainder(hours.astype(np.float64), 24.0)
    expected = np.column_stack(
        [np.sin(2 * np.pi * hour_of_day / 24.0), np.cos(2 * np.pi * hour_of_day / 24.0)]
    )
    assert encoded.dtype == np.float32
    np.testing.assert_allclose(encoded, expected, atol=1e-6)


def test_cyclical_encoder_float64_large_values_match_reduced():
    """float64 seconds since 1970 encode like their reduced time of day."""
    seconds = np.array([[1.7e9 + 0.125], [1.7e9 + 43_200.5]])
    encoded = CyclicalEncoder(period=86_400.0).fit_transform(seconds)
    reduced = CyclicalEncoder(period=86_400.0).fit_transform(seconds % 86_400.0)
    np.testing.assert_allclose(encoded, reduced, atol=1e-12)


def test_cyclical_encoder_refuses_subnormal_period():
    """A period so small that 2 pi / period overflows is refused at fit."""
    with pytest.raises(ValueError, match=r"positive and finite; got 9.99989e-321"):
        CyclicalEncoder(period=1e-320).fit([[1.0]])
