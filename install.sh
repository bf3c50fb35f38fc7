#!/bin/sh
# Installs the knead binary for this machine from a GitHub release, after checking its SHA-256
# against the checksum file published beside it:
#
#   curl -fsSL https://github.com/knead-ssg/knead/releases/latest/download/install.sh | sh
#
# Settings, as environment variables:
#   KNEAD_VERSION      the release to install, e.g. 0.1.0 (default: the latest release)
#   KNEAD_INSTALL_DIR  where to put knead (default: $HOME/.local/bin)
#   KNEAD_RELEASES     the releases to download from (default: https://github.com/knead-ssg/knead/releases)
#
# Binaries: Linux on x86_64 and aarch64 (static, any distribution), macOS on Intel and Apple
# silicon. On Windows, download knead-x86_64-pc-windows-msvc.zip from the releases page.
set -eu

releases=${KNEAD_RELEASES:-https://github.com/knead-ssg/knead/releases}
version=${KNEAD_VERSION:-}
install_dir=${KNEAD_INSTALL_DIR:-${HOME:?HOME is not set: set KNEAD_INSTALL_DIR}/.local/bin}

fail() {
    echo "install.sh: error: $*" >&2
    exit 1
}

# The Rust target of the release archive that runs here.
target() {
    case "$(uname -m)" in
        x86_64 | amd64) arch=x86_64 ;;
        aarch64 | arm64) arch=aarch64 ;;
        *) fail "there is no knead binary for $(uname -m) processors: build it with \`cargo install --locked knead\`" ;;
    esac
    case "$(uname -s)" in
        Linux) echo "$arch-unknown-linux-musl" ;;
        Darwin)
            # A shell running under Rosetta says x86_64 on Apple silicon; the native binary is faster.
            if [ "$arch" = x86_64 ] && [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || true)" = 1 ]; then
                arch=aarch64
            fi
            echo "$arch-apple-darwin"
            ;;
        *) fail "there is no install script for $(uname -s): download a binary from $releases" ;;
    esac
}

download() { # URL FILE
    if command -v curl >/dev/null 2>&1; then
        curl --fail --location --silent --show-error --retry 3 --output "$2" "$1" || fail "cannot download $1"
    elif command -v wget >/dev/null 2>&1; then
        wget --quiet --output-document="$2" "$1" || fail "cannot download $1"
    else
        fail "curl or wget is needed to download knead"
    fi
}

if command -v sha256sum >/dev/null 2>&1; then
    sha256() { sha256sum <"$1"; }
elif command -v shasum >/dev/null 2>&1; then
    sha256() { shasum -a 256 <"$1"; }
else
    fail "sha256sum or shasum is needed to check the download"
fi

# Everything runs from here, so that a script cut short in a download (`curl ... | sh`) runs
# nothing at all.
main() {
    target=$(target)
    archive="knead-$target.tar.gz"
    if [ -n "$version" ]; then
        url="$releases/download/v${version#v}/$archive"
    else
        url="$releases/latest/download/$archive"
    fi

    tmp=$(mktemp -d 2>/dev/null || mktemp -d -t knead)
    trap 'rm -rf "$tmp"' EXIT
    echo "downloading $url"
    download "$url" "$tmp/$archive"
    download "$url.sha256" "$tmp/$archive.sha256"
    expected=$(cut -d ' ' -f 1 <"$tmp/$archive.sha256")
    actual=$(sha256 "$tmp/$archive")
    actual=${actual%% *}
    if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then
        fail "$archive does not match its checksum (expected ${expected:-nothing}, got $actual); nothing was installed"
    fi

    tar -xzf "$tmp/$archive" -C "$tmp"
    [ -f "$tmp/knead-$target/knead" ] || fail "$archive holds no knead-$target/knead"
    chmod 755 "$tmp/knead-$target/knead"
    installed=$("$tmp/knead-$target/knead" --version) || fail "the downloaded knead does not run on this machine; nothing was installed"
    mkdir -p "$install_dir"
    # Copied beside the old binary, then renamed over it: a knead that is running keeps working.
    cp "$tmp/knead-$target/knead" "$install_dir/.knead.new" || fail "cannot write to $install_dir"
    mv -f "$install_dir/.knead.new" "$install_dir/knead" || { rm -f "$install_dir/.knead.new"; fail "cannot install into $install_dir"; }
    echo "installed $installed in $install_dir"
    case ":$PATH:" in
        *":$install_dir:"*) ;;
        *) echo "note: $install_dir is not on your PATH; add it, e.g. export PATH=\"$install_dir:\$PATH\"" ;;
    esac
}

main "$@"
