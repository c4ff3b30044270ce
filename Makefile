# The two commands of the README: `make run` and `make test`.
# Each creates the virtual environment from pyproject.toml when needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell sha256sum pyproject.toml | cut -c1-16)
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint bench system-deps help

help:
	@echo "make run    - set up and run the bot on its embedded defaults (playground, SQLite)"
	@echo "make test   - set up and run the whole test suite"
	@echo "make lint   - ruff"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	@rm -f $(VENV)/.installed-* && touch $@

# Debian packages the tests need: Chromium for the playground test, a CJK font for charts,
# HAProxy for the tests of several bot processes behind a balancer (deploy/haproxy.cfg).
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
	    || ! test -x /usr/sbin/haproxy \
	    || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  echo "installing chromium, chromium-driver, haproxy and fonts-noto-cjk (Debian packages)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    chromium chromium-driver haproxy fonts-noto-cjk >/dev/null; \
	fi

run: $(STAMP)
	$(BIN)/frontdoor run

test: $(STAMP) system-deps
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
