import sys

from sipros_desktop.app import main

sys.exit(main())
