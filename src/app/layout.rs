//! Where each pane goes, as a pure function of the terminal size: the view
//! draws into these areas and the reducer pages by the same heights, so a
//! page is always what the screen shows.

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this the console shows a message instead of the layout.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// From this width the Tables and Recovery panes sit side by side.
pub const WIDE: u16 = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub tables: Rect,
    pub recovery: Rect,
    pub jobs: Rect,
    pub footer: Rect,
}

/// Rows of data each list can show (inside borders and column headers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heights {
    pub tables: usize,
    pub recovery: usize,
    pub jobs: usize,
}

/// Lines the Recovery pane spends above its list (PITR summary, column header).
pub const RECOVERY_PREAMBLE: u16 = 2;

/// A dialog that wants `rows` rows of text on a screen `screen_height`
/// tall: its height (borders included, a row of the screen left free above
/// and below) and the rows of text it shows.
pub fn dialog_height(screen_height: u16, rows: usize) -> (u16, usize) {
    let wanted = u16::try_from(rows.saturating_add(2)).unwrap_or(u16::MAX);
    let h = wanted.min(screen_height.saturating_sub(2));
    (h, usize::from(h.saturating_sub(2)))
}

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// `busy`: operations of ours exist, and their checklists need room.
pub fn areas(area: Rect, busy: bool) -> Areas {
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let [tables, recovery, jobs] = if area.width >= WIDE {
        let jobs_h = if busy {
            body.height / 2
        } else {
            (body.height / 3).clamp(5, 12)
        };
        let [top, jobs] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(jobs_h)]).areas(body);
        let [tables, recovery] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
        [tables, recovery, jobs]
    } else {
        let (t, r) = if busy { (30, 22) } else { (40, 36) };
        Layout::vertical([
            Constraint::Percentage(t),
            Constraint::Percentage(r),
            Constraint::Min(5),
        ])
        .areas(body)
    };
    Areas {
        header,
        tables,
        recovery,
        jobs,
        footer,
    }
}

pub fn list_heights((width, height): (u16, u16), busy: bool) -> Heights {
    let a = areas(Rect::new(0, 0, width, height), busy);
    Heights {
        tables: a.tables.height.saturating_sub(3) as usize,
        recovery: a.recovery.height.saturating_sub(2 + RECOVERY_PREAMBLE) as usize,
        jobs: a.jobs.height.saturating_sub(3) as usize,
    }
}
