//! [`ApiKeys::rotate`]: a new key with the same name and roles, then the old one deleted.

use super::*;

/// The outcome of [`ApiKeys::rotate`]: the new key with its secret, the key it replaces,
/// and, if deleting the old key failed, why (the new key is returned anyway, so its secret is
/// never lost).
///
/// `Debug` and `Display` mask the new secret.
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// let rotated = admin.api_keys().rotate("3d1a0c5e-1111-2222-3333-444455556666").await?;
/// deploy(rotated.secret().expose());
/// if let Some(e) = rotated.old_key_error() {
///     eprintln!("the old key {} is still active: {e}", rotated.old_key().id);
/// }
/// # Ok(()) }
/// # fn deploy(_: &str) {}
/// ```
#[derive(Debug)]
#[must_use = "the new key's secret is only available here"]
pub struct RotatedApiKey {
    pub(super) new_key: ApiKeyWithSecret,
    pub(super) old_key: ApiKey,
    pub(super) old_key_error: Option<Error>,
}

impl RotatedApiKey {
    /// The new key and its secret.
    ///
    /// ```no_run
    /// # fn f(r: pinecone_admin::RotatedApiKey) {
    /// println!("new key id {}", r.new_key().key().id);
    /// # }
    /// ```
    pub fn new_key(&self) -> &ApiKeyWithSecret {
        &self.new_key
    }

    /// The new key's secret value.
    ///
    /// ```no_run
    /// # fn f(r: pinecone_admin::RotatedApiKey) {
    /// let value: &str = r.secret().expose();
    /// # }
    /// ```
    pub fn secret(&self) -> &Secret {
        self.new_key.secret()
    }

    /// The key that was replaced (as it was before the rotation).
    ///
    /// ```no_run
    /// # fn f(r: pinecone_admin::RotatedApiKey) {
    /// println!("replaced {}", r.old_key().id);
    /// # }
    /// ```
    pub fn old_key(&self) -> &ApiKey {
        &self.old_key
    }

    /// Whether the old key was deleted (it no longer authenticates).
    ///
    /// ```no_run
    /// # fn f(r: pinecone_admin::RotatedApiKey) {
    /// assert!(r.old_key_deleted() || r.old_key_error().is_some());
    /// # }
    /// ```
    pub fn old_key_deleted(&self) -> bool {
        self.old_key_error.is_none()
    }

    /// Why the old key could not be deleted, if it could not (delete it by hand).
    ///
    /// ```no_run
    /// # fn f(r: pinecone_admin::RotatedApiKey) {
    /// if let Some(e) = r.old_key_error() { eprintln!("{e}"); }
    /// # }
    /// ```
    pub fn old_key_error(&self) -> Option<&Error> {
        self.old_key_error.as_ref()
    }

    /// The new key, dropping the rest.
    ///
    /// ```no_run
    /// # fn f(r: pinecone_admin::RotatedApiKey) {
    /// let (key, secret) = r.into_new_key().into_parts();
    /// # }
    /// ```
    pub fn into_new_key(self) -> ApiKeyWithSecret {
        self.new_key
    }
}

impl fmt::Display for RotatedApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rotated API key {:?}: {} replaces {} (value {})",
            self.new_key.key().name,
            self.new_key.key().id,
            self.old_key.id,
            self.new_key.secret().masked()
        )?;
        if let Some(e) = &self.old_key_error {
            write!(
                f,
                "; the old key {} could not be deleted and still works: {e}",
                self.old_key.id
            )?;
        }
        Ok(())
    }
}

impl ApiKeys {
    /// Replaces an API key: creates a new key with the same name and roles in the same
    /// project, then deletes the old one, and returns the new key with its secret.
    ///
    /// If deleting the old key fails, the new key is returned all the same (with
    /// [`RotatedApiKey::old_key_error`] set and a `tracing::error!`), so its secret is never
    /// lost. If the create fails, nothing changed (should the create have happened anyway —
    /// a 5xx or a lost answer — the stray new key is deleted again). A key without a name
    /// gets `rotated-<old id>`.
    ///
    /// The project needs room for one more key while both exist (the key quota answers
    /// [`Error::Forbidden`] otherwise). The 2026-07 API has no key descriptions to copy.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let rotated = admin.api_keys().rotate("3d1a0c5e-1111-2222-3333-444455556666").await?;
    /// println!("{rotated}");
    /// let value: &str = rotated.secret().expose();
    /// # Ok(()) }
    /// ```
    pub async fn rotate(&self, api_key_id: &str) -> Result<RotatedApiKey> {
        validate::id("api_key_id", api_key_id)?;
        let old = self.describe(api_key_id).await?;
        let name = if old.name.trim().is_empty() {
            let mut name = format!("rotated-{}", old.id);
            name.truncate(validate::API_KEY_NAME_MAX);
            name
        } else {
            old.name.clone()
        };
        // Exactly the old roles: a role-less key gets a role-less successor (an explicit
        // `[]`), never the server default `ProjectEditor`; unknown roles pass as strings.
        let request = if old.roles.is_empty() {
            CreateApiKey::new(name.clone()).no_roles()
        } else {
            CreateApiKey::new(name.clone()).roles(old.roles.iter().cloned())
        };
        let requested = role_set(request.requested_roles().unwrap_or_default());
        // The ids that exist now, to recognise a key created by a create that "failed".
        let before: Vec<String> = self
            .list(&old.project_id)
            .await?
            .into_iter()
            .map(|k| k.id)
            .collect();
        let new_key = match self.create(&old.project_id, request).await {
            Ok(created) => created,
            Err(e) => {
                if create_may_have_happened(&e) {
                    self.delete_strays(&old.project_id, &name, &before).await;
                }
                return Err(e);
            }
        };
        let granted = role_set(&new_key.key().roles);
        if granted != requested {
            let key_id = new_key.key().id.clone();
            let delete_error = match self.delete(&key_id).await {
                Ok(()) => None,
                Err(e) if e.is_not_found() => None,
                Err(e) => Some(Box::new(e)),
            };
            let error = Error::RoleMismatch {
                key_id,
                requested: requested.into_iter().collect(),
                granted: granted.into_iter().collect(),
                delete_error,
            };
            tracing::error!(old_key_id = %api_key_id, error = %error, "API key rotation refused");
            return Err(error);
        }
        let old_key_error = match self.delete(api_key_id).await {
            Ok(()) => None,
            Err(e) if e.is_not_found() => None,
            Err(e) => {
                tracing::error!(
                    old_key_id = %api_key_id,
                    new_key_id = %new_key.key().id,
                    error = %e,
                    "API key rotation: the new key exists but the old key {api_key_id} could not be deleted"
                );
                Some(e)
            }
        };
        Ok(RotatedApiKey {
            new_key,
            old_key: old,
            old_key_error,
        })
    }

    /// Deletes keys named `name` that are not in `before` (a create whose answer was lost).
    pub(super) async fn delete_strays(&self, project_id: &str, name: &str, before: &[String]) {
        match self.list(project_id).await {
            Ok(keys) => {
                for key in keys
                    .into_iter()
                    .filter(|k| k.name == name && !before.contains(&k.id))
                {
                    tracing::warn!(
                        key_id = %key.id,
                        "API key rotation: the create failed but made a key; deleting it"
                    );
                    if let Err(e) = self.delete(&key.id).await {
                        tracing::error!(
                            key_id = %key.id,
                            error = %e,
                            "API key rotation: could not delete the stray key {}",
                            key.id
                        );
                    }
                }
            }
            Err(e) => tracing::error!(
                project_id = %project_id,
                error = %e,
                "API key rotation: could not check for a stray key named {name:?}"
            ),
        }
    }
}

/// A set of roles as their wire names, for comparing what was asked with what was granted.
fn role_set(roles: &[crate::ApiKeyRole]) -> std::collections::BTreeSet<String> {
    roles.iter().map(|r| r.as_str().to_owned()).collect()
}
