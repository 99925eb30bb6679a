//! Raster receipts: text drawn with DejaVu Sans Condensed (bundled through
//! the `dejavu` crate, covers Vietnamese fully) into a 1-bit bitmap, one
//! character per fixed cell so columns stay aligned, sent as `GS v 0`.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};

/// Width of one character cell in dots: 384 / 32 = 576 / 48 = 12.
pub const CELL_W: usize = 12;
/// Height of one text line in dots.
pub const LINE_H: usize = 26;
const FONT_PX: f32 = 19.0;

/// A 1-bit image, rows of `width` dots packed 8 per byte (MSB first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitmap {
    pub width: usize,
    pub height: usize,
    pub data: Vec<u8>,
}

impl Bitmap {
    pub fn new(width: usize, height: usize) -> Bitmap {
        Bitmap {
            width,
            height,
            data: vec![0; width.div_ceil(8) * height],
        }
    }

    pub fn row_bytes(&self) -> usize {
        self.width.div_ceil(8)
    }

    pub fn set(&mut self, x: usize, y: usize) {
        if x < self.width && y < self.height {
            let rb = self.row_bytes();
            self.data[y * rb + x / 8] |= 0x80 >> (x % 8);
        }
    }

    pub fn get(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.height && self.data[y * self.row_bytes() + x / 8] & (0x80 >> (x % 8)) != 0
    }

    /// `GS v 0` in chunks of at most 240 rows (many printers' buffer limit).
    pub fn escpos(&self) -> Vec<u8> {
        let rb = self.row_bytes();
        let mut out = Vec::with_capacity(self.data.len() + 16);
        for start in (0..self.height).step_by(240) {
            let rows = (self.height - start).min(240);
            out.extend_from_slice(&[
                0x1D,
                b'v',
                b'0',
                0,
                (rb & 0xFF) as u8,
                (rb >> 8) as u8,
                (rows & 0xFF) as u8,
                (rows >> 8) as u8,
            ]);
            out.extend_from_slice(&self.data[start * rb..(start + rows) * rb]);
        }
        out
    }

    /// As a PNG (black on white), exactly the dots the printer gets.
    pub fn png(&self) -> Result<Vec<u8>, String> {
        let mut inverted = self.data.clone();
        for b in &mut inverted {
            *b = !*b;
        }
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, self.width as u32, self.height.max(1) as u32);
            enc.set_color(png::ColorType::Grayscale);
            enc.set_depth(png::BitDepth::One);
            let mut w = enc.write_header().map_err(|e| e.to_string())?;
            w.write_image_data(&inverted).map_err(|e| e.to_string())?;
        }
        Ok(out)
    }
}

struct Fonts {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

fn fonts() -> Option<&'static Fonts> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Some(Fonts {
                regular: FontRef::try_from_slice(dejavu::sans_condensed::regular()).ok()?,
                bold: FontRef::try_from_slice(dejavu::sans_condensed::bold()).ok()?,
            })
        })
        .as_ref()
}

/// Draw text lines (`bold[i]` for line i) `cols` characters wide.
pub fn render_lines(lines: &[String], bold: &[bool], cols: usize) -> Bitmap {
    let mut bmp = Bitmap::new(cols * CELL_W, lines.len() * LINE_H);
    let Some(f) = fonts() else { return bmp };
    for (row, line) in lines.iter().enumerate() {
        let font = if bold.get(row).copied().unwrap_or(false) {
            &f.bold
        } else {
            &f.regular
        };
        let scaled = font.as_scaled(PxScale::from(FONT_PX));
        let baseline = (row * LINE_H) as f32 + 5.0 + scaled.ascent();
        for (col, ch) in line.chars().take(cols).enumerate() {
            if ch == ' ' {
                continue;
            }
            let id = font.glyph_id(ch);
            let id = if id.0 == 0 { font.glyph_id('?') } else { id };
            let adv = scaled.h_advance(id);
            // squeeze wide glyphs into the cell, centre narrow ones
            let sx = if adv > CELL_W as f32 {
                FONT_PX * CELL_W as f32 / adv
            } else {
                FONT_PX
            };
            let glyph_scale = PxScale { x: sx, y: FONT_PX };
            let adv = font.as_scaled(glyph_scale).h_advance(id);
            let x0 = (col * CELL_W) as f32 + ((CELL_W as f32 - adv) / 2.0).max(0.0);
            let glyph = id.with_scale_and_position(glyph_scale, ab_glyph::point(x0, baseline));
            if let Some(outline) = font.outline_glyph(glyph) {
                let b = outline.px_bounds();
                outline.draw(|gx, gy, cov| {
                    if cov > 0.45 {
                        let x = b.min.x as i64 + gx as i64;
                        let y = b.min.y as i64 + gy as i64;
                        if x >= 0 && y >= 0 {
                            bmp.set(x as usize, y as usize);
                        }
                    }
                });
            }
        }
    }
    bmp
}

/// A QR matrix as a bitmap, `module` dots per module, centred on `width`.
pub fn qr_bitmap(m: &crate::vietqr::render::Matrix, module: usize, width: usize) -> Bitmap {
    let quiet = 4;
    let side = (m.width + 2 * quiet) * module;
    let left = width.saturating_sub(side) / 2;
    let mut bmp = Bitmap::new(width, side);
    for y in 0..m.width {
        for x in 0..m.width {
            if m.is_dark(x, y) {
                for dy in 0..module {
                    for dx in 0..module {
                        bmp.set(left + (x + quiet) * module + dx, (y + quiet) * module + dy);
                    }
                }
            }
        }
    }
    bmp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_drawn_inside_its_cells() {
        let lines = vec!["Cà phê sữa đá".to_string(), "ĐƯỜNG".to_string()];
        let b = render_lines(&lines, &[false, true], 32);
        assert_eq!(b.width, 384);
        assert_eq!(b.height, 2 * LINE_H);
        let ink = b.data.iter().map(|x| x.count_ones()).sum::<u32>();
        assert!(ink > 200, "some ink: {ink}");
        // nothing drawn right of the last character of line 1 (13 cells)
        for y in 0..LINE_H {
            for x in 14 * CELL_W..384 {
                assert!(!b.get(x, y), "stray dot at {x},{y}");
            }
        }
    }

    #[test]
    fn gs_v_0_header_matches_the_bitmap() {
        let b = Bitmap::new(576, 300);
        let e = b.escpos();
        assert_eq!(&e[..8], &[0x1D, b'v', b'0', 0, 72, 0, 240, 0]);
        assert_eq!(e.len(), 8 + 72 * 240 + 8 + 72 * 60);
    }
}
