"""A method that exists only while its estimator's configuration allows it."""

from functools import update_wrapper
from types import MethodType

__all__ = ["available_when"]


class _ConditionalMethod:
    """Descriptor behind :func:`available_when`."""

    def __init__(self, method, check):
        self.method = method
        self.check = check
        update_wrapper(self, method)

    def __get__(self, obj, owner=None):
        if obj is None:
            return self.method
        # Unlike sklearn.utils.metaestimators.available_if, the check's own
        # exception propagates, so it can say why and carry its own type.
        self.check(obj)
        return MethodType(self.method, obj)


def available_when(check):
    """Make a method an attribute only when ``check(estimator)`` passes.

    ``check`` raises an ``AttributeError`` (or a subclass, which may also
    subclass ``ValueError``) to hide the method; ``hasattr`` then returns
    False, and calling code sees the check's message.

    Parameters
    ----------
    check : callable
        ``check(estimator)``, raising when the method is unavailable.

    Returns
    -------
    decorator : callable
        Wraps the method in the conditional descriptor.
    """

    def decorator(method):
        return _ConditionalMethod(method, check)

    return decorator
