"""Tests of the losses: values against scikit-learn's metrics, gradients."""

import numpy as np
import pytest
from scipy.special import expit
from scipy.stats import norm
from sklearn.metrics import (
    log_loss,
    mean_absolute_error,
    mean_pinball_loss,
    mean_poisson_deviance,
    mean_squared_error,
)

from skgeo.neural_network._losses import (
    AbsoluteError,
    GaussianNLL,
    HuberLoss,
    PoissonLoss,
    QuantileLoss,
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


def test_huber_is_quadratic_then_linear():
    """Huber: r²/2 inside delta, delta (|r| - delta/2) outside."""
    raw = np.array([[0.5], [3.0], [-4.0]])
    y = np.zeros((3, 1))
    expected = np.mean([0.125, 1.0 * (3.0 - 0.5), 1.0 * (4.0 - 0.5)])
    assert HuberLoss(1.0).value(raw, y) == pytest.approx(expected)


def test_absolute_error_matches_mae(rng):
    """absolute_error is the mean absolute error, summed over outputs."""
    raw, y = rng.normal(size=(20, 2)), rng.normal(size=(20, 2))
    expected = 2 * mean_absolute_error(y, raw)
    assert AbsoluteError().value(raw, y) == pytest.approx(expected)


def test_quantile_matches_pinball_loss(rng):
    """Each quantile output is scored by sklearn's mean pinball loss."""
    y = rng.normal(size=(30, 1))
    raw = rng.normal(size=(30, 3))
    quantiles = [0.1, 0.5, 0.9]
    expected = sum(
        mean_pinball_loss(y[:, 0], raw[:, k], alpha=q) for k, q in enumerate(quantiles)
    )
    assert QuantileLoss(quantiles).value(raw, y) == pytest.approx(expected)


def test_quantile_predictions_never_cross():
    """Predicted quantiles are sorted along each row."""
    raw = np.array([[3.0, 1.0, 2.0], [0.0, -1.0, 5.0]])
    out = QuantileLoss([0.1, 0.5, 0.9]).inverse_link(raw.copy())
    np.testing.assert_array_equal(out, np.sort(raw, axis=1))


def test_quantile_sequence_needs_single_target():
    """Several quantiles of several targets would be ambiguous: refused."""
    with pytest.raises(ValueError, match="needs a single target"):
        QuantileLoss([0.1, 0.9]).n_raw_outputs(2)


def test_gaussian_nll_is_the_normal_log_likelihood(rng):
    """Mean negative log-density of N(mu, exp(s)) at y."""
    y = rng.normal(size=(25, 1))
    mean, log_var = rng.normal(size=(25, 1)), rng.normal(size=(25, 1))
    expected = -np.mean(norm.logpdf(y, loc=mean, scale=np.exp(0.5 * log_var)))
    value = GaussianNLL().value(np.hstack([mean, log_var]), y)
    assert value == pytest.approx(expected)
    std = GaussianNLL.standard_deviation(np.hstack([mean, log_var]))
    np.testing.assert_allclose(std, np.exp(0.5 * log_var))


@pytest.mark.parametrize(
    "loss, make_y",
    [
        (HuberLoss(0.5), lambda r: r.normal(size=(6, 2))),
        (AbsoluteError(), lambda r: r.normal(size=(6, 2))),
        (QuantileLoss([0.1, 0.7]), lambda r: r.normal(size=(6, 1))),
        (GaussianNLL(), lambda r: r.normal(size=(6, 2))),
        (SquaredError(), lambda r: r.normal(size=(6, 2))),
        (PoissonLoss(), lambda r: r.poisson(3, size=(6, 2)).astype(float)),
        (SoftmaxLogLoss(), lambda r: np.eye(3)[r.randint(3, size=6)]),
        (SigmoidLogLoss(), lambda r: r.randint(2, size=(6, 2)).astype(float)),
    ],
    ids=[
        "huber",
        "absolute",
        "quantiles",
        "gaussian",
        "squared",
        "poisson",
        "softmax",
        "sigmoid",
    ],
)
def test_output_gradient_matches_finite_differences(rng, loss, make_y):
    """d(loss)/d(raw) is the derivative of the value the loss reports."""
    y = make_y(rng)
    raw = rng.normal(size=(y.shape[0], loss.n_raw_outputs(y.shape[1])))
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
