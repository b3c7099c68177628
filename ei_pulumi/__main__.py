"""Entry point of `python -m ei_pulumi`."""

import os
import sys

from .cli import main

try:
    status = main()
    sys.stdout.flush()
except BrokenPipeError:
    # The reader left (`plan | head`): stop quietly, as Unix tools do on SIGPIPE, and keep
    # Python from complaining when it flushes stdout at exit.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    status = 128 + 13
sys.exit(status)
