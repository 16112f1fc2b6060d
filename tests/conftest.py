from __future__ import annotations

from pathlib import Path

import pytest
from paths import AL_ALAM, WIRE21


@pytest.fixture(scope="session")
def seed_extractions():
    from triangulate.extract import Extractor
    from triangulate.ingest import read

    docs = list(read([AL_ALAM, WIRE21]))
    return {Path(ex.document.source).name: ex for ex in Extractor().pipe(docs)}
