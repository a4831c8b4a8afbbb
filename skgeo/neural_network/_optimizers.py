"""Stochastic optimizers acting on the flat parameter and gradient vectors.

Because every parameter of the network lives in one vector, an update is a
handful of in-place ufunc calls whatever the depth of the network. The update
rules, schedules and stopping decisions are the ones scikit-learn's MLP uses
(so that training follows the same trajectory), plus a cosine schedule and
learning-rate schedules for Adam.

Schedules (``lr_schedule``):

``'constant'``
    ``learning_rate_init`` throughout.
``'invscaling'``
    ``learning_rate_init / (t + 1) ** power_t`` with ``t`` the number of
    training samples seen, updated at the end of each epoch.
``'adaptive'``
    Constant while training improves; divided by 5 each time the estimator
    reports ``n_iter_no_change`` epochs without improvement, until it falls
    below 1e-6, when training stops.
``'cosine'``
    ``learning_rate_init * (1 + cos(pi * epoch / max_iter)) / 2``, updated at
    the end of each epoch.
"""

import math

import numpy as np

__all__ = ["Adam", "SGD", "make_optimizer", "optimizer_from_state"]

_MIN_ADAPTIVE_RATE = 1e-6


class _Schedule:
    """Learning-rate bookkeeping shared by both optimizers."""

    def __init__(self, learning_rate_init, lr_schedule, power_t, max_iter):
        self.learning_rate_init = float(learning_rate_init)
        self.learning_rate = float(learning_rate_init)
        self.lr_schedule = lr_schedule
        self.power_t = float(power_t)
        self.max_iter = int(max_iter)

    def _schedule_state(self) -> dict:
        return {
            "learning_rate_init": self.learning_rate_init,
            "learning_rate": self.learning_rate,
            "lr_schedule": self.lr_schedule,
            "power_t": self.power_t,
            "max_iter": self.max_iter,
        }

    def iteration_ends(self, time_step: int, epoch: int) -> None:
        """Update the learning rate at the end of an epoch.

        Parameters
        ----------
        time_step : int
            Training samples seen so far (drives ``'invscaling'``).
        epoch : int
            Epochs completed in this fit (drives ``'cosine'``).
        """
        if self.lr_schedule == "invscaling":
            self.learning_rate = (
                self.learning_rate_init / (time_step + 1) ** self.power_t
            )
        elif self.lr_schedule == "cosine":
            progress = min(epoch / self.max_iter, 1.0)
            self.learning_rate = (
                0.5 * self.learning_rate_init * (1.0 + math.cos(math.pi * progress))
            )

    def trigger_stopping(self, message: str, verbose) -> bool:
        """Decide, after ``n_iter_no_change`` idle epochs, whether to stop.

        Only the ``'adaptive'`` schedule keeps going, with a rate five times
        smaller, until the rate drops below 1e-6.
        """
        if self.lr_schedule != "adaptive":
            if verbose:
                print(message + " Stopping.")
            return True
        if self.learning_rate <= _MIN_ADAPTIVE_RATE:
            if verbose:
                print(message + " Learning rate too small. Stopping.")
            return True
        self.learning_rate /= 5.0
        if verbose:
            print(message + f" Setting learning rate to {self.learning_rate:f}")
        return False


class SGD(_Schedule):
    """Stochastic gradient descent with (Nesterov) momentum.

    ``v <- momentum * v - lr * g``; then ``params += v``, or with Nesterov's
    momentum ``params += momentum * v - lr * g`` (Sutskever et al., 2013, in
    the form scikit-learn uses).

    Parameters
    ----------
    n_params : int
        Length of the flat parameter vector.
    dtype : dtype
        Compute dtype.
    learning_rate_init : float
        Initial learning rate.
    lr_schedule : {'constant', 'invscaling', 'adaptive', 'cosine'}
        Learning-rate schedule.
    momentum : float
        Momentum in [0, 1].
    nesterov : bool
        Whether to use Nesterov's momentum.
    power_t : float
        Exponent of ``'invscaling'``.
    max_iter : int
        Epoch budget (the period of ``'cosine'``).
    """

    def __init__(
        self,
        n_params,
        dtype,
        learning_rate_init=0.1,
        lr_schedule="constant",
        momentum=0.9,
        nesterov=True,
        power_t=0.5,
        max_iter=200,
    ):
        super().__init__(learning_rate_init, lr_schedule, power_t, max_iter)
        self.momentum = float(momentum)
        self.nesterov = bool(nesterov)
        self.velocity = np.zeros(n_params, dtype=dtype)
        self._step = np.empty(n_params, dtype=dtype)
        self._nesterov_step = np.empty(n_params, dtype=dtype)

    def state(self) -> dict:
        """Everything needed to resume, as plain values and NumPy arrays."""
        return {
            "solver": "sgd",
            **self._schedule_state(),
            "momentum": self.momentum,
            "nesterov": self.nesterov,
            "velocity": self.velocity.copy(),
        }

    def update(self, params: np.ndarray, grad: np.ndarray) -> None:
        """Apply one update to ``params`` in place."""
        step = self._step
        np.multiply(grad, self.learning_rate, out=step)
        velocity = self.velocity
        velocity *= self.momentum
        velocity -= step
        if self.nesterov:
            ahead = self._nesterov_step
            np.multiply(velocity, self.momentum, out=ahead)
            ahead -= step
            params += ahead
        else:
            params += velocity


class Adam(_Schedule):
    """Adam (Kingma & Ba, 2015) on the flat vectors.

    ``m <- b1 m + (1 - b1) g``, ``v <- b2 v + (1 - b2) g^2``, then
    ``params -= lr_t m / (sqrt(v) + eps)`` with the bias-corrected rate
    ``lr_t = lr sqrt(1 - b2^t) / (1 - b1^t)``. ``lr`` follows the schedule
    (constant by default, as in scikit-learn, which ignores the schedule for
    Adam).

    Parameters
    ----------
    n_params : int
        Length of the flat parameter vector.
    dtype : dtype
        Compute dtype.
    learning_rate_init : float
        Initial learning rate.
    beta_1, beta_2 : float
        Decay rates of the first and second moment estimates, in [0, 1).
    epsilon : float
        Added to ``sqrt(v)`` for numerical stability.
    lr_schedule : {'constant', 'invscaling', 'adaptive', 'cosine'}
        Learning-rate schedule.
    power_t : float
        Exponent of ``'invscaling'``.
    max_iter : int
        Epoch budget (the period of ``'cosine'``).
    """

    def __init__(
        self,
        n_params,
        dtype,
        learning_rate_init=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        lr_schedule="constant",
        power_t=0.5,
        max_iter=200,
    ):
        super().__init__(learning_rate_init, lr_schedule, power_t, max_iter)
        self.beta_1 = float(beta_1)
        self.beta_2 = float(beta_2)
        self.epsilon = float(epsilon)
        self.t = 0
        # Scaled moments m' = m / (1 - b1) and v' = v / (1 - b2) obey
        # m' <- b1 m' + g and v' <- b2 v' + g^2: two or three passes each
        # instead of three or four, and no array of rates. The scale factors
        # move into the scalar step size.
        self._m = np.zeros(n_params, dtype=dtype)
        self._v = np.zeros(n_params, dtype=dtype)
        self._work = np.empty(n_params, dtype=dtype)

    @property
    def m(self) -> np.ndarray:
        """First-moment estimate, ``b1 m + (1 - b1) g`` at each step."""
        return self._m * (1.0 - self.beta_1)

    @property
    def v(self) -> np.ndarray:
        """Second-moment estimate, ``b2 v + (1 - b2) g^2`` at each step."""
        return self._v * (1.0 - self.beta_2)

    def state(self) -> dict:
        """Everything needed to resume, as plain values and NumPy arrays."""
        return {
            "solver": "adam",
            **self._schedule_state(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "t": self.t,
            "scaled_m": self._m.copy(),
            "scaled_v": self._v.copy(),
        }

    def update(self, params: np.ndarray, grad: np.ndarray) -> None:
        """Apply one update to ``params`` in place."""
        self.t += 1
        m, v, work = self._m, self._v, self._work
        m *= self.beta_1
        m += grad
        v *= self.beta_2
        np.multiply(grad, grad, out=work)
        v += work
        # lr_t m / (sqrt(v) + eps) with m = (1 - b1) m', v = (1 - b2) v'.
        root = math.sqrt(1.0 - self.beta_2)
        step = (
            self.learning_rate
            * math.sqrt(1.0 - self.beta_2**self.t)
            / (1.0 - self.beta_1**self.t)
            * (1.0 - self.beta_1)
            / root
        )
        np.sqrt(v, out=work)
        work += self.epsilon / root
        np.divide(m, work, out=work)
        work *= step
        params -= work


def make_optimizer(solver: str, n_params: int, dtype, **options):
    """Build the optimizer for ``solver`` ('sgd' or 'adam').

    Parameters
    ----------
    solver : {'sgd', 'adam'}
        The stochastic solver.
    n_params : int
        Length of the flat parameter vector.
    dtype : dtype
        Compute dtype.
    **options
        Keyword arguments of :class:`SGD` or :class:`Adam`.

    Returns
    -------
    optimizer : SGD or Adam
    """
    if solver == "sgd":
        return SGD(n_params, dtype, **options)
    if solver == "adam":
        return Adam(n_params, dtype, **options)
    raise ValueError(f"Unknown stochastic solver {solver!r}; use 'sgd' or 'adam'.")


def optimizer_from_state(state: dict):
    """Rebuild the optimizer whose :meth:`state` is ``state``.

    The inverse of ``optimizer.state()``: a pickled or skops-saved estimator
    stores its optimizer as plain values and arrays, so that loading it
    needs no skgeo type, and resumes training exactly where it stopped.
    """
    state = dict(state)
    solver = state.pop("solver")
    learning_rate = state.pop("learning_rate")
    if solver == "sgd":
        velocity = state.pop("velocity")
        optimizer = SGD(velocity.size, velocity.dtype, **state)
        np.copyto(optimizer.velocity, velocity)
    elif solver == "adam":
        t, m, v = state.pop("t"), state.pop("scaled_m"), state.pop("scaled_v")
        optimizer = Adam(m.size, m.dtype, **state)
        optimizer.t = int(t)
        np.copyto(optimizer._m, m)
        np.copyto(optimizer._v, v)
    else:
        raise ValueError(f"Unknown stochastic solver {solver!r} in a saved state.")
    optimizer.learning_rate = float(learning_rate)
    return optimizer
