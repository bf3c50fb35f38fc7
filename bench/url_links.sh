#!/usr/bin/env bash
# Rewrites a generated knead site (gen_corpus.py --flavor knead) to the second corpus shape: its
# links name the page's URL (`/section/slug/`, as people copy them from the browser and as the
# Hugo flavour writes them) instead of its source file (`@/section/slug.md`). Such links are
# checked against the final HTML, not resolved from the sources, so they exercise another path
# of the link check. Tag pages already list every page of the tag and nothing is paginated, as in
# the Hugo flavour. Idempotent.
#
#   bench/url_links.sh SITE
set -euo pipefail
site="$1"
find "$site/content" -name 'page-*.md' -print0 \
  | xargs -0 -r sed -i -E 's#\]\(@/([^)]*)\.md\)#](/\1/)#g'
