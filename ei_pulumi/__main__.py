"""Entry point of `python -m ei_pulumi`."""

import gc
import os
import signal
from types import FrameType
from typing import Optional


def _interrupted(signum: int, frame: Optional[FrameType]) -> None:
    """Ctrl-C: say so in one line and exit at once, with 130 (128 + SIGINT, the status the AWS
    CLI's InterruptExceptionHandler returns, awscli/errorhandler.py).

    At once rather than by a KeyboardInterrupt: raised inside Pulumi's event loop, that one was
    swallowed (the plan went on and exited 0), and elsewhere it printed a long traceback. Nothing
    is left to clean up: the commands only read, and `docs` and `schema` write their files last.
    """
    try:
        os.write(2, b"interrupted\n")  # not sys.stderr: the signal may have come in the middle of one of its writes
    except OSError:
        pass  # stderr is closed: the status alone tells
    os._exit(128 + signum)


if __name__ == "__main__":
    # First, before the imports below (Pulumi, pydantic: most of a second). A process started with
    # Ctrl-C ignored, as a background job is, keeps ignoring it.
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, _interrupted)

    # No cyclic collection in this process: each one would walk a heap that only grows (Pulumi,
    # pydantic, pulumi-aws's modules, then a run's objects, all alive until the output is out), and
    # the process ends with its command. Turned back on after a run, the collector walked all of a
    # 200-component plan once more before writing it (1.7 s).
    gc.disable()
    from .cli import run

    run()
