"""Tests of the flat-vector optimizers against their update formulas."""

import math

import numpy as np
import pytest

from skgeo.neural_network._optimizers import (
    OPTIMIZERS,
    SGD,
    Adam,
    make_optimizer,
    optimizer_from_state,
)


@pytest.fixture
def vectors():
    rng = np.random.RandomState(0)
    return rng.normal(size=7), [rng.normal(size=7) for _ in range(3)]


@pytest.mark.parametrize("nesterov", [False, True], ids=["momentum", "nesterov"])
def test_sgd_update_formula(vectors, nesterov):
    """v = mu v - lr g; params += v (or mu v - lr g with Nesterov)."""
    params0, grads = vectors
    params = params0.copy()
    sgd = SGD(7, np.float64, learning_rate_init=0.1, momentum=0.9, nesterov=nesterov)
    expected, velocity = params0.copy(), np.zeros(7)
    for grad in grads:
        sgd.update(params, grad)
        velocity = 0.9 * velocity - 0.1 * grad
        expected += 0.9 * velocity - 0.1 * grad if nesterov else velocity
    np.testing.assert_allclose(params, expected)


def test_adam_update_formula(vectors):
    """Bias-corrected Adam, step by step (Kingma & Ba 2015, Algorithm 1)."""
    params0, grads = vectors
    params = params0.copy()
    adam = Adam(
        7, np.float64, learning_rate_init=0.01, beta_1=0.8, beta_2=0.9, epsilon=1e-7
    )
    expected, m, v = params0.copy(), np.zeros(7), np.zeros(7)
    for t, grad in enumerate(grads, start=1):
        adam.update(params, grad)
        m = 0.8 * m + 0.2 * grad
        v = 0.9 * v + 0.1 * grad**2
        rate = 0.01 * math.sqrt(1 - 0.9**t) / (1 - 0.8**t)
        expected -= rate * m / (np.sqrt(v) + 1e-7)
    np.testing.assert_allclose(params, expected)
    np.testing.assert_allclose(adam.m, m)
    np.testing.assert_allclose(adam.v, v)


def test_invscaling_schedule():
    """invscaling: lr_init / (t + 1) ** power_t, t = samples seen."""
    sgd = SGD(
        3, np.float64, learning_rate_init=0.5, lr_schedule="invscaling", power_t=0.25
    )
    sgd.iteration_ends(time_step=8, epoch=2)
    assert sgd.learning_rate == pytest.approx(0.5 / 9**0.25)


def test_cosine_schedule_reaches_zero_at_max_iter():
    """cosine: half a cosine period from lr_init down to 0 over max_iter epochs."""
    adam = Adam(
        3, np.float64, learning_rate_init=0.2, lr_schedule="cosine", max_iter=10
    )
    adam.iteration_ends(time_step=0, epoch=5)
    assert adam.learning_rate == pytest.approx(0.1)
    adam.iteration_ends(time_step=0, epoch=10)
    assert adam.learning_rate == pytest.approx(0.0)


def test_adaptive_schedule_divides_by_five_then_stops(capsys):
    """adaptive: each stall divides the rate by 5 until it drops below 1e-6."""
    sgd = SGD(3, np.float64, learning_rate_init=1e-5, lr_schedule="adaptive")
    assert sgd.trigger_stopping("stalled.", verbose=True) is False
    assert sgd.learning_rate == pytest.approx(2e-6)
    assert sgd.trigger_stopping("stalled.", verbose=False) is False
    assert sgd.trigger_stopping("stalled.", verbose=True) is True
    assert "Learning rate too small" in capsys.readouterr().out


def test_constant_schedule_stops_at_first_stall():
    """Every schedule but adaptive stops as soon as training stalls."""
    assert SGD(3, np.float64).trigger_stopping("stalled.", verbose=False) is True


def test_optimizers_keep_float32(vectors):
    """float32 state for float32 parameters: nothing upcasts."""
    params = np.ones(7, dtype=np.float32)
    adam = make_optimizer("adam", 7, np.float32)
    adam.update(params, np.ones(7, dtype=np.float32))
    assert params.dtype == adam.m.dtype == adam.v.dtype == np.float32


def test_make_optimizer_rejects_lbfgs():
    """L-BFGS is not a stochastic optimizer."""
    with pytest.raises(ValueError, match="Unknown stochastic solver 'lbfgs'"):
        make_optimizer("lbfgs", 3, np.float64)


@pytest.mark.parametrize("solver", sorted(OPTIMIZERS))
def test_optimizers_receive_the_layout(solver):
    """Optimizers are built on the parameter layout, sized by it."""
    from skgeo.neural_network._core import ParameterLayout

    layout = ParameterLayout([3, 4, 2])
    optimizer = make_optimizer(solver, layout, np.float32)
    assert optimizer.layout is layout
    params = np.zeros(layout.n_params, dtype=np.float32)
    optimizer.update(params, np.ones_like(params))
    assert params.dtype == np.float32 and np.all(params < 0)


@pytest.mark.parametrize("solver", sorted(OPTIMIZERS))
def test_optimizer_state_round_trip_continues_exactly(solver, vectors):
    """state() then optimizer_from_state() resumes bit for bit."""
    params0, grads = vectors
    a = make_optimizer(solver, 7, np.float64, learning_rate_init=0.05)
    params_a = params0.copy()
    a.update(params_a, grads[0])
    b = optimizer_from_state(a.state())
    params_b = params_a.copy()
    for grad in grads[1:]:
        a.update(params_a, grad)
        b.update(params_b, grad)
    np.testing.assert_array_equal(params_a, params_b)
