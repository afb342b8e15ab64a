//! The terms an operator meets in the console (PITR, AWS Backup, warm and
//! cold storage, the temporary names…), each explained in a sentence or two,
//! for the help screen.

pub const GLOSSARY: [(&str, &str); 39] = [
    (
        "AWS Backup",
        "A service that centralises and automates data protection. Recovery points are made on a schedule (here monthly) and kept in a vault. dynamo-dr never deletes them.",
    ),
    (
        "AWS Backup restore process",
        "In place: back up the original to DynamoDB (--orig), delete it (two confirmations), start a restore job into the original name with the backup role, then turn PITR and deletion protection back on.",
    ),
    (
        "AWS Backup jobs",
        "What AWS Backup runs: a backup job makes a recovery point, a copy job copies one to another vault (often in another region, for disaster recovery), a restore job makes a table from one. A failed, expired (never started in its plan rule's window) or aborted job is a gap in coverage: the Jobs pane's state filter and `dynamo-dr jobs` show them.",
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
        "Comparing tables (operation 10)",
        "Compare with a table: reads two tables item by item (the verification the restores use) and counts the keys missing from the selected table, extra in it, and changed. It only reads, so it runs in a read-only console too. Enter or d on its run lists the differing keys; a file beside its journal lists every one.",
    ),
    (
        "Conflict (repair)",
        "An item a repair (or its undo) did not write because it changed after the diff saw it: each write is conditional on the item being exactly as seen, so a write made since is never overwritten. Every conflict, with both versions, is listed in a file beside the run's journal.",
    ),
    (
        "Copy to another region",
        "An AWS Backup copy job of a recovery point into the DR vault ([copies] vault_arn, another region or account), for the day the main region is down: the menu's copy operation or `dynamo-dr copy`. Only a COMPLETED point is copied, never into its own vault; the copy is looked for in the DR vault once the job completes. The sandbox's DR vault is sandbox-backup-vault-dr in us-west-2.",
    ),
    (
        "Deletion protection",
        "A table setting that refuses DeleteTable. dynamo-dr asks before turning it off, and turns it back on after a restore.",
    ),
    (
        "DR drill",
        "Proof that a table can be restored: its copy is restored into a scratch table (named --drill-…), timed (the measured RTO), checked (ACTIVE, settings, every item read, the count, a sample of keys against the source) and deleted; the result goes to drills.jsonl with a report in drills/ of the state dir. The table itself is only read. Posture's drill_every_days and rto_target_minutes read that history.",
    ),
    (
        "DR region",
        "The region of the DR vault ([copies] vault_arn): where copies go and where operation 16, restore in another region, makes the new table, from the table's point in time (RestoreTableToPointInTime sent there with the table's ARN) or from a copy in the DR vault (a restore job there). The Recovery pane lists the table's copies there (kind copy, with the region) and its exports to S3 (kind export).",
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
        "Est. (Recovery pane)",
        "What a restore from that copy takes, from the reference's figures (a DynamoDB backup ~5 min, warm AWS Backup ~20 min, cold ~3 h) plus about a minute per GB past the first. The menu and plans scale the same way with the table's size; a verify reads both tables.",
    ),
    (
        "Journal and audit log",
        "Every run writes a journal (state dir/<sandbox|aws>/journal/*.jsonl, one per run) that resume reads after a crash, and every AWS call that changes something is appended to audit.jsonl beside it. The state dir is DYNAMO_DR_STATE_DIR, or ~/.local/state/dynamo-dr.",
    ),
    (
        "Lifecycle (operation 12)",
        "When a recovery point moves to cold storage and when AWS Backup deletes it, in days after it is made; blank is never. AWS Backup keeps a point at least 90 days in cold storage, so deletion must come 90 days or more after the move. Operation 12, back up with AWS Backup, asks for it and starts a backup job into the vault, followed in Jobs until its point is made.",
    ),
    (
        "Leftover (Recovery pane)",
        "A backup named {table}--orig-{time} or {table}--dupe-{time}: the fallback or duplicate of an earlier run, kept by its cleanup review. Still a restorable copy; delete it in a review once the run is checked.",
    ),
    (
        "Newest (Tables pane)",
        "The age of the newest copy the table can be restored from now: PITR's latest restorable time, an available DynamoDB backup or a completed recovery point, warm or cold. none (red) only when there is none of the three.",
    ),
    (
        "PITR restore process",
        "In place: duplicate the table at the chosen time (--dupe), back up the original (--orig) and the duplicate, delete the original (two confirmations), restore the original name from the duplicate's backup, turn PITR and deletion protection back on, then review cleanup.",
    ),
    (
        "Point-in-time recovery (PITR)",
        "Continuous backups: a table can be restored to any second from the earliest restorable time (up to 35 days ago) to the latest (about 5 minutes ago).",
    ),
    (
        "Plan (Tables pane, Plans view)",
        "An AWS Backup plan: rules (a cron schedule, a start and a completion window, a vault, a lifecycle, copies to other vaults) and selections (tables by ARN or by tag). The Plan column names the plans that cover the table; no plan (red): none does; plan ? (yellow): it could not be read. A recovery point names the plan / rule that made it, or on demand. The plans key shows every plan, each rule's next run and last job, and the tables in no plan.",
    ),
    (
        "Posture (Tables pane)",
        "Whether the table meets the config's [posture] rules: PITR on, deletion protection on, by default; the PITR period and the newest copy's age (the RPO) when set. ✔ all pass; ✘ N and the first failing rule (PITR, days, prot, RPO); ? a rule could not be decided (its data did not load, or this version does not read it: copies in another region); the drill rules (drill, RTO) read the DR drill history; excl: left out by name. The posture key lists every rule with why; dynamo-dr posture checks them all headless.",
    ),
    (
        "Pre-image (repair)",
        "Before a repair writes anything, every item it will change is saved as it was and as the repair leaves it, in a file beside the run's journal. Undo (u on the finished repair in Jobs) puts the items back from it, each only where it is still as the repair left it.",
    ),
    (
        "Prot (Tables pane)",
        "Deletion protection: on, the table refuses DeleteTable. Operations that delete ask before turning it off and turn it back on after.",
    ),
    (
        "Restore a DynamoDB backup (operation 4)",
        "Restores one of the table's backups into a new table (RestoreTableFromBackup), with PITR and deletion protection turned on if chosen; the table itself is not touched. The new name is proposed as {table}-restored, -restored-2… Compare it with the table before you trust it.",
    ),
    (
        "Repair in place (operation 11)",
        "Puts back what was lost without deleting the table or stopping its traffic: a copy (a time in the PITR window, a backup, a recovery point, or a table restored earlier) is compared with the live table; each differing key is deleted, changed or created since the copy. You tick which classes to write back; only those items are written, each under a condition, after their pre-images and a backup. Esc at the choice writes nothing.",
    ),
    (
        "Restore into a new table",
        "Operations 4, 5 and 9: a backup, a recovery point or a point in time restored under a new name, the table itself untouched (9 is how 11:30 is compared with 11:50 before restoring in place). A restore brings the new table up with PITR and deletion protection off: the wizard offers both, on by default.",
    ),
    (
        "Restore an AWS Backup recovery point (operation 5)",
        "Restores a recovery point into a new table with a restore job and the backup role; warm ~20 min, cold hours. The table itself is not touched.",
    ),
    (
        "Scheduled backups (--sched-)",
        "DynamoDB backups named {table}--sched-{time}, made by `dynamo-dr backup --keep N` (cron), which keeps each table's N newest. The console's prune review of a table (its key is listed above) reviews them: the ones beyond N come ticked, anything else may be ticked by hand except a backup not AVAILABLE and the table's last AVAILABLE one; Enter shows the plan, and only Enter on the plan deletes.",
    ),
    (
        "Scratch table (repair)",
        "The temporary table a repair restores its copy into (named --repair-…) to compare it with the live table; the cleanup review offers it for deletion at the end. A table given as the copy is only read, never a scratch table.",
    ),
    (
        "Status icons (Jobs pane)",
        "✔ done · ⠋ running · · pending · ? waiting for you, or not known after a crash (AWS is asked on resume) · ⚠ interrupted (crashed) · ■ stopped by you or refused · – skipped (nothing to do) · ✘ failed.",
    ),
    (
        "Vault access policy",
        "A resource policy on the AWS Backup vault. A Deny of backup:DeleteRecoveryPoint to every principal ({\"AWS\": \"*\"}) stops anyone from deleting the vault's recovery points, whatever IAM allows them; the Protection view offers one (shown whole on its plan, every existing statement kept).",
    ),
    (
        "Vault Lock",
        "Retention the vault enforces: no recovery point deleted before its minimum retention. In governance mode it can be removed (until its lock date, if it has one); from the lock date on it is in compliance mode, which nobody can undo, not even the root user.",
    ),
    (
        "Warm storage",
        "Where recovery points start (here for 8 days). A restore from warm storage takes about 20 minutes.",
    ),
    (
        "What an in-place restore loses",
        "Operations 1 and 2 delete the table and restore a copy under its name: writes made after the restore point survive only in the --orig backup; the table's PITR history starts again; its stream ARN, global-table replicas, auto-scaling, alarms and resource policy go with the old table (settings the restore drops are re-applied one by one, and listed). Restore to a new table first when in doubt.",
    ),
    (
        "Who can delete backups (Protection view)",
        "The vault's access policy (✔ denies deletion to everyone, ✘ does not, ~ partial: only some principals, a Condition or NotAction), its Vault Lock, and whether you may DeleteBackup as IAM's policy simulator answers for your role (? when you may not simulate). Offers a vault policy that denies deleting recovery points.",
    ),
    (
        "Recovery timeline",
        "T on a table: its PITR window as a band, its backups (B) and recovery points (W warm, C cold) as marks, and its writes and deletes per minute from CloudWatch (GetMetricData) under them. Move the cursor to just before the damage and press Enter for operation 1 or 9 with that time typed in.",
    ),
    (
        "Backup plan",
        "AWS Backup's schedule for tables: rules (when, into which vault, cold after and deleted after how many days, copied where) and selections (which tables, by ARN or by tag, with the role AWS Backup assumes). A selection cannot be edited: removing one table from it is a copy without it, then the old one deleted.",
    ),
];
