#!/usr/bin/env bash
# Builds knead with profile-guided optimisation: an instrumented binary first builds the bundled
# clinic site and a generated 1,000-page site (another seed than bench/run.sh's, so the profile
# is not taken on the benchmark's own pages), and the release binary is then compiled with
# that profile. About 12-16% less wall time per build than `cargo build --profile dist` in
# alternating builds (both with the dist profile's LTO; see
# docs/performance.md#design-choices-made-for-speed), for two full compilations (13 minutes on
# 2 cores).
#
#   bench/pgo_build.sh        -> target/pgo/dist/knead
#
# Needs llvm-profdata matching rustc's LLVM (rustup component add llvm-tools) and the shared
# corpus generator (GEN=path/to/gen_corpus.py, default ../shared/bench/gen_corpus.py).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
gen="${GEN:-$repo/../shared/bench/gen_corpus.py}"
host="$(rustc -vV | sed -n 's/^host: //p')"
profdata="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"
[ -x "$profdata" ] || profdata="$(command -v llvm-profdata || true)"
[ -n "$profdata" ] || { echo "missing llvm-profdata: rustup component add llvm-tools" >&2; exit 2; }
[ -f "$gen" ] || { echo "missing corpus generator $gen (set GEN=...)" >&2; exit 2; }
work="$(mktemp -d "$( [ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")/knead-pgo.XXXX")"
trap 'rm -rf "$work"' EXIT
cd "$repo"

# Instrumenting does not depend on the profile, so its flags stay the same from run to run and
# cargo rebuilds only what changed. The optimised build below names a fresh profile every time:
# cargo compares flags, not the profile's content, and would keep crates built with an old one.
profiles="$repo/target/pgo-instrumented/profiles"
rm -rf "$profiles"
RUSTFLAGS="-Cprofile-generate=$profiles" cargo build --profile dist --quiet --target-dir target/pgo-instrumented
trained="target/pgo-instrumented/dist/knead"
python3 "$gen" --pages 1000 --flavor knead --seed 2 --out "$work/site" >/dev/null
bench/enable_features.sh "$work/site"
"$trained" build --root . --output "$work/out-clinic" >/dev/null
for _ in 1 2; do # the second build also swaps out and deletes an existing output
  "$trained" build --root "$work/site" --output "$work/out-site" >/dev/null
done
"$profdata" merge -o "$work/knead.profdata" "$profiles"

RUSTFLAGS="-Cprofile-use=$work/knead.profdata" cargo build --profile dist --quiet --target-dir target/pgo
echo "$repo/target/pgo/dist/knead"
