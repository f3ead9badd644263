#!/usr/bin/env bash
# Renders the home page, a topic page and an article at phone (390 px) and desktop (1280 px)
# widths with headless Chromium, from a built site served on 127.0.0.1.
#   scripts/screenshots.sh [SITE_DIR=Public] [OUT_DIR=screenshots]
set -euo pipefail
site=${1:-Public}
out=${2:-screenshots}
command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }
mkdir -p "$out"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server=$!
trap 'kill $server' EXIT
sleep 1
article=$(cd "$site" && find articles -name index.html | sort | tail -1 | sed 's/index.html$//')
for width in 390 1280; do
  for page in "home:" "topic:topics/elderly/" "article:$article"; do
    name=${page%%:*}
    path=${page#*:}
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$width,1600" \
      --screenshot="$out/$name-$width.png" "http://127.0.0.1:$port/$path" 2>/dev/null
    echo "$out/$name-$width.png"
  done
done
