#!/usr/bin/env bash
# make demo: builds the provider, starts the local Snowflake and GitHub
# emulators, applies examples/quickstart with real terraform, shows the
# ingested issues, closes one on GitHub and shows the next (incremental) run
# keeps it, then destroys everything and stops the emulators.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/.local/demo
sf_listen=${DEMO_SNOWFLAKE_LISTEN:-127.0.0.1:8090}
gh_listen=${DEMO_GITHUB_LISTEN:-127.0.0.1:8091}

command -v terraform >/dev/null || { echo "demo: terraform is not on PATH (1.11 or later is needed)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "demo: python3 is not on PATH (the emulator runs the connector's Python with it)" >&2; exit 1; }

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Building the provider and the local stack"
rm -rf "$work" && mkdir -p "$work/bin" "$work/tf"
go build -o "$work/bin/terraform-provider-ghconnector" .
go build -o "$work/bin/localstack" ./internal/emulator/localstack
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/ghconnector/ghconnector" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE=$work/terraformrc TF_IN_AUTOMATION=1
cp examples/quickstart/*.tf "$work/tf/"

step "Starting the emulators (Snowflake on $sf_listen, GitHub on $gh_listen)"
"$work/bin/localstack" --listen "$sf_listen" --github-listen "$gh_listen" --data-dir "" --seed \
  --env-file "$work/env" >"$work/localstack.log" 2>&1 &
stack=$!
cleanup() { kill "$stack" 2>/dev/null || true; wait "$stack" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 100); do
  [[ -s $work/env ]] && break
  kill -0 "$stack" 2>/dev/null || { cat "$work/localstack.log" >&2; exit 1; }
  sleep 0.1
done
[[ -s $work/env ]] || { echo "demo: the emulators did not start; see $work/localstack.log" >&2; exit 1; }
# shellcheck disable=SC1091
source "$work/env"
export TF_VAR_github_token=$GITHUB_TOKEN TF_VAR_github_host_port=$GITHUB_HOST_PORT TF_VAR_github_api_url=$GITHUB_API_URL
sql() { "$work/bin/localstack" sql "$SNOWFLAKE_DSN" "$1"; }
tf() { terraform -chdir="$work/tf" "$@" 2> >(grep -v 'Provider development overrides\|dev_overrides\|^ *- ghconnector\|^ *$\|The behavior may therefore\|of Terraform\|versions may\|^[╷│╵]' >&2); }

step "terraform apply"
tf apply -auto-approve -input=false -compact-warnings

# wait_for_run CURSOR: refreshes until the last run succeeded with a cursor
# other than CURSOR (runs are asynchronous: a task, as on Snowflake).
wait_for_run() {
  for _ in $(seq 1 60); do
    tf apply -refresh-only -auto-approve -input=false >/dev/null
    read -r state cursor < <(tf output -json ingestion |
      python3 -c 'import json,sys; r=json.load(sys.stdin)["octocat/hello-world"]; print(r["state"] or "-", r["cursor"] or "-")')
    [[ $state == SUCCEEDED && $cursor != "$1" ]] && return 0
    [[ $state == FAILED ]] && break
    sleep 0.5
  done
  echo "demo: no successful ingestion run (last state: $state)" >&2
  tf output ingestion >&2
  return 1
}
step "Waiting for the first ingestion run"
wait_for_run -
tf output ingestion

step "The flattened view (first 5 rows)"
sql 'SELECT NUMBER, STATE, IS_PULL_REQUEST, TITLE FROM "GITHUB_DATA"."GITHUB"."OCTOCAT__HELLO_WORLD_ISSUES" ORDER BY NUMBER LIMIT 5'
sql 'SELECT IS_PULL_REQUEST, COUNT(*) AS ROWS_IN_VIEW FROM "GITHUB_DATA"."GITHUB"."OCTOCAT__HELLO_WORLD_ISSUES" GROUP BY IS_PULL_REQUEST ORDER BY IS_PULL_REQUEST'

step "Closing issue #1 on GitHub and running the task again: one page is read, the issue is kept as closed"
"$work/bin/localstack" close-issue "$GITHUB_API_URL" octocat/hello-world 1
sql 'EXECUTE TASK "GITHUB_CONNECTOR"."TASKS"."INGEST__OCTOCAT__HELLO_WORLD"' >/dev/null
wait_for_run "$cursor"
tf output ingestion
sql 'SELECT NUMBER, STATE, CLOSED_AT FROM "GITHUB_DATA"."GITHUB"."OCTOCAT__HELLO_WORLD_ISSUES" WHERE NUMBER = 1'

step "terraform plan shows no changes"
if ! tf plan -detailed-exitcode -input=false >/dev/null; then
  echo "demo: terraform plan after apply is not empty" >&2
  exit 1
fi
echo "No changes."

step "terraform destroy"
tf destroy -auto-approve -input=false -compact-warnings | grep -E 'Destroy complete|Destruction complete'
echo
echo "Demo complete. The configuration is examples/quickstart/main.tf; 'make local' runs the emulators on their own."
