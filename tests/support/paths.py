"""Where the repository and the shared schedule files are, wherever a test module sits."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Real schedule files published by other conferences live beside the repository, never inside it.
SHARED_FIXTURES = Path(os.environ.get("SHARED_FIXTURES", ROOT.parent / "shared" / "fixtures"))
