//! Input checks run before any request is sent.
//!
//! Every check returns [`Error::Validation`] naming the argument, so bad input never costs a
//! round trip (nor a token exchange).

use crate::error::{Error, Result};

/// Longest project name (characters).
pub(crate) const PROJECT_NAME_MAX: usize = 512;
/// Longest organization name (characters).
pub(crate) const ORGANIZATION_NAME_MAX: usize = 512;
/// Longest API key name (characters).
pub(crate) const API_KEY_NAME_MAX: usize = 80;

/// An id (project, organization, API key, ...): not empty, not only whitespace.
pub(crate) fn id(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::validation(field, "must not be empty or blank"));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::validation(
            field,
            "must not contain control characters",
        ));
    }
    Ok(())
}

/// A name of 1..=`max` characters, not only whitespace, without NUL.
pub(crate) fn name(field: &str, value: &str, max: usize) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::validation(field, "must not be empty or blank"));
    }
    let len = value.chars().count();
    if len > max {
        return Err(Error::validation(
            field,
            format!("must be at most {max} characters long (got {len})"),
        ));
    }
    if value.contains('\0') {
        return Err(Error::validation(field, "must not contain a NUL character"));
    }
    Ok(())
}

/// A count that must not be negative (`max_pods`; 0 is valid and means serverless only).
pub(crate) fn non_negative(field: &str, value: i64) -> Result<()> {
    if value < 0 {
        return Err(Error::validation(
            field,
            format!("must be zero or greater (got {value})"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(r: Result<()>) -> String {
        match r {
            Err(Error::Validation { field, .. }) => field,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn ids() {
        assert!(id("project_id", "abc").is_ok());
        assert_eq!(field_of(id("project_id", "")), "project_id");
        assert_eq!(field_of(id("project_id", " \t")), "project_id");
        assert_eq!(field_of(id("api_key_id", "a\nb")), "api_key_id");
    }

    #[test]
    fn names() {
        assert!(name("name", "x", 512).is_ok());
        assert!(name("name", &"é".repeat(512), 512).is_ok());
        assert_eq!(field_of(name("name", &"é".repeat(513), 512)), "name");
        assert_eq!(field_of(name("name", "", 80)), "name");
        assert_eq!(field_of(name("name", "   ", 80)), "name");
        assert_eq!(field_of(name("name", "a\0b", 80)), "name");
        assert!(name("name", &"k".repeat(80), 80).is_ok());
        assert_eq!(field_of(name("name", &"k".repeat(81), 80)), "name");
    }

    #[test]
    fn counts() {
        assert!(non_negative("max_pods", 0).is_ok());
        assert!(non_negative("max_pods", 7).is_ok());
        assert_eq!(field_of(non_negative("max_pods", -1)), "max_pods");
    }
}
