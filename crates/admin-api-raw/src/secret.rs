//! Hand-written: [`SecretString`], the type of every credential field in the generated types
//! (API key values, service-account client secrets, OAuth client secrets and access tokens).

use std::fmt;

use zeroize::Zeroize;

/// A credential string that never prints.
///
/// `Debug` shows `<redacted>` and there is deliberately no `Display` (so `format!("{secret}")`
/// is a compile error, not a silently wrong header); read the value with
/// [`expose_secret`](Self::expose_secret). On the wire it is a plain JSON string (serde
/// `transparent`), so decoding and encoding are unchanged. The generator maps credential
/// properties to this type (see rule 16 in `xtask/src/normalize.rs`). The string is wiped
/// (zeroized) when the value is dropped.
///
/// ```
/// use admin_api_raw::SecretString;
///
/// let secret = SecretString::from("pckey_abc_123");
/// assert_eq!(secret.expose_secret(), "pckey_abc_123");
/// assert_eq!(format!("{secret:?}"), "SecretString(<redacted>)");
/// ```
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct SecretString(String);

impl SecretString {
    /// Wrap a credential.
    ///
    /// ```
    /// let secret = admin_api_raw::SecretString::new(String::from("client-secret"));
    /// assert_eq!(secret.expose_secret(), "client-secret");
    /// ```
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The credential itself. Take care where it goes.
    ///
    /// ```
    /// let token = admin_api_raw::SecretString::from("eyJ...");
    /// assert!(token.expose_secret().starts_with("eyJ"));
    /// ```
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Unwrap into the credential string (which the caller then owns, and must wipe itself).
    ///
    /// ```
    /// let key = admin_api_raw::SecretString::from("pckey_abc_123");
    /// assert_eq!(key.into_inner(), "pckey_abc_123");
    /// ```
    pub fn into_inner(mut self) -> String {
        std::mem::take(&mut self.0)
    }
}

impl Drop for SecretString {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretString(<redacted>)")
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self(value.to_string())
    }
}
