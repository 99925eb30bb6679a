//! ESC/POS bytes for a receipt, built with the `escpos` crate (init, bold,
//! alignment, native QR `GS ( k`, feed, cut) over a capturing driver; the
//! Vietnamese text bytes, raster images and the cash-drawer pulse with its
//! timing are made here (the crate has no Vietnamese table, and its drawer
//! command carries no pulse times).

use std::cell::RefCell;
use std::rc::Rc;

use escpos::driver::Driver;
use escpos::printer::Printer;
use escpos::utils::{JustifyMode, Protocol, QRCodeCorrectionLevel, QRCodeModel, QRCodeOption};

use super::codepage::{self, TextMode};
use super::raster;
use super::{PrinterProfile, QrMode, Receipt};

/// Collects the bytes the printer would receive.
#[derive(Clone, Default)]
pub struct Capture(Rc<RefCell<Vec<u8>>>);

impl Capture {
    pub fn bytes(&self) -> Vec<u8> {
        self.0.borrow().clone()
    }
}

impl Driver for Capture {
    fn name(&self) -> String {
        "capture".into()
    }
    fn write(&self, data: &[u8]) -> escpos::errors::Result<()> {
        self.0.borrow_mut().extend_from_slice(data);
        Ok(())
    }
    fn read(&self, _buf: &mut [u8]) -> escpos::errors::Result<usize> {
        Ok(0)
    }
    fn flush(&self) -> escpos::errors::Result<()> {
        Ok(())
    }
}

/// `ESC p m t1 t2`: pin 2 (m = 0) or 5 (m = 1), on/off times in 2 ms units.
pub fn drawer_pulse(pin: u8, on_ms: u16, off_ms: u16) -> [u8; 5] {
    let m = if pin == 5 { 1 } else { 0 };
    let t = |ms: u16| (ms / 2).clamp(1, 255) as u8;
    [0x1B, b'p', m, t(on_ms), t(off_ms)]
}

/// QR module size (dots) for the paper: the sale code (37 modules + quiet
/// zone) stays well inside 58 mm (384 dots) and 80 mm (576 dots).
pub fn qr_module(paper_dots: usize) -> u8 {
    if paper_dots >= 576 { 6 } else { 5 }
}

/// The whole print job.
pub fn encode(r: &Receipt, p: &PrinterProfile, open_drawer: bool) -> Result<Vec<u8>, String> {
    let cap = Capture::default();
    let mut pr = Printer::new(cap.clone(), Protocol::default(), None);
    let e = |e: escpos::errors::PrinterError| e.to_string();
    pr.init().map_err(e)?;
    if open_drawer {
        pr.custom(&drawer_pulse(p.drawer_pin, p.drawer_on_ms, p.drawer_off_ms))
            .map_err(e)?;
    }
    let cols = p.paper.cols();
    text_block(&mut pr, &r.lines, &r.bold, p.mode, cols).map_err(e)?;
    if let Some(qr) = &r.qr {
        pr.feed().map_err(e)?;
        match p.qr {
            QrMode::Native => {
                pr.justify(JustifyMode::CENTER).map_err(e)?;
                pr.qrcode_option(
                    &qr.payload,
                    QRCodeOption::new(QRCodeModel::Model2, qr_module(p.paper.dots()), QRCodeCorrectionLevel::M),
                )
                .map_err(e)?;
                pr.justify(JustifyMode::LEFT).map_err(e)?;
            }
            QrMode::Raster => {
                let m = crate::vietqr::render::matrix(&qr.payload).map_err(|e| e.msg().en)?;
                let bmp = raster::qr_bitmap(&m, usize::from(qr_module(p.paper.dots())), p.paper.dots());
                pr.custom(&bmp.escpos()).map_err(e)?;
            }
        }
        let caption: Vec<String> = qr.caption.iter().flat_map(|c| super::center(c, cols)).collect();
        let none = vec![false; caption.len()];
        text_block(&mut pr, &caption, &none, p.mode, cols).map_err(e)?;
    }
    pr.feeds(4).map_err(e)?;
    pr.cut().map_err(e)?;
    pr.print().map_err(e)?;
    Ok(cap.bytes())
}

fn text_block(
    pr: &mut Printer<Capture>,
    lines: &[String],
    bold: &[bool],
    mode: TextMode,
    cols: usize,
) -> escpos::errors::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    if mode == TextMode::Raster {
        // draw in bands so a long receipt is not one huge image
        for (chunk, b) in lines.chunks(9).zip(bold.chunks(9).chain(std::iter::repeat(&[][..]))) {
            let bmp = raster::render_lines(chunk, b, cols);
            pr.custom(&bmp.escpos())?;
        }
        return Ok(());
    }
    let mut page = None;
    for (i, line) in lines.iter().enumerate() {
        let is_bold = bold.get(i).copied().unwrap_or(false);
        if is_bold {
            pr.bold(true)?;
        }
        let mut bytes = codepage::encode(line, mode, &mut page);
        bytes.push(b'\n');
        pr.custom(&bytes)?;
        if is_bold {
            pr.bold(false)?;
        }
    }
    Ok(())
}
