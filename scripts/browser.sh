#!/usr/bin/env bash
# Make sure Debian's headless Chromium and its WebDriver are present for tests/test_browser.py.
#
# Installs the `chromium` and `chromium-driver` packages with apt-get when either is missing
# and we are root (the browser test skips, with a message, when neither is possible).
# Prints the paths it found, one `NAME=PATH` a line; exits 0 even when it could not install,
# so a machine without apt still runs the rest of the suite.
set -u

browser_path() { command -v chromium || command -v chromium-browser || true; }
driver_path() { command -v chromedriver || { [ -x /usr/lib/chromium/chromedriver ] && echo /usr/lib/chromium/chromedriver; } || true; }

if [ -z "$(browser_path)" ] || [ -z "$(driver_path)" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "browser.sh: installing chromium and chromium-driver with apt-get" >&2
        export DEBIAN_FRONTEND=noninteractive
        if ! apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null 2>&1; then
            apt-get update -q >/dev/null 2>&1 || true
            apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null 2>&1 \
                || echo "browser.sh: apt-get could not install chromium (the browser test will skip)" >&2
        fi
    else
        echo "browser.sh: chromium or chromedriver missing and not root; the browser test will skip" >&2
    fi
fi

echo "CHROMIUM=$(browser_path)"
echo "CHROMEDRIVER=$(driver_path)"
