//! `quay sell`, `sales`, `refund`, `void`, `session`, `report x|z`,
//! `users`, `receipt preview`: the counter from the command line, through
//! the same services as the sell screen. Here: who is acting and amounts;
//! the commands are in the files beside this one.

mod receipt;
mod sell;
mod session;
mod users;

pub use receipt::{printer, receipt};
pub use sell::{refund, sales, sell, void};
pub use session::{report, session};
pub use users::users;

use super::args::{
    AuthArgs, PrintFlags, PrinterCommand, ReceiptCommand, RefundArgs, ReportCommand, SalesCommand, SellArgs,
    SessionCommand, SheetFormat, UsersCommand, WhoArgs,
};
use super::{CmdResult, Ctx, Failure};
use crate::checkout::tender::{Method, Tender, Wallet};
use crate::checkout::{Cart, Discount, split_qty_prefix};
use crate::counter::{self, Actor};
use crate::money::Vnd;
use crate::msg;
use crate::report::zreport;
use crate::sales::{SaleRecord, format_number};
use crate::staff;
use crate::store::Store;

/// The acting user: single-user mode when the shop has none, else a PIN check.
pub(crate) fn who(store: &mut Store, w: &WhoArgs) -> Result<Actor, Failure> {
    if !counter::has_users(store)? {
        return Ok(Actor::owner());
    }
    let (Some(name), Some(pin)) = (&w.user, &w.pin) else {
        return Err(Failure::usage(msg!(
            "cửa hàng có người dùng: cần --user TÊN và --pin (hoặc QUAY_USER, QUAY_PIN)",
            "this shop has users: --user NAME and --pin are needed (or QUAY_USER, QUAY_PIN)"
        )));
    };
    Ok(counter::login(store, name, pin)?)
}

/// Changes only a manager may make once the shop has users (profile,
/// prices, deactivation, invoice statuses, backup, restore): `--user/--pin`
/// of a manager, or `--manager/--manager-pin`. Returns the name for the
/// audit row (the shell user in single-user mode).
pub(crate) fn manager_only(store: &mut Store, w: &WhoArgs) -> Result<String, Failure> {
    if let (Some(n), Some(p)) = (&w.manager, &w.manager_pin)
        && counter::has_users(store)?
    {
        return Ok(counter::approve(store, n, p)?.name);
    }
    manager_auth(
        store,
        &AuthArgs {
            user: w.user.clone(),
            pin: w.pin.clone(),
        },
    )
}

/// [`manager_only`] for commands that take only `--user/--pin`.
pub(crate) fn manager_auth(store: &mut Store, w: &AuthArgs) -> Result<String, Failure> {
    if !counter::has_users(store)? {
        return Ok(crate::context::default_actor());
    }
    let (Some(name), Some(pin)) = (&w.user, &w.pin) else {
        return Err(Failure::usage(msg!(
            "việc này cần quản lý: thêm --user TÊN --pin PIN của một quản lý (hoặc QUAY_USER, QUAY_PIN)",
            "this needs a manager: add --user NAME --pin PIN of a manager (or QUAY_USER, QUAY_PIN)"
        )));
    };
    Ok(counter::approve(store, name, pin)?.name)
}

/// A manager's approval: the actor if a manager, else --manager/--manager-pin.
fn manager(store: &mut Store, actor: &Actor, w: &WhoArgs) -> Result<Actor, Failure> {
    if actor.is_manager() {
        return Ok(actor.clone());
    }
    match (&w.manager, &w.manager_pin) {
        (Some(n), Some(p)) => Ok(counter::approve(store, n, p)?),
        _ => Err(Failure::refused(msg!(
            "cần quản lý duyệt: thêm --manager TÊN --manager-pin PIN",
            "a manager must approve: add --manager NAME --manager-pin PIN"
        ))),
    }
}

pub(super) fn amount(s: &str, what: &str) -> Result<Vnd, Failure> {
    let v = Vnd::parse(s).map_err(|e| Failure::refused(msg!("{what} '{s}': {e}", "{what} '{s}': {e}")))?;
    crate::checkout::tender::check_amount(v)
        .map_err(|m| Failure::refused(m.msg().prefixed(&format!("{what} '{s}': "), &format!("{what} '{s}': "))))?;
    Ok(v)
}
