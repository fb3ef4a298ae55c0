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
