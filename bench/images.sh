#!/usr/bin/env bash
# knead's photo pipeline beside Hugo's image processing, on the same photographs: a site of N
# pages, each a page bundle with one photo, which both tools resize to 3 widths (480, 960,
# 1440) in WebP and in the photo's own format, at quality 75 with a Lanczos filter.
#
#   bench/images.sh [N]          (default 200)
#
# Installs nothing. Needs: apt-get install -y plasma-workspace-wallpapers hugo hyperfine time
# (the wallpapers are large JPEG and PNG photographs; PHOTOS=dir picks another directory), and
# python3. Times `cargo build --release`'s binary, or KNEAD_BIN.
#
# The N photos cycle through the directory's files of 300 KB and more; each copy gets distinct
# bytes after its end-of-image marker, so no tool can reuse the work of an identical file.
# Measures, for each tool:
#   cold  a build with no output and no cache (knead: public/ and .knead-cache/ removed; Hugo:
#         public/ and resources/_gen/ removed), one run under /usr/bin/time -v (time, peak RSS)
#   warm  hyperfine, RUNS (default 5) builds after one untimed, output and cache kept
#   bytes the images each tool wrote, and what a phone (390 CSS px wide, 3 device pixels per
#         CSS px) downloads for knead's pages against the originals
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-200}"
runs="${RUNS:-5}"
photos="${PHOTOS:-/usr/share/wallpapers}"
for tool in hyperfine hugo python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool: see the comment at the top of $0" >&2; exit 2; }
done
if [ -n "${KNEAD_BIN:-}" ]; then
  knead="$KNEAD_BIN"
else
  (cd "$repo" && cargo build --release --quiet)
  knead="$repo/target/release/knead"
fi
work="${BENCH_DIR:-$(mktemp -d)}"
echo "work directory: $work" >&2

python3 - "$photos" "$n" "$work" <<'PY'
import os, sys
photos, n, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
files = sorted(
    os.path.join(d, f)
    for d, _, fs in os.walk(photos)
    for f in fs
    if f.lower().endswith((".jpg", ".jpeg", ".png")) and os.path.getsize(os.path.join(d, f)) >= 300_000
)
if not files:
    sys.exit(f"no JPEG or PNG of 300 KB or more under {photos}")
k = os.path.join(work, "knead")
h = os.path.join(work, "hugo")
os.makedirs(os.path.join(k, "content/photos"), exist_ok=True)
os.makedirs(os.path.join(h, "content/photos"), exist_ok=True)
open(os.path.join(k, "site.yaml"), "w").write(
    "title: Photo bench\nbase_url: https://photos.example/\n"
    "images:\n  widths: [480, 960, 1440]\n  quality: 75\n"
)
open(os.path.join(k, "content/_index.md"), "w").write("---\ntitle: Photo bench\n---\n[Photos](@/photos/_index.md)\n")
open(os.path.join(k, "content/photos/_index.md"), "w").write("---\ntitle: Photos\n---\n")
open(os.path.join(h, "hugo.toml"), "w").write(
    'baseURL = "https://photos.example/"\ntitle = "Photo bench"\n'
    'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]\n'
    '[imaging]\n  quality = 75\n  resampleFilter = "Lanczos"\n'
)
layouts = os.path.join(h, "layouts/_default")
os.makedirs(layouts, exist_ok=True)
open(os.path.join(layouts, "list.html"), "w").write(
    "<!doctype html><title>{{ .Title }}</title>{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}\n"
)
# The same copies as knead: each width in WebP and in the photo's own format, a <picture>.
open(os.path.join(layouts, "single.html"), "w").write(
    "<!doctype html><title>{{ .Title }}</title>{{ $p := .Resources.GetMatch \"photo.*\" }}"
    "{{ $fmt := cond (eq $p.MediaType.SubType \"png\") \"png\" \"jpg\" }}"
    "<picture><source type=\"image/webp\" srcset=\""
    "{{ range $i, $w := slice 480 960 1440 }}{{ if $i }}, {{ end }}{{ ($p.Resize (printf \"%dx webp\" $w)).RelPermalink }} {{ $w }}w{{ end }}\">"
    "<img alt=\"{{ .Title }}\" srcset=\""
    "{{ range $i, $w := slice 480 960 1440 }}{{ if $i }}, {{ end }}{{ ($p.Resize (printf \"%dx %s\" $w $fmt)).RelPermalink }} {{ $w }}w{{ end }}\">"
    "</picture>\n"
)
total = 0
for i in range(n):
    src = files[i % len(files)]
    ext = ".png" if src.lower().endswith(".png") else ".jpg"
    data = open(src, "rb").read() + b"copy %d" % i
    total += len(data)
    for root, body in ((k, f"![Photo {i}](photo{ext})\n"), (h, "")):
        d = os.path.join(root, f"content/photos/p{i:03d}")
        os.makedirs(d, exist_ok=True)
        open(os.path.join(d, "index.md"), "w").write(f"---\ntitle: Photo {i}\n---\n{body}")
        open(os.path.join(d, "photo" + ext), "wb").write(data)
open(os.path.join(work, "originals_bytes"), "w").write(str(total))
print(f"{n} photos from {len(files)} files, {total / 1e6:.0f} MB", file=sys.stderr)
PY

cold() { # tool dir command... -> "seconds peak_kib"
  local log="$work/cold.log"
  /usr/bin/time -v "${@:2}" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
  python3 - "$log" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time.*: ([\d:.]+)", t).group(1).split(":")
secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
print(f"{secs:.2f} {rss}")
PY
}
image_bytes() { find "$1" -type f \( -name '*.jpg' -o -name '*.png' -o -name '*.webp' \) -printf '%s\n' | awk '{s+=$1} END {print s+0}'; }

cd "$work/knead"
rm -rf public .knead-cache
read -r k_cold k_rss < <(cold knead "$knead" build)
hyperfine --warmup 1 --runs "$runs" --export-json "$work/knead-warm.json" "$knead build" >&2
k_bytes=$(image_bytes public)
cd "$work/hugo"
rm -rf public resources/_gen
read -r h_cold h_rss < <(cold hugo hugo --quiet)
hyperfine --warmup 1 --runs "$runs" --export-json "$work/hugo-warm.json" "hugo --quiet" >&2
h_bytes=$(image_bytes public)

python3 - "$work" "$k_cold" "$k_rss" "$k_bytes" "$h_cold" "$h_rss" "$h_bytes" <<'PY'
import glob, json, os, re, sys
work, k_cold, k_rss, k_bytes, h_cold, h_rss, h_bytes = sys.argv[1:]
warm = {t: json.load(open(f"{work}/{t}-warm.json"))["results"][0]["median"] for t in ("knead", "hugo")}
originals = int(open(f"{work}/originals_bytes").read())
# What a phone 390 CSS px wide at 3 device px per CSS px downloads: knead's `sizes` shows the
# photo at 100vw - 2rem = 358 CSS px, 1074 device px, so the narrowest WebP copy at least that
# wide (or the widest there is).
need = (390 - 32) * 3
phone = 0
for page in glob.glob(f"{work}/knead/public/photos/p*/index.html"):
    html = open(page).read()
    srcset = re.search(r'<source type="image/webp" srcset="([^"]+)"', html).group(1)
    cands = sorted((int(w[:-1]), url) for url, w in (c.rsplit(" ", 1) for c in srcset.split(", ")))
    url = next((u for w, u in cands if w >= need), cands[-1][1])
    phone += os.path.getsize(f"{work}/knead/public/{url.lstrip('/')}")
mb = lambda b: f"{int(b) / 1e6:.1f} MB"
print(f"| | knead | Hugo |\n| --- | ---: | ---: |")
print(f"| cold build (no output, no cache) | {float(k_cold):.1f} s | {float(h_cold):.1f} s |")
print(f"| warm build (median of {len(json.load(open(f'{work}/knead-warm.json'))['results'][0]['times'])}) | {warm['knead']:.2f} s | {warm['hugo']:.2f} s |")
print(f"| warm / cold | {warm['knead'] / float(k_cold):.1%} | {warm['hugo'] / float(h_cold):.1%} |")
print(f"| peak RSS, cold | {int(k_rss) / 1024:.0f} MiB | {int(h_rss) / 1024:.0f} MiB |")
print(f"| image bytes written | {mb(k_bytes)} | {mb(h_bytes)} |")
print(f"\noriginals: {mb(originals)}; a phone (390 px, 3x) downloads {mb(phone)} of knead's copies for all pages: {originals / phone:.0f}x less")
PY
