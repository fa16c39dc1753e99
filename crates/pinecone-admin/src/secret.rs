//! A string that never prints.
//!
//! Client secrets, access tokens and API key values are held in [`Secret`]. Its `Debug` and
//! `Display` implementations print `***`, so a secret cannot leak through `{:?}`, `tracing`
//! fields or error messages by accident. The value is read only through [`Secret::expose`].
//!
//! The memory holding the value is wiped (zeroized) when the last clone is dropped. That covers
//! our copies: the client secret, the cached token, key values handed to you. Copies made while
//! a request is on the wire (reqwest's header and body buffers) are outside our reach.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer};
use zeroize::Zeroizing;

/// A secret string (client secret, access token, API key value).
///
/// `Debug` and `Display` print `***`; read the value with [`Secret::expose`]. Cloning is cheap
/// (the value is reference counted), and the value is zeroized when the last clone is dropped.
/// `Secret` deliberately does not implement `Serialize`.
///
/// ```
/// use pinecone_admin::Secret;
///
/// let secret = Secret::new("pckey_label_0123456789abcdef");
/// assert_eq!(format!("{secret}"), "***");
/// assert_eq!(format!("{secret:?}"), "Secret(***)");
/// assert_eq!(secret.expose(), "pckey_label_0123456789abcdef");
/// assert_eq!(secret.masked(), "…cdef");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<Zeroizing<String>>);

impl Secret {
    /// Wraps a secret value.
    ///
    /// ```
    /// let token = pinecone_admin::Secret::new(String::from("eyJ..."));
    /// assert!(!token.is_blank());
    /// ```
    pub fn new(value: impl Into<String>) -> Self {
        Self(Arc::new(Zeroizing::new(value.into())))
    }

    /// Returns the secret value. Call this only where the value is really needed (an HTTP
    /// header, a configuration file the user asked for).
    ///
    /// ```
    /// let key = pinecone_admin::Secret::new("abc");
    /// assert_eq!(key.expose(), "abc");
    /// ```
    pub fn expose(&self) -> &str {
        self.0.as_str()
    }

    /// `true` when the value is empty or only whitespace.
    ///
    /// ```
    /// assert!(pinecone_admin::Secret::new("  ").is_blank());
    /// ```
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// A masked form that helps tell secrets apart without revealing them: `…` followed by the
    /// last four characters when the value has at least 16 characters, `***` otherwise.
    ///
    /// ```
    /// use pinecone_admin::Secret;
    /// assert_eq!(Secret::new("pckey_abc_0123456789wxyz").masked(), "…wxyz");
    /// assert_eq!(Secret::new("short").masked(), "***");
    /// ```
    pub fn masked(&self) -> String {
        let count = self.0.chars().count();
        if count >= 16 {
            let tail: String = self.0.chars().skip(count - 4).collect();
            format!("…{tail}")
        } else {
            "***".to_owned()
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints() {
        let s = Secret::new("super-secret-value-1234");
        assert_eq!(s.to_string(), "***");
        assert!(!format!("{s:?}").contains("super"));
        assert!(!format!("{s:#?}").contains("super"));
        assert_eq!(s.masked(), "…1234");
    }

    #[test]
    fn masked_handles_multibyte() {
        let s = Secret::new("ééééééééééééééééé");
        assert_eq!(s.masked(), "…éééé");
    }
}
