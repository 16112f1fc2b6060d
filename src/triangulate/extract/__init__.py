"""Extract: `Document` -> `Extraction` (incidents with sourced claims).

The package is also callable, so that `triangulate.extract(text, published=..., outlet=...)` is the
one-report API while `triangulate.extract.pipeline` and its siblings stay importable.
"""

import sys
import types
from typing import Any

from triangulate.extract.pipeline import Extractor, extract_document


class _CallableModule(types.ModuleType):
    def __call__(self, text: str, **kwargs: Any) -> Any:
        from triangulate.api import extract

        return extract(text, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["Extractor", "extract_document"]
