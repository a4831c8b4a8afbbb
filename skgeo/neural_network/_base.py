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
import scipy.sparse as sp
from sklearn.base import BaseEstimator, is_classifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import check_scoring
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from ..utils._compat import CallbackSupportMixin
from ..utils._threads import blas_threads_for, wants_blas_threads
from ..utils._validation import (
    HasMethods,
    Interval,
    Options,
    StrOptions,
    check_sample_weight,
    validate_predict_data,
)
from ._callbacks import EpochCallbacks
from ._core import Backprop, ParameterLayout, forward, initialize_parameters, run_epoch
from ._losses import loss_from_state
from ._optimizers import make_optimizer, optimizer_from_state
from ._row_hash import row_hashes
from ._validation_split import ValidationSet, fraction_split, splitter_split

_STOCHASTIC_SOLVERS = ("sgd", "adam")

_NON_FINITE_MESSAGE = (
    "Solver produced non-finite parameter weights. The input data may contain "
    "large values and need to be preprocessed."
)


class PartialFitUnavailableError(AttributeError, ValueError):
    """``partial_fit`` does not apply to this configuration.

    An ``AttributeError``, so that ``hasattr(estimator, "partial_fit")`` is
    False and tools skip it, and a ``ValueError``, which is what
    scikit-learn's MLP raises when ``partial_fit`` meets early stopping.
    """


class BaseGeoMLP(CallbackSupportMixin, BaseEstimator, ABC):
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
        "learning_rate": [StrOptions({"constant", "invscaling", "adaptive", "cosine"})],
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
        "dropout": [Interval(Real, 0, 1, closed="left"), "array-like"],
        "validation_split": [HasMethods(["split"]), None],
        "early_stopping_scoring": [StrOptions({"loss"}), str, callable, None],
        "restore_best_weights": ["boolean"],
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
        dropout,
        validation_split,
        early_stopping_scoring,
        restore_best_weights,
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
        self.dropout = dropout
        self.validation_split = validation_split
        self.early_stopping_scoring = early_stopping_scoring
        self.restore_best_weights = restore_best_weights

    # ------------------------------------------------------------------
    # Hooks for the two estimators
    # ------------------------------------------------------------------
    @abstractmethod
    def _validate_input(self, X, y, incremental, reset):
        """Return validated ``X`` and the 2-D target matrix ``Y``."""

    @abstractmethod
    def _loss_function(self, n_targets):
        """Return the :class:`~._losses.Loss` this estimator trains with."""

    @abstractmethod
    def _predict_from_raw(self, raw):
        """Predictions (as ``predict`` returns them) from raw network outputs."""

    @abstractmethod
    def _default_score(self, y, y_pred, sample_weight):
        """The early-stopping score when ``early_stopping_scoring=None``."""

    @abstractmethod
    def _targets_for_scoring(self, Y):
        """Targets as the score functions expect them, from the matrix ``Y``."""

    def _weighted(self, Y, sample_weight, incremental):
        """Sample weights with any class weights folded in (classifier hook)."""
        return sample_weight

    # ------------------------------------------------------------------
    # fit ladder
    # ------------------------------------------------------------------
    def _fit(
        self,
        X,
        y,
        sample_weight=None,
        incremental=False,
        groups=None,
        X_val=None,
        y_val=None,
        sample_weight_val=None,
    ):
        hidden_layer_sizes = self._validated_hidden_layer_sizes()
        dropout = self._validated_dropout(len(hidden_layer_sizes))
        self._check_validation_options(incremental, X_val, y_val, sample_weight_val)
        first_pass = not hasattr(self, "coefs_") or (
            not self.warm_start and not incremental
        )
        X_given, y_given = X, y
        X, Y = self._validate_input(X, y, incremental, reset=first_pass)
        sample_weight = self._validated_sample_weight(sample_weight, X)
        sample_weight = self._weighted(Y, sample_weight, incremental)
        if sample_weight is not None:
            # Batches gather weights into compute-dtype buffers, which
            # np.take cannot cast into.
            sample_weight = sample_weight.astype(X.dtype, copy=False)
        self._random_state = check_random_state(self.random_state)
        loss = self._loss_function(Y.shape[1])
        loss.check_target(Y)
        n_outputs = loss.n_raw_outputs(Y.shape[1])
        layer_units = [X.shape[1], *hidden_layer_sizes, n_outputs]

        if first_pass:
            self._initialize(layer_units, loss, X.dtype)
        else:
            self._adopt_parameters(layer_units)
            if X.dtype != self._packed.dtype:
                X = X.astype(self._packed.dtype)
        self._loss = loss
        # Regression targets train in the compute dtype; class indicators
        # stay boolean (converted batch by batch), as scikit-learn keeps them.
        target_dtype = bool if Y.dtype == bool else self._packed.dtype
        Y = np.ascontiguousarray(Y, dtype=target_dtype)
        if not incremental or first_pass:
            self._reset_history()
        elif not self.early_stopping and getattr(self, "best_loss_", None) is None:
            # An early-stopped fit tracks no best training loss; a later
            # partial_fit (after set_params(early_stopping=False)) starts one.
            self.best_loss_ = np.inf
            self._no_improvement_count = 0

        # Callbacks see the data as the user passed it: their scorers call
        # predict, which expects the original feature names and labels.
        # L-BFGS may evaluate the loss once more after its last iteration.
        max_epochs = self.max_iter + (self.solver == "lbfgs")
        callbacks = EpochCallbacks(self, X_given, y_given, sample_weight, max_epochs)
        try:
            if self.solver in _STOCHASTIC_SOLVERS:
                validation = None
                if not incremental:  # partial_fit trains on all it is given
                    X, Y, sample_weight, validation = self._split_validation(
                        X,
                        Y,
                        sample_weight,
                        (X_given, y_given, groups),
                        (X_val, y_val, sample_weight_val),
                    )
                self._fit_stochastic(
                    X,
                    Y,
                    sample_weight,
                    loss,
                    incremental,
                    validation,
                    dropout,
                    callbacks,
                )
            else:
                self._fit_lbfgs(X, Y, sample_weight, loss, callbacks)
        finally:
            callbacks.end_fit()
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

    def _validated_dropout(self, n_hidden):
        """Dropout rate per hidden layer, or None when there is no dropout."""
        rates = np.asarray(self.dropout, dtype=float).reshape(-1)
        if rates.size == 1:
            rates = np.repeat(rates, n_hidden)
        elif rates.size != n_hidden:
            raise ValueError(
                f"dropout has {rates.size} rates but the network has {n_hidden} "
                f"hidden layers (hidden_layer_sizes={self.hidden_layer_sizes!r}). "
                "Give one rate per hidden layer, or a single float for all."
            )
        if not np.all((rates >= 0) & (rates < 1)):
            raise ValueError(
                f"dropout rates must be in [0, 1); got {self.dropout!r}. A rate "
                "is the probability of zeroing a unit during training."
            )
        if not rates.any():
            return None
        if self.solver == "lbfgs":
            raise ValueError(
                f"dropout={self.dropout!r} needs a stochastic solver: random masks "
                "make the L-BFGS line search meaningless. Use solver='adam' or "
                "'sgd', or set dropout=0."
            )
        return rates.tolist()

    def _check_validation_options(self, incremental, X_val, y_val, sample_weight_val):
        if (X_val is None) != (y_val is None):
            raise ValueError(
                "X_val and y_val must be given together; got "
                f"X_val={'None' if X_val is None else 'an array'} and "
                f"y_val={'None' if y_val is None else 'an array'}."
            )
        if sample_weight_val is not None and X_val is None:
            raise ValueError("sample_weight_val needs X_val and y_val.")
        wants_validation = X_val is not None or self.validation_split is not None
        if wants_validation and self.solver == "lbfgs":
            raise ValueError(
                "A validation set (X_val or validation_split) is only used by the "
                "stochastic solvers; solver='lbfgs' has no epochs to monitor. "
                "Use solver='adam' or 'sgd'."
            )
        if incremental and self.early_stopping:
            raise ValueError(
                "partial_fit does not support early_stopping=True: one call is "
                "one epoch, with no validation set to stop on. Call fit, or set "
                "early_stopping=False."
            )

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
        for stale in ("_optimizer", "_best_params"):
            self.__dict__.pop(stale, None)

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
        self.__dict__.pop("_best_params", None)

    def _reset_history(self):
        """Start the per-fit records afresh (scikit-learn leaks them)."""
        self.n_iter_ = 0
        self.loss_curve_ = []
        self._no_improvement_count = 0
        self.__dict__.pop("_best_params", None)
        monitored = self.solver in _STOCHASTIC_SOLVERS and (
            self.early_stopping or self.validation_split is not None
        )
        self.validation_loss_curve_ = [] if monitored else None
        self.validation_scores_ = [] if monitored else None
        self.best_validation_score_ = -np.inf if monitored else None
        self.best_loss_ = None if self.early_stopping else np.inf

    # ------------------------------------------------------------------
    # validation set
    # ------------------------------------------------------------------
    def _split_validation(self, X, Y, sample_weight, given, explicit):
        """Split off (or build) the validation set; see :mod:`._validation_split`."""
        X_given, y_given, groups = given
        X_val, y_val, sample_weight_val = explicit
        if X_val is not None:
            validation = self._explicit_validation(X_val, y_val, sample_weight_val)
        elif self.validation_split is not None:
            train, val = splitter_split(self.validation_split, X_given, y_given, groups)
            self._check_validation_size(val.size, X.shape[0], "validation_split")
            validation = self._validation_subset(X, Y, sample_weight, val)
            X, Y, sample_weight = self._subset(X, Y, sample_weight, train)
        elif self.early_stopping:
            if X.shape[0] < 3:
                raise ValueError(
                    "The validation set is too small: early stopping needs at "
                    f"least 3 samples to hold 2 out, got {X.shape[0]} sample(s). "
                    "Set early_stopping=False or use more data."
                )
            train, val, n_distinct = self._fraction_split(X, Y, sample_weight)
            self._check_validation_size(n_distinct, X.shape[0], "validation_fraction")
            validation = self._validation_subset(X, Y, sample_weight, val)
            X, Y, sample_weight = self._subset(X, Y, sample_weight, train)
        else:
            return X, Y, sample_weight, None
        if self.validation_loss_curve_ is None:
            self.validation_loss_curve_ = []
            self.validation_scores_ = []
            self.best_validation_score_ = -np.inf
        return X, Y, sample_weight, validation

    def _fraction_split(self, X, Y, sample_weight):
        stratify, strict = None, True
        if is_classifier(self) and self._loss.out_activation == "softmax":
            # scikit-learn does not stratify multiclass targets at all, so a
            # class too small to split is kept in training, not an error.
            stratify, strict = self.classes_[Y.argmax(axis=1)], False
        elif is_classifier(self) and Y.shape[1] == 1:
            # The positive-class indicator, named as scikit-learn names it.
            stratify = Y[:, 0].astype(bool)
        seed = self._random_state.randint(2**31 - 1)
        try:
            return fraction_split(
                X, Y, self.validation_fraction, seed, stratify, sample_weight, strict
            )
        except ValueError as exc:
            raise ValueError(
                f"{exc}. Early stopping draws a stratified validation set of "
                f"validation_fraction={self.validation_fraction}. Give every "
                "class at least 2 samples, or pass validation_split or X_val."
            ) from exc

    @staticmethod
    def _check_validation_size(n_val, n_samples, parameter):
        if n_val < 2:
            raise ValueError(
                f"The validation set is too small: {parameter} kept {n_val} "
                f"distinct sample(s) for validation out of {n_samples} "
                "sample(s); early stopping needs at least 2. Increase "
                f"'{parameter}' or the size of your dataset."
            )

    @staticmethod
    def _subset(X, Y, sample_weight, index):
        X_part = X[index]
        if sp.issparse(X_part):
            X_part = X_part.tocsr()
        weights = None if sample_weight is None else sample_weight[index]
        return X_part, np.ascontiguousarray(Y[index]), weights

    def _validation_subset(self, X, Y, sample_weight, index):
        X_val, Y_val, sw_val = self._subset(X, Y, sample_weight, index)
        if sw_val is not None and not sw_val.any():
            raise ValueError(
                "Every validation sample has zero weight, so no score can be "
                "computed. Check sample_weight and class_weight."
            )
        return ValidationSet(X_val, Y_val, self._targets_for_scoring(Y_val), sw_val)

    def _explicit_validation(self, X_val, y_val, sample_weight_val):
        n_features = self.n_features_in_
        n_val_features = np.shape(X_val)[1] if np.ndim(X_val) == 2 else None
        if n_val_features != n_features:
            raise ValueError(
                f"X_val has {n_val_features} features per sample but X has "
                f"{n_features}. Pass a validation set with the same columns as X "
                "(transformed the same way, outside a Pipeline)."
            )
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="X does not have valid feature")
            X_val, Y_val = self._validate_input(X_val, y_val, True, reset=False)
        if X_val.dtype != self._packed.dtype:
            X_val = X_val.astype(self._packed.dtype)
        sw_val = self._validated_sample_weight(sample_weight_val, X_val)
        sw_val = self._weighted(Y_val, sw_val, True)
        Y_val = np.ascontiguousarray(Y_val, dtype=self._packed.dtype)
        return ValidationSet(X_val, Y_val, self._targets_for_scoring(Y_val), sw_val)

    # ------------------------------------------------------------------
    # stochastic solvers
    # ------------------------------------------------------------------
    def _fit_stochastic(
        self, X, Y, sample_weight, loss, incremental, validation, dropout, callbacks
    ):
        if not incremental or not hasattr(self, "_optimizer"):
            self._optimizer = self._make_optimizer()
        if sp.issparse(X) and X.format != "csr":
            X = X.tocsr()  # row batches are cheap in CSR only
        batch_size = self._resolved_batch_size(X.shape[0])
        # Drawn only when dropout is on, so that seeds keep reproducing
        # scikit-learn's draws otherwise.
        seed = None if dropout is None else self._random_state.randint(2**31 - 1)
        threaded = wants_blas_threads(self._layout.layer_units, batch_size)
        backprop = self._backprop(
            loss,
            Y.shape[1],
            threaded,
            input_mode="buffer" if isinstance(X, np.ndarray) else "external",
            dropout=dropout,
            dropout_seed=seed,
        )
        if dropout is not None:
            backprop.set_sample_keys(row_hashes(X, Y, seed))
        with blas_threads_for(threaded):
            self._train_epochs(
                backprop,
                X,
                Y,
                sample_weight,
                validation,
                batch_size,
                incremental,
                callbacks,
            )

    def _backprop(self, loss, n_targets, threaded, **options):
        """The core's loss-and-gradient engine for this network."""
        return Backprop(
            self._layout,
            self._packed,
            self.activation,
            loss,
            self.alpha,
            n_targets=n_targets,
            threaded_blas=threaded,
            **options,
        )

    def _make_optimizer(self):
        options = dict(
            learning_rate_init=self.learning_rate_init,
            lr_schedule=self.learning_rate,
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
                stacklevel=5,
            )
        return int(np.clip(self.batch_size, 1, n_samples))

    def _train_epochs(
        self,
        backprop,
        X,
        Y,
        sample_weight,
        validation,
        batch_size,
        incremental,
        callbacks,
    ):
        """Run epochs until convergence, ``max_iter``, divergence or Ctrl-C."""
        rng = self._random_state
        n_samples = X.shape[0]
        sample_order = np.arange(n_samples)
        if getattr(self, "_best_params", None) is None:
            self._best_params = self._packed.copy()
            self._best_epoch = self.n_iter_
        started = time.perf_counter()
        try:
            for _ in range(self.max_iter):
                order = None
                if self.shuffle:
                    # Shuffling the running order in place makes the same
                    # swaps as sklearn.utils.shuffle (which shuffles an
                    # arange and indexes with it), so a seed reproduces
                    # scikit-learn's sample order, without two more arrays.
                    rng.shuffle(sample_order)
                    order = sample_order
                callbacks.begin_epoch()
                backprop.set_epoch(self.n_iter_)
                loss = run_epoch(
                    backprop, self._optimizer, X, Y, sample_weight, order, batch_size
                )
                stop = self._end_epoch(loss, n_samples, validation, started)
                stop = callbacks.end_epoch() or stop
                if stop or incremental:
                    break
                if self.n_iter_ == self.max_iter:
                    warnings.warn(
                        f"Stochastic Optimizer: Maximum iterations ({self.max_iter}) "
                        "reached and the optimization hasn't converged yet.",
                        ConvergenceWarning,
                        stacklevel=6,
                    )
        except KeyboardInterrupt:
            warnings.warn(
                "Training interrupted by user. The model keeps the best "
                f"parameters found in the {self.n_iter_} completed epoch(s).",
                UserWarning,
                stacklevel=6,
            )
            if not np.isfinite(self._packed).all() and self._found_best():
                np.copyto(self._packed, self._best_params)
        if self.early_stopping and self.restore_best_weights and self._found_best():
            np.copyto(self._packed, self._best_params)

    def _end_epoch(self, loss, n_samples, validation, started):
        """Record an epoch and decide whether to stop; True means stop."""
        self.n_iter_ += 1
        self.t_ += n_samples
        self.loss_ = loss
        self.loss_curve_.append(loss)
        score = validation_loss = None
        if validation is not None:
            validation_loss, score = self._validation_metrics(validation)
            self.validation_loss_curve_.append(validation_loss)
            self.validation_scores_.append(score)
        if self.verbose:
            self._print_progress(loss, validation_loss, score, started)
        if (
            not np.isfinite(loss)
            or (score is not None and not np.isfinite(score))
            or (validation_loss is not None and not np.isfinite(validation_loss))
            or not np.isfinite(self._packed).all()
        ):
            self._handle_divergence(loss, validation_loss, score)
            return True
        self._update_no_improvement_count(loss, score)
        self._optimizer.iteration_ends(self.t_, self.n_iter_)
        if self._no_improvement_count > self.n_iter_no_change:
            what = "Validation score" if self.early_stopping else "Training loss"
            message = (
                f"{what} did not improve more than tol={self.tol:f} for "
                f"{self.n_iter_no_change} consecutive epochs."
            )
            if self._optimizer.trigger_stopping(message, self.verbose):
                return True
            self._no_improvement_count = 0
        return False

    def _validation_metrics(self, validation):
        """Validation loss (no L2 penalty) and score of the current network."""
        raw = forward(self.coefs_, self.intercepts_, self.activation, validation.X)
        with np.errstate(all="ignore"):
            loss = self._loss.value(raw, validation.Y, validation.sample_weight)
        scoring = self.early_stopping_scoring
        if scoring is None:
            prediction = self._predict_from_raw(raw)
            if prediction.dtype.kind == "f" and not np.isfinite(prediction).all():
                return loss, np.nan
            score = self._default_score(
                validation.y, prediction, validation.sample_weight
            )
        elif scoring == "loss":
            score = -loss
        else:
            scorer = check_scoring(self, scoring=scoring)
            kwargs = {}
            if validation.sample_weight is not None:
                kwargs["sample_weight"] = validation.sample_weight
            with warnings.catch_warnings():
                warnings.filterwarnings(
                    "ignore", message="X does not have valid feature names"
                )
                score = scorer(self, validation.X, validation.y, **kwargs)
        return loss, float(score)

    def _update_no_improvement_count(self, loss, score):
        if self.early_stopping:
            # Compare with the best before this epoch, as scikit-learn does.
            if score < self.best_validation_score_ + self.tol:
                self._no_improvement_count += 1
            else:
                self._no_improvement_count = 0
            if score > self.best_validation_score_:
                self.best_validation_score_ = score
                self._keep_best()
            return
        if score is not None:
            self.best_validation_score_ = max(self.best_validation_score_, score)
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

    def _handle_divergence(self, loss, validation_loss, score):
        """Stop on non-finite values: restore the best epoch and warn, or raise."""
        if not np.isfinite(loss):
            what, value = "training loss", loss
        elif validation_loss is not None and not np.isfinite(validation_loss):
            what, value = "validation loss", validation_loss
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
            stacklevel=7,
        )

    def _print_progress(self, loss, validation_loss, score, started):
        line = f"Iteration {len(self.loss_curve_)}, loss = {loss:.8f}"
        if validation_loss is not None:
            line += f", validation loss = {validation_loss:.8f}"
        if score is not None:
            line += f", validation score = {score:.6f}"
        line += f", elapsed = {time.perf_counter() - started:.2f} s"
        print(line)

    # ------------------------------------------------------------------
    # L-BFGS
    # ------------------------------------------------------------------
    def _fit_lbfgs(self, X, Y, sample_weight, loss, callbacks):
        n_samples = X.shape[0]
        threaded = wants_blas_threads(self._layout.layer_units, n_samples)
        backprop = self._backprop(loss, Y.shape[1], threaded, input_mode="external")
        n, sw_sum = backprop.gather(X, Y, sample_weight, slice(0, n_samples))
        weighted = sample_weight is not None
        params = self._packed
        started = time.perf_counter()

        def objective(theta):
            # An iteration's sub-task opens with its first loss evaluation.
            callbacks.begin_epoch()
            np.copyto(params, theta, casting="same_kind")
            value = backprop.compute(n, sw_sum, weighted)
            # scipy may keep the gradient it is handed: give it a fresh array.
            return value, backprop.grad.astype(np.float64)

        stopped_by_callback = False

        def end_iteration(intermediate_result):
            nonlocal stopped_by_callback
            self.loss_curve_.append(float(intermediate_result.fun))
            if self.verbose:
                self._print_progress(self.loss_curve_[-1], None, None, started)
            if callbacks.active:
                np.copyto(params, intermediate_result.x, casting="same_kind")
                if callbacks.end_epoch():
                    stopped_by_callback = True
                    raise StopIteration

        with blas_threads_for(threaded):
            result = scipy.optimize.minimize(
                objective,
                params.astype(np.float64),
                method="L-BFGS-B",
                jac=True,
                callback=end_iteration,
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
        if result.status != 0 and not stopped_by_callback:
            warnings.warn(
                f"lbfgs failed to converge after {self.n_iter_} iteration(s) "
                f"({result.message}). Increase max_iter (now {self.max_iter}) or "
                f"max_fun (now {self.max_fun}), or scale the data.",
                ConvergenceWarning,
                stacklevel=5,
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

    def _predict(self, X, check_input=True):
        return self._predict_from_raw(self._raw_output(X, check_input=check_input))

    def _check_partial_fit(self):
        """Whether ``partial_fit`` exists: stochastic solvers, no early stopping."""
        if self.solver not in _STOCHASTIC_SOLVERS:
            raise AttributeError(
                "partial_fit is only available for stochastic optimizers. "
                f"{self.solver} is not stochastic."
            )
        if self.early_stopping:
            raise PartialFitUnavailableError(
                "partial_fit does not support early_stopping=True: one call is "
                "one epoch, with no validation set to stop on. Call fit, or set "
                "early_stopping=False."
            )
        return True

    # ------------------------------------------------------------------
    # persistence and tags
    # ------------------------------------------------------------------
    def __getstate__(self):
        # A copy: object.__getstate__ may return the live __dict__ itself.
        state = dict(super().__getstate__())
        # Only standard types are saved (NumPy arrays, Python values,
        # scikit-learn objects), so that skops can load a model trusting no
        # skgeo type but the estimator: the loss and the optimizer become
        # plain dicts, the layout and the flat vector are rebuilt from
        # coefs_/intercepts_ (which pickle as copies).
        for name in ("_packed", "_layout"):
            state.pop(name, None)
        if "_loss" in state:
            state["_loss"] = state["_loss"].state()
        if "_optimizer" in state:
            state["_optimizer"] = state["_optimizer"].state()
        if state.get("_best_params") is not None:
            state["_best_params"] = state["_best_params"].copy()
        return state

    def __setstate__(self, state):
        state = dict(state)
        if isinstance(state.get("_loss"), dict):
            state["_loss"] = loss_from_state(state["_loss"])
        if isinstance(state.get("_optimizer"), dict):
            state["_optimizer"] = optimizer_from_state(state["_optimizer"])
        best = state.pop("_best_params", None)
        super().__setstate__(state)
        if "coefs_" in self.__dict__:
            units = [self.coefs_[0].shape[0]] + [c.shape[1] for c in self.coefs_]
            self._adopt_parameters(units)
            if best is not None and best.shape == self._packed.shape:
                self._best_params = best.astype(self._packed.dtype)

    def __sklearn_is_fitted__(self):
        return "coefs_" in self.__dict__

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        return tags
