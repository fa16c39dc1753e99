//! `service-accounts list|create|describe|update|delete|rotate-secret`.
//!
//! Client secrets are printed only by `create` and `rotate-secret`, which exist to hand them out.

use pinecone_admin::{
    CreateServiceAccount, ServiceAccount, ServiceAccountWithSecret, UpdateServiceAccount,
};
use serde::Serialize;

use super::{collect, Ctx};
use crate::cli::ServiceAccountCmd;
use crate::errors::{CliError, EXIT_OK};
use crate::output::{fields_table, time, Tabular};

impl Tabular for ServiceAccount {
    fn headers() -> Vec<&'static str> {
        vec!["ID", "NAME", "CLIENT ID", "CREATED", "UPDATED"]
    }
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.name.clone(),
            self.client_id.clone(),
            time(&self.created_at),
            time(&self.updated_at),
        ]
    }
}

/// The JSON shape: the API's own `{"service_account": {...}, "client_secret": "..."}`.
#[derive(Serialize)]
struct WithSecret<'a> {
    service_account: &'a ServiceAccount,
    client_secret: &'a str,
}

fn print_with_secret(ctx: &Ctx, created: &ServiceAccountWithSecret) -> Result<(), CliError> {
    let account = created.service_account();
    let secret = created.secret().expose();
    if ctx.out.is_json() {
        return ctx.out.json(&WithSecret {
            service_account: account,
            client_secret: secret,
        });
    }
    ctx.out
        .line(&fields_table(ServiceAccount::headers(), account.row()))?;
    ctx.out.line(&format!(
        "\nClient secret (shown only this once; store it now):\n{secret}"
    ))
}

pub async fn run(ctx: &Ctx, cmd: ServiceAccountCmd) -> Result<u8, CliError> {
    match cmd {
        ServiceAccountCmd::List { limit } => {
            let accounts = collect(ctx.admin().await?.service_accounts().list(), limit).await?;
            ctx.out.list(&accounts, "service accounts")?;
        }
        ServiceAccountCmd::Create {
            name,
            org_role,
            project_roles,
        } => {
            let mut request = CreateServiceAccount::new(name);
            if let Some(role) = org_role {
                request = request.organization_role(role);
            }
            for (project_id, role) in project_roles {
                request = request.project_role(project_id, role);
            }
            let created = ctx
                .admin()
                .await?
                .service_accounts()
                .create(request)
                .await?;
            print_with_secret(ctx, &created)?;
        }
        ServiceAccountCmd::Describe { id } => {
            let account = ctx.admin().await?.service_accounts().describe(&id).await?;
            ctx.out.one(&account)?;
        }
        ServiceAccountCmd::Update { id, name } => {
            let account = ctx
                .admin()
                .await?
                .service_accounts()
                .update(&id, UpdateServiceAccount::new().name(name))
                .await?;
            ctx.out.one(&account)?;
        }
        ServiceAccountCmd::Delete { id } => {
            ctx.confirm(&format!("delete service account {id}"))?;
            ctx.admin().await?.service_accounts().delete(&id).await?;
            return ctx.deleted("service_account", &id);
        }
        ServiceAccountCmd::RotateSecret { id } => {
            ctx.confirm(&format!(
                "rotate the secret of service account {id} (the current secret stops working)"
            ))?;
            let rotated = ctx
                .admin()
                .await?
                .service_accounts()
                .rotate_secret(&id)
                .await?;
            print_with_secret(ctx, &rotated)?;
        }
    }
    Ok(EXIT_OK)
}
