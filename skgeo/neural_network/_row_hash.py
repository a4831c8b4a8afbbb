"""Content-keyed pseudo-random numbers: a 64-bit hash of each sample.

Where training draws something per sample (the early-stopping validation
split, dropout masks), skgeo derives it from a hash of the sample's content
and the seed instead of from a running random stream. Then

* repeating a sample and weighting it are the same thing, draw for draw:
  both copies of a repeated sample land on the same side of the validation
  split and get the same dropout masks, exactly as one sample of weight 2
  would (scikit-learn's sample-weight semantics);
* duplicated records can never straddle the training and validation sets,
  which would leak and flatter the validation score;
* results are reproducible for a fixed ``random_state``.

The hash is order-independent over the non-zero entries of a row, so a dense
array and its sparse version hash alike. Mixing uses the SplitMix64
finaliser (Steele, Lea & Flood, 2014), whose outputs pass BigCrush.
"""

import numpy as np
import scipy.sparse as sp

__all__ = ["mix", "row_hashes", "seed_hash"]

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_CHUNK_ROWS = 65536


def mix(values: np.ndarray, scratch: np.ndarray | None = None) -> np.ndarray:
    """SplitMix64 finaliser of a uint64 array, in place; returns it.

    Parameters
    ----------
    values : ndarray of uint64
        Keys to scramble; overwritten.
    scratch : ndarray of uint64, optional
        Working memory shaped like ``values`` (allocated when omitted).
    """
    if scratch is None:
        scratch = np.empty_like(values)
    with np.errstate(over="ignore"):
        np.right_shift(values, 30, out=scratch)
        values ^= scratch
        values *= _M1
        np.right_shift(values, 27, out=scratch)
        values ^= scratch
        values *= _M2
        np.right_shift(values, 31, out=scratch)
        values ^= scratch
    return values


def seed_hash(seed: int) -> np.uint64:
    """A well-mixed 64-bit key from an integer seed."""
    key = np.array([seed], dtype=np.uint64)
    with np.errstate(over="ignore"):
        key *= _GOLDEN  # wraps modulo 2**64 by design
    return mix(key)[0]


def _entry_keys(columns, values):
    """Key of each (column, value) entry; zero entries are never passed."""
    # +0.0 turns -0.0 into +0.0, so the two zeros of floating point agree.
    bits = (np.asarray(values, dtype=np.float64) + 0.0).view(np.uint64)
    with np.errstate(over="ignore"):
        keys = (np.asarray(columns, dtype=np.uint64) + np.uint64(1)) * _GOLDEN
    keys ^= bits
    mix(keys)
    keys ^= bits
    return mix(keys)


def _dense_hashes(X):
    hashes = np.empty(X.shape[0], dtype=np.uint64)
    columns = np.arange(X.shape[1])
    for start in range(0, X.shape[0], _CHUNK_ROWS):
        block = np.asarray(X[start : start + _CHUNK_ROWS], dtype=np.float64)
        keys = _entry_keys(np.broadcast_to(columns, block.shape), block)
        keys[block == 0] = 0
        with np.errstate(over="ignore"):
            hashes[start : start + _CHUNK_ROWS] = keys.sum(axis=1, dtype=np.uint64)
    return hashes


def _sparse_hashes(X):
    X = sp.csr_matrix(X)
    X.sum_duplicates()
    keys = _entry_keys(X.indices, X.data)
    keys[X.data == 0] = 0
    hashes = np.zeros(X.shape[0], dtype=np.uint64)
    row_of_entry = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    with np.errstate(over="ignore"):
        np.add.at(hashes, row_of_entry, keys)
    return hashes


def row_hashes(X, Y, seed: int) -> np.ndarray:
    """A 64-bit hash of every sample's inputs and targets, keyed by ``seed``.

    Parameters
    ----------
    X : ndarray or sparse matrix of shape (n_samples, n_features)
        Inputs.
    Y : ndarray of shape (n_samples, n_targets) or None
        Targets, included so that equal inputs with different targets are
        different samples.
    seed : int
        Key of the hash: another seed, other draws.

    Returns
    -------
    hashes : ndarray of uint64, shape (n_samples,)
        Equal rows get equal hashes; different rows collide with
        probability about 2**-64.
    """
    hashes = _sparse_hashes(X) if sp.issparse(X) else _dense_hashes(X)
    if Y is not None:
        # Shift target columns past the input columns.
        target = np.asarray(Y, dtype=np.float64).reshape(Y.shape[0], -1)
        offset = np.arange(X.shape[1], X.shape[1] + target.shape[1])
        keys = _entry_keys(np.broadcast_to(offset, target.shape), target)
        keys[target == 0] = 0
        with np.errstate(over="ignore"):
            hashes += keys.sum(axis=1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        hashes += seed_hash(seed)
    return mix(hashes)
