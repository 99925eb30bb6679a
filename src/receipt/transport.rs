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
use crate::msg;

pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(5);

pub use crate::printer_settings::PrinterUri;

/// Send a whole job. Never blocks longer than the timeouts.
pub fn send(uri: &PrinterUri, bytes: &[u8]) -> Result<(), Msg> {
    match uri {
        PrinterUri::Stdout => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|_| out.flush())
                .map_err(|e| msg!("không ghi được ra stdout: {e}", "cannot write to stdout: {e}"))
        }
        PrinterUri::File(path) => {
            let p = path.display().to_string();
            let mut opts = std::fs::OpenOptions::new();
            opts.append(true);
            let driver = FileDriver::open_with_options(path, &opts).map_err(|e| {
                let detail = e.to_string();
                if detail.contains("ermission") {
                    msg!(
                        "không có quyền ghi vào {p}: thêm người dùng vào nhóm lp (sudo usermod -aG lp $USER) rồi đăng nhập lại",
                        "no permission to write to {p}: add the user to the lp group (sudo usermod -aG lp $USER) and log in again"
                    )
                } else if detail.contains("No such file") || detail.contains("not found") {
                    msg!("không thấy máy in {p}: máy in đã bật và cắm cáp chưa?", "printer {p} not found: is it on and plugged in?")
                } else {
                    msg!("không mở được máy in {p}: {detail}", "cannot open printer {p}: {detail}")
                }
            })?;
            driver
                .write(bytes)
                .and_then(|_| driver.flush())
                .map_err(|e| msg!("lỗi khi gửi tới máy in {p}: {e}", "error sending to printer {p}: {e}"))
        }
        PrinterUri::Tcp { host, port } => {
            let addr = (host.as_str(), *port)
                .to_socket_addrs()
                .ok()
                .and_then(|mut a| a.next())
                .ok_or_else(|| {
                    msg!(
                        "không tìm thấy máy in {host}:{port}",
                        "cannot find printer {host}:{port}"
                    )
                })?;
            let mut stream = TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT).map_err(|e| {
                msg!(
                    "không kết nối được máy in {host}:{port} ({e}): máy in đã bật và cùng mạng chưa?",
                    "cannot connect to printer {host}:{port} ({e}): is it on and on the same network?"
                )
            })?;
            // A deadline for the whole job: a printer that stops reading
            // (paper out, jammed) must not hold the counter.
            let deadline = Instant::now() + WRITE_TIMEOUT;
            let fail = |e: String| {
                msg!(
                    "lỗi khi gửi tới máy in {host}:{port}: {e}",
                    "error sending to printer {host}:{port}: {e}"
                )
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
    fn a_missing_device_is_reported_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("lp0");
        let e = send(&PrinterUri::File(p.clone()), b"x").unwrap_err();
        assert!(e.en.contains("not found"), "{}", e.en);
        assert!(!p.exists());
    }
}
