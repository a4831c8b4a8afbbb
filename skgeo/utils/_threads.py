"""BLAS threading for the small matrix products of minibatch training.

A matrix product of a few hundred thousand floating-point operations takes a
few microseconds on one core. Splitting it over BLAS threads costs more than
it saves, and on a machine where other processes hold the cores it costs far
more: a thread that is not scheduled stalls every product. Measured on the
2-core development machine under load, an L-BFGS fit of a (32, 32) network
to 3,000 samples took 5.2 s with OpenBLAS's default threads and 0.15 s on one
thread. Large products (wide layers, big batches) do gain from threads, so
only fits whose largest product is small run single-threaded.
"""

from contextlib import nullcontext

from threadpoolctl import threadpool_limits

__all__ = ["SINGLE_THREAD_MAX_FLOPS", "blas_threads_for", "largest_product_flops"]

#: Products below this many floating-point operations run on one BLAS thread.
SINGLE_THREAD_MAX_FLOPS = 2**25


def largest_product_flops(layer_units, n_rows: int) -> int:
    """Floating-point operations of the largest layer product on ``n_rows``."""
    return max(
        2 * n_rows * (n_in + 1) * n_out
        for n_in, n_out in zip(layer_units[:-1], layer_units[1:], strict=True)
    )


def blas_threads_for(flops: int):
    """A context that limits BLAS to one thread when products are small."""
    if flops < SINGLE_THREAD_MAX_FLOPS:
        return threadpool_limits(limits=1, user_api="blas")
    return nullcontext()
