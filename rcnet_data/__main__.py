"""`python -m rcnet_data ...`: see rcnet_data.cli."""

import sys

from rcnet_data.cli import main

sys.exit(main())
