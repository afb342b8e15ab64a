//! Scheduled DynamoDB backups: `{table}--sched-{Mon-dd-yyyy-HH-mm-ss}` in
//! UTC, the only backups `dynamo-dr backup --keep N` ever deletes.

use chrono::{DateTime, NaiveDateTime, Utc};

use super::{Backup, TableName};

const TAG: &str = "--sched-";
const STAMP: &str = "%b-%d-%Y-%H-%M-%S";

/// The name of `table`'s scheduled backup taken at `at`. Backup names are
/// at most 255 characters, so a long table name is cut to leave room for
/// the suffix (as the `--orig` names are).
pub fn scheduled_name(table: &TableName, at: DateTime<Utc>) -> String {
    let suffix = format!("{TAG}{}", at.format(STAMP));
    let room = 255 - suffix.len();
    let base: String = table.as_str().chars().take(room).collect();
    format!("{base}{suffix}")
}

/// Whether `name` is a scheduled backup of `table`: exactly the name
/// `scheduled_name` gives it at the time its suffix says. A manual backup
/// that only contains `--sched-`, another table's, an `--orig` or `--dupe`
/// one never is.
pub fn is_scheduled_of(name: &str, table: &TableName) -> bool {
    let Some(at) = name.rfind(TAG).and_then(|i| {
        NaiveDateTime::parse_from_str(&name[i + TAG.len()..], STAMP)
            .ok()
            .map(|t| t.and_utc())
    }) else {
        return false;
    };
    scheduled_name(table, at) == name
}

/// `table`'s scheduled backups among `backups`, newest first (by creation
/// time, then name), split after the `keep` newest: (kept, beyond). The one
/// rule of `dynamo-dr backup --keep N` (which passes the others than the
/// backup it just made, and N - 1) and of the console's prune review.
pub fn split_scheduled<'a>(
    backups: impl IntoIterator<Item = &'a Backup>,
    table: &TableName,
    keep: usize,
) -> (Vec<&'a Backup>, Vec<&'a Backup>) {
    let mut scheduled: Vec<&Backup> = backups
        .into_iter()
        .filter(|b| b.table_name == table.as_str() && is_scheduled_of(&b.name, table))
        .collect();
    scheduled.sort_by(|a, b| (b.created_at, &b.name).cmp(&(a.created_at, &a.name)));
    let beyond = scheduled.split_off(keep.min(scheduled.len()));
    (scheduled, beyond)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use chrono::TimeZone;

    use super::*;

    fn name(s: &str) -> TableName {
        TableName::parse(s).unwrap()
    }

    #[test]
    fn only_the_tables_own_scheduled_names_count() {
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 3, 4, 5).unwrap();
        let orders = name("orders");
        let sched = scheduled_name(&orders, at);
        assert_eq!(sched, "orders--sched-Dec-01-2026-03-04-05");
        assert!(is_scheduled_of(&sched, &orders));
        for other in [
            "orders--orig-Dec-01-2026-03-04-05",
            "orders--dupe-Dec-01-2026-03-04-05",
            "orders--sched-nightly",
            "orders--sched-Dec-01-2026-03-04-05-keep",
            "my-orders--sched-Dec-01-2026-03-04-05",
            "orders-pre-deploy",
        ] {
            assert!(!is_scheduled_of(other, &orders), "{other}");
        }
        // Another table's scheduled backup is not this table's.
        assert!(!is_scheduled_of(&sched, &name("orders-v2")));
        assert!(!is_scheduled_of(
            &scheduled_name(&name("orders-v2"), at),
            &orders
        ));
        // A 255-character table: cut, still a valid name, still recognised.
        let long = name(&"t".repeat(255));
        let cut = scheduled_name(&long, at);
        assert_eq!(cut.len(), 255);
        assert!(is_scheduled_of(&cut, &long));
    }

    fn backup(name: &str, table: &str, at: DateTime<Utc>) -> Backup {
        Backup {
            arn: format!("arn:{name}"),
            name: name.to_owned(),
            table_name: table.to_owned(),
            status: crate::domain::BackupStatus::Available,
            kind: crate::domain::BackupType::User,
            created_at: at,
            size_bytes: None,
        }
    }

    #[test]
    fn the_split_keeps_the_newest_scheduled_and_counts_nothing_else() {
        let orders = name("orders");
        let day = |d| Utc.with_ymd_and_hms(2026, 12, d, 2, 0, 0).unwrap();
        let all = vec![
            backup(&scheduled_name(&orders, day(1)), "orders", day(1)),
            backup(&scheduled_name(&orders, day(3)), "orders", day(3)),
            backup("orders-pre-deploy", "orders", day(4)),
            backup(&scheduled_name(&orders, day(2)), "orders", day(2)),
            backup(&scheduled_name(&name("other"), day(5)), "other", day(5)),
        ];
        let names = |v: Vec<&Backup>| v.iter().map(|b| b.name.clone()).collect::<Vec<_>>();
        let (kept, beyond) = split_scheduled(&all, &orders, 2);
        assert_eq!(
            names(kept),
            [
                scheduled_name(&orders, day(3)),
                scheduled_name(&orders, day(2))
            ]
        );
        assert_eq!(names(beyond), [scheduled_name(&orders, day(1))]);
        let (kept, beyond) = split_scheduled(&all, &orders, 10);
        assert_eq!(kept.len(), 3);
        assert!(beyond.is_empty());
    }
}
