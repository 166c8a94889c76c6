"""``python -m npnn``: the command line (see :mod:`npnn.cli`)."""

from npnn.cli import main

raise SystemExit(main())
