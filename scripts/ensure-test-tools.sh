#!/usr/bin/env bash
# What the tests drive besides Python and npm packages, from Debian: Chromium
# for the browser tests (Playwright cannot download its own here), nginx to
# serve the site as a web server running as its own user does, Java for the
# W3C Nu HTML checker (npm vnu-jar), unzip for the offline zip.
set -euo pipefail
declare -A needs=([chromium]=chromium [nginx]=nginx-light [java]=default-jre-headless [unzip]=unzip)
missing=()
for command in "${!needs[@]}"; do
  command -v "$command" >/dev/null 2>&1 || [ -x "/usr/sbin/$command" ] || missing+=("${needs[$command]}")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  echo "Installing Debian's ${missing[*]} for the tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "The tests need Debian's ${missing[*]}." >&2
echo "Install with:  sudo apt-get install -y ${missing[*]}   (then run make test again)" >&2
exit 1
