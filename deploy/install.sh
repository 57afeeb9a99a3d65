#!/bin/sh
# Vigil's production install: the tarballs of deploy/pack-workspace.mjs into an app folder, with their
# dependencies and no dev dependencies. `sh deploy/install.sh <tarball folder> <app folder>`; then
# `<app folder>/node_modules/.bin/vigil serve` runs the server. The Dockerfile and the systemd unit's
# instructions use it, and scripts/deploy/deploy-kit.e2e.test.ts runs it.
set -eu
packs=$(cd "$1" && pwd)
app=$2
mkdir -p "$app"
cd "$app"
printf '{\n  "name": "vigil-server",\n  "private": true\n}\n' >package.json
# better-sqlite3 builds its native module here (python3, make and a C++ compiler are needed).
npm install --omit=dev --no-audit --no-fund --no-update-notifier "$packs"/vigil-*.tgz
test -x node_modules/.bin/vigil
