"""Entry point of the bundled app (PyInstaller): the same as the `sipros-desktop` command."""

import multiprocessing
import sys

from sipros_desktop.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
