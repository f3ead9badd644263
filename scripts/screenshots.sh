#!/usr/bin/env bash
# Renders the home page, a topic page and an article as a reader's first screen on a phone
# (390 × 844, emulated as a phone) and a desktop (1280 × 900) in headless Chromium driven by
# chromedriver (Debian `chromium-driver`, PyPI `selenium`), from a built site served on 127.0.0.1,
# after its scripts have run. TALL=1 renders 1600 px of each; ARTICLE=path picks the article (else
# the last in path order); ELDER=1 renders the phone's screens in 长辈模式 (`*-390-elder.png`).
# PNGs are palette-compressed with vips when it is installed.
#   scripts/screenshots.sh [SITE_DIR=Public] [OUT_DIR=screenshots]
set -euo pipefail
site=${1:-Public}
out=${2:-screenshots}
mkdir -p "$out"
article=${ARTICLE:-$(cd "$site" && find articles -name index.html | sort | tail -1 | sed "s/index.html$//")}
SITE="$site" OUT="$out" ARTICLE="$article" TALL="${TALL:-0}" ELDER="${ELDER:-0}" PYTHONPATH="$(dirname "$0")" python3 - <<'PY'
import os, time
from browser import base_url, chrome, remember_mode, serve, size

server = serve(os.environ["SITE"])
driver = chrome()
try:
    elder = os.environ["ELDER"] == "1"
    remember_mode(driver, server, elder)
    base = base_url(server)
    for width, height in [(390, 844)] if elder else [(390, 844), (1280, 900)]:
        if os.environ["TALL"] == "1":
            height = 1600
        size(driver, width, height)
        for name, path in [("home", ""), ("topic", "topics/elderly/"), ("article", os.environ["ARTICLE"])]:
            driver.get(base + path)
            time.sleep(0.3)
            file = f"{os.environ['OUT']}/{name}-{width}{'-elder' if elder else ''}.png"
            with open(file, "wb") as f:
                f.write(driver.get_screenshot_as_png())
            print(file)
finally:
    driver.quit()
    server.shutdown()
PY
if command -v vips >/dev/null 2>&1; then
  for f in "$out"/*-390*.png "$out"/*-1280.png; do
    [ -e "$f" ] || continue
    vips pngsave "$f" "$f.small.png" --palette --compression 9 && mv "$f.small.png" "$f"
  done
fi
