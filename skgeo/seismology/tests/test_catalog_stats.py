"""Tests of the Aki-Utsu b-value estimator."""

import numpy as np
import pytest

from skgeo.seismology import b_value


@pytest.mark.parametrize("true_b", [0.8, 1.0, 1.3], ids=str)
def test_b_value_recovers_continuous_b(true_b):
    """On 20,000 exponential magnitudes b is recovered within 3 standard errors."""
    rng = np.random.default_rng(42)
    magnitudes = 1.5 + rng.exponential(1 / (true_b * np.log(10)), size=20_000)
    result = b_value(magnitudes, mc=1.5)
    assert result.n == 20_000
    assert abs(result.b - true_b) < 3 * result.std_err
    assert result.std_err == pytest.approx(result.b / np.sqrt(result.n))


def test_b_value_binned_needs_utsu_correction():
    """For 0.1-binned magnitudes the half-bin correction removes the bias."""
    rng = np.random.default_rng(1)
    # Binned Gutenberg-Richter recipe: round((Mc - dM/2 + Exp) / dM) * dM.
    raw = 2.0 - 0.05 + rng.exponential(1 / np.log(10), size=100_000)
    magnitudes = np.round(raw / 0.1) * 0.1
    corrected = b_value(magnitudes, mc=2.0, bin_width=0.1)
    uncorrected = b_value(magnitudes, mc=2.0)
    assert abs(corrected.b - 1.0) < 2 * corrected.std_err
    # Without the correction b is biased by about 0.05 * ln(10) * b = 13 %.
    assert uncorrected.b > 1.10


def test_b_value_ignores_events_below_mc():
    """Events below mc do not change the estimate."""
    rng = np.random.default_rng(3)
    above = 3.0 + rng.exponential(0.4, size=500)
    below = rng.uniform(0.0, 2.9, size=300)
    assert b_value(np.concatenate([below, above]), mc=3.0) == b_value(above, mc=3.0)


def test_b_value_exact_small_case():
    """Two events at 2.0 and 3.0 above mc=2.0 give b = log10(e) / 0.5."""
    result = b_value([2.0, 3.0, 1.0], mc=2.0)
    assert result.b == pytest.approx(np.log10(np.e) / 0.5)
    assert result.n == 2


@pytest.mark.parametrize(
    ("magnitudes", "mc", "bin_width", "match"),
    [
        ([2.5, 1.0, 1.2], 2.0, 0.0, r"At least 2 events at or above mc=2.0.*got 1"),
        ([2.0, 2.0, 2.0], 2.0, 0.0, r"b-value is infinite"),
        ([2.0, np.nan], 2.0, 0.0, r"must be finite; got 1 NaN"),
        ([[2.0, 3.0]], 2.0, 0.0, r"must be a 1-D array"),
        ([2.0, 3.0], np.nan, 0.0, r"mc must be a finite magnitude"),
        ([2.0, 3.0], 2.0, -0.1, r"bin_width must be >= 0"),
    ],
    ids=["too-few", "degenerate", "nan", "2d", "nan-mc", "negative-bin"],
)
def test_b_value_bad_input(magnitudes, mc, bin_width, match):
    """Bad catalogs and arguments raise a ValueError saying what is wrong."""
    with pytest.raises(ValueError, match=match):
        b_value(magnitudes, mc, bin_width)


@pytest.mark.parametrize(
    ("mc", "bin_width", "name"),
    [
        ("2", 0.0, "mc"),
        ([2.0], 0.0, "mc"),
        (None, 0.0, "mc"),
        (True, 0.0, "mc"),
        (2.0, "0.1", "bin_width"),
        (2.0, np.array([0.1, 0.2]), "bin_width"),
    ],
    ids=["mc-str", "mc-list", "mc-none", "mc-bool", "bin-str", "bin-array"],
)
def test_b_value_non_scalar_arguments_raise_type_error(mc, bin_width, name):
    """A non-numeric or non-scalar mc or bin_width is a TypeError naming it."""
    with pytest.raises(TypeError, match=rf"{name} must be a single real number"):
        b_value([2.0, 2.5, 3.0], mc, bin_width)


def test_b_value_accepts_numpy_scalars():
    """NumPy scalars and 0-d arrays are single numbers."""
    reference = b_value([2.0, 2.5, 3.0], 2.0, 0.1)
    assert b_value([2.0, 2.5, 3.0], np.float32(2.0), np.array(0.1)).n == reference.n


def test_b_value_non_numeric_magnitudes():
    """Text magnitudes raise a ValueError saying to pass the magnitude column."""
    with pytest.raises(ValueError, match=r"magnitudes must be numbers"):
        b_value(["a", "b"], 2.0)
