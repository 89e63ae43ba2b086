"""``python -m bench``: the scale benchmark (see :mod:`bench.scale`)."""

import sys

from bench.scale import main

sys.exit(main())
