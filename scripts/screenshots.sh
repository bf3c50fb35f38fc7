#!/usr/bin/env bash
# Full-page screenshots of a built site at 320, 390 and 1280 px wide, light and dark, of the
# home, a service, a guide, contact, about and 404 pages, to look at before a theme change ships.
# Usage: scripts/screenshots.sh [OUT_DIR] [SITE_DIR]
#   OUT_DIR   where the PNGs go (default /tmp/knead-shots), named PAGE-WIDTH-SCHEME.png
#   SITE_DIR  a built site (default public/; build it first with `knead build`)
# Env: SHOT_PAGES (space-separated paths, default the clinic site's six page types),
#      SHOT_WIDTHS (default 320,390,1280), SITECHECK_HOME (playwright-core from
#      ../shared/tools/install-sitecheck.sh, default /opt/sitecheck), CHROMIUM (default /usr/bin/chromium).
# The site is served by python3 -m http.server on a free 127.0.0.1 port, stopped on exit.
# Exit status: 1 when a page failed to load or is wider than the window (sideways scrolling).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-/tmp/knead-shots}"
site="${2:-public}"
pages="${SHOT_PAGES:-/ /services/russian-massage/ /guides/how-muscles-recover/ /contact/ /about/ /404.html}"
[ -f "$site/index.html" ] || { echo "screenshots: $site/index.html missing: run knead build first" >&2; exit 2; }
modules="${SITECHECK_HOME:-/opt/sitecheck}/npm/node_modules"
[ -d "$modules/playwright-core" ] || { echo "screenshots: no playwright-core in $modules: run ../shared/tools/install-sitecheck.sh" >&2; exit 2; }

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
  sleep 0.1
done
# shellcheck disable=SC2086 # the page list is split into arguments on purpose
NODE_MODULES_DIR="$modules" node "$here/screenshots.mjs" "http://127.0.0.1:$port/" "$out" $pages
