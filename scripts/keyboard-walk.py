#!/usr/bin/env python3
"""A keyboard-only walk through a built site in headless Chromium: home → a 栏目 → an article →
search, with nothing but Tab, Shift+Tab, Enter and typing, as a reader without a mouse goes.

    scripts/keyboard-walk.py SITE_DIR TOPIC_NAME QUERY

At each step it presses Tab until the focused element is the link wanted (at most 80 presses),
notes whether the focus is visible (an outline or a box shadow), and presses Enter. Prints one JSON
object: the steps (what was focused, after how many presses, with a visible focus, the address
reached) and the search's status line. The test suite (AccessibilityTests) asserts on it.
"""
import json, sys, time

from browser import base_url, chrome, serve
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains


FOCUS = """
const el = document.activeElement, s = getComputedStyle(el);
return {text: (el.textContent || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40), tag: el.tagName,
        cls: el.className || '', href: el.getAttribute('href') || '',
        visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'};
"""


def main():
    site, topic, query = sys.argv[1], sys.argv[2], sys.argv[3]
    server = serve(site)
    driver = chrome(1280, 900)
    steps = []

    def tab_to(matches, label):
        for presses in range(1, 81):
            ActionChains(driver).send_keys(Keys.TAB).perform()
            focus = driver.execute_script(FOCUS)
            if matches(focus):
                steps.append({"step": label, "focused": focus["text"], "presses": presses, "focus_visible": focus["visible"]})
                return True
        steps.append({"step": label, "focused": None, "presses": 80, "focus_visible": False})
        return False

    try:
        driver.get(base_url(server))
        if tab_to(lambda f: f["tag"] == "A" and f["text"] == topic, "home → 栏目"):
            ActionChains(driver).send_keys(Keys.ENTER).perform()
            time.sleep(0.3)
            steps[-1]["reached"] = driver.execute_script("return location.pathname")
        if tab_to(lambda f: f["tag"] == "A" and "/articles/" in f["href"], "栏目 → article"):
            ActionChains(driver).send_keys(Keys.ENTER).perform()
            time.sleep(0.3)
            steps[-1]["reached"] = driver.execute_script("return location.pathname")
        if tab_to(lambda f: f["tag"] == "INPUT" and f["cls"] == "" and driver.execute_script("return document.activeElement.name") == "q", "article → search box"):
            ActionChains(driver).send_keys(query).send_keys(Keys.ENTER).perform()
            time.sleep(1.5)
            steps[-1]["reached"] = driver.execute_script("return location.pathname + location.search")
        status = driver.execute_script("var s = document.getElementById('search-status'); return s ? s.textContent : null")
        print(json.dumps({"steps": steps, "status": status}, ensure_ascii=False))
    finally:
        driver.quit()
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
