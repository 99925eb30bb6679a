//! `quay assess list|validate|answer|start|resume|report|export|import`.

use std::path::Path;

use super::args::{AssessCommand, AssessShopArgs, ReportFormat};
use super::{CmdResult, Ctx, Failure};
use crate::assess::record::{Assessment, ShopIdentity};
use crate::assess::report::Report;
use crate::assess::{self, Problem, Questionnaire, evidence, score};
use crate::maturity;
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
        let shop_ready = ctx.db.exists()
            && Store::open_with_clock(&ctx.db, OpenMode::Existing, ctx.clock)?
                .profile()?
                .is_some();
        if !shop_ready {
            let dir = super::data_dir();
            let _ = std::fs::create_dir_all(&dir);
            return Ok(Store::open_with_clock(
                &dir.join("assessments.quay"),
                OpenMode::Create,
                ctx.clock,
            )?);
        }
    }
    Ok(Store::open_with_clock(&ctx.db, OpenMode::Create, ctx.clock)?)
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
    if a.personal_id.is_some() {
        shop.personal_id = a.personal_id.clone().filter(|t| !t.trim().is_empty());
    }
    Ok((shop, own))
}

/// The officer's name: --officer / QUAY_OFFICER, else the acting user.
fn officer(ctx: &Ctx, a: &AssessShopArgs) -> String {
    a.officer
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| ctx.actor())
}

/// Pre-fill the questions that name a till figure from this file's sales.
fn prefill_from_till(store: &Store, q: &Questionnaire, a: &mut Assessment, lang: crate::Lang) -> CmdResult {
    let figures = crate::report::evidence::measure(store, q, store.clock().today(), lang)?;
    evidence::prefill(q, &mut a.answers, &figures);
    Ok(())
}

/// Print to stdout; a closed pipe (`| head`) ends the output quietly
/// instead of panicking.
pub(crate) fn out(text: &str) {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(text.as_bytes()).and_then(|()| o.flush());
}

/// The officer's wizard on this terminal.
fn wizard(store: &mut Store, q: &Questionnaire, a: Assessment, ctx: &Ctx) -> CmdResult {
    crate::tui::assess::run(store, q, a, ctx.lang, ctx.clock).map_err(|e| Failure {
        code: 3,
        msg: msg!("lỗi màn hình: {e}", "terminal error: {e}"),
    })
}

fn write_or_print(path: Option<&Path>, text: &str) -> CmdResult {
    match path {
        None => {
            out(text);
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
            // Results are always recomputed from the answers, never read
            // from what was stored (or imported).
            let results: Vec<Option<score::Outcome>> = list.iter().map(|a| maturity::recomputed(a, None)).collect();
            if json {
                let rows: Vec<_> = list
                    .iter()
                    .zip(&results)
                    .map(|(a, o)| {
                        let (level, sc, prov) = match (a.finished, o) {
                            (true, Some(o)) => (Some(o.level), Some((o.score * 10.0).round() / 10.0), Some(o.provisional)),
                            (true, None) => (a.level, a.score, None),
                            _ => (None, None, None),
                        };
                        serde_json::json!({"id": a.id, "uid": a.uid, "questionnaire": a.questionnaire, "shop": a.shop.name,
                        "finished": a.finished, "level": level, "score": sc, "provisional": prov, "started_at": a.started_at})
                    })
                    .collect();
                out(&format!("{}\n", serde_json::json!({ "assessments": rows })));
                return Ok(());
            }
            let mut text = format!("{}\n", ctx.t("Phiếu câu hỏi có sẵn:", "Bundled questionnaires:"));
            for (file, qtext) in assess::BUNDLED {
                if let Ok(q) = assess::load(file, qtext) {
                    text += &format!("  {}  {}\n", q.key(), ctx.lang.pick(&q.meta.title_vi, &q.meta.title_en));
                }
            }
            if list.is_empty() {
                text += ctx.t(
                    "Chưa có phiếu đánh giá nào. Bắt đầu: quay assess start  (hoặc nhập phiếu giấy: quay assess answer …)",
                    "No assessments yet. Start one: quay assess start  (or enter a paper form: quay assess answer …)",
                );
                text.push('\n');
                out(&text);
                return Ok(());
            }
            text += ctx.t("Phiếu đánh giá:", "Assessments:");
            text.push('\n');
            for (a, o) in list.iter().zip(&results) {
                let status = match (a.finished, o) {
                    (true, Some(o)) => format!(
                        "{} {} ({:.1}){}",
                        ctx.t("mức", "level"),
                        o.level,
                        o.score,
                        if o.provisional {
                            ctx.t(" tạm tính", " provisional")
                        } else {
                            ""
                        }
                    ),
                    // A questionnaire file that is not bundled: the result
                    // stored when it was scored here (imports are rescored
                    // before they are stored).
                    (true, None) => match (a.level, a.score) {
                        (Some(l), Some(s)) => format!("{} {l} ({s:.1})", ctx.t("mức", "level")),
                        _ => ctx.t("xong", "finished").to_string(),
                    },
                    _ => format!("{} {}", ctx.t("đang làm, câu", "in progress, question"), a.position + 1),
                };
                text += &format!(
                    "  #{:<4} {}  {:<30} {}  {}\n",
                    a.id,
                    a.started_at.get(..10).unwrap_or(""),
                    a.shop.name,
                    status,
                    a.questionnaire
                );
            }
            out(&text);
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
            let mut a = Assessment::start(&q, identity, &officer(ctx, &shop), ctx.clock.now());
            a.answers = parsed;
            if from_till {
                prefill_from_till(&store, &q, &mut a, ctx.lang)?;
            }
            a.position = q.asked().len();
            // Answers the till contradicts are kept (the officer may know
            // better) but named, and the report shows the till's figure.
            for (id, metric, v) in evidence::contradictions(&q, &a.answers) {
                if a.answers.notes.contains_key(&id) {
                    continue;
                }
                let figure = evidence::describe(&metric, v, ctx.lang);
                eprintln!(
                    "{}",
                    msg!(
                        "{id}: câu trả lời khác số liệu máy bán hàng ({figure}); hãy ghi lý do trong [notes]",
                        "{id}: the answer disagrees with the till ({figure}); give the reason under [notes]"
                    )
                    .get(ctx.lang)
                );
            }
            let outcome = score::score(&q, &a.answers);
            a.finish(&outcome, ctx.clock.now());
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
                out(&format!("{v}\n"));
            } else {
                let mut text = r.markdown();
                if !no_save {
                    let id = a.id;
                    text += &format!(
                        "\n{}\n",
                        msg!("Đã lưu phiếu #{id}.", "Saved as assessment #{id}.").get(ctx.lang)
                    );
                }
                out(&text);
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
            let mut a = Assessment::start(&q, identity, &officer(ctx, &shop), ctx.clock.now());
            if own {
                prefill_from_till(&store, &q, &mut a, ctx.lang)?;
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
                ReportFormat::Plan => r.plan_html(),
            };
            write_or_print(out.as_deref(), &text)
        }
        AssessCommand::Export {
            out: path,
            include_without_consent,
        } => {
            let store = open_any(ctx)?;
            // From a shop's own file, only that shop's assessments leave.
            let own = store.profile()?.map(|p| ShopIdentity::of_profile(&p));
            let mut list = Vec::new();
            let mut withheld = 0;
            for a in store.assessments()? {
                if own.as_ref().is_some_and(|o| !o.same_shop(&a.shop)) {
                    continue;
                }
                let refused = maturity::questionnaire_of(&a).is_some_and(|q| q.consent_refused(&a.answers));
                if refused && !include_without_consent {
                    withheld += 1;
                    continue;
                }
                list.push(a);
            }
            let n = list.len();
            let v = serde_json::json!({ "format": "quay-assessments/1", "assessments": list });
            write_or_print(Some(&path), &format!("{v:#}\n"))?;
            let o = path.display();
            let mut text = format!(
                "{}\n",
                msg!("Đã xuất {n} phiếu đánh giá vào {o}", "Wrote {n} assessments to {o}").get(ctx.lang)
            );
            if withheld > 0 {
                text += &format!(
                    "{}\n",
                    msg!(
                        "{withheld} phiếu không xuất vì cửa hàng không đồng ý chia sẻ (sao lưu cho cán bộ: --include-without-consent)",
                        "{withheld} assessments left out: the shop did not consent to sharing (officer's own backup: --include-without-consent)"
                    )
                    .get(ctx.lang)
                );
            }
            out(&text);
            Ok(())
        }
        AssessCommand::Import {
            file,
            questionnaire: given,
        } => {
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
            let extra = given.as_deref().map(questionnaire).transpose()?;
            // Every assessment is checked and rescored before anything is
            // written: one bad record refuses the whole file.
            let mut list = e.assessments;
            for a in &mut list {
                let q = match &extra {
                    Some(q) if q.key() == a.questionnaire => q.clone(),
                    _ => match maturity::questionnaire_of(a) {
                        Some(q) => q,
                        None => {
                            let (uid, k) = (&a.uid, &a.questionnaire);
                            let fp = a.fingerprint.get(..12).unwrap_or(&a.fingerprint);
                            let known = assess::BUNDLED
                                .iter()
                                .filter_map(|(f, t)| assess::load(f, t).ok())
                                .map(|q| format!("{} ({})", q.key(), q.fingerprint.get(..12).unwrap_or("")))
                                .collect::<Vec<_>>()
                                .join(", ");
                            return Err(Failure::refused(msg!(
                                "{name}: phiếu {uid} làm với {k} (dấu vân tay {fp}), phiếu câu hỏi này không có ở đây (có: {known}; tệp khác: --questionnaire ĐƯỜNG_DẪN). Không nhập gì.",
                                "{name}: assessment {uid} was made with {k} (fingerprint {fp}), which is not here (bundled: {known}; another file: --questionnaire PATH). Nothing imported."
                            )));
                        }
                    },
                };
                a.check(&q).map_err(|m| {
                    Failure::refused(crate::i18n::Msg::new(
                        format!("{name}: {}. Không nhập gì.", m.vi),
                        format!("{name}: {}. Nothing imported.", m.en),
                    ))
                })?;
                a.recompute(&q);
                a.position = a.position.min(q.asked().len());
            }
            let mut store = open_any(ctx)?;
            let done = store.import_assessments(&list)?;
            let count = |k: crate::store::ImportAction| done.iter().filter(|d| d.action == k).count();
            let (added, updated, kept) = (
                count(crate::store::ImportAction::Added),
                count(crate::store::ImportAction::Updated),
                count(crate::store::ImportAction::Kept),
            );
            let mut text = format!(
                "{}\n",
                msg!(
                    "Đã nhập {added} phiếu mới, cập nhật {updated} phiếu, {kept} phiếu đã có bản mới nhất",
                    "Imported {added} new assessments, updated {updated}, {kept} already up to date"
                )
                .get(ctx.lang)
            );
            for d in done.iter().filter(|d| d.action == crate::store::ImportAction::Updated) {
                let (id, shop) = (d.id, &d.name);
                let state = if d.finished {
                    ctx.t("đã xong", "finished")
                } else {
                    ctx.t("đang làm", "in progress")
                };
                text += &format!(
                    "  {}\n",
                    msg!("cập nhật #{id} {shop} ({state})", "updated #{id} {shop} ({state})").get(ctx.lang)
                );
            }
            out(&text);
            Ok(())
        }
    }
}
