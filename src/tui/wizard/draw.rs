//! Drawing the wizard's screens (identity, question, results).

use super::*;

impl Wizard {
    pub fn draw(&self, f: &mut Frame) {
        let area = f.area();
        let title = format!(
            " quay · {} ",
            self.lang.pick(&self.q.meta.title_vi, &self.q.meta.title_en)
        );
        let block = Block::default().borders(Borders::ALL).title(title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [head, gauge, body, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(2),
        ])
        .areas(inner);
        let shop = &self.a.shop.name;
        f.render_widget(Paragraph::new(format!("{}: {shop}", self.t("Cửa hàng", "Shop"))), head);
        let total = self.total().max(1);
        let done = self.a.position.min(total);
        f.render_widget(
            Gauge::default()
                .gauge_style(Style::default().fg(Color::Green))
                .ratio(done as f64 / total as f64)
                .label(format!("{done}/{total}")),
            gauge,
        );
        let mut lines: Vec<Line> = Vec::new();
        let keys = match &self.mode {
            Mode::Identity(i) => {
                lines.push(Line::from(self.t("Thông tin cửa hàng được đánh giá", "The shop being assessed")).bold());
                let s = &self.a.shop;
                let tax = s.tax_code.clone().unwrap_or_default();
                let pid = s.personal_id.clone().unwrap_or_default();
                let values = [&s.name, &s.owner, &s.address, &s.ward, &s.phone, &tax, &pid];
                for (n, ((vi, en), v)) in IDENTITY_FIELDS.iter().zip(values).enumerate() {
                    let marker = if n == *i { "▶ " } else { "  " };
                    let cursor = if n == *i { "▏" } else { "" };
                    lines.push(Line::from(format!(
                        "{marker}{:<28} {v}{cursor}",
                        self.lang.pick(vi, en)
                    )));
                }
                let found = self.matches();
                if !found.is_empty() {
                    lines.push(Line::from(""));
                    lines.push(Line::from(
                        self.t("Đã đánh giá trước đây (F5 chọn):", "Assessed before (F5 picks):"),
                    ));
                    for m in found.iter().take(3) {
                        lines.push(Line::from(format!("  {} — {}", m.name, m.address)));
                    }
                }
                self.t(
                    "Tab/↓ trường sau · ↑ trường trước · F5 cửa hàng đã đánh giá · Enter ở trường cuối: bắt đầu · Esc thoát (giữ thông tin)",
                    "Tab/↓ next field · ↑ previous · F5 a shop assessed before · Enter on the last field: start · Esc quit (kept)",
                )
            }
            Mode::Results(o) => {
                let name = self.lang.pick(&o.level_name_vi, &o.level_name_en);
                let prov = if o.provisional {
                    self.t(" (tạm tính: còn thiếu câu trả lời)", " (provisional: answers missing)")
                } else {
                    ""
                };
                lines.push(
                    Line::from(format!(
                        "{} {}: {name} — {:.1}/100{prov}",
                        self.t("Mức", "Level"),
                        o.level,
                        o.score
                    ))
                    .bold(),
                );
                if let Some((date, pl, ps)) = &self.previous {
                    let d = o.score - ps;
                    lines.push(Line::from(format!(
                        "{} {date}: {} {pl} → {}, {ps:.1} → {:.1} ({d:+.1})",
                        self.t("So với lần đánh giá", "Since the assessment of"),
                        self.t("mức", "level"),
                        o.level,
                        o.score
                    )));
                }
                if self.q.consent_refused(&self.a.answers) {
                    lines.push(Line::from(self.t(
                        "Không đồng ý chia sẻ: phiếu chỉ lưu trên máy này, không gửi phường.",
                        "No consent: the assessment stays on this laptop, not sent to the ward.",
                    )));
                }
                let disagree = crate::assess::evidence::contradictions(&self.q, &self.a.answers);
                if !disagree.is_empty() {
                    let ids: Vec<&str> = disagree.iter().map(|(id, _, _)| id.as_str()).collect();
                    lines.push(Line::styled(
                        format!(
                            "{} {}",
                            self.t("Khác số liệu máy bán hàng:", "Disagrees with the till:"),
                            ids.join(", ")
                        ),
                        Style::default().fg(Color::Yellow),
                    ));
                }
                // Fits 80 columns: names cut to 30, a 10-cell bar.
                let cols = body.width as usize;
                let cut = |s: &str, n: usize| -> String {
                    if s.chars().count() <= n {
                        s.to_string()
                    } else {
                        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
                        t.push('…');
                        t
                    }
                };
                for p in &o.pillars {
                    let filled = ((p.score / 10.0).round() as usize).min(10);
                    let bar = format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled));
                    lines.push(Line::from(format!(
                        "{:<30} {bar} {:>5.1}  {} {}",
                        cut(self.lang.pick(&p.name_vi, &p.name_en), 30),
                        p.score,
                        self.t("mức", "level"),
                        p.level
                    )));
                }
                lines.push(Line::from(self.t("Khuyến nghị:", "Recommendations:")).bold());
                for (pillar, vi, en) in o.recommendations.iter().take(3) {
                    let text = format!(
                        "• {}: {}",
                        self.q.pillar_name(pillar, self.lang),
                        self.lang.pick(vi, en)
                    );
                    lines.push(Line::from(cut(&text, cols)));
                }
                if self.a.finished {
                    self.t(
                        "Đã lưu kết quả. Báo cáo: quay assess report · Esc thoát",
                        "Result saved. Report: quay assess report · Esc quit",
                    )
                } else {
                    self.t(
                        "Enter lưu kết quả · ← quay lại sửa · Esc thoát (lưu dở)",
                        "Enter save the result · ← go back · Esc quit (kept unfinished)",
                    )
                }
            }
            Mode::Question | Mode::Note(_) => {
                if let Some(question) = self.current() {
                    let pillar = if question.pillar.is_empty() {
                        self.t("Thông tin chung", "Profile").to_string()
                    } else {
                        self.q.pillar_name(&question.pillar, self.lang)
                    };
                    lines.push(Line::from(Span::styled(
                        format!("{pillar} · {}", question.id),
                        Style::default().fg(Color::Cyan),
                    )));
                    lines.push(Line::from(self.lang.pick(&question.text_vi, &question.text_en).to_string()).bold());
                    let guidance = self.lang.pick(&question.note_vi, &question.note_en);
                    if !guidance.trim().is_empty() {
                        lines.push(Line::from(Span::styled(
                            format!("{} {guidance}", self.t("Hướng dẫn:", "Guidance:")),
                            Style::default().fg(Color::Gray).add_modifier(Modifier::ITALIC),
                        )));
                    }
                    if let Some(h) = self.a.answers.hints.get(&question.id) {
                        lines.push(Line::from(Span::styled(
                            format!(
                                "{} {}",
                                self.t("Số liệu máy bán hàng:", "Till data:"),
                                crate::assess::evidence::shown(h)
                            ),
                            Style::default().fg(Color::Yellow),
                        )));
                    }
                    if let Some(d) = self.a.answers.from_data.get(&question.id) {
                        lines.push(Line::from(Span::styled(
                            format!(
                                "{} {}",
                                self.t("Số liệu máy bán hàng:", "Till data:"),
                                crate::assess::evidence::shown(d)
                            ),
                            Style::default().fg(Color::Yellow),
                        )));
                    }
                    lines.push(Line::from(""));
                    let current = self.a.answers.values.get(&question.id);
                    for (n, o) in question.options.iter().enumerate() {
                        let chosen = match current {
                            Some(Answer::Choice(v)) => v == &o.value,
                            _ => false,
                        } || self.picked.contains(&o.value);
                        let mark = if question.kind == "multi" {
                            if chosen { "[x]" } else { "[ ]" }
                        } else if chosen {
                            "(•)"
                        } else {
                            "( )"
                        };
                        let style = if chosen {
                            Style::default().add_modifier(Modifier::BOLD)
                        } else {
                            Style::default()
                        };
                        lines.push(Line::styled(
                            format!(" {} {mark} {}", n + 1, self.lang.pick(&o.label_vi, &o.label_en)),
                            style,
                        ));
                    }
                    if matches!(question.kind.as_str(), "percent" | "number" | "text") {
                        let unit = if question.kind == "percent" { " %" } else { "" };
                        lines.push(Line::from(format!("> {}▏{unit}", self.input)));
                    }
                    if let Some(Answer::Unknown) = current {
                        lines.push(Line::from(self.t("(đã ghi: không biết)", "(recorded: don't know)")));
                    }
                    if let Some(n) = self.a.answers.notes.get(&question.id) {
                        lines.push(Line::from(format!("{} {n}", self.t("Ghi chú:", "Note:"))));
                    }
                    if let Mode::Note(text) = &self.mode {
                        lines.push(Line::from(format!("{} {text}▏", self.t("Ghi chú:", "Note:"))).bold());
                    }
                }
                match (&self.mode, self.current().map(|q| q.kind.as_str())) {
                    (Mode::Note(_), _) => self.t("Enter lưu ghi chú · Esc bỏ", "Enter save the note · Esc cancel"),
                    (_, Some("text")) => self.t("Gõ câu trả lời, Enter · F2 không biết · F3 ghi chú · ← trước · → sau · Esc thoát (đã lưu)", "Type the answer, Enter · F2 don't know · F3 note · ← back · → next · Esc quit (saved)"),
                    (_, Some("multi")) => self.t("Số: chọn/bỏ · Enter xác nhận · ? không biết · n ghi chú · ← trước · → sau · Esc thoát (đã lưu)", "Numbers: toggle · Enter confirm · ? don't know · n note · ← back · → next · Esc quit (saved)"),
                    (_, Some("percent" | "number")) => self.t("Nhập số, Enter · ? không biết · n ghi chú · ← trước · → sau · Esc thoát (đã lưu)", "Type a number, Enter · ? don't know · n note · ← back · → next · Esc quit (saved)"),
                    _ => self.t("Số: chọn đáp án · ? không biết · n ghi chú · ← trước · → sau · Esc thoát (đã lưu)", "Number: pick · ? don't know · n note · ← back · → next · Esc quit (saved)"),
                }
            }
        };
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
        let mut foot_lines = vec![Line::from(keys.to_string())];
        if let Some(e) = &self.error {
            foot_lines.insert(0, Line::styled(e.clone(), Style::default().fg(Color::Red)));
        }
        f.render_widget(Paragraph::new(foot_lines).wrap(Wrap { trim: true }), foot);
    }
}
