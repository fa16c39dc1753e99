//! Service accounts (OAuth clients of the organization): list, create, describe, update,
//! delete, rotate the secret.
//!
//! The client secret is returned only by [`ServiceAccounts::create`] and
//! [`ServiceAccounts::rotate_secret`], inside a [`ServiceAccountWithSecret`] that prints it
//! masked; read it with `.secret().expose()`.
//!
//! ```no_run
//! # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
//! use pinecone_admin::{CreateServiceAccount, Role};
//!
//! let created = admin
//!     .service_accounts()
//!     .create(CreateServiceAccount::new("ci-deployer").organization_role(Role::OrgManager))
//!     .await?;
//! println!("{created}"); // secret masked
//! let (client_id, client_secret) = (created.client_id(), created.secret().expose());
//! # let _ = (client_id, client_secret);
//! # Ok(()) }
//! ```

use std::fmt;

use admin_api_raw::admin::types as raw;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::admin::Admin;
use crate::error::Result;
use crate::models::{lenient_timestamp, null_as_default};
use crate::models::{validate_grants, Grant, Role};
use crate::pagination::{paginate, ListStream, Page, PageRequest, Paged, MAX_PAGE_SIZE};
use crate::secret::Secret;
use crate::transport::{wire, Op};
use crate::validate;

mod handle;
mod models;

pub use handle::ServiceAccounts;
pub use models::*;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    #[test]
    fn secret_is_masked() {
        let s: ServiceAccountWithSecret = serde_json::from_str(
            r#"{"service_account":{"id":"s","name":"ci","client_id":"cid","created_at":"bad","updated_at":null},
                "client_secret":"supersecretclientvalue4321"}"#,
        )
        .unwrap();
        let debug = format!("{s:?}");
        let display = s.to_string();
        assert!(
            !debug.contains("supersecret") && debug.contains("…4321"),
            "{debug}"
        );
        assert!(
            !display.contains("supersecret") && display.contains("…4321"),
            "{display}"
        );
        assert_eq!(s.secret().expose(), "supersecretclientvalue4321");
        assert_eq!(s.client_id(), "cid");
        assert!(s.service_account().created_at.is_none());
    }

    #[test]
    fn requests_are_checked() {
        assert!(CreateServiceAccount::new("x").validate().is_ok());
        assert!(CreateServiceAccount::new("k".repeat(80)).validate().is_ok());
        for bad in [String::new(), " ".into(), "k".repeat(81)] {
            assert!(matches!(
                CreateServiceAccount::new(bad).validate(),
                Err(Error::Validation { .. })
            ));
        }
        let too_many = CreateServiceAccount::new("x")
            .grants((0..101).map(|i| Grant::project(format!("p{i}"), Role::ProjectViewer)));
        assert!(too_many.validate().is_err());
        assert!(UpdateServiceAccount::new().name("").validate().is_err());
        let body = serde_json::to_value(CreateServiceAccount::new("x").to_raw()).unwrap();
        assert_eq!(body, serde_json::json!({"name": "x"}));
        let body = serde_json::to_value(UpdateServiceAccount::new().to_raw()).unwrap();
        assert_eq!(body, serde_json::json!({}));
    }
}
