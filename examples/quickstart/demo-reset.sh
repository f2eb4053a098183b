#!/usr/bin/env bash
# make demo-reset: puts the shipped quickstart and modules back into the
# demo's copy, keeping the user's files in a backup. The state is kept: the
# next make demo applies the shipped configuration to it.
set -euo pipefail
source "$(dirname "$0")/demo-env.sh"

if [[ ! -d $demo/quickstart ]]; then
  echo "demo-reset: there is no demo copy yet; make demo creates it."
  exit 0
fi
if demo_copy_is_shipped; then
  echo "demo-reset: the demo's copy is already the shipped one."
  exit 0
fi
backup=$demo/backup-$(date +%Y%m%d-%H%M%S)
mkdir -p "$backup/quickstart"
shopt -s nullglob
for f in "$demo"/quickstart/*.tf "$demo"/quickstart/*.tfvars "$demo"/quickstart/*.tfvars.json; do
  mv "$f" "$backup/quickstart/"
done
mv "$demo/modules" "$backup/modules"
cp "$root"/examples/quickstart/*.tf "$demo/quickstart/"
cp -r "$root/examples/modules" "$demo/modules"
echo "The shipped quickstart is back in $demo/quickstart; your files are in $backup."
echo "make demo applies it (repositories you added by hand are destroyed then, their data kept unless drop_data_on_destroy)."
