#!/usr/bin/env bash
# Install the system packages the test suite needs, only where missing (Debian; run as root or with sudo):
#   Java for the HermiT reasoner; Chromium (headless) for the browser tests of the pyvis views;
#   a CJK TrueType font (WenQuanYi Zen Hei) for the PDFs that tests/read renders from the sample notices.
set -euo pipefail
need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup-system: installing ${need[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
