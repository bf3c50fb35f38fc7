#!/usr/bin/env bash
# Compares knead binaries (say, before and after a change) on one generated site, alternating
# them build after build so that the machine's changing load falls on all of them alike.
#
#   bench/alternate.sh ROUNDS SITE BINARY...
#
# SITE is a knead site, e.g. the knead-10000 directory bench/run.sh generated. Prints, per binary,
# the median wall, user, system and user + system time, and the median and highest peak RSS
# (/usr/bin/time). Output goes to a temporary directory on tmpfs when /dev/shm exists, one per
# binary, deleted (untimed) before every build, so that every timed build starts from an empty
# output directory, as in CI and as bench/run.sh's and bench/paired.py's builds do.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 ROUNDS SITE BINARY..." >&2; exit 2; }
rounds="$1" site="$2"
shift 2
[ -x /usr/bin/time ] || { echo "missing /usr/bin/time: apt-get install -y time" >&2; exit 2; }
out="$(mktemp -d "$( [ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")/knead-alternate.XXXX")"
trap 'rm -rf "$out"' EXIT
i=0
for bin in "$@"; do
  i=$((i + 1))
  "$bin" build --root "$site" --output "$out/public-$i" >/dev/null 2>&1
done
for _ in $(seq "$rounds"); do
  i=0
  for bin in "$@"; do
    i=$((i + 1))
    rm -rf "$out/public-$i"
    /usr/bin/time -f "$bin %e %U %S %M" -a -o "$out/times" "$bin" build --root "$site" --output "$out/public-$i" >/dev/null 2>&1
  done
done
python3 - "$out/times" "$@" <<'PY'
import statistics as st, sys
rows = [line.split() for line in open(sys.argv[1])]
for bin in sys.argv[2:]:
    runs = [[float(x) for x in r[1:]] for r in rows if r[0] == bin]
    med = lambda f: st.median(f(r) for r in runs)
    print(f"{bin}: wall {med(lambda r: r[0]):.3f} s, user {med(lambda r: r[1]):.3f} s, "
          f"sys {med(lambda r: r[2]):.3f} s, cpu {med(lambda r: r[1] + r[2]):.3f} s, "
          f"peak RSS {med(lambda r: r[3]) / 1024:.0f} MiB (highest {max(r[3] for r in runs) / 1024:.0f}), {len(runs)} builds")
PY
