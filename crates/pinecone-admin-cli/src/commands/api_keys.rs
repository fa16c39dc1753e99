//! `api-keys list|create|describe|update|delete|rotate`.
//!
//! Key values are printed only by `create` and `rotate`, which exist to hand them out.

use pinecone_admin::{
    ApiKey, ApiKeyRole, ApiKeyWithSecret, CreateApiKey, RotatedApiKey, UpdateApiKey,
};
use serde::Serialize;

use super::Ctx;
use crate::cli::ApiKeyCmd;
use crate::errors::{CliError, EXIT_OK};
use crate::output::{fields_table, joined, Tabular};

impl Tabular for ApiKey {
    fn headers() -> Vec<&'static str> {
        vec!["ID", "NAME", "PROJECT", "ROLES"]
    }
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.name.clone(),
            self.project_id.clone(),
            joined(&self.roles),
        ]
    }
}

/// The JSON shape of a created key: the API's own `{"key": {...}, "value": "..."}`.
#[derive(Serialize)]
struct KeyWithValue<'a> {
    key: &'a ApiKey,
    value: &'a str,
}

/// Prints a key and its value, with a note that the value is shown once.
pub(crate) fn print_with_value(
    ctx: &Ctx,
    created: &ApiKeyWithSecret,
    verb: &str,
) -> Result<(), CliError> {
    let key = created.key();
    let value = created.secret().expose();
    if ctx.out.is_json() {
        return ctx.out.json(&KeyWithValue { key, value });
    }
    ctx.out.line(&fields_table(ApiKey::headers(), key.row()))?;
    ctx.out.line(&format!(
        "\n{verb} API key value (shown only this once; store it now):\n{value}"
    ))
}

/// The JSON shape of a rotation: the new key and value, plus what happened to the old key.
#[derive(Serialize)]
struct Rotation<'a> {
    key: &'a ApiKey,
    value: &'a str,
    replaced_key_id: &'a str,
    old_key_deleted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    old_key_error: Option<String>,
}

fn print_rotated(ctx: &Ctx, rotated: &RotatedApiKey) -> Result<(), CliError> {
    let old_id = rotated.old_key().id.as_str();
    // The new value is printed whatever happened to the old key: it is the only copy.
    if ctx.out.is_json() {
        ctx.out.json(&Rotation {
            key: rotated.new_key().key(),
            value: rotated.secret().expose(),
            replaced_key_id: old_id,
            old_key_deleted: rotated.old_key_deleted(),
            old_key_error: rotated.old_key_error().map(ToString::to_string),
        })?;
    } else {
        print_with_value(ctx, rotated.new_key(), "New")?;
        if rotated.old_key_deleted() {
            ctx.out
                .line(&format!("\nReplaced API key {old_id} (deleted)."))?;
        }
    }
    if let Some(e) = rotated.old_key_error() {
        eprintln!("warning: the old API key {old_id} could not be deleted and still works: {e}");
    }
    Ok(())
}

fn roles(values: Vec<String>) -> Vec<ApiKeyRole> {
    values.into_iter().map(ApiKeyRole::from).collect()
}

pub async fn run(ctx: &Ctx, cmd: ApiKeyCmd) -> Result<u8, CliError> {
    match cmd {
        ApiKeyCmd::List { project_id } => {
            let keys = ctx.admin().await?.api_keys().list(&project_id).await?;
            ctx.out.list(&keys, "API keys")?;
        }
        ApiKeyCmd::Create {
            project_id,
            name,
            roles: role_names,
        } => {
            let mut request = CreateApiKey::new(name);
            if !role_names.is_empty() {
                request = request.roles(roles(role_names));
            }
            let created = ctx
                .admin()
                .await?
                .api_keys()
                .create(&project_id, request)
                .await?;
            print_with_value(ctx, &created, "New")?;
        }
        ApiKeyCmd::Describe { id } => {
            let key = ctx.admin().await?.api_keys().describe(&id).await?;
            ctx.out.one(&key)?;
        }
        ApiKeyCmd::Update {
            id,
            name,
            roles: role_names,
        } => {
            let mut update = UpdateApiKey::new();
            if let Some(name) = name {
                update = update.name(name);
            }
            if !role_names.is_empty() {
                update = update.roles(roles(role_names));
            }
            let key = ctx.admin().await?.api_keys().update(&id, update).await?;
            ctx.out.one(&key)?;
        }
        ApiKeyCmd::Delete { id } => {
            ctx.confirm(&format!("delete API key {id}"))?;
            ctx.admin().await?.api_keys().delete(&id).await?;
            return ctx.deleted("api_key", &id);
        }
        ApiKeyCmd::Rotate { id } => {
            ctx.confirm(&format!("rotate API key {id} (the old key stops working)"))?;
            let rotated = ctx.admin().await?.api_keys().rotate(&id).await?;
            print_rotated(ctx, &rotated)?;
        }
    }
    Ok(EXIT_OK)
}
