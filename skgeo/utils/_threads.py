"""BLAS threading for the matrix products of training.

A matrix product of a few hundred thousand floating-point operations takes a
few microseconds on one core; splitting it over BLAS threads costs more than
it saves. Thin products (one dimension of a few dozen) split badly too,
whatever their size. And on a machine where other processes hold the cores,
a BLAS thread that is not scheduled stalls every product. Measured on the
2-core development machine: an L-BFGS fit of a (32, 32) network to 3,000
samples took 1.1 s with OpenBLAS's threads and 0.18 s on one thread (5.2 s
against 0.15 s when another process was busy); a (64, 64) network on 20,000
samples, 6.9 s against 6.2 s. Products that are both large and thick in
every dimension (wide layers, batches of hundreds) do gain from threads:
a (128, 128) network with batches of 256 stepped in 0.85 ms instead of
1.05 ms. So training runs BLAS on one thread unless some layer product is
large and thick.
"""

from contextlib import nullcontext

from threadpoolctl import threadpool_limits

__all__ = [
    "MIN_THREADED_DIMENSION",
    "MIN_THREADED_FLOPS",
    "blas_threads_for",
    "wants_blas_threads",
]

#: A product runs threaded only if it has at least this many operations...
MIN_THREADED_FLOPS = 2**22
#: ...and each of its three dimensions is at least this long.
MIN_THREADED_DIMENSION = 128


def wants_blas_threads(layer_units, n_rows: int) -> bool:
    """Whether some layer product on ``n_rows`` samples is worth threading."""
    for n_in, n_out in zip(layer_units[:-1], layer_units[1:], strict=True):
        dimensions = (n_in + 1, n_out, n_rows)
        flops = 2 * (n_in + 1) * n_out * n_rows
        if min(dimensions) >= MIN_THREADED_DIMENSION and flops >= MIN_THREADED_FLOPS:
            return True
    return False


def blas_threads_for(threaded: bool):
    """A context running BLAS on one thread unless ``threaded``."""
    if threaded:
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")
