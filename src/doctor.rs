//! `quay doctor`: is this installation healthy? Each check says ok, warn or
//! fail, what it saw and what to do. A service: it reads the store, the file
//! system, the printer connection and the clock; it changes nothing.

use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::i18n::Msg;
use crate::msg;
use crate::receipt::transport::PrinterUri;
use crate::store::{SCHEMA_VERSION, Store};

/// A backup older than this many days is a warning.
pub const BACKUP_MAX_AGE_DAYS: i64 = 7;
/// Free space below this is a failure; below ten times this, a warning.
pub const DISK_MIN_BYTES: u64 = 100 * 1024 * 1024;
const PRINTER_TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Ok,
    Warn,
    Fail,
}

/// One finding.
#[derive(Debug, Clone)]
pub struct Check {
    /// Stable snake_case name: `shop_file`, `audit`, `backup`, `disk`,
    /// `printer`, `invoices`, `clock`, `network_share`, `tax_thresholds`.
    pub id: &'static str,
    pub level: Level,
    /// What was seen.
    pub detail: Msg,
    /// What to do about it (warn and fail only).
    pub action: Option<Msg>,
}

impl Check {
    fn ok(id: &'static str, detail: Msg) -> Check {
        Check {
            id,
            level: Level::Ok,
            detail,
            action: None,
        }
    }
    fn warn(id: &'static str, detail: Msg, action: Msg) -> Check {
        Check {
            id,
            level: Level::Warn,
            detail,
            action: Some(action),
        }
    }
    fn fail(id: &'static str, detail: Msg, action: Msg) -> Check {
        Check {
            id,
            level: Level::Fail,
            detail,
            action: Some(action),
        }
    }
}

/// Run every check on an open shop file at `now`.
pub fn examine(store: &Store, path: &Path, now: DateTime<FixedOffset>) -> Vec<Check> {
    let mut out = vec![shop_file(store), audit(store), backup(store, now), disk(path)];
    out.push(match store.profile().map(|p| p.and_then(|p| p.printer.uri)) {
        Err(e) => Check::fail(
            "printer",
            e.msg(),
            msg!(
                "chạy quay init --show để xem hồ sơ",
                "run quay init --show to see the profile"
            ),
        ),
        Ok(None) => Check::warn(
            "printer",
            msg!("chưa khai báo máy in hóa đơn", "no receipt printer is set up"),
            msg!(
                "quay init --printer tcp://IP:9100 (hoặc file:/dev/usb/lp0)",
                "quay init --printer tcp://IP:9100 (or file:/dev/usb/lp0)"
            ),
        ),
        Ok(Some(uri)) => printer(&uri),
    });
    out.push(invoices(store, now));
    out.push(clock(store, now));
    out.push(network_share(path));
    out.push(tax_thresholds(store, now));
    out
}

fn shop_file(store: &Store) -> Check {
    let v = store.schema_version().unwrap_or(-1);
    match store.integrity_check() {
        Ok(verdict) if verdict == "ok" => Check::ok(
            "shop_file",
            msg!(
                "tệp cửa hàng toàn vẹn, lược đồ {v} (bản này: {SCHEMA_VERSION})",
                "shop file intact, schema {v} (this build: {SCHEMA_VERSION})"
            ),
        ),
        Ok(verdict) => Check::fail(
            "shop_file",
            msg!("tệp cửa hàng bị hỏng: {verdict}", "the shop file is damaged: {verdict}"),
            msg!(
                "ngừng bán, sao chép tệp ra chỗ khác và khôi phục từ bản sao lưu gần nhất",
                "stop selling, copy the file aside and restore the latest backup"
            ),
        ),
        Err(e) => Check::fail(
            "shop_file",
            e.msg(),
            msg!(
                "kiểm tra quyền đọc tệp và ổ đĩa",
                "check the file's permissions and the disk"
            ),
        ),
    }
}

fn audit(store: &Store) -> Check {
    match store.verify_audit() {
        Ok(r) if r.first_broken.is_none() => {
            let n = r.rows;
            Check::ok(
                "audit",
                msg!("nhật ký kiểm toán nguyên vẹn ({n} dòng)", "audit log intact ({n} rows)"),
            )
        }
        Ok(r) => {
            let seq = r.first_broken.map(|b| b.seq).unwrap_or_default();
            Check::fail(
                "audit",
                msg!(
                    "chuỗi kiểm toán bị đứt ở dòng {seq}: tệp đã bị sửa ngoài quay",
                    "audit chain broken at row {seq}: the file was changed outside quay"
                ),
                msg!(
                    "giữ nguyên tệp làm bằng chứng và báo cho cán bộ phường",
                    "keep the file as evidence and tell the ward officer"
                ),
            )
        }
        Err(e) => Check::fail(
            "audit",
            e.msg(),
            msg!("chạy quay audit verify", "run quay audit verify"),
        ),
    }
}

fn backup(store: &Store, now: DateTime<FixedOffset>) -> Check {
    let act = msg!(
        "quay backup --out ĐƯỜNG-DẪN (nên sao lưu mỗi ngày, ra USB hoặc máy khác)",
        "quay backup --out PATH (daily, to a USB stick or another machine)"
    );
    let last = match store.last_backup_ts() {
        Ok(l) => l,
        Err(e) => return Check::fail("backup", e.msg(), act),
    };
    let Some(ts) = last else {
        return Check::warn(
            "backup",
            msg!("chưa có bản sao lưu nào được ghi nhận", "no backup has been recorded"),
            act,
        );
    };
    let Ok(at) = DateTime::parse_from_rfc3339(&ts) else {
        return Check::warn(
            "backup",
            msg!(
                "không đọc được thời điểm sao lưu '{ts}'",
                "cannot read the backup time '{ts}'"
            ),
            act,
        );
    };
    let days = (now - at).num_days();
    let when = at.format("%d/%m/%Y %H:%M").to_string();
    if days > BACKUP_MAX_AGE_DAYS {
        Check::warn(
            "backup",
            msg!(
                "bản sao lưu gần nhất đã {days} ngày ({when})",
                "the last backup is {days} days old ({when})"
            ),
            act,
        )
    } else {
        Check::ok("backup", msg!("sao lưu gần nhất: {when}", "last backup: {when}"))
    }
}

fn disk(path: &Path) -> Check {
    let dir = folder_of(path);
    let act = msg!(
        "giải phóng dung lượng ổ đĩa chứa tệp cửa hàng",
        "free some space on the disk that holds the shop file"
    );
    match fs4::available_space(&dir) {
        Err(e) => {
            let d = dir.display();
            Check::warn(
                "disk",
                msg!(
                    "không đo được dung lượng trống ở {d}: {e}",
                    "cannot measure free space at {d}: {e}"
                ),
                act,
            )
        }
        Ok(free) => {
            let mb = free / (1024 * 1024);
            if free < DISK_MIN_BYTES {
                Check::fail("disk", msg!("chỉ còn {mb} MB trống", "only {mb} MB free"), act)
            } else if free < 10 * DISK_MIN_BYTES {
                Check::warn("disk", msg!("còn {mb} MB trống", "{mb} MB free"), act)
            } else {
                Check::ok("disk", msg!("còn {mb} MB trống", "{mb} MB free"))
            }
        }
    }
}

fn printer(uri: &str) -> Check {
    let act = msg!(
        "bật máy in, kiểm tra cáp/mạng, rồi chạy quay printer test",
        "switch the printer on, check its cable or network, then run quay printer test"
    );
    match PrinterUri::parse(uri) {
        Err(m) => Check::fail("printer", m, act),
        Ok(PrinterUri::Stdout) => Check::ok("printer", msg!("máy in: stdout", "printer: stdout")),
        Ok(PrinterUri::File(p)) => {
            let shown = p.display();
            match std::fs::OpenOptions::new().append(true).open(&p) {
                Ok(_) => Check::ok("printer", msg!("máy in {shown} sẵn sàng", "printer {shown} is ready")),
                Err(e) => Check::fail(
                    "printer",
                    msg!("không mở được máy in {shown}: {e}", "cannot open printer {shown}: {e}"),
                    act,
                ),
            }
        }
        Ok(PrinterUri::Tcp { host, port }) => {
            let addrs: Vec<_> = match (host.as_str(), port).to_socket_addrs() {
                Ok(a) => a.collect(),
                Err(e) => {
                    return Check::fail(
                        "printer",
                        msg!(
                            "không tìm được máy in {host}: {e}",
                            "cannot resolve printer {host}: {e}"
                        ),
                        act,
                    );
                }
            };
            let reached = addrs
                .iter()
                .any(|a| TcpStream::connect_timeout(a, PRINTER_TIMEOUT).is_ok());
            if reached {
                Check::ok(
                    "printer",
                    msg!("máy in {host}:{port} trả lời", "printer {host}:{port} answers"),
                )
            } else {
                Check::fail(
                    "printer",
                    msg!(
                        "máy in {host}:{port} không trả lời",
                        "printer {host}:{port} does not answer"
                    ),
                    act,
                )
            }
        }
    }
}

fn invoices(store: &Store, now: DateTime<FixedOffset>) -> Check {
    let today = now.date_naive().to_string();
    let b = match store.invoice_backlog(&today) {
        Ok(b) => b,
        Err(e) => {
            return Check::fail(
                "invoices",
                e.msg(),
                msg!("chạy quay invoice list", "run quay invoice list"),
            );
        }
    };
    if b.rejected > 0 {
        let n = b.rejected;
        return Check::fail(
            "invoices",
            msg!("{n} hóa đơn bị từ chối", "{n} invoices were rejected"),
            msg!(
                "xem lý do: quay invoice list --status rejected; lập hóa đơn điều chỉnh/thay thế",
                "see why: quay invoice list --status rejected; issue adjustment/replacement invoices"
            ),
        );
    }
    if b.unbatched_earlier > 0 || b.batched_unsent > 0 {
        let (u, s) = (b.unbatched_earlier, b.batched_unsent);
        return Check::warn(
            "invoices",
            msg!(
                "{u} hóa đơn ngày trước chưa gom gói, {s} hóa đơn đã gom chưa gửi",
                "{u} invoices from earlier days not batched, {s} batched but not sent"
            ),
            msg!(
                "quay invoice batch rồi gửi cho nhà cung cấp (quay invoice send)",
                "run quay invoice batch, then send to the provider (quay invoice send)"
            ),
        );
    }
    Check::ok("invoices", msg!("không có hóa đơn tồn đọng", "no invoices waiting"))
}

fn clock(store: &Store, now: DateTime<FixedOffset>) -> Check {
    let act = msg!(
        "chỉnh lại ngày giờ của máy (tự đồng bộ giờ Internet) trước khi bán tiếp",
        "set the machine's date and time (network time) before selling on"
    );
    match store.last_sale_ts() {
        Err(e) => Check::fail("clock", e.msg(), act),
        Ok(None) => Check::ok(
            "clock",
            msg!("chưa có giao dịch để so giờ", "no sales to compare the clock with"),
        ),
        Ok(Some(ts)) => match DateTime::parse_from_rfc3339(&ts) {
            Ok(last) if last > now => {
                let when = last.format("%d/%m/%Y %H:%M").to_string();
                Check::fail(
                    "clock",
                    msg!(
                        "đồng hồ máy đang trước giao dịch gần nhất ({when})",
                        "the clock is before the last sale ({when})"
                    ),
                    act,
                )
            }
            _ => Check::ok("clock", msg!("đồng hồ hợp lý", "the clock looks right")),
        },
    }
}

fn network_share(path: &Path) -> Check {
    match share_kind(path) {
        None => Check::ok(
            "network_share",
            msg!("tệp nằm trên ổ đĩa của máy", "the file is on a local disk"),
        ),
        Some(kind) => Check::fail(
            "network_share",
            msg!(
                "tệp cửa hàng nằm trên ổ mạng ({kind}): SQLite ở chế độ WAL không an toàn trên ổ mạng",
                "the shop file is on a network share ({kind}): SQLite in WAL mode is not safe there"
            ),
            msg!(
                "để tệp trên ổ đĩa của máy bán hàng; dùng quay backup để chép ra ổ mạng",
                "keep the file on the till's own disk; use quay backup to copy it to the share"
            ),
        ),
    }
}

fn folder_of(path: &Path) -> std::path::PathBuf {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    match abs.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    }
}

/// The kind of network file system the file lives on, if any.
pub fn share_kind(path: &Path) -> Option<String> {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let s = abs.to_string_lossy();
    // Windows: UNC paths (\\server\share, \\?\UNC\server\share).
    if s.starts_with(r"\\?\UNC\") || (s.starts_with(r"\\") && !s.starts_with(r"\\?\")) {
        return Some("SMB".into());
    }
    let mounts = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    fs_type_of(&mounts, &s).filter(|t| is_network_fs(t))
}

/// The file system type of the longest mount point that contains `path`,
/// from the text of `/proc/self/mountinfo`.
fn fs_type_of(mountinfo: &str, path: &str) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for line in mountinfo.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        let (Some(mount), Some(dash)) = (fields.get(4), fields.iter().position(|f| *f == "-")) else {
            continue;
        };
        let Some(fstype) = fields.get(dash + 1) else { continue };
        let mount = mount.replace("\\040", " ");
        let inside = path == mount || mount == "/" || path.starts_with(&format!("{mount}/"));
        if inside && best.as_ref().is_none_or(|(len, _)| mount.len() > *len) {
            best = Some((mount.len(), fstype.to_string()));
        }
    }
    best.map(|(_, t)| t)
}

fn is_network_fs(t: &str) -> bool {
    matches!(
        t,
        "nfs" | "nfs4" | "cifs" | "smb3" | "smbfs" | "ncpfs" | "afs" | "9p" | "fuse.sshfs" | "davfs" | "fuse.davfs2"
    )
}

/// A household's revenue this year against the exempt threshold and the
/// e-invoice line (NĐ 68/2026 as amended by NĐ 141/2026): warns once a
/// line is crossed, with the deadline to register e-invoices.
fn tax_thresholds(store: &Store, now: DateTime<FixedOffset>) -> Check {
    use chrono::Datelike;
    let id = "tax_thresholds";
    match store.profile() {
        Ok(Some(p)) if p.tax_method == crate::shop::TaxMethod::Direct => {}
        _ => {
            return Check::ok(
                id,
                msg!(
                    "không phải hộ kinh doanh nộp thuế theo tỷ lệ trên doanh thu",
                    "not a household on the direct method"
                ),
            );
        }
    }
    let table = match crate::report::tax::table() {
        Ok(t) => t,
        Err(crate::report::tax::TaxError::Refused(m)) => {
            return Check::fail(
                id,
                m,
                msg!(
                    "sửa hoặc xóa household-tax.json trong thư mục dữ liệu",
                    "fix or remove household-tax.json in the data folder"
                ),
            );
        }
        Err(crate::report::tax::TaxError::Store(e)) => {
            return Check::fail(id, e.msg(), msg!("kiểm tra tệp cửa hàng", "check the shop file"));
        }
    };
    let today = now.date_naive();
    let th = match crate::report::tax::thresholds(store, &table, today.year(), today) {
        Ok(t) => t,
        Err(crate::report::tax::TaxError::Refused(m)) => {
            return Check::warn(id, m, msg!("cập nhật bảng thuế", "update the tax table"));
        }
        Err(crate::report::tax::TaxError::Store(e)) => {
            return Check::fail(id, e.msg(), msg!("kiểm tra tệp cửa hàng", "check the shop file"));
        }
    };
    let (y, r) = (th.year, crate::money::Vnd(th.revenue));
    let (ex, ei) = (
        crate::money::Vnd(th.exempt_threshold),
        crate::money::Vnd(th.einvoice_line),
    );
    if let (Some(d), Some(by)) = (&th.einvoice_crossed_on, &th.register_by) {
        let invoicing = matches!(store.profile(), Ok(Some(p)) if p.invoice.is_some());
        let detail = msg!(
            "doanh thu {y}: {r}, vượt {ei} từ {d}: bắt buộc hóa đơn điện tử từ máy tính tiền (đăng ký chậm nhất {by})",
            "revenue {y}: {r}, above {ei} since {d}: cash-register e-invoices are compulsory (register by {by})"
        );
        return if invoicing {
            Check::ok(id, detail)
        } else {
            Check::warn(
                id,
                detail,
                msg!(
                    "đăng ký hóa đơn điện tử rồi chạy quay init --invoice-form 2 --invoice-series … --invoice-block …",
                    "register for e-invoices, then run quay init --invoice-form 2 --invoice-series … --invoice-block …"
                ),
            )
        };
    }
    if let Some(d) = &th.exempt_crossed_on {
        return Check::warn(
            id,
            msg!(
                "doanh thu {y}: {r}, vượt ngưỡng không chịu thuế {ex} từ {d}; dưới mức bắt buộc hóa đơn điện tử {ei}",
                "revenue {y}: {r}, above the exempt threshold {ex} since {d}; below the e-invoice line {ei}"
            ),
            msg!(
                "kê khai và nộp thuế theo quý: quay tax summary --quarter …",
                "declare and pay quarterly: quay tax summary --quarter …"
            ),
        );
    }
    Check::ok(
        id,
        msg!(
            "doanh thu {y}: {r}, dưới ngưỡng không chịu thuế {ex} và mức hóa đơn điện tử {ei}",
            "revenue {y}: {r}, below the exempt threshold {ex} and the e-invoice line {ei}"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTINFO: &str = "\
22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda rw
30 22 0:40 / /mnt/shop rw,relatime shared:2 - cifs //nas/shop rw
31 22 0:41 / /mnt/shop\\040files rw - nfs4 nas:/x rw
32 30 0:42 / /mnt/shop/local rw - ext4 /dev/vdb rw
";

    #[test]
    fn the_longest_mount_point_decides_the_file_system() {
        assert_eq!(fs_type_of(MOUNTINFO, "/home/ba/shop.quay").as_deref(), Some("ext4"));
        assert_eq!(fs_type_of(MOUNTINFO, "/mnt/shop/shop.quay").as_deref(), Some("cifs"));
        assert_eq!(fs_type_of(MOUNTINFO, "/mnt/shop files/a.quay").as_deref(), Some("nfs4"));
        assert_eq!(fs_type_of(MOUNTINFO, "/mnt/shop/local/a.quay").as_deref(), Some("ext4"));
        // A sibling whose name only starts like the mount point is not inside it.
        assert_eq!(fs_type_of(MOUNTINFO, "/mnt/shopping/a.quay").as_deref(), Some("ext4"));
        assert!(is_network_fs("cifs") && is_network_fs("nfs4") && !is_network_fs("ext4"));
    }

    #[test]
    fn a_windows_unc_path_is_a_share() {
        assert_eq!(share_kind(Path::new(r"\\nas\shop\shop.quay")).as_deref(), Some("SMB"));
    }

    #[test]
    fn an_unreachable_printer_fails_with_what_to_do() {
        // Port 1 on the loopback: nothing listens there.
        let c = printer("tcp://127.0.0.1:1");
        assert_eq!(c.level, Level::Fail);
        assert!(c.detail.vi.contains("không trả lời"), "{:?}", c.detail);
        assert!(c.action.is_some());
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        assert_eq!(printer(&format!("tcp://127.0.0.1:{port}")).level, Level::Ok);
    }
}
