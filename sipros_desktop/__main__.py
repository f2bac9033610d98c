import sys

from sipros_desktop.cli import main

sys.exit(main())
