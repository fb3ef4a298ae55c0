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

# What the tests need from Debian, installed when missing, in one apt-get update: real AWS clients (AWS CLI v2 at
# /usr/bin/aws — a pip `aws` on PATH may be v1 — and boto3, Debian's in /usr/bin/python3, which the tests try
# first) for the `serve` tests; headless Chromium, a real
# browser on a hostile page against serve (test/security/serve-browser.test.ts); tmux, a pseudo-terminal for the
# interactive tests (test/metrics/status-watch.test.ts; test/tty: spinner, expanded output, sql shell, Ctrl-C).
test-deps:
	@missing=''; \
	{ test -x /usr/bin/aws && { /usr/bin/python3 -c 'import boto3' || python3 -c 'import boto3'; } 2>/dev/null; } || missing="$$missing awscli python3-boto3"; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	command -v tmux >/dev/null || missing="$$missing tmux"; \
	if [ -n "$$missing" ]; then echo "installing$$missing from Debian for the tests…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi
	@# moto (an AWS implementation we did not write) for the provider-aws lifecycle test; skipped visibly when absent.
	@command -v moto_server >/dev/null || pip install -q 'moto[server]' || echo "moto not installable here: the moto lifecycle tests will be skipped"
	@# pyarrow + fastavro: an Iceberg reader we did not write, for the Iceberg table tests (pip's index has both).
	@python3 -c 'import pyarrow, fastavro' 2>/dev/null || pip install -q pyarrow fastavro || echo "pyarrow/fastavro not installable here: the Iceberg reader tests will fail"

# The tests' temp dirs (so every emulator data dir) on a RAM disk when there is a roomy one: the emulator fsyncs
# each write so a power cut cannot lose it, and on a disk those fsyncs were most of the suite's time (an S3 put
# is four). No test cuts the power (the crash tests kill -9, which loses nothing the kernel holds), so the RAM
# disk proves the same. `make test TEST_TMP=` keeps the system temp dir.
TEST_TMP ?= $(shell test -w /dev/shm && test "$$(df -Pk /dev/shm 2>/dev/null | awk 'NR==2 {print $$4}')" -ge 4000000 2>/dev/null && echo /dev/shm)

test: install typecheck test-deps
	@parent='$(TEST_TMP)' && tmp=$$(mktemp -d "$${parent:-$${TMPDIR:-/tmp}}/lh-test-XXXXXX") && trap 'rm -rf "$$tmp"' EXIT && \
	  echo "test temp dirs in $$tmp" && TMPDIR="$$tmp" $(NPM) test

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
