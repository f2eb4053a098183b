#!/usr/bin/env bash
# make demo: builds the provider and the local stack, starts the Snowflake
# and GitHub emulators in the background (state under .local/demo), applies
# examples/quickstart with real terraform, follows the first ingestion runs,
# prints the issues per repository and shows an incremental run. The stack
# keeps running for you to explore; `make demo-down` destroys and stops it.
# Running it again applies your copy in .local/demo/quickstart, edits
# included, and shows another incremental run; `make demo-reset` is the one
# command that puts the shipped files back (yours are kept in a backup).
set -euo pipefail
source "$(dirname "$0")/demo-env.sh"
cd "$root"

command -v terraform >/dev/null || { echo "demo: terraform is not on PATH (1.11 or later is needed)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "demo: python3 is not on PATH (the emulator runs the connector's Python with it)" >&2; exit 1; }

step "Building the provider and the local stack"
# The provider is installed from a filesystem mirror, so terraform init
# works offline and the quickstart runs exactly as it would from a registry.
provider_dir=$demo/mirror/registry.terraform.io/ghconnector/ghconnector/0.0.1/$(go env GOOS)_$(go env GOARCH)
mkdir -p "$demo/bin" "$demo/quickstart" "$provider_dir"
go build -o "$provider_dir/terraform-provider-ghconnector_v0.0.1" .
go build -o "$demo/bin/localstack" ./internal/emulator/localstack
cat >"$demo/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$demo/mirror"
    include = ["registry.terraform.io/ghconnector/ghconnector"]
  }
  direct {
    exclude = ["registry.terraform.io/ghconnector/ghconnector"]
  }
}
RC
# The configuration is copied once, so its state stays out of the source
# tree; from then on the copy is yours: a re-run applies it as you left it.
if [[ ! -f $demo/quickstart/main.tf ]]; then
  cp examples/quickstart/*.tf "$demo/quickstart/"
  cp -r examples/modules "$demo/modules"
elif ! demo_copy_is_shipped; then
  echo "Applying your copy in .local/demo/quickstart (it differs from examples/quickstart or examples/modules);"
  echo "make demo-reset puts the shipped files back and keeps yours in a backup."
fi

if stack_running; then
  step "The local stack is already running (pid $(cat "$demo/stack.pid"))"
else
  step "Starting the local stack: Snowflake emulator on $sf_listen, GitHub emulator on $gh_listen"
  rm -f "$demo/env"
  nohup "$demo/bin/localstack" --listen "$sf_listen" --github-listen "$gh_listen" --data-dir "$demo/snowflake" --seed \
    --env-file "$demo/env" >"$demo/stack.log" 2>&1 &
  echo $! >"$demo/stack.pid"
  for _ in $(seq 1 100); do
    [[ -s $demo/env ]] && break
    stack_running || { cat "$demo/stack.log" >&2; exit 1; }
    sleep 0.1
  done
  [[ -s $demo/env ]] || { echo "demo: the stack did not start; see $demo/stack.log" >&2; exit 1; }
  echo "log: $demo/stack.log"
fi
load_env
sql() { "$demo/bin/localstack" sql "$SNOWFLAKE_DSN" "$1"; }

# status prints every enabled stream's last run, from the application's
# STREAM_STATUS view: what a person (or a pipeline) reads to follow runs,
# without putting volatile run state into terraform's plans.
status() {
  "$demo/bin/localstack" sql --json "$SNOWFLAKE_DSN" 'SELECT RESOURCE_ID, STREAM, LAST_STATE, LAST_STARTED_AT, LAST_PAGES, LAST_REQUESTS, LAST_ROWS_MERGED, CURSOR_UPDATED_AT, LAST_ERROR FROM "GITHUB_CONNECTOR"."PUBLIC"."STREAM_STATUS" WHERE ENABLED ORDER BY RESOURCE_ID, STREAM DESC'
}

# follow PREVIOUS_CURSORS_JSON [REPOSITORIES]: waits until every repository's
# (or those of the comma-separated REPOSITORIES) issues run succeeded with a
# cursor other than the previous one and its other streams ran after it,
# then prints those runs.
follow() {
  local previous=$1 only=${2:-}
  for _ in $(seq 1 120); do
    if status | python3 -c '
import json, sys
from datetime import datetime, timezone
previous, only = json.loads(sys.argv[1]), sys.argv[2]
rows = [r for r in json.load(sys.stdin) if not only or r["RESOURCE_ID"] in only.split(",")]
issues = {r["RESOURCE_ID"]: r for r in rows if r["STREAM"] == "issues"}
done = bool(issues)
for r in rows:
    if r["LAST_STATE"] == "FAILED":
        print("  %s %s: %s" % (r["RESOURCE_ID"], r["STREAM"], r["LAST_ERROR"]))
        sys.exit(2)
    first = issues[r["RESOURCE_ID"]]
    if r["STREAM"] == "issues":
        done = done and r["LAST_STATE"] == "SUCCEEDED" and r["CURSOR_UPDATED_AT"] != previous.get(r["RESOURCE_ID"])
    else:
        at = lambda row: datetime.fromisoformat(row["LAST_STARTED_AT"]) if row["LAST_STARTED_AT"] else datetime.min.replace(tzinfo=timezone.utc)
        done = done and r["LAST_STATE"] in ("SUCCEEDED", "NOT_MODIFIED") and at(r) >= at(first)
if done:
    for r in sorted(rows, key=lambda r: (r["RESOURCE_ID"], r["STREAM"] != "issues", r["STREAM"])):
        name = r["RESOURCE_ID"] if r["STREAM"] == "issues" else "  + " + r["STREAM"]
        print("  %-28s %-12s pages=%-3s requests=%-3s rows=%-4s" % (name, r["LAST_STATE"], r["LAST_PAGES"], r["LAST_REQUESTS"], r["LAST_ROWS_MERGED"]))
    print()
sys.exit(0 if done else 1)' "$previous" "$only"; then
      return 0
    elif [[ $? == 2 ]]; then
      echo "demo: an ingestion run failed" >&2
      return 1
    fi
    sleep 1
  done
  echo "demo: the ingestion runs did not finish" >&2
  return 1
}
cursors() { status | python3 -c 'import json,sys; print(json.dumps({r["RESOURCE_ID"]: r["CURSOR_UPDATED_AT"] for r in json.load(sys.stdin) if r["STREAM"] == "issues"}))'; }


# Cursors before the apply: a repository without one is new, and the apply
# starts its first run.
before_apply='{}'
if [[ -f $demo/quickstart/terraform.tfstate ]]; then
  before_apply=$(cursors 2>/dev/null || echo '{}')
fi

step "terraform init and apply (the provider comes from the mirror in $demo/terraformrc)"
# A rebuilt provider has a new checksum: the demo's lock file is not kept.
rm -f "$demo/quickstart/.terraform.lock.hcl"
tf init -input=false -upgrade >/dev/null
tf apply -auto-approve -input=false -compact-warnings | grep -E '^(Plan:|Apply complete|No changes)|complete after|Creating\.\.\.'

# The repositories the apply enabled: their first run has just started.
started=$(status | python3 -c '
import json, sys
before = json.loads(sys.argv[1])
print(",".join(sorted({r["RESOURCE_ID"] for r in json.load(sys.stdin) if r["STREAM"] == "issues" and not before.get(r["RESOURCE_ID"])})))' "$before_apply")
if [[ -n $started ]]; then
  step "Following the first ingestion runs (apply starts the first run of each new repository)"
  follow "$before_apply" "$started"
else
  step "This apply started no run (nothing new to enable); the last runs were:"
  status | python3 -c '
import json, sys
for r in sorted(json.load(sys.stdin), key=lambda r: (r["RESOURCE_ID"], r["STREAM"] != "issues", r["STREAM"])):
    name = r["RESOURCE_ID"] if r["STREAM"] == "issues" else "  + " + r["STREAM"]
    print("  %-28s %-12s started=%s rows=%s" % (name, r["LAST_STATE"], r["LAST_STARTED_AT"], r["LAST_ROWS_MERGED"]))'
fi

step "Issues per repository, from the flattened views"
for view in $(tf output -json views | python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin).values()))'); do
  echo "$view"
  sql "SELECT STATE, IS_PULL_REQUEST, COUNT(*) AS ROWS_IN_VIEW FROM $view GROUP BY STATE, IS_PULL_REQUEST ORDER BY STATE, IS_PULL_REQUEST" | sed 's/^/  /'
done

step "Comments per repository, joined to the issues (the comments stream)"
tf output -json comments_views | python3 -c 'import json,sys; [print(k, v) for k, v in sorted(json.load(sys.stdin).items())]' |
  while read -r repo view; do
    issues_view=${view%_COMMENTS\"}_ISSUES\"
    echo "$repo"
    sql "SELECT i.NUMBER, i.TITLE, COUNT(c.COMMENT_ID) AS COMMENTS_IN_VIEW FROM $issues_view i JOIN $view c ON c.ISSUE_NUMBER = i.NUMBER GROUP BY i.NUMBER, i.TITLE ORDER BY COMMENTS_IN_VIEW DESC, i.NUMBER LIMIT 3" | sed 's/^/  /'
  done

step "Pull requests per repository: median hours to the first review and to the merge, from the views"
tf output -json stream_views | python3 -c '
import json, sys
for repo, views in sorted(json.load(sys.stdin).items()):
    if "pull_requests" in views and "reviews" in views:
        print(repo, views["pull_requests"], views["reviews"])' |
  while read -r repo pulls reviews; do
    echo "$repo"
    sql "SELECT COUNT(*) AS PULL_REQUESTS, COUNT(r.FIRST_REVIEW) AS REVIEWED, SUM(IFF(p.MERGED, 1, 0)) AS MERGED,
           ROUND(MEDIAN(DATEDIFF('minute', p.CREATED_AT, r.FIRST_REVIEW) / 60), 1) AS MEDIAN_HOURS_TO_FIRST_REVIEW,
           ROUND(MEDIAN(IFF(p.MERGED, DATEDIFF('minute', p.CREATED_AT, p.MERGED_AT) / 60, NULL)), 1) AS MEDIAN_HOURS_TO_MERGE
         FROM $pulls p
         LEFT JOIN (SELECT PULL_REQUEST_NUMBER, MIN(SUBMITTED_AT) AS FIRST_REVIEW FROM $reviews GROUP BY PULL_REQUEST_NUMBER) r
           ON r.PULL_REQUEST_NUMBER = p.NUMBER" | sed 's/^/  /'
  done

step "An incremental run: open an issue, close issue #1 and comment on it on GitHub, then run the task"
"$demo/bin/localstack" github "$GITHUB_API_URL" POST repos/octocat/hello-world/issues '{"title":"Opened by make demo"}'
"$demo/bin/localstack" github "$GITHUB_API_URL" PATCH repos/octocat/hello-world/issues/1 '{"state":"closed","state_reason":"completed"}'
"$demo/bin/localstack" github "$GITHUB_API_URL" POST repos/octocat/hello-world/issues/1/comments '{"body":"Closed by make demo"}'
before=$(cursors)
sql 'EXECUTE TASK "GITHUB_CONNECTOR"."TASKS"."INGEST__OCTOCAT__HELLO_WORLD"' >/dev/null
follow "$before" octocat/hello-world
sql 'SELECT NUMBER, STATE, STATE_REASON, TITLE FROM "GITHUB_DATA"."GITHUB"."OCTOCAT__HELLO_WORLD_ISSUES" WHERE NUMBER = 1 OR TITLE = '"'Opened by make demo'"' ORDER BY NUMBER'
sql 'SELECT ISSUE_NUMBER, AUTHOR, BODY FROM "GITHUB_DATA"."GITHUB"."OCTOCAT__HELLO_WORLD_COMMENTS" WHERE BODY = '"'Closed by make demo'"''

step "terraform plan -detailed-exitcode after the runs: no changes (exit 0), so drift checks only see drift"
if ! tf plan -detailed-exitcode -input=false >/dev/null; then
  echo "demo: terraform plan after the ingestion runs is not empty (a drift check would report drift)" >&2
  tf plan -input=false -no-color | tail -40 >&2
  exit 1
fi
echo "No changes."

cat <<TXT

The stack keeps running. Next:
  shell:   source examples/quickstart/shell.sh   (then terraform plan, apply, output … work by hand in .local/demo/quickstart)
  query:   .local/demo/bin/localstack sql '$SNOWFLAKE_DSN' 'SELECT NUMBER, TITLE FROM "GITHUB_DATA"."GITHUB"."OCTOCAT__SPOON_KNIFE_ISSUES" LIMIT 10'
  runs:    .local/demo/bin/localstack sql '$SNOWFLAKE_DSN' 'SELECT * FROM "GITHUB_CONNECTOR"."PUBLIC"."STREAM_STATUS"'
  change:  edit .local/demo/quickstart/main.tf (it is your copy; e.g. the schedule, or repository_settings to pause one
           repository), then make demo again: it applies your copy as it is
  reset:   make demo-reset   (puts examples/quickstart back, keeps your files in a backup)
  stop:    make demo-down   (terraform destroy, data included, then stops the stack)
Against a real account: README.md, "Against a real account".
TXT
