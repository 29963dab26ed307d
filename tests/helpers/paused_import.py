"""`python -m rcnet_data ...` whose import stops before its commit, so that a test can kill
it there or start another write beside it. The rows go through the product's own write
path (importer.write_import); only its `before_commit` hook is given a pause.

    python -m tests.helpers.paused_import MARKER SECONDS import FILE --database URL ...

MARKER is written once every row is in the open transaction; SECONDS is how long it waits.
"""

import sys
import time
from pathlib import Path

from rcnet_data import cli
from rcnet_data.storage import importer

marker, seconds, *argv = sys.argv[1:]
write_import = importer.write_import


def paused_write(prepared, engine, user, seed=False, before_commit=None):
    def pause() -> None:
        Path(marker).write_text(f"{len(prepared.new_ids)} rows written, not committed")
        time.sleep(float(seconds))

    return write_import(prepared, engine, user, seed, before_commit=pause)


importer.write_import = paused_write
sys.exit(cli.main(argv))
