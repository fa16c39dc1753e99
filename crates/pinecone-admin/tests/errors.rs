//! Every error variant produced over real HTTP by the emulator, with its details and helpers.

use crate::common;

use std::time::Duration;

use common::{builder, emulator};
use pinecone_admin::{CreateProject, Error, UpdateOrganization};
use pinecone_admin_emulator::{FaultAction, FaultRule};

fn variant(e: &Error) -> &'static str {
    match e {
        Error::Validation { .. } => "Validation",
        Error::BadRequest(_) => "BadRequest",
        Error::Unauthorized(_) => "Unauthorized",
        Error::PaymentRequired(_) => "PaymentRequired",
        Error::Forbidden(_) => "Forbidden",
        Error::NotFound(_) => "NotFound",
        Error::Conflict(_) => "Conflict",
        Error::FailedPrecondition(_) => "FailedPrecondition",
        Error::RateLimited { .. } => "RateLimited",
        Error::Server(_) => "Server",
        Error::Api(_) => "Api",
        Error::Timeout { .. } => "Timeout",
        Error::Connection { .. } => "Connection",
        Error::Decode { .. } => "Decode",
        Error::Ambiguous { .. } => "Ambiguous",
        Error::OAuth(_) => "OAuth",
        _ => "unknown",
    }
}

#[tokio::test]
async fn each_status_maps_to_its_variant_with_details() {
    let emu = emulator().await;
    let admin = builder(&emu).max_retries(0).build().await.unwrap();
    let cases = [
        (400u16, "BadRequest", false),
        (401, "Unauthorized", false),
        (402, "PaymentRequired", false),
        (403, "Forbidden", false),
        (404, "NotFound", false),
        (409, "Conflict", false),
        (412, "FailedPrecondition", false),
        (429, "RateLimited", true),
        (500, "Server", true),
        (502, "Server", true),
        (503, "Server", true),
        (501, "Server", false),
        (405, "Api", false),
        (408, "Api", true),
        (422, "Api", false),
    ];
    for (status, expected, retryable) in cases {
        emu.clear_faults();
        emu.inject(FaultRule::new("GET", "/admin/projects").action(FaultAction::status(status)));
        let err = admin.projects().list().await.unwrap_err();
        assert_eq!(variant(&err), expected, "{status}: {err:?}");
        assert_eq!(err.status().unwrap().as_u16(), status);
        assert_eq!(err.is_retryable(), retryable, "{status}");
        assert_eq!(err.is_not_found(), status == 404);
        let api = err.api_error().expect("API errors carry details");
        assert!(api.code().is_some(), "{status}: code from error.code");
        assert!(!api.message().is_empty());
        assert!(api.body().unwrap().contains("\"error\""));
        let request_id = err.request_id().expect("the emulator stamps a request id");
        assert!(request_id.starts_with("emu-"));
        let line = err.to_string();
        assert!(!line.contains('\n'), "one line: {line}");
        assert!(
            line.contains(&status.to_string()) && line.contains(request_id),
            "{line}"
        );
        assert!(!line.contains(common::CLIENT_SECRET));
    }
}

#[tokio::test]
async fn message_comes_from_the_body_or_falls_back() {
    let emu = emulator().await;
    let admin = builder(&emu).max_retries(0).build().await.unwrap();
    let inject = |status: u16, body: &str| {
        emu.clear_faults();
        emu.inject(
            FaultRule::new("GET", "/admin/projects").action(FaultAction::Status {
                status,
                body: Some(body.to_owned()),
                retry_after: None,
            }),
        );
    };

    inject(
        409,
        r#"{"error":{"code":"ALREADY_EXISTS","message":"Project exists"},"status":409}"#,
    );
    let err = admin.projects().list().await.unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(
        (api.code(), api.message()),
        (Some("ALREADY_EXISTS"), "Project exists")
    );

    inject(
        502,
        "upstream connect error or disconnect/reset before headers",
    );
    let err = admin.projects().list().await.unwrap_err();
    assert_eq!(
        err.api_error().unwrap().message(),
        "upstream connect error or disconnect/reset before headers"
    );
    assert_eq!(err.api_error().unwrap().code(), None);

    inject(
        503,
        "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
    );
    let err = admin.projects().list().await.unwrap_err();
    assert_eq!(err.api_error().unwrap().message(), "Service Unavailable");
    assert!(err.api_error().unwrap().body().unwrap().contains("<h1>"));

    inject(500, "");
    let err = admin.projects().list().await.unwrap_err();
    assert_eq!(err.api_error().unwrap().message(), "Internal Server Error");

    let long = "x".repeat(5000);
    inject(500, &long);
    let err = admin.projects().list().await.unwrap_err();
    assert!(err.api_error().unwrap().message().chars().count() < 400);
}

#[tokio::test]
async fn rate_limited_carries_retry_after() {
    let emu = emulator().await;
    let admin = builder(&emu).max_retries(0).build().await.unwrap();
    emu.inject(FaultRule::new("GET", "/admin/projects").action(FaultAction::rate_limited(12)));
    let err = admin.projects().list().await.unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(12)),
        "{err:?}"
    );
    assert!(err.to_string().contains("retry after 12 s"), "{err}");
}

#[tokio::test]
async fn real_server_errors_not_only_faults() {
    let emu = emulator().await;
    let admin = common::admin(&emu).await;
    // 404 from the emulator's own store.
    let err = admin
        .projects()
        .describe("00000000-0000-4000-8000-000000000000")
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.api_error().unwrap().code(), Some("NOT_FOUND"));
    // 400 for an id that is not a UUID (the client accepts opaque ids; the server decides).
    let err = admin.projects().describe("not-a-uuid").await.unwrap_err();
    assert!(matches!(err, Error::BadRequest(_)), "{err:?}");
    // 412 from the organization delete.
    admin
        .projects()
        .create(CreateProject::new("p"))
        .await
        .unwrap();
    let err = admin
        .organizations()
        .delete(emu.organization_id())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::FailedPrecondition(_)), "{err:?}");
    // 404 for an unknown organization on update.
    let err = admin
        .organizations()
        .update("no-such-org", UpdateOrganization::new().name("x"))
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

#[tokio::test]
async fn ambiguous_lists_the_ids() {
    let emu = emulator().await;
    let admin = common::admin(&emu).await;
    let a = admin
        .projects()
        .create(CreateProject::new("twin"))
        .await
        .unwrap();
    let b = admin
        .projects()
        .create(CreateProject::new("twin"))
        .await
        .unwrap();
    let err = admin.projects().describe_by_name("twin").await.unwrap_err();
    assert_eq!(variant(&err), "Ambiguous");
    let line = err.to_string();
    assert!(
        line.contains(&a.id) && line.contains(&b.id) && line.contains("twin"),
        "{line}"
    );
    assert!(err.status().is_none() && !err.is_retryable());
}

#[tokio::test]
async fn oauth_errors_at_build() {
    let emu = emulator().await;
    for (status, message) in [
        (400u16, "Bad request"),
        (403, "Forbidden"),
        (500, "Internal server error"),
    ] {
        emu.clear_faults();
        emu.inject(FaultRule::new("POST", "/oauth/token").action(FaultAction::status(status)));
        let err = builder(&emu).max_retries(0).build().await.unwrap_err();
        match &err {
            Error::OAuth(api) => {
                assert_eq!(api.status().as_u16(), status);
                assert_eq!(api.message(), message, "error_description is the message");
            }
            other => panic!("expected OAuth for {status}, got {other:?}"),
        }
        assert!(
            err.to_string().starts_with("OAuth token request failed: "),
            "{err}"
        );
    }
    // A body without error_description: `error` is the message; HTML: the reason phrase.
    emu.clear_faults();
    emu.inject(
        FaultRule::new("POST", "/oauth/token").action(FaultAction::Status {
            status: 401,
            body: Some(r#"{"error":"invalid_client"}"#.into()),
            retry_after: None,
        }),
    );
    let err = builder(&emu).max_retries(0).build().await.unwrap_err();
    assert_eq!(err.api_error().unwrap().message(), "invalid_client");
    emu.clear_faults();
    emu.inject(
        FaultRule::new("POST", "/oauth/token").action(FaultAction::Status {
            status: 502,
            body: Some("<html>bad gateway</html>".into()),
            retry_after: None,
        }),
    );
    let err = builder(&emu).max_retries(0).build().await.unwrap_err();
    assert_eq!(err.api_error().unwrap().message(), "Bad Gateway");
    emu.clear_faults();
    emu.inject(
        FaultRule::new("POST", "/oauth/token").action(FaultAction::Status {
            status: 401,
            body: Some(String::new()),
            retry_after: None,
        }),
    );
    let err = builder(&emu).max_retries(0).build().await.unwrap_err();
    assert_eq!(err.api_error().unwrap().message(), "Unauthorized");
}

#[tokio::test]
async fn decode_error_for_a_malformed_token_response() {
    let emu = emulator().await;
    emu.inject(
        FaultRule::new("POST", "/oauth/token").action(FaultAction::Status {
            status: 200,
            body: Some(r#"{"token_type":"Bearer","expires_in":3600}"#.into()),
            retry_after: None,
        }),
    );
    let err = builder(&emu).build().await.unwrap_err();
    match &err {
        Error::Decode {
            message,
            status,
            body,
        } => {
            assert!(message.contains("access_token"), "{message}");
            assert_eq!(status.unwrap().as_u16(), 200);
            assert!(body.as_deref().unwrap().contains("redacted"));
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn decode_error_keeps_a_truncated_body() {
    let emu = emulator().await;
    let admin = builder(&emu).max_retries(0).build().await.unwrap();
    emu.inject(
        FaultRule::new("GET", "/admin/projects").action(FaultAction::Status {
            status: 200,
            body: Some(format!(
                r#"{{"data": [{{"name": 5, "pad": "{}"}}]}}"#,
                "p".repeat(40_000)
            )),
            retry_after: None,
        }),
    );
    let err = admin.projects().list().await.unwrap_err();
    match &err {
        Error::Decode {
            body,
            status,
            message,
        } => {
            assert_eq!(
                *status, None,
                "progenitor rejected the body; status unknown"
            );
            let body = body.as_deref().unwrap();
            assert!(
                body.len() < 20_000 && body.ends_with("[truncated]"),
                "{}",
                body.len()
            );
            assert!(message.contains("list_projects"), "{message}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn timeout_and_connection_variants() {
    let emu = emulator().await;
    let admin = builder(&emu)
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .await
        .unwrap();
    emu.inject(
        FaultRule::new("GET", "/admin/organizations")
            .action(FaultAction::Latency(Duration::from_secs(2))),
    );
    let err = admin.organizations().list().await.unwrap_err();
    assert_eq!(variant(&err), "Timeout");
    assert!(
        std::error::Error::source(&err).is_some(),
        "keeps the reqwest error"
    );

    emu.inject(FaultRule::new("GET", "/admin/projects").action(FaultAction::DropConnection));
    let err = admin.projects().list().await.unwrap_err();
    assert_eq!(variant(&err), "Connection", "{err:?}");
    assert!(
        err.to_string().contains("/admin/projects"),
        "names the URL: {err}"
    );
}
