//! Serde helpers shared by the resource models: tolerant decoding of what the server sends.
//!
//! The API documents some fields as required that can come back `null` in practice (an API
//! key's `name`), and adds values to open enums (`x-enum`) over time. The facade's models
//! decode such answers instead of failing the whole call.
//!
//! Also home of the values several resources share: the `open_enum!` macro and the roles
//! and grants of `roles.rs`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};

mod open_enum;
mod roles;

pub(crate) use open_enum::{null_as_unknown, open_enum, unknown};
pub(crate) use roles::validate_grants;
pub use roles::{ApiKeyRole, Grant, ResourceType, Role};

/// `{"data": [...]}`: the unpaginated list envelope (projects, organizations, API keys).
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub(crate) struct DataList<T> {
    #[serde(default, deserialize_with = "null_as_default")]
    pub(crate) data: Vec<T>,
}

/// Decodes `null` (or an absent field, with `#[serde(default)]`) as `T::default()`.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Decodes an RFC 3339 timestamp; `null`, absent or unparsable values become `None`.
pub(crate) fn lenient_timestamp<'de, D>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error>
where
    D: Deserializer<'de>,
{
    let raw = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(raw
        .as_ref()
        .and_then(serde_json::Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|d| d.with_timezone(&Utc)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "null_as_default")]
        name: String,
        #[serde(default, deserialize_with = "lenient_timestamp")]
        at: Option<DateTime<Utc>>,
    }

    #[test]
    fn tolerant() {
        let t: T = serde_json::from_str(r#"{"name":null,"at":"2024-01-02T03:04:05Z"}"#).unwrap();
        assert_eq!(t.name, "");
        assert!(t.at.is_some());
        let t: T = serde_json::from_str(r#"{"at":"yesterday"}"#).unwrap();
        assert!(t.at.is_none());
        let t: T = serde_json::from_str(r#"{}"#).unwrap();
        assert!(t.at.is_none());
        let l: DataList<u8> = serde_json::from_str(r#"{"data":null}"#).unwrap();
        assert!(l.data.is_empty());
    }
}
