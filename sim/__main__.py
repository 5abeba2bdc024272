"""``python -m sim`` is the ``healthsim`` command."""

import sys

from sim.cli import main

sys.exit(main())
