"""``python -m purenn``: the command line (see :mod:`purenn.cli`)."""

from purenn.cli import main

raise SystemExit(main())
