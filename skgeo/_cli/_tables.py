"""Reading the tables that ``train`` and ``predict`` take."""

from ._errors import CommandError
from ._files import check_input_file

__all__ = ["read_table"]


def read_table(path, *columns):
    """Read the CSV file at ``path``; every name in ``columns`` must be in it."""
    import pandas as pd

    path = check_input_file(path)
    try:
        frame = pd.read_csv(path)
    except pd.errors.EmptyDataError:
        raise CommandError(f"{path} is empty: it has no header and no rows") from None
    missing = [name for name in columns if name is not None and name not in frame]
    if missing:
        raise CommandError(
            f"column {missing[0]!r} is not in {path}; its columns are "
            f"{list(frame.columns)}"
        )
    if len(frame) == 0:
        raise CommandError(f"{path} has a header but no rows")
    return frame
