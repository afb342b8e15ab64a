//! The recovery timeline (the timeline key, on the Tables or Recovery
//! pane): the selected table's recent past on one time axis. The PITR
//! window as a band, every copy as a mark (`TimelineMark`: DynamoDB
//! backups, warm and cold recovery points, and whatever another source
//! adds: exports, copies), and under it the table's writes and deletes per
//! period from CloudWatch, read through the engine
//! (`Command::LoadActivity` → `Event::Activity`). A cursor picks a moment;
//! the confirm key on it offers operation 1 or 9 with that time typed in,
//! refused with the reason outside the PITR window.

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;

use super::refusal::refusal;
use super::state::{Modal, State};
use super::wizard::Wizard;
use super::{Command, DialogAction};
use crate::domain::time::{format_reference, human_duration};
use crate::domain::{ActivityQuery, PitrWindow, StorageClass, TableActivity, TableName};
use crate::workflow::OpKind;

/// The spans `+`/`-` zoom between: 1 hour to 35 days (the longest PITR
/// window).
pub const ZOOMS: [i64; 9] = [1, 3, 6, 12, 24, 72, 168, 336, 840];
/// 24 hours, where the view opens.
const DEFAULT_ZOOM: usize = 4;
/// A cursor step is this part of the span; a large step, `BIG_STEPS` of them.
const STEPS_PER_SPAN: i32 = 144;
const BIG_STEPS: i32 = 18;

/// What a mark stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// A DynamoDB on-demand backup.
    Backup,
    /// An AWS Backup recovery point in warm storage.
    WarmPoint,
    /// An AWS Backup recovery point in cold storage.
    ColdPoint,
    /// An export to S3.
    Export,
    /// A copy in another vault or region.
    Copy,
}

impl MarkKind {
    /// The glyph drawn on the axis.
    pub fn glyph(self) -> char {
        match self {
            MarkKind::Backup => 'B',
            MarkKind::WarmPoint => 'W',
            MarkKind::ColdPoint => 'C',
            MarkKind::Export => 'E',
            MarkKind::Copy => 'X',
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            MarkKind::Backup => "DynamoDB backup",
            MarkKind::WarmPoint => "recovery point (warm)",
            MarkKind::ColdPoint => "recovery point (cold)",
            MarkKind::Export => "export to S3",
            MarkKind::Copy => "copy",
        }
    }
}

/// One copy on the axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineMark {
    pub at: DateTime<Utc>,
    pub kind: MarkKind,
    pub label: String,
}

/// The activity chart's data.
#[derive(Debug, Clone, PartialEq)]
pub enum ActivityState {
    Loading,
    Loaded(TableActivity),
    /// Why the metrics could not be read; the marks are still shown.
    Failed(String),
}

/// The open timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineView {
    pub table: TableName,
    /// The right edge of the axis.
    pub end: DateTime<Utc>,
    /// Index into `ZOOMS`.
    pub zoom: usize,
    pub cursor: DateTime<Utc>,
    pub activity: ActivityState,
    /// The start of the query the activity answers (a stale answer is
    /// dropped).
    pub asked: DateTime<Utc>,
    /// Oldest first.
    pub marks: Vec<TimelineMark>,
    pub pitr: Option<PitrWindow>,
    /// The confirm key was pressed inside the window: 1 or 9?
    pub choosing: bool,
    /// Why the last key did nothing (outside the window, a refusal).
    pub message: Option<String>,
}

impl TimelineView {
    pub fn span(&self) -> Duration {
        Duration::hours(ZOOMS[self.zoom])
    }

    pub fn start(&self) -> DateTime<Utc> {
        self.end - self.span()
    }

    pub fn step(&self) -> Duration {
        (self.span() / STEPS_PER_SPAN).max(Duration::minutes(1))
    }

    /// The mark nearest the cursor, on the axis or not.
    pub fn nearest_mark(&self) -> Option<&TimelineMark> {
        self.marks
            .iter()
            .min_by_key(|m| (m.at - self.cursor).num_seconds().abs())
    }

    /// The mark nearest the cursor in words: what, and how far.
    pub fn nearest_text(&self) -> String {
        match self.nearest_mark() {
            None => "the table has no backup or recovery point".to_owned(),
            Some(m) => {
                let d = m.at - self.cursor;
                let when = if d.num_minutes() == 0 {
                    "at the cursor".to_owned()
                } else if d < Duration::zero() {
                    format!("{} before the cursor", human_duration(-d))
                } else {
                    format!("{} after the cursor", human_duration(d))
                };
                format!("{} {} ({when})", m.kind.noun(), m.label)
            }
        }
    }

    /// Whether the cursor is in the PITR window, or why not.
    pub fn restorable(&self) -> Result<(), String> {
        match self.pitr {
            None => Err(format!(
                "{} has no point-in-time recovery: nothing to restore to a moment",
                self.table
            )),
            Some(w) if w.contains(self.cursor) => Ok(()),
            Some(w) => Err(format!(
                "the cursor ({}) is outside the PITR window ({} to {})",
                format_reference(self.cursor),
                format_reference(w.earliest),
                format_reference(w.latest)
            )),
        }
    }

    fn query(&self, now: DateTime<Utc>) -> ActivityQuery<'_> {
        ActivityQuery::covering(self.table.as_str(), self.start(), self.end, now)
    }
}

/// The marks of `table` from the inventory: its backups and recovery
/// points, its exports and its copies in the DR vault, oldest first.
pub fn marks_of(state: &State, table: &str) -> Vec<TimelineMark> {
    let rec = &state.inventory.recovery;
    let mut marks: Vec<TimelineMark> = rec
        .backups_of(table)
        .iter()
        .map(|b| TimelineMark {
            at: b.created_at,
            kind: MarkKind::Backup,
            label: b.name.clone(),
        })
        .chain(rec.points_of(table).iter().filter_map(|p| {
            let kind = match p.storage {
                StorageClass::Warm => MarkKind::WarmPoint,
                StorageClass::Cold => MarkKind::ColdPoint,
                StorageClass::Deleted => return None,
            };
            let id = p.arn.rsplit([':', '/']).next().unwrap_or(&p.arn);
            Some(TimelineMark {
                at: p.created_at,
                kind,
                label: id.to_owned(),
            })
        }))
        .collect();
    // Exports at the instant they show the table as it was; copies in the
    // DR vault at their creation, named with their region.
    marks.extend(rec.exports_of(table).iter().filter_map(|x| {
        let at = x.kind.map(|k| k.as_of()).or(x.started_at)?;
        Some(TimelineMark {
            at,
            kind: MarkKind::Export,
            label: format!(
                "{} export {}",
                x.kind.map_or("an", |k| k.label()),
                super::sources::export_where(x)
            ),
        })
    }));
    let region = rec.dr_region().unwrap_or_default();
    marks.extend(rec.dr_copies_of(table).iter().map(|p| {
        let id = p.arn.rsplit([':', '/']).next().unwrap_or(&p.arn);
        TimelineMark {
            at: p.created_at,
            kind: MarkKind::Copy,
            label: format!("copy {id} in {region}"),
        }
    }));
    marks.sort_by_key(|m| m.at);
    marks
}

/// The timeline key: opens the view on the selected table.
pub fn open(state: &mut State) -> Vec<Command> {
    let Some(row) = state.inventory.tables.selected() else {
        state.view.flash = Some("select a table first".into());
        return Vec::new();
    };
    let Ok(table) = TableName::parse(&row.name) else {
        state.view.flash = Some(format!("{}: not a table name", row.name));
        return Vec::new();
    };
    let pitr = row.pitr.as_ref().and_then(|p| p.window);
    let now = state.now;
    let end = now;
    let view = TimelineView {
        marks: marks_of(state, table.as_str()),
        table,
        end,
        zoom: DEFAULT_ZOOM,
        // On a whole minute, as CloudWatch's periods are.
        cursor: whole_minute(pitr.map(|w| w.latest.min(now)).unwrap_or(now)),
        activity: ActivityState::Loading,
        // Nothing asked yet: `show` asks.
        asked: DateTime::<Utc>::UNIX_EPOCH,
        pitr,
        choosing: false,
        message: None,
    };
    show(state, view)
}

fn whole_minute(at: DateTime<Utc>) -> DateTime<Utc> {
    at - Duration::seconds(at.timestamp().rem_euclid(60))
}

/// Shows `view`, asking for its activity when its span changed.
fn show(state: &mut State, mut view: TimelineView) -> Vec<Command> {
    let q = view.query(state.now);
    let cmd = (view.asked != q.start).then(|| Command::LoadActivity {
        table: view.table.as_str().to_owned(),
        start: q.start,
        end: q.end,
        period_secs: q.period_secs,
    });
    view.asked = q.start;
    if cmd.is_some() {
        view.activity = ActivityState::Loading;
    }
    state.view.modal = Some(Modal::Timeline(Box::new(view)));
    cmd.into_iter().collect()
}

/// The engine's answer: kept if it is the one the open view asked for.
pub fn loaded(
    state: &mut State,
    table: &str,
    start: DateTime<Utc>,
    result: Result<TableActivity, String>,
) {
    if let Some(Modal::Timeline(view)) = state.view.modal.as_mut()
        && view.table.as_str() == table
        && view.asked == start
    {
        view.activity = match result {
            Ok(a) => ActivityState::Loaded(a),
            Err(why) => ActivityState::Failed(why),
        };
    }
}

/// A key in the view.
pub fn on_key(state: &mut State, mut view: TimelineView, key: &KeyEvent) -> Vec<Command> {
    let means = |a| state.keymap.means(key, a);
    view.message = None;
    if view.choosing {
        let kind = match key.code {
            KeyCode::Char('1') => Some(OpKind::PitrInPlace),
            KeyCode::Char('9') => Some(OpKind::PitrToNew),
            _ => None,
        };
        if let Some(kind) = kind {
            match restore_at(state, &view, kind) {
                Ok(w) => {
                    state.view.modal = Some(Modal::Wizard(w));
                    return Vec::new();
                }
                Err(why) => view.message = Some(why),
            }
        }
        view.choosing = false;
        return show(state, view);
    }
    if means(DialogAction::Cancel) {
        return Vec::new();
    }
    let shift = key.modifiers.contains(KeyModifiers::SHIFT);
    let step = view.step();
    if means(DialogAction::Earlier) {
        let by = if shift { step * BIG_STEPS } else { step };
        move_cursor(&mut view, state.now, -by);
    } else if means(DialogAction::Later) {
        let by = if shift { step * BIG_STEPS } else { step };
        move_cursor(&mut view, state.now, by);
    } else if means(DialogAction::MuchEarlier) {
        move_cursor(&mut view, state.now, -(step * BIG_STEPS));
    } else if means(DialogAction::MuchLater) {
        move_cursor(&mut view, state.now, step * BIG_STEPS);
    } else if means(DialogAction::Oldest) {
        view.cursor = view.start();
    } else if means(DialogAction::Newest) {
        view.cursor = view.end;
    } else if means(DialogAction::ZoomIn) {
        zoom(&mut view, state.now, -1);
    } else if means(DialogAction::ZoomOut) {
        zoom(&mut view, state.now, 1);
    } else if means(DialogAction::Confirm) {
        match view.restorable() {
            Ok(()) => view.choosing = true,
            Err(why) => view.message = Some(why),
        }
    }
    show(state, view)
}

/// Moves the cursor by `by`, never past now; the axis follows it.
fn move_cursor(view: &mut TimelineView, now: DateTime<Utc>, by: Duration) {
    let oldest = now - Duration::hours(ZOOMS[ZOOMS.len() - 1]);
    view.cursor = (view.cursor + by).clamp(oldest, now.max(view.end));
    if view.cursor < view.start() {
        view.end = view.cursor + view.span() / 2;
    } else if view.cursor > view.end {
        view.end = (view.cursor + view.span() / 2).min(view.end.max(now));
    }
}

/// Zooms by `by` steps of `ZOOMS`, keeping the cursor on the axis and the
/// axis no later than now.
fn zoom(view: &mut TimelineView, now: DateTime<Utc>, by: isize) {
    let next = view.zoom.saturating_add_signed(by).min(ZOOMS.len() - 1);
    if next == view.zoom {
        view.message = Some(match by {
            b if b < 0 => "already at the closest zoom (1 hour)".to_owned(),
            _ => "already at the widest zoom (35 days)".to_owned(),
        });
        return;
    }
    view.zoom = next;
    let latest = view.end.max(now);
    view.end = (view.cursor + view.span() / 2).min(latest);
    if view.cursor < view.start() {
        view.end = view.cursor + view.span();
    }
}

/// Operation `kind` (1 or 9) on the view's table, its time page filled
/// with the cursor's time.
fn restore_at(state: &State, view: &TimelineView, kind: OpKind) -> Result<Wizard, String> {
    view.restorable()?;
    if let Some(why) = refusal(state, view.table.as_str(), kind) {
        return Err(why.to_string());
    }
    match super::ops::start(state, kind, &view.table, state.now) {
        Ok(Wizard::EnterTime {
            kind, table, error, ..
        }) => Ok(Wizard::EnterTime {
            kind,
            table,
            input: Input::new(format_reference(view.cursor)),
            error,
        }),
        Ok(other) => Ok(other),
        Err(why) => Err(why.to_string()),
    }
}
