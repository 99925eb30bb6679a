//! The ward report as people read it: the CSV for spreadsheets and the
//! HTML for the ward officer (a one-page summary first, then the shop
//! table, printable on A4 with the header repeated). The figures come
//! from [`super::ward::merge`]; nothing is computed here but formatting.

use super::ward::*;
use crate::i18n::Lang;

/// One row per shop, the total, then one row per refused file.
pub fn csv(r: &WardReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "status",
        "file",
        "shop_id",
        "name",
        "ward",
        "period",
        "revision",
        "sales",
        "value",
        "cashless_sales",
        "cashless_value",
        "cashless_share_count",
        "cashless_share_value",
        "invoiced_sales",
        "invoice_unsent_sales",
        "invoice_coverage_count",
        "invoice_coverage_value",
        "active_products",
        "with_gtin",
        "with_vn_gtin",
        "barcode_share_vn",
        "barcode_share",
        "ocop_lines",
        "ocop_value",
        "maturity_level",
        "maturity_questionnaire",
        "misses",
        "reason",
    ]);
    let f4 = |x: f64, none: bool| if none { String::new() } else { format!("{x:.4}") };
    let rows = r
        .shops
        .iter()
        .map(|s| (s, false))
        .chain(std::iter::once((&r.total, true)));
    for (s, is_total) in rows {
        let status = if is_total {
            "total"
        } else if s.no_data {
            "no_data"
        } else {
            "shop"
        };
        // Shop names and file names come from the shops: no cell may start
        // a spreadsheet formula.
        let cells = [
            status.to_string(),
            s.file.clone(),
            s.shop_id.clone(),
            s.name.clone(),
            s.ward.clone(),
            r.period.clone(),
            if is_total {
                String::new()
            } else {
                s.revision.to_string()
            },
            s.sales.to_string(),
            s.value.to_string(),
            s.cashless_sales.to_string(),
            s.cashless_value.to_string(),
            f4(s.cashless_share_count, s.no_data),
            f4(s.cashless_share_value, s.no_data),
            s.invoiced_sales.to_string(),
            s.invoice_unsent_sales.to_string(),
            f4(s.invoice_coverage_count, s.no_data),
            f4(s.invoice_coverage_value, s.no_data),
            s.active_products.to_string(),
            s.with_gtin.to_string(),
            s.with_vn_gtin.to_string(),
            f4(s.barcode_share_vn, false),
            f4(s.barcode_share, false),
            s.ocop_lines.to_string(),
            s.ocop_value.to_string(),
            s.maturity_level.map(|l| l.to_string()).unwrap_or_default(),
            s.maturity_questionnaire.clone().unwrap_or_default(),
            s.misses.join(";"),
            String::new(),
        ];
        let _ = w.write_record(cells.iter().map(|c| crate::text::csv_safe(c).into_owned()));
    }
    for f in &r.refused {
        let mut rec = vec![String::new(); 28];
        rec[0] = "refused".into();
        rec[1] = file_name(&f.file);
        rec[26] = f.reason_code.clone();
        rec[27] = f.reason.clone();
        let _ = w.write_record(rec.iter().map(|c| crate::text::csv_safe(c).into_owned()));
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

/// A gap in percentage points, with its sign: "+3,2 điểm %", "−5,0 điểm %".
pub fn gap(v: f64, target: f64, lang: Lang) -> String {
    let d = (v - target) * 100.0;
    let sign = if d >= 0.05 {
        "+"
    } else if d <= -0.05 {
        "−"
    } else {
        "±"
    };
    format!("{sign}{:.1} {}", d.abs(), lang.pick("điểm %", "pp")).replace('.', ",")
}

const GREEN: &str = "#2e7d32";
const RED: &str = "#c62828";

/// A horizontal bar chart (inline SVG): label, bar, value. The target line
/// only when there is a target; labels never run past the picture.
fn bars(title: &str, rows: &[(String, f64, &str, String)], target: Option<f64>) -> String {
    let h = 22 * rows.len() + 24;
    let mut s = format!(
        "<figure><figcaption>{}</figcaption><svg viewBox=\"0 0 720 {h}\" width=\"100%\" role=\"img\" aria-label=\"{}\">",
        esc(title),
        esc(title)
    );
    for (i, (label, v, color, text)) in rows.iter().enumerate() {
        let y = 4 + i * 22;
        let w = (v.clamp(0.0, 1.0) * 400.0).round();
        s.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"11\">{}</text><rect x=\"200\" y=\"{y}\" width=\"{w}\" height=\"16\" fill=\"{color}\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
            y + 12,
            esc(&label.chars().take(30).collect::<String>()),
            206.0 + w,
            y + 12,
            esc(text)
        ));
    }
    if let Some(target) = target {
        let tx = 200.0 + target.clamp(0.0, 1.0) * 400.0;
        s.push_str(&format!(
            "<line x1=\"{tx}\" y1=\"0\" x2=\"{tx}\" y2=\"{}\" stroke=\"#333\" stroke-dasharray=\"4 3\"/><text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
            h - 14,
            tx,
            h - 3,
            pct(target)
        ));
    }
    s.push_str("</svg></figure>");
    s
}

/// The report for people: a one-page summary first (ward, period, date,
/// KPIs against the year's targets with signed gaps, submissions, refused
/// files, distributions), then the sorted shop table (header repeated on
/// each A4 page). Without a register every page says the figures are not
/// verified.
pub fn html(r: &WardReport, lang: Lang) -> String {
    let t = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    let mut h = String::from("<!DOCTYPE html><html lang=\"");
    h.push_str(lang.pick("vi", "en"));
    h.push_str("\"><head><meta charset=\"utf-8\"><title>");
    h.push_str(&esc(&format!("{} {} {}", t("Báo cáo", "Report"), r.ward, r.period)));
    h.push_str("</title><style>@page{size:A4;margin:15mm}body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:11pt;color:#222;max-width:190mm;margin:auto}h1{font-size:15pt;margin:0 0 4px}h2{font-size:12pt}table{border-collapse:collapse;width:100%;font-size:8.5pt}thead{display:table-header-group}tr{page-break-inside:avoid}th,td{border:1px solid #bbb;padding:2px 4px;text-align:right}th{background:#eee;cursor:pointer}td:first-child,th:first-child{text-align:left}.kpi{display:flex;gap:6px;flex-wrap:wrap}.kpi div{border:1px solid #bbb;padding:5px 8px;flex:1;min-width:40mm}.ok{color:#2e7d32}.miss{color:#c62828}.nodata{color:#757575}td.ok{background:#e8f5e9}td.miss{background:#fdecea}.warn{border:2px solid #c62828;color:#c62828;padding:4px 8px;font-weight:bold}.summary{page-break-after:always}figure{margin:6px 0;page-break-inside:avoid}@media print{th{cursor:auto}.warn.every{position:fixed;top:0;left:0;right:0;background:#fff}}</style></head><body>");
    if !r.verified {
        h.push_str(&format!(
            "<div class=\"warn every\">{}</div>",
            esc(&t(
                "CHƯA XÁC MINH: gộp không có sổ đăng ký của phường (--register), không kiểm tra được gói do đúng cửa hàng ký.",
                "UNVERIFIED: merged without the ward's register (--register); bundles could not be checked as signed by their shops."
            ))
        ));
    }
    h.push_str("<section class=\"summary\">");
    h.push_str(&format!(
        "<h1>{} — {}</h1><p>{} <b>{}</b> ({} → {}) · {} {}</p>",
        t("Chuyển đổi số cửa hàng bán lẻ", "Retail digital transformation"),
        esc(&r.ward),
        t("Kỳ", "Period"),
        esc(&r.period),
        esc(&r.from),
        esc(&r.to),
        t("lập ngày", "made on"),
        esc(r.generated_at.get(..10).unwrap_or(&r.generated_at))
    ));
    h.push_str(&format!(
        "<p>{}: {} · {}: {} · {}: {} · {}: {}</p>",
        t("Cửa hàng đã gộp", "Shops merged"),
        r.shops.len(),
        t("có số liệu", "with data"),
        r.shops_with_data,
        t("không có số liệu (không bán)", "no data (no sales)"),
        r.no_data.len(),
        t("tệp bị từ chối", "files refused"),
        r.refused.len()
    ));
    let ty = r.targets.cashless_einvoice_year;
    let kpi = |name: String, v: f64, target: f64, strict: bool, note: String, extra: String| {
        let ok = met(v, target, strict);
        format!(
            "<div><b>{}</b><br><span class=\"{}\" style=\"font-size:14pt\">{}</span> {}<br>{} {}{} · {}<br><small>{}</small></div>",
            esc(&name),
            if ok { "ok" } else { "miss" },
            pct(v),
            esc(&extra),
            t("mục tiêu", "target"),
            if strict { "> " } else { "≥ " },
            pct(target),
            esc(&gap(v, target, lang)),
            esc(&note)
        )
    };
    let toward = format!("{} {ty}", t("mục tiêu năm", "target for"));
    h.push_str("<div class=\"kpi\">");
    h.push_str(&kpi(
        t("Không dùng tiền mặt (giá trị)", "Cashless (by value)"),
        r.total.cashless_share_value,
        r.targets.cashless,
        true,
        toward.clone(),
        format!("({} {})", t("số đơn", "by count"), pct(r.total.cashless_share_count)),
    ));
    h.push_str(&kpi(
        t("Đơn có hóa đơn điện tử đã gửi", "Sales with an e-invoice sent"),
        r.total.invoice_coverage_count,
        r.targets.einvoice,
        false,
        toward,
        format!(
            "({} {})",
            r.total.invoice_unsent_sales,
            t("đơn đã lập chưa gửi", "issued, not sent")
        ),
    ));
    h.push_str(&kpi(
        t(
            "Sản phẩm có mã vạch Việt Nam (893)",
            "Products with a Vietnamese (893) barcode",
        ),
        r.total.barcode_share_vn,
        r.targets.barcode,
        false,
        format!("{} {}", t("mục tiêu năm", "target for"), r.targets.year),
        format!(
            "({} {})",
            t("mọi GTIN hợp lệ", "any valid GTIN"),
            pct(r.total.barcode_share)
        ),
    ));
    h.push_str("</div>");
    let med = |m: Option<f64>| m.map_or_else(|| "–".to_string(), pct);
    h.push_str(&format!(
        "<p>{}: {} · {}: {}</p>",
        t(
            "Trung vị cửa hàng có số liệu, không tiền mặt",
            "Median shop with data, cashless"
        ),
        med(r.median_cashless_share_value),
        t("hóa đơn điện tử", "e-invoices"),
        med(r.median_invoice_coverage_count)
    ));
    if let Some(s) = &r.submissions {
        h.push_str(&format!(
            "<p><b>{}</b>: {} / {} {} · {} ({} {}): {} · {}: {}</p>",
            t("Nộp báo cáo", "Submissions"),
            s.reported,
            s.registered,
            t("cửa hàng đăng ký", "registered shops"),
            t("nộp muộn", "late"),
            t("hạn", "due"),
            esc(&s.due),
            esc(&list_or_none(&s.late, lang)),
            t("chưa nộp", "missing"),
            esc(&list_or_none(&s.missing, lang)),
        ));
    }
    if !r.no_data.is_empty() {
        h.push_str(&format!(
            "<p class=\"nodata\">{}: {}</p>",
            t(
                "Không có số liệu (không bán trong kỳ, không tính vào tỷ lệ và trung vị)",
                "No data (no sales in the period, left out of shares and medians)"
            ),
            esc(&r.no_data.join(", "))
        ));
    }
    if !r.provisional.is_empty() {
        h.push_str(&format!(
            "<p class=\"miss\">{}: {}</p>",
            t(
                "Số liệu tạm tính (xuất trước khi kỳ kết thúc)",
                "Provisional figures (exported before the period ended)"
            ),
            esc(&r.provisional.join(", "))
        ));
    }
    if !r.refused.is_empty() {
        h.push_str(&format!(
            "<h2 class=\"miss\">{} ({})</h2><ul>",
            t(
                "Tệp bị từ chối, không tính vào báo cáo",
                "Files refused, not in the figures"
            ),
            r.refused.len()
        ));
        for f in &r.refused {
            h.push_str(&format!("<li>{}</li>", esc(&f.reason)));
        }
        h.push_str("</ul>");
    }
    if !r.revisions.is_empty() {
        h.push_str(&format!(
            "<h2>{}</h2><ul>",
            t(
                "Gói xuất lại (lần mới nhất được dùng)",
                "Re-exported bundles (the newest revision is used)"
            )
        ));
        for v in &r.revisions {
            h.push_str(&format!(
                "<li>{}: {} {} → {} ({})</li>",
                esc(&v.name),
                t("lần", "revision"),
                v.replaced_revision,
                v.kept_revision,
                esc(&if v.changes.is_empty() {
                    t("không đổi số liệu", "no figure changed")
                } else {
                    v.changes.join(", ")
                })
            ));
        }
        h.push_str("</ul>");
    }
    for (title, rows) in [
        (t("Theo kỳ", "Per period"), &r.trend),
        (t("Theo phường", "Per ward"), &r.wards),
    ] {
        if rows.is_empty() {
            continue;
        }
        h.push_str(&format!(
            "<h2>{}</h2><table><thead><tr><th></th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            esc(&title),
            t("Cửa hàng", "Shops"),
            t("Số đơn", "Sales"),
            t("KDTM giá trị", "Cashless value"),
            t("HĐĐT đã gửi", "E-invoices sent"),
            t("Mã vạch 893", "893 barcodes")
        ));
        for x in rows.iter() {
            let c = |v: f64, target: f64, strict: bool| {
                format!(
                    "<td class=\"{}\">{}</td>",
                    if met(v, target, strict) { "ok" } else { "miss" },
                    pct(v)
                )
            };
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td>{}{}{}</tr>",
                esc(&x.key),
                x.shops,
                x.sales,
                c(x.cashless_share_value, r.targets.cashless, true),
                c(x.invoice_coverage_count, r.targets.einvoice, false),
                c(x.barcode_share_vn, r.targets.barcode, false)
            ));
        }
        h.push_str("</tbody></table>");
    }
    // distributions: shops per tenth, coloured by the target
    let n = r.shops_with_data.max(1) as f64;
    let dist: Vec<(String, f64, &str, String)> = r
        .cashless_distribution
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let color = if (i as f64 + 1.0) / 10.0 > r.targets.cashless {
                GREEN
            } else {
                RED
            };
            (
                format!("{}–{} %", i * 10, i * 10 + 10),
                *c as f64 / n,
                color,
                format!("{c} {}", t("cửa hàng", "shops")),
            )
        })
        .collect();
    h.push_str(&bars(
        &t(
            "Số cửa hàng theo tỷ lệ không dùng tiền mặt (giá trị)",
            "Shops by cashless share (value)",
        ),
        &dist,
        None,
    ));
    for c in &r.maturity {
        let all: usize = c.levels.iter().sum::<usize>().max(1);
        let rows: Vec<(String, f64, &str, String)> = c
            .levels
            .iter()
            .enumerate()
            .map(|(i, k)| {
                (
                    format!("{} {i}", t("Mức", "Level")),
                    *k as f64 / all as f64,
                    "#1565c0",
                    format!("{k} {}", t("cửa hàng", "shops")),
                )
            })
            .collect();
        h.push_str(&bars(
            &format!(
                "{} ({})",
                t("Mức độ trưởng thành số", "Digital maturity levels"),
                c.questionnaire
            ),
            &rows,
            None,
        ));
    }
    h.push_str(&format!(
        "<p><small>{} {}: {}</small></p>",
        t("Chưa đánh giá", "Not assessed"),
        "",
        r.no_assessment
    ));
    h.push_str("</section>");
    // the shop table
    h.push_str(&format!("<h2>{}</h2>", t("Các cửa hàng", "Shops")));
    h.push_str("<table id=\"shops\"><thead><tr>");
    for c in [
        t("Cửa hàng", "Shop"),
        t("Số đơn", "Sales"),
        t("Doanh thu", "Value"),
        t("KDTM giá trị", "Cashless value"),
        t("HĐĐT đã gửi", "E-invoices sent"),
        t("Mã vạch 893", "893 barcodes"),
        t("Mức", "Level"),
        t("Chưa đạt", "Misses"),
    ] {
        h.push_str(&format!("<th>{}</th>", esc(&c)));
    }
    h.push_str("</tr></thead><tbody>");
    let cell = |v: f64, key: &str, s: &ShopRow, sales_based: bool| {
        if sales_based && s.no_data {
            return format!(
                "<td class=\"nodata\" data-v=\"-1\">{}</td>",
                t("không có số liệu", "no data")
            );
        }
        let class = if s.misses.iter().any(|m| m == key) {
            "miss"
        } else {
            "ok"
        };
        format!("<td class=\"{class}\" data-v=\"{v:.6}\">{}</td>", pct(v))
    };
    let miss_name = |m: &str| match m {
        "cashless" => t("KDTM", "cashless"),
        "einvoice" => t("HĐĐT", "e-invoice"),
        _ => t("mã vạch", "barcode"),
    };
    for (i, s) in r.shops.iter().enumerate() {
        h.push_str(&format!(
            "<tr><td data-v=\"{i}\">{}</td><td data-v=\"{}\">{}</td><td data-v=\"{}\">{}</td>{}{}{}<td data-v=\"{}\">{}</td><td>{}</td></tr>",
            esc(&s.name),
            s.sales,
            s.sales,
            s.value,
            crate::money::Vnd(s.value).grouped(),
            cell(s.cashless_share_value, "cashless", s, true),
            cell(s.invoice_coverage_count, "einvoice", s, true),
            cell(s.barcode_share_vn, "barcode", s, false),
            s.maturity_level.unwrap_or(-1),
            match s.maturity_level {
                Some(l) if s.maturity_provisional => format!("{l} ({})", t("tạm tính", "provisional")),
                Some(l) => l.to_string(),
                None => "–".into(),
            },
            esc(&s.misses.iter().map(|m| miss_name(m)).collect::<Vec<_>>().join(", "))
        ));
    }
    let s = &r.total;
    h.push_str(&format!(
        "</tbody><tfoot><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th></th><th></th></tr></tfoot></table>",
        esc(&s.name),
        s.sales,
        crate::money::Vnd(s.value).grouped(),
        pct(s.cashless_share_value),
        pct(s.invoice_coverage_count),
        pct(s.barcode_share_vn)
    ));
    h.push_str(&format!(
        "<p><small>{}</small></p>",
        esc(&t(
            "Tỷ lệ của phường tính trên tổng số đơn và tổng giá trị của các cửa hàng, không phải trung bình các tỷ lệ. Ô đỏ: chưa đạt mục tiêu đó. KDTM và HĐĐT là mục tiêu năm 2030; mã vạch là mục tiêu của năm báo cáo, tính theo mã GS1 Việt Nam (893). Bấm tiêu đề cột để sắp xếp.",
            "Ward shares are computed from the shops' summed counts and values, not averages of shop shares. Red cell: that target is missed. Cashless and e-invoice targets are for 2030; the barcode target is the report year's, counting Vietnamese GS1 (893) codes. Click a column header to sort."
        ))
    ));
    h.push_str("<script>document.querySelectorAll('#shops th').forEach(function(th,i){th.addEventListener('click',function(){var tb=document.querySelector('#shops tbody');var rows=Array.from(tb.rows);var asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';var key=function(r){var c=r.cells[i];return c.dataset.v!==undefined?parseFloat(c.dataset.v):c.textContent;};rows.sort(function(a,b){var x=key(a),y=key(b);return (x>y?1:x<y?-1:0)*(asc?1:-1);});rows.forEach(function(r){tb.appendChild(r);});});});</script></body></html>\n");
    h
}

fn list_or_none(v: &[String], lang: Lang) -> String {
    if v.is_empty() {
        lang.pick("không có", "none").to_string()
    } else {
        v.join(", ")
    }
}
