"""Data flows one way: ingest -> extract -> link -> reconcile -> store, with the interfaces (cli, api,
web, export, watch) on top. A stage never imports a later stage or an interface."""

from __future__ import annotations

import ast

from paths import ROOT

PACKAGE = ROOT / "src" / "triangulate"
STAGES = ["ingest", "extract", "link", "reconcile", "store"]
INTERFACES = {"cli", "api", "web", "export", "watch"}
# the package `triangulate.extract` is callable (`triangulate.extract(text)`, the one-report API): its
# __call__ hands over to the api module, at call time
ALLOWED = {("extract/__init__.py", "triangulate.api")}


def _imports(path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append(node.module)
        elif isinstance(node, ast.Import):
            out.extend(a.name for a in node.names)
    return [m for m in out if m.startswith("triangulate.")]


def test_no_stage_imports_a_later_stage_or_an_interface():
    wrong = []
    for rank, stage in enumerate(STAGES):
        for path in sorted((PACKAGE / stage).glob("*.py")):
            for module in _imports(path):
                part = module.split(".")[1]
                later = part in STAGES and STAGES.index(part) > rank
                if (later or part in INTERFACES) and (f"{stage}/{path.name}", module) not in ALLOWED:
                    wrong.append(f"{stage}/{path.name} imports {module}")
    assert wrong == []
