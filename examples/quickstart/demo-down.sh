#!/usr/bin/env bash
# make demo-down: destroys what make demo applied and stops the local stack.
set -euo pipefail
source "$(dirname "$0")/demo-env.sh"

if stack_running; then
  load_env
  if [[ -f $demo/quickstart/terraform.tfstate ]]; then
    # Everything goes, the ingested data too: the quickstart keeps data on
    # destroy unless drop_data_on_destroy is set, and destroy acts on what
    # the state holds, so it is applied first.
    export TF_VAR_drop_data_on_destroy=true
    step "terraform apply with drop_data_on_destroy = true, then terraform destroy"
    tf apply -auto-approve -input=false -compact-warnings >/dev/null
    tf destroy -auto-approve -input=false -compact-warnings | grep -E 'Destroy complete|Destruction complete'
  fi
  step "Stopping the local stack"
  pid=$(cat "$demo/stack.pid")
  kill "$pid"
  for _ in $(seq 1 50); do stack_running || break; sleep 0.1; done
fi
rm -rf "$demo"
echo "The demo is down; .local/demo is removed."
