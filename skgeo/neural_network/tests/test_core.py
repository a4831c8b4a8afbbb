"""Tests of the pure-NumPy core: layout, initialisation, forward and backprop."""

import numpy as np
import pytest
import scipy.sparse as sp

from skgeo.neural_network._activations import ACTIVATIONS
from skgeo.neural_network._core import (
    Backprop,
    ParameterLayout,
    forward,
    initialize_parameters,
    run_epoch,
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
)
from skgeo.neural_network._optimizers import SGD
from skgeo.neural_network._row_hash import row_hashes

LOSSES = {
    "squared_error": SquaredError,
    "poisson": PoissonLoss,
    "softmax_log_loss": SoftmaxLogLoss,
    "sigmoid_log_loss": SigmoidLogLoss,
    "huber": lambda: HuberLoss(0.3),
    "absolute_error": AbsoluteError,
    "quantile": lambda: QuantileLoss([0.2]),
    "gaussian_nll": GaussianNLL,
}


def make_targets(loss_name, n_samples, n_outputs, rng):
    """Targets in each loss's domain, as 2-D float arrays."""
    if loss_name in (
        "squared_error",
        "huber",
        "absolute_error",
        "quantile",
        "gaussian_nll",
    ):
        return rng.normal(size=(n_samples, n_outputs))
    if loss_name == "poisson":
        return rng.poisson(2.0, size=(n_samples, n_outputs)).astype(float)
    if loss_name == "softmax_log_loss":
        return np.eye(n_outputs)[rng.randint(n_outputs, size=n_samples)]
    return rng.randint(2, size=(n_samples, n_outputs)).astype(float)


def objective(layout, activation, loss, alpha, X, Y, sample_weight, threaded=False):
    """(theta -> (loss, gradient)) through Backprop, with a private copy."""
    params = np.zeros(layout.n_params)
    backprop = Backprop(
        layout,
        params,
        activation,
        loss,
        alpha,
        Y.shape[1],
        input_mode="external",
        threaded_blas=threaded,
    )
    n, sw_sum = backprop.gather(X, Y, sample_weight, slice(0, X.shape[0]))

    def evaluate(theta):
        params[:] = theta
        value = backprop.compute(n, sw_sum, sample_weight is not None)
        return value, backprop.grad.copy()

    return evaluate


def test_layout_views_share_memory():
    """coefs and intercepts are views of the flat vector, in layer order."""
    layout = ParameterLayout([3, 4, 2])
    flat = np.arange(layout.n_params, dtype=float)
    coefs, intercepts = layout.coefs(flat), layout.intercepts(flat)
    assert [c.shape for c in coefs] == [(3, 4), (4, 2)]
    assert [b.shape for b in intercepts] == [(4,), (2,)]
    assert layout.n_params == 3 * 4 + 4 + 4 * 2 + 2
    flat[:] = 0
    assert all(not c.any() for c in coefs) and all(not b.any() for b in intercepts)


def test_layout_pack_round_trip():
    """Packing views of a vector rebuilds the same vector."""
    layout = ParameterLayout([5, 3, 3, 1])
    flat = np.random.RandomState(0).normal(size=layout.n_params)
    packed = layout.pack(layout.coefs(flat), layout.intercepts(flat), np.float64)
    np.testing.assert_array_equal(packed, flat)


def test_layout_pack_rejects_wrong_shapes():
    """A weight matrix of the wrong shape is reported with both shapes."""
    layout = ParameterLayout([2, 3, 1])
    with pytest.raises(ValueError, match=r"Layer 0 expects weights of shape \(2, 3\)"):
        layout.pack([np.zeros((3, 3)), np.zeros((3, 1))], [np.zeros(3), 0], float)


@pytest.mark.parametrize("activation", ["relu", "logistic"])
def test_initialize_parameters_matches_sklearn(activation):
    """The same seed draws the same initial weights as scikit-learn's MLP."""
    from sklearn.neural_network import MLPRegressor

    y = np.arange(20.0)
    reference = MLPRegressor(
        hidden_layer_sizes=(4, 5), activation=activation, max_iter=1, random_state=7
    )
    reference._random_state = np.random.RandomState(7)
    reference._initialize(y.reshape(-1, 1), [3, 4, 5, 1], np.float64)
    layout = ParameterLayout([3, 4, 5, 1])
    flat = initialize_parameters(
        layout, activation, np.random.RandomState(7), np.float64
    )
    for ours, theirs in zip(layout.coefs(flat), reference.coefs_, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    for ours, theirs in zip(
        layout.intercepts(flat), reference.intercepts_, strict=True
    ):
        np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("alpha", [0.0, 0.3], ids=["no-l2", "l2"])
@pytest.mark.parametrize("n_outputs", [1, 3], ids=["1-output", "3-outputs"])
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("loss_name", sorted(LOSSES))
def test_gradient_matches_finite_differences(
    loss_name, activation, n_outputs, alpha, weighted
):
    """The backprop gradient equals central differences of the loss it returns.

    The kinked losses (absolute, quantile, Huber) are differentiable away
    from their kinks, and random residuals never sit on one.

    This is the property scikit-learn's multi-output squared error lacks: the
    value L-BFGS line-searches must be the function whose gradient it gets.
    """
    rng = np.random.RandomState(0)
    n_samples = 7
    X = rng.normal(size=(n_samples, 3))
    Y = make_targets(loss_name, n_samples, n_outputs, rng)
    sample_weight = rng.uniform(0.2, 2.0, n_samples) if weighted else None
    loss = LOSSES[loss_name]()
    layout = ParameterLayout([3, 4, 3, loss.n_raw_outputs(n_outputs)])
    theta = initialize_parameters(layout, activation, rng, np.float64)
    # Shift relu pre-activations away from the kink at 0.
    theta += 0.05
    evaluate = objective(layout, activation, loss, alpha, X, Y, sample_weight)
    _, analytic = evaluate(theta)
    numeric = np.empty_like(theta)
    step = 1e-6
    for i in range(theta.size):
        shift = np.zeros_like(theta)
        shift[i] = step
        numeric[i] = (evaluate(theta + shift)[0] - evaluate(theta - shift)[0]) / (
            2 * step
        )
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("threaded", [False, True], ids=["axpy", "numpy"])
def test_both_l2_paths_agree(threaded):
    """The BLAS and the NumPy L2 steps give the finite-difference gradient."""
    rng = np.random.RandomState(7)
    X, Y = rng.normal(size=(9, 3)), rng.normal(size=(9, 2))
    layout = ParameterLayout([3, 5, 2])
    theta = initialize_parameters(layout, "tanh", rng, np.float64)
    evaluate = objective(layout, "tanh", SquaredError(), 0.7, X, Y, None, threaded)
    _, analytic = evaluate(theta)
    numeric = np.array(
        [
            (evaluate(theta + e)[0] - evaluate(theta - e)[0]) / 2e-6
            for e in np.eye(theta.size) * 1e-6
        ]
    )
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


def test_forward_matches_training_forward():
    """The allocating predict path and the buffered training path agree."""
    rng = np.random.RandomState(1)
    X, Y = rng.normal(size=(9, 4)), rng.normal(size=(9, 2))
    layout = ParameterLayout([4, 6, 5, 2])
    params = initialize_parameters(layout, "tanh", rng, np.float64)
    backprop = Backprop(layout, params, "tanh", SquaredError(), 0.0, 2)
    n, sw_sum = backprop.gather(X, Y, None, slice(0, 9))
    loss = backprop.compute(n, sw_sum, False)
    raw = forward(layout.coefs(params), layout.intercepts(params), "tanh", X)
    np.testing.assert_allclose(loss, 0.5 * np.sum((raw - Y) ** 2) / 9)


def test_buffered_and_external_inputs_agree():
    """Dense batches copied into buffers give the same gradient as sparse ones."""
    rng = np.random.RandomState(2)
    X = rng.normal(size=(12, 5))
    X[X < 0.3] = 0
    Y = rng.normal(size=(12, 1))
    layout = ParameterLayout([5, 4, 1])
    params = initialize_parameters(layout, "relu", rng, np.float64)
    grads = []
    for mode, data in [("buffer", X), ("external", sp.csr_matrix(X))]:
        backprop = Backprop(layout, params, "relu", SquaredError(), 0.1, 1, mode)
        n, sw_sum = backprop.gather(data, Y, None, np.arange(3, 11))
        grads.append((backprop.compute(n, sw_sum, False), backprop.grad.copy()))
    np.testing.assert_allclose(grads[0][0], grads[1][0])
    np.testing.assert_allclose(grads[0][1], grads[1][1])


def test_float32_buffers_stay_float32():
    """float32 parameters train in float32: buffers and gradient keep the dtype."""
    rng = np.random.RandomState(3)
    X = rng.normal(size=(10, 3)).astype(np.float32)
    Y = rng.normal(size=(10, 1)).astype(np.float32)
    layout = ParameterLayout([3, 4, 1])
    params = initialize_parameters(layout, "relu", rng, np.float32)
    backprop = Backprop(layout, params, "relu", SquaredError(), 0.1, 1)
    n, sw_sum = backprop.gather(X, Y, None, np.arange(10))
    backprop.compute(n, sw_sum, False)
    assert backprop.grad.dtype == np.float32
    buffers = backprop._buffers_for(10)
    assert all(a.dtype == np.float32 for a in [*buffers.deltas, buffers.raw])


def reference_epoch(layout, params, X, Y, order, batch_size, learning_rate):
    """One SGD epoch with a fresh Backprop (fresh buffers) for every batch."""
    losses = []
    for start in range(0, len(order), batch_size):
        index = order[start : start + batch_size]
        backprop = Backprop(layout, params, "relu", SquaredError(), 0.1, Y.shape[1])
        n, sw_sum = backprop.gather(X, Y, None, index)
        losses.append(backprop.compute(n, sw_sum, False) * n)
        params -= learning_rate * backprop.grad
    return sum(losses) / len(order)


def test_run_epoch_short_last_batch_reuses_memory():
    """A shorter last batch gets views of its own size into the same memory."""
    rng = np.random.RandomState(4)
    X, Y = rng.normal(size=(10, 3)), rng.normal(size=(10, 2))
    layout = ParameterLayout([3, 4, 5, 2])
    params = initialize_parameters(layout, "relu", rng, np.float64)
    expected = params.copy()
    backprop = Backprop(layout, params, "relu", SquaredError(), 0.1, 2)
    optimizer = SGD(layout.n_params, np.float64, learning_rate_init=0.01, momentum=0.0)
    order = np.arange(10)[::-1]
    # Batches of 4, 4, 2, then 4 again: every switch of batch size.
    for epoch in range(3):
        loss = run_epoch(backprop, optimizer, X, Y, None, order, 4)
        reference = reference_epoch(layout, expected, X, Y, order, 4, 0.01)
        assert loss == pytest.approx(reference, rel=1e-12), f"epoch {epoch}"
        np.testing.assert_allclose(params, expected, rtol=1e-12, atol=1e-15)
    assert sorted(backprop._buffers) == [2, 4]
    # Both sizes share one memory arena; the short batch's own bias rows,
    # which the full batches overwrite, are rewritten before it is used.
    short, full = backprop._buffers[2], backprop._buffers[4]
    assert np.shares_memory(short.inputs[0], full.inputs[0])
    for block in short.inputs:
        assert (block[-1] == 1).all()
    backprop.gather(X, Y, None, np.arange(4))
    for block in full.inputs:
        assert (block[-1] == 1).all()


def dropout_backprop(layout, params, rates, X, Y, seed=3, epoch=0):
    backprop = Backprop(
        layout,
        params,
        "tanh",
        SquaredError(),
        0.0,
        Y.shape[1],
        dropout=rates,
        dropout_seed=seed,
    )
    backprop.set_sample_keys(row_hashes(X, Y, seed))
    backprop.set_epoch(epoch)
    return backprop


def test_dropout_masks_and_scale():
    """Inverted dropout zeroes about p of the units and scales the rest by 1/(1-p)."""
    rng = np.random.RandomState(5)
    X, Y = rng.normal(size=(400, 3)), rng.normal(size=(400, 1))
    layout = ParameterLayout([3, 50, 1])
    params = initialize_parameters(layout, "relu", rng, np.float64)
    backprop = dropout_backprop(layout, params, [0.3], X, Y)
    n, sw_sum = backprop.gather(X, Y, None, slice(0, 400))
    backprop.compute(n, sw_sum, False)
    mask = backprop._buffers_for(400).masks[0]
    assert set(np.unique(mask)) == {0.0, 1 / 0.7}
    assert abs(np.mean(mask == 0) - 0.3) < 0.01


def test_dropout_masks_follow_sample_content_and_epoch():
    """Equal samples share masks within an epoch; a new epoch draws new ones."""
    rng = np.random.RandomState(6)
    X = rng.normal(size=(50, 3))
    X[25:] = X[:25]
    Y = np.zeros((50, 1))
    layout = ParameterLayout([3, 40, 1])
    params = initialize_parameters(layout, "tanh", rng, np.float64)
    masks = []
    for epoch in (0, 1):
        backprop = dropout_backprop(layout, params, [0.5], X, Y, epoch=epoch)
        n, sw_sum = backprop.gather(X, Y, None, slice(0, 50))
        backprop.compute(n, sw_sum, False)
        masks.append(backprop._buffers_for(50).masks[0].copy())
    np.testing.assert_array_equal(masks[0][:, :25], masks[0][:, 25:])
    assert not np.array_equal(masks[0], masks[1])


def test_dropout_gradient_matches_finite_differences_for_fixed_mask():
    """With the dropout mask held fixed, backprop is the exact gradient."""
    rng = np.random.RandomState(6)
    X, Y = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    layout = ParameterLayout([3, 5, 4, 2])
    theta = initialize_parameters(layout, "tanh", rng, np.float64)
    params = theta.copy()
    backprop = dropout_backprop(layout, params, [0.5, 0.25], X, Y)

    def evaluate(values):
        # The masks depend on content, seed and epoch only: fixed here.
        params[:] = values
        n, sw_sum = backprop.gather(X, Y, None, slice(0, 6))
        return backprop.compute(n, sw_sum, False), backprop.grad.copy()

    _, analytic = evaluate(theta)
    numeric = np.array(
        [
            (evaluate(theta + e)[0] - evaluate(theta - e)[0]) / 2e-6
            for e in np.eye(theta.size) * 1e-6
        ]
    )
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)
