//! `quay users`: cashiers and managers.

use super::*;

pub fn users(ctx: &Ctx, c: UsersCommand) -> CmdResult {
    let mut store = ctx.open()?;
    match c {
        UsersCommand::Add {
            name,
            role,
            set_pin: pin,
            who: w,
        } => {
            // The first user is added by the owner; after that a manager adds users.
            let actor = if staff::adding_first(&store)? {
                Actor::owner()
            } else {
                let a = who(&mut store, &w)?;
                manager(&mut store, &a, &w)?
            };
            let code = staff::add_user(&mut store, &actor, &name, role, &pin)?;
            let name = name.trim().to_string();
            if w.json {
                let doc = serde_json::json!({
                    "name": name,
                    "role": role,
                    "active": true,
                    "recovery_code": code,
                });
                println!("{doc}");
                return Ok(());
            }
            let r = role.label(ctx.lang);
            println!("{}", msg!("Đã thêm {name} ({r})", "Added {name} ({r})").get(ctx.lang));
            if let Some(code) = code {
                print_recovery_code(ctx, &name, &code);
            }
            Ok(())
        }
        UsersCommand::List { json } => {
            let list = store.users()?;
            if json {
                println!("{}", serde_json::json!({ "users": list }));
                return Ok(());
            }
            if list.is_empty() {
                println!(
                    "{}",
                    ctx.t(
                        "Chưa có người dùng: quầy chạy ở chế độ một người (chủ cửa hàng). Thêm: quay users add TÊN --role manager --pin 1234",
                        "No users yet: the counter runs in single-user mode (the owner). Add one: quay users add NAME --role manager --pin 1234"
                    )
                );
            }
            for u in list {
                let state = if !u.active {
                    ctx.t("đã khóa", "disabled")
                } else if u.lock_left(&ctx.clock.now()).is_some() {
                    ctx.t("khóa do sai PIN", "locked (wrong PINs)")
                } else {
                    ctx.t("hoạt động", "active")
                };
                println!(
                    "{:<20} {:<10} {state}",
                    crate::text::terminal_safe(&u.name),
                    u.role.label(ctx.lang)
                );
            }
            Ok(())
        }
        UsersCommand::Recover { name, code, set_pin } => {
            let next = staff::recover(&mut store, &name, &code, &set_pin)?;
            println!(
                "{}",
                msg!(
                    "Đã đặt PIN mới cho {name} và mở khóa.",
                    "New PIN set for {name}; unlocked."
                )
                .get(ctx.lang)
            );
            print_recovery_code(ctx, &name, &next);
            Ok(())
        }
        UsersCommand::Disable { name, who: w } => set_user(ctx, &mut store, &name, &w, false),
        UsersCommand::Enable { name, who: w } => set_user(ctx, &mut store, &name, &w, true),
    }
}

fn print_recovery_code(ctx: &Ctx, name: &str, code: &str) {
    println!(
        "{}",
        msg!(
            "MÃ KHÔI PHỤC của {name}: {code}\nHãy ghi lại và cất kỹ: mã chỉ hiện một lần, dùng một lần khi quên PIN hoặc bị khóa (quay users recover {name} --code MÃ --set-pin PIN_MỚI).",
            "RECOVERY CODE for {name}: {code}\nWrite it down and keep it safe: it is shown once and works once, when the PIN is forgotten or locked (quay users recover {name} --code CODE --set-pin NEW_PIN)."
        )
        .get(ctx.lang)
    );
}

fn set_user(ctx: &Ctx, store: &mut Store, name: &str, w: &WhoArgs, active: bool) -> CmdResult {
    let a = who(store, w)?;
    let m = manager(store, &a, w)?;
    store.set_user_active(name, active, &m.name)?;
    if w.json {
        println!("{}", serde_json::json!({ "name": name, "active": active }));
        return Ok(());
    }
    let text = if active {
        msg!("Đã mở khóa {name}", "Enabled {name}")
    } else {
        msg!("Đã khóa {name}", "Disabled {name}")
    };
    println!("{}", text.get(ctx.lang));
    Ok(())
}
