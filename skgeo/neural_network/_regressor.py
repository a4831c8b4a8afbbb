"""GeoMLPRegressor: a drop-in, faster and corrected ``MLPRegressor``."""

from numbers import Real

import numpy as np
from sklearn.base import RegressorMixin
from sklearn.metrics import d2_pinball_score, r2_score
from sklearn.utils import column_or_1d
from sklearn.utils.validation import validate_data

from ..utils._methods import available_when
from ..utils._validation import Interval, StrOptions, fit_context
from ._base import BaseGeoMLP
from ._losses import (
    REGRESSION_LOSSES,
    GaussianNLL,
    PoissonLoss,
    QuantileLoss,
    SquaredError,
)


class GeoMLPRegressor(RegressorMixin, BaseGeoMLP):
    """Multilayer perceptron regressor: scikit-learn's ``MLPRegressor``, faster.

    A drop-in replacement for :class:`sklearn.neural_network.MLPRegressor`:
    the same parameters with the same defaults and meaning, the same fitted
    attributes and methods, and the same random draws for a given
    ``random_state``. Training runs on a vectorised NumPy core that keeps all
    parameters in one flat vector and allocates nothing per minibatch, which
    makes small-batch training several times faster. Where scikit-learn's MLP
    is wrong, this one is not (see Notes).

    Parameters
    ----------
    loss : {'squared_error', 'poisson', 'huber', 'absolute_error', 'quantile', \
            'gaussian_nll'}, default='squared_error'
        The loss minimised during training. With several outputs every loss
        is summed over outputs and averaged over samples.

        - 'squared_error': half the squared error (identity output).
        - 'poisson': half the Poisson deviance with a log link (``exp``
          output activation); requires ``y >= 0``.
        - 'huber': squared near zero and linear beyond ``huber_delta``, so
          that outlying records pull on the fit with a bounded force.
        - 'absolute_error': the absolute error; fits the conditional median.
        - 'quantile': the pinball loss of ``quantile``; with a sequence of
          quantiles one output per quantile (single target only), and
          predictions sorted along each row so that they never cross.
        - 'gaussian_nll': the Gaussian negative log-likelihood of a network
          that predicts a mean and a log-variance per target;
          ``predict(X, return_std=True)`` returns both.

    hidden_layer_sizes : array-like of shape (n_layers - 2,), default=(100,)
        The i-th element is the number of units in the i-th hidden layer.

    activation : {'identity', 'logistic', 'tanh', 'relu'}, default='relu'
        Activation of the hidden layers: ``f(x) = x``,
        ``f(x) = 1 / (1 + exp(-x))``, ``f(x) = tanh(x)`` or
        ``f(x) = max(0, x)``.

    solver : {'lbfgs', 'sgd', 'adam'}, default='adam'
        The optimizer. 'lbfgs' is the quasi-Newton L-BFGS-B method of SciPy on
        the full batch; 'sgd' is stochastic gradient descent; 'adam' is Adam
        (Kingma & Ba, 2015). Adam suits large data sets (thousands of samples
        or more); L-BFGS often converges faster and better on small ones.

    alpha : float, default=0.0001
        Strength of the L2 penalty on the weights (not the biases); the
        objective adds ``alpha / (2 * sum(sample_weight)) * ||W||^2``.

    batch_size : int or 'auto', default='auto'
        Minibatch size of the stochastic solvers; 'auto' means
        ``min(200, n_samples)``. Ignored by 'lbfgs'.

    learning_rate : {'constant', 'invscaling', 'adaptive', 'cosine'}, \
            default='constant'
        Learning-rate schedule of the stochastic solvers: constant;
        decreasing as ``learning_rate_init / (t + 1) ** power_t`` with ``t``
        the number of samples seen; divided by 5 after ``n_iter_no_change``
        epochs without improvement (training stops once it falls below
        1e-6); or cosine decay from ``learning_rate_init`` to 0 over
        ``max_iter`` epochs. Unlike scikit-learn, which ignores this
        parameter for 'adam', the schedule also drives Adam's step size
        (the default, 'constant', behaves as scikit-learn).

    learning_rate_init : float, default=0.001
        Initial learning rate of 'sgd' and 'adam'.

    power_t : float, default=0.5
        Exponent of the 'invscaling' schedule.

    max_iter : int, default=200
        Maximum number of epochs ('sgd', 'adam') or iterations ('lbfgs').

    shuffle : bool, default=True
        Whether to shuffle the samples at every epoch ('sgd', 'adam').

    random_state : int, RandomState instance or None, default=None
        Seeds the weight initialisation, the shuffling and the early-stopping
        split. An int gives reproducible results across calls, and the same
        results as scikit-learn's MLP with the same seed, up to rounding.

    tol : float, default=1e-4
        Improvement threshold. Training stops when the loss (or the
        validation score with ``early_stopping``) fails to improve by ``tol``
        for ``n_iter_no_change`` consecutive epochs; for 'lbfgs', the
        projected-gradient tolerance.

    verbose : bool, default=False
        Print one line per epoch: the training loss, the validation score
        when there is one, and the elapsed time.

    warm_start : bool, default=False
        Reuse the fitted network as the starting point of the next ``fit``.
        The loss history, best scores and stopping counters start afresh with
        each ``fit`` (unlike scikit-learn, where they leak across fits).

    momentum : float, default=0.9
        Momentum of 'sgd', in [0, 1].

    nesterovs_momentum : bool, default=True
        Whether 'sgd' uses Nesterov's momentum.

    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the training data and stop when
        the validation R² has not improved by ``tol`` for
        ``n_iter_no_change`` epochs; the weights of the best epoch are kept.
        Only for 'sgd' and 'adam'.

    validation_fraction : float, default=0.1
        Fraction of the training data held out for early stopping, in [0, 1).

    beta_1 : float, default=0.9
        Decay rate of Adam's first-moment estimates, in [0, 1).

    beta_2 : float, default=0.999
        Decay rate of Adam's second-moment estimates, in [0, 1).

    epsilon : float, default=1e-8
        Adam's numerical-stability constant.

    n_iter_no_change : int, default=10
        Epochs without improvement by ``tol`` before stopping ('sgd', 'adam').

    max_fun : int, default=15000
        Maximum number of loss evaluations of 'lbfgs'.

    huber_delta : float, default=1.0
        Residual size at which ``loss='huber'`` turns from quadratic to
        linear, in the units of ``y``. Must be > 0.

    quantile : float or array-like of float, default=0.5
        The quantile(s) fitted by ``loss='quantile'``, each in (0, 1); a
        sequence must be increasing and free of duplicates.

    dropout : float or array-like of float, default=0.0
        Probability of zeroing each hidden unit during training (inverted
        dropout: kept units are scaled by ``1 / (1 - p)``), one rate for all
        hidden layers or one per hidden layer, in [0, 1). Masks are drawn
        from ``random_state``; nothing is dropped at prediction time.
        Stochastic solvers only.

    validation_split : cross-validation splitter, default=None
        Where the early-stopping validation set comes from: the test part of
        the first split of this splitter, e.g. ``GroupShuffleSplit`` with
        ``groups`` passed to ``fit`` (so that records of one earthquake stay
        together) or :class:`~skgeo.model_selection.SpatialBlockKFold`.
        Setting it also turns on the validation monitoring
        (``validation_loss_curve_``, ``validation_scores_``); stopping on it
        still needs ``early_stopping=True``. ``None`` splits off
        ``validation_fraction`` at random, as scikit-learn does.

    early_stopping_scoring : str, callable or None, default=None
        What early stopping maximises on the validation set: ``None`` for R²
        (as scikit-learn), ``'loss'`` for the negative validation loss, or
        any scikit-learn scorer name or ``scorer(estimator, X, y)`` callable.

    restore_best_weights : bool, default=True
        With ``early_stopping``, end with the weights of the best validation
        epoch (scikit-learn's behaviour); ``False`` keeps the last epoch's.

    Attributes
    ----------
    loss_ : float
        Training loss (including the L2 penalty) at the end of fitting.

    best_loss_ : float or None
        Lowest training loss reached; ``None`` with ``early_stopping``.

    loss_curve_ : list of float
        Training loss after each epoch (each L-BFGS iteration); its length is
        always ``n_iter_``.

    validation_scores_ : list of float or None
        Validation score (see ``early_stopping_scoring``) after each epoch
        when a validation set is monitored, else ``None``.

    validation_loss_curve_ : list of float or None
        Validation loss (without the L2 penalty) after each epoch when a
        validation set is monitored, else ``None``.

    best_validation_score_ : float or None
        Best validation score when a validation set is monitored, else
        ``None``.

    t_ : int
        Number of training samples seen by the solver.

    coefs_ : list of ndarray
        ``coefs_[i]`` of shape (n_units[i], n_units[i + 1]) holds the weights
        from layer i to layer i + 1.

    intercepts_ : list of ndarray
        ``intercepts_[i]`` of shape (n_units[i + 1],) holds the biases of
        layer i + 1.

    n_features_in_ : int
        Number of features seen during fit.

    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of the features seen during fit, when ``X`` has string column
        names.

    n_iter_ : int
        Number of epochs (iterations for 'lbfgs') run by the last ``fit``;
        ``partial_fit`` adds one per call.

    n_layers_ : int
        Number of layers, input and output included.

    n_outputs_ : int
        Number of outputs.

    out_activation_ : str
        Output activation: 'identity' for squared error, 'exp' for Poisson.

    See Also
    --------
    GeoMLPClassifier : The classifier counterpart.
    sklearn.neural_network.MLPRegressor : The estimator this one replaces.

    Notes
    -----
    Differences from ``sklearn.neural_network.MLPRegressor`` (1.9), each a
    correction:

    - With several outputs and 'lbfgs', the loss that L-BFGS minimises is
      the function whose gradient it is given (scikit-learn's squared error
      averages over outputs but its gradient sums over them).
    - ``partial_fit`` does not exist when ``solver='lbfgs'`` (scikit-learn's
      regressor exposes it and runs a full L-BFGS fit).
    - ``loss='poisson'`` rejects negative targets with a clear error.
    - ``warm_start`` does not carry the loss history, best scores or stopping
      counters over from the previous fit, and ``n_iter_ == len(loss_curve_)``.
    - The best weights kept by early stopping are copies, never aliases of
      the live parameters.
    - A training loss or validation score that stops being finite, or a
      training loss that explodes by orders of magnitude, stops training
      with a ``ConvergenceWarning`` and restores the best parameters whose
      loss was measured; ``loss_`` is re-measured on them, and a model with
      non-finite outputs is never returned.
    - ``loss_curve_`` and ``best_loss_`` also exist for 'lbfgs', and
      ``verbose`` prints its iterations.
    - The estimator tags declare multi-output support, so scikit-learn's
      common checks exercise it.

    Beyond scikit-learn: robust, quantile and Gaussian losses; dropout; a
    validation set that can be grouped or spatial, or given explicitly
    (``X_val``), with its loss curve and any scorer for early stopping;
    learning-rate schedules for Adam and a cosine schedule; support for
    scikit-learn's callback API (``set_callbacks``, scikit-learn >= 1.9).
    With sample weights, the early-stopping validation split holds
    ``validation_fraction`` of the total weight.

    References
    ----------
    Glorot, X. and Bengio, Y. (2010). Understanding the difficulty of
    training deep feedforward neural networks. AISTATS.

    Kingma, D. P. and Ba, J. (2015). Adam: a method for stochastic
    optimization. ICLR. arXiv:1412.6980.

    Examples
    --------
    >>> from sklearn.datasets import make_regression
    >>> from sklearn.model_selection import train_test_split
    >>> from skgeo import GeoMLPRegressor
    >>> X, y = make_regression(n_samples=200, n_features=20, random_state=1)
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=1)
    >>> regr = GeoMLPRegressor(random_state=1, max_iter=2000, tol=0.1)
    >>> regr.fit(X_train, y_train)
    GeoMLPRegressor(max_iter=2000, random_state=1, tol=0.1)
    >>> regr.predict(X_test[:2]).shape
    (2,)
    >>> round(regr.score(X_test, y_test), 2)
    0.98

    A 90% prediction interval and the median from one network:

    >>> q = GeoMLPRegressor(loss="quantile", quantile=[0.05, 0.5, 0.95],
    ...                     learning_rate_init=0.01, max_iter=500,
    ...                     random_state=1).fit(X_train, y_train)
    >>> q.predict(X_test[:3]).shape
    (3, 3)
    """

    _parameter_constraints: dict = {
        **BaseGeoMLP._parameter_constraints,
        "loss": [StrOptions(set(REGRESSION_LOSSES))],
        "huber_delta": [Interval(Real, 0, None, closed="neither")],
        "quantile": [Interval(Real, 0, 1, closed="neither"), "array-like"],
    }

    def __init__(
        self,
        loss="squared_error",
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="adam",
        alpha=0.0001,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.001,
        power_t=0.5,
        max_iter=200,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        max_fun=15000,
        huber_delta=1.0,
        quantile=0.5,
        dropout=0.0,
        validation_split=None,
        early_stopping_scoring=None,
        restore_best_weights=True,
    ):
        self.huber_delta = huber_delta
        self.quantile = quantile
        super().__init__(
            hidden_layer_sizes=hidden_layer_sizes,
            activation=activation,
            solver=solver,
            alpha=alpha,
            batch_size=batch_size,
            learning_rate=learning_rate,
            learning_rate_init=learning_rate_init,
            power_t=power_t,
            max_iter=max_iter,
            loss=loss,
            shuffle=shuffle,
            random_state=random_state,
            tol=tol,
            verbose=verbose,
            warm_start=warm_start,
            momentum=momentum,
            nesterovs_momentum=nesterovs_momentum,
            early_stopping=early_stopping,
            validation_fraction=validation_fraction,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            n_iter_no_change=n_iter_no_change,
            max_fun=max_fun,
            dropout=dropout,
            validation_split=validation_split,
            early_stopping_scoring=early_stopping_scoring,
            restore_best_weights=restore_best_weights,
        )

    def _loss_function(self, n_targets):
        return REGRESSION_LOSSES[self.loss].from_params(self.get_params(deep=False))

    def _fitted_loss(self):
        """The loss the network was trained with (also for hand-set weights)."""
        loss = getattr(self, "_loss", None)
        if loss is None:
            loss = PoissonLoss() if self.out_activation_ == "exp" else SquaredError()
        return loss

    def _validate_input(self, X, y, incremental, reset):
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=["csr", "csc"],
            multi_output=True,
            y_numeric=True,
            dtype=(np.float64, np.float32),
            reset=reset,
        )
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        return X, y.reshape(y.shape[0], -1)

    def _validation_targets(self, X_val, y_val):
        try:
            X_val, Y_val = self._validate_input(X_val, y_val, True, reset=False)
        except ValueError as exc:
            raise ValueError(f"Invalid validation set (X_val, y_val): {exc}") from exc
        n_targets = self._loss.n_targets(self.n_outputs_)
        if Y_val.shape[1] != n_targets:
            raise ValueError(
                f"y_val has {Y_val.shape[1]} output(s) per sample but y has "
                f"{n_targets}. Pass validation targets with the same columns as y."
            )
        return X_val, Y_val

    @fit_context(prefer_skip_nested_validation=True)
    def fit(
        self,
        X,
        y,
        sample_weight=None,
        *,
        groups=None,
        X_val=None,
        y_val=None,
        sample_weight_val=None,
    ):
        """Fit the model to data ``X`` and targets ``y``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training inputs. float32 inputs train a float32 network.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Target values.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative sample weights; ``None`` weighs samples equally.
        groups : array-like of shape (n_samples,), default=None
            Group labels (event ids, spatial blocks, ...) for the
            ``validation_split`` splitter. With metadata routing enabled,
            request it with ``set_fit_request(groups=True)`` to have it
            routed through Pipeline and GridSearchCV.
        X_val : {array-like, sparse matrix} of shape (n_val, n_features), \
                default=None
            An explicit validation set, monitored every epoch and used for
            early stopping instead of a split of ``X``. It is not passed
            through the preceding steps of a Pipeline: transform it yourself.
        y_val : array-like of shape (n_val,) or (n_val, n_outputs), default=None
            Targets of ``X_val``.
        sample_weight_val : array-like of shape (n_val,), default=None
            Weights of the validation samples.

        Returns
        -------
        self : GeoMLPRegressor
            The fitted estimator.
        """
        return self._fit(
            X,
            y,
            sample_weight=sample_weight,
            incremental=False,
            groups=groups,
            X_val=X_val,
            y_val=y_val,
            sample_weight_val=sample_weight_val,
        )

    @available_when(lambda est: est._check_partial_fit())
    @fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """Update the model with one epoch over the given data.

        Only available for the stochastic solvers ('sgd', 'adam') without
        ``early_stopping``; otherwise accessing it raises an error that is
        both an ``AttributeError`` and a ``ValueError``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training inputs.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Target values.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative sample weights.

        Returns
        -------
        self : GeoMLPRegressor
            The updated estimator.
        """
        return self._fit(X, y, sample_weight=sample_weight, incremental=True)

    def predict(self, X, return_std=False):
        """Predict with the fitted network.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Inputs.
        return_std : bool, default=False
            Also return the predicted standard deviation. Only with
            ``loss='gaussian_nll'``, whose network predicts one.

        Returns
        -------
        y : ndarray of shape (n_samples,), (n_samples, n_outputs) or \
                (n_samples, n_quantiles)
            Predicted values, in the dtype of the network. With
            ``loss='gaussian_nll'`` the predicted mean; with a sequence of
            quantiles one column per quantile, sorted along each row.
        y_std : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            Predicted standard deviation; only when ``return_std=True``.
        """
        raw = self._raw_output(X)
        if return_std and not isinstance(self._fitted_loss(), GaussianNLL):
            raise ValueError(
                "return_std=True needs a model trained with loss='gaussian_nll', "
                f"which predicts a variance; this one used loss={self.loss!r}. "
                "Refit with loss='gaussian_nll', or use loss='quantile' for "
                "prediction intervals."
            )
        if not return_std:
            return self._predict_from_raw(raw)
        std = GaussianNLL.standard_deviation(raw)
        mean = self._predict_from_raw(raw)
        return mean, std.ravel() if std.shape[1] == 1 else std

    def _predict_from_raw(self, raw):
        prediction = self._fitted_loss().inverse_link(raw)
        if prediction.shape[1] == 1:
            return prediction.ravel()
        return prediction

    def _targets_for_scoring(self, Y):
        return Y

    def _default_score(self, y, y_pred, sample_weight):
        loss = self._fitted_loss()
        if isinstance(loss, QuantileLoss) and loss.quantiles.size > 1:
            y = np.asarray(y).reshape(-1)
            return float(
                np.mean(
                    [
                        d2_pinball_score(
                            y, y_pred[:, k], alpha=q, sample_weight=sample_weight
                        )
                        for k, q in enumerate(loss.quantiles)
                    ]
                )
            )
        return float(r2_score(y, y_pred, sample_weight=sample_weight))

    def score(self, X, y, sample_weight=None):
        """Coefficient of determination R² of the prediction.

        With a sequence of quantiles (``loss='quantile'``), the mean over
        quantiles of the fraction of pinball loss explained,
        :func:`sklearn.metrics.d2_pinball_score`, which generalises R² to
        quantiles.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Test inputs.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            True targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.

        Returns
        -------
        score : float
            R² (or mean D² pinball score) of ``self.predict(X)``.
        """
        return self._default_score(y, self.predict(X), sample_weight)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.positive_only = self.loss == "poisson"
        return tags
