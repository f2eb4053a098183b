#!/usr/bin/env bash
# make demo-down: destroys what make demo applied and stops the local stack.
set -euo pipefail
source "$(dirname "$0")/demo-env.sh"

if stack_running; then
  load_env
  if [[ -f $demo/quickstart/terraform.tfstate ]]; then
    step "terraform destroy"
    tf destroy -auto-approve -input=false -compact-warnings | grep -E 'Destroy complete|Destruction complete'
  fi
  step "Stopping the local stack"
  pid=$(cat "$demo/stack.pid")
  kill "$pid"
  for _ in $(seq 1 50); do stack_running || break; sleep 0.1; done
fi
rm -rf "$demo"
echo "The demo is down; .local/demo is removed."
