#!/usr/bin/env bash
# Installs what the tests need beyond npm: Debian's chromium, ripgrep and kerberos headers (for a
# real VS Code), bubblewrap (isolation) and python3-pytest, then code-server and playwright-core
# in test/vscode/ (its own package.json, not a dependency of the extension). See README.md
# ("Testing in a real VS Code"). `npm test` runs it first.
#
# Idempotent and non-interactive; installing Debian packages needs root (Debian 12); when they
# are all there already, any user can run it. Reaches only Debian's mirrors and the
# npm registry. Every step prints one line and is skipped when its work is already done, so a
# second run takes about a second.
#
#   bash scripts/vscode/setup.sh            # install what is missing
#   LDB_SETUP_FORCE=1 bash scripts/...      # reinstall test/vscode/node_modules
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HOST_DIR="$ROOT/test/vscode"
APT_PACKAGES=(libkrb5-dev ripgrep chromium bubblewrap python3-pytest)
# The @vscode/ripgrep that code-server 4.100.3 installs (lib/vscode) downloads this tarball from
# GitHub in its postinstall unless it finds it in its cache folder under $TMPDIR. We put it there,
# made from Debian's rg (ripgrep 13.0.0, the same release).
RIPGREP_PKG_VERSION="${LDB_RIPGREP_PKG_VERSION:-1.15.11}"
RIPGREP_RELEASE="${LDB_RIPGREP_RELEASE:-v13.0.0-10}"

step() { printf 'setup: %-28s %s\n' "$1" "$2"; }
die() {
  printf 'setup: error: %s\n' "$*" >&2
  exit 1
}

command -v node >/dev/null || die "node is not installed"
command -v npm >/dev/null || die "npm is not installed"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" = 20 ] || step "node" "warning: code-server 4.100.3 wants Node 20, this is $(node -v)"

# 1. Debian packages ----------------------------------------------------------------------------
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
missing=()
for p in "${APT_PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then
  step "apt packages" "already installed (${APT_PACKAGES[*]})"
else
  [ "$(id -u)" = 0 ] || die "Debian packages missing: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  # apt-get update only when the package lists do not know one of the missing packages.
  need_update=0
  for p in "${missing[@]}"; do
    cand="$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')"
    if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then need_update=1; fi
  done
  if [ $need_update = 1 ]; then
    apt-get update -qq >/dev/null || die "apt-get update failed"
    step "apt-get update" "done"
  else
    step "apt-get update" "not needed"
  fi
  log="$(mktemp)"
  if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
    # A stale list points at package versions the mirror no longer has: refresh once and retry.
    apt-get update -qq >/dev/null || true
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1 ||
      { tail -20 "$log" >&2; die "apt-get install ${missing[*]} failed"; }
  fi
  rm -f "$log"
  step "apt packages" "installed ${missing[*]}"
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing after install"
[ -x /usr/bin/rg ] || die "/usr/bin/rg is missing after install"

# 2. ripgrep download pre-seeded -----------------------------------------------------------------
case "$(uname -m)" in
  x86_64) rg_target="x86_64-unknown-linux-musl" ;;
  aarch64) rg_target="aarch64-unknown-linux-musl" ;;
  *) die "no ripgrep target known for $(uname -m)" ;;
esac
rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
rg_tar="$rg_cache/ripgrep-$RIPGREP_RELEASE-$rg_target.tar.gz"
if [ -s "$rg_tar" ] && tar -tzf "$rg_tar" 2>/dev/null | grep -qx 'rg'; then
  step "ripgrep tarball" "already there ($rg_tar)"
else
  mkdir -p "$rg_cache"
  tmp="$(mktemp -d)"
  cp /usr/bin/rg "$tmp/rg"
  tar -czf "$rg_tar.partial" -C "$tmp" rg
  mv "$rg_tar.partial" "$rg_tar"
  rm -rf "$tmp"
  step "ripgrep tarball" "made from /usr/bin/rg ($rg_tar)"
fi

# 3. code-server and playwright-core in test/vscode ----------------------------------------------
[ -f "$HOST_DIR/package.json" ] || die "$HOST_DIR/package.json is missing"
lock="$HOST_DIR/package-lock.json"
stamp="$HOST_DIR/node_modules/.ldb-setup-stamp"
# What the install was made from: a changed package.json or lock, or another Node, reinstalls.
stamp_value() { echo "$(cat "$HOST_DIR/package.json" "$lock" 2>/dev/null | sha256sum | cut -d' ' -f1) node-$node_major"; }
code_server_bin="$HOST_DIR/node_modules/code-server/out/node/entry.js"
if [ "${LDB_SETUP_FORCE:-0}" != 1 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(stamp_value)" ] &&
  [ -f "$code_server_bin" ] && [ -d "$HOST_DIR/node_modules/playwright-core" ]; then
  step "npm (test/vscode)" "up to date"
else
  start=$(date +%s)
  log="$(mktemp)"
  if [ -f "$lock" ]; then verb=ci; else verb=install; fi
  # unsafe_perm: code-server's postinstall runs npm install in its lib/vscode as root.
  if ! (cd "$HOST_DIR" && npm_config_unsafe_perm=true npm_config_yes=true \
    npm "$verb" --no-audit --no-fund --loglevel=error >"$log" 2>&1); then
    tail -40 "$log" >&2
    die "npm $verb in test/vscode failed (full log: $log)"
  fi
  rm -f "$log"
  [ -f "$code_server_bin" ] || die "code-server did not install ($code_server_bin is missing)"
  stamp_value >"$stamp"
  step "npm (test/vscode)" "npm $verb done in $(($(date +%s) - start)) s"
fi

# --version writes a default config file under $XDG_CONFIG_HOME: keep it out of the real home.
tmp_home="$(mktemp -d)"
version="$(HOME="$tmp_home" XDG_CONFIG_HOME="$tmp_home" XDG_DATA_HOME="$tmp_home" \
  "$HOST_DIR/node_modules/.bin/code-server" --version 2>/dev/null | grep -m1 'with Code' || true)"
rm -rf "$tmp_home"
[ -n "$version" ] || die "code-server does not start"
step "code-server" "$version"
step "chromium" "$(/usr/bin/chromium --version 2>/dev/null | head -1)"
