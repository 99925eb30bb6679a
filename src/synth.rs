//! Synthetic data for benchmarks and load tests: a large, realistic
//! Vietnamese catalogue made from a seed, so no big file is committed.
//! `cargo run --release --example gen_catalog -- 100000 > big.csv` writes it
//! as CSV.

use crate::catalog::gtin::check_digit;
use crate::catalog::{NewProduct, VatRate};
use crate::money::Vnd;

/// A small deterministic generator (xorshift64*), enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const KINDS: &[&str] = &[
    "Cà phê",
    "Trà",
    "Sữa tươi",
    "Sữa chua",
    "Bánh quy",
    "Bánh mì",
    "Kẹo",
    "Mì gói",
    "Nước mắm",
    "Dầu ăn",
    "Gạo",
    "Nước suối",
    "Nước ngọt",
    "Bia",
    "Rượu",
    "Xà phòng",
    "Dầu gội",
    "Kem đánh răng",
    "Giấy vệ sinh",
    "Bột giặt",
    "Nước rửa chén",
    "Đường",
    "Muối",
    "Hạt điều",
    "Mứt",
    "Mật ong",
    "Tương ớt",
    "Nước tương",
    "Bún khô",
    "Phở khô",
    "Chả lụa",
    "Xúc xích",
    "Bánh tráng",
    "Hạt nêm",
];
const QUALIFIERS: &[&str] = &[
    "đặc biệt",
    "hảo hạng",
    "sữa đá",
    "đen",
    "hòa tan",
    "nguyên chất",
    "ít đường",
    "không đường",
    "hương dâu",
    "hương cam",
    "vị bạc hà",
    "cay",
    "truyền thống",
    "Huế",
    "Đà Lạt",
    "Phú Quốc",
    "Bến Tre",
    "Thanh Hóa",
    "hữu cơ",
    "tươi",
    "sấy dẻo",
    "rang muối",
    "lon",
    "chai",
    "gói nhỏ",
];
const BRANDS: &[&str] = &[
    "Hương Giang",
    "Sông Hương",
    "Phú Xuân",
    "Trường An",
    "Kim Long",
    "Vĩ Dạ",
    "Đông Ba",
    "An Cựu",
    "Thuận An",
    "Bạch Mã",
    "Lăng Cô",
    "Ngự Bình",
    "Tràng Tiền",
    "Thiên Mụ",
    "Gia Hội",
    "Hải Vân",
];
const SIZES: &[&str] = &[
    "100g",
    "200g",
    "250g",
    "500g",
    "1kg",
    "330ml",
    "500ml",
    "1L",
    "1,5L",
    "hộp 10",
    "lốc 6",
    "thùng 24",
];
const UNITS: &[&str] = &["gói", "chai", "lon", "hộp", "kg", "cái", "hũ", "thùng"];

/// `n` products, deterministic for a seed. About 60 % carry a Vietnamese
/// GTIN-13 (893…), 5 % a second barcode, a tenth are OCOP.
pub fn catalog(n: usize, seed: u64) -> Vec<NewProduct> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|i| {
            let name = format!(
                "{} {} {} {}",
                rng.pick(KINDS),
                rng.pick(QUALIFIERS),
                rng.pick(BRANDS),
                rng.pick(SIZES)
            );
            let mut barcodes = Vec::new();
            if rng.below(10) < 6 {
                barcodes.push(gtin13(893, i as u64));
                if rng.below(20) == 0 {
                    barcodes.push(gtin13(400, i as u64));
                }
            }
            let vat = match rng.below(20) {
                0 => VatRate::Five,
                1 => VatRate::Ten,
                2 => VatRate::Kct,
                _ => VatRate::Eight,
            };
            NewProduct {
                sku: format!("SP{i:06}"),
                barcodes,
                name,
                unit: rng.pick(UNITS).to_string(),
                price: Vnd((1 + rng.below(400) as i64) * 500),
                vat,
                tags: if rng.below(10) == 0 {
                    vec!["ocop".into()]
                } else {
                    vec![]
                },
                by_measure: None,
            }
        })
        .collect()
}

/// A valid GTIN-13 from a 3-digit prefix and a serial.
pub fn gtin13(prefix: u64, serial: u64) -> String {
    let body = format!("{prefix:03}{:09}", serial % 1_000_000_000);
    let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
    format!("{body}{}", check_digit(&digits))
}

/// The catalogue as CSV in the import format.
pub fn catalog_csv(products: &[NewProduct]) -> String {
    let mut out = String::from("sku,barcode,name,unit,price_vnd,vat_rate,tags\n");
    for p in products {
        out.push_str(&format!(
            "{},{},\"{}\",{},{},{},{}\n",
            p.sku,
            p.barcodes.join(";"),
            p.name.replace('"', "\"\""),
            p.unit,
            p.price.0,
            p.vat.code(),
            p.tags.join(";")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::import::parse_csv;

    #[test]
    fn the_synthetic_catalogue_is_valid_and_deterministic() {
        let a = catalog(2000, 7);
        assert_eq!(a, catalog(2000, 7));
        let parsed = parse_csv(catalog_csv(&a).as_bytes()).unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", &parsed.errors[..1]);
        assert_eq!(parsed.rows.len(), 2000);
    }
}
