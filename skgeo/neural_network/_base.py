"""BaseGeoMLP: validation, fitted state and the training loop of both MLPs.

The numerical work happens in :mod:`._core` (forward, backward, buffers),
:mod:`._losses` and :mod:`._optimizers`. This module is bookkeeping: it
validates parameters and data, owns the fitted attributes, and runs the
epoch loop with its stopping rules. The ladder is

``fit`` / ``partial_fit`` -> ``_fit`` -> ``_fit_stochastic`` | ``_fit_lbfgs``
-> ``_train_epochs`` -> ``_end_epoch``

and every rung fits on a screen.
"""

import time
import warnings
from abc import ABC, abstractmethod
from numbers import Integral, Real

import numpy as np
import scipy.optimize
from sklearn.base import BaseEstimator, is_classifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from ..utils._validation import (
    Interval,
    Options,
    StrOptions,
    check_sample_weight,
    validate_predict_data,
)
from ._core import Backprop, ParameterLayout, forward, initialize_parameters, run_epoch
from ._optimizers import make_optimizer

_STOCHASTIC_SOLVERS = ("sgd", "adam")

_NON_FINITE_MESSAGE = (
    "Solver produced non-finite parameter weights. The input data may contain "
    "large values and need to be preprocessed."
)


class BaseGeoMLP(BaseEstimator, ABC):
    """Common base of :class:`GeoMLPRegressor` and :class:`GeoMLPClassifier`.

    Not meant to be used directly.
    """

    _parameter_constraints: dict = {
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "activation": [StrOptions({"identity", "logistic", "tanh", "relu"})],
        "solver": [StrOptions({"lbfgs", "sgd", "adam"})],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "batch_size": [
            StrOptions({"auto"}),
            Interval(Integral, 1, None, closed="left"),
        ],
        "learning_rate": [StrOptions({"constant", "invscaling", "adaptive"})],
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "power_t": [Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "momentum": [Interval(Real, 0, 1, closed="both")],
        "nesterovs_momentum": ["boolean"],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="left")],
        "beta_1": [Interval(Real, 0, 1, closed="left")],
        "beta_2": [Interval(Real, 0, 1, closed="left")],
        "epsilon": [Interval(Real, 0, None, closed="neither")],
        "n_iter_no_change": [
            Interval(Integral, 1, None, closed="left"),
            Options(Real, {np.inf}),
        ],
        "max_fun": [Interval(Integral, 1, None, closed="left")],
    }

    @abstractmethod
    def __init__(
        self,
        hidden_layer_sizes,
        activation,
        solver,
        alpha,
        batch_size,
        learning_rate,
        learning_rate_init,
        power_t,
        max_iter,
        loss,
        shuffle,
        random_state,
        tol,
        verbose,
        warm_start,
        momentum,
        nesterovs_momentum,
        early_stopping,
        validation_fraction,
        beta_1,
        beta_2,
        epsilon,
        n_iter_no_change,
        max_fun,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.loss = loss
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun

    # ------------------------------------------------------------------
    # Hooks for the two estimators
    # ------------------------------------------------------------------
    @abstractmethod
    def _validate_input(self, X, y, incremental, reset):
        """Return validated ``X`` and the 2-D float target matrix ``Y``."""

    @abstractmethod
    def _loss_function(self, n_targets):
        """Return the :class:`~._losses.Loss` this estimator trains with."""

    @abstractmethod
    def _score(self, X, y, sample_weight=None):
        """Early-stopping score (R² or accuracy) without input validation."""

    def _validation_targets(self, Y_val):
        """Targets as the early-stopping score expects them."""
        return Y_val

    # ------------------------------------------------------------------
    # fit ladder
    # ------------------------------------------------------------------
    def _fit(self, X, y, sample_weight=None, incremental=False):
        hidden_layer_sizes = self._validated_hidden_layer_sizes()
        first_pass = not hasattr(self, "coefs_") or (
            not self.warm_start and not incremental
        )
        X, Y = self._validate_input(X, y, incremental, reset=first_pass)
        sample_weight = self._validated_sample_weight(sample_weight, X)
        self._random_state = check_random_state(self.random_state)
        loss = self._loss_function(Y.shape[1])
        loss.check_target(Y)
        layer_units = [X.shape[1], *hidden_layer_sizes, loss.n_raw_outputs(Y.shape[1])]

        if first_pass:
            self._initialize(layer_units, loss, X.dtype)
        else:
            self._adopt_parameters(layer_units)
            dtype = self._packed.dtype
            if X.dtype != dtype:
                X = X.astype(dtype)
        Y = np.ascontiguousarray(Y, dtype=self._packed.dtype)
        if not incremental or first_pass:
            self._reset_history()

        if self.solver in _STOCHASTIC_SOLVERS:
            self._fit_stochastic(X, Y, sample_weight, loss, incremental)
        else:
            self._fit_lbfgs(X, Y, sample_weight, loss)
        if not np.isfinite(self._packed).all():
            raise ValueError(_NON_FINITE_MESSAGE)
        return self

    def _validated_hidden_layer_sizes(self):
        sizes = self.hidden_layer_sizes
        if not hasattr(sizes, "__iter__"):
            sizes = [sizes]
        sizes = list(sizes)
        bad = [
            size
            for size in sizes
            if isinstance(size, bool | np.bool_)
            or not isinstance(size, Integral | np.integer)
            or size <= 0
        ]
        if bad:
            raise ValueError(
                "hidden_layer_sizes must be positive integers, one per hidden "
                f"layer; got {self.hidden_layer_sizes!r}, whose entries {bad!r} "
                "are not. Use e.g. hidden_layer_sizes=(64, 32)."
            )
        return [int(size) for size in sizes]

    def _validated_sample_weight(self, sample_weight, X):
        if sample_weight is None:
            return None
        sample_weight = check_sample_weight(
            sample_weight, X, dtype=X.dtype, ensure_non_negative=False
        )
        n_negative = int(np.sum(sample_weight < 0))
        if n_negative:
            raise ValueError(
                f"sample_weight must be non-negative; got {n_negative} negative "
                f"weight(s), the smallest being {float(sample_weight.min())!r}. "
                "Set them to 0 to ignore those samples."
            )
        return sample_weight

    def _initialize(self, layer_units, loss, dtype):
        """Draw a new network and reset every fitted attribute."""
        self.n_outputs_ = layer_units[-1]
        self.n_layers_ = len(layer_units)
        self.out_activation_ = loss.out_activation
        self.n_iter_ = 0
        self.t_ = 0
        self._layout = ParameterLayout(layer_units)
        self._packed = initialize_parameters(
            self._layout, self.activation, self._random_state, dtype
        )
        self._set_parameter_views()
        if hasattr(self, "_optimizer"):
            del self._optimizer

    def _set_parameter_views(self):
        self.coefs_ = self._layout.coefs(self._packed)
        self.intercepts_ = self._layout.intercepts(self._packed)

    def _adopt_parameters(self, layer_units):
        """Make the flat vector agree with ``coefs_``/``intercepts_``.

        They are views of one flat vector after ``fit``; a user may replace
        them (or a pickle may have turned them into copies), in which case
        the vector is rebuilt from them.
        """
        fitted_units = [self.coefs_[0].shape[0]] + [c.shape[1] for c in self.coefs_]
        if fitted_units != list(layer_units):
            raise ValueError(
                f"The fitted network has layer sizes {fitted_units}, but the "
                f"current parameters and data need {list(layer_units)}. With "
                "warm_start=True or partial_fit, keep hidden_layer_sizes, the "
                "number of features and of outputs unchanged, or set "
                "warm_start=False to train a new network."
            )
        packed = getattr(self, "_packed", None)
        if packed is not None and all(
            c.base is packed for c in [*self.coefs_, *self.intercepts_]
        ):
            return
        dtype = np.result_type(*self.coefs_, *self.intercepts_)
        if dtype.kind != "f":
            dtype = np.float64
        self._layout = ParameterLayout(layer_units)
        self._packed = self._layout.pack(self.coefs_, self.intercepts_, dtype)
        self._set_parameter_views()

    def _reset_history(self):
        """Start the per-fit records afresh (scikit-learn leaks them)."""
        self.n_iter_ = 0
        self.loss_curve_ = []
        self._no_improvement_count = 0
        if self.early_stopping and self.solver in _STOCHASTIC_SOLVERS:
            self.validation_scores_ = []
            self.best_validation_score_ = -np.inf
            self.best_loss_ = None
        else:
            self.best_loss_ = np.inf
            self.validation_scores_ = None
            self.best_validation_score_ = None

    # ------------------------------------------------------------------
    # stochastic solvers
    # ------------------------------------------------------------------
    def _fit_stochastic(self, X, Y, sample_weight, loss, incremental):
        if self.early_stopping and incremental:
            raise ValueError(
                "partial_fit does not support early_stopping=True: one call is "
                "one epoch, with no validation set to stop on. Call fit, or set "
                "early_stopping=False."
            )
        if not incremental or not hasattr(self, "_optimizer"):
            self._optimizer = self._make_optimizer()
        split = self._split_validation(X, Y, sample_weight)
        X_train, Y_train, sw_train = split[:3]
        validation = split[3:] if self.early_stopping else None

        n_samples = X_train.shape[0]
        batch_size = self._resolved_batch_size(n_samples)
        backprop = Backprop(
            self._layout,
            self._packed,
            self.activation,
            loss,
            self.alpha,
            n_targets=Y_train.shape[1],
            input_mode="external" if not isinstance(X_train, np.ndarray) else "buffer",
        )
        self._train_epochs(
            backprop, X_train, Y_train, sw_train, validation, batch_size, incremental
        )

    def _make_optimizer(self):
        options = dict(
            learning_rate_init=self.learning_rate_init,
            lr_schedule=self.learning_rate if self.solver == "sgd" else "constant",
            power_t=self.power_t,
            max_iter=self.max_iter,
        )
        if self.solver == "sgd":
            options.update(momentum=self.momentum, nesterov=self.nesterovs_momentum)
        else:
            options.update(beta_1=self.beta_1, beta_2=self.beta_2, epsilon=self.epsilon)
        return make_optimizer(
            self.solver, self._layout.n_params, self._packed.dtype, **options
        )

    def _resolved_batch_size(self, n_samples):
        if self.batch_size == "auto":
            return min(200, n_samples)
        if self.batch_size > n_samples:
            warnings.warn(
                f"Got batch_size={self.batch_size}, larger than the "
                f"{n_samples} training samples; it is clipped to {n_samples}.",
                UserWarning,
                stacklevel=4,
            )
        return int(np.clip(self.batch_size, 1, n_samples))

    def _split_validation(self, X, Y, sample_weight):
        """Split off the early-stopping validation set, as scikit-learn does."""
        if not self.early_stopping:
            return X, Y, sample_weight, None, None, None
        # scikit-learn stratifies single-output classification only.
        stratify = None
        if is_classifier(self) and Y.shape[1] == 1:
            stratify = Y.astype(bool)
        arrays = (X, Y) if sample_weight is None else (X, Y, sample_weight)
        parts = train_test_split(
            *arrays,
            random_state=self._random_state,
            test_size=self.validation_fraction,
            stratify=stratify,
        )
        X_train, X_val, Y_train, Y_val = parts[:4]
        sw_train, sw_val = (None, None) if sample_weight is None else parts[4:]
        if X_val.shape[0] < 2:
            raise ValueError(
                "The validation set is too small: early stopping kept "
                f"{X_val.shape[0]} sample(s) for validation out of {X.shape[0]}. "
                "Increase 'validation_fraction' or the size of your dataset."
            )
        Y_train = np.ascontiguousarray(Y_train)
        return (
            X_train,
            Y_train,
            sw_train,
            X_val,
            self._validation_targets(Y_val),
            sw_val,
        )

    def _train_epochs(
        self, backprop, X, Y, sample_weight, validation, batch_size, incremental
    ):
        """Run epochs until convergence, ``max_iter``, divergence or Ctrl-C."""
        rng = self._random_state
        n_samples = X.shape[0]
        sample_order = np.arange(n_samples)
        if not incremental or getattr(self, "_best_params", None) is None:
            self._best_params = self._packed.copy()
            self._best_epoch = 0
        started = time.perf_counter()
        try:
            for _ in range(self.max_iter):
                order = None
                if self.shuffle:
                    # The same draws as sklearn.utils.shuffle, so that a seed
                    # reproduces scikit-learn's sample order.
                    permutation = np.arange(n_samples)
                    rng.shuffle(permutation)
                    sample_order = sample_order[permutation]
                    order = sample_order
                loss = run_epoch(
                    backprop, self._optimizer, X, Y, sample_weight, order, batch_size
                )
                if self._end_epoch(loss, n_samples, validation, started):
                    break
                if incremental:
                    break
                if self.n_iter_ == self.max_iter:
                    warnings.warn(
                        f"Stochastic Optimizer: Maximum iterations ({self.max_iter}) "
                        "reached and the optimization hasn't converged yet.",
                        ConvergenceWarning,
                        stacklevel=5,
                    )
        except KeyboardInterrupt:
            warnings.warn(
                "Training interrupted by user. The model keeps the best "
                f"parameters found in the {self.n_iter_} completed epoch(s).",
                UserWarning,
                stacklevel=5,
            )
            self._restore_after_interrupt()
        if self.early_stopping:
            np.copyto(self._packed, self._best_params)

    def _end_epoch(self, loss, n_samples, validation, started):
        """Record an epoch and decide whether to stop; True means stop."""
        self.n_iter_ += 1
        self.t_ += n_samples
        self.loss_ = loss
        self.loss_curve_.append(loss)
        score = None
        if validation is not None:
            X_val, y_val, sw_val = validation
            score = self._score(X_val, y_val, sample_weight=sw_val)
            self.validation_scores_.append(score)
        if self.verbose:
            self._print_progress(loss, score, started)
        if (
            not np.isfinite(loss)
            or (score is not None and not np.isfinite(score))
            or not np.isfinite(self._packed).all()
        ):
            self._handle_divergence(loss, score)
            return True
        self._update_no_improvement_count(loss, score)
        self._optimizer.iteration_ends(self.t_, self.n_iter_)
        if self._no_improvement_count > self.n_iter_no_change:
            what = "Validation score" if validation is not None else "Training loss"
            message = (
                f"{what} did not improve more than tol={self.tol:f} for "
                f"{self.n_iter_no_change} consecutive epochs."
            )
            if self._optimizer.trigger_stopping(message, self.verbose):
                return True
            self._no_improvement_count = 0
        return False

    def _update_no_improvement_count(self, loss, score):
        if score is not None:
            if score < self.best_validation_score_ + self.tol:
                self._no_improvement_count += 1
            else:
                self._no_improvement_count = 0
            if score > self.best_validation_score_:
                self.best_validation_score_ = score
                self._keep_best()
        else:
            if loss > self.best_loss_ - self.tol:
                self._no_improvement_count += 1
            else:
                self._no_improvement_count = 0
            if loss < self.best_loss_:
                self.best_loss_ = loss
                self._keep_best()

    def _keep_best(self):
        """Copy the parameters of the best epoch so far (never an alias)."""
        np.copyto(self._best_params, self._packed)
        self._best_epoch = self.n_iter_

    def _found_best(self):
        if self.early_stopping:
            return np.isfinite(self.best_validation_score_)
        return self.best_loss_ is not None and np.isfinite(self.best_loss_)

    def _handle_divergence(self, loss, score):
        """Stop on non-finite values: restore the best epoch and warn, or raise."""
        if not np.isfinite(loss):
            what, value = "training loss", loss
        elif score is not None and not np.isfinite(score):
            what, value = "validation score", score
        else:
            what, value = "parameters", "non-finite"
        fix = (
            "Scale the inputs (e.g. StandardScaler in a Pipeline) or lower "
            f"learning_rate_init (now {self.learning_rate_init})."
        )
        if not self._found_best():
            raise ValueError(
                f"{_NON_FINITE_MESSAGE} The {what} was {value} at epoch "
                f"{self.n_iter_}, before any epoch had ended with finite values. "
                f"{fix}"
            )
        np.copyto(self._packed, self._best_params)
        criterion = "validation score" if self.early_stopping else "training loss"
        warnings.warn(
            f"Training diverged: the {what} was {value} at epoch {self.n_iter_}. "
            f"Training stopped and the parameters of epoch {self._best_epoch}, "
            f"which had the best {criterion}, were restored. {fix}",
            ConvergenceWarning,
            stacklevel=6,
        )

    def _restore_after_interrupt(self):
        if self.early_stopping:
            return  # the best parameters are restored by the caller
        if not np.isfinite(self._packed).all() and self._found_best():
            np.copyto(self._packed, self._best_params)

    def _print_progress(self, loss, score, started):
        line = f"Iteration {len(self.loss_curve_)}, loss = {loss:.8f}"
        if score is not None:
            line += f", validation score = {score:.6f}"
        line += f", elapsed = {time.perf_counter() - started:.2f} s"
        print(line)

    # ------------------------------------------------------------------
    # L-BFGS
    # ------------------------------------------------------------------
    def _fit_lbfgs(self, X, Y, sample_weight, loss):
        n_samples = X.shape[0]
        backprop = Backprop(
            self._layout,
            self._packed,
            self.activation,
            loss,
            self.alpha,
            n_targets=Y.shape[1],
            input_mode="external",
        )
        n, sw_sum = backprop.gather(X, Y, sample_weight, slice(0, n_samples))
        weighted = sample_weight is not None
        params = self._packed

        def objective(theta):
            np.copyto(params, theta, casting="same_kind")
            value = backprop.compute(n, sw_sum, weighted)
            # scipy may keep the gradient it is handed: give it a fresh array.
            return value, backprop.grad.astype(np.float64)

        started = time.perf_counter()

        def record(intermediate_result):
            self.loss_curve_.append(float(intermediate_result.fun))
            if self.verbose:
                self._print_progress(self.loss_curve_[-1], None, started)

        result = scipy.optimize.minimize(
            objective,
            params.astype(np.float64),
            method="L-BFGS-B",
            jac=True,
            callback=record,
            options={
                "maxfun": self.max_fun,
                "maxiter": self.max_iter,
                "gtol": self.tol,
            },
        )
        np.copyto(params, result.x, casting="same_kind")
        self.n_iter_ = len(self.loss_curve_)
        self.t_ += n_samples * self.n_iter_
        self.loss_ = float(result.fun)
        if self.loss_curve_:
            self.best_loss_ = min(self.loss_curve_)
        if not np.isfinite(self.loss_):
            raise ValueError(
                f"{_NON_FINITE_MESSAGE} L-BFGS ended with a non-finite loss. Scale "
                "the inputs (e.g. StandardScaler in a Pipeline)."
            )
        if result.status != 0:
            warnings.warn(
                f"lbfgs failed to converge after {self.n_iter_} iteration(s) "
                f"({result.message}). Increase max_iter (now {self.max_iter}) or "
                f"max_fun (now {self.max_fun}), or scale the data.",
                ConvergenceWarning,
                stacklevel=4,
            )

    # ------------------------------------------------------------------
    # prediction
    # ------------------------------------------------------------------
    def _raw_output(self, X, check_input=True):
        """Validated forward pass: raw outputs, before the output link."""
        if check_input:
            if "coefs_" not in self.__dict__:
                check_is_fitted(self)
            X = validate_predict_data(self, X)
        return forward(self.coefs_, self.intercepts_, self.activation, X)

    def _check_solver(self):
        if self.solver not in _STOCHASTIC_SOLVERS:
            raise AttributeError(
                "partial_fit is only available for stochastic optimizers. "
                f"{self.solver} is not stochastic."
            )
        return True

    def _score_with_function(self, X, y, sample_weight, score_function):
        y_pred = self._predict(X, check_input=False)
        if np.issubdtype(y_pred.dtype, np.floating) and not np.isfinite(y_pred).all():
            return np.nan
        return float(score_function(y, y_pred, sample_weight=sample_weight))

    # ------------------------------------------------------------------
    # persistence and tags
    # ------------------------------------------------------------------
    def __getstate__(self):
        state = super().__getstate__()
        # coefs_/intercepts_ pickle as copies; the flat vector is rebuilt.
        for name in ("_packed", "_best_params"):
            state.pop(name, None)
        return state

    def __setstate__(self, state):
        super().__setstate__(state)
        if "coefs_" in self.__dict__ and "_layout" in self.__dict__:
            self._adopt_parameters(list(self._layout.layer_units))

    def __sklearn_is_fitted__(self):
        return "coefs_" in self.__dict__

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        return tags
