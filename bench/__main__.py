"""``python -m rendicion.bench``: the benchmark, and each ``--child`` measurement it starts."""

import sys

from rendicion.bench.cli import main

sys.exit(main())
