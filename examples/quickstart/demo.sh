#!/usr/bin/env bash
# make demo: builds the provider and the local stack, starts the Snowflake
# and GitHub emulators in the background (state under .local/demo), applies
# examples/quickstart with real terraform, follows the first ingestion runs,
# prints the issues per repository and shows an incremental run. The stack
# keeps running for you to explore; `make demo-down` destroys and stops it.
# Running it again re-applies (no changes) and shows another incremental run.
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
# The configuration is copied so its state stays out of the source tree.
cp examples/quickstart/*.tf "$demo/quickstart/"
rm -rf "$demo/modules" && cp -r examples/modules "$demo/modules"

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

step "terraform init and apply (the provider comes from the mirror in $demo/terraformrc)"
# A rebuilt provider has a new checksum: the demo's lock file is not kept.
rm -f "$demo/quickstart/.terraform.lock.hcl"
tf init -input=false -upgrade >/dev/null
tf apply -auto-approve -input=false -compact-warnings | grep -E '^(Plan:|Apply complete|No changes)|complete after|Creating\.\.\.'

# follow PREVIOUS_CURSORS_JSON: refreshes until every repository's last run
# succeeded with a cursor other than the previous one, printing progress.
follow() {
  local previous=$1
  for _ in $(seq 1 120); do
    tf apply -refresh-only -auto-approve -input=false >/dev/null
    if tf output -json ingestion | python3 -c '
import json, sys
previous = json.loads(sys.argv[1])
runs = json.load(sys.stdin)
done = True
for repo, r in sorted(runs.items()):
    finished = r["state"] == "SUCCEEDED" and r["cursor"] != previous.get(repo)
    print("  %-28s %-10s pages=%-3s requests=%-3s rows=%-4s %s" % (repo, r["state"] or "running", r["pages"], r["requests"], r["rows"], r["error"]))
    if r["state"] == "FAILED":
        sys.exit(2)
    # The same run reads the other streams after the issues.
    for name, s in sorted(r["streams"].items()):
        if name == "issues":
            continue
        finished = finished and s["state"] in ("SUCCEEDED", "NOT_MODIFIED") and (s["started"] or "") >= (r["started"] or "")
        print("  %-28s %-10s requests=%-3s rows=%-4s %s" % ("  + " + name, s["state"] or "running", s["requests"], s["rows"], s["error"]))
        if s["state"] == "FAILED":
            sys.exit(2)
    done = done and finished
print()
sys.exit(0 if done else 1)' "$previous"; then
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
cursors() { tf output -json ingestion | python3 -c 'import json,sys; print(json.dumps({k: v["cursor"] for k, v in json.load(sys.stdin).items()}))'; }

step "Following the ingestion runs (apply starts the first run of each task)"
follow '{}'

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

step "An incremental run: open an issue, close issue #1 and comment on it on GitHub, then run the task"
"$demo/bin/localstack" github "$GITHUB_API_URL" POST repos/octocat/hello-world/issues '{"title":"Opened by make demo"}'
"$demo/bin/localstack" github "$GITHUB_API_URL" PATCH repos/octocat/hello-world/issues/1 '{"state":"closed","state_reason":"completed"}'
"$demo/bin/localstack" github "$GITHUB_API_URL" POST repos/octocat/hello-world/issues/1/comments '{"body":"Closed by make demo"}'
before=$(cursors)
sql 'EXECUTE TASK "GITHUB_CONNECTOR"."TASKS"."INGEST__OCTOCAT__HELLO_WORLD"' >/dev/null
follow "$(python3 -c 'import json,sys; c=json.loads(sys.argv[1]); print(json.dumps({"octocat/hello-world": c["octocat/hello-world"]}))' "$before")"
sql 'SELECT NUMBER, STATE, STATE_REASON, TITLE FROM "GITHUB_DATA"."GITHUB"."OCTOCAT__HELLO_WORLD_ISSUES" WHERE NUMBER = 1 OR TITLE = '"'Opened by make demo'"' ORDER BY NUMBER'
sql 'SELECT ISSUE_NUMBER, AUTHOR, BODY FROM "GITHUB_DATA"."GITHUB"."OCTOCAT__HELLO_WORLD_COMMENTS" WHERE BODY = '"'Closed by make demo'"''

step "terraform plan shows no changes"
if ! tf plan -detailed-exitcode -input=false >/dev/null; then
  echo "demo: terraform plan after apply is not empty" >&2
  exit 1
fi
echo "No changes."

cat <<TXT

The stack keeps running. Next:
  query:   .local/demo/bin/localstack sql '$SNOWFLAKE_DSN' 'SELECT NUMBER, TITLE FROM "GITHUB_DATA"."GITHUB"."OCTOCAT__SPOON_KNIFE_ISSUES" LIMIT 10'
  change:  edit examples/quickstart/main.tf or set TF_VAR_schedule='1 HOUR', then make demo again
  state:   terraform -chdir=.local/demo/quickstart output ingestion   (with TF_CLI_CONFIG_FILE=$TF_CLI_CONFIG_FILE)
  stop:    make demo-down   (terraform destroy, then stops the stack)
Against a real account: README.md, "Against a real account".
TXT
