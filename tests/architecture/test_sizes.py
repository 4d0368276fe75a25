"""Small files and short functions (docs/design.md, "How we write code"), kept by a test.

Demo program content (long literal documents) and generated migrations are exempt.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = [ROOT / "stegvis", ROOT / "benchmarks", ROOT / "tests"]
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 60
CONTENT = ROOT / "stegvis" / "demo" / "programs"


def _sources(functions: bool) -> list[Path]:
    paths = []
    for base in CHECKED:
        for path in base.rglob("*.py"):
            if "migrations" in path.parts or ".venv" in path.parts:
                continue
            if functions and (CONTENT in path.parents or ROOT / "tests" in path.parents):
                continue
            paths.append(path)
    return paths


def test_no_python_file_is_over_500_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for path in _sources(functions=False)
        if (n := len(path.read_text().splitlines())) > MAX_FILE_LINES
    }
    assert not long, long


def test_no_function_is_over_60_lines_outside_demo_content():
    long = {}
    for path in _sources(functions=True):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = n
    assert not long, long
