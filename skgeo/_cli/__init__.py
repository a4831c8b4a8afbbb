"""The ``skgeo`` command: one module per subcommand, one place for errors.

Each command module (``demo``, ``train``, ``predict``, ...) exposes
``register(subcommands)``, which adds its parser and sets ``handler``; the
entry point in :mod:`skgeo._cli._main` turns any exception a handler raises
into one line on stderr and a non-zero exit (``--debug`` shows the traceback).
"""

from ._main import main

__all__ = ["main"]
