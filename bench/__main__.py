"""``python -m bench``: the benchmark, and each ``--child`` measurement it starts;
``python -m bench mutation``: mutation testing of the core modules (:mod:`bench.mutation`)."""

import sys

if sys.argv[1:2] == ["mutation"]:
    from bench.mutation import main

    sys.exit(main(sys.argv[2:]))

from bench.cli import main

sys.exit(main())
