//! Both QR renderings of `quay vietqr encode` read back to the same payload
//! with an independent QR reader (zbarimg from zbar-tools; .ci/run installs
//! it). The SVG is drawn by this test from the SVG's own path data (an
//! interpreter of the path commands, not quay's renderer), then read.

use std::path::Path;
use std::process::Command;

fn zbar(png: &Path) -> String {
    let read = Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(png)
        .output()
        .expect("zbarimg (Debian package zbar-tools) must be installed; .ci/run installs it");
    assert!(read.status.success(), "zbarimg could not read {}", png.display());
    String::from_utf8(read.stdout).unwrap().trim_end().to_string()
}

/// The polygons of an SVG path (`M`/`m`, `L`/`l`, `H`/`h`, `V`/`v`, `Z`/`z`).
fn polygons(d: &str) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur = (0.0, 0.0);
    let mut start = (0.0, 0.0);
    let mut cmd = ' ';
    let mut nums: Vec<f64> = Vec::new();
    let mut flush = |cmd: char, nums: &mut Vec<f64>, out: &mut Vec<Vec<(f64, f64)>>| {
        let rel = cmd.is_ascii_lowercase();
        let base = |c: (f64, f64), v: (f64, f64)| if rel { (c.0 + v.0, c.1 + v.1) } else { v };
        match cmd.to_ascii_uppercase() {
            'M' | 'L' => {
                for (i, p) in nums.chunks(2).enumerate() {
                    cur = base(cur, (p[0], p[1]));
                    if i == 0 && cmd.eq_ignore_ascii_case(&'M') {
                        start = cur;
                        out.push(vec![cur]);
                    } else {
                        out.last_mut().unwrap().push(cur);
                    }
                }
            }
            'H' => {
                for &x in nums.iter() {
                    cur = (if rel { cur.0 + x } else { x }, cur.1);
                    out.last_mut().unwrap().push(cur);
                }
            }
            'V' => {
                for &y in nums.iter() {
                    cur = (cur.0, if rel { cur.1 + y } else { y });
                    out.last_mut().unwrap().push(cur);
                }
            }
            'Z' => cur = start,
            ' ' => {}
            c => panic!("path command {c} not handled by this test"),
        }
        nums.clear();
    };
    let mut token = String::new();
    for ch in d.chars().chain(std::iter::once(' ')) {
        if ch.is_ascii_alphabetic() || ch == ',' || ch == ' ' || (ch == '-' && !token.is_empty()) {
            if !token.is_empty() {
                nums.push(token.parse().unwrap());
                token.clear();
            }
            if ch == '-' {
                token.push(ch);
            } else if ch.is_ascii_alphabetic() {
                flush(cmd, &mut nums, &mut out);
                cmd = ch;
            }
        } else {
            token.push(ch);
        }
    }
    flush(cmd, &mut nums, &mut out);
    out
}

/// Rasterise `svg` (a white background and one black path, as QR SVGs are)
/// at `scale` pixels per unit, even-odd fill at pixel centres.
fn rasterise(svg: &str, scale: f64) -> (usize, Vec<bool>) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let view: Vec<f64> = doc
        .root_element()
        .attribute("viewBox")
        .unwrap()
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    let side = (view[2] * scale) as usize;
    let mut dark = vec![false; side * side];
    for path in doc.descendants().filter(|n| n.has_tag_name("path")) {
        assert_eq!(path.attribute("fill"), Some("#000"));
        for poly in polygons(path.attribute("d").unwrap()) {
            // only the pixels of the polygon's bounding box can change
            let px_range = |get: fn(&(f64, f64)) -> f64| {
                let lo = poly.iter().map(get).fold(f64::MAX, f64::min);
                let hi = poly.iter().map(get).fold(f64::MIN, f64::max);
                ((lo * scale).floor().max(0.0) as usize)..((hi * scale).ceil() as usize).min(side)
            };
            for py in px_range(|p| p.1) {
                let y = (py as f64 + 0.5) / scale;
                for px in px_range(|p| p.0) {
                    let x = (px as f64 + 0.5) / scale;
                    let mut inside = false;
                    for i in 0..poly.len() {
                        let (a, b) = (poly[i], poly[(i + 1) % poly.len()]);
                        if (a.1 > y) != (b.1 > y) && x < a.0 + (y - a.1) * (b.0 - a.0) / (b.1 - a.1) {
                            inside = !inside;
                        }
                    }
                    if inside {
                        dark[py * side + px] = !dark[py * side + px];
                    }
                }
            }
        }
    }
    (side, dark)
}

fn write_png(path: &Path, side: usize, dark: &[bool]) {
    let file = std::fs::File::create(path).unwrap();
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), side as u32, side as u32);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    let data: Vec<u8> = dark.iter().map(|&d| if d { 0 } else { 255 }).collect();
    enc.write_header().unwrap().write_image_data(&data).unwrap();
}

#[test]
fn the_png_and_the_svg_both_read_back_to_the_payload() {
    let dir = tempfile::tempdir().unwrap();
    let (png, svg) = (dir.path().join("code.png"), dir.path().join("code.svg"));
    let out = Command::new(env!("CARGO_BIN_EXE_quay"))
        .env_clear()
        .env("HOME", dir.path())
        .args(["vietqr", "encode", "--bank", "970415", "--account", "113366668888"])
        .args(["--amount", "79000", "--purpose", "Ủng hộ quỹ vắc xin", "--png"])
        .arg(&png)
        .arg("--svg")
        .arg(&svg)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let payload = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .trim()
        .to_string();
    assert!(
        payload.starts_with("000201"),
        "stdout starts with the payload: {payload}"
    );
    assert_eq!(zbar(&png), payload);

    let (side, dark) = rasterise(&std::fs::read_to_string(&svg).unwrap(), 6.0);
    let drawn = dir.path().join("from-svg.png");
    write_png(&drawn, side, &dark);
    assert_eq!(zbar(&drawn), payload, "the SVG draws the same code");
}
