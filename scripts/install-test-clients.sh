#!/usr/bin/env bash
# Real clients for the tests that open our outputs the way users do: headless Chromium
# (rapport.html, letters; axe-core runs in it through Playwright, both from the dev extras),
# LibreOffice Calc (the CSVs) and poppler-utils (the PDF letters). Idempotent and quiet; skipped when apt
# is not available (the tests then skip with a reason).
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)   # pdfinfo/pdftotext: the brieven PDF tests
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
  echo "install-test-clients: cannot install ${need[*]} (no apt-get or not root); those tests will be skipped"
  exit 0
fi
echo "install-test-clients: installing ${need[*]} from Debian"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
  || echo "install-test-clients: installing ${need[*]} failed; those tests will be skipped"
exit 0
