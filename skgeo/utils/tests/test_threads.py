"""Tests of the BLAS threading policy."""

from contextlib import nullcontext

from threadpoolctl import ThreadpoolController, threadpool_limits

from skgeo.utils._threads import blas_threads_for, wants_blas_threads


def test_small_or_thin_products_stay_single_threaded():
    """Minibatches of small networks, and thin full-batch products, use one thread."""
    assert not wants_blas_threads([8, 64, 32, 1], 32)
    assert not wants_blas_threads([12, 64, 64, 6], 64)
    assert not wants_blas_threads([4, 32, 32, 1], 3000)  # thin: 32 units
    assert not wants_blas_threads([4, 64, 64, 1], 20000)


def test_large_thick_products_are_threaded():
    """Wide layers with large batches keep BLAS threads."""
    assert wants_blas_threads([16, 128, 128, 1], 256)
    assert wants_blas_threads([64, 512, 512, 1], 512)


def test_contexts():
    """One thread inside the single-threaded context; untouched otherwise."""
    context = blas_threads_for(False)
    assert isinstance(context, threadpool_limits)
    with context:
        blas = ThreadpoolController().select(user_api="blas")
        assert all(info["num_threads"] == 1 for info in blas.info())
    assert isinstance(blas_threads_for(True), nullcontext)
