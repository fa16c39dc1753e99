//! How the client authenticates, and resolving it from the builder and the environment.

use std::fmt;

use reqwest::header::HeaderValue;

use super::{AdminBuilder, ENV_ACCESS_TOKEN, ENV_CLIENT_ID, ENV_CLIENT_SECRET};
use crate::error::{Error, Result};
use crate::secret::Secret;

/// How the client authenticates.
#[derive(Clone)]
pub(crate) enum Credentials {
    /// OAuth client credentials, exchanged for tokens (and re-exchanged before they expire).
    Client {
        client_id: String,
        client_secret: Secret,
    },
    /// A ready token, used as is (never refreshed).
    AccessToken(Secret),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Client { client_id, .. } => f
                .debug_struct("Client")
                .field("client_id", client_id)
                .field("client_secret", &"***")
                .finish(),
            Credentials::AccessToken(_) => f.write_str("AccessToken(***)"),
        }
    }
}

impl AdminBuilder {
    pub(super) fn resolve_credentials(
        &self,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Credentials> {
        if let Some(token) = &self.access_token {
            if token.is_blank() {
                return Err(Error::validation(
                    "access_token",
                    format!(
                        "is blank; pass a token or leave it unset (fallback: the {ENV_ACCESS_TOKEN} environment variable)"
                    ),
                ));
            }
            if HeaderValue::from_str(token.expose().trim()).is_err() {
                return Err(Error::validation(
                    "access_token",
                    "contains characters that cannot be sent in an HTTP header",
                ));
            }
            return Ok(Credentials::AccessToken(Secret::new(token.expose().trim())));
        }
        let explicit_credentials = self.client_id.is_some() || self.client_secret.is_some();
        if !explicit_credentials {
            if let Some(token) = env(ENV_ACCESS_TOKEN) {
                return Ok(Credentials::AccessToken(Secret::new(token.trim())));
            }
        }
        let client_id = self.client_id.clone().or_else(|| env(ENV_CLIENT_ID));
        let client_id = match client_id {
            Some(id) if !id.trim().is_empty() => id.trim().to_owned(),
            _ => {
                return Err(Error::validation(
                    "client_id",
                    format!(
                        "is missing or blank; pass it with AdminBuilder::client_id or set the {ENV_CLIENT_ID} environment variable"
                    ),
                ))
            }
        };
        let client_secret = self
            .client_secret
            .clone()
            .or_else(|| env(ENV_CLIENT_SECRET).map(Secret::new));
        let client_secret = match client_secret {
            Some(secret) if !secret.is_blank() => secret,
            _ => {
                return Err(Error::validation(
                    "client_secret",
                    format!(
                        "is missing or blank; pass it with AdminBuilder::client_secret or set the {ENV_CLIENT_SECRET} environment variable"
                    ),
                ))
            }
        };
        Ok(Credentials::Client {
            client_id,
            client_secret,
        })
    }
}
