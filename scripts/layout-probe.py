#!/usr/bin/env python3
"""Measures a built site's layout in headless Chromium, as a reader's phone and desktop show it.

    scripts/layout-probe.py SITE_DIR PATH [PATH ...] [--width 390 --height 844] [--font-size 16] [--elder]

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
  text_px             the body text's size (an article's paragraphs, else the page's) in CSS px
  line_height         the body text's line height over its size
  low_contrast        texts under 4.5:1 against their background (under 7:1 with --elder)

--elder measures the page in 长辈模式 (the reader's choice, stored as tools.js stores it).

The test suite (LayoutTests) runs it and asserts on the figures; it measures, it does not judge.
"""
import json, sys

from browser import each_page, page_arguments

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
// Contrast of every visible text against the background it stands on (WCAG's formula); the text
// below `minimum` is listed (7:1 in 长辈模式, AAA; 4.5:1 otherwise, AA).
const channel = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
const rgba = s => (s.match(/[\d.]+/g) || []).map(Number);
const luminance = c => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
const backgroundOf = el => {
  for (let e = el; e; e = e.parentElement) { const c = rgba(getComputedStyle(e).backgroundColor); if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) return c; }
  return [255, 255, 255];
};
const minimum = arguments[0] ? 7 : 4.5;
const lowContrast = [];
for (const el of document.querySelectorAll('body *')) {
  if (!visible(el) || el.closest('svg, .visually-hidden')) continue;
  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own) continue;
  const a = luminance(rgba(getComputedStyle(el).color)), b = luminance(backgroundOf(el));
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < minimum) lowContrast.push(el.textContent.trim().slice(0, 16) + ' ' + ratio.toFixed(2));
}
const textElement = document.querySelector('.article-body p') || document.querySelector('main p') || document.body;
const textStyle = getComputedStyle(textElement);
return {
  low_contrast: lowContrast.slice(0, 10),
  text_px: parseFloat(textStyle.fontSize),
  line_height: parseFloat(textStyle.lineHeight) / parseFloat(textStyle.fontSize),
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


def main():
    parser = page_arguments("Measures a built site's layout in headless Chromium.")
    parser.add_argument("--font-size", type=int, default=16)
    args = parser.parse_args()
    for driver, path in each_page(args, font_size=args.font_size):
        driver.execute_script("return document.fonts ? document.fonts.ready : null")
        result = driver.execute_script(PROBE, args.elder)
        result.update(path=path, width=args.width, font_size=args.font_size, elder=args.elder)
        print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    sys.exit(main())
