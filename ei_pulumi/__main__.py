"""Entry point of `python -m ei_pulumi`."""

from .cli import run

if __name__ == "__main__":
    run()
