# Sourced by scripts/test.sh and scripts/bench-moto-inventory.sh: the pinned
# moto server in .venv, on a free loopback port, stopped on exit.
#
#   source scripts/moto.sh
#   moto_install            # .venv with moto[server]==MOTO_VERSION
#   moto_start "$log"       # sets $endpoint and $moto_pid; traps EXIT to stop
#
# Run from the repo root. The caller sets `set -euo pipefail`.

MOTO_VERSION="5.2.5"
# Through `python -m`: a .venv copied from another checkout keeps scripts
# whose shebangs point at that checkout's interpreter and packages.
py=.venv/bin/python

moto_installed() {
  # Not `pip show | grep -q`: grep exits early and pipefail reads pip's SIGPIPE as failure.
  "$py" -c 'import importlib.metadata as m, sys; sys.exit(m.version("moto") != sys.argv[1])' "$MOTO_VERSION" 2>/dev/null
}

moto_install() {
  if ! moto_installed; then
    echo "moto.sh: installing moto[server]==${MOTO_VERSION} into .venv" >&2
    [[ -x "$py" ]] || python3 -m venv .venv
    "$py" -m pip install --quiet --disable-pip-version-check "moto[server]==${MOTO_VERSION}"
  fi
}

moto_answers() {
  "$py" - "$endpoint" <<'PY'
import sys, urllib.request
try:
    urllib.request.urlopen(sys.argv[1] + "/moto-api/", timeout=1)
except Exception:
    sys.exit(1)
PY
}

moto_stop() {
  if [[ -n "${moto_pid:-}" ]] && kill -0 "$moto_pid" 2>/dev/null; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
  fi
}

# Starts moto with its output in $1 and waits until it answers.
moto_start() {
  local log="$1"
  local port
  port="$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  endpoint="http://127.0.0.1:${port}"
  # AWS managed policies (AWSBackupServiceRolePolicyForRestores …) are only
  # attachable when moto loads them.
  MOTO_IAM_LOAD_MANAGED_POLICIES=true "$py" -m moto.server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
  moto_pid=$!
  trap moto_stop EXIT
  for _ in $(seq 1 100); do
    moto_answers && break
    if ! kill -0 "$moto_pid" 2>/dev/null; then
      echo "moto.sh: moto exited early:" >&2
      cat "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  if ! moto_answers; then
    echo "moto.sh: moto did not answer on ${endpoint}" >&2
    cat "$log" >&2
    return 1
  fi
  echo "moto.sh: moto ${MOTO_VERSION} on ${endpoint}" >&2
}

# Benchmarks: builds the release binary if $BIN is it and it is missing.
bench_build() {
  if [[ "$BIN" == target/release/dynamo-dr && ! -x "$BIN" ]]; then
    echo "bench: building $BIN" >&2
    cargo build --release --bin dynamo-dr
  fi
}

# Benchmarks: fake keys, no instance metadata, no real AWS config or HOME,
# everything under the directory $1.
bench_isolate() {
  local work="$1"
  : >"$work/aws-config"
  : >"$work/aws-credentials"
  export AWS_ACCESS_KEY_ID="testing" AWS_SECRET_ACCESS_KEY="testing"
  export AWS_REGION="us-east-1" AWS_DEFAULT_REGION="us-east-1" AWS_EC2_METADATA_DISABLED="true"
  export AWS_CONFIG_FILE="$work/aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/aws-credentials"
  export HOME="$work/home" XDG_CONFIG_HOME="$work/home/config" XDG_STATE_HOME="$work/home/state"
  unset AWS_PROFILE AWS_SESSION_TOKEN
  mkdir -p "$HOME"
}
