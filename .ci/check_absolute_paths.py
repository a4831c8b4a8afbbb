"""Fail when a committed source, docs or config file hard-codes an absolute path.

A path such as ``/tmp/figures`` or ``/home/me/data.csv`` works only on the
machine it was written on: tests use ``tmp_path``, examples write nowhere or
under the current folder, and shared data is reached relative to the
repository. Recorded benchmark results are data and are not checked.

Usage: ``python .ci/check_absolute_paths.py [ROOT]``; exit status 1 lists each
offending ``file:line``.
"""

import re
import subprocess
import sys
from pathlib import Path

CHECKED_FOLDERS = ("skgeo", "examples", "docs", "benchmarks")
CHECKED_FILES = ("pyproject.toml", "conftest.py", "README.md")
CHECKED_SUFFIXES = {".py", ".rst", ".md", ".toml", ".cfg", ".ini", ".txt", ".yml"}
CHECKED_SUFFIXES |= {".yaml", ".sh", ".css", ".html", ".js"}
SKIPPED = ("benchmarks/results/",)

# A POSIX path under a top-level folder that holds machine-specific files, or
# a Windows drive path, not preceded by a word character (so URLs such as
# https://host/home/... and relative paths like a/tmp/b are not matched).
ABSOLUTE_PATH = re.compile(
    r"(?<![\w.:/~-])(/(?:tmp|home|root|work|Users|mnt|media|var|opt|srv|scratch"
    r"|data|private)/[^\s'\"`)]*|[A-Za-z]:\\\\?[\w. -]+\\)"
)


def tracked_files(root: Path) -> list[Path]:
    """Files git tracks under the checked folders (all files without git)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", *CHECKED_FOLDERS, *CHECKED_FILES],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        return [root / name for name in listed]
    except (OSError, subprocess.CalledProcessError):
        found = [root / name for name in CHECKED_FILES if (root / name).exists()]
        for folder in CHECKED_FOLDERS:
            found += [p for p in (root / folder).rglob("*") if p.is_file()]
        return found


def offending_lines(root: Path) -> list[str]:
    """``file:line: text`` for every absolute path in a checked file."""
    found = []
    for path in tracked_files(root):
        relative = path.relative_to(root).as_posix()
        if path.suffix not in CHECKED_SUFFIXES or relative.startswith(SKIPPED):
            continue
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if line.startswith("#!"):
                continue
            for match in ABSOLUTE_PATH.finditer(line):
                found.append(f"{relative}:{number}: {match.group(0)}")
    return found


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else ".").resolve()
    found = offending_lines(root)
    for line in found:
        print(f"absolute path: {line}", file=sys.stderr)
    if found:
        print(
            f"{len(found)} hard-coded absolute path(s): use tmp_path in tests, the "
            "current folder in examples, and paths relative to the repository.",
            file=sys.stderr,
        )
        return 1
    print("no hard-coded absolute paths")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
