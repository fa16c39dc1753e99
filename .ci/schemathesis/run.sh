#!/usr/bin/env bash
# Property-based conformance run of the emulator against the Admin API and OAuth specs.
#
#   bash .ci/schemathesis/run.sh [VENV_DIR]
#
# Creates (or reuses) a Python venv in VENV_DIR (default .ci/.venv), installs a pinned
# Schemathesis, builds and starts the emulator binary on a free port, fetches an access token
# with the seeded service account, and runs Schemathesis with every check enabled (plus a
# response-time bound) in five bounded runs:
#
#   1. the admin spec, every operation except the two that revoke the caller's own token
#      (deleting a service account, rotating its secret): Schemathesis finds the seeded
#      account's id in list responses and would otherwise cut its own access mid-run;
#   2. the service-account lifecycle (create, fetch, update, rotate, delete) with a fresh
#      token, without the list operation, so it only touches accounts it created;
#   3. the OAuth spec;
#   4. the control-plane operations the emulator serves (indexes, collections, backups), with
#      the `Api-Key` of a key of a seeded project;
#   5. the assistant operations (list, create, get, update, delete), likewise.
#
# Narrowed checks live in schemathesis.toml beside this script, each with its reason.
# Environment: ST_MAX_EXAMPLES (default 25), ST_SEED (default 20260701), CARGO_TARGET_DIR.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
VENV="${1:-$REPO/.ci/.venv}"
SCHEMATHESIS_VERSION="4.32.5"
MAX_EXAMPLES="${ST_MAX_EXAMPLES:-25}"
SEED="${ST_SEED:-20260701}"

spec() {
  local name="$1"
  for candidate in "$REPO/openapi/$name" "$REPO/../shared/reference/$name" "/work/shared/reference/$name"; do
    if [[ -f "$candidate" ]]; then
      echo "$candidate"
      return 0
    fi
  done
  echo "spec $name not found" >&2
  return 1
}
# The control-plane runs use Pinecone's full upstream files when they are beside the repo
# (the emulator serves more of those APIs than our openapi/ subsets list), else ours.
upstream_spec() {
  local name="$1"
  for candidate in "$REPO/../shared/reference/$name" "/work/shared/reference/$name" "$REPO/openapi/$name"; do
    if [[ -f "$candidate" ]]; then
      echo "$candidate"
      return 0
    fi
  done
  echo "spec $name not found" >&2
  return 1
}
ADMIN_SPEC="$(spec admin_2026-07.oas.yaml)"
OAUTH_SPEC="$(spec oauth_2026-07.oas.yaml)"
DB_SPEC="$(upstream_spec db_control_2026-07.oas.yaml)"
ASSISTANT_SPEC="$(upstream_spec assistant_control_2026-07.oas.yaml)"

echo "==> venv $VENV (schemathesis $SCHEMATHESIS_VERSION)"
if [[ ! -x "$VENV/bin/python" ]]; then
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
ST="$VENV/bin/schemathesis"
PY="$VENV/bin/python"

# The seeded service account uses the credentials of the OAuth spec's TokenRequest example
# when it has one, so that the examples phase also reaches the success path of /oauth/token.
read -r CLIENT_ID CLIENT_SECRET < <("$PY" - "$OAUTH_SPEC" <<'PY'
import secrets, sys, yaml
example = {}
try:
    spec = yaml.safe_load(open(sys.argv[1]))
    example = spec["components"]["schemas"]["TokenRequest"].get("example") or {}
except Exception:
    pass
cid, secret = example.get("client_id"), example.get("client_secret")
ok = lambda v: isinstance(v, str) and v and not any(c.isspace() for c in v)
if not (ok(cid) and ok(secret)):
    cid, secret = "schemathesis-client", secrets.token_urlsafe(32)
print(cid, secret)
PY
)

echo "==> building the emulator"
(cd "$REPO" && cargo build --quiet -p pinecone-admin-emulator --bin pinecone-admin-emulator)
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
BIN="$TARGET_DIR/debug/pinecone-admin-emulator"

WORK="$(mktemp -d)"
EMU_PID=""
cleanup() {
  if [[ -n "$EMU_PID" ]] && kill -0 "$EMU_PID" 2>/dev/null; then
    kill -INT "$EMU_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$EMU_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$EMU_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "==> starting the emulator"
"$BIN" --port 0 --client-id "$CLIENT_ID" --client-secret "$CLIENT_SECRET" \
  --invite-emails-per-hour 100000 >"$WORK/emulator.out" 2>"$WORK/emulator.err" &
EMU_PID=$!
BASE=""
for _ in $(seq 100); do
  BASE="$(sed -n 's/^Pinecone Admin API emulator listening on \(http:[^ ]*\).*/\1/p' "$WORK/emulator.out" | head -n1)"
  [[ -n "$BASE" ]] && break
  kill -0 "$EMU_PID" 2>/dev/null || { cat "$WORK/emulator.err" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$BASE" ]] || { echo "emulator did not start" >&2; exit 1; }
echo "    listening on $BASE"

# Small HTTP helper (no curl needed): METHOD URL [JSON_BODY] -> prints the response body.
http() {
  "$PY" - "$@" <<'PY'
import json, sys, urllib.request
method, url = sys.argv[1], sys.argv[2]
data = sys.argv[3].encode() if len(sys.argv) > 3 else None
req = urllib.request.Request(url, data=data, method=method)
req.add_header("Content-Type", "application/json")
req.add_header("X-Pinecone-Api-Version", "2026-07")
with urllib.request.urlopen(req, timeout=10) as resp:
    sys.stdout.write(resp.read().decode())
PY
}

token() {
  http POST "$BASE/oauth/token" \
    "{\"client_id\":\"$CLIENT_ID\",\"client_secret\":\"$CLIENT_SECRET\",\"grant_type\":\"client_credentials\",\"audience\":\"https://api.pinecone.io/\"}" |
    "$PY" -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

# A project holding a protected index keeps the organization from being deleted mid-run
# (which would turn every later create into a 404).
http POST "$BASE/_emulator/seed" \
  '{"name":"schemathesis-anchor","indexes":[{"name":"anchor","deletion_protection":true}]}' >/dev/null

# Every built-in check is on by default (the same set as `--checks all`, which is not passed
# because a command-line selection would override the per-operation narrowing in the config).
st() { # BASE_URL SPEC ARGS...
  local url="$1" spec="$2"
  shift 2
  "$ST" --config-file "$HERE/schemathesis.toml" run "$spec" --url "$url" \
    --max-examples "$MAX_EXAMPLES" --seed "$SEED" --request-timeout 10 --no-color "$@"
}
SA_ITEM="/admin/service-accounts/{service_account_id}"
status=0
cd "$WORK"

echo "==> [1/5] admin API ($ADMIN_SPEC)"
TOKEN="$(token)"
st "$BASE" "$ADMIN_SPEC" \
  -H "Authorization: Bearer $TOKEN" -H "X-Pinecone-Api-Version: 2026-07" \
  --exclude-name "DELETE $SA_ITEM" --exclude-name "POST $SA_ITEM/rotate-secret" || status=1

echo "==> [2/5] service-account lifecycle"
TOKEN="$(token)"
st "$BASE" "$ADMIN_SPEC" \
  -H "Authorization: Bearer $TOKEN" -H "X-Pinecone-Api-Version: 2026-07" \
  --include-name "POST /admin/service-accounts" --include-name "GET $SA_ITEM" \
  --include-name "PATCH $SA_ITEM" --include-name "DELETE $SA_ITEM" \
  --include-name "POST $SA_ITEM/rotate-secret" || status=1

echo "==> [3/5] OAuth token endpoint ($OAUTH_SPEC)"
st "$BASE" "$OAUTH_SPEC" -H "X-Pinecone-Api-Version: 2026-07" || status=1

# A project with one of everything, and a ProjectEditor key for it.
API_KEY="$(http POST "$BASE/_emulator/seed" \
  '{"name":"schemathesis-control","indexes":[{"name":"seeded-index"}],"collections":["seeded-collection"],"backups":["seeded-index"],"assistants":["seeded-assistant"],"api_keys":[{"name":"schemathesis","roles":["ProjectEditor"]}]}' |
  "$PY" -c 'import json,sys; print(json.load(sys.stdin)["api_keys"][0]["value"])')"

echo "==> [4/5] control plane ($DB_SPEC)"
db_ops=()
for op in list_indexes create_index describe_index configure_index delete_index \
  list_collections create_collection describe_collection delete_collection \
  list_project_backups list_index_backups create_backup describe_backup delete_backup; do
  db_ops+=(--include-operation-id "$op")
done
# No stateful phase here: the upstream file's links point at data-plane operations (upsert,
# query, ...) that it does not define, which Schemathesis reports as an invalid schema.
st "$BASE" "$DB_SPEC" -H "Api-Key: $API_KEY" -H "X-Pinecone-Api-Version: 2026-07" \
  --phases examples,coverage,fuzzing "${db_ops[@]}" || status=1

echo "==> [5/5] assistants ($ASSISTANT_SPEC)"
st "$BASE/assistant" "$ASSISTANT_SPEC" \
  -H "Api-Key: $API_KEY" -H "X-Pinecone-Api-Version: 2026-07" \
  --include-operation-id list_assistants --include-operation-id create_assistant \
  --include-operation-id get_assistant --include-operation-id update_assistant \
  --include-operation-id delete_assistant || status=1

if [[ $status -ne 0 ]]; then
  echo "schemathesis: FAILED" >&2
  tail -n 20 "$WORK/emulator.err" >&2 || true
else
  echo "schemathesis: all runs passed"
fi
exit $status
