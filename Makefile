# lakehouse — the usual entry points. `make demo` and `make test` are the README's two commands.
SHELL := /bin/bash
NPM ?= npm

.PHONY: install build typecheck test test-deps demo demo-binary bench binary clean

node_modules/.installed: package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	touch $@

install: node_modules/.installed

typecheck: install
	npx tsc -p tsconfig.json

build: typecheck

# Real AWS clients from Debian (AWS CLI v2 at /usr/bin/aws — a pip `aws` on PATH may be v1 — and boto3) for the `serve` tests; installed when missing.
test-deps:
	@test -x /usr/bin/aws && python3 -c 'import boto3' 2>/dev/null || { \
	  echo "installing awscli and python3-boto3 from Debian for the serve tests…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq awscli python3-boto3 >/dev/null; }
	@# moto (an AWS implementation we did not write) for the provider-aws lifecycle test; skipped visibly when absent.
	@command -v moto_server >/dev/null || pip install -q 'moto[server]' || echo "moto not installable here: the moto lifecycle tests will be skipped"
	@# pyarrow + fastavro: an Iceberg reader we did not write, for the Iceberg table tests (pip's index has both).
	@python3 -c 'import pyarrow, fastavro' 2>/dev/null || pip install -q pyarrow fastavro || echo "pyarrow/fastavro not installable here: the Iceberg reader tests will fail"
	@# headless Chromium: a real browser on a hostile page against serve (test/security/serve-browser.test.ts).
	@test -x /usr/bin/chromium || { echo "installing chromium from Debian for the serve browser test…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@# tmux: a pseudo-terminal for the interactive tests (test/metrics/status-watch.test.ts; test/tty: spinner,
	@# expanded output, sql shell, Ctrl-C).
	@command -v tmux >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >/dev/null; }

test: install typecheck test-deps
	$(NPM) test

clean:
	rm -rf dist node_modules .lakehouse

# The README's main job: install, then up → produce → query → down on the local provider.
demo: install
	./scripts/demo.sh

# One executable with Node's SEA (see scripts/binary/build.mjs for why not pkg).
binary: install
	node scripts/binary/build.mjs

# The demo again, through the single binary from another directory with a clean environment.
demo-binary: binary
	LAKEHOUSE="$(CURDIR)/dist/lakehouse" ./scripts/demo.sh

bench: install
	node --import tsx bench/index.ts
