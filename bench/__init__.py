"""``make bench``: the build and the search measured on synthetic archives.

Apart from the build's package (``scripts/reportarchive``), which it runs
and reads the stage timings of (``reportarchive.timing``); ``synthetic.py``
writes the archives. Run as ``python -m bench`` from the project folder.
"""

import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
if str(PROJECT_DIR / "scripts") not in sys.path:  # the build's package, as scripts/build.py has it
    sys.path.insert(0, str(PROJECT_DIR / "scripts"))
