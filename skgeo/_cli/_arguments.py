"""Argument types shared by the commands: checked when the line is parsed."""

import argparse

__all__ = ["positive_int", "seed"]

# NumPy's legacy seeding (RandomState, and so random_state=int) accepts
# exactly the integers from 0 to 2**32 - 1.
_MAX_SEED = 2**32 - 1


def seed(text: str) -> int:
    """A random seed: a whole number from 0 to 2**32 - 1."""
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not 0 <= value <= _MAX_SEED:
        raise argparse.ArgumentTypeError(
            f"must be a whole number from 0 to {_MAX_SEED}; got {text!r}"
        )
    return value


def positive_int(text: str) -> int:
    """A whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of at least 1; got {text!r}"
        )
    return value
