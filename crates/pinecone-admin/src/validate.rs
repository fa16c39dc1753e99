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

/// Longest id (characters). Real ids are far shorter (UUIDs, `-NM7af6f234168c4e44a`, index names
/// of at most 45 characters); the bound only keeps absurd input off the wire.
pub(crate) const ID_MAX: usize = 512;

/// Whether `c` may appear in an id: the URL "unreserved" characters (RFC 3986 §2.3), which
/// every URL parser leaves alone inside a path segment.
fn id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~')
}

/// An id (project, organization, API key, user, invite, service account, role binding, and the
/// index / collection / assistant names and backup ids cleanup deletes): a value that goes into
/// a URL path as **one** segment.
///
/// The rule: not blank; no leading or trailing whitespace; at most [`ID_MAX`] characters; not
/// `.` or `..`; only `A-Z a-z 0-9 - _ . ~`. Anything else could leave its segment: the
/// generated client leaves `.`, `..` and `\` unencoded, URL parsing turns `\` into `/` and
/// resolves dot segments (also spelled `%2e`), so `api_keys().delete("x\\..\\..\\projects\\<id>")`
/// would otherwise send `DELETE /admin/projects/<id>`. Percent-encoding cannot make `.` or
/// `..` safe, so they are refused, as is every character outside the set (`/ \ ? # %`,
/// whitespace, non-ASCII): no real id holds one.
///
/// Errors name `field` and the first offending character and its position, never the value
/// itself (a mistaken argument could be a secret).
pub(crate) fn id(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::validation(field, "must not be empty or blank"));
    }
    if value.trim() != value {
        return Err(Error::validation(
            field,
            "must not start or end with whitespace",
        ));
    }
    let len = value.chars().count();
    if len > ID_MAX {
        return Err(Error::validation(
            field,
            format!("must be at most {ID_MAX} characters long (got {len})"),
        ));
    }
    if value == "." || value == ".." {
        return Err(Error::validation(
            field,
            format!("must not be {value:?}: a relative path segment is not an id"),
        ));
    }
    if let Some((at, bad)) = value.chars().enumerate().find(|&(_, c)| !id_char(c)) {
        return Err(Error::validation(
            field,
            format!(
                "must be a single path segment of letters, digits, '-', '_', '.', '~'; \
                 got a value containing '{}' at character {}",
                bad.escape_debug(),
                at + 1
            ),
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

    fn message_of(r: Result<()>) -> String {
        match r {
            Err(Error::Validation { message, .. }) => message,
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
    fn real_ids_pass() {
        for ok in [
            "0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1",
            "-NM7af6f234168c4e44a",
            "docs-index-2",
            "a.b",
            "...",
            ".hidden",
            "a..b",
            "under_score~tilde",
            "X",
        ] {
            assert!(id("project_id", ok).is_ok(), "{ok:?} refused");
        }
        assert!(id("project_id", &"a".repeat(ID_MAX)).is_ok());
    }

    #[test]
    fn ids_that_could_leave_their_path_segment_are_refused() {
        for bad in [
            ".",
            "..",
            "a/b",
            "a\\b",
            "a?b",
            "a#b",
            "%2e%2e",
            "%2E",
            "a%2fb",
            "x\\..\\..\\projects\\p",
            "../projects",
            "a b",
            "a+b",
            "a;b",
            "a:b",
            "a@b",
            "é",
            "日本",
            "a\u{0}b",
            "a\u{7f}",
            "a\u{a0}b",
        ] {
            assert_eq!(field_of(id("api_key_id", bad)), "api_key_id", "{bad:?}");
        }
    }

    #[test]
    fn surrounding_whitespace_and_length() {
        for bad in [" abc", "abc ", "abc\n", "\tabc"] {
            assert_eq!(
                message_of(id("user_id", bad)),
                "must not start or end with whitespace"
            );
        }
        let long = "a".repeat(ID_MAX + 1);
        assert_eq!(
            message_of(id("user_id", &long)),
            format!(
                "must be at most {ID_MAX} characters long (got {})",
                ID_MAX + 1
            )
        );
    }

    #[test]
    fn id_messages_name_the_character_not_the_value() {
        let m = message_of(id("project_id", "x\\..\\..\\projects\\secret-ish"));
        assert_eq!(
            m,
            "must be a single path segment of letters, digits, '-', '_', '.', '~'; \
             got a value containing '\\\\' at character 2"
        );
        assert!(!m.contains("secret-ish"));
        assert!(message_of(id("project_id", "..")).contains("relative path segment"));
        let m = message_of(id("project_id", "a\nb"));
        assert!(m.contains("'\\n' at character 2"), "{m}");
        let e = id("invite_id", "a?b").unwrap_err().to_string();
        assert!(e.starts_with("invalid argument `invite_id`: must be a single path segment"));
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
