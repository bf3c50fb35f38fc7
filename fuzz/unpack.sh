#!/usr/bin/env bash
# unpack.sh INPUT DIR: writes a fuzz input of the `site` target as the site it stands for, into
# DIR (created; must not exist), so that `knead build --root DIR` replays it through the binary.
# The parts, separated by NUL bytes, go to the files in the order of FILES in
# fuzz_targets/site.rs; parts past the sixth are ignored.
set -euo pipefail
if [ $# -ne 2 ]; then
    echo "usage: $0 INPUT DIR" >&2
    exit 2
fi
input=$1
dir=$2
files=(site.yaml content/_index.md content/guides/_index.md content/guides/a.md content/guides/b/index.md content/about.md)
mkdir "$dir"
parts=$(mktemp -d)
trap 'rm -rf "$parts"' EXIT
# One file per part, each but the last still ending in its NUL.
split -t '\0' -l 1 -a 4 -d -- "$input" "$parts/"
mapfile -t pieces < <(find "$parts" -type f | sort)
# What follows the last NUL is a part too, empty when the input ends with one (or is empty).
if [ ! -s "$input" ] || [ "$(tail -c 1 -- "$input" | od -An -tx1 | tr -d ' ')" = 00 ]; then
    : >"$parts/empty"
    pieces+=("$parts/empty")
fi
for i in "${!files[@]}"; do
    [ "$i" -lt "${#pieces[@]}" ] || break
    target="$dir/${files[$i]}"
    mkdir -p "$(dirname "$target")"
    if [ "${pieces[$i]}" = "$parts/empty" ] || [ "$i" -eq $((${#pieces[@]} - 1)) ]; then
        cp -- "${pieces[$i]}" "$target"
    else
        head -c -1 -- "${pieces[$i]}" >"$target"
    fi
    echo "$target"
done
