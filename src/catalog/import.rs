//! CSV product import: parse and validate every row, report every bad row
//! as `line N, column C: what was wrong, what was expected`.
//!
//! Parsing is pure; `store::Store::import_products` writes the good rows in
//! one transaction.

use std::collections::HashMap;

use super::{NewProduct, VatRate};
use crate::i18n::Msg;
use crate::money::Vnd;
use crate::msg;
use crate::text;

/// The columns quay understands, by canonical name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Sku,
    Barcode,
    Name,
    Unit,
    Price,
    Vat,
    Tags,
    /// Optional: sold by weight or measure (yes/no); default by the unit.
    ByMeasure,
    /// Optional: cost per unit (giá vốn), taken for new products.
    Cost,
    /// Optional: opening stock (tồn kho), taken for new products.
    Stock,
    /// Optional: the SKU of the base product this row is a pack of.
    PackOf,
    /// Optional: base units in one pack.
    Contains,
}

impl Column {
    pub fn name(self) -> &'static str {
        match self {
            Column::Sku => "sku",
            Column::Barcode => "barcode",
            Column::Name => "name",
            Column::Unit => "unit",
            Column::Price => "price_vnd",
            Column::Vat => "vat_rate",
            Column::Tags => "tags",
            Column::ByMeasure => "by_measure",
            Column::Cost => "cost",
            Column::Stock => "stock",
            Column::PackOf => "pack_of",
            Column::Contains => "contains",
        }
    }

    /// Match a header cell: case, diacritics, spaces and underscores are ignored.
    fn from_header(h: &str) -> Option<Column> {
        let key: String = text::fold(h).chars().filter(|c| c.is_alphanumeric()).collect();
        Some(match key.as_str() {
            "sku" | "mahang" | "masp" | "masanpham" | "code" | "masku" => Column::Sku,
            "barcode" | "barcodes" | "mavach" | "ean" | "gtin" => Column::Barcode,
            "name" | "ten" | "tenhang" | "tensanpham" | "product" => Column::Name,
            "unit" | "donvi" | "donvitinh" | "dvt" => Column::Unit,
            "pricevnd" | "price" | "gia" | "giaban" | "dongia" | "giabanle" => Column::Price,
            "cost" | "costvnd" | "giavon" | "gianhap" => Column::Cost,
            "stock" | "onhand" | "tonkho" | "ton" | "tonkhobandau" | "soluongton" => Column::Stock,
            "packof" | "madvtcoban" | "mahangcoban" => Column::PackOf,
            "contains" | "quydoi" | "giatriquydoi" => Column::Contains,
            "vatrate" | "vat" | "thuesuat" | "thue" | "thuegtgt" => Column::Vat,
            "tags" | "tag" | "nhan" => Column::Tags,
            "bymeasure" | "soldbymeasure" | "bancan" | "bantheocan" => Column::ByMeasure,
            _ => return None,
        })
    }
}

const REQUIRED: [Column; 5] = [Column::Sku, Column::Name, Column::Unit, Column::Price, Column::Vat];

/// One good row and the line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub line: u64,
    pub product: NewProduct,
    /// Cost per base unit (giá vốn), for a new product.
    pub cost: Option<Vnd>,
    /// Opening stock in thousandths, for a new product.
    pub stock_milli: Option<i64>,
    /// A pack: the base product's SKU and how many base units it holds.
    pub pack: Option<(String, i64)>,
}

/// How a file is read beyond its own columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The VAT rate of every row of a file without a VAT column (KiotViet
    /// and Sapo exports have none).
    pub default_vat: Option<VatRate>,
}

/// One refused row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub column: Option<&'static str>,
    pub msg: Msg,
}

impl RowError {
    /// `line 4, column price_vnd: …` in both languages.
    pub fn to_msg(&self) -> Msg {
        let line = self.line;
        match self.column {
            Some(col) => self.msg.prefixed(
                &format!("dòng {line}, cột {col}: "),
                &format!("line {line}, column {col}: "),
            ),
            None => self.msg.prefixed(&format!("dòng {line}: "), &format!("line {line}: ")),
        }
    }
}

/// Result of parsing a file: the good rows and the refused ones, in line order.
#[derive(Debug, Default)]
pub struct Parsed {
    pub rows: Vec<ImportRow>,
    pub errors: Vec<RowError>,
}

/// Parse a CSV file's bytes. A file whose header cannot be understood is
/// refused as a whole (`Err`); otherwise every data row is either a good
/// row or an error.
pub fn parse_csv(bytes: &[u8]) -> Result<Parsed, RowError> {
    parse_csv_with(bytes, ImportOptions::default())
}

/// [`parse_csv`] with options (a default VAT rate).
pub fn parse_csv_with(bytes: &[u8], opts: ImportOptions) -> Result<Parsed, RowError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        None => {
            return Err(RowError {
                line: 1,
                column: None,
                msg: msg!(
                    "tệp trống: cần dòng tiêu đề sku,barcode,name,unit,price_vnd,vat_rate,tags",
                    "the file is empty: expected a header line sku,barcode,name,unit,price_vnd,vat_rate,tags"
                ),
            });
        }
        Some(Err(e)) => return Err(csv_error(1, &e)),
        Some(Ok(h)) => h,
    };
    let columns = map_header(&header, opts.default_vat.is_some())?;
    let width = header.len();
    let mut parsed = Parsed::default();
    let mut seen_sku: HashMap<String, u64> = HashMap::new();
    let mut seen_barcode: HashMap<String, u64> = HashMap::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                parsed.errors.push(csv_error(line, &e));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // blank line
        }
        if record.len() != width {
            let n = record.len();
            parsed.errors.push(RowError {
                line,
                column: None,
                msg: msg!(
                    "có {n} cột, cần {width} cột như dòng tiêu đề",
                    "{n} columns, expected {width} as in the header"
                ),
            });
            continue;
        }
        match parse_row(&record, &columns, opts) {
            Err(e) => parsed.errors.push(RowError { line, ..e }),
            Ok((product, extra)) => {
                if let Some(first) = seen_sku.get(&product.sku) {
                    let sku = &product.sku;
                    parsed.errors.push(RowError {
                        line,
                        column: Some(Column::Sku.name()),
                        msg: msg!(
                            "mã hàng '{sku}' đã có ở dòng {first}: mỗi mã hàng một dòng",
                            "SKU '{sku}' already on line {first}: one line per SKU"
                        ),
                    });
                    continue;
                }
                if let Some((code, first)) = product
                    .barcodes
                    .iter()
                    .find_map(|b| seen_barcode.get(b).map(|l| (b.clone(), *l)))
                {
                    parsed.errors.push(RowError {
                        line,
                        column: Some(Column::Barcode.name()),
                        msg: msg!(
                            "mã vạch '{code}' đã có ở dòng {first}: mỗi mã vạch chỉ thuộc một mặt hàng",
                            "barcode '{code}' already on line {first}: a barcode belongs to one product"
                        ),
                    });
                    continue;
                }
                seen_sku.insert(product.sku.clone(), line);
                for b in &product.barcodes {
                    seen_barcode.insert(b.clone(), line);
                }
                let (cost, stock_milli, pack) = extra;
                parsed.rows.push(ImportRow {
                    line,
                    product,
                    cost,
                    stock_milli,
                    pack,
                });
            }
        }
    }
    parsed.errors.sort_by_key(|e| e.line);
    Ok(parsed)
}

impl Parsed {
    /// Move pack rows whose base is unknown or itself a pack into the
    /// errors. `catalog_is_pack(sku)`: `None` when the catalogue has no
    /// such SKU, else whether it is a pack there.
    pub fn check_packs(&mut self, catalog_is_pack: impl Fn(&str) -> Option<bool>) {
        let in_file: HashMap<String, bool> = self
            .rows
            .iter()
            .map(|r| (r.product.sku.clone(), r.pack.is_some()))
            .collect();
        let rows = std::mem::take(&mut self.rows);
        for row in rows {
            let problem = row.pack.as_ref().and_then(|(base, _)| {
                match in_file.get(base).copied().or_else(|| catalog_is_pack(base)) {
                    None => Some(msg!(
                        "không có mặt hàng mã '{base}' (trong tệp hay danh mục)",
                        "no product with SKU '{base}' (in the file or the catalogue)"
                    )),
                    Some(true) => Some(msg!(
                        "'{base}' đã là một quy cách đóng gói: không có thùng của thùng",
                        "'{base}' is itself a pack: no pack of a pack"
                    )),
                    Some(false) => None,
                }
            });
            match problem {
                Some(msg) => self.errors.push(RowError {
                    line: row.line,
                    column: Some(Column::PackOf.name()),
                    msg,
                }),
                None => self.rows.push(row),
            }
        }
        self.errors.sort_by_key(|e| e.line);
    }

    /// Move rows whose barcode already belongs to another product in the
    /// catalogue into the errors. `owner_of(barcode)` gives that product's SKU.
    pub fn check_against_catalog(&mut self, owner_of: impl Fn(&str) -> Option<String>) {
        let rows = std::mem::take(&mut self.rows);
        for row in rows {
            let clash = row.product.barcodes.iter().find_map(|b| {
                owner_of(b)
                    .filter(|owner| *owner != row.product.sku)
                    .map(|owner| (b.clone(), owner))
            });
            match clash {
                Some((code, owner)) => self.errors.push(RowError {
                    line: row.line,
                    column: Some(Column::Barcode.name()),
                    msg: msg!(
                        "mã vạch '{code}' đã thuộc mặt hàng '{owner}' trong danh mục",
                        "barcode '{code}' already belongs to product '{owner}' in the catalogue"
                    ),
                }),
                None => self.rows.push(row),
            }
        }
        self.errors.sort_by_key(|e| e.line);
    }
}

fn csv_error(line: u64, e: &csv::Error) -> RowError {
    let detail = e.to_string();
    RowError {
        line,
        column: None,
        msg: msg!(
            "không đọc được dòng CSV ({detail})",
            "cannot read the CSV line ({detail})"
        ),
    }
}

fn map_header(header: &csv::ByteRecord, vat_given: bool) -> Result<Vec<Option<Column>>, RowError> {
    let mut columns = Vec::with_capacity(header.len());
    for (i, cell) in header.iter().enumerate() {
        let col_no = i + 1;
        let text = std::str::from_utf8(cell).map_err(|_| RowError {
            line: 1,
            column: None,
            msg: msg!(
                "tiêu đề cột {col_no} không phải UTF-8: hãy lưu tệp dưới dạng CSV UTF-8",
                "header of column {col_no} is not UTF-8: save the file as CSV UTF-8"
            ),
        })?;
        let col = Column::from_header(text);
        if let Some(c) = col
            && columns.contains(&Some(c))
        {
            let name = c.name();
            return Err(RowError {
                line: 1,
                column: None,
                msg: msg!("cột {name} xuất hiện hai lần", "column {name} appears twice"),
            });
        }
        columns.push(col);
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .filter(|c| !columns.contains(&Some(**c)))
        .filter(|c| !(vat_given && **c == Column::Vat))
        .map(|c| c.name())
        .collect();
    if !missing.is_empty() {
        let list = missing.join(", ");
        return Err(RowError {
            line: 1,
            column: None,
            msg: msg!(
                "thiếu cột {list}: cần các cột sku,barcode,name,unit,price_vnd,vat_rate,tags",
                "missing column {list}: expected columns sku,barcode,name,unit,price_vnd,vat_rate,tags"
            ),
        });
    }
    Ok(columns)
}

/// Cost, opening stock and pack of a row.
type Extra = (Option<Vnd>, Option<i64>, Option<(String, i64)>);

fn parse_row(
    record: &csv::ByteRecord,
    columns: &[Option<Column>],
    opts: ImportOptions,
) -> Result<(NewProduct, Extra), RowError> {
    let mut fields: HashMap<Column, &str> = HashMap::with_capacity(7);
    for (cell, col) in record.iter().zip(columns) {
        let Some(col) = col else { continue };
        let text = std::str::from_utf8(cell).map_err(|e| {
            let at = e.valid_up_to() + 1;
            RowError {
                line: 0,
                column: Some(col.name()),
                msg: msg!(
                    "byte thứ {at} không phải UTF-8: hãy lưu tệp dưới dạng CSV UTF-8",
                    "byte {at} is not UTF-8: save the file as CSV UTF-8"
                ),
            }
        })?;
        fields.insert(*col, text);
    }
    let get = |c: Column| fields.get(&c).copied().unwrap_or("");
    let fail = |c: Column, msg: Msg| RowError {
        line: 0,
        column: Some(c.name()),
        msg,
    };
    let raw_price = get(Column::Price).trim();
    let price = Vnd::parse_plain(raw_price).map_err(|_| {
        fail(
            Column::Price,
            msg!(
                "giá '{raw_price}' không hợp lệ: cần số đồng nguyên như 45000 hoặc 45.000",
                "price '{raw_price}' is not valid: expected whole đồng such as 45000 or 45.000"
            ),
        )
    })?;
    let raw_vat = get(Column::Vat).trim();
    let vat = match opts.default_vat {
        Some(v) if raw_vat.is_empty() => Some(v),
        _ => VatRate::parse(raw_vat),
    };
    let vat = vat.ok_or_else(|| {
        fail(
            Column::Vat,
            msg!(
                "thuế suất '{raw_vat}' không hợp lệ: cần 0, 5, 8, 10 hoặc KCT",
                "VAT rate '{raw_vat}' is not valid: expected 0, 5, 8, 10 or KCT"
            ),
        )
    })?;
    let split = |s: &str| -> Vec<String> {
        s.split([';', '|', ','])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect()
    };
    let raw_measure = get(Column::ByMeasure).trim();
    let by_measure = crate::catalog::parse_yes_no(raw_measure).map_err(|_| {
        fail(
            Column::ByMeasure,
            msg!(
                "'{raw_measure}' không hợp lệ: cần có/không (1/0); để trống = theo đơn vị (kg, g, l, ml, m)",
                "'{raw_measure}' is not valid: expected yes/no (1/0); empty = by the unit (kg, g, l, ml, m)"
            ),
        )
    })?;
    let product = NewProduct {
        sku: get(Column::Sku).to_string(),
        barcodes: split(get(Column::Barcode)),
        name: get(Column::Name).to_string(),
        unit: get(Column::Unit).to_string(),
        price,
        vat,
        tags: split(get(Column::Tags)),
        by_measure,
    };
    let extra = parse_extra(&get, &fail)?;
    let product = product.normalized().map_err(|e| {
        let column = match e.field {
            "sku" => Column::Sku,
            "barcode" => Column::Barcode,
            "name" => Column::Name,
            "unit" => Column::Unit,
            "price" => Column::Price,
            "tags" => Column::Tags,
            _ => Column::Vat,
        };
        fail(column, e.msg)
    })?;
    // KiotViet names a base row's own code as its base unit's code.
    let mut extra = extra;
    if extra.2.as_ref().is_some_and(|(base, _)| *base == product.sku) {
        extra.2 = None;
    }
    Ok((product, extra))
}

/// Cost, opening stock, pack columns. An empty cell is "not given"; a
/// `pack_of` equal to nothing or `contains` of 1 with no `pack_of` is a
/// base product (KiotViet writes quy đổi 1 on base rows).
fn parse_extra<'a>(get: &dyn Fn(Column) -> &'a str, fail: &dyn Fn(Column, Msg) -> RowError) -> Result<Extra, RowError> {
    use super::stock::{check_cost, check_pack};
    let raw_cost = get(Column::Cost).trim();
    let cost = if raw_cost.is_empty() {
        None
    } else {
        let v = Vnd::parse_plain(raw_cost).map_err(|_| {
            fail(
                Column::Cost,
                msg!(
                    "giá vốn '{raw_cost}' không hợp lệ: cần số đồng nguyên như 10000",
                    "cost '{raw_cost}' is not valid: expected whole đồng such as 10000"
                ),
            )
        })?;
        check_cost(v).map_err(|m| fail(Column::Cost, m.msg()))?;
        Some(v)
    };
    let raw_stock = get(Column::Stock).trim();
    let stock_milli = if raw_stock.is_empty() {
        None
    } else {
        let q = match raw_stock.strip_prefix('-') {
            Some(rest) => super::stock::parse_stock_qty(rest).map(|q| -q),
            None => super::stock::parse_counted(raw_stock),
        };
        Some(q.map_err(|m| fail(Column::Stock, m.msg()))?)
    };
    let base = get(Column::PackOf).trim();
    let raw_contains = get(Column::Contains).trim();
    let pack = if base.is_empty() {
        None
    } else {
        let contains: i64 = raw_contains.parse().map_err(|_| {
            fail(
                Column::Contains,
                msg!(
                    "'{raw_contains}' không hợp lệ: cần số đơn vị lẻ trong một quy cách, như 24",
                    "'{raw_contains}' is not valid: expected the base units in one pack, such as 24"
                ),
            )
        })?;
        check_pack(contains, false, base).map_err(|m| fail(Column::Contains, m.msg()))?;
        Some((base.to_string(), contains))
    };
    Ok((cost, stock_milli, pack))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "sku,barcode,name,unit,price_vnd,vat_rate,tags\n";

    fn parse(body: &str) -> Parsed {
        parse_csv(format!("{HEADER}{body}").as_bytes()).unwrap()
    }

    #[test]
    fn the_sample_catalogue_imports_cleanly() {
        let parsed = parse_csv(include_bytes!("../../data/sample-catalog.csv")).unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.rows.len(), 24);
        let rice = parsed.rows.iter().find(|r| r.product.sku == "GAO-ST25").unwrap();
        assert!(rice.product.barcodes.is_empty());
        assert_eq!(rice.product.vat, VatRate::Five);
        let card = parsed.rows.iter().find(|r| r.product.sku == "THE-CAO").unwrap();
        assert_eq!(card.product.vat, VatRate::Kct);
    }

    #[test]
    fn vietnamese_headers_in_any_order_are_understood() {
        let csv = "Tên hàng;x\n"; // wrong separator: header not understood
        assert!(parse_csv(csv.as_bytes()).is_err());
        let csv = "\u{feff}Mã hàng,Tên hàng,ĐVT,Giá bán,Thuế suất,Ghi chú\nA1,Nước suối,chai,5.000,8%,x\n";
        let parsed = parse_csv(csv.as_bytes()).unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.rows[0].product.price, Vnd(5000));
        assert_eq!(parsed.rows[0].product.name, "Nước suối");
    }

    #[test]
    fn a_missing_column_refuses_the_file() {
        let e = parse_csv(b"sku,name,unit,vat_rate\n").unwrap_err();
        assert!(e.msg.en.contains("price_vnd"), "{}", e.msg.en);
        assert!(parse_csv(b"").is_err());
    }

    #[test]
    fn every_bad_row_is_reported_with_line_and_column() {
        let body = "\
A,8936000000110,Tên A,cái,45000,8,
B,,Tên B,cái,12,5k,8,
C,,Tên C,cái,\"12,5k\",8,
D,,,cái,1000,8,
E,8936000000111,Tên E,cái,1000,8,
F,,Tên F,cái,1000,7,
G,8936000000110,Tên G,cái,1000,8,
A,,Tên A lần hai,cái,1000,8,
H,,Tên H,cái,1000,10,ocop
";
        let parsed = parse(body);
        let got: Vec<(u64, Option<&str>)> = parsed.errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(
            got,
            vec![
                (3, None),
                (4, Some("price_vnd")),
                (5, Some("name")),
                (6, Some("barcode")),
                (7, Some("vat_rate")),
                (8, Some("barcode")),
                (9, Some("sku")),
            ]
        );
        assert_eq!(parsed.rows.len(), 2);
        let text = parsed.errors[1].to_msg().en;
        assert!(
            text.starts_with("line 4, column price_vnd: price '12,5k' is not valid"),
            "{text}"
        );
        let vi = parsed.errors[0].to_msg().vi;
        assert!(vi.starts_with("dòng 3: có 8 cột"), "{vi}");
    }

    #[test]
    fn non_utf8_bytes_are_reported_not_garbled() {
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(b"A,,Caf\xe9,c\xe1i,1000,8,\n");
        let parsed = parse_csv(&bytes).unwrap();
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!(parsed.errors[0].line, 2);
        assert!(parsed.errors[0].msg.en.contains("not UTF-8"));
    }

    #[test]
    fn barcodes_already_in_the_catalogue_are_refused_for_other_products() {
        let mut parsed = parse("A,8936000000110,Tên A,cái,1000,8,\nB,8936000000189,Tên B,cái,1000,8,\n");
        parsed.check_against_catalog(|code| match code {
            "8936000000110" => Some("A".to_string()), // same product: an update
            "8936000000189" => Some("OTHER".to_string()),
            _ => None,
        });
        assert_eq!(parsed.rows.len(), 1);
        assert_eq!(parsed.errors.len(), 1);
        assert!(parsed.errors[0].msg.en.contains("'OTHER'"));
    }

    #[test]
    fn several_barcodes_in_one_cell() {
        let parsed = parse("A,8936000000110;8936000000189,Tên A,cái,1000,8,ocop;quà\n");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.rows[0].product.barcodes.len(), 2);
        assert_eq!(parsed.rows[0].product.tags, vec!["ocop", "quà"]);
    }
}
