#!/usr/bin/env bash
# The system packages `make run` and `make test` need, installed with apt when missing (as root,
# or through sudo): Java runs Kafka and Maven fetches it; Rust (rustup's, else Debian's) builds
# intake's compiled row checks during `uv sync`; Chromium and npm serve the portal's browser
# tests (npm installs its pinned CSS and axe-core). PostgreSQL is installed by `lr stack up`.
# Without root or sudo it names what is missing and stops.
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"

missing=()
if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
  missing+=(openjdk-17-jre-headless maven)
fi
if ! command -v cargo >/dev/null 2>&1 || ! command -v cc >/dev/null 2>&1; then
  missing+=(cargo rustc gcc libc6-dev)
fi
if ! command -v chromium >/dev/null 2>&1; then
  missing+=(chromium)
fi
if ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "Missing system packages: ${missing[*]}; install them (apt-get install ${missing[*]})." >&2
  exit 1
fi
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
