#!/usr/bin/env bash
# Runs every test, including the #[ignore]d ones that need an AWS-protocol
# server: starts moto (pinned, in .venv) on a free loopback port, points the
# tests at it with DYNAMO_DR_MOTO_ENDPOINT, and stops it on the way out.
# Extra arguments go to `cargo test`: scripts/test.sh aws_moto -- --nocapture
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
# shellcheck source=scripts/moto.sh
source scripts/moto.sh

moto_install
log="$(mktemp -t moto-XXXXXX.log)"
moto_start "$log"
trap 'moto_stop; rm -f "$log"' EXIT

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

# Every target unless the arguments name some (`--test verify`, `--lib`).
targets=(--all-targets)
for arg in "${cargo_args[@]}"; do
  case "$arg" in
    --test|--test=*|--lib|--bench|--bench=*|--bin|--bin=*|--example|--example=*|--doc|--tests|--benches)
      targets=()
      ;;
  esac
done

cargo test "${targets[@]}" "${cargo_args[@]}" -- --include-ignored "${harness_args[@]}"
