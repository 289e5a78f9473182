"""Accessibility: run axe-core's WCAG 2.1 A and AA rules on the page a browser test is on."""
import os

from app.paths import PROJECT_ROOT

AXE_JS = os.path.join(PROJECT_ROOT, "node_modules", "axe-core", "axe.min.js")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_source = None


def axe_violations(page):
    """axe-core's violations on `page`, injected through the DevTools protocol (the site's
    Content-Security-Policy forbids inline script, and rightly so)."""
    global _source
    if _source is None:
        with open(AXE_JS, encoding="utf-8") as script:
            _source = script.read()
    page.evaluate(_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
    return result["violations"]


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [f"    {node['target']}: {node['failureSummary']}"
                  for node in violation["nodes"][:5]]
    return "\n".join(lines)
