//! The printer settings a shop profile holds: paper width, text and QR
//! modes, the cash drawer, and the printer URI (`file:`, `tcp://`, `stdout`)
//! with its parser. Plain data, no I/O: `receipt` prints with them and
//! re-exports them, and `shop` validates them without importing `receipt`.

use std::path::PathBuf;

use crate::i18n::Msg;
use crate::msg;

pub const WIDTH_58MM: usize = 32;
pub const WIDTH_80MM: usize = 48;

/// Paper width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    Mm58,
    Mm80,
}

impl Paper {
    pub fn parse(s: &str) -> Option<Paper> {
        match s.trim().trim_end_matches("mm") {
            "58" => Some(Paper::Mm58),
            "80" => Some(Paper::Mm80),
            _ => None,
        }
    }

    pub fn mm(self) -> u16 {
        match self {
            Paper::Mm58 => 58,
            Paper::Mm80 => 80,
        }
    }

    /// Characters per line.
    pub fn cols(self) -> usize {
        match self {
            Paper::Mm58 => WIDTH_58MM,
            Paper::Mm80 => WIDTH_80MM,
        }
    }

    /// Printable dots per line.
    pub fn dots(self) -> usize {
        match self {
            Paper::Mm58 => 384,
            Paper::Mm80 => 576,
        }
    }
}

/// How QR codes are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QrMode {
    /// The printer draws it (`GS ( k`).
    Native,
    /// Drawn here and sent as an image, for printers without 2-D codes.
    Raster,
}

impl QrMode {
    pub fn parse(s: &str) -> Option<QrMode> {
        match s.trim().to_ascii_lowercase().as_str() {
            "native" => Some(QrMode::Native),
            "raster" | "image" => Some(QrMode::Raster),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            QrMode::Native => "native",
            QrMode::Raster => "raster",
        }
    }
}

/// The printer settings of the shop profile.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PrinterProfile {
    /// `file:/dev/usb/lp0`, `tcp://192.168.1.50:9100`, `stdout`; none = no printer.
    pub uri: Option<String>,
    pub paper: Paper,
    pub mode: TextMode,
    pub qr: QrMode,
    /// Cash drawer on pin 2 or 5.
    pub drawer_pin: u8,
    pub drawer_on_ms: u16,
    pub drawer_off_ms: u16,
    /// Open the drawer when a sale takes cash.
    pub open_drawer: bool,
    /// Printed at the bottom of every receipt.
    pub footer: Option<String>,
}

impl Default for PrinterProfile {
    fn default() -> Self {
        PrinterProfile {
            uri: None,
            paper: Paper::Mm80,
            mode: TextMode::Raster,
            qr: QrMode::Native,
            drawer_pin: 2,
            drawer_on_ms: 100,
            drawer_off_ms: 100,
            open_drawer: true,
            footer: None,
        }
    }
}

/// How text reaches the printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextMode {
    /// Text drawn with a bundled font into a bitmap (GS v 0): every printer.
    Raster,
    Tcvn3,
    Cp1258,
    Ascii,
}

impl TextMode {
    pub const ALL: [TextMode; 4] = [TextMode::Raster, TextMode::Tcvn3, TextMode::Cp1258, TextMode::Ascii];

    pub fn parse(s: &str) -> Option<TextMode> {
        match s.trim().to_ascii_lowercase().as_str() {
            "raster" | "image" => Some(TextMode::Raster),
            "tcvn3" | "tcvn-3" | "tcvn" => Some(TextMode::Tcvn3),
            "cp1258" | "windows-1258" | "1258" => Some(TextMode::Cp1258),
            "ascii" => Some(TextMode::Ascii),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            TextMode::Raster => "raster",
            TextMode::Tcvn3 => "tcvn3",
            TextMode::Cp1258 => "cp1258",
            TextMode::Ascii => "ascii",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrinterUri {
    File(PathBuf),
    Tcp {
        host: String,
        port: u16,
    },
    Stdout,
    /// `usb:` (the first) or `usb:DEVICE_PATH`: a USB printer through
    /// Windows' usbprint.sys (on Linux a USB printer is `file:/dev/usb/lp0`).
    Usb(Option<String>),
}

/// A Windows device or file path written without `file:`: `\\.\LPT1`,
/// `\\PC\Printer`, `C:\out.bin`, `LPT1`.
fn is_windows_path(t: &str) -> bool {
    let b = t.as_bytes();
    let drive = b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b[2] == b'\\' || b[2] == b'/');
    let lpt = t.len() == 4 && t.to_ascii_uppercase().starts_with("LPT") && b[3].is_ascii_digit();
    t.starts_with("\\\\") || drive || lpt
}

impl PrinterUri {
    pub fn parse(s: &str) -> Result<PrinterUri, Msg> {
        let t = s.trim();
        if t == "stdout" || t == "-" {
            return Ok(PrinterUri::Stdout);
        }
        if let Some(p) = t.strip_prefix("file:") {
            let p = p.trim_start_matches("//");
            if p.is_empty() {
                return Err(msg!(
                    "'{t}': thiếu đường dẫn sau file:",
                    "'{t}': a path is needed after file:"
                ));
            }
            return Ok(PrinterUri::File(PathBuf::from(p)));
        }
        if let Some(rest) = t.strip_prefix("tcp://") {
            let (host, port) = match rest.rsplit_once(':') {
                Some((h, p)) => (
                    h,
                    p.parse::<u16>().map_err(|_| {
                        msg!(
                            "'{t}': cổng '{p}' không hợp lệ (thường là 9100)",
                            "'{t}': port '{p}' is not valid (usually 9100)"
                        )
                    })?,
                ),
                None => (rest, 9100),
            };
            if host.is_empty() {
                return Err(msg!(
                    "'{t}': thiếu tên máy hoặc địa chỉ IP",
                    "'{t}': the host name or IP is missing"
                ));
            }
            return Ok(PrinterUri::Tcp {
                host: host.trim_matches(['[', ']']).to_string(),
                port,
            });
        }
        if t.starts_with("serial:") {
            return Err(msg!(
                "'{t}': bản quay này chưa có máy in cổng COM (serial); hãy dùng USB (file:/dev/usb/lp0) hoặc mạng (tcp://IP:9100)",
                "'{t}': this build has no serial printer support; use USB (file:/dev/usb/lp0) or network (tcp://IP:9100)"
            ));
        }
        // `usb://…` is not this (a URL-like name quay does not know).
        if let Some(dev) = t.strip_prefix("usb:")
            && !dev.starts_with("//")
        {
            let dev = dev.trim();
            return Ok(PrinterUri::Usb((!dev.is_empty()).then(|| dev.to_string())));
        }
        if t.starts_with('/') || is_windows_path(t) {
            return Ok(PrinterUri::File(PathBuf::from(t)));
        }
        Err(msg!(
            "máy in '{t}' không rõ: cần file:/dev/usb/lp0, tcp://192.168.1.50:9100, usb: (Windows) hoặc stdout",
            "unknown printer '{t}': expected file:/dev/usb/lp0, tcp://192.168.1.50:9100, usb: (Windows) or stdout"
        ))
    }
}

/// Where a queued print job is: `queued` with its document, then `printed`,
/// or `failed` (with the error) until a retry prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PrintStatus {
    Queued,
    Printed,
    Failed,
}

impl PrintStatus {
    pub const ALL: [PrintStatus; 3] = [PrintStatus::Queued, PrintStatus::Printed, PrintStatus::Failed];

    /// Stored code: `queued`, `printed`, `failed`.
    pub fn code(self) -> &'static str {
        match self {
            PrintStatus::Queued => "queued",
            PrintStatus::Printed => "printed",
            PrintStatus::Failed => "failed",
        }
    }

    pub fn from_code(s: &str) -> Option<PrintStatus> {
        PrintStatus::ALL.into_iter().find(|p| p.code() == s)
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            PrintStatus::Queued => lang.pick("chờ in", "queued"),
            PrintStatus::Printed => lang.pick("đã in", "printed"),
            PrintStatus::Failed => lang.pick("in lỗi", "failed"),
        }
    }
}
