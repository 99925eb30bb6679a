//! Assessment reports: Markdown, HTML that prints on A4 (inline SVG chart
//! of pillar scores) and JSON with every figure.

use std::fmt::Write;

use super::Questionnaire;
use super::record::Assessment;
use super::score::Outcome;
use crate::i18n::Lang;

/// What a report shows: the assessment, its result and the previous visit.
pub struct Report<'a> {
    pub q: &'a Questionnaire,
    pub a: &'a Assessment,
    pub o: &'a Outcome,
    pub previous: Option<&'a Assessment>,
    pub lang: Lang,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Report<'_> {
    fn t<'s>(&self, vi: &'s str, en: &'s str) -> &'s str {
        self.lang.pick(vi, en)
    }

    fn level_line(&self) -> String {
        let name = self.lang.pick(&self.o.level_name_vi, &self.o.level_name_en);
        let prov = if self.o.provisional {
            self.t(" (tạm tính)", " (provisional)")
        } else {
            ""
        };
        format!(
            "{} {}: {name} — {:.1}/100{prov}",
            self.t("Mức", "Level"),
            self.o.level,
            self.o.score
        )
    }

    /// Facts about this assessment shown under the shop: the officer, the
    /// state (unfinished says so), consent, don't-know share.
    fn status_lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.a.officer.trim().is_empty() {
            out.push(format!("{}: {}", self.t("Cán bộ đánh giá", "Officer"), self.a.officer));
        }
        if !self.a.finished {
            let (at, of) = (self.a.position + 1, self.q.asked().len());
            out.push(format!(
                "**{}** {at}/{of}; {}",
                self.t("CHƯA HOÀN THÀNH: đang dừng ở câu", "NOT FINISHED: stopped at question"),
                self.t(
                    "kết quả dưới đây chỉ tính trên các câu đã trả lời.",
                    "the result below counts only the questions answered so far."
                )
            ));
        }
        let consent = match &self.q.consent_question {
            None => None,
            Some(id) => Some(match self.a.answers.values.get(id) {
                Some(super::score::Answer::Choice(v)) if v == "no" => self.t(
                    "Cửa hàng không đồng ý chia sẻ kết quả: phiếu chỉ lưu trên máy cán bộ, không gửi phường.",
                    "The shop did not consent to sharing the result: it stays on the officer's laptop and is not sent to the ward.",
                ),
                Some(super::score::Answer::Choice(v)) if v == "yes" => self.t(
                    "Cửa hàng đồng ý gửi kết quả cho phường/chương trình.",
                    "The shop agreed to send the result to the ward/programme.",
                ),
                _ => self.t("Chưa hỏi ý kiến đồng ý chia sẻ kết quả.", "Consent to share has not been asked."),
            }),
        };
        out.extend(consent.map(str::to_string));
        if self.o.provisional {
            out.push(format!(
                "{} {:.0} % {}",
                self.t(
                    "Kết quả tạm tính: còn thiếu câu trả lời hoặc",
                    "Provisional result: answers are missing or"
                ),
                100.0 * self.o.unknown_ratio,
                self.t("trọng số là \"không biết\".", "of the weight is \"don't know\".")
            ));
        }
        out
    }

    /// The previous visit's outcome, rescored with its own questionnaire
    /// when this build carries it.
    fn previous_outcome(&self) -> Option<super::score::Outcome> {
        let p = self.previous?;
        let q = if p.fingerprint == self.q.fingerprint {
            self.q.clone()
        } else {
            super::bundled(&p.questionnaire)?
                .ok()
                .filter(|q| q.fingerprint == p.fingerprint)?
        };
        Some(super::score::score(&q, &p.answers))
    }

    /// Profile answers (not scored): (question, answer).
    fn profile_rows(&self) -> Vec<(String, String)> {
        self.q
            .profile
            .iter()
            .filter(|q| self.q.consent_question.as_ref() != Some(&q.id))
            .filter_map(|q| {
                let a = self.a.answers.values.get(&q.id)?;
                Some((self.lang.pick(&q.text_vi, &q.text_en).to_string(), a.text(q, self.lang)))
            })
            .collect()
    }

    /// The programme's indicators: (name, the shop's figure, the till's
    /// figure if any, target).
    fn indicator_rows(&self) -> Vec<[String; 4]> {
        self.q
            .questions
            .iter()
            .filter(|q| q.indicator)
            .map(|q| {
                let answer = match self.o.questions.iter().find(|r| r.id == q.id).map(|r| r.state.as_str()) {
                    Some("skipped") => self.t("(bỏ qua)", "(skipped)").to_string(),
                    _ => self
                        .a
                        .answers
                        .values
                        .get(&q.id)
                        .map(|a| a.text(q, self.lang))
                        .unwrap_or_else(|| "—".into()),
                };
                let till = q
                    .auto
                    .as_ref()
                    .and_then(|auto| {
                        self.a
                            .answers
                            .till
                            .get(&auto.metric)
                            .map(|v| super::evidence::describe(&auto.metric, *v, self.lang))
                    })
                    .unwrap_or_default();
                let short = self.lang.pick(&q.indicator_vi, &q.indicator_en);
                [
                    if short.is_empty() {
                        self.lang.pick(&q.text_vi, &q.text_en)
                    } else {
                        short
                    }
                    .to_string(),
                    answer,
                    till,
                    self.lang.pick(&q.target_vi, &q.target_en).to_string(),
                ]
            })
            .collect()
    }

    fn change_line(&self) -> Option<String> {
        let p = self.previous?;
        // The previous result rescored from its answers when possible.
        let (pl, ps) = match self.previous_outcome() {
            Some(o) => (o.level, o.score),
            None => (p.level?, p.score?),
        };
        let date = p
            .finished_at
            .as_deref()
            .unwrap_or(&p.started_at)
            .get(..10)
            .unwrap_or("");
        let d = self.o.score - ps;
        Some(format!(
            "{} {date}: {} {pl} → {}, {ps:.1} → {:.1} ({d:+.1})",
            self.t("So với lần đánh giá", "Since the assessment of"),
            self.t("mức", "level"),
            self.o.level,
            self.o.score
        ))
    }

    fn rows(&self) -> Vec<(String, String, String, String, String)> {
        // (id, question, answer, score, source)
        self.o
            .questions
            .iter()
            .filter_map(|r| {
                let q = self.q.question(&r.id)?;
                let answer = match r.state.as_str() {
                    "skipped" => self.t("(bỏ qua)", "(skipped)").to_string(),
                    "not_applicable" => self.t("(không áp dụng)", "(not applicable)").to_string(),
                    "unanswered" => self.t("(chưa trả lời)", "(unanswered)").to_string(),
                    _ => {
                        let a = self
                            .a
                            .answers
                            .values
                            .get(&r.id)
                            .map(|a| a.text(q, self.lang))
                            .unwrap_or_default();
                        match &r.note {
                            Some(n) => format!("{a} — {n}"),
                            None => a,
                        }
                    }
                };
                let score = match (r.counted, r.score) {
                    (true, Some(s)) => format!("{s}/{}", self.q.meta.question_score_max),
                    _ => "—".into(),
                };
                let answered = r.state == "answered";
                let disagrees = super::evidence::contradiction(q, &self.a.answers)
                    .filter(|_| answered)
                    .map(|(m, v)| {
                        format!(
                            "⚠ {}: {}",
                            self.t("khác số liệu máy bán hàng", "disagrees with the till"),
                            super::evidence::describe(&m, v, self.lang)
                        )
                    });
                let till_beside = q.auto.as_ref().and_then(|auto| {
                    let v = self.a.answers.till.get(&auto.metric)?;
                    (r.from_data.is_none() && disagrees.is_none()).then(|| {
                        format!(
                            "{}: {}",
                            self.t("máy bán hàng", "till"),
                            super::evidence::describe(&auto.metric, *v, self.lang)
                        )
                    })
                });
                let source = match &r.from_data {
                    _ if disagrees.is_some() => disagrees.unwrap_or_default(),
                    None if r.hint.is_some() => {
                        format!(
                            "{} ({})",
                            self.t("đối chiếu số liệu máy bán hàng", "checked against till data"),
                            super::evidence::shown(&r.hint.clone().unwrap_or_default())
                        )
                    }
                    Some(d) => format!(
                        "{} ({})",
                        self.t("số liệu máy bán hàng", "till data"),
                        super::evidence::shown(d)
                    ),
                    None if till_beside.is_some() => format!(
                        "{}; {}",
                        self.t("chủ cho biết", "stated"),
                        till_beside.unwrap_or_default()
                    ),
                    None => match r.evidence.as_deref() {
                        Some("observe") => self.t("quan sát", "observed"),
                        Some("show") => self.t("xem chứng cứ", "shown"),
                        Some("ask") => self.t("hỏi chủ", "asked"),
                        Some("pos") => self.t("chủ cho biết (số liệu)", "stated figure"),
                        Some(other) => other,
                        None => "",
                    }
                    .to_string(),
                };
                Some((
                    r.id.clone(),
                    self.lang.pick(&q.text_vi, &q.text_en).to_string(),
                    answer,
                    score,
                    source,
                ))
            })
            .collect()
    }

    /// The line naming the questions answered "don't know", to check on
    /// the next visit.
    fn to_check(&self) -> Option<String> {
        let ids: Vec<&str> = self
            .o
            .questions
            .iter()
            .filter(|r| r.state == "unknown")
            .map(|r| r.id.as_str())
            .collect();
        (!ids.is_empty()).then(|| {
            format!(
                "{}: {}",
                self.t("Cần kiểm tra lại (không biết)", "To check again (don't know)"),
                ids.join(", ")
            )
        })
    }

    /// Title and column heads of the answers table.
    fn answers_heads(&self) -> [&'static str; 5] {
        [
            self.t("Câu trả lời", "Answers"),
            self.t("Câu hỏi", "Question"),
            self.t("Trả lời", "Answer"),
            self.t("Điểm", "Score"),
            self.t("Nguồn", "Source"),
        ]
    }

    pub fn markdown(&self) -> String {
        let mut s = String::new();
        let title = self.lang.pick(&self.q.meta.title_vi, &self.q.meta.title_en);
        let shop = &self.a.shop;
        let _ = writeln!(s, "# {title}\n");
        let _ = writeln!(s, "- {}: **{}**", self.t("Cửa hàng", "Shop"), shop.name);
        for (vi, en, v) in [
            ("Chủ cửa hàng", "Owner", &shop.owner),
            ("Địa chỉ", "Address", &shop.address),
            ("Phường/xã", "Ward", &shop.ward),
            ("Điện thoại", "Phone", &shop.phone),
        ] {
            if !v.is_empty() {
                let _ = writeln!(s, "- {}: {v}", self.t(vi, en));
            }
        }
        if let Some(t) = &shop.tax_code {
            let _ = writeln!(s, "- {}: {t}", self.t("Mã số thuế", "Tax code"));
        }
        let date = self.a.finished_at.as_deref().unwrap_or(&self.a.updated_at);
        let _ = writeln!(
            s,
            "- {}: {}",
            self.t("Ngày đánh giá", "Assessed on"),
            date.get(..10).unwrap_or(date)
        );
        let _ = writeln!(s, "- {}: {}", self.t("Phiếu", "Questionnaire"), self.a.questionnaire);
        for line in self.status_lines() {
            let _ = writeln!(s, "- {line}");
        }
        let _ = writeln!(s, "\n## {}\n", self.level_line());
        if let Some(c) = self.change_line() {
            let _ = writeln!(s, "{c}\n");
        }
        let prev = self.previous_outcome();
        let cell = |x: &str| x.replace('|', "\\|");
        if prev.is_some() {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|",
                self.t("Trụ cột", "Pillar"),
                self.t("Điểm", "Score"),
                self.t("Mức", "Level"),
                self.t("Lần trước", "Last time"),
                self.t("Thay đổi", "Change")
            );
        } else {
            let _ = writeln!(
                s,
                "| {} | {} | {} |\n|---|---:|---:|",
                self.t("Trụ cột", "Pillar"),
                self.t("Điểm", "Score"),
                self.t("Mức", "Level")
            );
        }
        for p in &self.o.pillars {
            let name = self.lang.pick(&p.name_vi, &p.name_en);
            match prev.as_ref().map(|o| o.pillars.iter().find(|x| x.id == p.id)) {
                Some(Some(before)) => {
                    let _ = writeln!(
                        s,
                        "| {name} | {:.1} | {} | {:.1} | {:+.1} |",
                        p.score,
                        p.level,
                        before.score,
                        p.score - before.score
                    );
                }
                Some(None) => {
                    let _ = writeln!(s, "| {name} | {:.1} | {} | — | — |", p.score, p.level);
                }
                None => {
                    let _ = writeln!(s, "| {name} | {:.1} | {} |", p.score, p.level);
                }
            }
        }
        let indicators = self.indicator_rows();
        if !indicators.is_empty() {
            let _ = writeln!(
                s,
                "\n## {}\n\n| {} | {} | {} | {} |\n|---|---|---|---|",
                self.t("Chỉ tiêu của chương trình", "Programme indicators"),
                self.t("Chỉ tiêu", "Indicator"),
                self.t("Cửa hàng", "Shop"),
                self.t("Máy bán hàng", "Till"),
                self.t("Mục tiêu", "Target")
            );
            for [n, a, t, g] in &indicators {
                let _ = writeln!(s, "| {} | {} | {} | {} |", cell(n), cell(a), cell(t), cell(g));
            }
        }
        let _ = writeln!(s, "\n## {}\n", self.t("Khuyến nghị", "Recommendations"));
        for (pillar, vi, en) in &self.o.recommendations {
            let _ = writeln!(
                s,
                "- **{}**: {}",
                self.q.pillar_name(pillar, self.lang),
                self.lang.pick(vi, en)
            );
        }
        if !self.o.quick_wins.is_empty() {
            let _ = writeln!(s, "\n## {}\n", self.t("Việc làm ngay", "Quick wins"));
            for (vi, en) in &self.o.quick_wins {
                let _ = writeln!(s, "- {}", self.lang.pick(vi, en));
            }
        }
        if let Some(line) = self.to_check() {
            let _ = writeln!(s, "\n{line}");
        }
        let profile = self.profile_rows();
        if !profile.is_empty() {
            let _ = writeln!(s, "\n## {}\n", self.t("Thông tin cửa hàng", "About the shop"));
            for (q, a) in &profile {
                let _ = writeln!(s, "- {q}: {a}");
            }
        }
        let [title, q, a, sc, src] = self.answers_heads();
        let _ = writeln!(
            s,
            "\n## {title}\n\n| # | {q} | {a} | {sc} | {src} |\n|---|---|---|---:|---|"
        );
        for (id, q, a, sc, src) in self.rows() {
            let cell = |x: &str| x.replace('|', "\\|");
            let _ = writeln!(s, "| {id} | {} | {} | {sc} | {} |", cell(&q), cell(&a), cell(&src));
        }
        s
    }

    /// Pillar scores as bars, the name on its own line above each bar so
    /// that no name is cut; the previous visit as a thin grey bar.
    fn svg(&self) -> String {
        let prev = self.previous_outcome();
        let row = 40;
        let h = self.o.pillars.len() as i32 * row + 10;
        let mut s = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"{h}\" viewBox=\"0 0 640 {h}\" role=\"img\">"
        );
        for (i, p) in self.o.pillars.iter().enumerate() {
            let y = i as i32 * row + 5;
            let w = (p.score * 5.6).round() as i32;
            let name = esc(self.lang.pick(&p.name_vi, &p.name_en));
            let _ = write!(
                s,
                "<text x=\"0\" y=\"{}\" font-size=\"12\">{name} — {:.0}</text>\
                 <rect x=\"0\" y=\"{}\" width=\"560\" height=\"14\" fill=\"#eee\"/>\
                 <rect x=\"0\" y=\"{}\" width=\"{w}\" height=\"14\" fill=\"#2a6f4e\"/>",
                y + 12,
                p.score,
                y + 16,
                y + 16,
            );
            if let Some(before) = prev.as_ref().and_then(|o| o.pillars.iter().find(|x| x.id == p.id)) {
                let pw = (before.score * 5.6).round() as i32;
                let _ = write!(
                    s,
                    "<rect x=\"0\" y=\"{}\" width=\"{pw}\" height=\"4\" fill=\"#999\"/>",
                    y + 31
                );
            }
        }
        s.push_str("</svg>");
        s
    }

    pub fn html(&self) -> String {
        let title = esc(self.lang.pick(&self.q.meta.title_vi, &self.q.meta.title_en));
        let shop = &self.a.shop;
        let mut s = format!(
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title} — {}</title>\n\
             <style>@page {{ size: A4; margin: 15mm }} body {{ font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 11pt; max-width: 180mm }}\
             table {{ border-collapse: collapse; width: 100% }} td, th {{ border: 1px solid #999; padding: 2px 4px; vertical-align: top }}\
             tr {{ page-break-inside: avoid }} thead {{ display: table-header-group }} h2 {{ page-break-after: avoid }}\
             .level {{ font-size: 16pt; font-weight: bold }}</style></head><body>\n",
            self.t("vi", "en"),
            esc(&shop.name)
        );
        let _ = writeln!(s, "<h1>{title}</h1>");
        let _ = write!(s, "<p><b>{}</b>", esc(&shop.name));
        for v in [&shop.owner, &shop.address, &shop.ward, &shop.phone] {
            if !v.is_empty() {
                let _ = write!(s, " · {}", esc(v));
            }
        }
        if let Some(t) = &shop.tax_code {
            let _ = write!(s, " · {}: {}", self.t("MST", "Tax code"), esc(t));
        }
        let date = self.a.finished_at.as_deref().unwrap_or(&self.a.updated_at);
        let _ = writeln!(
            s,
            "<br>{} {} · {}</p>",
            self.t("Ngày đánh giá", "Assessed on"),
            date.get(..10).unwrap_or(date),
            esc(&self.a.questionnaire)
        );
        for line in self.status_lines() {
            let _ = writeln!(s, "<p>{}</p>", esc(&line.replace("**", "")));
        }
        let _ = writeln!(s, "<p class=\"level\">{}</p>", esc(&self.level_line()));
        if let Some(c) = self.change_line() {
            let _ = writeln!(s, "<p>{}</p>", esc(&c));
        }
        let _ = writeln!(
            s,
            "<h2>{}</h2>\n{}",
            self.t("Điểm theo trụ cột", "Pillar scores"),
            self.svg()
        );
        let _ = writeln!(s, "<h2>{}</h2><ul>", self.t("Khuyến nghị", "Recommendations"));
        for (pillar, vi, en) in &self.o.recommendations {
            let _ = writeln!(
                s,
                "<li><b>{}</b>: {}</li>",
                esc(&self.q.pillar_name(pillar, self.lang)),
                esc(self.lang.pick(vi, en))
            );
        }
        s.push_str("</ul>\n");
        if !self.o.quick_wins.is_empty() {
            let _ = writeln!(s, "<h2>{}</h2><ul>", self.t("Việc làm ngay", "Quick wins"));
            for (vi, en) in &self.o.quick_wins {
                let _ = writeln!(s, "<li>{}</li>", esc(self.lang.pick(vi, en)));
            }
            s.push_str("</ul>\n");
        }
        if let Some(line) = self.to_check() {
            let _ = writeln!(s, "<p>{}</p>", esc(&line));
        }
        let indicators = self.indicator_rows();
        if !indicators.is_empty() {
            let _ = writeln!(
                s,
                "<h2>{}</h2><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>",
                self.t("Chỉ tiêu của chương trình", "Programme indicators"),
                self.t("Chỉ tiêu", "Indicator"),
                self.t("Cửa hàng", "Shop"),
                self.t("Máy bán hàng", "Till"),
                self.t("Mục tiêu", "Target")
            );
            for [n, a, t, g] in &indicators {
                let _ = writeln!(
                    s,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(n),
                    esc(a),
                    esc(t),
                    esc(g)
                );
            }
            s.push_str("</table>\n");
        }
        let profile = self.profile_rows();
        if !profile.is_empty() {
            let _ = writeln!(s, "<h2>{}</h2><ul>", self.t("Thông tin cửa hàng", "About the shop"));
            for (q, a) in &profile {
                let _ = writeln!(s, "<li>{}: {}</li>", esc(q), esc(a));
            }
            s.push_str("</ul>\n");
        }
        let [title, q, a, sc, src] = self.answers_heads();
        // The head row repeats on every printed page and never stands alone
        // at the foot of one.
        let _ = writeln!(
            s,
            "<h2>{title}</h2><table><thead><tr><th>#</th><th>{q}</th><th>{a}</th><th>{sc}</th><th>{src}</th></tr></thead>"
        );
        for (id, q, a, sc, src) in self.rows() {
            let _ = writeln!(
                s,
                "<tr><td>{id}</td><td>{}</td><td>{}</td><td>{sc}</td><td>{}</td></tr>",
                esc(&q),
                esc(&a),
                esc(&src)
            );
        }
        s.push_str("</table>\n</body></html>\n");
        s
    }

    /// Three actions for the owner, chosen from the answers: the quick
    /// wins first, then the recommendations of the weakest pillars, each
    /// with who can help. (text, who can help)
    pub fn actions(&self) -> Vec<(String, String)> {
        let community = self
            .t("Tổ công nghệ số cộng đồng", "The community digital team")
            .to_string();
        let mut out: Vec<(String, String)> = self
            .o
            .quick_wins
            .iter()
            .map(|(vi, en)| (self.lang.pick(vi, en).to_string(), community.clone()))
            .collect();
        for (pillar, vi, en) in &self.o.recommendations {
            let helper = self
                .q
                .pillars
                .iter()
                .find(|p| &p.id == pillar)
                .map(|p| self.lang.pick(&p.helper_vi, &p.helper_en).to_string())
                .filter(|h| !h.is_empty())
                .unwrap_or_else(|| community.clone());
            out.push((self.lang.pick(vi, en).to_string(), helper));
        }
        out.truncate(3);
        out
    }

    /// The next visit: the assessment date plus `reassess_after_days`.
    fn next_visit(&self) -> String {
        let date = self.a.finished_at.as_deref().unwrap_or(&self.a.updated_at);
        chrono::NaiveDate::parse_from_str(date.get(..10).unwrap_or(""), "%Y-%m-%d")
            .ok()
            .and_then(|d| d.checked_add_days(chrono::Days::new(self.q.reassess_after_days.max(0) as u64)))
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default()
    }

    /// The owner's one-page action plan (A4 HTML): the level in plain words,
    /// three actions with who can help, and the next visit.
    pub fn plan_html(&self) -> String {
        let shop = esc(&self.a.shop.name);
        let level = self.q.levels.get(self.o.level);
        let (name, desc) = level
            .map(|l| {
                (
                    self.lang.pick(&l.name_vi, &l.name_en),
                    self.lang.pick(&l.desc_vi, &l.desc_en),
                )
            })
            .unwrap_or(("", ""));
        let mut s = format!(
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} — {shop}</title>\n\
             <style>@page {{ size: A4; margin: 18mm }} body {{ font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 13pt; max-width: 170mm }}\
             li {{ margin-bottom: 8pt; page-break-inside: avoid }} .level {{ font-size: 18pt; font-weight: bold }}</style></head><body>\n",
            self.t("vi", "en"),
            self.t("Kế hoạch hành động", "Action plan")
        );
        let _ = writeln!(s, "<h1>{} — {shop}</h1>", self.t("Kế hoạch hành động", "Action plan"));
        let prov = if self.o.provisional {
            self.t(" (tạm tính)", " (provisional)")
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "<p class=\"level\">{} {}: {}{prov}</p>\n<p>{}</p>",
            self.t("Cửa hàng đang ở mức", "The shop is at level"),
            self.o.level,
            esc(name),
            esc(desc)
        );
        let _ = writeln!(
            s,
            "<h2>{}</h2><ol>",
            self.t("Ba việc nên làm tiếp", "Three things to do next")
        );
        for (text, helper) in self.actions() {
            let _ = writeln!(
                s,
                "<li>{}<br><i>{}: {}</i></li>",
                esc(&text),
                self.t("Ai có thể giúp", "Who can help"),
                esc(&helper)
            );
        }
        s.push_str("</ol>\n");
        let _ = writeln!(
            s,
            "<p><b>{}: {}</b></p>",
            self.t("Lần đánh giá tiếp theo", "Next visit"),
            self.next_visit()
        );
        if !self.a.officer.trim().is_empty() {
            let _ = writeln!(
                s,
                "<p>{}: {}</p>",
                self.t("Cán bộ đánh giá", "Officer"),
                esc(&self.a.officer)
            );
        }
        s.push_str("</body></html>\n");
        s
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "uid": self.a.uid,
            "questionnaire": self.a.questionnaire,
            "fingerprint": self.a.fingerprint,
            "shop": self.a.shop,
            "started_at": self.a.started_at,
            "finished_at": self.a.finished_at,
            "finished": self.a.finished,
            "level": self.o.level,
            "level_name": self.lang.pick(&self.o.level_name_vi, &self.o.level_name_en),
            "score": (self.o.score * 10.0).round() / 10.0,
            "provisional": self.o.provisional,
            "unknown_ratio": (self.o.unknown_ratio * 1000.0).round() / 1000.0,
            "officer": self.a.officer,
            "consent_refused": self.q.consent_refused(&self.a.answers),
            "contradictions": super::evidence::contradictions(self.q, &self.a.answers)
                .into_iter()
                .map(|(q, m, v)| serde_json::json!({"question": q, "metric": m, "till": v}))
                .collect::<Vec<_>>(),
            "indicators": self.indicator_rows().into_iter().map(|[n, a, t, g]| serde_json::json!({"name": n, "shop": a, "till": t, "target": g})).collect::<Vec<_>>(),
            "pillars": self.o.pillars,
            "questions": self.o.questions,
            "recommendations": self.o.recommendations.iter().map(|(p, vi, en)| serde_json::json!({"pillar": p, "vi": vi, "en": en})).collect::<Vec<_>>(),
            "quick_wins": self.o.quick_wins.iter().map(|(vi, en)| serde_json::json!({"vi": vi, "en": en})).collect::<Vec<_>>(),
            "previous": self.previous.map(|p| serde_json::json!({"uid": p.uid, "level": p.level, "score": p.score, "finished_at": p.finished_at})),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::record::ShopIdentity;
    use crate::assess::{load, score};

    fn worked() -> (Questionnaire, Assessment) {
        let q = load("minimal.toml", include_str!("../../assessments/examples/minimal.toml")).unwrap();
        let mut answers = score::parse_answers(
            &q,
            "A1 = \"some\"\nA2 = 45\nB1 = [\"x\", \"z\"]\nB2 = \"dont_know\"\n[notes]\nB2 = \"chủ không nhớ\"\n",
        )
        .unwrap();
        answers
            .from_data
            .insert("A2".into(), "pos.cashless_share_value_90d: 45.0 % by value".into());
        let a = Assessment {
            uid: "c0ffee".into(),
            questionnaire: q.key(),
            fingerprint: q.fingerprint.clone(),
            shop: ShopIdentity {
                name: "Tạp hóa Cô Ba".into(),
                owner: "Nguyễn Thị Ba".into(),
                address: "12 Lê Lợi".into(),
                ward: "Phường Thuận Hóa".into(),
                phone: "0905 123 456".into(),
                tax_code: None,
                personal_id: None,
            },
            answers,
            started_at: "2026-11-20T09:00:00+07:00".into(),
            finished_at: Some("2026-11-20T09:14:00+07:00".into()),
            finished: true,
            officer: "Lê Văn An".into(),
            ..Default::default()
        };
        (q, a)
    }

    #[test]
    fn report_snapshots() {
        let (q, a) = worked();
        let o = score::score(&q, &a.answers);
        let mut before = a.clone();
        before.finished_at = Some("2026-05-18T10:00:00+07:00".into());
        before.score = Some(31.25);
        before.level = Some(1);
        before.uid = "before".into();
        before
            .answers
            .values
            .insert("A1".into(), score::Answer::Choice("none".into()));
        for lang in [Lang::Vi, Lang::En] {
            let r = Report {
                q: &q,
                a: &a,
                o: &o,
                previous: Some(&before),
                lang,
            };
            let name = if lang == Lang::Vi { "vi" } else { "en" };
            insta::assert_snapshot!(format!("report_md_{name}"), r.markdown());
            insta::assert_snapshot!(format!("report_html_{name}"), r.html());
        }
        let r = Report {
            q: &q,
            a: &a,
            o: &o,
            previous: None,
            lang: Lang::Vi,
        };
        let v = r.json();
        assert_eq!((v["level"].as_i64(), v["score"].as_f64()), (Some(1), Some(40.0)));
        assert_eq!(
            v["questions"][1]["from_data"],
            "pos.cashless_share_value_90d: 45.0 % by value"
        );
    }
}
