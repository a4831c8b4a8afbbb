"""BaseGeoMLP: validation, fitted state and the training loop of both MLPs.

The numerical work happens in :mod:`._core` (forward, backward, buffers),
:mod:`._losses` and :mod:`._optimizers`. This module is bookkeeping: it
validates parameters and data, owns the fitted attributes, and runs the
epoch loop with its stopping rules. The ladder is

``fit`` / ``partial_fit`` -> ``_fit`` (validate, draw or adopt the network)
-> ``_train`` -> ``_fit_stochastic`` | ``_fit_lbfgs`` -> ``_train_epochs``
-> ``_end_epoch``, which consults a :class:`~._monitor.TrainingMonitor`

and every rung fits on a screen.
"""

import time
import warnings
from abc import ABC, abstractmethod
from numbers import Integral, Real

import numpy as np
import scipy.optimize
import scipy.sparse as sp
from sklearn.base import BaseEstimator
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
from ._monitor import CONTINUE, DIVERGED, TrainingMonitor
from ._optimizers import OPTIMIZERS, optimizer_from_state
from ._row_hash import row_hashes
from ._validation_split import check_validation_options, make_validation_set

#: Every solver by name, and whether it is stochastic (runs epochs with an
#: optimizer from :data:`._optimizers.OPTIMIZERS`) or the full-batch L-BFGS.
#: The ``solver`` constraint and the dispatch in ``_fit`` both read it.
SOLVERS = {"lbfgs": False, **{name: True for name in OPTIMIZERS}}

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
        "solver": [StrOptions(set(SOLVERS))],
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
    def _validation_targets(self, X_val, y_val):
        """Validated explicit validation set ``(X_val, Y_val)``, in training form.

        Errors name ``X_val``/``y_val``; nothing fitted is changed.
        """

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

    def _stratification(self, Y):
        """Labels to stratify the validation split on, and strictness (hook).

        ``None`` (the default) draws the validation fraction unstratified;
        a classifier returns ``(labels, strict)``.
        """
        return None

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
        check_validation_options(self, incremental, X_val, y_val, sample_weight_val)
        first_pass = not hasattr(self, "coefs_") or (
            not self.warm_start and not incremental
        )
        X_given, y_given = X, y
        X, Y = self._validate_input(X, y, incremental, reset=first_pass)
        sample_weight = self._validated_sample_weight(sample_weight, X)
        sample_weight = self._weighted(Y, sample_weight, incremental)
        self._check_some_weight(sample_weight)
        if sample_weight is not None:
            # Batches gather weights into compute-dtype buffers, which
            # np.take cannot cast into.
            sample_weight = sample_weight.astype(X.dtype, copy=False)
        self._random_state = check_random_state(self.random_state)
        loss = self._loss_function(Y.shape[1])
        loss.check_target(Y)
        n_outputs = loss.n_raw_outputs(Y.shape[1])
        layer_units = [X.shape[1], *hidden_layer_sizes, n_outputs]

        # Whether this call drew the network: an interruption before any
        # progress then leaves the estimator unfitted.
        self._fresh_network = first_pass
        if first_pass:
            self._initialize(layer_units, loss, X.dtype)
        else:
            self._adopt_parameters(layer_units)
            if X.dtype != self._packed.dtype:
                X = X.astype(self._packed.dtype)
        try:
            return self._train(
                X,
                Y,
                sample_weight,
                loss,
                incremental,
                first_pass,
                dropout,
                (X_given, y_given, groups),
                (X_val, y_val, sample_weight_val),
            )
        except Exception:
            if first_pass:
                # A failed first fit must not leave a network of random
                # weights that predict() would use as if it were trained.
                self._forget_fit()
            raise

    def _train(
        self, X, Y, sample_weight, loss, incremental, first_pass, dropout, given, val
    ):
        """Set up the records and run the solver (the rest of ``_fit``)."""
        X_given, y_given, groups = given
        X_val, y_val, sample_weight_val = val
        self._loss = loss
        self.out_activation_ = loss.out_activation
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
            if SOLVERS[self.solver]:
                validation = None
                if not incremental:  # partial_fit trains on all it is given
                    X, Y, sample_weight, validation = make_validation_set(
                        self,
                        X,
                        Y,
                        sample_weight,
                        (X_given, y_given, groups),
                        (X_val, y_val, sample_weight_val),
                    )
                if validation is not None and self.validation_loss_curve_ is None:
                    self.validation_loss_curve_ = []
                    self.validation_scores_ = []
                    self.best_validation_score_ = -np.inf
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
        if "coefs_" not in self.__dict__:  # interrupted before any progress
            return self
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

    def _check_some_weight(self, sample_weight):
        """All-zero weights leave nothing to fit: say which parameter did it."""
        if sample_weight is None or sample_weight.size == 0 or sample_weight.any():
            return
        culprit = (
            f"class_weight={self.class_weight!r}"
            if getattr(self, "class_weight", None) is not None
            else "sample_weight"
        )
        raise ValueError(
            f"Every training sample has zero weight ({culprit}), so there is "
            "nothing to fit. Give some samples a positive weight."
        )

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
        monitored = SOLVERS[self.solver] and (
            self.early_stopping or self.validation_split is not None
        )
        self.validation_loss_curve_ = [] if monitored else None
        self.validation_scores_ = [] if monitored else None
        self.best_validation_score_ = -np.inf if monitored else None
        self.best_loss_ = None if self.early_stopping else np.inf

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
        elif isinstance(X, np.ndarray) and not X.flags.c_contiguous:
            # Each batch gathers whole rows: in Fortran order (what pandas'
            # to_numpy gives for an all-float frame) every row is a strided
            # read, 10-100x slower on large X. One copy per fit avoids it.
            X = np.ascontiguousarray(X)
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
        return OPTIMIZERS[self.solver].from_params(
            self._layout, self._packed.dtype, self.get_params(deep=False)
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
        monitor = self._monitor()
        epochs_before = self.n_iter_
        mid_epoch = False
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
                monitor.begin_epoch()
                mid_epoch = True
                loss = run_epoch(
                    backprop, self._optimizer, X, Y, sample_weight, order, batch_size
                )
                mid_epoch = False
                verdict = self._end_epoch(monitor, loss, n_samples, validation, started)
                if verdict == DIVERGED:
                    callbacks.end_epoch()
                    self._recover_from_divergence(monitor, X, Y, sample_weight)
                    return
                stop = callbacks.end_epoch() or verdict != CONTINUE
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
            self._keep_monitor_state(monitor)
            self._interrupted(monitor, self.n_iter_ - epochs_before, mid_epoch)
            return
        self._keep_monitor_state(monitor)
        if self.early_stopping and self.restore_best_weights and monitor.found_best:
            monitor.restore_best()
        if self._outputs_may_overflow(X):
            # The last update was never measured: make sure the model
            # returned has finite outputs on its own training data.
            measured = self._training_loss(X, Y, sample_weight)
            if not np.isfinite(measured):
                monitor.divergence = ("output on the training data", "non-finite")
                self._recover_from_divergence(monitor, X, Y, sample_weight)

    def _outputs_may_overflow(self, X) -> bool:
        """Whether a forward pass over X could overflow, by a cheap bound.

        Bounds the largest raw output layer by layer from the largest input,
        weight and bias magnitudes (hidden activations never grow values);
        only if the bound comes near the dtype's maximum is the network run.
        """
        with np.errstate(over="ignore", invalid="ignore"):
            bound = float(max(abs(X.max()), abs(X.min()))) if X.shape[0] else 0.0
            squashing = self.activation in ("tanh", "logistic")
            for i, block in enumerate(self._layout.blocks(self._packed)):
                fan_in = block.shape[0] - 1
                weight = float(np.abs(block[:-1]).max(initial=0.0))
                bias = float(np.abs(block[-1]).max(initial=0.0))
                bound = fan_in * weight * bound + bias
                if squashing and i < self._layout.n_weight_layers - 1:
                    bound = min(bound, 1.0)
        return not bound < 0.5 * float(np.finfo(self._packed.dtype).max)

    def _monitor(self):
        """The stopping monitor, resuming this fit's records (partial_fit)."""
        return TrainingMonitor(
            self._packed,
            early_stopping=self.early_stopping,
            tol=self.tol,
            n_iter_no_change=self.n_iter_no_change,
            loss_history=self.loss_curve_,
            best_params=getattr(self, "_best_params", None),
            best_epoch=getattr(self, "_best_epoch", 0),
            best_loss=getattr(self, "best_loss_", None),
            best_score=getattr(self, "best_validation_score_", None),
            idle_epochs=getattr(self, "_no_improvement_count", 0),
        )

    def _keep_monitor_state(self, monitor):
        self._best_params = monitor.best_params
        self._best_epoch = monitor.best_epoch
        self._no_improvement_count = monitor.idle_epochs

    def _end_epoch(self, monitor, loss, n_samples, validation, started):
        """Record an epoch and ask the monitor what next (CONTINUE, ...)."""
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
            score is not None
            and not np.isfinite(score)
            and np.isfinite(validation_loss)
        ):
            # The network's outputs are finite: the scorer is at fault.
            raise ValueError(
                f"early_stopping_scoring={self.early_stopping_scoring!r} returned "
                f"{score} on the validation set at epoch {self.n_iter_}, while the "
                f"validation loss was finite ({validation_loss:.6g}). Use a scorer "
                "that is defined on every validation set (e.g. 'loss'), or a "
                "larger validation set."
            )
        verdict = monitor.end_epoch(self.n_iter_, loss, validation_loss, score)
        if self.early_stopping:
            self.best_validation_score_ = monitor.best_score
        else:
            self.best_loss_ = monitor.best_loss
            if score is not None:
                self.best_validation_score_ = monitor.best_score
        if verdict == DIVERGED:
            return verdict
        self._optimizer.iteration_ends(self.t_, self.n_iter_)
        if verdict != CONTINUE:
            what = "Validation score" if self.early_stopping else "Training loss"
            message = (
                f"{what} did not improve more than tol={self.tol:f} for "
                f"{self.n_iter_no_change} consecutive epochs."
            )
            if self._optimizer.trigger_stopping(message, self.verbose):
                return verdict
            monitor.stall_handled()
            return CONTINUE
        return verdict

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

    def _training_loss(self, X, Y, sample_weight):
        """Loss (with the L2 penalty) of the current parameters on all of X.

        Allocates; only for the rare paths (divergence), never per step.
        """
        raw = forward(self.coefs_, self.intercepts_, self.activation, X)
        if not np.isfinite(raw).all():
            return np.inf
        with np.errstate(all="ignore"):
            value = self._loss.value(raw, Y, sample_weight)
            sw_sum = X.shape[0] if sample_weight is None else sample_weight.sum()
            penalty = sum(float(np.vdot(c, c)) for c in self.coefs_)
            value += 0.5 * self.alpha * penalty / float(sw_sum)
        return float(value)

    def _recover_from_divergence(self, monitor, X, Y, sample_weight):
        """Stop on divergence: restore the best measured parameters and warn.

        The restored parameters are measured again on the training data, so
        that ``loss_`` (and ``best_loss_``) describe the model returned, and
        a model whose outputs are not finite is never returned.
        """
        self._keep_monitor_state(monitor)
        what, value = monitor.divergence
        fix = (
            "Scale the inputs (e.g. StandardScaler in a Pipeline), lower "
            f"learning_rate_init (now {self.learning_rate_init}) or alpha "
            f"(now {self.alpha})."
        )
        total_weight = X.shape[0] if sample_weight is None else sample_weight.sum()
        if self.alpha > 0 and total_weight < 1:
            fix += (
                f" The L2 penalty is alpha / sum(sample_weight), and the sample "
                f"weights sum to {float(total_weight):.3g}: rescale them (e.g. "
                "to a mean of 1) or lower alpha."
            )
        restored_loss = np.nan
        if monitor.found_best:
            monitor.restore_best()
            restored_loss = self._training_loss(X, Y, sample_weight)
        if not np.isfinite(restored_loss):
            raise ValueError(
                f"{_NON_FINITE_MESSAGE} Training diverged: the {what} was {value} "
                "at epoch "
                f"{self.n_iter_}, and no parameters measured before gave finite "
                "outputs on the training data, so the model would predict "
                f"non-finite values. {fix}"
            )
        self.loss_ = restored_loss
        if not self.early_stopping:
            self.best_loss_ = restored_loss
        epoch = monitor.best_epoch
        which = (
            "the starting parameters"
            if epoch == 0
            else f"the parameters at the end of epoch {epoch}"
        )
        criterion = "validation score" if self.early_stopping else "training loss"
        warnings.warn(
            f"Training diverged: the {what} was {value} at epoch {self.n_iter_}. "
            f"Training stopped and {which}, which had the best {criterion}, "
            f"were restored (training loss {restored_loss:.6g}). {fix}",
            ConvergenceWarning,
            stacklevel=7,
        )

    def _interrupted(self, monitor, completed, mid_epoch):
        """Ctrl-C: keep a consistent model (the last completed epoch) or none."""
        if completed == 0 and self._fresh_network:
            self._forget_fit()
            warnings.warn(
                "Training interrupted by user before the first epoch ended; "
                "the estimator is left unfitted.",
                UserWarning,
                stacklevel=7,
            )
            return
        if mid_epoch:
            monitor.restore_epoch_start()
        kept = f"the parameters at the end of epoch {self.n_iter_}"
        if completed == 0:
            kept = "the parameters it had before this call"
        if self.early_stopping and self.restore_best_weights and monitor.found_best:
            monitor.restore_best()
            kept = f"the parameters of the best validation epoch ({monitor.best_epoch})"
        warnings.warn(
            f"Training interrupted by user after {completed} completed epoch(s); "
            f"the model keeps {kept}.",
            UserWarning,
            stacklevel=7,
        )

    def _forget_fit(self):
        """Leave the estimator unfitted (an interrupted first fit)."""
        params = set(self.get_params(deep=False))
        for name in list(self.__dict__):
            fitted = name.endswith("_") and not name.startswith("_")
            if (fitted and name not in params) or name in (
                "_packed",
                "_layout",
                "_optimizer",
                "_best_params",
                "_loss",
                "_label_binarizer",
            ):
                del self.__dict__[name]

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
        # The last completed iterate, to fall back on after Ctrl-C (the
        # live vector then holds a line-search trial point).
        last_iterate = params.copy()

        def end_iteration(intermediate_result):
            nonlocal stopped_by_callback
            np.copyto(last_iterate, intermediate_result.x, casting="same_kind")
            self.loss_curve_.append(float(intermediate_result.fun))
            if self.verbose:
                self._print_progress(self.loss_curve_[-1], None, None, started)
            if callbacks.active:
                np.copyto(params, intermediate_result.x, casting="same_kind")
                if callbacks.end_epoch():
                    stopped_by_callback = True
                    raise StopIteration

        try:
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
        except KeyboardInterrupt:
            self._lbfgs_interrupted(last_iterate, n_samples)
            return
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

    def _lbfgs_interrupted(self, last_iterate, n_samples):
        """Ctrl-C during L-BFGS: keep the last completed iteration, or none."""
        completed = len(self.loss_curve_)
        if completed == 0 and self._fresh_network:
            self._forget_fit()
            warnings.warn(
                "Training interrupted by user before the first L-BFGS iteration "
                "ended; the estimator is left unfitted.",
                UserWarning,
                stacklevel=6,
            )
            return
        np.copyto(self._packed, last_iterate)
        self.n_iter_ = completed
        self.t_ += n_samples * completed
        if completed:
            self.loss_ = self.loss_curve_[-1]
            self.best_loss_ = min(self.loss_curve_)
        kept = (
            f"the parameters of iteration {completed}"
            if completed
            else "the parameters it had before this call"
        )
        warnings.warn(
            f"Training interrupted by user after {completed} completed L-BFGS "
            f"iteration(s); the model keeps {kept}.",
            UserWarning,
            stacklevel=6,
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
        if not SOLVERS[self.solver]:
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
        optimizer = state.pop("_optimizer", None)
        best = state.pop("_best_params", None)
        super().__setstate__(state)
        if "coefs_" in self.__dict__:
            units = [self.coefs_[0].shape[0]] + [c.shape[1] for c in self.coefs_]
            self._adopt_parameters(units)
            if best is not None and best.shape == self._packed.shape:
                self._best_params = best.astype(self._packed.dtype)
        if isinstance(optimizer, dict):
            optimizer = optimizer_from_state(optimizer, getattr(self, "_layout", None))
        if optimizer is not None:
            self._optimizer = optimizer

    def __sklearn_is_fitted__(self):
        return "coefs_" in self.__dict__

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        return tags
