"""Entry point of the ``skgeo`` command: the parser and the error boundary."""

import argparse
import sys

from . import demo, landforms, predict, terrain, train
from ._errors import report

__all__ = ["main"]

# Each module adds one subcommand; a new command is one module and one entry.
COMMANDS = (demo, train, predict, terrain, landforms)


class _Parser(argparse.ArgumentParser):
    """A parser whose errors are one line, like every other skgeo error."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The ``skgeo`` parser with every subcommand registered."""
    from .. import __version__

    parser = _Parser(
        prog="skgeo",
        description="Neural networks for geoscience, the scikit-learn way.",
    )
    parser.add_argument("--version", action="version", version=f"skgeo {__version__}")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="show the full traceback when a command fails",
    )
    # Every subcommand also takes --debug after its name (``skgeo train ...
    # --debug``); SUPPRESS keeps the top-level value when it is not given.
    common = _Parser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help=argparse.SUPPRESS,
    )
    subcommands = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(subcommands, parents=[common])
    return parser


def main(argv=None) -> int:
    """Run the ``skgeo`` command; return its exit code.

    Errors end as one line on stderr and exit code 1 (130 when interrupted);
    ``skgeo --debug ...`` also prints the traceback.
    """
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except BrokenPipeError:
        # The reader (``| head``) has gone: stop quietly, as Unix tools do.
        # Point stdout at devnull so that Python's shutdown flush cannot
        # raise a second BrokenPipeError.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except (Exception, KeyboardInterrupt) as error:
        return report(error, debug=args.debug)
