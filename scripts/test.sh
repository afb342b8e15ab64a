#!/usr/bin/env bash
# Runs every test, including the #[ignore]d ones that need an AWS-protocol
# server: starts moto (pinned, in .venv) on a free loopback port, points the
# tests at it with DYNAMO_DR_MOTO_ENDPOINT, and stops it on the way out.
# Extra arguments go to `cargo test`: scripts/test.sh aws_moto -- --nocapture
set -euo pipefail

MOTO_VERSION="5.2.5"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

# Through `python -m`: a .venv copied from another checkout keeps scripts
# whose shebangs point at that checkout's interpreter and packages.
py=.venv/bin/python
has_moto() {
  # Not `pip show | grep -q`: grep exits early and pipefail reads pip's SIGPIPE as failure.
  "$py" -c 'import importlib.metadata as m, sys; sys.exit(m.version("moto") != sys.argv[1])' "$MOTO_VERSION" 2>/dev/null
}
if ! has_moto; then
  echo "test.sh: installing moto[server]==${MOTO_VERSION} into .venv" >&2
  [[ -x "$py" ]] || python3 -m venv .venv
  "$py" -m pip install --quiet --disable-pip-version-check "moto[server]==${MOTO_VERSION}"
fi

port="$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
endpoint="http://127.0.0.1:${port}"
log="$(mktemp -t moto-XXXXXX.log)"

# AWS managed policies (AWSBackupServiceRolePolicyForRestores …) are only
# attachable when moto loads them.
MOTO_IAM_LOAD_MANAGED_POLICIES=true "$py" -m moto.server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto_pid=$!

stop_moto() {
  if kill -0 "$moto_pid" 2>/dev/null; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
  fi
  rm -f "$log"
}
trap stop_moto EXIT

answers() {
  "$py" - "$endpoint" <<'PY'
import sys, urllib.request
try:
    urllib.request.urlopen(sys.argv[1] + "/moto-api/", timeout=1)
except Exception:
    sys.exit(1)
PY
}
for _ in $(seq 1 100); do
  if answers; then
    break
  fi
  if ! kill -0 "$moto_pid" 2>/dev/null; then
    echo "test.sh: moto exited early:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done
if ! answers; then
  echo "test.sh: moto did not answer on ${endpoint}" >&2
  cat "$log" >&2
  exit 1
fi
echo "test.sh: moto ${MOTO_VERSION} on ${endpoint}" >&2

export DYNAMO_DR_MOTO_ENDPOINT="$endpoint"
# Fake credentials and no instance metadata: nothing here may reach real AWS.
export AWS_ACCESS_KEY_ID="testing" AWS_SECRET_ACCESS_KEY="testing" AWS_SESSION_TOKEN="testing"
export AWS_REGION="us-east-1" AWS_EC2_METADATA_DISABLED="true"
unset AWS_PROFILE

# Arguments before a `--` go to cargo, after it to the test harness.
cargo_args=()
harness_args=()
seen_separator=false
for arg in "$@"; do
  if [[ "$seen_separator" == false && "$arg" == "--" ]]; then
    seen_separator=true
  elif [[ "$seen_separator" == true ]]; then
    harness_args+=("$arg")
  else
    cargo_args+=("$arg")
  fi
done

cargo test --all-targets "${cargo_args[@]}" -- --include-ignored "${harness_args[@]}"
