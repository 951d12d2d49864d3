#!/usr/bin/env bash
# top1 / best-first of the dev and both held-out sets on each database named (default: seed,
# n1k and n10k, each a var/NAME.sqlite3 with its index in var/index-NAME; see var/env.sh).
#   bench/ranking_grid.sh [NAME...]
cd "$(dirname "$0")/.." || exit 1
names=("${@:-seed n1k n10k}")
for name in ${names[@]}; do
  (
    export KB_SEEDS_DIR=/work/shared/seeds DATABASE_URL="sqlite:///$PWD/var/$name.sqlite3"
    export KB_INDEX_DIR="$PWD/var/index-$name"
    line="$name"
    for f in "${KB_DEV_QUERIES:-tests/data/dev_queries.tsv}" tests/data/heldout_queries.tsv \
      tests/data/heldout2_queries.tsv; do
      out=$(.venv/bin/python manage.py kb_eval "$f" | tail -2)
      best=$(sed -n 1p <<<"$out" | awk '{print $NF}')
      top1=$(sed -n 2p <<<"$out" | sed 's/.*top1=\([0-9.]*\).*/\1/')
      line="$line  $(basename "$f" .tsv | sed 's/_queries//') $top1/$best"
    done
    echo "$line"
  ) &
done
wait
