"""Tests of the BLAS threading policy and of the process-wide BLAS setting.

OpenBLAS ignores a thread count set from any thread but the main one once
the main thread has set one, and pytest's main thread sets it at every fit.
So the scenarios with several threads run in a fresh interpreter whose main
thread never touches the setting (:func:`fresh_results`); each is a function
that raises ``AssertionError`` when the property fails.
"""

import json
import os
import subprocess
import sys
import threading
import traceback

import numpy as np
import pytest
from joblib import parallel_config
from sklearn.model_selection import KFold, cross_val_score
from threadpoolctl import OpenBLASController, ThreadpoolController, threadpool_limits

from skgeo import GeoMLPRegressor
from skgeo.utils._threads import blas_threads_for, wants_blas_threads

# Events are waited on with a timeout, so that a regression fails the test
# instead of hanging it.
WAIT = 30.0


def blas_threads():
    """Thread count of every loaded BLAS library, in a fixed order."""
    info = ThreadpoolController().select(user_api="blas").info()
    return [(lib["filepath"], lib["num_threads"]) for lib in info]


@pytest.fixture
def two_blas_threads():
    """Run the test with BLAS on two threads, and check it is left so."""
    with threadpool_limits(limits=2, user_api="blas"):
        before = blas_threads()
        yield before
        assert blas_threads() == before


SCENARIOS = [
    "scenario_overlapping_sections",
    "scenario_threaded_waits",
    "scenario_nested_sections",
    "scenario_fit_overlapped_by_shorter_fit",
    "scenario_threaded_fit_beside_single_thread_fit",
    "scenario_cross_val_score_in_threads",
]


def run_scenarios():
    """Run every scenario; print a JSON map of scenario to failure (or None)."""
    failures = {}
    for name in SCENARIOS:
        # Each scenario starts on two threads, whatever the last one left,
        # with no thread holding threadpoolctl's control of OpenBLAS.
        OpenBLASController.clear_controlling_thread(force=True)
        ThreadpoolController().limit(limits=2, user_api="blas")
        OpenBLASController.clear_controlling_thread(force=True)
        before = blas_threads()
        try:
            globals()[name](before)
            after = blas_threads()
            assert after == before, f"BLAS setting {after} after, {before} before"
        except Exception:  # noqa: BLE001 - reported to the test of this scenario
            failures[name] = traceback.format_exc()
        else:
            failures[name] = None
    print(json.dumps(failures))


@pytest.fixture(scope="module")
def fresh_results():
    """Failures of the scenarios run in a fresh interpreter, by scenario.

    BLAS starts on two threads there, and the main thread never sets it.
    """
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2"}
    code = (
        "import warnings\n"
        "warnings.simplefilter('ignore')\n"
        "from skgeo.utils.tests.test_threads import run_scenarios\n"
        "run_scenarios()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=20 * WAIT,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def check_scenario(results, name):
    """Fail with the scenario's traceback when it failed."""
    if results[name] is not None:
        pytest.fail(f"{name} failed in a fresh interpreter:\n{results[name]}")


def run_in_threads(*targets):
    """Run each callable in its own thread; re-raise the first failure."""
    errors = []

    def guarded(target):
        try:
            target()
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            errors.append(exc)

    # Daemon threads: a deadlocked one must not keep the interpreter alive.
    threads = [
        threading.Thread(target=guarded, args=(t,), daemon=True) for t in targets
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=4 * WAIT)
        assert not thread.is_alive(), "a thread is stuck (deadlock?)"
    if errors:
        raise errors[0]


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


def test_contexts_limit_inside_and_restore_after(two_blas_threads):
    """One thread inside the single-threaded context, the setting as found after."""
    with blas_threads_for(False):
        assert all(n == 1 for _, n in blas_threads())
    assert blas_threads() == two_blas_threads
    with blas_threads_for(True):
        assert blas_threads() == two_blas_threads


def scenario_overlapping_sections(before):
    """Two single-thread sections in two threads, left out of order."""
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    inside_b = []

    def first():
        with blas_threads_for(False):
            a_in.set()
            assert b_in.wait(WAIT)
        a_out.set()

    def second():
        assert a_in.wait(WAIT)
        with blas_threads_for(False):
            b_in.set()
            assert a_out.wait(WAIT)
            # The first section has left; this one still runs on one thread.
            inside_b.extend(n for _, n in blas_threads())

    run_in_threads(first, second)
    assert inside_b and all(n == 1 for n in inside_b), inside_b


def test_overlapping_sections_restore_the_original_setting(fresh_results):
    """Overlapping single-thread sections, left out of order, leave no limit."""
    check_scenario(fresh_results, "scenario_overlapping_sections")


def scenario_threaded_waits(before):
    """A threaded section asked for while a single-thread section runs."""
    single_in, threaded_asked = threading.Event(), threading.Event()
    seen_by_threaded = []

    def single():
        with blas_threads_for(False):
            single_in.set()
            assert threaded_asked.wait(WAIT)
            # Give the threaded section time to get in, if it wrongly can.
            threading.Event().wait(0.3)

    def threaded():
        assert single_in.wait(WAIT)
        threaded_asked.set()
        with blas_threads_for(True):
            seen_by_threaded.extend(blas_threads())

    run_in_threads(single, threaded)
    assert seen_by_threaded == before, (seen_by_threaded, before)


def test_threaded_section_waits_for_single_thread_sections(fresh_results):
    """A threaded section never runs under another section's one-thread limit."""
    check_scenario(fresh_results, "scenario_threaded_waits")


def scenario_nested_sections(before):
    """A threaded section opened inside a single-thread one, in one thread."""

    def nested():
        with blas_threads_for(False), blas_threads_for(True):
            assert all(n == 1 for _, n in blas_threads())

    run_in_threads(nested)


def test_nested_sections_in_one_thread_do_not_deadlock(fresh_results):
    """A section opened inside another in the same thread joins it at once."""
    check_scenario(fresh_results, "scenario_nested_sections")


class PausingScorer:
    """An early-stopping scorer that runs ``pause`` at its first call.

    The scorer runs inside ``fit``, so a test can hold a fit open while
    another fit starts or ends.
    """

    def __init__(self, pause):
        self.pause = pause
        self.calls = 0

    def __call__(self, estimator, X, y):
        self.calls += 1
        if self.calls == 1:
            self.pause()
        return -float(np.mean((estimator.predict(X) - y) ** 2))


def float32_regression(n_samples=2000, n_features=16, seed=0):
    """Data whose products are large enough for BLAS to thread them."""
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n_samples, n_features)).astype(np.float32)
    y = (X[:, 0] - 2 * X[:, 1] + 0.1 * rng.normal(size=n_samples)).astype(np.float32)
    return X, y


def small_network(scorer=None, max_iter=6):
    """A network trained on one BLAS thread (its products are small or thin)."""
    return GeoMLPRegressor(
        hidden_layer_sizes=(64,),
        batch_size=200,
        max_iter=max_iter,
        early_stopping=True,
        early_stopping_scoring=scorer or PausingScorer(lambda: None),
        n_iter_no_change=100,
        random_state=0,
    )


def scenario_fit_overlapped_by_shorter_fit(before):
    """Fit B starts inside fit A, and A ends while B trains."""
    X, y = float32_regression()
    alone = small_network()
    run_in_threads(lambda: alone.fit(X, y))
    assert blas_threads() == before
    a_in, b_in, a_done = threading.Event(), threading.Event(), threading.Event()

    def wait_for_b():
        a_in.set()
        assert b_in.wait(WAIT)

    def wait_for_a_to_end():
        b_in.set()
        assert a_done.wait(WAIT)

    short = small_network(PausingScorer(wait_for_b), max_iter=2)
    long = small_network(PausingScorer(wait_for_a_to_end))

    def fit_short():
        try:
            short.fit(X, y)
        finally:
            a_done.set()

    def fit_long():
        assert a_in.wait(WAIT)
        long.fit(X, y)

    run_in_threads(fit_short, fit_long)
    for got, expected in zip(long.coefs_, alone.coefs_, strict=True):
        np.testing.assert_array_equal(got, expected)


def test_fit_is_bit_identical_when_another_fit_ends_during_it(fresh_results):
    """A fit overlapped by a shorter fit gives the same bits as alone; no leak."""
    check_scenario(fresh_results, "scenario_fit_overlapped_by_shorter_fit")


def scenario_threaded_fit_beside_single_thread_fit(before):
    """A threaded fit starts while a single-thread fit trains."""
    X, y = float32_regression(n_samples=2048, n_features=64, seed=1)
    params = {
        "hidden_layer_sizes": (128, 128),
        "batch_size": 256,
        "max_iter": 3,
        "random_state": 0,
    }
    assert wants_blas_threads([64, 128, 128, 1], 256)
    alone = GeoMLPRegressor(**params)
    run_in_threads(lambda: alone.fit(X, y))
    single_in, threaded_asked = threading.Event(), threading.Event()

    def hold_while_threaded_starts():
        single_in.set()
        assert threaded_asked.wait(WAIT)
        threading.Event().wait(0.5)

    single = small_network(PausingScorer(hold_while_threaded_starts))
    threaded = GeoMLPRegressor(**params)

    def fit_threaded():
        assert single_in.wait(WAIT)
        threaded_asked.set()
        threaded.fit(X, y)

    run_in_threads(lambda: single.fit(*float32_regression()), fit_threaded)
    for got, expected in zip(threaded.coefs_, alone.coefs_, strict=True):
        np.testing.assert_array_equal(got, expected)


def test_threaded_fit_is_bit_identical_beside_a_single_thread_fit(fresh_results):
    """A threaded fit started during a single-thread fit gives the same bits."""
    check_scenario(fresh_results, "scenario_threaded_fit_beside_single_thread_fit")


def scenario_cross_val_score_in_threads(before):
    """cross_val_score under joblib's threading backend, then sequentially."""
    X, y = float32_regression(n_samples=1200)
    model = small_network(max_iter=4)
    cv = KFold(4, shuffle=True, random_state=0)
    with parallel_config(backend="threading", n_jobs=4):
        threaded = cross_val_score(model, X, y, cv=cv)
    assert blas_threads() == before
    sequential = []
    run_in_threads(lambda: sequential.extend(cross_val_score(model, X, y, cv=cv)))
    np.testing.assert_array_equal(threaded, sequential)


def test_cross_val_score_in_threads_matches_sequential(fresh_results):
    """cross_val_score under joblib's threading backend: same scores, no leak."""
    check_scenario(fresh_results, "scenario_cross_val_score_in_threads")
