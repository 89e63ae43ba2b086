"""``python -m bot``: the command line (and ``run``, the Discord bot)."""

import sys

from bot.cli import main

sys.exit(main())
