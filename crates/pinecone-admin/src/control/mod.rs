//! Control-plane models (indexes, collections, backups, assistants) and the calls project
//! cleanup makes with a project API key.
//!
//! The models are what [`CleanupReport`](crate::CleanupReport) and
//! [`CleanupEvent`](crate::CleanupEvent) describe. They decode tolerantly: unknown fields are
//! ignored, open enums keep values this crate does not know.
//!
//! ```
//! use pinecone_admin::{DeletionProtection, IndexState};
//!
//! assert_eq!(DeletionProtection::from("enabled"), DeletionProtection::Enabled);
//! assert_eq!(IndexState::from("Terminating"), IndexState::Terminating);
//! ```
use std::collections::HashMap;

use admin_api_raw::assistant_control::types as assistant_raw;
use admin_api_raw::db_control::types as db_raw;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::admin::Admin;
use crate::error::Result;
use crate::models::{lenient_timestamp, null_as_default};
use crate::models::{null_as_unknown, open_enum, unknown};
use crate::pagination::{Cursor, Page, Paged, PaginationWire, MAX_PAGE_SIZE};
use crate::secret::Secret;
use crate::transport::{wire, Op};
use crate::validate;

mod handle;
mod models;

pub(crate) use handle::ControlPlane;
use models::*;
pub use models::{
    Assistant, Backup, Collection, DeletionProtection, Index, IndexState, IndexStatus,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerant_models() {
        let i: Index = serde_json::from_str(
            r#"{"name":"a","host":null,"status":null,"deletion_protection":null,"tags":null}"#,
        )
        .unwrap();
        assert!(!i.is_protected());
        assert!(!i.is_terminating());
        let i: Index = serde_json::from_str(
            r#"{"name":"a","status":{"ready":false,"state":"Terminating"},"deletion_protection":"enabled","tags":{"team":"x"}}"#,
        )
        .unwrap();
        assert!(i.is_protected() && i.is_terminating());
        assert_eq!(i.tags["team"], "x");
        let l: IndexList = serde_json::from_str(r#"{}"#).unwrap();
        assert!(l.indexes.is_empty());
        let a: AssistantList = serde_json::from_str(
            r#"{"assistants":[{"name":"x","status":"Ready"}],"pagination":{"next":null}}"#,
        )
        .unwrap();
        assert_eq!(a.assistants.len(), 1);
        let b: Paged<Backup> =
            serde_json::from_str(r#"{"data":[{"backup_id":"b","name":"n"}],"pagination":null}"#)
                .unwrap();
        assert_eq!(b.into_page().items[0].label(), "b \"n\" (of )");
    }
}
