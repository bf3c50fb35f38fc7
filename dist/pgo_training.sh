#!/bin/sh
# The builds a profile-guided knead is trained on (dist/package.sh --pgo): the clinic site of this
# repository as it is, once plain and once with minifying, compressing and _headers on, then a
# larger site made from it (its guides copied into 160 more sections, about 1,000 more pages), built
# twice (the second build also replaces an existing output). Everything comes from the
# repository, so the release workflow trains on every platform the same way.
#
# Usage: dist/pgo_training.sh KNEAD_BINARY
set -eu
knead=$1
# On one thread: the counters of an instrumented binary are not atomic, so threads running the
# same code lose increments at random. Two trainings on one thread leave profiles 99.997% alike
# (`llvm-profdata overlap`), against 99.76% on two threads, so a release build's optimisation
# does not hang on the run's timing.
export RAYON_NUM_THREADS=1
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$knead" build --root "$root" --output "$work/out-plain" >/dev/null
"$knead" build --root "$root" --output "$work/out-all" --minify --precompress --headers >/dev/null

mkdir "$work/site"
cp -R "$root/site.yaml" "$root/content" "$work/site/"
[ -d "$root/themes" ] && cp -R "$root/themes" "$work/site/"
[ -d "$root/static" ] && cp -R "$root/static" "$work/site/"
k=1
while [ "$k" -le 160 ]; do
    section="$work/site/content/practice-$k"
    mkdir "$section"
    printf -- '---\ntitle: "Practice guides %s"\ndescription: "Copies of the clinic guides that give a profile-guided build a larger site to learn from (%s)."\nfeed: true\n---\n\nPractice copies.\n' "$k" "$k" >"$section/_index.md"
    for guide in "$root"/content/guides/*.md; do
        case "$guide" in */_index.md) continue ;; esac
        cp "$guide" "$section/"
    done
    k=$((k + 1))
done
"$knead" build --root "$work/site" --output "$work/out-site" >/dev/null
"$knead" build --root "$work/site" --output "$work/out-site" >/dev/null
