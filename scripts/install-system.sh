#!/usr/bin/env bash
# Installs the Debian packages the project runs on, only those that are missing.
# Usage: scripts/install-system.sh [--browser]
#   --browser  also installs Chromium (for the browser tests) and npm (for axe-core).
set -euo pipefail

packages=(postgresql postgresql-contrib redis-server libpango-1.0-0 libpangoft2-1.0-0 wrk)
if [[ "${1:-}" == "--browser" ]]; then
  packages+=(chromium)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "Missing Debian packages: ${missing[*]}. Run as root, or install them with apt-get." >&2
  exit 1
fi

echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
