"""Training losses and their gradients with respect to the raw network output.

A loss here owns everything that happens after the last matrix product: the
output activation (inverse link), the loss value and the gradient of the loss
with respect to the *raw* output ``z`` of the last layer. Owning the output
gradient lets non-canonical pairs (Huber, quantile, Gaussian NLL) plug in as
easily as the canonical ones, for which the gradient reduces to
``prediction - y``.

Every loss uses one reduction: **sum over outputs, weighted mean over
samples**,

    L = sum_i w_i sum_k l(y_ik, z_ik) / sum_i w_i,

and the gradient written by :meth:`Loss.value_and_gradient` is exactly the
derivative of that ``L``. (scikit-learn's squared error averages over outputs
in the value but sums in the gradient, so L-BFGS line-searches a function
whose gradient it is not given; here value and gradient always agree. The
sum convention keeps the stochastic solvers' trajectories identical to
scikit-learn's, whose updates follow the gradient.)

Array conventions in training: arrays are laid out **outputs by samples**,
as the core's buffers are. ``raw`` and ``out`` are ``(k, n)`` C-contiguous
arrays of the compute dtype and may be the same array; ``y`` is ``(t, n)``;
``sample_weight`` is ``None`` or a ``(1, n)`` row; ``work`` is the tuple of
scratch arrays from :meth:`Loss.workspace`. Nothing here allocates arrays of
the batch size. At prediction time (:meth:`Loss.inverse_link`) arrays are
the usual samples by outputs.
"""

from abc import ABC, abstractmethod

import numpy as np
from scipy.special import expit, xlogy

__all__ = [
    "REGRESSION_LOSSES",
    "AbsoluteError",
    "GaussianNLL",
    "HuberLoss",
    "Loss",
    "QuantileLoss",
    "PoissonLoss",
    "SoftmaxLogLoss",
    "SigmoidLogLoss",
    "SquaredError",
    "loss_from_state",
    "softmax_inplace",
]


def softmax_inplace(z: np.ndarray) -> np.ndarray:
    """Overwrite the rows of ``z`` with their softmax, without overflow."""
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


def _weighted_total(values, sample_weight):
    """Sum of ``(k, n)`` ``values`` over outputs, weighted by sample."""
    if sample_weight is None:
        return float(values.sum())
    return float((values @ sample_weight.T).sum())


class Loss(ABC):
    """Interface of a training loss (see the module docstring).

    Attributes
    ----------
    name : str
        Name of the loss, as the ``loss`` parameter spells it.
    out_activation : str
        Name of the inverse link applied to the raw output at prediction
        time, reported as the estimators' ``out_activation_``.
    """

    name = ""
    out_activation = "identity"

    def n_raw_outputs(self, n_targets: int) -> int:
        """Number of network outputs needed for ``n_targets`` target columns."""
        return n_targets

    def workspace(self, n_samples: int, n_outputs: int, dtype) -> tuple:
        """Scratch arrays for :meth:`value_and_gradient` on ``n_samples``."""
        return (np.empty((n_outputs, n_samples), dtype=dtype),)

    def state(self) -> dict:
        """The loss as plain values (its class name and its options).

        Saved models store this instead of the loss object, so that loading
        them needs no skgeo type; :func:`loss_from_state` inverts it.
        """
        return {"kind": type(self).__name__, **self._options()}

    def _options(self) -> dict:
        return {}

    def check_target(self, y: np.ndarray) -> None:  # noqa: B027 - optional hook
        """Raise ``ValueError`` if ``y`` is outside the loss's domain."""

    @abstractmethod
    def value_and_gradient(self, raw, y, sample_weight, sw_sum, out, work) -> float:
        """Return the mean loss and write d(loss)/d(raw) into ``out``."""

    def inverse_link(self, raw: np.ndarray) -> np.ndarray:
        """Turn samples-by-outputs raw outputs into predictions, in place."""
        return raw

    def n_targets(self, n_raw_outputs: int) -> int:
        """Number of target columns served by ``n_raw_outputs`` outputs."""
        return n_raw_outputs

    def value(self, raw, y, sample_weight=None) -> float:
        """Mean loss of samples-by-outputs ``raw`` against ``y`` (not hot)."""
        return self.value_and_gradient_rows(raw, y, sample_weight)[0]

    def value_and_gradient_rows(self, raw, y, sample_weight=None):
        """Loss and gradient for samples-by-outputs arrays (allocates; not hot).

        Parameters
        ----------
        raw : array-like of shape (n_samples, n_outputs)
            Raw network outputs.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.

        Returns
        -------
        value : float
            The mean loss.
        gradient : ndarray of shape (n_samples, n_outputs)
            Its gradient with respect to ``raw``.
        """
        raw = np.asarray(raw, dtype=float)
        n_samples = raw.shape[0]
        raw_t = np.ascontiguousarray(raw.reshape(n_samples, -1).T)
        y_t = np.ascontiguousarray(
            np.asarray(y, dtype=raw.dtype).reshape(n_samples, -1).T
        )
        if sample_weight is None:
            sw, sw_sum = None, float(n_samples)
        else:
            sw = np.asarray(sample_weight, dtype=raw.dtype).reshape(1, -1).copy()
            sw_sum = float(sw.sum())
        out = np.empty_like(raw_t)
        work = self.workspace(n_samples, raw_t.shape[0], raw.dtype)
        value = self.value_and_gradient(raw_t, y_t, sw, sw_sum, out, work)
        return value, out.T.reshape(raw.shape)


class SquaredError(Loss):
    """Half squared error, ``l = (z - y)^2 / 2``, with the identity link."""

    name = "squared_error"

    def value_and_gradient(self, raw, y, sample_weight, sw_sum, out, work):
        np.subtract(raw, y, out=out)
        if sample_weight is None:
            value = 0.5 * float(np.vdot(out, out)) / sw_sum
            out *= 1.0 / sw_sum
            return value
        (weighted,) = work
        np.multiply(out, sample_weight, out=weighted)
        value = 0.5 * float(np.vdot(weighted, out)) / sw_sum
        np.multiply(weighted, 1.0 / sw_sum, out=out)
        return value


class PoissonLoss(Loss):
    """Half Poisson deviance with the log link, ``mu = exp(z)``.

    Per element ``l = mu - y z + (y log y - y)``: the bracket does not depend
    on the parameters, and is kept so that a perfect fit has zero loss, as in
    scikit-learn's ``loss_``. The canonical link makes the gradient
    ``mu - y``.
    """

    name = "poisson"
    out_activation = "exp"

    def check_target(self, y):
        if np.any(y < 0):
            raise ValueError(
                "loss='poisson' requires non-negative targets (counts or rates), "
                f"but y has {int(np.sum(y < 0))} negative value(s), the smallest "
                f"being {float(np.min(y))!r}. Use loss='squared_error' for "
                "signed targets, or shift y so that it is >= 0."
            )

    def value_and_gradient(self, raw, y, sample_weight, sw_sum, out, work):
        (mu,) = work
        np.exp(raw, out=mu)
        np.multiply(y, raw, out=out)
        np.subtract(mu, out, out=out)
        value = _weighted_total(out, sample_weight)
        xlogy(y, y, out=out)
        out -= y
        value += _weighted_total(out, sample_weight)
        np.subtract(mu, y, out=out)
        _scale_gradient(out, sample_weight, sw_sum)
        return value / sw_sum

    def inverse_link(self, raw):
        return np.exp(raw, out=raw)


class SoftmaxLogLoss(Loss):
    """Multinomial log-loss of a softmax output, through log-sum-exp.

    ``y`` is the one-hot indicator matrix. Per sample
    ``l = logsumexp(z) - sum_k y_k z_k``; no probability is clipped, because
    no logarithm of a probability is ever taken.
    """

    name = "log_loss"
    out_activation = "softmax"

    def workspace(self, n_samples, n_outputs, dtype):
        return (
            np.empty((n_outputs, n_samples), dtype=dtype),
            np.empty((1, n_samples), dtype=dtype),
            np.empty((1, n_samples), dtype=dtype),
            np.empty((1, n_samples), dtype=dtype),
        )

    def value_and_gradient(self, raw, y, sample_weight, sw_sum, out, work):
        exp_z, col_max, col_sum, log_col_sum = work
        # Shift each sample's logits by their maximum: the softmax is
        # unchanged and exp cannot overflow.
        np.max(raw, axis=0, keepdims=True, out=col_max)
        np.subtract(raw, col_max, out=out)
        if sample_weight is None:
            target_logit = float(np.vdot(y, out))
        else:
            np.multiply(y, out, out=exp_z)
            np.sum(exp_z, axis=0, keepdims=True, out=col_max)
            target_logit = float(np.vdot(sample_weight, col_max))
        np.exp(out, out=exp_z)
        np.sum(exp_z, axis=0, keepdims=True, out=col_sum)
        np.log(col_sum, out=log_col_sum)
        if sample_weight is None:
            value = float(log_col_sum.sum()) - target_logit
        else:
            value = float(np.vdot(sample_weight, log_col_sum)) - target_logit
        np.divide(exp_z, col_sum, out=out)
        out -= y
        _scale_gradient(out, sample_weight, sw_sum)
        return value / sw_sum

    def inverse_link(self, raw):
        return softmax_inplace(raw)


class SigmoidLogLoss(Loss):
    """Binary log-loss of independent logistic outputs (binary, multilabel).

    Per element ``l = log(1 + exp(z)) - y z``, computed as
    ``logaddexp(0, z) - y z`` so that it neither overflows nor needs clipping.
    """

    name = "log_loss"
    out_activation = "logistic"

    def workspace(self, n_samples, n_outputs, dtype):
        return (
            np.empty((n_outputs, n_samples), dtype=dtype),
            np.empty((n_outputs, n_samples), dtype=dtype),
        )

    def value_and_gradient(self, raw, y, sample_weight, sw_sum, out, work):
        softplus, target_logit = work
        np.logaddexp(0, raw, out=softplus)
        if sample_weight is None:
            value = float(softplus.sum()) - float(np.vdot(y, raw))
        else:
            np.multiply(y, raw, out=target_logit)
            softplus -= target_logit
            value = _weighted_total(softplus, sample_weight)
        expit(raw, out=out)
        out -= y
        _scale_gradient(out, sample_weight, sw_sum)
        return value / sw_sum

    def inverse_link(self, raw):
        return expit(raw, out=raw)


class HuberLoss(Loss):
    """Huber loss: quadratic near zero, linear beyond ``delta``.

    ``l = r^2 / 2`` for ``|r| <= delta`` and ``delta (|r| - delta / 2)``
    otherwise, with ``r = z - y``; the gradient is ``r`` clipped to
    ``[-delta, delta]`` (Huber, 1964). Outlying records pull on the fit with
    a bounded force.
    """

    name = "huber"

    def __init__(self, delta=1.0):
        self.delta = float(delta)

    def _options(self):
        return {"delta": self.delta}

    def workspace(self, n_samples, n_outputs, dtype):
        return (
            np.empty((n_outputs, n_samples), dtype=dtype),
            np.empty((n_outputs, n_samples), dtype=dtype),
        )

    def value_and_gradient(self, raw, y, sample_weight, sw_sum, out, work):
        residual, values = work
        delta = self.delta
        np.subtract(raw, y, out=residual)
        np.clip(residual, -delta, delta, out=out)
        # With c = clip(r), the loss is c (r - c / 2) in both regimes.
        np.multiply(out, 0.5, out=values)
        np.subtract(residual, values, out=values)
        values *= out
        value = _weighted_total(values, sample_weight)
        _scale_gradient(out, sample_weight, sw_sum)
        return value / sw_sum


class AbsoluteError(Loss):
    """Absolute error ``l = |z - y|``, fitting the conditional median.

    Its gradient is ``sign(z - y)`` (0 where the residual is exactly 0).
    """

    name = "absolute_error"

    def value_and_gradient(self, raw, y, sample_weight, sw_sum, out, work):
        (residual,) = work
        np.subtract(raw, y, out=residual)
        np.sign(residual, out=out)
        np.abs(residual, out=residual)
        value = _weighted_total(residual, sample_weight)
        _scale_gradient(out, sample_weight, sw_sum)
        return value / sw_sum


class QuantileLoss(Loss):
    """Pinball loss of one or several quantiles (Koenker & Bassett, 1978).

    For quantile ``q`` and residual ``r = y - z``,
    ``l = max(q r, (q - 1) r)``, whose gradient with respect to ``z`` is
    ``1[y < z] - q``. With several quantiles, one target gets one output per
    quantile, in increasing order, and predictions are sorted along each row
    so that the quantiles never cross.
    """

    name = "quantile"

    def __init__(self, quantiles=(0.5,)):
        self.quantiles = np.asarray(quantiles, dtype=float).reshape(-1)

    def _options(self):
        return {"quantiles": self.quantiles.tolist()}

    def n_raw_outputs(self, n_targets):
        if self.quantiles.size > 1 and n_targets > 1:
            raise ValueError(
                f"A sequence of quantiles ({self.quantiles.tolist()}) needs a "
                f"single target, but y has {n_targets} columns. Fit one model "
                "per target, or ask for a single quantile."
            )
        return n_targets * self.quantiles.size

    def n_targets(self, n_raw_outputs):
        return n_raw_outputs // self.quantiles.size

    def workspace(self, n_samples, n_outputs, dtype):
        self._q = self.quantiles.astype(dtype).reshape(-1, 1)
        return (np.empty((n_outputs, n_samples), dtype=dtype),)

    def value_and_gradient(self, raw, y, sample_weight, sw_sum, out, work):
        (residual,) = work
        q = self._q if self._q.dtype == raw.dtype else self._q.astype(raw.dtype)
        np.subtract(y, raw, out=residual)
        np.less(residual, 0, out=out)
        out -= q
        # pinball(r) = r (q - 1[r < 0]) = -r * gradient
        np.multiply(residual, out, out=residual)
        value = -_weighted_total(residual, sample_weight)
        _scale_gradient(out, sample_weight, sw_sum)
        return value / sw_sum

    def inverse_link(self, raw):
        if self.quantiles.size > 1:
            raw.sort(axis=1)
        return raw


class GaussianNLL(Loss):
    """Negative log-likelihood of a Gaussian with predicted mean and variance.

    The network has two outputs per target: the mean ``mu`` and the log of
    the variance ``s`` (Nix & Weigend, 1994). Per element
    ``l = (s + (y - mu)^2 exp(-s) + log(2 pi)) / 2``, so the loss is the
    exact negative log-likelihood, and
    ``dl/dmu = (mu - y) exp(-s)``, ``dl/ds = (1 - (y - mu)^2 exp(-s)) / 2``.
    Rows ``[0, t)`` of the raw output are the means, rows ``[t, 2t)`` the log
    variances.
    """

    name = "gaussian_nll"
    _HALF_LOG_2PI = 0.5 * np.log(2.0 * np.pi)

    def n_raw_outputs(self, n_targets):
        return 2 * n_targets

    def n_targets(self, n_raw_outputs):
        return n_raw_outputs // 2

    def workspace(self, n_samples, n_outputs, dtype):
        half = n_outputs // 2
        return (
            np.empty((half, n_samples), dtype=dtype),
            np.empty((half, n_samples), dtype=dtype),
        )

    def value_and_gradient(self, raw, y, sample_weight, sw_sum, out, work):
        precision, residual = work
        t = raw.shape[0] // 2
        mean, log_var = raw[:t], raw[t:]
        grad_mean, grad_log_var = out[:t], out[t:]
        np.negative(log_var, out=precision)
        np.exp(precision, out=precision)
        value = _weighted_total(log_var, sample_weight)
        np.subtract(mean, y, out=residual)
        np.multiply(residual, precision, out=grad_mean)
        # residual <- (mu - y)^2 exp(-s)
        np.multiply(residual, grad_mean, out=residual)
        value += _weighted_total(residual, sample_weight)
        np.subtract(1, residual, out=grad_log_var)
        grad_log_var *= 0.5
        _scale_gradient(out, sample_weight, sw_sum)
        n_elements = sw_sum * t
        return 0.5 * value / sw_sum + self._HALF_LOG_2PI * n_elements / sw_sum

    def inverse_link(self, raw):
        return raw[:, : raw.shape[1] // 2]

    @staticmethod
    def standard_deviation(raw):
        """Predicted standard deviation, ``exp(s / 2)``, from row-major raw output."""
        return np.exp(0.5 * raw[:, raw.shape[1] // 2 :])


def _scale_gradient(out, sample_weight, sw_sum):
    """Turn per-element derivatives into the gradient of the weighted mean."""
    if sample_weight is not None:
        out *= sample_weight
    out *= 1.0 / sw_sum


_LOSS_CLASSES = {
    cls.__name__: cls
    for cls in (
        SquaredError,
        PoissonLoss,
        SoftmaxLogLoss,
        SigmoidLogLoss,
        HuberLoss,
        AbsoluteError,
        QuantileLoss,
        GaussianNLL,
    )
}


def loss_from_state(state: dict) -> Loss:
    """Rebuild the loss whose :meth:`Loss.state` is ``state``."""
    options = dict(state)
    kind = options.pop("kind")
    if kind not in _LOSS_CLASSES:
        raise ValueError(f"Unknown loss {kind!r} in a saved state.")
    return _LOSS_CLASSES[kind](**options)


REGRESSION_LOSSES = (
    "squared_error",
    "poisson",
    "huber",
    "absolute_error",
    "quantile",
    "gaussian_nll",
)
