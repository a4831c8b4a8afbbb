"""Tests of the losses: values against scikit-learn's metrics, gradients."""

import numpy as np
import pytest
from scipy.special import expit
from sklearn.metrics import log_loss, mean_poisson_deviance, mean_squared_error

from skgeo.neural_network._losses import (
    PoissonLoss,
    SigmoidLogLoss,
    SoftmaxLogLoss,
    SquaredError,
    softmax_inplace,
)


@pytest.fixture
def rng():
    return np.random.RandomState(0)


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
def test_squared_error_is_half_mse_summed_over_outputs(rng, weighted):
    """Half the MSE of each output, summed over outputs (not averaged)."""
    raw, y = rng.normal(size=(20, 3)), rng.normal(size=(20, 3))
    sw = rng.uniform(0.5, 2, 20) if weighted else None
    expected = 0.5 * 3 * mean_squared_error(y, raw, sample_weight=sw)
    assert SquaredError().value(raw, y, sw) == pytest.approx(expected)


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
def test_poisson_is_half_deviance(rng, weighted):
    """Half the mean Poisson deviance of exp(raw)."""
    raw = rng.normal(size=(30, 1))
    y = rng.poisson(2, size=(30, 1)).astype(float)
    sw = rng.uniform(0.5, 2, 30) if weighted else None
    expected = 0.5 * mean_poisson_deviance(
        y.ravel(), np.exp(raw.ravel()), sample_weight=sw
    )
    assert PoissonLoss().value(raw, y, sw) == pytest.approx(expected)


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
def test_softmax_log_loss_matches_log_loss(rng, weighted):
    """The multinomial loss of softmax(raw) equals sklearn.metrics.log_loss."""
    raw = rng.normal(size=(25, 4)) * 3
    labels = rng.randint(4, size=25)
    sw = rng.uniform(0.5, 2, 25) if weighted else None
    proba = softmax_inplace(raw.copy())
    expected = log_loss(labels, proba, sample_weight=sw, labels=range(4))
    value = SoftmaxLogLoss().value(raw, np.eye(4)[labels], sw)
    assert value == pytest.approx(expected)


def test_sigmoid_log_loss_sums_binary_losses(rng):
    """Independent logistic outputs: per-label binary log-losses, summed."""
    raw, y = rng.normal(size=(25, 3)), rng.randint(2, size=(25, 3))
    expected = sum(log_loss(y[:, k], expit(raw[:, k]), labels=[0, 1]) for k in range(3))
    assert SigmoidLogLoss().value(raw, y) == pytest.approx(expected)


def test_log_losses_are_finite_for_extreme_logits():
    """Log-sum-exp keeps the losses finite and exact where probabilities saturate."""
    raw = np.array([[800.0, -800.0], [-800.0, 800.0]])
    y = np.array([[0.0, 1.0], [0.0, 1.0]])
    assert SoftmaxLogLoss().value(raw, y) == pytest.approx(800.0)
    assert np.isfinite(SigmoidLogLoss().value(raw, y))


@pytest.mark.parametrize(
    "loss, make_y",
    [
        (SquaredError(), lambda r: r.normal(size=(6, 2))),
        (PoissonLoss(), lambda r: r.poisson(3, size=(6, 2)).astype(float)),
        (SoftmaxLogLoss(), lambda r: np.eye(3)[r.randint(3, size=6)]),
        (SigmoidLogLoss(), lambda r: r.randint(2, size=(6, 2)).astype(float)),
    ],
    ids=["squared", "poisson", "softmax", "sigmoid"],
)
def test_output_gradient_matches_finite_differences(rng, loss, make_y):
    """d(loss)/d(raw) is the derivative of the value the loss reports."""
    y = make_y(rng)
    raw = rng.normal(size=y.shape)
    sw = rng.uniform(0.5, 2.0, y.shape[0])
    _, gradient = loss.value_and_gradient_rows(raw, y, sw)
    numeric = np.zeros_like(raw)
    for index in np.ndindex(raw.shape):
        shift = np.zeros_like(raw)
        shift[index] = 1e-6
        numeric[index] = (
            loss.value(raw + shift, y, sw) - loss.value(raw - shift, y, sw)
        ) / 2e-6
    np.testing.assert_allclose(gradient, numeric, rtol=1e-6, atol=1e-9)


def test_poisson_rejects_negative_targets():
    """Negative targets are outside the Poisson domain: say how many and the minimum."""
    with pytest.raises(ValueError, match=r"non-negative.*1 negative value.*-0.5"):
        PoissonLoss().check_target(np.array([[1.0], [-0.5], [2.0]]))


def test_softmax_inplace_rows_sum_to_one():
    """softmax_inplace gives probabilities per row without overflow."""
    z = np.array([[1000.0, 0.0, -1000.0], [1.0, 2.0, 3.0]])
    p = softmax_inplace(z)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert p[0, 0] == pytest.approx(1.0)
