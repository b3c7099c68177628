"""Entry point of `python -m ei_pulumi`."""

import sys

from .cli import main

sys.exit(main())
