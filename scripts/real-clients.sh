#!/usr/bin/env bash
# Checks the Connect-style example server against commercetools' own clients, at pinned
# versions: npm `@commercetools/ts-client` (its concurrent-modification middleware must
# recover from a 409 by itself, and it must parse every documented error) and PyPI
# `commercetools` (the same errors, through the SDK's parsing).
#
#   scripts/real-clients.sh
#
# The clients are installed once into a cache outside the clone,
# ${XDG_CACHE_HOME:-$HOME/.cache}/apifault-real-clients/<versions>/, so a second run only
# builds and starts the server. An install that cannot reach its registry is reported as
# skipped; a client check that fails makes the script exit non-zero. The server listens on a
# free loopback port and is stopped on exit; no other traffic leaves the clients.
#
# Needs node (>= 18, for fetch) and python3 with pip; a missing one skips its client.
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned. ts-client 5.x declares node >= 22; 4.10.0 runs on node >= 18 and has the same
# error handling and concurrent-modification middleware.
TS_CLIENT_VERSION=4.10.0
PYTHON_SDK_VERSION=2026.10.12

cache="${XDG_CACHE_HOME:-$HOME/.cache}/apifault-real-clients/ts-client-${TS_CLIENT_VERSION}_commercetools-${PYTHON_SDK_VERSION}"
mkdir -p "$cache"
scripts="$PWD/scripts/real-clients"

passed=0
failed=0
skipped=0

# Whether an install log says the registry could not be reached (rather than, say, that the
# pinned version does not exist, which is a real failure).
unreachable() {
    grep -Eqi 'ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNREFUSED|ECONNRESET|ENETUNREACH|network|Temporary failure in name resolution|Name or service not known|NewConnectionError|Max retries exceeded|timed out|Connection refused|No route to host|ProxyError' "$1"
}

# install NAME DIR COMMAND...: runs COMMAND unless DIR/.installed says it already ran.
# Returns 0 when installed, 2 when the registry was unreachable, 1 on another failure.
install() {
    local name=$1 dir=$2
    shift 2
    if [[ -f "$dir/.installed" ]]; then
        echo "$name: cached in $dir"
        return 0
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    echo "$name: installing into $dir"
    if "$@" >"$dir.log" 2>&1; then
        touch "$dir/.installed"
        return 0
    fi
    if unreachable "$dir.log"; then
        tail -n 5 "$dir.log" | sed "s/^/$name:   /"
        return 2
    fi
    tail -n 20 "$dir.log" | sed "s/^/$name:   /"
    return 1
}

ts_ready=false
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "ts-client: skipped (node or npm is not installed)"
    skipped=$((skipped + 1))
elif ! node -e 'process.exit(typeof fetch === "function" ? 0 : 1)'; then
    echo "ts-client: skipped (node $(node --version) has no fetch; it needs node >= 18)"
    skipped=$((skipped + 1))
else
    status=0
    install ts-client "$cache/node" npm install --prefix "$cache/node" --no-save --no-audit \
        --no-fund --fetch-retries=1 --fetch-timeout=30000 \
        "@commercetools/ts-client@${TS_CLIENT_VERSION}" || status=$?
    case $status in
        0) ts_ready=true ;;
        2) echo "ts-client: skipped (the npm registry cannot be reached)"; skipped=$((skipped + 1)) ;;
        *) echo "ts-client: FAILED to install"; failed=$((failed + 1)) ;;
    esac
fi

py_ready=false
if ! command -v python3 >/dev/null || ! python3 -m pip --version >/dev/null 2>&1; then
    echo "python-sdk: skipped (python3 with pip is not installed)"
    skipped=$((skipped + 1))
else
    status=0
    install python-sdk "$cache/python" python3 -m pip install --quiet --disable-pip-version-check \
        --no-input --timeout 30 --retries 1 --target "$cache/python" \
        "commercetools==${PYTHON_SDK_VERSION}" || status=$?
    case $status in
        0) py_ready=true ;;
        2) echo "python-sdk: skipped (PyPI cannot be reached)"; skipped=$((skipped + 1)) ;;
        *) echo "python-sdk: FAILED to install"; failed=$((failed + 1)) ;;
    esac
fi

if $ts_ready || $py_ready; then
    echo "== building the Connect-style server"
    cargo build --quiet -p apifault-examples --example connect

    log=$(mktemp)
    # Port 0: the server binds a free loopback port and prints it, so no port is guessed.
    cargo run --quiet -p apifault-examples --example connect -- --addr 127.0.0.1:0 >"$log" 2>&1 &
    server=$!
    trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT

    base=""
    for _ in $(seq 1 300); do
        base=$(sed -n 's/^listening on \(http:\/\/127\.0\.0\.1:[0-9]*\)$/\1/p' "$log")
        [[ -n "$base" ]] && break
        if ! kill -0 "$server" 2>/dev/null; then
            cat "$log"
            echo "the server did not start"
            exit 1
        fi
        sleep 0.1
    done
    if [[ -z "$base" ]]; then
        cat "$log"
        echo "the server did not say where it listens within 30 s"
        exit 1
    fi
    echo "server: $base"

    if $ts_ready; then
        echo "== ts-client ${TS_CLIENT_VERSION}"
        if NODE_PATH="$cache/node/node_modules" node "$scripts/ts-client.cjs" "$base"; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
        fi
    fi
    if $py_ready; then
        echo "== commercetools (Python) ${PYTHON_SDK_VERSION}"
        if PYTHONPATH="$cache/python" PYTHONDONTWRITEBYTECODE=1 python3 "$scripts/python-sdk.py" "$base"; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
        fi
    fi
fi

echo "real clients: $passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
