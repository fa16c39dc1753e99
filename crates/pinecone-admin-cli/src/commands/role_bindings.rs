//! `role-bindings list|create|describe|delete`.

use pinecone_admin::{CreateRoleBinding, Grant, RoleBinding, RoleBindingFilter};

use super::{collect, Ctx};
use crate::cli::RoleBindingCmd;
use crate::errors::{CliError, EXIT_OK};
use crate::output::{time, Tabular};

impl Tabular for RoleBinding {
    fn headers() -> Vec<&'static str> {
        vec![
            "ID",
            "PRINCIPAL TYPE",
            "PRINCIPAL ID",
            "RESOURCE TYPE",
            "RESOURCE ID",
            "ROLE",
            "CREATED",
        ]
    }
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.principal_type.to_string(),
            self.principal_id.clone(),
            self.resource_type.to_string(),
            self.resource_id.clone(),
            self.role.to_string(),
            time(&self.created_at),
        ]
    }
}

pub async fn run(ctx: &Ctx, cmd: RoleBindingCmd) -> Result<u8, CliError> {
    match cmd {
        RoleBindingCmd::List {
            principal_type,
            principal_id,
            resource_type,
            resource_id,
            role,
            limit,
        } => {
            let mut filter = RoleBindingFilter::new();
            if let Some(t) = principal_type {
                filter = filter.principal_type(t);
            }
            if let Some(id) = principal_id {
                filter = filter.principal_id(id);
            }
            if let Some(t) = resource_type {
                filter = filter.resource_type(t);
            }
            if let Some(id) = resource_id {
                filter = filter.resource_id(id);
            }
            if let Some(role) = role {
                filter = filter.role(role);
            }
            let bindings = collect(ctx.admin().await?.role_bindings().list(filter), limit).await?;
            ctx.out.list(&bindings, "role bindings")?;
        }
        RoleBindingCmd::Create {
            principal_type,
            principal_id,
            resource_type,
            resource_id,
            role,
        } => {
            let grant = Grant::new(resource_type, resource_id, role);
            let request = CreateRoleBinding::new(principal_type, principal_id, grant);
            let binding = ctx.admin().await?.role_bindings().create(request).await?;
            ctx.out.one(&binding)?;
        }
        RoleBindingCmd::Describe { id } => {
            let binding = ctx.admin().await?.role_bindings().describe(&id).await?;
            ctx.out.one(&binding)?;
        }
        RoleBindingCmd::Delete { id } => {
            ctx.confirm(&format!("delete role binding {id}"))?;
            ctx.admin().await?.role_bindings().delete(&id).await?;
            return ctx.deleted("role_binding", &id);
        }
    }
    Ok(EXIT_OK)
}
