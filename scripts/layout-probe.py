#!/usr/bin/env python3
"""Measures a built site's layout in headless Chromium, as a reader's phone and desktop show it.

    scripts/layout-probe.py SITE_DIR PATH [PATH ...] [--width 390 --height 844] [--font-size 16]

Serves SITE_DIR on 127.0.0.1, opens each PATH through chromedriver (Debian `chromium-driver`, PyPI
`selenium`) at the given window size and default font size, and prints one JSON object per line:

  path, width, font_size,
  header_height       the site header's height (px)
  header_one_row      whether the header's parts (title, 栏目 bar, search) stand in one row
  headlines_visible   headline links wholly inside the first screen
  lead_visible        whether the home page's 头条 headline is wholly inside the first screen
  duplicates          home-page story links that appear more than once
  small_targets       links/buttons/summaries shorter than 44 px (prose links inside paragraphs excepted)
  broken_names        place/栏目 names and navigation labels laid out over more than one line
  overflow_x          the page scrolls sideways
  page_height         the document's height (px)

The test suite (LayoutTests) runs it and asserts on the figures; it measures, it does not judge.
"""
import argparse, functools, http.server, json, socketserver, sys, threading

from selenium import webdriver

PROBE = r"""
const vh = window.innerHeight;
const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
const inFirstScreen = el => { const r = el.getBoundingClientRect(); return visible(el) && r.top >= 0 && r.bottom <= vh; };
const header = document.querySelector('.site-header');
const headlineLinks = [...document.querySelectorAll('.lead-title a, .headlines a, .entry-title a')];
const lead = document.querySelector('.lead-title a');
const storyLinks = [...document.querySelectorAll('.lead-title a, .headlines a')].map(a => a.getAttribute('href'));
const seen = new Set(), duplicates = [];
for (const h of storyLinks) { if (seen.has(h)) duplicates.push(h); seen.add(h); }
// Prose links inside a paragraph are exempt from target sizes (WCAG 2.5.8's inline exception).
const inProse = el => el.closest('.article-body p, .article-body li, .article-body td, .special-intro, .lead');
const targets = [...document.querySelectorAll('a[href], button, summary, input, select')].filter(el => {
  if (!visible(el) || inProse(el) || el.closest('.skip-link') || el.classList.contains('skip-link')) return false;
  return true;
});
const small = targets.filter(el => el.getBoundingClientRect().height < 43.5)
  .map(el => (el.tagName + '.' + (el.className || '') + ' "' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 20) + '" ' + Math.round(el.getBoundingClientRect().height)));
// A name broken inside: an inline name laid out as more than one line box.
const names = [...document.querySelectorAll('.entry-meta [class^="level-"], .entry-meta .topic, .tags a, .chips .name, .breadcrumb li, .site-nav a, .province-grid summary .name, .headlines time')];
// The lines its text is laid out on (text boxes only: a flex link's own box is not a line).
const lineCount = el => {
  const bottoms = new Set(), walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange(); range.selectNodeContents(node);
    for (const r of range.getClientRects()) if (r.width > 0) bottoms.add(Math.round(r.bottom));
  }
  return bottoms.size;
};
const broken = names.filter(el => visible(el) && el.textContent.trim() && lineCount(el) > 1).map(el => el.textContent.trim().slice(0, 20));
// One row: every visible part of the header's row beside the title, none below it.
const row = document.querySelector('.header-row');
const title = document.querySelector('.site-title');
const oneRow = row && title ? [...row.children].filter(visible).every(el => el.getBoundingClientRect().top < title.getBoundingClientRect().bottom) : null;
return {
  header_height: header ? Math.round(header.getBoundingClientRect().height) : null,
  header_one_row: oneRow,
  headlines_visible: headlineLinks.filter(inFirstScreen).length,
  lead_visible: lead ? inFirstScreen(lead) : false,
  duplicates: duplicates,
  small_targets: small,
  broken_names: broken,
  overflow_x: document.documentElement.scrollWidth > window.innerWidth + 1,
  page_height: Math.round(document.documentElement.scrollHeight),
};
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory):
    handler = functools.partial(QuietHandler, directory=directory)
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--width", type=int, default=390)
    parser.add_argument("--height", type=int, default=844)
    parser.add_argument("--font-size", type=int, default=16)
    args = parser.parse_args()
    server = serve(args.site)
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                 f"--window-size={args.width},{args.height}"]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"webkit.webprefs.default_font_size": args.font_size})
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path="/usr/bin/chromedriver"), options=options)
    try:
        # The window's size includes no browser chrome in headless mode; make the viewport exact.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": args.width, "height": args.height, "deviceScaleFactor": 1, "mobile": args.width < 600})
        for path in args.paths:
            driver.get(f"http://127.0.0.1:{server.server_address[1]}/{path.lstrip('/')}")
            driver.execute_script("return document.fonts ? document.fonts.ready : null")
            result = driver.execute_script(PROBE)
            result.update(path=path, width=args.width, font_size=args.font_size)
            print(json.dumps(result, ensure_ascii=False), flush=True)
    finally:
        driver.quit()
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
