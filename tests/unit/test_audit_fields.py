"""Every field name the code writes into the audit log has words in the log's language:
read from the calls themselves, so a new one cannot slip in untranslated."""
import ast
import pathlib

from app import labels
from app.paths import PROJECT_ROOT


def _recorded_fields():
    fields = set()
    for path in pathlib.Path(PROJECT_ROOT, "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr == "record":
                for keyword in node.keywords:
                    if keyword.arg in ("before", "after") and isinstance(keyword.value,
                                                                         ast.Dict):
                        fields.update(key.value for key in keyword.value.keys
                                      if isinstance(key, ast.Constant))
            elif node.func.attr == "snapshot":
                fields.update(arg.value for arg in node.args[1:]
                              if isinstance(arg, ast.Constant))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and "snapshot" in node.name:
                fields.update(key.value for inner in ast.walk(node)
                              if isinstance(inner, ast.Dict)
                              for key in inner.keys if isinstance(key, ast.Constant))
    return fields


def test_every_audited_field_has_a_name_in_words():
    found = _recorded_fields()
    # The walk finds what it should: literals in record() calls, snapshot() arguments, and
    # dictionaries built by functions that make snapshots.
    assert {"keywords", "status", "suggested", "reviewed_at"} <= found
    assert sorted(found - set(labels.AUDIT_FIELDS)) == []
