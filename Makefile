# lakehouse — the usual entry points. `make demo` and `make test` are the README's two commands.
SHELL := /bin/bash
NPM ?= npm

.PHONY: install build typecheck test demo bench binary clean

node_modules/.installed: package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	touch $@

install: node_modules/.installed

typecheck: install
	npx tsc -p tsconfig.json

build: typecheck

test: install typecheck
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
