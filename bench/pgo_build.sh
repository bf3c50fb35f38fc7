#!/usr/bin/env bash
# Builds knead for this machine as the release archives are built: the dist profile, guided by
# the profile of dist/pgo_training.sh's builds (dist/package.sh --pgo). Prints the binary's path,
# for bench/paired.py --knead or KNEAD_BIN=... bench/run.sh. Two full compilations (about 10
# minutes on 2 cores).
#
#   bench/pgo_build.sh        -> target/pgo/HOST/dist/knead
#
# Needs llvm-profdata matching rustc's LLVM (rustup component add llvm-tools).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
host="$(rustc -vV | sed -n 's/^host: //p')"
"$repo/dist/package.sh" "$host" --pgo >/dev/null
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
case "$target_dir" in /*) ;; *) target_dir="$repo/$target_dir" ;; esac
echo "$target_dir/pgo/$host/dist/knead"
