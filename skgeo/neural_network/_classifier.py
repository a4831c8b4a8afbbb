"""GeoMLPClassifier: a drop-in, faster and corrected ``MLPClassifier``."""

import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.metrics import accuracy_score
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils import column_or_1d
from sklearn.utils.multiclass import type_of_target, unique_labels
from sklearn.utils.validation import validate_data

from ..utils._methods import available_when
from ..utils._validation import StrOptions, check_partial_fit_first_call, fit_context
from ._base import BaseGeoMLP
from ._losses import SigmoidLogLoss, SoftmaxLogLoss, softmax_inplace


class GeoMLPClassifier(ClassifierMixin, BaseGeoMLP):
    """Multilayer perceptron classifier: scikit-learn's ``MLPClassifier``, faster.

    A drop-in replacement for :class:`sklearn.neural_network.MLPClassifier`:
    the same parameters with the same defaults and meaning, the same fitted
    attributes and methods, and the same random draws for a given
    ``random_state``. It minimises the log-loss of a softmax output
    (multiclass) or of independent logistic outputs (binary, multilabel),
    computed from the logits through log-sum-exp so that no probability needs
    clipping. Training runs on a vectorised NumPy core that keeps all
    parameters in one flat vector and allocates nothing per minibatch.

    Parameters
    ----------
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
        validation accuracy with ``early_stopping``) fails to improve by
        ``tol`` for ``n_iter_no_change`` consecutive epochs; for 'lbfgs', the
        projected-gradient tolerance.

    verbose : bool, default=False
        Print one line per epoch: the training loss, the validation score
        when there is one, and the elapsed time.

    warm_start : bool, default=False
        Reuse the fitted network as the starting point of the next ``fit``;
        the classes must not change. The loss history, best scores and
        stopping counters start afresh with each ``fit``.

    momentum : float, default=0.9
        Momentum of 'sgd', in [0, 1].

    nesterovs_momentum : bool, default=True
        Whether 'sgd' uses Nesterov's momentum.

    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the training data (stratified for
        single-output problems) and stop when the validation accuracy has not
        improved by ``tol`` for ``n_iter_no_change`` epochs; the weights of
        the best epoch are kept. Only for 'sgd' and 'adam'.

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

    class_weight : dict, 'balanced' or None, default=None
        Weights of the classes, as in
        :class:`~sklearn.linear_model.LogisticRegression`: a dict
        ``{label: weight}`` (unlisted classes weigh 1), ``'balanced'`` for
        ``n_samples / (n_classes * np.bincount(y))`` (counts weighted by
        ``sample_weight`` when given), or ``None``. Multiplied into
        ``sample_weight``, and used by both the training loss and the
        early-stopping score. Not for multilabel targets; 'balanced' is not
        available in ``partial_fit``.

    dropout : float or array-like of float, default=0.0
        Probability of zeroing each hidden unit during training (inverted
        dropout: kept units are scaled by ``1 / (1 - p)``), one rate for all
        hidden layers or one per hidden layer, in [0, 1). Masks are drawn
        from ``random_state``; nothing is dropped at prediction time.
        Stochastic solvers only.

    validation_split : cross-validation splitter, default=None
        Where the early-stopping validation set comes from: the test part of
        the first split of this splitter, e.g. ``GroupShuffleSplit`` with
        ``groups`` passed to ``fit``, or
        :class:`~skgeo.model_selection.SpatialBlockKFold` so that validation
        cells lie in other places than training cells. Setting it also turns
        on the validation monitoring (``validation_loss_curve_``,
        ``validation_scores_``); stopping on it still needs
        ``early_stopping=True``. ``None`` splits off ``validation_fraction``
        at random, as scikit-learn does.

    early_stopping_scoring : str, callable or None, default=None
        What early stopping maximises on the validation set: ``None`` for
        accuracy (as scikit-learn), ``'loss'`` for the negative validation
        log-loss, or any scikit-learn scorer name (e.g.
        ``'balanced_accuracy'``, ``'f1_macro'``) or
        ``scorer(estimator, X, y)`` callable.

    restore_best_weights : bool, default=True
        With ``early_stopping``, end with the weights of the best validation
        epoch (scikit-learn's behaviour); ``False`` keeps the last epoch's.

    Attributes
    ----------
    classes_ : ndarray or list of ndarray of shape (n_classes,)
        Class labels.

    loss_ : float
        Training log-loss (including the L2 penalty) at the end of fitting.

    best_loss_ : float or None
        Lowest training loss reached; ``None`` with ``early_stopping``.

    loss_curve_ : list of float
        Training loss after each epoch (each L-BFGS iteration); its length is
        always ``n_iter_``.

    validation_scores_ : list of float or None
        Validation score (see ``early_stopping_scoring``) after each epoch
        when a validation set is monitored, else ``None``.

    validation_loss_curve_ : list of float or None
        Validation log-loss (without the L2 penalty) after each epoch when a
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
        Number of output units: 1 for binary problems, the number of classes
        or labels otherwise.

    out_activation_ : str
        Output activation: 'softmax' (multiclass) or 'logistic' (binary and
        multilabel).

    See Also
    --------
    GeoMLPRegressor : The regressor counterpart.
    sklearn.neural_network.MLPClassifier : The estimator this one replaces.

    Notes
    -----
    Differences from ``sklearn.neural_network.MLPClassifier`` (1.9), each a
    correction: ``warm_start`` does not carry the loss history, best scores
    or stopping counters over from the previous fit, and
    ``n_iter_ == len(loss_curve_)``; the best weights kept by early stopping
    are copies, not aliases; a training loss or validation score that stops
    being finite stops training with a ``ConvergenceWarning`` and restores
    the best parameters whose loss was measured; ``loss_curve_`` also
    exists for 'lbfgs'; the early-stopping split is stratified for
    multiclass targets too (scikit-learn stratifies binary targets only);
    negative or NaN ``class_weight`` values are refused.

    Beyond scikit-learn: class weights, dropout, a validation set that can
    be grouped or spatial, or given explicitly (``X_val``), with its loss
    curve and any scorer for early stopping; learning-rate schedules for
    Adam and a cosine schedule; support for scikit-learn's callback API
    (``set_callbacks``, scikit-learn >= 1.9). With sample weights, the
    early-stopping validation split holds ``validation_fraction`` of the
    total weight.

    References
    ----------
    Glorot, X. and Bengio, Y. (2010). Understanding the difficulty of
    training deep feedforward neural networks. AISTATS.

    Kingma, D. P. and Ba, J. (2015). Adam: a method for stochastic
    optimization. ICLR. arXiv:1412.6980.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.model_selection import train_test_split
    >>> from skgeo import GeoMLPClassifier
    >>> X, y = make_classification(n_samples=100, random_state=1)
    >>> X_train, X_test, y_train, y_test = train_test_split(
    ...     X, y, stratify=y, random_state=1)
    >>> clf = GeoMLPClassifier(random_state=1, max_iter=300).fit(X_train, y_train)
    >>> clf.predict_proba(X_test[:1]).shape
    (1, 2)
    >>> clf.predict(X_test[:5]).shape
    (5,)
    >>> round(clf.score(X_test, y_test), 2)
    0.88
    """

    _parameter_constraints: dict = {
        **BaseGeoMLP._parameter_constraints,
        "class_weight": [dict, StrOptions({"balanced"}), None],
    }

    def __init__(
        self,
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
        class_weight=None,
        dropout=0.0,
        validation_split=None,
        early_stopping_scoring=None,
        restore_best_weights=True,
    ):
        self.class_weight = class_weight
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
            loss="log_loss",
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
        if self._label_binarizer.y_type_ == "multiclass":
            return SoftmaxLogLoss()
        return SigmoidLogLoss()

    def _validate_input(self, X, y, incremental, reset):
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=["csr", "csc"],
            multi_output=True,
            dtype=(np.float64, np.float32),
            reset=reset,
        )
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)

        if not hasattr(self, "classes_") or (not self.warm_start and not incremental):
            self._label_binarizer = LabelBinarizer()
            self._label_binarizer.fit(y)
            self.classes_ = self._label_binarizer.classes_
        else:
            classes = unique_labels(y)
            if self.warm_start:
                if set(classes) != set(self.classes_):
                    raise ValueError(
                        "warm_start can only be used where `y` has the same "
                        "classes as in the previous call to fit. Previously "
                        f"got {self.classes_}, `y` has {classes}"
                    )
            elif len(np.setdiff1d(classes, self.classes_, assume_unique=True)):
                raise ValueError(
                    "`y` has classes not in `self.classes_`. "
                    f"`self.classes_` has {self.classes_}. 'y' has {classes}."
                )
        return X, self._indicators(y)

    def _validation_targets(self, X_val, y_val):
        try:
            X_val, y_val = validate_data(
                self,
                X_val,
                y_val,
                accept_sparse=["csr", "csc"],
                multi_output=True,
                dtype=(np.float64, np.float32),
                reset=False,
            )
        except ValueError as exc:
            raise ValueError(f"Invalid validation set (X_val, y_val): {exc}") from exc
        if y_val.ndim == 2 and y_val.shape[1] == 1:
            y_val = column_or_1d(y_val, warn=True)
        multilabel = self._label_binarizer.y_type_.startswith("multilabel")
        if multilabel:
            if y_val.ndim != 2 or y_val.shape[1] != self.classes_.size:
                raise ValueError(
                    f"y_val must be a label-indicator matrix with "
                    f"{self.classes_.size} columns, as y was; got shape "
                    f"{y_val.shape}."
                )
        elif y_val.ndim != 1:
            raise ValueError(
                f"y_val has shape {y_val.shape}, but y had one label per "
                "sample. Pass y_val as a 1-D array of labels."
            )
        else:
            unknown = np.setdiff1d(unique_labels(y_val), self.classes_)
            if unknown.size:
                raise ValueError(
                    f"y_val has class(es) {unknown.tolist()} that y does not "
                    f"have (classes_ = {self.classes_.tolist()}); the network "
                    "has no output for them. Drop those samples from the "
                    "validation set, or include the classes in y."
                )
        return X_val, self._indicators(y_val)

    def _stratification(self, Y):
        if self._loss.out_activation == "softmax":
            # scikit-learn does not stratify multiclass targets at all, so a
            # class too small to split is kept in training, not an error.
            return self.classes_[Y.argmax(axis=1)], False
        if Y.shape[1] == 1:
            # The positive-class indicator, named as scikit-learn names it.
            return Y[:, 0].astype(bool), True
        return None

    def _indicators(self, y):
        """Boolean class-indicator matrix of ``y`` (what the network fits).

        Boolean, so that float32 data are never upcast and the matrix takes
        an eighth of the memory of floats; the training loop converts one
        batch at a time.
        """
        y_type = self._label_binarizer.y_type_
        if y_type not in ("binary", "multiclass") or y.ndim != 1:
            return self._label_binarizer.transform(y).astype(bool)
        # LabelBinarizer densifies an integer sparse matrix, which briefly
        # takes 16 bytes per entry; the class positions give the same matrix
        # directly. Every label of y is in classes_ (checked above).
        codes = np.searchsorted(self.classes_, y)
        if y_type == "binary":
            # One column: the second class. A one-class fit has none.
            return (codes == 1).reshape(-1, 1)
        indicators = np.zeros((y.shape[0], self.classes_.size), dtype=bool)
        indicators[np.arange(y.shape[0]), codes] = True
        return indicators

    def _targets_for_scoring(self, Y):
        return self._label_binarizer.inverse_transform(Y)

    def _weighted(self, Y, sample_weight, incremental):
        """Fold ``class_weight`` into the sample weights (multiplicatively)."""
        if self.class_weight is None:
            return sample_weight
        if self._label_binarizer.y_type_.startswith("multilabel"):
            raise ValueError(
                "class_weight is not supported for multilabel targets, where "
                "each sample has several labels. Pass sample_weight instead."
            )
        if self.class_weight == "balanced" and incremental:
            raise ValueError(
                "class_weight='balanced' needs the class counts of the whole "
                "data set, which partial_fit does not see. Compute them with "
                "sklearn.utils.class_weight.compute_class_weight('balanced', "
                "classes=classes, y=y_all) and pass the result as a dict."
            )
        classes = self.classes_
        if isinstance(self.class_weight, dict):
            unknown = [c for c in self.class_weight if c not in set(classes.tolist())]
            if unknown:
                raise ValueError(
                    f"class_weight names class(es) {unknown} that are not in y; "
                    f"the classes are {classes.tolist()}. Remove them or fix "
                    "their labels."
                )
        codes = Y.argmax(axis=1) if Y.shape[1] > 1 else Y[:, 0].astype(np.intp)
        if self.class_weight == "balanced":
            # n_samples / (n_classes * count), with counts weighted by
            # sample_weight so that weighting and repeating samples agree.
            counts = np.bincount(codes, weights=sample_weight, minlength=len(classes))
            weights = np.divide(
                counts.sum(),
                len(classes) * counts,
                out=np.zeros(len(classes)),
                where=counts > 0,
            )
        else:
            weights = self._class_weight_values(classes)
        dtype = sample_weight.dtype if sample_weight is not None else np.float64
        per_sample = weights[codes].astype(dtype)
        return per_sample if sample_weight is None else sample_weight * per_sample

    def _class_weight_values(self, classes):
        """The dict class_weight as one weight per class, checked."""
        weights = []
        for c in classes.tolist():
            weight = self.class_weight.get(c, 1.0)
            try:
                weight = float(weight)
            except (TypeError, ValueError):
                weight = None
            if weight is None or not np.isfinite(weight) or weight < 0:
                raise ValueError(
                    f"class_weight must map classes to finite, non-negative "
                    f"numbers; got {self.class_weight.get(c)!r} for class {c!r}. "
                    "A weight of 0 ignores a class; negative weights would "
                    "train the network to get that class wrong."
                )
            weights.append(weight)
        return np.array(weights)

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
        """Fit the model to data ``X`` and labels ``y``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training inputs. float32 inputs train a float32 network.
        y : array-like of shape (n_samples,) or (n_samples, n_labels)
            Class labels, or a label-indicator matrix for multilabel
            classification.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative sample weights; ``None`` weighs samples equally.
            Multiplied by ``class_weight`` when both are given.
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
        y_val : array-like of shape (n_val,) or (n_val, n_labels), default=None
            Labels of ``X_val``.
        sample_weight_val : array-like of shape (n_val,), default=None
            Weights of the validation samples.

        Returns
        -------
        self : GeoMLPClassifier
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
    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """Update the model with one epoch over the given data.

        Only available for the stochastic solvers ('sgd', 'adam') without
        ``early_stopping``; otherwise accessing it raises an error that is
        both an ``AttributeError`` and a ``ValueError``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training inputs.
        y : array-like of shape (n_samples,) or (n_samples, n_labels)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative sample weights.
        classes : array-like of shape (n_classes,), default=None
            All the classes that may appear over the calls to
            ``partial_fit``, e.g. ``np.unique(y_all)``. Required on the first
            call; ``y`` need not contain all of them.

        Returns
        -------
        self : GeoMLPClassifier
            The updated estimator.
        """
        if check_partial_fit_first_call(self, classes):
            self._label_binarizer = LabelBinarizer()
            if type_of_target(y).startswith("multilabel"):
                self._label_binarizer.fit(y)
            else:
                self._label_binarizer.fit(classes)
        return self._fit(X, y, sample_weight=sample_weight, incremental=True)

    def predict(self, X):
        """Predict class labels.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Inputs.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_labels)
            Predicted labels (an indicator matrix for multilabel problems).
        """
        return self._predict(X)

    def _predict_from_raw(self, raw):
        # Decisions read the same off the logits as off the probabilities
        # (logistic(0) = 0.5; softmax is monotonic), so no output link is
        # needed. Indexing classes_ directly is what LabelBinarizer does for
        # one label per sample, at a fraction of its overhead.
        y_type = self._label_binarizer.y_type_
        if y_type == "binary":
            if self.classes_.size == 1:
                # A one-class fit has a single logit column but only one
                # label to give, whatever the logit's sign.
                return np.full(raw.shape[0], self.classes_[0])
            return self.classes_[(raw[:, 0] > 0).astype(np.intp)]
        if y_type == "multiclass":
            return self.classes_[raw.argmax(axis=1)]
        return self._label_binarizer.inverse_transform(raw, threshold=0.0)

    def predict_proba(self, X):
        """Probability estimates.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Inputs.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probability of each class, in the order of ``classes_``. For
            multilabel problems, the probability of each label.
        """
        raw = self._raw_output(X)
        if self.out_activation_ == "softmax":
            return softmax_inplace(raw)
        proba = SigmoidLogLoss().inverse_link(raw)
        if self.n_outputs_ == 1:
            return np.hstack([1 - proba, proba])
        return proba

    def predict_log_proba(self, X):
        """Logarithm of the probability estimates.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Inputs.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            ``log(predict_proba(X))``: the log-probability of each class, in
            the order of ``classes_`` (``-inf`` where a probability
            underflows to 0, consistently with ``predict_proba``).
        """
        proba = self.predict_proba(X)
        with np.errstate(divide="ignore"):
            return np.log(proba, out=proba)

    def _default_score(self, y, y_pred, sample_weight):
        return float(accuracy_score(y, y_pred, sample_weight=sample_weight))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # Class weights are defined for one label per sample only.
        tags.classifier_tags.multi_label = self.class_weight is None
        tags.target_tags.multi_output = self.class_weight is None
        return tags
