#!/bin/sh
# Packages a knead binary for one target as a release archive with its SHA-256: what the release
# workflow (.github/workflows/release.yml) runs on each platform, and what runs the same way here.
#
# Usage: dist/package.sh TARGET [--binary PATH | --profile NAME [--pgo]] [--out DIR]
#   TARGET          a Rust target: x86_64-unknown-linux-musl, aarch64-apple-darwin, x86_64-pc-windows-msvc…
#   --binary PATH   package this already-built binary instead of building one (the tests pass the
#                   debug binary, so they never wait for an optimised build)
#   --profile NAME  the cargo profile to build with (default: dist, the fully optimised one)
#   --pgo           build profile-guided: an instrumented binary first runs the builds of
#                   dist/pgo_training.sh, then the binary is compiled with what they measured
#                   (docs/performance.md#build-profiles). TARGET must run on this machine, and
#                   llvm-profdata must match rustc's LLVM (rustup component add llvm-tools).
#   --out DIR       where the archive and its checksum go (default: target/archives)
#
# Writes DIR/knead-TARGET.tar.gz (DIR/knead-TARGET.zip for Windows) holding knead-TARGET/knead
# (knead.exe) and README.md, the binary stripped of symbols; and beside it ARCHIVE.sha256, one line
# in sha256sum's format (`HASH  ARCHIVE`), so `sha256sum --check ARCHIVE.sha256` verifies it.
# Prints the two paths. Env: STRIP names the strip program (default: strip), e.g. for a binary
# cross-compiled for another processor.
set -eu

fail() {
    echo "package.sh: error: $*" >&2
    exit 1
}

[ $# -ge 1 ] || fail "usage: dist/package.sh TARGET [--binary PATH | --profile NAME [--pgo]] [--out DIR]"
target=$1
shift
binary="" profile=dist out="" pgo=""
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary=${2:?--binary needs a path}; shift 2 ;;
        --profile) profile=${2:?--profile needs a name}; shift 2 ;;
        --out) out=${2:?--out needs a directory}; shift 2 ;;
        --pgo) pgo=1; shift ;;
        *) fail "unknown option $1" ;;
    esac
done
case "$target" in
    *-*-*) ;;
    *) fail "$target is not a Rust target such as x86_64-unknown-linux-musl" ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
# Paths given by the caller are relative to where it runs, not to the repository.
if [ -n "$binary" ]; then
    [ -f "$binary" ] || fail "$binary is not a file"
    binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
fi
out=${out:-$root/target/archives}
mkdir -p "$out"
out=$(cd "$out" && pwd)

case "$target" in
    *-windows-*) exe=.exe ;;
    *) exe="" ;;
esac

case "$profile" in
    dev) profile_dir=debug ;;
    *) profile_dir=$profile ;;
esac
target_dir=${CARGO_TARGET_DIR:-$root/target}

if [ -n "$pgo" ]; then
    [ -z "$binary" ] || fail "--pgo builds the binary; it cannot package one given with --binary"
    host=$(rustc -vV | sed -n 's/^host: //p')
    profdata="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata$exe"
    [ -x "$profdata" ] || fail "no $profdata: rustup component add llvm-tools"
    cd "$root"
    # Paths below are used after `cd`; a relative CARGO_TARGET_DIR means one under the root.
    case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
    profiles="$target_dir/pgo-profiles/$target"
    rm -rf "$profiles"
    # Given as CARGO_ENCODED_RUSTFLAGS, one flag, so a path with spaces stays whole. Like
    # RUSTFLAGS it replaces the flags of .cargo/config.toml, whose raised inline threshold then
    # does not apply: the measured counts guide inlining instead
    # (docs/performance.md#build-profiles).
    CARGO_ENCODED_RUSTFLAGS="-Cprofile-generate=$profiles" \
        cargo build --locked --profile "$profile" --target "$target" --target-dir "$target_dir/pgo-instrumented"
    "$root/dist/pgo_training.sh" "$target_dir/pgo-instrumented/$target/$profile_dir/knead$exe" ||
        fail "the instrumented $target binary did not run the training builds (does $target run here?)"
    "$profdata" merge -o "$profiles.merged" "$profiles"
    # Named by its content: cargo compares flags, not the file they name, and would keep crates
    # optimised with an older profile.
    profile_data="$profiles-$(cksum <"$profiles.merged" | cut -d ' ' -f 1).profdata"
    mv "$profiles.merged" "$profile_data"
    CARGO_ENCODED_RUSTFLAGS="-Cprofile-use=$profile_data" \
        cargo build --locked --profile "$profile" --target "$target" --target-dir "$target_dir/pgo"
    binary="$target_dir/pgo/$target/$profile_dir/knead$exe"
    [ -f "$binary" ] || fail "cargo built no $binary"
elif [ -z "$binary" ]; then
    cd "$root"
    cargo build --locked --profile "$profile" --target "$target"
    binary="$target_dir/$target/$profile_dir/knead$exe"
    [ -f "$binary" ] || fail "cargo built no $binary"
fi

name="knead-$target"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/$name"
cp "$binary" "$work/$name/knead$exe"
chmod 755 "$work/$name/knead$exe"
case "$target" in
    # MSVC keeps debug information in a separate .pdb file: the .exe has nothing to strip.
    *-windows-msvc) ;;
    *) "${STRIP:-strip}" "$work/$name/knead$exe" || fail "cannot strip the binary (set STRIP to a strip for $target)" ;;
esac
cp "$root/README.md" "$work/$name/"

case "$target" in
    *-windows-*)
        archive="$name.zip"
        rm -f "$out/$archive"
        if command -v 7z >/dev/null 2>&1; then
            (cd "$work" && 7z a -tzip -bd "$out/$archive" "$name" >/dev/null)
        elif command -v zip >/dev/null 2>&1; then
            (cd "$work" && zip -qr "$out/$archive" "$name")
        else
            fail "7z or zip is needed to make $archive"
        fi
        ;;
    *)
        archive="$name.tar.gz"
        (cd "$work" && tar -czf "$out/$archive" "$name")
        ;;
esac

if command -v sha256sum >/dev/null 2>&1; then
    hash=$(sha256sum <"$out/$archive")
elif command -v shasum >/dev/null 2>&1; then
    hash=$(shasum -a 256 <"$out/$archive")
else
    fail "sha256sum or shasum is needed for the checksum"
fi
printf '%s  %s\n' "${hash%% *}" "$archive" >"$out/$archive.sha256"
echo "$out/$archive"
echo "$out/$archive.sha256"
