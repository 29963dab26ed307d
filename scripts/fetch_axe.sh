#!/usr/bin/env bash
# Vendor axe-core for the browser tests: tests/browser/vendor/axe.min.js (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=4.14.1
SHA256=e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745
target=tests/browser/vendor
[ -f "$target/axe-$VERSION.min.js" ] && exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
url="https://registry.npmjs.org/axe-core/-/axe-core-$VERSION.tgz"
if ! curl -fsSL --retry 3 -o "$work/axe.tgz" "$url"; then
  (cd "$work" && npm pack --silent "axe-core@$VERSION" >/dev/null && mv "axe-core-$VERSION.tgz" axe.tgz)
fi
echo "$SHA256  $work/axe.tgz" | sha256sum --check --quiet
tar -xzf "$work/axe.tgz" -C "$work" package/axe.min.js package/LICENSE
mkdir -p "$target"
cp "$work/package/LICENSE" "$target/axe-LICENSE.txt"
cp "$work/package/axe.min.js" "$target/axe-$VERSION.min.js"
