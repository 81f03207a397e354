"""``python -m bench``: the benchmark, and each ``--child`` measurement it starts."""

import sys

from bench.cli import main

sys.exit(main())
