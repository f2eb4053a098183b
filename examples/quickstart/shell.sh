# Sets up this shell to run terraform by hand on the demo's copy of the
# quickstart, against the running local stack:
#
#   source examples/quickstart/shell.sh
#   terraform -chdir=.local/demo/quickstart plan
#
# It exports the provider's connection (SNOWFLAKE_*, GITHUB_*), the
# quickstart's variables (TF_VAR_*) and the CLI config that installs the
# locally built provider; `make demo` must have started the stack. With
# DEMO_AUTH=app set first, the connector variables are those of the stack's
# GitHub App, as for make demo-app.
# shellcheck shell=bash
# shellcheck disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/demo-env.sh"
if [[ ! -s $demo/env ]] || ! stack_running; then
  echo "shell.sh: the local stack is not running; run make demo first" >&2
  return 1 2>/dev/null || exit 1
fi
load_env
echo "Ready: terraform -chdir=$demo/quickstart plan (or cd $demo/quickstart)."
