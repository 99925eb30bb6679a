#!/usr/bin/env bash
# Try docs/ward-bundle.md's PostgreSQL DDL against a real, throw-away server:
# make bundles with quay (demo shops with synthetic sales), load them as
# jsonb, query the ward figures. Needs PostgreSQL's server binaries
# (initdb, pg_ctl, postgres) and psql on the PATH. Usage: scripts/pg_check.sh [SHOPS]
set -euo pipefail
shops=${1:-20}
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
  "$here/target/release/examples/gen_sales" $((200 + i * 37)) "$db" 2026-11-01 30 >/dev/null 2>&1
  HOME="$work" "$quay" --db "$db" init --name "Cửa hàng số $i" >/dev/null
  HOME="$work" "$quay" --db "$db" ward export --period 2026-11 --out "$work/bundles/shop$i.json" >/dev/null
done
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
"${as[@]}" pg_ctl -D "$work/pg" -o "-k $work/sock -p 54329 -c listen_addresses=''" -l "$work/pg.log" start >/dev/null
sleep 2
psql="psql -h $work/sock -p 54329 -U postgres -v ON_ERROR_STOP=1 -q"
sed -n '/^```sql/,/^```/p' "$here/docs/ward-bundle.md" | sed '1d;$d' | sed '/^-- the ward/,$d' > "$work/ddl.sql"
$psql -f "$work/ddl.sql"
for f in "$work"/bundles/*.json; do
  $psql -c "INSERT INTO ward_bundle SELECT d->'shop'->>'shop_id', d->'period'->>'label', (d->'period'->>'from')::date, (d->'period'->>'to')::date, (d->>'generated_at')::timestamptz, d->>'checksum', d FROM (SELECT \$\$$(cat "$f")\$\$::jsonb d) x"
done
$psql -A -F ' | ' -c "SELECT period_label, count(*) AS shops,
  round(sum(cashless_value)::numeric / nullif(sum(value), 0), 4) AS cashless_share_value,
  round(sum(invoiced_sales)::numeric / nullif(sum(sales), 0), 4) AS invoice_coverage,
  round(sum(with_gtin)::numeric / nullif(sum(active_products), 0), 4) AS barcode_share
  FROM ward_bundle_figures GROUP BY period_label"
echo "quay's own total: $(python3 -c "import json;r=json.load(open('$work/ward.json'))['total'];print(round(r['cashless_share_value'],4), round(r['invoice_coverage_count'],4), round(r['barcode_share'],4))")"
