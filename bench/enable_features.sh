#!/usr/bin/env bash
# Turns on what a site made by the shared corpus generator (gen_corpus.py --flavor knead) leaves
# off: Atom + RSS feeds on every top-level section, autolinks for four words the generated text
# uses often, and components on every fourth page (a booking and a call button, an FAQ entry, a
# testimonial, the opening hours and a shared snippet with a link), with the clinic facts they
# show. Idempotent.
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
# The facts the components show; the corpus's site.yaml sets none of them.
sed -i '0,/^title:/s//clinic:\n  name: Bench Clinic\n  telephone: "+1 (410) 555-0100"\n  opening_hours: ["Mo-Fr 09:00-18:00", "Sa 09:00-14:00"]\ntitle:/' "$site/site.yaml"
mkdir -p "$site/content/_snippets"
cat >"$site/content/_snippets/first-visit.md" <<MD
Please arrive ten minutes early, and tell your therapist about any injury or health condition.
See [what a session involves](${targets[0]}).
MD
(cd "$site/content" && find . -name 'page-*.md' | sort | awk 'NR % 4 == 0') | while read -r page; do
  cat >>"$site/content/$page" <<'MD'

{{ booking() }}

Questions before you book? Call {{ call() }} on a weekday.

{% faq(q="How long is a session?") %}
Most sessions last *sixty minutes*, with time before and after to talk.
{% end %}

{% testimonial(name="A client", detail="after a month of sessions") %}
My shoulders feel looser, and I sleep better after each visit.
{% end %}

{{ hours() }}

## Before your first visit

{{ include(snippet="first-visit") }}
MD
done
