#!/usr/bin/env bash
# The demo's day two, checked (CI runs it after make demo): a user's edits
# survive make demo (a changed schedule, a repository added by hand), the
# documented shell runs terraform by hand, and a plan after ingestion runs
# is empty (exit 0), so a drift check only reports drift.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1091
source "$here/shell.sh" >/dev/null
cd "$root"
fail() { echo "demo-check: $*" >&2; exit 1; }
sql() { "$demo/bin/localstack" sql --json "$SNOWFLAKE_DSN" "$1"; }
schedule_of() {
  sql "SELECT SCHEDULE FROM \"GITHUB_CONNECTOR\".\"PUBLIC\".\"INGESTION_STATUS\" WHERE RESOURCE_ID = '$1' AND ENABLED" |
    python3 -c 'import json,sys; rows = json.load(sys.stdin); print(rows[0]["SCHEDULE"] if rows else "")'
}

step "By hand, in the shell examples/quickstart/shell.sh sets up: plan after the runs exits 0"
terraform -chdir="$demo/quickstart" plan -detailed-exitcode -input=false >/dev/null || fail "plan after the runs is not empty"
echo "ok"

step "A day of edits in .local/demo/quickstart: a new schedule and a repository added by hand"
sed -i 's/default     = "30 MINUTES"/default     = "1 HOUR"/' "$demo/quickstart/main.tf"
grep -q '"1 HOUR"' "$demo/quickstart/main.tf" || fail "the schedule edit did not take"
cat >"$demo/quickstart/by_hand.tf" <<'TF'
resource "ghconnector_repository" "by_hand" {
  application = module.connector.application
  repository  = "octocat/old-archive"
  schedule    = "2 HOURS"
}
TF
# One repository of the fleet with settings of its own: paused, every 3 hours.
cat >"$demo/quickstart/edits.auto.tfvars" <<'TF'
repository_settings = {
  "octocat/linguist" = { paused = true, schedule = "3 HOURS" }
}
TF
make -s demo || fail "make demo on the edited copy failed"

step "make demo applied the edits and kept them"
grep -q '"1 HOUR"' "$demo/quickstart/main.tf" || fail "make demo put the schedule back"
[[ -f $demo/quickstart/by_hand.tf ]] || fail "make demo removed the repository added by hand"
[[ $(schedule_of octocat/hello-world) == "1 HOUR" ]] || fail "octocat/hello-world runs every '$(schedule_of octocat/hello-world)', not the edited 1 HOUR"
[[ $(schedule_of octocat/old-archive) == "2 HOURS" ]] || fail "the repository added by hand is not enabled"
[[ $(schedule_of octocat/linguist) == "3 HOURS" ]] || fail "octocat/linguist's own schedule was not applied"
state=$(sql "SHOW TASKS LIKE 'INGEST__OCTOCAT__LINGUIST' IN SCHEMA \"GITHUB_CONNECTOR\".\"TASKS\"" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["state"])')
[[ $state == suspended ]] || fail "octocat/linguist is $state, not paused"
echo "ok"

step "make demo-reset puts the shipped files back, keeping the edited ones in a backup"
make -s demo-reset >/dev/null
grep -q '"30 MINUTES"' "$demo/quickstart/main.tf" || fail "demo-reset did not restore the schedule"
[[ ! -f $demo/quickstart/by_hand.tf && ! -f $demo/quickstart/edits.auto.tfvars ]] || fail "demo-reset kept the user's files in the copy"
ls "$demo"/backup-*/quickstart/by_hand.tf >/dev/null || fail "demo-reset lost the user's files"
make -s demo || fail "make demo after demo-reset failed"
[[ $(schedule_of octocat/hello-world) == "30 MINUTES" ]] || fail "after demo-reset and make demo the schedule is not the shipped one"
rows=$(sql "SELECT COUNT(*) AS N FROM \"GITHUB_DATA\".\"GITHUB\".\"OCTOCAT__OLD_ARCHIVE_ISSUES\"" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["N"])')
[[ $rows -gt 0 ]] || fail "the repository removed by the reset lost its data (the quickstart keeps data on destroy)"
echo "ok: the hand-added repository was disabled and its $rows issues kept"
