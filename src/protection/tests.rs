use super::*;

fn policy(statement: Value) -> String {
    json!({ "Version": "2012-10-17", "Statement": statement }).to_string()
}

fn deny(action: Value) -> Value {
    json!({ "Sid": "NoDelete", "Effect": "Deny", "Principal": {"AWS": "*"},
            "Action": action, "Resource": "*" })
}

#[test]
fn no_policy_and_an_allow_only_policy_do_not_deny() {
    assert_eq!(verdict(None), PolicyVerdict::NoPolicy);
    let allow = policy(json!([{ "Effect": "Allow", "Principal": "*",
        "Action": "backup:DeleteRecoveryPoint", "Resource": "*" }]));
    assert_eq!(verdict(Some(&allow)), PolicyVerdict::DoesNotDeny);
    assert!(verdict(None).offers_deny());
}

#[test]
fn a_deny_for_everyone_by_exact_name_or_wildcard_protects() {
    for action in [
        json!("backup:DeleteRecoveryPoint"),
        json!(["backup:StartBackupJob", "backup:DeleteRecoveryPoint"]),
        json!("backup:*"),
        json!("backup:Delete*"),
        json!("*"),
        json!("Backup:deleterecoverypoint"),
    ] {
        let p = policy(json!([deny(action.clone())]));
        assert_eq!(
            verdict(Some(&p)),
            PolicyVerdict::Denies {
                sid: Some("NoDelete".into())
            },
            "{action}"
        );
    }
    // Principal "*" and a single statement as an object.
    let one = json!({ "Version": "2012-10-17", "Statement": { "Effect": "Deny",
        "Principal": "*", "Action": "backup:DeleteRecoveryPoint", "Resource": "*" } })
    .to_string();
    assert_eq!(verdict(Some(&one)), PolicyVerdict::Denies { sid: None });
    assert!(!verdict(Some(&one)).offers_deny());
}

#[test]
fn a_deny_of_other_actions_does_not_protect() {
    let p = policy(json!([deny(json!([
        "backup:DeleteBackupVault",
        "dynamodb:*"
    ]))]));
    assert_eq!(verdict(Some(&p)), PolicyVerdict::DoesNotDeny);
}

#[test]
fn some_principals_a_condition_or_not_action_is_partial() {
    let some = policy(json!([{ "Effect": "Deny",
        "Principal": {"AWS": "arn:aws:iam::111122223333:role/Dev"},
        "Action": "backup:DeleteRecoveryPoint", "Resource": "*" }]));
    let cond = policy(json!([{ "Sid": "C", "Effect": "Deny", "Principal": "*",
        "Action": "backup:DeleteRecoveryPoint", "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:PrincipalArn": "arn:aws:iam::1:role/Admin"}} }]));
    let not_action = policy(json!([{ "Effect": "Deny", "Principal": "*",
        "NotAction": "backup:StartBackupJob", "Resource": "*" }]));
    let not_principal = policy(json!([{ "Effect": "Deny",
        "NotPrincipal": {"AWS": "arn:aws:iam::1:role/Admin"},
        "Action": "backup:DeleteRecoveryPoint", "Resource": "*" }]));
    for (p, says) in [
        (some, "only to some principals"),
        (
            cond,
            "C denies backup:DeleteRecoveryPoint only under a Condition",
        ),
        (not_action, "NotAction"),
        (not_principal, "only to some principals"),
    ] {
        match verdict(Some(&p)) {
            PolicyVerdict::Partial(why) => assert!(why.contains(says), "{why}"),
            other => panic!("{p}: {other:?}"),
        }
    }
    // A NotAction that leaves the delete out denies nothing of it.
    let leaves_out = policy(json!([{ "Effect": "Deny", "Principal": "*",
        "NotAction": "backup:Delete*", "Resource": "*" }]));
    assert_eq!(verdict(Some(&leaves_out)), PolicyVerdict::DoesNotDeny);
}

#[test]
fn an_unreadable_policy_is_said_and_not_rewritten() {
    assert!(matches!(
        verdict(Some("{not json")),
        PolicyVerdict::Unreadable(_)
    ));
    assert!(with_deny_statement(Some("{not json")).is_err());
}

#[test]
fn the_offered_policy_keeps_every_statement_and_adds_one() {
    let current = policy(json!([
        { "Sid": "Keep", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root"},
          "Action": "backup:*", "Resource": "*" }
    ]));
    let offered = with_deny_statement(Some(&current)).unwrap();
    let doc: Value = serde_json::from_str(&offered).unwrap();
    let list = doc["Statement"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["Sid"], "Keep");
    assert_eq!(list[1]["Sid"], DENY_SID);
    assert_eq!(list[1]["Effect"], "Deny");
    assert_eq!(list[1]["Principal"], json!({"AWS": "*"}));
    assert_eq!(
        list[1]["Action"],
        json!([
            "backup:DeleteRecoveryPoint",
            "backup:UpdateRecoveryPointLifecycle"
        ])
    );
    assert_eq!(
        verdict(Some(&offered)),
        PolicyVerdict::Denies {
            sid: Some(DENY_SID.into())
        }
    );
    assert!(contains_deny_statement(&offered));
    // Applied twice, the statement is there once.
    let again = with_deny_statement(Some(&offered)).unwrap();
    let doc: Value = serde_json::from_str(&again).unwrap();
    assert_eq!(doc["Statement"].as_array().unwrap().len(), 2);
}

#[test]
fn with_no_policy_or_one_statement_object_the_offer_is_whole() {
    let fresh = with_deny_statement(None).unwrap();
    let doc: Value = serde_json::from_str(&fresh).unwrap();
    assert_eq!(doc["Version"], "2012-10-17");
    assert_eq!(doc["Statement"].as_array().unwrap().len(), 1);
    assert!(!contains_deny_statement(&policy(json!([]))));

    let one = json!({ "Version": "2012-10-17", "Statement": { "Sid": "Only",
        "Effect": "Allow", "Principal": "*", "Action": "backup:List*", "Resource": "*" } })
    .to_string();
    let doc: Value = serde_json::from_str(&with_deny_statement(Some(&one)).unwrap()).unwrap();
    let list = doc["Statement"].as_array().unwrap();
    assert_eq!(list[0]["Sid"], "Only");
    assert_eq!(list[1]["Sid"], DENY_SID);
}

#[test]
fn an_assumed_role_session_is_simulated_as_its_role() {
    assert_eq!(
        simulated_principal("arn:aws:sts::111122223333:assumed-role/OnCall/alice"),
        Ok("arn:aws:iam::111122223333:role/OnCall".to_owned())
    );
    assert_eq!(
        simulated_principal("arn:aws-us-gov:sts::1:assumed-role/R/s"),
        Ok("arn:aws-us-gov:iam::1:role/R".to_owned())
    );
    assert_eq!(
        simulated_principal("arn:aws:iam::1:user/ops/bob"),
        Ok("arn:aws:iam::1:user/ops/bob".to_owned())
    );
    assert!(
        simulated_principal("arn:aws:iam::1:root")
            .unwrap_err()
            .contains("root")
    );
    assert!(simulated_principal("arn:aws:sts::1:federated-user/x").is_err());
    assert!(simulated_principal("nonsense").is_err());
}
