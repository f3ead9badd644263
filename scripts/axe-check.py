#!/usr/bin/env python3
"""Runs axe-core (bundled in PyPI's axe-selenium-python) on pages of a built site in headless
Chromium (Debian `chromium-driver`, PyPI `selenium`), as a reader would open them.

    scripts/axe-check.py SITE_DIR PATH [PATH ...] [--width 390 --height 844] [--elder]

Rules: WCAG 2.0 A and AA, WCAG 2.1 AA and axe's best practices (the bundled axe-core is 3.1.1: it
has no tag for 2.1 A and no AAA contrast rule; layout-probe.py measures 7:1 contrast for 长辈模式).
--elder opens the page in 长辈模式, as tools.js stores the reader's choice. Prints one JSON object
per page: path, width, elder, axe's version, and its violations (rule id, impact, the first nodes'
selectors and summaries). The test suite (AccessibilityTests) asserts there are none.
"""
import json, os, sys

import axe_selenium_python
from browser import each_page, page_arguments

AXE = os.path.join(os.path.dirname(axe_selenium_python.__file__), "node_modules", "axe-core", "axe.min.js")


def main():
    args = page_arguments("Runs axe-core on pages of a built site.").parse_args()
    axe = open(AXE, encoding="utf-8").read()
    run_options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]}}
    for driver, path in each_page(args):
        driver.execute_script(axe)
        result = driver.execute_async_script(
            "var done = arguments[arguments.length - 1]; axe.run(document, arguments[0]).then(done, function (e) { done({error: String(e)}); });",
            run_options)
        if "error" in result:
            raise SystemExit(f"{path}: axe failed: {result['error']}")
        violations = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                       "nodes": [{"target": n["target"], "summary": n.get("failureSummary", "")[:300]} for n in v["nodes"][:3]]}
                      for v in result["violations"]]
        print(json.dumps({"path": path, "width": args.width, "elder": args.elder,
                          "axe": driver.execute_script("return axe.version"),
                          "violations": violations}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    sys.exit(main())
