"""``python -m rtnews <command>``: the same as the ``rtnews`` console script."""

import sys

from rtnews.cli import main

sys.exit(main())
