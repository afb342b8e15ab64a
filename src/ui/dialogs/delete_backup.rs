//! Deleting a backup from the Backups view: type its name, then, for the
//! only copy of a table, a second yes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::parts::{frame_box, input_line, key, paragraph};
use crate::app::DialogAction::{Cancel, Confirm, Yes};
use crate::app::State;
use crate::app::backups::DeleteConfirm;
use crate::ui::theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, c: &DeleteConfirm) {
    let table = if c.gone {
        format!("{} (the table is gone)", c.table)
    } else {
        c.table.to_string()
    };
    if c.typed {
        let inner = frame_box(
            frame,
            area,
            84,
            9,
            "Delete the only copy?",
            &format!("{} delete it · any other key keep it", key(state, Yes)),
            true,
        );
        paragraph(
            frame,
            inner,
            vec![
                Line::from(Span::styled(
                    format!("{} is the only copy of {table}.", c.name),
                    theme::bad(),
                )),
                Line::from("Nothing else can bring that table back: no other backup, no"),
                Line::from("recovery point and no PITR. Deleting it cannot be undone."),
                Line::from(""),
                Line::from(format!("Press {} to delete it anyway.", key(state, Yes))),
            ],
        );
        return;
    }
    let inner = frame_box(
        frame,
        area,
        84,
        12,
        "Delete a backup",
        &format!(
            "{} delete · {} keep",
            key(state, Confirm),
            key(state, Cancel)
        ),
        true,
    );
    let mut lines = vec![
        Line::from(format!("Backup {} of {table}", c.name)),
        Line::from(Span::styled(c.arn.to_string(), theme::dim())),
        Line::from("DeleteBackup cannot be undone. The run is journaled and audited."),
        Line::from(""),
        Line::from("Type the backup's name to delete it:"),
    ];
    lines.extend(input_line(">", c.input.value(), &c.error));
    paragraph(frame, inner, lines);
}
