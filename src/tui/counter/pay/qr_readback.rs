//! The VietQR code as the pay screen draws it (half blocks, white on
//! black) is turned back into modules from the rendered terminal cells,
//! written as a PNG and read by an independent reader (zbarimg, Debian
//! package zbar-tools; .ci/run installs it): it must give the payload.

use crate::i18n::Lang;
use crate::tui::counter::tests::{demo_app, key, scanned};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

/// Light/dark modules of the code drawn on a `w`×`h` screen: each cell
/// drawn white on black holds two modules (top, bottom).
fn modules_on_screen(app: &crate::tui::counter::App, w: u16, h: u16) -> Vec<Vec<bool>> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| crate::tui::view::draw(f, app)).unwrap();
    let buf = t.backend().buffer().clone();
    let is_qr = |x: u16, y: u16| {
        let c = &buf[(x, y)];
        c.fg == Color::White && c.bg == Color::Black
    };
    let cells: Vec<(u16, u16)> = (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .filter(|&(x, y)| is_qr(x, y))
        .collect();
    assert!(!cells.is_empty(), "the pay screen shows a code");
    let (x0, x1) = (
        cells.iter().map(|c| c.0).min().unwrap(),
        cells.iter().map(|c| c.0).max().unwrap(),
    );
    let (y0, y1) = (
        cells.iter().map(|c| c.1).min().unwrap(),
        cells.iter().map(|c| c.1).max().unwrap(),
    );
    let mut rows = Vec::new();
    for y in y0..=y1 {
        let (mut top, mut bottom) = (Vec::new(), Vec::new());
        for x in x0..=x1 {
            let (t, b) = match buf[(x, y)].symbol() {
                "█" => (true, true),
                "▀" => (true, false),
                "▄" => (false, true),
                " " => (false, false),
                other => panic!("unexpected cell {other:?} inside the code at {x},{y}"),
            };
            top.push(t);
            bottom.push(b);
        }
        rows.push(top);
        rows.push(bottom);
    }
    rows
}

fn zbar_png(rows: &[Vec<bool>], scale: usize, path: &std::path::Path) -> String {
    // a white margin around what was read, then `scale` pixels per module
    let margin = 4;
    let (w, h) = (rows[0].len() + 2 * margin, rows.len() + 2 * margin);
    let mut data = vec![255u8; w * scale * h * scale];
    for (y, row) in rows.iter().enumerate() {
        for (x, &light) in row.iter().enumerate() {
            if light {
                continue;
            }
            for dy in 0..scale {
                for dx in 0..scale {
                    let (px, py) = ((x + margin) * scale + dx, (y + margin) * scale + dy);
                    data[py * w * scale + px] = 0;
                }
            }
        }
    }
    let file = std::fs::File::create(path).unwrap();
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), (w * scale) as u32, (h * scale) as u32);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    enc.write_header().unwrap().write_image_data(&data).unwrap();
    let out = std::process::Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(path)
        .output()
        .expect("zbarimg (Debian package zbar-tools) must be installed; .ci/run installs it");
    assert!(
        out.status.success(),
        "zbarimg could not read the code drawn on the pay screen"
    );
    String::from_utf8(out.stdout).unwrap().trim_end().to_string()
}

#[test]
fn the_pay_screens_code_reads_back_to_the_payload() {
    let mut app = demo_app(Lang::Vi);
    scanned(&mut app, "8936000001025");
    key(&mut app, KeyCode::F(5));
    app.on_reserved(42);
    key(&mut app, KeyCode::Char('c'));
    key(&mut app, KeyCode::Enter);
    let payload = app
        .pay
        .as_ref()
        .and_then(|p| p.qr.clone())
        .expect("a transfer shows a code");
    let dir = tempfile::tempdir().unwrap();
    let rows = modules_on_screen(&app, 120, 40);
    assert_eq!(zbar_png(&rows, 6, &dir.path().join("pay.png")), payload);
}
