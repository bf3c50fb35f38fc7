#!/usr/bin/env bash
# knead beside Hugo on the same generated clinic-style sites, with every knead feature on: link
# and anchor checking of the final HTML, JSON-LD, sitemap, Atom + RSS feeds for every top-level
# section, tags, related pages, backlinks and autolinks.
#
#   bench/run.sh [PAGES ...]        (default: 1000 10000)
#
# SHAPE picks the corpus shape: `files` (default) links pages by source file (`@/guides/x.md`);
# `urls` links them by URL (`/guides/x/`, bench/url_links.sh), the way the Hugo flavour does. The
# Hugo site is the same for both.
#
# THEME picks knead's theme: `clinic` (default), the bundled clinic theme, which writes about twice
# as much per page as the Hugo flavour's layouts (Open Graph, JSON-LD, breadcrumbs, a table of
# contents, related pages, opening hours); `hugo-like` (bench/hugo_like_theme.sh), templates that
# write the pages the Hugo layouts write, so that both tools build the same kind of page.
# HUGO_LAYOUTS picks Hugo's: `bench` (default), the Hugo flavour's own three layouts;
# `clinic-like` (bench/hugo_clinic_layouts.sh), layouts that write the clinic theme's pages.
#
# Times `cargo build --profile dist`'s binary, or KNEAD_BIN (say, the profile-guided build of
# bench/pgo_build.sh).
#
# Needs python3, hyperfine and hugo (apt-get install -y hyperfine hugo) and the corpus generator
# of the shared bench kit (GEN=path/to/gen_corpus.py, default ../shared/bench/gen_corpus.py).
# Output goes to /dev/shm (tmpfs) when it exists. Prints hyperfine's medians and ratio, CPU
# time, peak RSS (median of 3 runs) and the number of files each tool wrote. Machines are shared
# and noisy: quote ratios from one run, not absolute times.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
gen="${GEN:-$repo/../shared/bench/gen_corpus.py}"
runs="${RUNS:-5}"
shape="${SHAPE:-files}"
case "$shape" in
  files) suffix="" ;;
  urls) suffix="-urls" ;;
  *) echo "SHAPE must be files or urls, not $shape" >&2; exit 2 ;;
esac
theme="${THEME:-clinic}"
case "$theme" in
  clinic) ;;
  hugo-like) suffix="$suffix-hugo-like" ;;
  *) echo "THEME must be clinic or hugo-like, not $theme" >&2; exit 2 ;;
esac
hugo_layouts="${HUGO_LAYOUTS:-bench}"
case "$hugo_layouts" in
  bench) hugo_suffix="" ;;
  clinic-like) hugo_suffix="-clinic-like" ;;
  *) echo "HUGO_LAYOUTS must be bench or clinic-like, not $hugo_layouts" >&2; exit 2 ;;
esac
for tool in hyperfine hugo python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y $tool" >&2; exit 2; }
done
[ -f "$gen" ] || { echo "missing corpus generator $gen (set GEN=...)" >&2; exit 2; }
if [ -n "${KNEAD_BIN:-}" ]; then
  knead="$KNEAD_BIN"
else
  (cd "$repo" && cargo build --profile dist --quiet)
  knead="$repo/target/dist/knead"
fi
work="${BENCH_DIR:-$( [ -d /dev/shm ] && mktemp -d /dev/shm/knead-bench.XXXX || mktemp -d)}"

peak_rss() { # median peak RSS in KiB of 3 runs of "$@"
  for _ in 1 2 3; do /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; done | sort -n | sed -n 2p
}

for n in "${@:-1000 10000}"; do
  hugo_site="$work/hugo$hugo_suffix-$n"
  [ -d "$hugo_site" ] || python3 "$gen" --pages "$n" --flavor hugo --out "$hugo_site" >/dev/null
  if [ "$hugo_layouts" = clinic-like ]; then "$repo/bench/hugo_clinic_layouts.sh" "$hugo_site"; fi
  site="$work/knead$suffix-$n"
  [ -d "$site" ] || python3 "$gen" --pages "$n" --flavor knead --out "$site" >/dev/null
  "$repo/bench/enable_features.sh" "$site"
  if [ "$shape" = urls ]; then "$repo/bench/url_links.sh" "$site"; fi
  if [ "$theme" = hugo-like ]; then "$repo/bench/hugo_like_theme.sh" "$site"; fi
  knead_cmd="$knead build --root $site --output $work/out-knead-$n"
  hugo_cmd="hugo --quiet -s $hugo_site -d $work/out-hugo-$n"
  echo "== $n pages, $shape shape, $theme theme, Hugo $hugo_layouts layouts"
  # Every timed build starts from an empty output directory, as in CI.
  hyperfine --warmup 1 --runs "$runs" --export-json "$work/result-$shape-$theme-$hugo_layouts-$n.json" \
    -n knead --prepare "rm -rf $work/out-knead-$n" "$knead_cmd" \
    -n hugo --prepare "rm -rf $work/out-hugo-$n" "$hugo_cmd"
  python3 - "$work/result-$shape-$theme-$hugo_layouts-$n.json" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f'{r["command"]}: median {r["median"]:.3f} s wall, mean CPU {r["user"] + r["system"]:.3f} s (user {r["user"]:.3f} + sys {r["system"]:.3f})')
EOF
  echo "knead peak RSS: $(peak_rss $knead_cmd) KiB"
  echo "hugo peak RSS: $(peak_rss $hugo_cmd) KiB"
  for tool in knead hugo; do
    out="$work/out-$tool-$n"
    echo "$tool wrote $(find "$out" -type f | wc -l) files ($(find "$out" -name '*.html' | wc -l) html, $(du -sm "$out" | cut -f1) MB)"
  done
done
echo "work dir: $work"
