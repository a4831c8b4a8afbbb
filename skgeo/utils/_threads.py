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

The BLAS thread count is a process-wide setting (OpenBLAS has no per-thread
one), so fits running at once in several threads share it. Two rules keep
that safe:

* the setting is changed when the first fit of a group enters and restored
  to what it was when the last one leaves, never in between (one fit
  restoring its own snapshot while another still runs used to leave the
  whole process on one thread, or let the other fit's remaining epochs run
  threaded);
* a fit that wants a different setting from the fits running waits for them
  to finish, because BLAS results depend on the thread count (a float32
  product of shape (200, 65) x (65, 64) differs in its last bits between one
  and two OpenBLAS threads), and a fit must give the same bits whatever runs
  beside it.

Fits waiting for another setting are served in arrival order, so a stream of
fits of one kind cannot starve the other kind. A fit nested inside another
in the same thread (a callback that fits a model) joins the running group at
once, whatever its kind, instead of waiting for itself.
"""

import threading
from collections import deque
from contextlib import contextmanager

from threadpoolctl import OpenBLASController, ThreadpoolController

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


class _SharedBlasSetting:
    """The process's BLAS thread count, shared by the sections running at once.

    A section is either *threaded* (BLAS as the process has it) or *single*
    (one BLAS thread). Sections of one kind run together; a section of the
    other kind waits until they have all left.
    """

    def __init__(self):
        self._condition = threading.Condition()
        self._holders = 0
        self._threaded = None  # kind of the running sections
        self._limiter = None  # restores the setting the first section found
        self._waiting = deque()  # (ticket, threaded) in arrival order
        self._controller = None
        self._local = threading.local()

    def enter(self, threaded: bool):
        depth = getattr(self._local, "depth", 0)
        with self._condition:
            if depth == 0:
                ticket = (object(), threaded)
                self._waiting.append(ticket)
                try:
                    self._condition.wait_for(lambda: self._may_enter(ticket))
                finally:
                    # Also when interrupted, or the queue would block forever.
                    self._waiting.remove(ticket)
                    # Sections queued behind this one may now go in too.
                    self._condition.notify_all()
                if self._holders == 0:
                    self._start_group(threaded)
            self._holders += 1
        self._local.depth = depth + 1

    def leave(self):
        self._local.depth -= 1
        with self._condition:
            self._holders -= 1
            if self._holders == 0:
                limiter, self._limiter, self._threaded = self._limiter, None, None
                if limiter is not None:
                    with _blas_control():
                        limiter.restore_original_limits()
                self._condition.notify_all()

    def _may_enter(self, ticket):
        threaded = ticket[1]
        if self._holders and self._threaded != threaded:
            return False
        # First come, first served between kinds: nobody of the other kind
        # may be waiting ahead of this section.
        for waiting in self._waiting:
            if waiting is ticket:
                return True
            if waiting[1] != threaded:
                return False
        return True  # pragma: no cover - the ticket is always queued

    def _start_group(self, threaded):
        self._threaded = threaded
        if not threaded:
            # Finding the loaded BLAS libraries takes milliseconds; the
            # libraries a fit uses (NumPy's and SciPy's) are loaded before
            # the first fit, so one controller serves the process.
            if self._controller is None:
                self._controller = ThreadpoolController()
            with _blas_control():
                self._limiter = self._controller.limit(limits=1, user_api="blas")


@contextmanager
def _blas_control():
    """Let this thread set OpenBLAS's thread count, and give control back after.

    threadpoolctl (3.8 and newer) lets only one thread at a time set a
    process-wide OpenBLAS pool, the first one to try, until that thread
    releases it; calls from other threads are silently ignored. The section
    that restores the setting may run in another thread than the one that
    changed it, so each change releases control at once, unless this thread
    already held it (a ``threadpool_limits`` block of the caller's own).
    """
    state = getattr(OpenBLASController, "_SHARED_STATE", None)
    held = getattr(state, "controlling_thread", None) is threading.current_thread()
    try:
        yield
    finally:
        release = getattr(OpenBLASController, "clear_controlling_thread", None)
        if release is not None and not held:
            release()


_SHARED_SETTING = _SharedBlasSetting()


class _BlasSection:
    """Context manager of one fit's BLAS section (see the module docstring)."""

    def __init__(self, threaded):
        self.threaded = bool(threaded)

    def __enter__(self):
        _SHARED_SETTING.enter(self.threaded)
        return self

    def __exit__(self, *exc_info):
        _SHARED_SETTING.leave()
        return False


def blas_threads_for(threaded: bool) -> _BlasSection:
    """A context running BLAS on one thread unless ``threaded``.

    The setting is shared by every section running at once in the process:
    a section waits while sections of the other kind run, and the setting
    found by the first section is restored when the last one leaves.

    Parameters
    ----------
    threaded : bool
        Whether the section keeps BLAS's own thread count (large, thick
        products; see :func:`wants_blas_threads`) rather than one thread.

    Returns
    -------
    section : context manager
        Enter it around the products of one fit.
    """
    return _BlasSection(threaded)
