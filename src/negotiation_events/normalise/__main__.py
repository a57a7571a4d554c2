"""Check a gazetteer data file: ``python -m negotiation_events.normalise KIND FILE``.

KIND is one of states, organisations, groupings, groups, people. Prints the number of
entries, or the file, line and reason of the first bad line (exit status 1).
"""

from __future__ import annotations

import sys

from ..errors import PatternFileError
from .sources import MODELS, check_file


def main(argv: list[str]) -> int:
    """Check one file; return the exit status."""
    if len(argv) != 2 or argv[0] not in MODELS:
        print(f"usage: python -m negotiation_events.normalise {{{','.join(MODELS)}}} FILE", file=sys.stderr)
        return 2
    try:
        print(f"{argv[1]}: {check_file(argv[1], argv[0])} entries OK")
    except PatternFileError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
