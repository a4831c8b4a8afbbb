"""Hidden-layer activation functions, each next to its derivative.

Every activation works in place on a pre-activation array ``z`` and turns it
into the layer output ``a = f(z)``. Its derivative is expressed through the
*output* ``a`` rather than ``z``, so that back-propagation never has to keep
the pre-activations: for the four activations offered here ``f'(z)`` is a
cheap function of ``f(z)``.

The derivative multiplies the back-propagated error ``delta`` by ``f'(z)`` in
place and may use ``scratch`` (an array shaped like ``delta``) as working
memory, so that the training step allocates nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import expit

__all__ = ["ACTIVATIONS", "Activation", "get_activation"]


@dataclass(frozen=True)
class Activation:
    """An activation function and its derivative, both in place.

    Attributes
    ----------
    name : str
        The name used by the ``activation`` parameter of the estimators.
    forward : callable
        ``forward(z)`` overwrites the pre-activation ``z`` with ``f(z)``.
    derivative : callable
        ``derivative(a, delta, scratch)`` multiplies ``delta`` in place by
        ``f'(z)``, computed from the output ``a = f(z)``.
    """

    name: str
    forward: Callable[[np.ndarray], None]
    derivative: Callable[[np.ndarray, np.ndarray, np.ndarray], None]


def _identity(z):
    pass


def _identity_derivative(a, delta, scratch):
    pass


def _logistic(z):
    # expit is the numerically stable logistic function: no overflow warning
    # for large negative z, unlike 1 / (1 + exp(-z)).
    expit(z, out=z)


def _logistic_derivative(a, delta, scratch):
    # f'(z) = f(z) (1 - f(z))
    np.subtract(1, a, out=scratch)
    scratch *= a
    delta *= scratch


def _tanh(z):
    np.tanh(z, out=z)


def _tanh_derivative(a, delta, scratch):
    # f'(z) = 1 - f(z)^2
    np.multiply(a, a, out=scratch)
    np.subtract(1, scratch, out=scratch)
    delta *= scratch


def _relu(z):
    np.maximum(z, 0, out=z)


def _relu_derivative(a, delta, scratch):
    # f'(z) = 1 where the unit fired (a > 0), else 0; the subgradient at
    # z = 0 is taken as 0, as scikit-learn does.
    np.greater(a, 0, out=scratch)
    delta *= scratch


ACTIVATIONS: dict[str, Activation] = {
    "identity": Activation("identity", _identity, _identity_derivative),
    "logistic": Activation("logistic", _logistic, _logistic_derivative),
    "tanh": Activation("tanh", _tanh, _tanh_derivative),
    "relu": Activation("relu", _relu, _relu_derivative),
}


def get_activation(name: str) -> Activation:
    """Return the activation registered under ``name``.

    Parameters
    ----------
    name : {'identity', 'logistic', 'tanh', 'relu'}
        The activation's name.

    Returns
    -------
    activation : Activation
        The function and its in-place derivative.
    """
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"Unknown activation {name!r}; expected one of {sorted(ACTIVATIONS)}."
        ) from None
