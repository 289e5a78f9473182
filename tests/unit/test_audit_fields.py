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


def test_a_value_is_named_as_its_kind_of_target_names_it(app):
    """A goal's status is no proposal status; a period's kind no phase's; a measured value
    and a moment are written as the pages write them."""
    from flask_babel import force_locale

    from app.templating import audit_value
    with app.test_request_context(), force_locale("sv"):
        assert audit_value("decided", "status", "goal") == "Beslutat"
        assert audit_value("draft", "status", "proposal") == "Utkast"
        assert audit_value("hidden", "status", "comment") == str(
            labels.COMMENT_STATUSES["hidden"])
        assert audit_value("annual", "kind", "followupperiod") == "Årsredovisning"
        assert audit_value(85.5, "value") == "85,5" and audit_value(86.0, "value") == "86"
        assert audit_value(2025, "year") == "2025"
        moment = audit_value("2026-12-29T23:00:00+00:00", "starts_at", "phase")
        assert moment.startswith("2026-12-30") and "00:00" in moment  # Stockholm time
        assert audit_value("kf 24/6", "decided_by", "goal") == "kf 24/6"
        # A note that only looks like a moment is shown as written, never a server error.
        assert audit_value("2024-13-01T00:00", "note", "proposal") == "2024-13-01T00:00"


def test_every_job_has_a_name_in_words(app):
    """The jobs page shows each job by its name in words, never "kolada_fetch"."""
    from app import jobs
    assert {"kolada_fetch", "results_emails"} <= set(jobs.TASKS)  # the app registered them
    assert sorted(set(jobs.TASKS) - set(labels.JOBS)) == []
