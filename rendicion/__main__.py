"""``python -m rendicion``: see :mod:`rendicion.cli`."""

import gc
import os
import sys

# A command is a short-lived process. Loading its modules (pandas among them) creates several
# hundred thousand objects and no garbage cycles: the cyclic collector, paused while they load,
# would only rescan them (about a tenth of the start-up's CPU time).
gc.disable()
from rendicion.cli import main  # noqa: E402 - imported with the collector paused

gc.enable()

try:
    sys.exit(main())
except BrokenPipeError:  # output piped into `head` and the like: stop quietly
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(0)
