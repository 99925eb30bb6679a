//! Reports: the cash session's X (live) and Z (closing) reports for now;
//! cashless share, e-invoice coverage and ward bundles come with their issue.

pub mod bundle;
pub mod bundle_batch;
pub mod cashiers;
pub mod cashless;
pub mod evidence;
pub mod profit;
pub mod tax;
pub mod tax_book;
pub mod tax_render;
pub mod ward;
pub mod ward_load;
pub mod ward_render;
pub mod zreport;
