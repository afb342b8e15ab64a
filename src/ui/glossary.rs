//! The terms an operator meets in the console (PITR, AWS Backup, warm and
//! cold storage, the temporary names…), each explained in a sentence or two,
//! for the help screen.

pub const GLOSSARY: [(&str, &str); 12] = [
    (
        "AWS Backup",
        "A service that centralises and automates data protection. Recovery points are made on a schedule (here monthly) and kept in a vault. dynamo-dr never deletes them.",
    ),
    (
        "AWS Backup restore process",
        "In place: back up the original to DynamoDB (--orig), delete it (two confirmations), start a restore job into the original name with the backup role, then turn PITR and deletion protection back on.",
    ),
    (
        "Backups view",
        "Every DynamoDB backup and AWS Backup recovery point in the account, newest first, including those of tables that are gone. Leftovers of a run are marked --orig or --dupe. From there a copy is restored into a new table (operation 4 or 5), or a DynamoDB backup deleted: its name typed, and yes a second time when it is a table's only copy; the deletion is a journaled run.",
    ),
    (
        "Cold storage",
        "Cheaper storage AWS Backup moves recovery points to (here after 8 days). A restore from cold storage takes hours (~3 h).",
    ),
    (
        "Deletion protection",
        "A table setting that refuses DeleteTable. dynamo-dr asks before turning it off, and turns it back on after a restore.",
    ),
    (
        "DynamoDB backups",
        "On-demand snapshots kept by DynamoDB until deleted. Recoveries make them as fallbacks: {table}--orig-{time} and {table}--dupe-{time}.",
    ),
    (
        "Enabling deletion protection",
        "Operation 8, or UpdateTable with DeletionProtectionEnabled.",
    ),
    (
        "Enabling PITR",
        "Operation 7, with a recovery period of 1 to 35 days, or UpdateContinuousBackups.",
    ),
    (
        "Newest (Tables pane)",
        "The age of the newest copy the table can be restored from now: PITR's latest restorable time, an available DynamoDB backup or a completed recovery point, warm or cold. none (red) only when there is none of the three.",
    ),
    (
        "Point-in-time recovery (PITR)",
        "Continuous backups: a table can be restored to any second from the earliest restorable time (up to 35 days ago) to the latest (about 5 minutes ago).",
    ),
    (
        "PITR restore process",
        "In place: duplicate the table at the chosen time (--dupe), back up the original (--orig) and the duplicate, delete the original (two confirmations), restore the original name from the duplicate's backup, turn PITR and deletion protection back on, then review cleanup.",
    ),
    (
        "Warm storage",
        "Where recovery points start (here for 8 days). A restore from warm storage takes about 20 minutes.",
    ),
];
