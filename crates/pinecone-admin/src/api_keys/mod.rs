//! Project API keys: list, create, describe, update, delete.
//!
//! A key's secret value is returned once, by [`ApiKeys::create`], inside an
//! [`ApiKeyWithSecret`] that prints masked; read it with `.secret().expose()`.
//!
//! ```no_run
//! # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
//! use pinecone_admin::{ApiKeyRole, CreateApiKey};
//!
//! let created = admin
//!     .api_keys()
//!     .create("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1",
//!             CreateApiKey::new("ci-reader").roles([ApiKeyRole::DataPlaneViewer]))
//!     .await?;
//! println!("created {created}"); // the value prints masked
//! let value: &str = created.secret().expose();
//! # Ok(()) }
//! ```

use std::fmt;

use admin_api_raw::admin::types as raw;
use serde::{Deserialize, Serialize};

use crate::admin::Admin;
use crate::error::{Error, Result};
use crate::models::{null_as_default, ApiKeyRole, DataList};
use crate::secret::Secret;
use crate::transport::{wire, Op};
use crate::validate;

mod handle;
mod models;

pub use handle::ApiKeys;
pub use models::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for role in ApiKeyRole::KNOWN {
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(serde_json::from_str::<ApiKeyRole>(&json).unwrap(), role);
        }
        let other: ApiKeyRole = serde_json::from_str("\"IndexJanitor\"").unwrap();
        assert_eq!(other, ApiKeyRole::Other("IndexJanitor".into()));
        assert_eq!(serde_json::to_string(&other).unwrap(), "\"IndexJanitor\"");
    }

    #[test]
    fn secret_is_masked() {
        let k: ApiKeyWithSecret = serde_json::from_str(
            r#"{"key":{"id":"k1","name":null,"project_id":"p","roles":["ProjectEditor","New"]},
                "value":"pckey_label_supersecretvalue9876"}"#,
        )
        .unwrap();
        let debug = format!("{k:?}");
        let display = k.to_string();
        assert!(
            !debug.contains("supersecret") && debug.contains("…9876"),
            "{debug}"
        );
        assert!(!display.contains("supersecret"), "{display}");
        assert_eq!(k.secret().expose(), "pckey_label_supersecretvalue9876");
        assert_eq!(k.key().name, "");
        assert_eq!(k.key().roles[1], ApiKeyRole::Other("New".into()));
    }

    #[test]
    fn create_body_omits_unset() {
        let body = serde_json::to_value(CreateApiKey::new("k").to_raw()).unwrap();
        assert_eq!(body, serde_json::json!({"name": "k"}));
        let body = serde_json::to_value(
            CreateApiKey::new("k")
                .roles([ApiKeyRole::ProjectViewer, "X".into()])
                .to_raw(),
        )
        .unwrap();
        assert_eq!(
            body,
            serde_json::json!({"name": "k", "roles": ["ProjectViewer", "X"]})
        );
        let body =
            serde_json::to_value(UpdateApiKey::new().roles(Vec::<ApiKeyRole>::new()).to_raw())
                .unwrap();
        assert_eq!(body, serde_json::json!({"roles": []}));
        let body = serde_json::to_value(UpdateApiKey::new().to_raw()).unwrap();
        assert_eq!(body, serde_json::json!({}));
    }
}
