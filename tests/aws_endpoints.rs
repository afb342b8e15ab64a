//! The AWS backend over the wire against endpoints that misbehave: one that
//! accepts connections and never answers, and one that answers with a
//! proxy's HTML error page. Both are local listeners on 127.0.0.1 that stop
//! by themselves; the calls run with small limits so the tests stay short.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use dynamo_dr::aws::{AwsBackend, AwsOptions, CallLimits, StaticKeys, connect_with_static_keys};
use dynamo_dr::backend::{Backend, BackendError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How long a listener lives: far longer than a call may take.
const LISTENER_LIFE: Duration = Duration::from_secs(30);

async fn backend(endpoint: &str, limits: CallLimits) -> AwsBackend {
    connect_with_static_keys(
        AwsOptions {
            profile: None,
            region: Some("eu-west-1".to_owned()),
            endpoint_url: Some(endpoint.to_owned()),
            limits,
        },
        StaticKeys {
            access_key_id: "testing".to_owned(),
            secret_access_key: "testing".to_owned(),
        },
    )
    .await
    .unwrap()
}

/// Accepts every connection, reads what comes and never answers; stops
/// after `LISTENER_LIFE`.
async fn silent_endpoint() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(tokio::time::timeout(LISTENER_LIFE, async move {
        let mut held = Vec::new();
        while let Ok((mut socket, _)) = listener.accept().await {
            held.push(tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                while matches!(socket.read(&mut buf).await, Ok(n) if n > 0) {}
            }));
        }
    }));
    url
}

/// Answers every request with `502 Bad Gateway` and an HTML page, as a
/// corporate proxy does; stops after `LISTENER_LIFE`.
async fn proxy_error_endpoint() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(tokio::time::timeout(LISTENER_LIFE, async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(answer_502(socket));
        }
    }));
    url
}

async fn answer_502(mut socket: TcpStream) {
    // Read the head and the body the head announces, then answer.
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let Ok(n) = socket.read(&mut buf).await else {
            return;
        };
        if n == 0 {
            return;
        }
        request.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&request).to_ascii_lowercase();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if request.len() >= end + 4 + length {
                break;
            }
        }
    }
    let body = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let answer = format!(
        "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = socket.write_all(answer.as_bytes()).await;
    let _ = socket.shutdown().await;
}

#[tokio::test]
async fn a_silent_endpoint_fails_within_the_deadline_naming_the_attempts() {
    let endpoint = silent_endpoint().await;
    let b = backend(
        &endpoint,
        CallLimits {
            attempts: 2,
            attempt_timeout: Duration::from_millis(300),
            deadline: Duration::from_secs(3),
            connect_timeout: Duration::from_secs(1),
        },
    )
    .await;

    let started = Instant::now();
    let result = tokio::time::timeout(Duration::from_secs(20), b.list_tables()).await;
    let Ok(result) = result else {
        panic!("the call was still waiting after 20 s");
    };
    match result {
        Err(BackendError::Unreachable(m)) => {
            assert!(m.starts_with("no answer from "), "{m}");
            assert!(m.contains(&endpoint), "{m}");
            assert!(m.contains("dynamodb:ListTables"), "{m}");
            assert!(m.contains("after 2 attempts in "), "{m}");
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn a_proxy_error_page_is_named_as_not_aws() {
    let endpoint = proxy_error_endpoint().await;
    let limits = CallLimits {
        attempts: 1,
        ..CallLimits::default()
    };
    let b = backend(&endpoint, limits).await;

    for result in [
        b.list_tables().await.map(|_| ()),
        b.caller_identity().await.map(|_| ()),
    ] {
        match result {
            Err(e @ BackendError::Unreachable(_)) => {
                let m = e.to_string();
                assert!(m.contains("HTTP 502 (text/html)"), "{m}");
                assert!(m.contains("not an AWS API"), "{m}");
                assert!(m.contains("--endpoint-url and any proxy"), "{m}");
                assert!(!m.contains("Unknown") && !m.contains("sso"), "{m}");
            }
            other => panic!("expected Unreachable, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_bad_region_or_endpoint_is_refused_at_connect_naming_the_flag() {
    let refused = |opts: AwsOptions| async move {
        match dynamo_dr::aws::connect(opts).await {
            Err(BackendError::Invalid(m)) => m,
            Err(other) => panic!("expected Invalid, got {other:?}"),
            Ok(_) => panic!("connected"),
        }
    };
    let m = refused(AwsOptions {
        region: Some("eu west 1".to_owned()),
        ..AwsOptions::default()
    })
    .await;
    assert!(m.contains("--region 'eu west 1'"), "{m}");
    assert!(!m.contains("no AWS region is configured"), "{m}");

    let m = refused(AwsOptions {
        region: Some("eu-west-1".to_owned()),
        endpoint_url: Some("http://[::1".to_owned()),
        ..AwsOptions::default()
    })
    .await;
    assert!(m.starts_with("--endpoint-url "), "{m}");
    assert!(m.contains("http://[::1"), "{m}");
}

#[tokio::test]
async fn a_headless_command_on_a_silent_endpoint_gives_up_at_its_deadline_and_says_so() {
    let endpoint = silent_endpoint().await;
    let state = tempfile::tempdir().unwrap();
    for command in ["inventory", "check"] {
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_dynamo-dr"));
        cmd.args([command, "--deadline", "2", "--region", "eu-west-1"])
            .args(["--endpoint-url", &endpoint])
            .env("DYNAMO_DR_STATE_DIR", state.path())
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env_remove("AWS_PROFILE")
            .kill_on_drop(true);
        let out = tokio::time::timeout(Duration::from_secs(25), cmd.output())
            .await
            .unwrap_or_else(|_| panic!("{command} was still silent after 25 s"))
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{command}: {err}");
        assert!(
            err.contains(&format!("{command}: no complete answer within 2 s")),
            "{command}: {err}"
        );
    }
}
