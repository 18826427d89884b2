"""axe-core (from the npm registry, pinned in tests/browser/package.json) on the reading room's pages.

No violation of impact "critical" may stand. Serious ones are reported as warnings
in the test summary; every finding is written to test-artifacts/axe/.
"""

from __future__ import annotations

import json
import warnings

import pytest
from browser_support import REF_ID, REPO

REPORTS = REPO / "test-artifacts" / "axe"
PAGES = {
    "home": "/",
    "search": "/search?q=%E5%A7%AC%E9%B9%8F%E9%A3%9E",  # 姬鹏飞
    "search-facets": "/search?q=border",
    "record": f"/records/{REF_ID}",
    "record-interleaved": f"/records/{REF_ID}?layout=interleaved",
    "record-korean": "/records/ko-minutes-1962-09",
}


class AxeWarning(UserWarning):
    pass


def describe(violation: dict) -> str:
    targets = [
        " ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"]) for node in violation["nodes"]
    ]
    return f"{violation['impact']} {violation['id']}: {violation['help']} ({len(targets)}: {', '.join(targets[:3])})"


@pytest.mark.parametrize("name", PAGES)
def test_no_critical_axe_violations(new_page, axe_script, name):
    # The page's Content-Security-Policy forbids inline scripts; axe comes in as one.
    page = new_page(bypass_csp=True)
    page.goto(PAGES[name])
    page.add_script_tag(path=str(axe_script))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = results["violations"]
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{name}.json").write_text(json.dumps(violations, indent=1, ensure_ascii=False), encoding="utf-8")
    for violation in violations:
        if violation["impact"] == "serious":
            warnings.warn(AxeWarning(f"axe on {PAGES[name]}: {describe(violation)}"), stacklevel=1)
    critical = [describe(v) for v in violations if v["impact"] == "critical"]
    assert not critical, critical
