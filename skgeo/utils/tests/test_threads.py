"""Tests of the BLAS threading policy."""

from contextlib import nullcontext

from threadpoolctl import ThreadpoolController, threadpool_limits

from skgeo.utils._threads import (
    SINGLE_THREAD_MAX_FLOPS,
    blas_threads_for,
    largest_product_flops,
)


def test_largest_product_counts_the_bias_row():
    """2 * rows * (n_in + 1) * n_out for the widest layer."""
    assert largest_product_flops([8, 64, 32, 1], 32) == 2 * 32 * 65 * 32


def test_small_products_run_on_one_thread():
    """Below the threshold, BLAS is limited to one thread inside the context."""
    context = blas_threads_for(SINGLE_THREAD_MAX_FLOPS - 1)
    assert isinstance(context, threadpool_limits)
    with context:
        blas = ThreadpoolController().select(user_api="blas")
        assert all(info["num_threads"] == 1 for info in blas.info())


def test_large_products_keep_blas_threads():
    """At or above the threshold, BLAS threading is left alone."""
    assert isinstance(blas_threads_for(SINGLE_THREAD_MAX_FLOPS), nullcontext)
