#!/usr/bin/env bash
# Turns on what a site made by the shared corpus generator (gen_corpus.py --flavor knead) leaves
# off: Atom + RSS feeds on every top-level section, and autolinks for four words the generated
# text uses often. Idempotent.
#
#   bench/enable_features.sh SITE
set -euo pipefail
site="$1"
grep -q '^autolink:' "$site/site.yaml" && exit 0
for index in "$site"/content/*/_index.md; do
  sed -i '0,/^title:/s//feed: true\ntitle:/' "$index"
done
mapfile -t targets < <(cd "$site/content" && find . -name 'page-*.md' | sort | head -4 | sed 's|^\./|@/|')
cat >>"$site/site.yaml" <<YAML
autolink:
  hamstring: "${targets[0]}"
  circulation: "${targets[1]}"
  posture: "${targets[2]}"
  foam roller: "${targets[3]}"
autolink_max: 3
YAML
