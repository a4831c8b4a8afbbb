"""Optional scikit-learn features, present or absent by installed version.

scikit-learn 1.9 added an experimental callback API (``sklearn.callback``:
``ProgressBar``, ``ScoringMonitor``, ``set_callbacks``). skgeo's estimators
support it where it exists; with older versions ``CallbackSupportMixin`` is
an empty class, so that part is absent rather than broken.
"""

try:  # scikit-learn >= 1.9
    from sklearn.callback import CallbackSupportMixin

    SKLEARN_HAS_CALLBACKS = True
except ImportError:  # pragma: no cover - exercised with scikit-learn < 1.9

    class CallbackSupportMixin:
        """Stand-in for scikit-learn's callback mixin (scikit-learn < 1.9)."""

    SKLEARN_HAS_CALLBACKS = False

__all__ = ["SKLEARN_HAS_CALLBACKS", "CallbackSupportMixin"]
