"""Files that are either written whole or not at all."""

import contextlib
import os
import tempfile
from pathlib import Path

from ._errors import CommandError

__all__ = ["atomic_path", "check_output_path", "check_input_file"]


def check_input_file(path, what: str = "file") -> Path:
    """Return ``path`` as a Path if it names an existing file, else fail."""
    path = Path(path)
    if not path.exists():
        raise CommandError(f"no such {what}: {path}")
    if path.is_dir():
        raise CommandError(f"{path} is a folder; give the {what} inside it")
    return path


def check_output_path(path) -> Path:
    """Fail before any work is done if ``path`` cannot be written."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CommandError(
            f"cannot write {path}: the folder {folder} does not exist; create it "
            "first or choose another output path"
        )
    if path.is_dir():
        raise CommandError(f"cannot write {path}: it is a folder")
    if not os.access(folder, os.W_OK):
        raise CommandError(f"cannot write {path}: the folder {folder} is read-only")
    return path


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path beside ``path``; rename it to ``path`` on success.

    A run that fails or is killed leaves at most a hidden temporary file,
    never a half-written ``path``; a rename within one folder is atomic.
    """
    path = check_output_path(path)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".part", dir=path.parent
    )
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
