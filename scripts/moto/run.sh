#!/bin/bash
# Runs moto's own tests (a checkout of github.com/getmoto/moto at the tag matching the installed moto, e.g. 5.2.1)
# in server mode against `lakehouse serve` from this repository, one fresh serve per test.
#   scripts/moto/run.sh <moto checkout> tests/test_iam/test_iam.py [pytest args…]
# Needs: pip install 'moto[server]' pytest (and freezegun for test_iam_groups.py). Tallies and the tests judged to
# assert moto rather than AWS: docs/emulated-services.md, "moto".
set -euo pipefail
checkout=${1:?usage: scripts/moto/run.sh <moto checkout> <test path> [pytest args…]}
shift
here=$(cd "$(dirname "$0")" && pwd)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cd "$checkout"
PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" TEST_SERVER_MODE=true TEST_SERVER_MODE_ENDPOINT="http://127.0.0.1:$port" \
  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
  exec python3 -m pytest -p serve_per_test -p no:cacheprovider -q -rfEs --tb=line "$@"
