#!/bin/sh
# bench/million: issue #12's 1,000,000-item case with one command. Generates it (fixed seed:
# 800,000 e-mails, 200,000 of them with one attachment, about 1.3 GB), ingests it as a user does
# (`leaklens ingest`, then verify and triage by default) under a pseudo-terminal, measuring wall
# time, the peak RSS of every process and the truth of the progress bars' ETA
# (DATA/ingest.json); then the overview behind /api/overview and the 1,000 benchmark searches with
# facets beside `notmuch search` (DATA/search-1m.json); then the same searches on the
# 21,075-message case of bench/ingest (DATA/search-21k.json).
# Usage: bench/million/run.sh [DATA_DIR (default /tmp/million)]
#   EMAILS=80000 ATTACHMENTS=20000 bench/million/run.sh /tmp/hundredk   # a tenth, same shape
# A finished step is not redone: delete DATA/ingest.json (and DATA/case) to ingest again.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${1:-/tmp/million}
EMAILS=${EMAILS:-800000}
ATTACHMENTS=${ATTACHMENTS:-200000}
mkdir -p "$DATA"
cd "$ROOT"
npm run build >/dev/null
node bench/million/generate.mjs "$DATA/maildir" --emails "$EMAILS" --attachments "$ATTACHMENTS"
[ -f "$DATA/ingest.json" ] ||
  node bench/million/measure.mjs "$DATA/ingest" -- node bin/leaklens.js ingest "$DATA/maildir" --case "$DATA/case"
node --import tsx bench/million/search.ts --case "$DATA/case" --maildir "$DATA/maildir" --out "$DATA/search-1m.json"
node bench/ingest/generate.mjs "$DATA/maildir21k"
[ -f "$DATA/case21k/case.sqlite" ] ||
  LEAKLENS_PROGRESS=0 node bin/leaklens.js ingest "$DATA/maildir21k" --case "$DATA/case21k" --no-verify --no-analyze --json >/dev/null
node --import tsx bench/million/search.ts --case "$DATA/case21k" --maildir "$DATA/maildir21k" --out "$DATA/search-21k.json"
