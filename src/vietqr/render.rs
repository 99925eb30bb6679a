//! Drawing a payload as a QR code: Unicode half blocks for the terminal,
//! SVG and PNG for reports and posters, and the bare module matrix for the
//! receipt printer (raster fallback).

use qrcode::{EcLevel, QrCode};

use crate::i18n::Msg;
use crate::msg_key;

/// Why a QR code could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// The payload does not fit a QR code (the encoder's words).
    Qr(String),
    Png(String),
}

impl RenderError {
    pub fn msg(&self) -> Msg {
        match self {
            RenderError::Qr(detail) => msg_key!("vietqr.render_qr", detail),
            RenderError::Png(detail) => msg_key!("vietqr.render_png", detail),
        }
    }
}

crate::english_display!(RenderError);

/// The QR modules, row by row; `true` is dark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    pub width: usize,
    pub dark: Vec<bool>,
}

impl Matrix {
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }
}

/// Error correction M (15 %), the usual choice for payment codes; the
/// encoder picks the smallest version with mixed numeric/alphanumeric/byte
/// segments, so VietQR payloads (mostly digits and capitals) stay small.
pub fn matrix(payload: &str) -> Result<Matrix, RenderError> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .map_err(|e| RenderError::Qr(e.to_string()))?;
    let width = code.width();
    let dark = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
    Ok(Matrix { width, dark })
}

/// Terminal lines with two module rows per line. Light modules are drawn
/// as blocks (the terminal's dark background is the dark colour), with a
/// quiet zone of `quiet` modules.
pub fn half_blocks(m: &Matrix, quiet: usize) -> Vec<String> {
    let size = m.width + 2 * quiet;
    let light = |x: usize, y: usize| -> bool {
        if x < quiet || y < quiet || x >= quiet + m.width || y >= quiet + m.width {
            return true;
        }
        !m.is_dark(x - quiet, y - quiet)
    };
    (0..size.div_ceil(2))
        .map(|row| {
            let y = row * 2;
            (0..size)
                .map(|x| {
                    let top = light(x, y);
                    let bottom = y + 1 >= size || light(x, y + 1);
                    match (top, bottom) {
                        (true, true) => '█',
                        (true, false) => '▀',
                        (false, true) => '▄',
                        (false, false) => ' ',
                    }
                })
                .collect()
        })
        .collect()
}

/// An SVG document, `module_px` pixels per module, 4-module quiet zone.
pub fn svg(m: &Matrix, module_px: usize) -> String {
    let quiet = 4;
    let size = (m.width + 2 * quiet) * module_px;
    let mut path = String::new();
    for y in 0..m.width {
        for x in 0..m.width {
            if m.is_dark(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + quiet, y + quiet));
            }
        }
    }
    let view = m.width + 2 * quiet;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {view} {view}\" shape-rendering=\"crispEdges\"><rect width=\"{view}\" height=\"{view}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>\n"
    )
}

/// A 1-bit greyscale PNG, `scale` pixels per module, 4-module quiet zone.
pub fn png(m: &Matrix, scale: usize) -> Result<Vec<u8>, RenderError> {
    let quiet = 4;
    let side = (m.width + 2 * quiet) * scale;
    let row_bytes = side.div_ceil(8);
    let mut data = vec![0xFFu8; row_bytes * side];
    for y in 0..side {
        for x in 0..side {
            let (mx, my) = (x / scale, y / scale);
            let dark = mx >= quiet
                && my >= quiet
                && mx < quiet + m.width
                && my < quiet + m.width
                && m.is_dark(mx - quiet, my - quiet);
            if dark {
                data[y * row_bytes + x / 8] &= !(0x80 >> (x % 8));
            }
        }
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, side as u32, side as u32);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::One);
        let err = |e: png::EncodingError| RenderError::Png(e.to_string());
        let mut w = enc.write_header().map_err(err)?;
        w.write_image_data(&data).map_err(err)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vietqr::payload::{Initiation, Service, Transfer, encode};

    fn typical() -> String {
        encode(&Transfer {
            bin: "970436".into(),
            account: "0071000123456".into(),
            service: Service::Account,
            initiation: Initiation::Dynamic,
            amount: Some(1_250_000),
            purpose: Some(crate::vietqr::payload::sale_purpose("HD000123", "Tạp hóa Cô Ba")),
        })
        .unwrap()
    }

    #[test]
    fn a_sale_code_fits_the_pay_screen_at_80x24() {
        let m = matrix(&typical()).unwrap();
        let lines = half_blocks(&m, 2);
        assert!(lines.len() <= 22, "{} lines", lines.len());
        assert!(lines.iter().all(|l| l.chars().count() <= 50));
        // the quiet zone is light all round
        assert!(lines[0].chars().all(|c| c == '█'));
    }

    #[test]
    fn svg_and_png_are_well_formed() {
        let m = matrix(&typical()).unwrap();
        let s = svg(&m, 8);
        assert!(s.starts_with("<svg") && s.trim_end().ends_with("</svg>"));
        let p = png(&m, 4).unwrap();
        assert_eq!(&p[..8], b"\x89PNG\r\n\x1a\n");
    }
}
