//! Merging many shops' bundles into the ward's report: validation (schema,
//! checksum, one period, one bundle per shop), totals computed from summed
//! counts and values (never averages of shop shares), the median shop and
//! the distribution, against the programme's targets; HTML (inline SVG,
//! sortable, A4), CSV and JSON.

use std::path::{Path, PathBuf};

use super::bundle::{self, Bundle};
use crate::i18n::{Lang, Msg};
use crate::msg;

/// The programme's targets for a year.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Targets {
    pub cashless: f64,
    pub einvoice: f64,
    pub barcode: f64,
}

/// Cashless share above 80 %, every purchase with an e-invoice, barcoded
/// products at least 35 % in 2026 rising to 70 % by 2030 (straight line in
/// between, an assumption of ours).
pub fn targets(year: i32) -> Targets {
    let barcode = match year {
        ..=2026 => 0.35,
        2030.. => 0.70,
        y => 0.35 + (0.70 - 0.35) * f64::from(y - 2026) / 4.0,
    };
    Targets {
        cashless: 0.80,
        einvoice: 1.0,
        barcode,
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ShopRow {
    pub file: String,
    pub shop_id: String,
    pub name: String,
    pub ward: String,
    pub sales: i64,
    pub value: i64,
    pub cashless_sales: i64,
    pub cashless_value: i64,
    pub cashless_share_count: f64,
    pub cashless_share_value: f64,
    pub invoiced_sales: i64,
    pub invoiced_value: i64,
    pub invoice_coverage_count: f64,
    pub invoice_coverage_value: f64,
    pub active_products: i64,
    pub with_gtin: i64,
    pub barcode_share: f64,
    pub maturity_level: Option<i64>,
    /// Below a target (cashless by value, e-invoices by count, barcodes).
    pub below: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WardReport {
    pub period: String,
    pub from: String,
    pub to: String,
    pub shops: Vec<ShopRow>,
    pub total: ShopRow,
    pub median_cashless_share_value: f64,
    pub median_invoice_coverage_count: f64,
    /// Shops per tenth of cashless share by value: [0–10 %), …, [90–100 %].
    pub cashless_distribution: [usize; 10],
    /// Shops per maturity level 0–5, and without an assessment.
    pub maturity_levels: [usize; 6],
    pub no_assessment: usize,
    pub targets: Targets,
}

/// Every `*.json` in a folder, or the files given.
pub fn collect(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Msg> {
    let mut files = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let d = p.display();
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| msg!("không đọc được thư mục {d}: {e}", "cannot read folder {d}: {e}"))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "json"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    if files.is_empty() {
        return Err(msg!(
            "không có gói báo cáo nào (*.json) để gộp",
            "no bundles (*.json) to merge"
        ));
    }
    Ok(files)
}

/// Read, check and merge bundles. `latest` keeps the newer of two bundles
/// of one shop instead of refusing. `progress(done, total)` after each file.
pub fn merge(files: &[PathBuf], latest: bool, mut progress: impl FnMut(usize, usize)) -> Result<WardReport, Vec<Msg>> {
    let mut errors: Vec<Msg> = Vec::new();
    let mut loaded: Vec<(String, Bundle)> = Vec::with_capacity(files.len());
    for (i, f) in files.iter().enumerate() {
        let name = f.display().to_string();
        match std::fs::read_to_string(f) {
            Err(e) => errors.push(bundle::BundleError::Unreadable(e.to_string()).msg(&name)),
            Ok(text) => match bundle::parse(&text) {
                Ok(b) => loaded.push((name, b)),
                Err(e) => errors.push(e.msg(&name)),
            },
        }
        progress(i + 1, files.len());
    }
    // one period
    if let Some((first_file, first)) = loaded.first() {
        for (f, b) in &loaded[1..] {
            if b.period.label != first.period.label
                || b.period.from != first.period.from
                || b.period.to != first.period.to
            {
                let (p1, p2) = (&first.period.label, &b.period.label);
                errors.push(msg!(
                    "{f} là kỳ {p2} nhưng {first_file} là kỳ {p1}: chỉ gộp các gói cùng một kỳ",
                    "{f} is for {p2} but {first_file} is for {p1}: merge bundles of one period only"
                ));
            }
        }
    }
    // one bundle per shop
    let mut keep: Vec<(String, Bundle)> = Vec::with_capacity(loaded.len());
    for (f, b) in loaded {
        match keep.iter().position(|(_, k)| k.shop.shop_id == b.shop.shop_id) {
            None => keep.push((f, b)),
            Some(i) if latest => {
                if b.generated_at > keep[i].1.generated_at {
                    keep[i] = (f, b);
                }
            }
            Some(i) => {
                let other = &keep[i].0;
                let shop = &b.shop.name;
                errors.push(msg!(
                    "cửa hàng «{shop}» có hai gói cho cùng kỳ: {other} và {f} (dùng --latest để lấy gói mới hơn)",
                    "shop «{shop}» has two bundles for the same period: {other} and {f} (use --latest to keep the newer)"
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if keep.is_empty() {
        return Err(vec![msg!("không có gói hợp lệ nào", "no valid bundle")]);
    }
    let period = keep[0].1.period.clone();
    let year: i32 = period.from.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026);
    let t = targets(year);
    let mut shops: Vec<ShopRow> = keep.into_iter().map(|(f, b)| row(&f, &b, &t)).collect();
    shops.sort_by(|a, b| a.name.cmp(&b.name));
    let mut total = ShopRow {
        file: String::new(),
        shop_id: String::new(),
        name: "TỔNG / TOTAL".into(),
        ward: String::new(),
        sales: 0,
        value: 0,
        cashless_sales: 0,
        cashless_value: 0,
        cashless_share_count: 0.0,
        cashless_share_value: 0.0,
        invoiced_sales: 0,
        invoiced_value: 0,
        invoice_coverage_count: 0.0,
        invoice_coverage_value: 0.0,
        active_products: 0,
        with_gtin: 0,
        barcode_share: 0.0,
        maturity_level: None,
        below: vec![],
    };
    for s in &shops {
        total.sales += s.sales;
        total.value += s.value;
        total.cashless_sales += s.cashless_sales;
        total.cashless_value += s.cashless_value;
        total.invoiced_sales += s.invoiced_sales;
        total.invoiced_value += s.invoiced_value;
        total.active_products += s.active_products;
        total.with_gtin += s.with_gtin;
    }
    let share = |n: i64, d: i64| if d > 0 { n as f64 / d as f64 } else { 0.0 };
    total.cashless_share_count = share(total.cashless_sales, total.sales);
    total.cashless_share_value = share(total.cashless_value, total.value);
    total.invoice_coverage_count = share(total.invoiced_sales, total.sales);
    total.invoice_coverage_value = share(total.invoiced_value, total.value);
    total.barcode_share = share(total.with_gtin, total.active_products);
    total.below = below(&total, &t);
    let median = |mut v: Vec<f64>| -> f64 {
        if v.is_empty() {
            return 0.0;
        }
        v.sort_by(|a, b| a.total_cmp(b));
        let n = v.len();
        if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        }
    };
    let mut dist = [0usize; 10];
    for s in &shops {
        dist[((s.cashless_share_value * 10.0).floor() as usize).min(9)] += 1;
    }
    let mut levels = [0usize; 6];
    let mut none = 0;
    for s in &shops {
        match s.maturity_level {
            Some(l) if (0..=5).contains(&l) => levels[l as usize] += 1,
            _ => none += 1,
        }
    }
    Ok(WardReport {
        period: period.label,
        from: period.from,
        to: period.to,
        median_cashless_share_value: median(shops.iter().map(|s| s.cashless_share_value).collect()),
        median_invoice_coverage_count: median(shops.iter().map(|s| s.invoice_coverage_count).collect()),
        cashless_distribution: dist,
        maturity_levels: levels,
        no_assessment: none,
        targets: t,
        shops,
        total,
    })
}

fn below(r: &ShopRow, t: &Targets) -> Vec<String> {
    let mut v = Vec::new();
    if r.cashless_share_value <= t.cashless {
        v.push("cashless".into());
    }
    if r.invoice_coverage_count < t.einvoice {
        v.push("einvoice".into());
    }
    if r.barcode_share < t.barcode {
        v.push("barcode".into());
    }
    v
}

fn row(file: &str, b: &Bundle, t: &Targets) -> ShopRow {
    let s = &b.sales;
    let mut r = ShopRow {
        file: Path::new(file)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default(),
        shop_id: b.shop.shop_id.clone(),
        name: b.shop.name.clone(),
        ward: b.shop.ward.clone(),
        sales: s.sales,
        value: s.value,
        cashless_sales: s.cashless_sales,
        cashless_value: s.cashless_value,
        cashless_share_count: s.cashless_share_count,
        cashless_share_value: s.cashless_share_value,
        invoiced_sales: s.invoiced_sales,
        invoiced_value: s.invoiced_value,
        invoice_coverage_count: s.invoice_coverage_count,
        invoice_coverage_value: s.invoice_coverage_value,
        active_products: b.barcodes.active_products,
        with_gtin: b.barcodes.with_gtin,
        barcode_share: b.barcodes.share,
        maturity_level: b
            .maturity
            .as_ref()
            .and_then(|m| m.get("level"))
            .and_then(|l| l.as_i64()),
        below: vec![],
    };
    r.below = below(&r, t);
    r
}

/// One row per shop plus a total row.
pub fn csv(r: &WardReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "file",
        "shop_id",
        "name",
        "ward",
        "sales",
        "value",
        "cashless_sales",
        "cashless_value",
        "cashless_share_count",
        "cashless_share_value",
        "invoiced_sales",
        "invoice_coverage_count",
        "invoice_coverage_value",
        "active_products",
        "with_gtin",
        "barcode_share",
        "maturity_level",
        "below_target",
    ]);
    for s in r.shops.iter().chain(std::iter::once(&r.total)) {
        let _ = w.write_record([
            s.file.clone(),
            s.shop_id.clone(),
            s.name.clone(),
            s.ward.clone(),
            s.sales.to_string(),
            s.value.to_string(),
            s.cashless_sales.to_string(),
            s.cashless_value.to_string(),
            format!("{:.4}", s.cashless_share_count),
            format!("{:.4}", s.cashless_share_value),
            s.invoiced_sales.to_string(),
            format!("{:.4}", s.invoice_coverage_count),
            format!("{:.4}", s.invoice_coverage_value),
            s.active_products.to_string(),
            s.with_gtin.to_string(),
            format!("{:.4}", s.barcode_share),
            s.maturity_level.map(|l| l.to_string()).unwrap_or_default(),
            s.below.join(";"),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::einvoice::xml::escape(s, &mut out);
    out
}

fn pct(x: f64) -> String {
    format!("{:.1} %", x * 100.0).replace('.', ",")
}

/// A horizontal bar chart (inline SVG) of values 0..1 with a target line.
fn bars(title: &str, rows: &[(String, f64)], target: f64) -> String {
    let h = 22 * rows.len() + 30;
    let mut s = format!(
        "<figure><figcaption>{}</figcaption><svg viewBox=\"0 0 640 {h}\" width=\"100%\" role=\"img\" aria-label=\"{}\">",
        esc(title),
        esc(title)
    );
    for (i, (label, v)) in rows.iter().enumerate() {
        let y = 10 + i * 22;
        let w = (v.clamp(0.0, 1.0) * 400.0).round();
        let color = if *v >= target { "#2e7d32" } else { "#c62828" };
        s.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"11\">{}</text><rect x=\"200\" y=\"{y}\" width=\"{w}\" height=\"16\" fill=\"{color}\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
            y + 12,
            esc(&label.chars().take(30).collect::<String>()),
            205.0 + w,
            y + 12,
            pct(*v)
        ));
    }
    let tx = 200.0 + target.min(1.0) * 400.0;
    s.push_str(&format!(
        "<line x1=\"{tx}\" y1=\"0\" x2=\"{tx}\" y2=\"{h}\" stroke=\"#333\" stroke-dasharray=\"4 3\"/><text x=\"{}\" y=\"{}\" font-size=\"10\">{}</text></svg></figure>",
        tx + 3.0,
        h - 4,
        pct(target)
    ));
    s
}

/// The report for people: KPIs against targets with the gap, charts, a
/// sortable per-shop table with shops below target highlighted, and the
/// maturity distribution. Prints on A4.
pub fn html(r: &WardReport, lang: Lang) -> String {
    let t = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    let mut h = String::from("<!DOCTYPE html><html lang=\"");
    h.push_str(lang.pick("vi", "en"));
    h.push_str("\"><head><meta charset=\"utf-8\"><title>");
    h.push_str(&esc(&format!("{} {}", t("Báo cáo phường", "Ward report"), r.period)));
    h.push_str("</title><style>@page{size:A4;margin:15mm}body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:11pt;color:#222;max-width:190mm;margin:auto}h1{font-size:16pt}table{border-collapse:collapse;width:100%;font-size:9pt}th,td{border:1px solid #bbb;padding:3px 5px;text-align:right}th{background:#eee;cursor:pointer}td:first-child,th:first-child{text-align:left}tr.below td{background:#fdecea}.kpi{display:flex;gap:8px;flex-wrap:wrap}.kpi div{border:1px solid #bbb;padding:6px 10px;flex:1;min-width:40mm}.ok{color:#2e7d32}.gap{color:#c62828}figure{margin:8px 0;page-break-inside:avoid}@media print{th{cursor:auto}}</style></head><body>");
    h.push_str(&format!(
        "<h1>{} — {} ({} → {})</h1>",
        t("Chuyển đổi số cửa hàng bán lẻ", "Retail digital transformation"),
        esc(&r.period),
        esc(&r.from),
        esc(&r.to)
    ));
    h.push_str(&format!("<p>{}: {}</p>", t("Số cửa hàng", "Shops"), r.shops.len()));
    let kpi = |name: String, v: f64, target: f64, strict: bool| {
        let met = if strict { v > target } else { v >= target };
        let gap = v - target;
        format!(
            "<div><b>{}</b><br><span class=\"{}\">{}</span><br>{} {} · {} {}</div>",
            esc(&name),
            if met { "ok" } else { "gap" },
            pct(v),
            t("mục tiêu", "target"),
            pct(target),
            t("chênh", "gap"),
            pct(gap)
        )
    };
    h.push_str("<div class=\"kpi\">");
    h.push_str(&kpi(
        t("Không dùng tiền mặt (giá trị)", "Cashless (by value)"),
        r.total.cashless_share_value,
        r.targets.cashless,
        true,
    ));
    h.push_str(&kpi(
        t("Không dùng tiền mặt (số đơn)", "Cashless (by count)"),
        r.total.cashless_share_count,
        r.targets.cashless,
        true,
    ));
    h.push_str(&kpi(
        t("Đơn có hóa đơn điện tử", "Sales with an e-invoice"),
        r.total.invoice_coverage_count,
        r.targets.einvoice,
        false,
    ));
    h.push_str(&kpi(
        t("Sản phẩm có mã vạch", "Products with a barcode"),
        r.total.barcode_share,
        r.targets.barcode,
        false,
    ));
    h.push_str("</div>");
    h.push_str(&format!(
        "<p>{}: {} · {}: {}</p>",
        t("Trung vị cửa hàng, không tiền mặt", "Median shop, cashless"),
        pct(r.median_cashless_share_value),
        t("trung vị hóa đơn điện tử", "median e-invoice coverage"),
        pct(r.median_invoice_coverage_count)
    ));
    let shop_rows =
        |f: fn(&ShopRow) -> f64| -> Vec<(String, f64)> { r.shops.iter().map(|s| (s.name.clone(), f(s))).collect() };
    h.push_str(&bars(
        &t("Tỷ lệ không dùng tiền mặt theo giá trị", "Cashless share by value"),
        &shop_rows(|s| s.cashless_share_value),
        r.targets.cashless,
    ));
    h.push_str(&bars(
        &t("Tỷ lệ đơn có hóa đơn điện tử", "E-invoice coverage"),
        &shop_rows(|s| s.invoice_coverage_count),
        r.targets.einvoice,
    ));
    let dist: Vec<(String, f64)> = r
        .cashless_distribution
        .iter()
        .enumerate()
        .map(|(i, n)| {
            (
                format!("{}–{} %", i * 10, i * 10 + 10),
                if r.shops.is_empty() {
                    0.0
                } else {
                    *n as f64 / r.shops.len() as f64
                },
            )
        })
        .collect();
    h.push_str(&bars(
        &t("Phân bố cửa hàng theo tỷ lệ không tiền mặt", "Shops by cashless share"),
        &dist,
        1.1,
    ));
    let lv: Vec<(String, f64)> = r
        .maturity_levels
        .iter()
        .enumerate()
        .map(|(i, n)| {
            (
                format!("{} {i}", t("Mức", "Level")),
                if r.shops.is_empty() {
                    0.0
                } else {
                    *n as f64 / r.shops.len() as f64
                },
            )
        })
        .chain(std::iter::once((
            t("Chưa đánh giá", "Not assessed"),
            if r.shops.is_empty() {
                0.0
            } else {
                r.no_assessment as f64 / r.shops.len() as f64
            },
        )))
        .collect();
    h.push_str(&bars(&t("Mức độ trưởng thành số", "Digital maturity levels"), &lv, 1.1));
    h.push_str("<table id=\"shops\"><thead><tr>");
    for c in [
        t("Cửa hàng", "Shop"),
        t("Số đơn", "Sales"),
        t("Doanh thu", "Value"),
        t("KDTM số đơn", "Cashless count"),
        t("KDTM giá trị", "Cashless value"),
        t("HĐĐT", "E-invoices"),
        t("Mã vạch", "Barcodes"),
        t("Mức", "Level"),
    ] {
        h.push_str(&format!("<th>{}</th>", esc(&c)));
    }
    h.push_str("</tr></thead><tbody>");
    for s in r.shops.iter() {
        h.push_str(&format!(
            "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if s.below.is_empty() { "" } else { " class=\"below\"" },
            esc(&s.name),
            s.sales,
            crate::money::Vnd(s.value).grouped(),
            pct(s.cashless_share_count),
            pct(s.cashless_share_value),
            pct(s.invoice_coverage_count),
            pct(s.barcode_share),
            s.maturity_level.map(|l| l.to_string()).unwrap_or_else(|| "–".into())
        ));
    }
    let s = &r.total;
    h.push_str(&format!(
        "</tbody><tfoot><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th></th></tr></tfoot></table>",
        esc(&s.name),
        s.sales,
        crate::money::Vnd(s.value).grouped(),
        pct(s.cashless_share_count),
        pct(s.cashless_share_value),
        pct(s.invoice_coverage_count),
        pct(s.barcode_share)
    ));
    h.push_str(&format!(
        "<p><small>{}</small></p>",
        esc(&t(
            "Tỷ lệ của phường tính trên tổng số đơn và tổng giá trị của các cửa hàng, không phải trung bình các tỷ lệ. Dòng tô đỏ: dưới ít nhất một mục tiêu. Bấm tiêu đề cột để sắp xếp.",
            "Ward shares are computed from the shops' summed counts and values, not averages of shop shares. Red rows: below at least one target. Click a column header to sort."
        ))
    ));
    h.push_str("<script>document.querySelectorAll('#shops th').forEach(function(th,i){th.addEventListener('click',function(){var tb=document.querySelector('#shops tbody');var rows=Array.from(tb.rows);var asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';var key=function(r){var t=r.cells[i].textContent.replace(/[ .%–]/g,'').replace(',','.');var n=parseFloat(t);return isNaN(n)?r.cells[i].textContent:n;};rows.sort(function(a,b){var x=key(a),y=key(b);return (x>y?1:x<y?-1:0)*(asc?1:-1);});rows.forEach(function(r){tb.appendChild(r);});});});</script></body></html>\n");
    h
}
