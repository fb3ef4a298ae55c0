#!/usr/bin/env bash
# The main job on the local provider: up → produce → query → down with config.example.yaml.
# LAKEHOUSE selects the executable: the dev entry (default) or the single binary (dist/lakehouse).
set -euo pipefail
cd "$(dirname "$0")/.."
LAKEHOUSE=${LAKEHOUSE:-"node --import tsx src/cli/bin.ts"}
SPEC=${SPEC:-config.example.yaml}
export LAKEHOUSE_CONFIG=$SPEC
# A fresh data dir each run so the demo never depends on leftovers.
export LAKEHOUSE_DATA_DIR=${LAKEHOUSE_DATA_DIR:-$(mktemp -d /tmp/lakehouse-demo.XXXXXX)}

run() { echo; printf "$ lakehouse"; printf " %q" "$@"; echo; $LAKEHOUSE "$@"; }

start=$(date +%s)
run validate
run up --yes
run produce --amount 1000 --wait
run query
run query "SELECT status, count(*) AS events FROM events GROUP BY status ORDER BY status"
run status
run down --yes
echo; echo "demo finished in $(( $(date +%s) - start )) s (data dir: $LAKEHOUSE_DATA_DIR)"
