"""The package's layers (README, "How the code is laid out"): each layer imports only layers
below it, nothing imports in a cycle, notebooks import only the public blocks, the table of
contents is the only list of pages, and a figure is found from its page in two hops."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from analysis import config, figures, toc

PACKAGE = config.REPO_ROOT / "src" / "analysis"
#: Layers from the bottom up; a module may import its own layer and those before it.
LAYERS = ["base", "data", "evidence", "figures", "pages", "publish"]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else "base"


def imports() -> dict[str, set[str]]:
    """Every module of the package -> the package modules it imports (anywhere in it)."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("analysis")}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[:len(anchor) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                if not base.startswith("analysis"):
                    continue
                for alias in node.names:
                    candidate = f"{base}.{alias.name}"
                    found.add(candidate if candidate in modules else base)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def test_the_import_graph_has_the_expected_shape():
    graph = imports()
    # a sanity check of the parser itself, on edges known to exist
    assert "analysis.data.tables" in graph["analysis.evidence.claims"]
    assert "analysis.figures.registry" in graph["analysis.figures.builders.planning"]
    assert len(graph) >= 35


def test_each_layer_imports_only_layers_below_it():
    for module, targets in imports().items():
        for target in targets:
            if target == "analysis" or module.startswith(target + "."):
                continue  # a package's own __init__, loaded on the way to its modules
            assert LAYERS.index(layer(target)) <= LAYERS.index(layer(module)), \
                f"{module} ({layer(module)}) imports {target} ({layer(target)})"


def test_no_import_cycle():
    graph = imports()
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if target == "analysis" or node.startswith(target + "."):
                continue
            assert state.get(target) != 1, "import cycle: " + " -> ".join(path + [target])
            if target not in state:
                visit(target, path + [target])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_the_registry_imports_no_builder():
    assert not any(t.startswith("analysis.figures.builders")
                   for t in imports()["analysis.figures.registry"])


def test_pages_import_only_the_public_blocks():
    for page in toc.pages():
        text = page.source.read_text(encoding="utf-8")
        cells = re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", text, re.S)
        for cell in cells:
            for line in cell.splitlines():
                if re.match(r"\s*(from|import)\s", line):
                    assert re.match(r"\s*from analysis\.pages import [\w, ]+$", line), \
                        f"{page.docname}: {line.strip()}"


def test_the_toc_is_the_only_list_of_pages():
    stems = [p.stem for p in toc.pages()]
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for stem in stems:
            assert stem not in text, f"{path.name} names the page {stem}"
        assert not re.search(r"notebooks/0\d", text), path.name


def test_a_figure_is_found_from_its_page_in_two_hops():
    # page -> book.figure(label) -> the builders module of that page, which builds every
    # figure the page shows and no other page's
    module_of_page = {}
    for label, figure in figures.REGISTRY.items():
        page = figures.page_of(label).docname
        module = figure.build.__module__
        assert module.startswith("analysis.figures.builders."), module
        assert module_of_page.setdefault(page, module) == module, (label, page, module)
    assert len(set(module_of_page.values())) == len(module_of_page)
