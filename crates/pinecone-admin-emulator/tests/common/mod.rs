//! Helpers shared by the integration tests: a started emulator, a token, and a small HTTP
//! wrapper that returns status, headers and the decoded body.
#![allow(dead_code)]

use pinecone_admin_emulator::{Emulator, EmulatorBuilder, EmulatorHandle};
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::{json, Value};

pub const VERSION: &str = "2026-07";
pub const AUDIENCE: &str = "https://api.pinecone.io/";

/// A response, fully read.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    pub body: Value,
}

impl Resp {
    pub async fn read(r: reqwest::Response) -> Resp {
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let text = r.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp {
            status,
            headers,
            text,
            body,
        }
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts the Admin API error shape `{"error":{"code","message"},"status"}`.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.text
        );
        assert!(
            self.content_type().starts_with("application/json"),
            "content-type {}",
            self.content_type()
        );
        assert_eq!(self.body["status"], json!(status), "body: {}", self.text);
        assert_eq!(
            self.body["error"]["code"],
            json!(code),
            "body: {}",
            self.text
        );
        assert!(
            self.body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "message missing: {}",
            self.text
        );
    }

    #[track_caller]
    pub fn assert_status(&self, status: u16) -> &Value {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.text
        );
        &self.body
    }
}

/// An emulator plus a client holding a current access token of the seeded account.
pub struct Ctx {
    pub emu: EmulatorHandle,
    pub http: reqwest::Client,
    pub token: String,
}

impl Ctx {
    pub async fn new() -> Ctx {
        Ctx::with(Emulator::builder()).await
    }

    pub async fn with(builder: EmulatorBuilder) -> Ctx {
        let emu = builder.start().await.expect("emulator starts");
        let http = reqwest::Client::new();
        let token = mint_ok(&http, &emu, emu.client_id(), emu.client_secret()).await;
        Ctx { emu, http, token }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.emu.base_url(), path)
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Resp {
        let mut req = self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.token)
            .header("X-Pinecone-Api-Version", VERSION);
        if let Some(b) = body {
            req = req.json(&b);
        }
        Resp::read(req.send().await.expect("request")).await
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Resp {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn post_empty(&self, path: &str) -> Resp {
        self.send(Method::POST, path, None).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Resp {
        self.send(Method::PATCH, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Resp {
        self.send(Method::DELETE, path, None).await
    }

    /// Creates a project through the API and returns its id.
    pub async fn project(&self, name: &str) -> String {
        let r = self.post("/admin/projects", json!({ "name": name })).await;
        r.assert_status(200)["id"].as_str().unwrap().to_owned()
    }

    /// Creates an API key through the API and returns (id, value).
    pub async fn api_key(&self, project_id: &str, roles: &[&str]) -> (String, String) {
        let r = self
            .post(
                &format!("/admin/projects/{project_id}/api-keys"),
                json!({ "name": "k", "roles": roles }),
            )
            .await;
        let b = r.assert_status(201);
        (
            b["key"]["id"].as_str().unwrap().to_owned(),
            b["value"].as_str().unwrap().to_owned(),
        )
    }

    /// A control-plane request with an `Api-Key`.
    pub async fn control(
        &self,
        key: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Resp {
        let mut req = self
            .http
            .request(method, self.url(path))
            .header("Api-Key", key)
            .header("X-Pinecone-Api-Version", VERSION);
        if let Some(b) = body {
            req = req.json(&b);
        }
        Resp::read(req.send().await.expect("request")).await
    }
}

/// POSTs a JSON token request.
pub async fn mint(http: &reqwest::Client, emu: &EmulatorHandle, id: &str, secret: &str) -> Resp {
    let r = http
        .post(emu.oauth_url())
        .header("X-Pinecone-Api-Version", VERSION)
        .json(&json!({
            "client_id": id,
            "client_secret": secret,
            "grant_type": "client_credentials",
            "audience": AUDIENCE,
        }))
        .send()
        .await
        .expect("token request");
    Resp::read(r).await
}

pub async fn mint_ok(
    http: &reqwest::Client,
    emu: &EmulatorHandle,
    id: &str,
    secret: &str,
) -> String {
    let r = mint(http, emu, id, secret).await;
    assert_eq!(r.status, 200, "token exchange failed: {}", r.text);
    r.body["access_token"].as_str().unwrap().to_owned()
}

/// Checks a value is a hyphenated UUID v4.
#[track_caller]
pub fn assert_uuid(v: &Value) {
    let s = v.as_str().unwrap_or_else(|| panic!("not a string: {v}"));
    let u = uuid::Uuid::parse_str(s).unwrap_or_else(|_| panic!("not a UUID: {s}"));
    assert_eq!(u.get_version_num(), 4, "{s}");
    assert_eq!(s.len(), 36);
}

/// Checks an RFC 3339 timestamp.
#[track_caller]
pub fn assert_datetime(v: &Value) {
    let s = v.as_str().unwrap_or_else(|| panic!("not a string: {v}"));
    chrono::DateTime::parse_from_rfc3339(s).unwrap_or_else(|_| panic!("not a date-time: {s}"));
}
