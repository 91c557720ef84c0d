# One command surface for developers, operators and CI.
# The README's two commands: `make run` (the main job) and `make test` (everything CI checks).

SHELL := /bin/bash
# rustup's cargo builds intake's compiled row checks (services/intake/native) during `uv sync`.
export PATH := $(HOME)/.cargo/bin:$(PATH)
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
LR := $(UV) run --frozen lr
PYTEST := $(UV) run --frozen pytest

.PHONY: help install run test test-unit test-integration test-e2e lint format bench \
        stack-up stack-down stack-status up down status clean

help:
	@echo "make run          stack, services and a realistic national delivery end to end, with a summary"
	@echo "make test         install, start the stack, run every test, then lint"
	@echo "make bench        benchmarks (figures and the machine they ran on) into bench/results/"
	@echo "make up / down    the six services as background processes (logs in var/log/)"
	@echo "make stack-up / stack-down / stack-status"

$(UV):
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

install: $(UV)
	@# Java, Maven, Rust, Chromium and npm, with apt when missing (deploy/native/system-packages.sh)
	bash deploy/native/system-packages.sh
	$(UV) sync --frozen --all-packages
	@# The portal's NL Design System CSS and axe-core (its browser tests), pinned by package-lock.json
	if [ ! -d services/portal/node_modules ] && command -v npm >/dev/null 2>&1; then \
	  cd services/portal && npm ci --no-audit --no-fund; fi
	@# The OpenID provider (oidc-provider) the portal's DigiD sign-in tests start
	if [ ! -d services/portal/tests/oidc/node_modules ] && command -v npm >/dev/null 2>&1; then \
	  cd services/portal/tests/oidc && npm ci --no-audit --no-fund; fi

stack-up: install
	$(LR) stack up

stack-down:
	$(LR) stack down

stack-status:
	$(LR) stack status

up: install
	$(LR) services up

down:
	$(LR) services down

status:
	$(LR) services status

run: install
	$(LR) run

test: install stack-up
	$(PYTEST) shared tools services tests
	$(MAKE) lint

test-unit: install
	$(PYTEST) -m "not integration and not e2e" shared tools services tests

test-e2e: install stack-up
	$(PYTEST) tests/e2e

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy -p lr_shared -p lr_tools -p lr_intake -p lr_registry -p lr_portfolio -p lr_notifications -p lr_portal -p lr_profession
	$(UV) run --frozen mypy services/*/bench/*.py shared/bench/*.py
	@# intake's compiled row checks; rustfmt and clippy come with rustup's toolchain, not Debian's
	if cargo fmt --version >/dev/null 2>&1; then cd services/intake/native && cargo fmt --check; fi
	if cargo clippy --version >/dev/null 2>&1; then \
	  cd services/intake/native && cargo clippy --release --locked -- -D warnings; fi

format: install
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

bench: install stack-up
	$(LR) bench

clean: stack-down
	rm -rf var .venv
