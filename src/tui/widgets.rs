//! Drawing helpers shared by the counter's screens and dialogs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use tui_big_text::{BigText, PixelSize};

use crate::money::Vnd;

/// The amount in large type when it fits, else bold.
pub(crate) fn big_amount(f: &mut Frame<'_>, v: Vnd, area: Rect) {
    let text = v.grouped();
    let n = text.chars().count() as u16;
    if area.height >= 4 && area.width >= n * 4 {
        let big = BigText::builder()
            .pixel_size(PixelSize::Quadrant)
            .style(Style::new().fg(Color::Yellow))
            .lines(vec![Line::from(text)])
            .build();
        f.render_widget(big, area);
    } else {
        f.render_widget(
            Paragraph::new(v.to_string()).style(Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)),
            area,
        );
    }
}

/// A name that fits `width` columns: whole, or cut at a word boundary with
/// "…" (never in the middle of a word, unless one word alone is too long).
pub fn fit_words(name: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if name.width() <= width {
        return name.to_string();
    }
    let room = width.saturating_sub(1);
    let mut out = String::new();
    for word in name.split(' ') {
        let next = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if next.width() > room {
            break;
        }
        out = next;
    }
    if out.is_empty() {
        // one long word: cut it by characters
        let mut w = 0;
        for c in name.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if w + cw > room {
                break;
            }
            out.push(c);
            w += cw;
        }
    }
    format!("{out}…")
}

pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
