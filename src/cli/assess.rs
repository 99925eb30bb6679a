//! `quay assess list|validate|answer|start|resume|report|export|import`.

use std::path::Path;

use super::args::{AssessCommand, AssessShopArgs, ReportFormat};
use super::{CmdResult, Ctx, Failure};
use crate::assess::record::{Assessment, ShopIdentity};
use crate::assess::report::Report;
use crate::assess::{self, Problem, Questionnaire, evidence, score};
use crate::msg;
use crate::store::{OpenMode, Store};

fn problems(file: &str, p: &[Problem]) -> Failure {
    let lines = |pick: fn(&crate::i18n::Msg) -> &String| {
        p.iter()
            .map(|x| format!("{file}:{}: {}", x.line, pick(&x.what)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    Failure {
        code: 2,
        msg: crate::i18n::Msg::new(lines(|m| &m.vi), lines(|m| &m.en)),
    }
}

fn questionnaire(name: &str) -> Result<Questionnaire, Failure> {
    assess::open(name).map_err(|p| problems(name, &p))
}

/// The questionnaire an assessment was started with: the given file, else
/// the bundled one of the same id and version; refused if it changed.
fn questionnaire_of(a: &Assessment, given: Option<&str>) -> Result<Questionnaire, Failure> {
    let q = questionnaire(given.unwrap_or(&a.questionnaire))?;
    a.same_questionnaire(&q).map_err(Failure::refused)?;
    Ok(q)
}

/// The officer's laptop need not be a shop: any quay file will do. Without
/// --db and without a shop set up on this machine, assessments go to their
/// own file (`assessments.quay` in the data folder), so the counter's
/// default file is never created without a shop.
fn open_any(ctx: &Ctx) -> Result<Store, Failure> {
    if ctx.demo {
        return ctx.open();
    }
    if ctx.default_db {
        let shop_ready = ctx.db.exists() && Store::open(&ctx.db, OpenMode::Existing)?.profile()?.is_some();
        if !shop_ready {
            let dir = super::data_dir();
            let _ = std::fs::create_dir_all(&dir);
            return Ok(Store::open(&dir.join("assessments.quay"), OpenMode::Create)?);
        }
    }
    Ok(Store::open(&ctx.db, OpenMode::Create)?)
}

/// The shop being assessed, and whether it is this file's own shop (whose
/// sales can then serve as evidence).
fn shop_identity(store: &Store, a: &AssessShopArgs) -> Result<(ShopIdentity, bool), Failure> {
    let profile = store.profile()?;
    let own = profile
        .as_ref()
        .is_some_and(|p| a.shop.as_deref().is_none_or(|n| n.trim() == p.name));
    let mut shop = match (&a.shop, &profile) {
        (_, Some(p)) if own => ShopIdentity::of_profile(p),
        (Some(name), _) => ShopIdentity {
            name: name.trim().to_string(),
            ..Default::default()
        },
        (None, _) => {
            return Err(Failure::usage(msg!(
                "tệp này chưa có hồ sơ cửa hàng: hãy cho biết cửa hàng được đánh giá bằng --shop TÊN",
                "this file has no shop profile: name the shop being assessed with --shop NAME"
            )));
        }
    };
    if shop.name.is_empty() {
        return Err(Failure::usage(msg!(
            "--shop: tên cửa hàng trống",
            "--shop: the shop name is empty"
        )));
    }
    for (field, v) in [
        (&mut shop.owner, &a.owner),
        (&mut shop.address, &a.address),
        (&mut shop.ward, &a.ward),
        (&mut shop.phone, &a.phone),
    ] {
        if let Some(v) = v {
            *field = v.trim().to_string();
        }
    }
    if a.tax_code.is_some() {
        shop.tax_code = a.tax_code.clone().filter(|t| !t.trim().is_empty());
    }
    Ok((shop, own))
}

/// Pre-fill the questions that name a till figure from this file's sales.
fn prefill_from_till(store: &Store, q: &Questionnaire, a: &mut Assessment) -> CmdResult {
    let figures = evidence::measure(store, q, crate::time::today_vn())?;
    evidence::prefill(&mut a.answers, &figures);
    Ok(())
}

/// The officer's wizard on this terminal.
fn wizard(store: &mut Store, q: &Questionnaire, a: Assessment, ctx: &Ctx) -> CmdResult {
    crate::tui::assess::run(store, q, a, ctx.lang).map_err(|e| Failure {
        code: 3,
        msg: msg!("lỗi màn hình: {e}", "terminal error: {e}"),
    })
}

fn write_or_print(out: Option<&Path>, text: &str) -> CmdResult {
    match out {
        None => {
            print!("{text}");
            Ok(())
        }
        Some(path) => super::write_file(path, text.as_bytes()),
    }
}

fn not_found(id: &str) -> Failure {
    Failure {
        code: 3,
        msg: msg!(
            "không có phiếu đánh giá '{id}' (xem `quay assess list`)",
            "no assessment '{id}' (see `quay assess list`)"
        ),
    }
}

pub fn run(ctx: &Ctx, c: AssessCommand) -> CmdResult {
    match c {
        AssessCommand::Validate { file } => {
            let name = file.display().to_string();
            let text = super::read_text(&file)?;
            let q = assess::load(&name, &text).map_err(|p| problems(&name, &p))?;
            let (k, n) = (q.key(), q.questions.len());
            println!(
                "{}",
                msg!(
                    "{name}: hợp lệ ({k}, {n} câu hỏi)",
                    "{name}: valid ({k}, {n} questions)"
                )
                .get(ctx.lang)
            );
            Ok(())
        }
        AssessCommand::List { json } => {
            let store = open_any(ctx)?;
            let list = store.assessments()?;
            if json {
                let rows: Vec<_> = list
                    .iter()
                    .map(|a| {
                        serde_json::json!({"id": a.id, "uid": a.uid, "questionnaire": a.questionnaire, "shop": a.shop.name,
                        "finished": a.finished, "level": a.level, "score": a.score, "started_at": a.started_at})
                    })
                    .collect();
                println!("{}", serde_json::json!({ "assessments": rows }));
                return Ok(());
            }
            println!("{}", ctx.t("Phiếu câu hỏi có sẵn:", "Bundled questionnaires:"));
            for (file, text) in assess::BUNDLED {
                if let Ok(q) = assess::load(file, text) {
                    println!("  {}  {}", q.key(), ctx.lang.pick(&q.meta.title_vi, &q.meta.title_en));
                }
            }
            if list.is_empty() {
                println!(
                    "{}",
                    ctx.t(
                        "Chưa có phiếu đánh giá nào. Bắt đầu: quay assess start  (hoặc nhập phiếu giấy: quay assess answer …)",
                        "No assessments yet. Start one: quay assess start  (or enter a paper form: quay assess answer …)"
                    )
                );
                return Ok(());
            }
            println!("{}", ctx.t("Phiếu đánh giá:", "Assessments:"));
            for a in &list {
                let status = match (a.finished, a.level, a.score) {
                    (true, Some(l), Some(s)) => format!("{} {l} ({s:.1})", ctx.t("mức", "level")),
                    _ => format!("{} {}", ctx.t("đang làm, câu", "in progress, question"), a.position + 1),
                };
                println!(
                    "  #{:<4} {}  {:<30} {}  {}",
                    a.id,
                    a.started_at.get(..10).unwrap_or(""),
                    a.shop.name,
                    status,
                    a.questionnaire
                );
            }
            Ok(())
        }
        AssessCommand::Answer {
            questionnaire: name,
            answers,
            shop,
            from_till,
            no_save,
            json,
        } => {
            let q = questionnaire(&name)?;
            let path = answers.display().to_string();
            let text = super::read_text(&answers)?;
            let parsed = score::parse_answers(&q, &text).map_err(|p| problems(&path, &p))?;
            let store = open_any(ctx)?;
            let (identity, own) = shop_identity(&store, &shop)?;
            if from_till && !own {
                let n = &identity.name;
                return Err(Failure::usage(msg!(
                    "--from-till: số liệu chỉ lấy được từ tệp quay của chính cửa hàng được đánh giá (tệp này không phải của '{n}')",
                    "--from-till: figures come only from the assessed shop's own quay file (this file is not '{n}')"
                )));
            }
            let mut a = Assessment::start(&q, identity, &ctx.actor());
            a.answers = parsed;
            if from_till {
                prefill_from_till(&store, &q, &mut a)?;
            }
            a.position = q.asked().len();
            let outcome = score::score(&q, &a.answers);
            a.finish(&outcome);
            if !no_save {
                a.id = store.save_assessment(&a)?;
            }
            let previous = if no_save { None } else { store.previous_assessment(&a)? };
            let r = Report {
                q: &q,
                a: &a,
                o: &outcome,
                previous: previous.as_ref(),
                lang: ctx.lang,
            };
            if json {
                let mut v = r.json();
                v["id"] = serde_json::json!(a.id);
                println!("{v}");
            } else {
                print!("{}", r.markdown());
                if !no_save {
                    let id = a.id;
                    println!(
                        "\n{}",
                        msg!("Đã lưu phiếu #{id}.", "Saved as assessment #{id}.").get(ctx.lang)
                    );
                }
            }
            Ok(())
        }
        AssessCommand::Start {
            questionnaire: name,
            shop,
        } => {
            let q = questionnaire(&name)?;
            let mut store = open_any(ctx)?;
            let (identity, own) = shop_identity(&store, &shop)?;
            let mut a = Assessment::start(&q, identity, &ctx.actor());
            if own {
                prefill_from_till(&store, &q, &mut a)?;
            }
            a.id = store.save_assessment(&a)?;
            wizard(&mut store, &q, a, ctx)
        }
        AssessCommand::Resume {
            id,
            questionnaire: given,
        } => {
            let mut store = open_any(ctx)?;
            let a = match &id {
                Some(id) => store.assessment(id)?.ok_or_else(|| not_found(id))?,
                None => store.unfinished_assessment()?.ok_or_else(|| Failure {
                    code: 3,
                    msg: msg!(
                        "không có phiếu đánh giá nào đang làm dở. Bắt đầu phiếu mới: quay assess start",
                        "no unfinished assessment. Start one: quay assess start"
                    ),
                })?,
            };
            let q = questionnaire_of(&a, given.as_deref())?;
            wizard(&mut store, &q, a, ctx)
        }
        AssessCommand::Report {
            id,
            format,
            out,
            questionnaire: given,
        } => {
            let store = open_any(ctx)?;
            let a = store.assessment(&id)?.ok_or_else(|| not_found(&id))?;
            let q = questionnaire_of(&a, given.as_deref())?;
            let o = score::score(&q, &a.answers);
            let previous = store.previous_assessment(&a)?;
            let r = Report {
                q: &q,
                a: &a,
                o: &o,
                previous: previous.as_ref(),
                lang: ctx.lang,
            };
            let text = match format {
                ReportFormat::Html => r.html(),
                ReportFormat::Md => r.markdown(),
                ReportFormat::Json => format!("{:#}\n", r.json()),
            };
            write_or_print(out.as_deref(), &text)
        }
        AssessCommand::Export { out } => {
            let store = open_any(ctx)?;
            let list = store.assessments()?;
            let n = list.len();
            let v = serde_json::json!({ "format": "quay-assessments/1", "assessments": list });
            write_or_print(Some(&out), &format!("{v:#}\n"))?;
            let o = out.display();
            println!(
                "{}",
                msg!("Đã xuất {n} phiếu đánh giá vào {o}", "Wrote {n} assessments to {o}").get(ctx.lang)
            );
            Ok(())
        }
        AssessCommand::Import { file } => {
            let name = file.display().to_string();
            let text = super::read_text(&file)?;
            #[derive(serde::Deserialize)]
            struct Export {
                format: String,
                assessments: Vec<Assessment>,
            }
            let e: Export = serde_json::from_str(&text).map_err(|e| {
                let (l, c) = (e.line(), e.column());
                Failure::usage(msg!(
                    "{name}:{l}:{c}: không phải tệp xuất phiếu đánh giá của quay: {e}",
                    "{name}:{l}:{c}: not a quay assessments export: {e}"
                ))
            })?;
            if e.format != "quay-assessments/1" {
                let f = e.format;
                return Err(Failure::usage(msg!(
                    "{name}: định dạng '{f}' không hỗ trợ (cần quay-assessments/1)",
                    "{name}: format '{f}' is not supported (expected quay-assessments/1)"
                )));
            }
            let mut store = open_any(ctx)?;
            let (added, known) = store.import_assessments(&e.assessments)?;
            println!(
                "{}",
                msg!(
                    "Đã nhập {added} phiếu mới, {known} phiếu đã có",
                    "Imported {added} new assessments, {known} already here"
                )
                .get(ctx.lang)
            );
            Ok(())
        }
    }
}
