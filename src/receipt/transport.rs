//! Where print jobs go: `file:PATH` (or a bare path, e.g. /dev/usb/lp0)
//! through the escpos crate's file driver, `tcp://HOST[:9100]` with a
//! connect timeout and a deadline for the whole job (the crate's network
//! driver only times single writes and needs an IP literal), `stdout`.
//! Serial printers: the escpos crate's `serial_port` feature needs libudev
//! and is not built here; `serial:` gives a clear message instead.

use std::io::Write;
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use escpos::driver::{Driver, FileDriver};

use crate::i18n::Msg;
use crate::msg_key;

pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(5);

pub use crate::printer_settings::PrinterUri;

/// Why a print job did not reach the printer. `printer` is the path,
/// `host:port` or USB device as given; `detail` the system's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    Stdout(String),
    Send {
        printer: String,
        detail: String,
    },
    NoHost(String),
    Connect {
        printer: String,
        detail: String,
    },
    NoUsbPrinter,
    UsbOpen {
        printer: String,
        detail: String,
    },
    UsbSend {
        printer: String,
        detail: String,
    },
    UsbNotHere,
    /// Windows: the device is taken or needs administrator rights.
    DeniedWindows(String),
    /// Elsewhere: the user is not in the `lp` group.
    Denied(String),
    NotFound(String),
    Busy(String),
    Open {
        printer: String,
        detail: String,
    },
}

impl TransportError {
    pub fn msg(&self) -> Msg {
        use TransportError as E;
        match self {
            E::Stdout(detail) => msg_key!("printer.stdout", detail),
            E::Send { printer, detail } => msg_key!("printer.send", printer, detail),
            E::NoHost(printer) => msg_key!("printer.no_host", printer),
            E::Connect { printer, detail } => msg_key!("printer.connect", printer, detail),
            E::NoUsbPrinter => msg_key!("printer.no_usb_printer"),
            E::UsbOpen { printer, detail } => msg_key!("printer.usb_open", printer, detail),
            E::UsbSend { printer, detail } => msg_key!("printer.usb_send", printer, detail),
            E::UsbNotHere => msg_key!("printer.usb_not_here"),
            E::DeniedWindows(printer) => msg_key!("printer.denied_windows", printer),
            E::Denied(printer) => msg_key!("printer.denied", printer),
            E::NotFound(printer) => msg_key!("printer.not_found", printer),
            E::Busy(printer) => msg_key!("printer.busy", printer),
            E::Open { printer, detail } => msg_key!("printer.open", printer, detail),
        }
    }
}

crate::english_display!(TransportError);

impl From<TransportError> for Msg {
    fn from(e: TransportError) -> Msg {
        e.msg()
    }
}

/// Send a whole job. Never blocks longer than the timeouts.
pub fn send(uri: &PrinterUri, bytes: &[u8]) -> Result<(), TransportError> {
    match uri {
        PrinterUri::Stdout => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|_| out.flush())
                .map_err(|e| TransportError::Stdout(e.to_string()))
        }
        PrinterUri::File(path) => {
            let p = path.display().to_string();
            let mut opts = std::fs::OpenOptions::new();
            opts.append(true);
            let driver = FileDriver::open_with_options(path, &opts).map_err(|e| {
                // The crate's error is text only: open the path again to
                // learn the OS error's kind, whatever the system's language.
                let kind = opts.open(path).err().map(|e| e.kind());
                open_failure(&p, kind, &e.to_string())
            })?;
            driver
                .write(bytes)
                .and_then(|_| driver.flush())
                .map_err(|e| TransportError::Send {
                    printer: p,
                    detail: e.to_string(),
                })
        }
        PrinterUri::Usb(device) => send_usb(device.as_deref(), bytes),
        PrinterUri::Tcp { host, port } => {
            let addr = (host.as_str(), *port)
                .to_socket_addrs()
                .ok()
                .and_then(|mut a| a.next())
                .ok_or_else(|| TransportError::NoHost(format!("{host}:{port}")))?;
            let mut stream =
                TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT).map_err(|e| TransportError::Connect {
                    printer: format!("{host}:{port}"),
                    detail: e.to_string(),
                })?;
            // A deadline for the whole job: a printer that stops reading
            // (paper out, jammed) must not hold the counter.
            let deadline = Instant::now() + WRITE_TIMEOUT;
            let fail = |detail: String| TransportError::Send {
                printer: format!("{host}:{port}"),
                detail,
            };
            for chunk in bytes.chunks(16 * 1024) {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(fail("timed out".into()));
                }
                stream.set_write_timeout(Some(left)).map_err(|e| fail(e.to_string()))?;
                stream.write_all(chunk).map_err(|e| fail(e.to_string()))?;
            }
            stream.flush().map_err(|e| fail(e.to_string()))
        }
    }
}

/// A USB printer on Windows through the escpos crate's usbprint.sys
/// driver: the one named, or the first one found.
#[cfg(windows)]
fn send_usb(device: Option<&str>, bytes: &[u8]) -> Result<(), TransportError> {
    use escpos::driver::WindowsUsbPrintDriver;
    let path = match device {
        Some(d) => d.to_string(),
        None => WindowsUsbPrintDriver::list()
            .ok()
            .and_then(|l| l.into_iter().next())
            .map(|i| i.device_path)
            .ok_or(TransportError::NoUsbPrinter)?,
    };
    let driver = WindowsUsbPrintDriver::open(&path).map_err(|e| TransportError::UsbOpen {
        printer: path.clone(),
        detail: e.to_string(),
    })?;
    driver
        .write(bytes)
        .and_then(|_| driver.flush())
        .map_err(|e| TransportError::UsbSend {
            printer: path.clone(),
            detail: e.to_string(),
        })
}

#[cfg(not(windows))]
fn send_usb(_device: Option<&str>, _bytes: &[u8]) -> Result<(), TransportError> {
    Err(TransportError::UsbNotHere)
}

/// What to tell the user when a printer device or file does not open,
/// by the OS error's kind (never by its text, which is localised on
/// Windows).
fn open_failure(p: &str, kind: Option<std::io::ErrorKind>, detail: &str) -> TransportError {
    use std::io::ErrorKind::*;
    let p = p.to_string();
    match kind {
        Some(PermissionDenied) if cfg!(windows) => TransportError::DeniedWindows(p),
        Some(PermissionDenied) => TransportError::Denied(p),
        Some(NotFound) => TransportError::NotFound(p),
        Some(ResourceBusy) => TransportError::Busy(p),
        _ => TransportError::Open {
            printer: p,
            detail: detail.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_parse_and_bad_ones_say_why() {
        assert_eq!(
            PrinterUri::parse("file:/dev/usb/lp0"),
            Ok(PrinterUri::File("/dev/usb/lp0".into()))
        );
        assert_eq!(
            PrinterUri::parse("/dev/usb/lp1"),
            Ok(PrinterUri::File("/dev/usb/lp1".into()))
        );
        assert_eq!(
            PrinterUri::parse("tcp://192.168.1.50"),
            Ok(PrinterUri::Tcp {
                host: "192.168.1.50".into(),
                port: 9100
            })
        );
        assert_eq!(PrinterUri::parse("stdout"), Ok(PrinterUri::Stdout));
        assert_eq!(PrinterUri::parse("usb:"), Ok(PrinterUri::Usb(None)));
        assert_eq!(
            PrinterUri::parse(r"usb:\\?\usb#vid_0416&pid_5011"),
            Ok(PrinterUri::Usb(Some(r"\\?\usb#vid_0416&pid_5011".into())))
        );
        assert_eq!(PrinterUri::parse("LPT1"), Ok(PrinterUri::File("LPT1".into())));
        assert_eq!(
            PrinterUri::parse(r"\\QUAY\XP80"),
            Ok(PrinterUri::File(r"\\QUAY\XP80".into()))
        );
        assert!(PrinterUri::parse("usb://x").unwrap_err().en.contains("unknown printer"));
        assert!(PrinterUri::parse("tcp://h:abc").unwrap_err().en.contains("port"));
        assert!(
            PrinterUri::parse("serial:/dev/ttyS0")
                .unwrap_err()
                .en
                .contains("serial")
        );
    }

    #[test]
    fn open_failures_are_told_by_the_error_kind_not_its_text() {
        use std::io::ErrorKind;
        let m = open_failure("/dev/usb/lp0", Some(ErrorKind::NotFound), "Không tìm thấy tệp").msg();
        assert!(m.en.contains("not found: is it on and plugged in?"), "{}", m.en);
        let m = open_failure("/dev/usb/lp0", Some(ErrorKind::PermissionDenied), "Accès refusé").msg();
        assert!(m.en.contains("no permission to write"), "{}", m.en);
        let m = open_failure("/dev/usb/lp0", Some(ErrorKind::Other), "odd").msg();
        assert!(m.en.contains("cannot open printer /dev/usb/lp0: odd"), "{}", m.en);
    }

    #[test]
    fn a_missing_device_is_reported_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("lp0");
        let e = send(&PrinterUri::File(p.clone()), b"x").unwrap_err().msg();
        assert!(e.en.contains("not found"), "{}", e.en);
        assert!(!p.exists());
    }
}
