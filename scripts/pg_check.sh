#!/usr/bin/env bash
# Try docs/ward-bundle.md's PostgreSQL schema against a real, throw-away server:
# make bundles with quay (demo shops with synthetic sales), load them with
# `quay ward load --postgres`, query the ward figures and compare them with
# `quay ward merge --json`. Needs PostgreSQL's server binaries
# (initdb, pg_ctl, postgres) and psql on the PATH. Usage: scripts/pg_check.sh [SHOPS]
set -euo pipefail
shops=${1:-20}
# the last month that has ended (a month still running exports only as provisional)
period=$(date -d "$(date +%Y-%m-15) -1 month" +%Y-%m)
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
stop() {
  if [ "$(id -u)" = 0 ]; then runuser -u quaypg -- pg_ctl -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  else pg_ctl -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap stop EXIT
[ -n "${KEEP:-}" ] && trap - EXIT
cargo build --release --quiet --manifest-path "$here/Cargo.toml" --example gen_sales --bin quay
quay="$here/target/release/quay"
mkdir -p "$work/bundles"
for i in $(seq 1 "$shops"); do
  db="$work/shop$i.quay"
  "$here/target/release/examples/gen_sales" $((200 + i * 37)) "$db" "$period-01" 28 >/dev/null 2>&1
  HOME="$work" "$quay" --db "$db" init --name "Cửa hàng số $i" >/dev/null
  HOME="$work" "$quay" --db "$db" ward export --period "$period" --out "$work/bundles/shop$i.json" >/dev/null
done
# one shop reports twice: a re-export is a newer revision (the newest wins)
HOME="$work" "$quay" --db "$work/shop1.quay" ward export --period "$period" --out "$work/bundles/shop1-again.json" >/dev/null
"$quay" ward merge "$work/bundles" --json "$work/ward.json" | tail -1
# PostgreSQL refuses to run as root: use an unprivileged account then.
as=()
if [ "$(id -u)" = 0 ]; then
  id quaypg >/dev/null 2>&1 || useradd --system --no-create-home quaypg
  chmod 755 "$work"
  mkdir -p "$work/pg" && chown quaypg "$work/pg"
  touch "$work/pg.log" && chown quaypg "$work/pg.log"
  mkdir -p "$work/sock" && chown quaypg "$work/sock"
  as=(runuser -u quaypg --)
fi
mkdir -p "$work/sock"
"${as[@]}" initdb -D "$work/pg" -U postgres --auth=trust >/dev/null
"${as[@]}" pg_ctl -D "$work/pg" -o "-k $work/sock -p 54329 -c listen_addresses=''" -l "$work/pg.log" -w start >/dev/null
psql="psql -h $work/sock -p 54329 -U postgres -v ON_ERROR_STOP=1 -q"
# quay creates the documented schema and loads what `ward merge` accepts
url="host=$work/sock port=54329 user=postgres dbname=postgres"
"$quay" ward load --postgres "$url" "$work/bundles"
# loading the same files again changes nothing
"$quay" ward load --postgres "$url" "$work/bundles"
sql=$($psql -A -t -F ' ' -c "SELECT count(*),
  round(sum(cashless_value)::numeric / nullif(sum(value), 0), 6),
  round(sum(invoiced_sales)::numeric / nullif(sum(sales), 0), 6),
  round(sum(with_vn_gtin)::numeric / nullif(sum(active_products), 0), 6)
  FROM ward_bundle_figures")
ours=$(python3 -c "import json;r=json.load(open('$work/ward.json'));t=r['total'];print(len(r['shops']), *('%.6f' % round(t[k], 6) for k in ('cashless_share_value','invoice_coverage_count','barcode_share_vn')))")
echo "PostgreSQL: $sql"
echo "quay:       $ours"
if [ "$sql" != "$ours" ]; then
  echo "DIFFERENT: the SQL figures do not match quay ward merge --json" >&2
  exit 1
fi
echo "same figures"
