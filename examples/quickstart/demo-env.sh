# Shared by demo.sh and demo-down.sh: paths, the CLI config with the locally
# built provider, and helpers. Sourced, not run.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
demo=$root/.local/demo
sf_listen=${DEMO_SNOWFLAKE_LISTEN:-127.0.0.1:8090}
gh_listen=${DEMO_GITHUB_LISTEN:-127.0.0.1:8091}
# Our own CLI config: the user's ~/.terraformrc is never read or changed.
export TF_CLI_CONFIG_FILE=$demo/terraformrc TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
# A stopped stack can linger as a zombie where nothing reaps orphans, and
# kill -0 succeeds on zombies: check the process state too.
stack_running() {
  [[ -f $demo/stack.pid ]] || return 1
  local pid state
  pid=$(cat "$demo/stack.pid")
  kill -0 "$pid" 2>/dev/null || return 1
  state=$(ps -o stat= -p "$pid" 2>/dev/null || true)
  [[ -n $state && $state != Z* ]]
}
tf() { terraform -chdir="$demo/quickstart" "$@"; }
# demo_copy_is_shipped: whether the demo's copy of the quickstart and the
# modules is still exactly what examples/ ships.
demo_copy_is_shipped() {
  local f
  for f in "$root"/examples/quickstart/*.tf; do
    cmp -s "$f" "$demo/quickstart/$(basename "$f")" || return 1
  done
  for f in "$demo"/quickstart/*.tf "$demo"/quickstart/*.tfvars "$demo"/quickstart/*.tfvars.json; do
    [[ -e $f ]] || continue
    [[ -f $root/examples/quickstart/$(basename "$f") ]] || return 1
  done
  diff -rq "$root/examples/modules" "$demo/modules" >/dev/null 2>&1
}
load_env() {
  # shellcheck disable=SC1091
  source "$demo/env"
  export TF_VAR_github_token=$GITHUB_TOKEN TF_VAR_github_host_port=$GITHUB_HOST_PORT TF_VAR_github_api_url=$GITHUB_API_URL
  # DEMO_AUTH=app (make demo-app): the connector authenticates as the
  # stack's GitHub App, installed on octocat, instead of with the token.
  if [[ ${DEMO_AUTH:-token} == app ]]; then
    export TF_VAR_github_app="{ client_id = \"$LOCAL_GITHUB_APP_CLIENT_ID\", installation_id = $LOCAL_GITHUB_APP_INSTALLATION_ID }"
    TF_VAR_github_app_private_key=$(cat "$LOCAL_GITHUB_APP_PEM_PATH")
    export TF_VAR_github_app_private_key
  else
    unset TF_VAR_github_app TF_VAR_github_app_private_key
  fi
}
