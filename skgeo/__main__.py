"""``python -m skgeo``: the same as the ``skgeo`` command."""

import sys

from ._cli import main

sys.exit(main())
