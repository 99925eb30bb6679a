//! The till: what the sell and pay screens (and the dialogs acting on the
//! sale) share about the sale being rung up — the cart and its undo steps,
//! its approvals and price overrides, its customer, the client id it is paid
//! under, and whether a cash session is open. A field of `App`; the sell and
//! pay screens' `handle` see it and their own state only.

use crate::checkout::Cart;
use crate::counter::Actor;

use super::dialogs::price_override::Overridden;

/// The sale at the till.
#[derive(Debug, Clone, PartialEq)]
pub struct Till {
    pub cart: Cart,
    /// Label of the current cart: Đơn 1, Đơn 2…
    pub cart_no: u32,
    pub undo: Vec<Cart>,
    /// Approval already given for the current cart's discount.
    pub approved_by: Option<Actor>,
    /// The current cart's price overrides (Ctrl+P), recorded in the audit
    /// chain with the sale: override, catalogue price, approving manager.
    pub overrides: Vec<Overridden>,
    /// The customer of the current sale (for a debt tender), picked with Ctrl+K.
    pub customer: Option<crate::customers::Customer>,
    /// The client id of the cart being paid: kept across F5/Esc so the
    /// reserved sale number (shown in the VietQR code) is the one the sale
    /// is committed under.
    pub pay_uuid: Option<String>,
    /// Whether a cash session is open (the loop keeps it true to the file);
    /// without one, the next payment first asks for the float.
    pub session_open: bool,
}

impl Default for Till {
    fn default() -> Till {
        Till {
            cart: Cart::default(),
            cart_no: 1,
            undo: Vec::new(),
            approved_by: None,
            overrides: Vec::new(),
            customer: None,
            pay_uuid: None,
            session_open: true,
        }
    }
}
