//! The terminal UI. For now a shell: the shop header, the scan/search line
//! with ranked results, and the key footer. The counter screens come with
//! their own issue. State changes are pure (`app`), drawing is in `view`.

pub mod app;
pub mod view;

use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};

use crate::catalog::search::SearchIndex;
use crate::cli::{CmdResult, Ctx, Failure};
use crate::msg;
use crate::store::{OpenMode, Store};
use app::{Action, App};

/// Open the shop (or the demo shop when none is set up) and run the UI.
pub fn run(ctx: &Ctx) -> CmdResult {
    let store = open_for_ui(ctx)?;
    let profile = store.profile()?.ok_or_else(|| Failure {
        code: 3,
        msg: msg!("chưa có hồ sơ cửa hàng", "no shop profile yet"),
    })?;
    let mut app = App::new(profile, ctx.lang);
    let mut terminal = ratatui::try_init().map_err(|e| Failure {
        code: 3,
        msg: msg!(
            "không mở được terminal: {e}",
            "cannot open the terminal: {e}"
        ),
    })?;
    let result = (|| -> std::io::Result<()> {
        // First frame before the catalogue loads, so the screen is instant.
        terminal.draw(|f| view::draw(f, &app))?;
        let products = store.all_products().unwrap_or_default();
        app.set_index(SearchIndex::new(products));
        loop {
            terminal.draw(|f| view::draw(f, &app))?;
            if !event::poll(Duration::from_millis(500))? {
                continue;
            }
            match event::read()? {
                Event::Key(k)
                    if k.kind != KeyEventKind::Release && app.handle_key(k) == Action::Quit =>
                {
                    return Ok(());
                }
                Event::Paste(text) => app.paste(&text),
                _ => {}
            }
        }
    })();
    ratatui::restore();
    result.map_err(|e| Failure {
        code: 3,
        msg: msg!("lỗi terminal: {e}", "terminal error: {e}"),
    })
}

/// The default shop file when set up; otherwise the demo shop, seeded.
fn open_for_ui(ctx: &Ctx) -> Result<Store, Failure> {
    if ctx.demo {
        return ctx.open();
    }
    if ctx.default_db && !ctx.db.exists() {
        let demo = crate::cli::data_dir().join("demo.quay");
        let mut store = Store::open(&demo, OpenMode::Create)?;
        crate::demo::ensure_demo(&mut store)?;
        return Ok(store);
    }
    ctx.open()
}
