"""Tests of the activation registry: each function next to its derivative."""

import numpy as np
import pytest
from scipy.special import expit

from skgeo.neural_network._activations import ACTIVATIONS, get_activation

REFERENCE = {
    "identity": lambda z: z,
    "logistic": expit,
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0),
}


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_forward_matches_reference(name):
    """The in-place forward pass computes the textbook function."""
    z = np.linspace(-4, 4, 17).reshape(1, -1)
    expected = REFERENCE[name](z.copy())
    get_activation(name).forward(z)
    np.testing.assert_allclose(z, expected)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_derivative_from_output_matches_finite_differences(name):
    """delta * f'(z), computed from f(z) only, matches central differences."""
    z = np.array([[-2.5, -0.7, 0.3, 1.1, 3.0]])
    step = 1e-6
    numeric = (REFERENCE[name](z + step) - REFERENCE[name](z - step)) / (2 * step)
    a = REFERENCE[name](z.copy())
    delta = np.full_like(z, 2.0)
    get_activation(name).derivative(a, delta, np.empty_like(z))
    np.testing.assert_allclose(delta, 2.0 * numeric, rtol=1e-6, atol=1e-9)


def test_logistic_does_not_overflow():
    """The logistic activation saturates without warnings for large |z|."""
    z = np.array([[-1000.0, 1000.0]])
    with np.errstate(all="raise"):
        get_activation("logistic").forward(z)
    np.testing.assert_array_equal(z, [[0.0, 1.0]])


def test_unknown_activation_is_reported():
    """An unknown name lists the valid ones."""
    with pytest.raises(ValueError, match="Unknown activation 'swish'.*relu"):
        get_activation("swish")
