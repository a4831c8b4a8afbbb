"""The numerical core of the multilayer perceptron: pure NumPy, no estimator.

Parameter layout
----------------
All weights and biases live in **one flat vector**. Layer ``i`` owns a
contiguous block holding an ``(n_in + 1, n_out)`` matrix: ``n_in`` rows of
weights followed by one row of biases. Folding the bias into the matrix
means one matrix product does both, provided the layer input carries a
constant 1 per sample; and the bias gradient then falls out of the
weight-gradient product, because the constant sums the output errors over
the batch. The
estimators' ``coefs_[i]`` and ``intercepts_[i]`` are views of these blocks,
so updating the flat vector updates them, and optimizers, L2 regularization
and L-BFGS all act on one array whatever the depth of the network.

Training buffers
----------------
:class:`Backprop` allocates every activation, error and gradient buffer once
per fit, laid out features by samples so that each layer's block is
contiguous; the shorter last batch of an epoch reuses the same memory. Each training
step then runs a fixed sequence of NumPy calls with ``out=`` arguments and
allocates nothing of the batch size. At small batch sizes a
step's cost is the number of NumPy calls, not the arithmetic, so the code
keeps that number low.

Prediction (:func:`forward`) allocates per call and never touches training
buffers, so several threads may predict with one fitted model at once.
"""

from itertools import pairwise

import numpy as np
import scipy.sparse as sp
from scipy.linalg.blas import get_blas_funcs

from ._activations import get_activation
from ._row_hash import mix, seed_hash

__all__ = [
    "Backprop",
    "ParameterLayout",
    "forward",
    "initialize_parameters",
    "run_epoch",
]


class ParameterLayout:
    """Where each layer's weights and biases sit in the flat parameter vector.

    Parameters
    ----------
    layer_units : sequence of int
        Units per layer, input and output layers included, e.g.
        ``[n_features, 64, 32, n_outputs]``.

    Attributes
    ----------
    layer_units : tuple of int
        The units per layer.
    shapes : list of tuple
        ``(n_in + 1, n_out)`` for each weight layer (last row: biases).
    offsets : ndarray of shape (n_weight_layers + 1,)
        Start of each layer's block in the flat vector, then its length.
    n_params : int
        Length of the flat parameter vector.
    """

    def __init__(self, layer_units):
        self.layer_units = tuple(int(units) for units in layer_units)
        self.shapes = [(n_in + 1, n_out) for n_in, n_out in pairwise(self.layer_units)]
        sizes = [rows * cols for rows, cols in self.shapes]
        self.offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.intp)
        self.n_params = int(self.offsets[-1])

    @property
    def n_weight_layers(self) -> int:
        """Number of weight matrices (layers minus one)."""
        return len(self.shapes)

    def blocks(self, flat: np.ndarray) -> list[np.ndarray]:
        """Per-layer ``(n_in + 1, n_out)`` views of ``flat``."""
        return [
            flat[start:stop].reshape(shape)
            for start, stop, shape in zip(
                self.offsets[:-1], self.offsets[1:], self.shapes, strict=True
            )
        ]

    def coefs(self, flat: np.ndarray) -> list[np.ndarray]:
        """Views of the weight matrices, as scikit-learn's ``coefs_``."""
        return [block[:-1] for block in self.blocks(flat)]

    def intercepts(self, flat: np.ndarray) -> list[np.ndarray]:
        """Views of the bias vectors, as scikit-learn's ``intercepts_``."""
        return [block[-1] for block in self.blocks(flat)]

    def pack(self, coefs, intercepts, dtype) -> np.ndarray:
        """Build a flat vector from per-layer weights and biases.

        Raises ``ValueError`` when the shapes do not match the layout, which
        happens when a user assigns ``coefs_`` of the wrong shape.
        """
        flat = np.empty(self.n_params, dtype=dtype)
        if len(coefs) != self.n_weight_layers or len(intercepts) != len(coefs):
            raise ValueError(
                f"Expected {self.n_weight_layers} weight matrices and as many "
                f"bias vectors, got {len(coefs)} and {len(intercepts)}."
            )
        for i, (block, coef, intercept) in enumerate(
            zip(self.blocks(flat), coefs, intercepts, strict=True)
        ):
            coef = np.asarray(coef)
            intercept = np.asarray(intercept).reshape(-1)
            if coef.shape != block[:-1].shape or intercept.shape != block[-1].shape:
                raise ValueError(
                    f"Layer {i} expects weights of shape {block[:-1].shape} and "
                    f"biases of shape {block[-1].shape}; got {coef.shape} and "
                    f"{intercept.shape}."
                )
            block[:-1] = coef
            block[-1] = intercept
        return flat


def initialize_parameters(
    layout: ParameterLayout, activation: str, random_state, dtype
) -> np.ndarray:
    """Glorot-uniform initial parameters, drawn as scikit-learn draws them.

    Each layer's weights and then its biases are drawn uniformly in
    ``[-b, b]`` with ``b = sqrt(factor / (fan_in + fan_out))``, ``factor = 2``
    for the logistic activation and 6 otherwise (Glorot & Bengio, 2010).
    The draws consume ``random_state`` in the same order as scikit-learn's
    MLP, so that the same seed gives the same initial network.

    Parameters
    ----------
    layout : ParameterLayout
        The network's layout.
    activation : str
        Hidden activation name.
    random_state : numpy.random.RandomState
        Source of randomness; advanced in place.
    dtype : dtype
        Compute dtype of the parameters.

    Returns
    -------
    flat : ndarray of shape (layout.n_params,)
    """
    flat = np.empty(layout.n_params, dtype=dtype)
    factor = 2.0 if activation == "logistic" else 6.0
    for block in layout.blocks(flat):
        fan_in, fan_out = block.shape[0] - 1, block.shape[1]
        bound = np.sqrt(factor / (fan_in + fan_out))
        block[:-1] = random_state.uniform(-bound, bound, (fan_in, fan_out))
        block[-1] = random_state.uniform(-bound, bound, fan_out)
    return flat


def forward(coefs, intercepts, activation: str, X) -> np.ndarray:
    """Raw network output for ``X`` (no output link); allocates its arrays.

    Parameters
    ----------
    coefs : list of ndarray
        Weight matrices, ``coefs[i]`` of shape (n_in, n_out).
    intercepts : list of ndarray
        Bias vectors, ``intercepts[i]`` of shape (n_out,).
    activation : str
        Hidden activation name.
    X : ndarray or sparse matrix of shape (n_samples, n_features)
        Input.

    Returns
    -------
    raw : ndarray of shape (n_samples, n_outputs)
    """
    hidden = get_activation(activation).forward
    last = len(coefs) - 1
    values = X
    for i, (coef, intercept) in enumerate(zip(coefs, intercepts, strict=True)):
        values = values @ coef
        values += intercept
        if i < last:
            hidden(values)
    return values


class _Arena:
    """Storage shared by the buffers of every batch size.

    The buffers for ``n`` samples are C-contiguous ``(rows, n)`` views of
    the leading ``rows * n`` elements of one flat array per name, so the
    short last batch of an epoch reuses the memory of the full batches
    instead of doubling it.
    """

    def __init__(self, dtype):
        self.dtype = dtype
        self._storage = {}

    def array(self, name, rows, n, dtype=None):
        """A ``(rows, n)`` view of the storage called ``name``."""
        dtype = np.dtype(self.dtype if dtype is None else dtype)
        size = rows * n
        storage = self._storage.get(name)
        if storage is None or storage.size < size or storage.dtype != dtype:
            storage = np.empty(size, dtype=dtype)
            self._storage[name] = storage
        return storage[:size].reshape(rows, n)


class _Buffers:
    """Every array one forward and backward pass over exactly ``n`` samples uses.

    Arrays are laid out **features by samples**: a layer's activations are a
    C-contiguous ``(units, n)`` block, with a row of ones appended below it
    for the next layer's biases. Every elementwise operation of the training
    step then runs on contiguous memory, and a layer is one matrix product,
    ``W_aug.T @ a_aug``. Backward errors alternate between two arrays, and
    the spent one serves as scratch space for the next derivative.
    """

    def __init__(self, n, units, arena, loss, n_targets, buffered_input, dropout):
        def take(name, rows, dtype=None):
            return arena.array(name, rows, n, dtype)

        self.inputs = []
        for i, n_units in enumerate(units[:-1]):
            if i == 0 and not buffered_input:
                self.inputs.append(None)
                continue
            self.inputs.append(take(("input", i), n_units + 1))
        self.fill_ones()
        self.input_batch = None if not buffered_input else self.inputs[0][:-1].T
        self.activations = [block[:-1] for block in self.inputs[1:]]
        self.raw = take("raw", units[-1])
        self.deltas = [take(("delta", i % 2), u) for i, u in enumerate(units[1:-1])]
        self.delta_t = [d.T for d in [*self.deltas, self.raw]]
        # Layer i's error lives in slot i % 2. When layer i - 1's error is
        # computed, layer i's is spent, so its slot is the scratch space.
        self.scratch = [
            take(("delta", (i + 1) % 2), u) for i, u in enumerate(units[1:-1])
        ]
        self.y = take("y", n_targets)
        self.y_batch = self.y.T
        # Boolean class indicators are gathered here, samples by targets,
        # then converted into `y_batch` (np.take cannot cast).
        self.labels = arena.array("labels", n, n_targets, bool)
        self.sample_weight = take("sample_weight", 1)
        self.loss_work = loss.workspace(n, units[-1], arena.dtype)
        if dropout is not None:
            # With dropout the next layer sees mask * a, but the derivative
            # needs a itself, so a gets a buffer of its own.
            widths = [
                u if r > 0 else 0 for u, r in zip(units[1:-1], dropout, strict=True)
            ]
            self.masks = [
                take(("mask", i), u) if u else None for i, u in enumerate(widths)
            ]
            self.kept = [
                take(("kept", i), u) if u else None for i, u in enumerate(widths)
            ]
            self.keys = take("keys", 1, np.uint64)[0]
            self.draws = [
                take(("draw", i), u, np.uint64) if u else None
                for i, u in enumerate(widths)
            ]
            self.draw_scratch = [
                take("draw_scratch", u, np.uint64) if u else None for u in widths
            ]

    def fill_ones(self):
        """(Re)write the bias rows, which another batch size may have overwritten."""
        for block in self.inputs:
            if block is not None:
                block[-1] = 1


class Backprop:
    """Loss and gradient of a network on batches held in preallocated buffers.

    Parameters
    ----------
    layout : ParameterLayout
        The network's layout.
    params : ndarray of shape (layout.n_params,)
        The flat parameter vector. Read, never reallocated: optimizers update
        it in place (and L-BFGS copies its iterate into it).
    activation : str
        Hidden activation name.
    loss : Loss
        Training loss; owns the output link and the output gradient.
    alpha : float
        L2 penalty; the objective adds ``alpha / (2 sum(w)) ||W||^2`` over
        weights (not biases), as scikit-learn does.
    n_targets : int
        Number of target columns.
    input_mode : {'buffer', 'external'}
        ``'buffer'``: dense batches are copied into a first-layer buffer with
        a row of ones (fastest). ``'external'``: the first-layer input is the
        array or sparse matrix given to :meth:`gather` (sparse data, and
        full-batch L-BFGS without a copy of ``X``).
    dropout : sequence of float or None
        Dropout rate per hidden layer (``None``: no dropout).
    threaded_blas : bool, default=False
        Whether BLAS runs multi-threaded during training, in which case the
        L2 step avoids BLAS level-1 calls (see :meth:`_add_l2`).
    dropout_seed : int or None
        Key of the dropout masks. A mask entry is a hash of the seed, the
        epoch, the unit and the sample's content key (see
        :meth:`set_sample_keys`), so a repeated sample is dropped exactly
        like one sample of double weight.

    Attributes
    ----------
    grad : ndarray of shape (layout.n_params,)
        Gradient of the last :meth:`compute`, laid out like ``params``.
    """

    def __init__(
        self,
        layout,
        params,
        activation,
        loss,
        alpha,
        n_targets,
        input_mode="buffer",
        dropout=None,
        dropout_seed=None,
        threaded_blas=False,
    ):
        self.layout = layout
        self.threaded_blas = bool(threaded_blas)
        self.params = params
        self.loss = loss
        self.alpha = float(alpha)
        self.n_targets = int(n_targets)
        self.buffered_input = input_mode == "buffer"
        self.dtype = params.dtype
        act = get_activation(activation)
        self._forward_hidden = act.forward
        self._derivative = act.derivative

        self.blocks = layout.blocks(params)
        self._blocks_t = [block.T for block in self.blocks]
        self._weights = [block[:-1] for block in self.blocks]
        self._weights_t = [block[:-1].T for block in self.blocks]
        self._bias_column = self.blocks[0][-1][:, np.newaxis]
        self.grad = np.zeros(layout.n_params, dtype=self.dtype)
        self.grad_blocks = layout.blocks(self.grad)

        n_hidden = len(layout.layer_units) - 2
        rates = [0.0] * n_hidden if dropout is None else [float(r) for r in dropout]
        self.dropout = rates if any(rate > 0 for rate in rates) else None
        if self.dropout is not None:
            base = seed_hash(int(dropout_seed))
            self._unit_keys = [
                mix(
                    base
                    ^ ((np.arange(u, dtype=np.uint64) << np.uint64(8)) + np.uint64(i))
                ).reshape(-1, 1)
                for i, u in enumerate(layout.layer_units[1:-1])
            ]
            self._epoch_keys = [k.copy() for k in self._unit_keys]
            # Drop where the 64-bit draw falls below rate * 2**64.
            self._thresholds = [
                np.uint64(min(int(r * 2.0**64), 2**64 - 1)) for r in rates
            ]
            self._sample_keys = None

        if self.alpha > 0:
            # Flat views of each layer's weights (not biases) and of their
            # gradients: BLAS axpy adds alpha/sum(w) W into the gradient in
            # place, with no parameter-sized temporary.
            self._flat_weights = [w.reshape(-1) for w in self._weights]
            self._flat_weight_grads = [g[:-1].reshape(-1) for g in self.grad_blocks]
            self._axpy = get_blas_funcs("axpy", (self.params,))
        self._external = None
        self._arena = _Arena(self.dtype)
        self._buffers = {}
        self._active_rows = None

    def _buffers_for(self, n):
        """Buffers for ``n``-sample batches (views into the shared arena)."""
        buffers = self._buffers.get(n)
        if buffers is None:
            buffers = _Buffers(
                n,
                self.layout.layer_units,
                self._arena,
                self.loss,
                self.n_targets,
                self.buffered_input,
                self.dropout,
            )
            self._buffers[n] = buffers
        elif n != self._active_rows:
            buffers.fill_ones()
        self._active_rows = n
        return buffers

    # -- batches -----------------------------------------------------------
    def set_sample_keys(self, keys) -> None:
        """Content keys of the training samples, for the dropout masks."""
        self._sample_keys = keys

    def set_epoch(self, epoch: int) -> None:
        """Start epoch ``epoch``: every epoch draws new dropout masks."""
        if self.dropout is not None:
            for unit_keys, epoch_keys in zip(
                self._unit_keys, self._epoch_keys, strict=True
            ):
                np.bitwise_xor(unit_keys, seed_hash(epoch + 1), out=epoch_keys)
                mix(epoch_keys)

    def gather(self, X, Y, sample_weight, index) -> tuple[int, float]:
        """Copy the rows ``index`` of ``X``, ``Y`` (and weights) into buffers.

        Parameters
        ----------
        X : ndarray or sparse matrix
            Training inputs.
        Y : ndarray of shape (n_samples, n_targets)
            Training targets, in the compute dtype or boolean (indicators).
        sample_weight : ndarray of shape (n_samples,) or None
            Training sample weights.
        index : slice or ndarray of int
            Rows of the batch.

        Returns
        -------
        n : int
            Number of rows in the batch.
        sw_sum : float
            Sum of the batch's sample weights (``n`` when unweighted).
        """
        is_slice = isinstance(index, slice)
        n = index.stop - index.start if is_slice else index.shape[0]
        buffers = self._buffers_for(n)
        if self.dropout is not None:
            np.copyto(buffers.keys, self._sample_keys[index])
        if is_slice:
            if self.buffered_input:
                np.copyto(buffers.input_batch, X[index])
            else:
                self._external = X if n == X.shape[0] else X[index]
            np.copyto(buffers.y_batch, Y[index])
            if sample_weight is None:
                return n, float(n)
            np.copyto(buffers.sample_weight[0], sample_weight[index])
        else:
            if self.buffered_input:
                np.take(X, index, axis=0, out=buffers.input_batch)
            else:
                self._external = X[index]
            if Y.dtype == buffers.y.dtype:
                np.take(Y, index, axis=0, out=buffers.y_batch)
            else:
                # Class indicators stay boolean between batches (an eighth of
                # the memory of floats).
                np.take(Y, index, axis=0, out=buffers.labels)
                np.copyto(buffers.y_batch, buffers.labels)
            if sample_weight is None:
                return n, float(n)
            np.take(sample_weight, index, out=buffers.sample_weight[0])
        return n, float(buffers.sample_weight.sum())

    # -- loss and gradient -------------------------------------------------
    def compute(self, n: int, sw_sum: float, weighted: bool) -> float:
        """Loss of the ``n``-sample batch in the buffers; gradient into ``grad``.

        Parameters
        ----------
        n : int
            Samples in the batch last passed to :meth:`gather`.
        sw_sum : float
            Sum of the batch's sample weights.
        weighted : bool
            Whether the buffers hold sample weights.

        Returns
        -------
        loss : float
            Mean loss of the batch plus the L2 penalty.
        """
        buffers = self._buffers[n]
        inputs, activations = buffers.inputs, buffers.activations
        raw = buffers.raw
        last = len(self.blocks) - 1
        dropout = self.dropout
        blocks_t = self._blocks_t

        # Forward: each hidden layer's output lands above the ones row of the
        # next layer's input; the last layer's in `raw`.
        for i in range(last + 1):
            if i == last:
                target = raw
            elif dropout is not None and dropout[i] > 0:
                target = buffers.kept[i]
            else:
                target = activations[i]
            if inputs[i] is None:
                self._external_forward(target)
            else:
                np.matmul(blocks_t[i], inputs[i], out=target)
            if i < last:
                self._forward_hidden(target)
                if dropout is not None and dropout[i] > 0:
                    self._drop(buffers, i, target)

        weights = buffers.sample_weight if weighted else None
        loss = self.loss.value_and_gradient(
            raw, buffers.y, weights, sw_sum, raw, buffers.loss_work
        )

        # Backward: `raw` now holds d(loss)/d(raw output), one column per
        # sample; each layer's gradient, bias row included, is one product.
        deltas, delta_t, grad_blocks = buffers.deltas, buffers.delta_t, self.grad_blocks
        delta = raw
        for i in range(last, -1, -1):
            if inputs[i] is None:
                self._external_backward(delta, grad_blocks[0])
            else:
                np.matmul(inputs[i], delta_t[i], out=grad_blocks[i])
            if i == 0:
                break
            previous = deltas[i - 1]
            if delta.shape[0] == 1:
                # One output unit: the product is an outer product, which
                # BLAS does at half the speed of a broadcast multiply.
                np.multiply(self._weights[i], delta, out=previous)
            else:
                np.matmul(self._weights[i], delta, out=previous)
            if dropout is not None and dropout[i - 1] > 0:
                previous *= buffers.masks[i - 1]
                self._derivative(buffers.kept[i - 1], previous, buffers.scratch[i - 1])
            else:
                self._derivative(activations[i - 1], previous, buffers.scratch[i - 1])
            delta = previous

        if self.alpha > 0:
            loss += self._add_l2(sw_sum)
        return loss

    def _external_forward(self, target):
        X = self._external
        if sp.issparse(X):
            target[...] = (X @ self._weights[0]).T
        else:
            np.matmul(self._weights_t[0], X.T, out=target)
        target += self._bias_column

    def _external_backward(self, delta, grad_block):
        X = self._external
        if sp.issparse(X):
            grad_block[:-1] = X.T @ delta.T
        else:
            np.matmul(X.T, delta.T, out=grad_block[:-1])
        np.sum(delta, axis=1, out=grad_block[-1])

    def _drop(self, buffers, i, kept):
        """Inverted dropout: zero units with probability p, scale the rest."""
        draws, mask = buffers.draws[i], buffers.masks[i]
        np.bitwise_xor(self._epoch_keys[i], buffers.keys, out=draws)
        mix(draws, buffers.draw_scratch[i])
        np.greater_equal(draws, self._thresholds[i], out=mask)
        mask *= 1.0 / (1.0 - self.dropout[i])
        np.multiply(kept, mask, out=buffers.activations[i])

    def _add_l2(self, sw_sum):
        """Add the L2 gradient into ``grad`` and return the penalty value."""
        scale = self.alpha / sw_sum
        penalty = 0.0
        pairs = zip(self._flat_weights, self._flat_weight_grads, strict=True)
        if not self.threaded_blas:
            for weights, grads in pairs:
                self._axpy(weights, grads, a=scale)
                penalty += float(np.vdot(weights, weights))
            return 0.5 * scale * penalty
        # A multi-threaded BLAS axpy between the big products makes the next
        # product four times slower (its threads go to sleep and must be
        # woken), so with threads on, NumPy adds s W without a temporary:
        # g + s W = s (g / s + W). Rounding costs about two ulps.
        for weights, grads in pairs:
            grads *= 1.0 / scale
            grads += weights
            grads *= scale
            penalty += float(np.vdot(weights, weights))
        return 0.5 * scale * penalty


def run_epoch(backprop, optimizer, X, Y, sample_weight, order, batch_size) -> float:
    """One pass of minibatch training over the samples.

    Parameters
    ----------
    backprop : Backprop
        Buffers and parameters of the network.
    optimizer : object
        Has ``update(params, grad)`` (see :mod:`._optimizers`).
    X : ndarray or sparse matrix of shape (n_samples, n_features)
        Training inputs.
    Y : ndarray of shape (n_samples, n_targets)
        Training targets in the compute dtype.
    sample_weight : ndarray of shape (n_samples,) or None
        Sample weights.
    order : ndarray of int or None
        Order in which to visit the samples; ``None`` visits them in order.
    batch_size : int
        Minibatch size; the last batch may be shorter.

    Returns
    -------
    loss : float
        Mean of the batch losses weighted by batch length, as scikit-learn
        reports ``loss_``. Batches whose sample weights sum to zero are
        skipped (no update) and left out of the mean.
    """
    n_samples = X.shape[0]
    params, grad = backprop.params, backprop.grad
    gather, compute, update = backprop.gather, backprop.compute, optimizer.update
    weighted = sample_weight is not None
    total = 0.0
    counted = 0
    for start in range(0, n_samples, batch_size):
        stop = min(start + batch_size, n_samples)
        index = slice(start, stop) if order is None else order[start:stop]
        n, sw_sum = gather(X, Y, sample_weight, index)
        if sw_sum <= 0:
            # A batch of zero total weight has no loss to descend (its
            # weighted mean is 0 / 0): skip it, as if it were absent.
            continue
        total += compute(n, sw_sum, weighted) * n
        counted += n
        update(params, grad)
    return total / max(counted, 1)
