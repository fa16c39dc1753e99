//! The 32 operations of the Admin API 2026-07.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use bytes::Bytes;
use serde::Serialize;

use super::extract::{json_body, AdminCaller, PathParam, Query};
use super::AppRef;
use crate::counters::ResourceKind;
use crate::error::{json_response, ApiError};
use crate::store::page::{Page, Paged};
use crate::store::uuid_arg;
use crate::store::valid_email;
use crate::store::wire::RoleBindingFilter;

type R = Result<Response, ApiError>;

pub(super) fn routes() -> Router<AppRef> {
    Router::new()
        .route("/admin/projects", get(list_projects).post(create_project))
        .route(
            "/admin/projects/{project_id}",
            get(fetch_project)
                .patch(update_project)
                .delete(delete_project),
        )
        .route("/admin/organizations", get(list_organizations))
        .route(
            "/admin/organizations/{organization_id}",
            get(fetch_organization)
                .patch(update_organization)
                .delete(delete_organization),
        )
        .route(
            "/admin/projects/{project_id}/api-keys",
            get(list_api_keys).post(create_api_key),
        )
        .route(
            "/admin/api-keys/{api_key_id}",
            get(fetch_api_key)
                .patch(update_api_key)
                .delete(delete_api_key),
        )
        .route("/admin/users", get(list_users))
        .route(
            "/admin/users/{user_id}",
            get(fetch_user).delete(delete_user),
        )
        .route("/admin/invites", get(list_invites).post(create_invite))
        .route(
            "/admin/invites/{invite_id}",
            get(fetch_invite).delete(delete_invite),
        )
        .route("/admin/invites/{invite_id}/resend", post(resend_invite))
        .route(
            "/admin/service-accounts",
            get(list_service_accounts).post(create_service_account),
        )
        .route(
            "/admin/service-accounts/{service_account_id}",
            get(fetch_service_account)
                .patch(update_service_account)
                .delete(delete_service_account),
        )
        .route(
            "/admin/service-accounts/{service_account_id}/rotate-secret",
            post(rotate_secret),
        )
        .route(
            "/admin/role-bindings",
            get(list_role_bindings).post(create_role_binding),
        )
        .route(
            "/admin/role-bindings/{role_binding_id}",
            get(fetch_role_binding).delete(delete_role_binding),
        )
}

#[derive(Serialize)]
struct Data<T> {
    data: Vec<T>,
}

#[derive(Serialize)]
struct PagedData<T> {
    data: Vec<T>,
    pagination: Option<Next>,
}

#[derive(Serialize)]
struct Next {
    next: String,
}

fn ok<T: Serialize>(body: &T) -> R {
    Ok(json_response(StatusCode::OK, body))
}

fn created<T: Serialize>(body: &T) -> R {
    Ok(json_response(StatusCode::CREATED, body))
}

fn accepted() -> R {
    Ok(StatusCode::ACCEPTED.into_response())
}

fn paged<T: Serialize>(p: Paged<T>) -> R {
    ok(&PagedData {
        data: p.items,
        pagination: p.next.map(|next| Next { next }),
    })
}

fn page(q: &Query, context: &[&str]) -> Result<Page, ApiError> {
    Page::parse(q.get("limit"), q.get("paginationToken"), 100, 100, context)
}

// ----- projects -------------------------------------------------------------------------

async fn list_projects(State(app): State<AppRef>, _c: AdminCaller) -> R {
    let store = app.store();
    ok(&Data {
        data: store.list_projects(),
    })
}

async fn create_project(State(app): State<AppRef>, _c: AdminCaller, body: Bytes) -> R {
    let req = json_body(&body)?;
    let p = app.store().create_project(req)?;
    app.counters.created(ResourceKind::Project);
    ok(&p)
}

async fn fetch_project(State(app): State<AppRef>, _c: AdminCaller, PathParam(id): PathParam) -> R {
    let id = uuid_arg(&id, "project_id")?;
    let store = app.store();
    ok(store.project(&id)?)
}

async fn update_project(
    State(app): State<AppRef>,
    _c: AdminCaller,
    PathParam(id): PathParam,
    body: Bytes,
) -> R {
    let id = uuid_arg(&id, "project_id")?;
    let req = json_body(&body)?;
    let p = app.store().update_project(&id, req)?;
    ok(&p)
}

async fn delete_project(State(app): State<AppRef>, _c: AdminCaller, PathParam(id): PathParam) -> R {
    let id = uuid_arg(&id, "project_id")?;
    app.store().delete_project(&id)?;
    accepted()
}

// ----- organizations --------------------------------------------------------------------

async fn list_organizations(State(app): State<AppRef>, _c: AdminCaller) -> R {
    ok(&Data {
        data: app.store().list_organizations(),
    })
}

async fn fetch_organization(
    State(app): State<AppRef>,
    _c: AdminCaller,
    PathParam(id): PathParam,
) -> R {
    let o = app.store().get_organization(&id)?;
    ok(&o)
}

async fn update_organization(
    State(app): State<AppRef>,
    _c: AdminCaller,
    PathParam(id): PathParam,
    body: Bytes,
) -> R {
    let req = json_body(&body)?;
    let o = app.store().update_organization(&id, req)?;
    ok(&o)
}

async fn delete_organization(
    State(app): State<AppRef>,
    _c: AdminCaller,
    PathParam(id): PathParam,
) -> R {
    app.store().delete_organization(&id)?;
    accepted()
}

// ----- API keys -------------------------------------------------------------------------

async fn list_api_keys(State(app): State<AppRef>, _c: AdminCaller, PathParam(id): PathParam) -> R {
    let id = uuid_arg(&id, "project_id")?;
    let keys = app.store().list_api_keys(&id)?;
    ok(&Data { data: keys })
}

async fn create_api_key(
    State(app): State<AppRef>,
    _c: AdminCaller,
    PathParam(id): PathParam,
    body: Bytes,
) -> R {
    let id = uuid_arg(&id, "project_id")?;
    let req = json_body(&body)?;
    let k = app.store().create_api_key(&id, req)?;
    app.counters.created(ResourceKind::ApiKey);
    created(&k)
}

async fn fetch_api_key(State(app): State<AppRef>, _c: AdminCaller, PathParam(id): PathParam) -> R {
    let id = uuid_arg(&id, "api_key_id")?;
    let k = app.store().api_key(&id)?.clone();
    ok(&k)
}

async fn update_api_key(
    State(app): State<AppRef>,
    _c: AdminCaller,
    PathParam(id): PathParam,
    body: Bytes,
) -> R {
    let id = uuid_arg(&id, "api_key_id")?;
    let req = json_body(&body)?;
    let k = app.store().update_api_key(&id, req)?;
    ok(&k)
}

async fn delete_api_key(State(app): State<AppRef>, _c: AdminCaller, PathParam(id): PathParam) -> R {
    let id = uuid_arg(&id, "api_key_id")?;
    app.store().delete_api_key(&id)?;
    accepted()
}

// ----- users ----------------------------------------------------------------------------

async fn list_users(State(app): State<AppRef>, _c: AdminCaller, q: Query) -> R {
    let email = q.get("email");
    if let Some(e) = email {
        if !valid_email(e) {
            return Err(ApiError::invalid("email must be a valid email address"));
        }
    }
    let lower = email.map(str::to_ascii_lowercase);
    let p = page(&q, &["users", lower.as_deref().unwrap_or("")])?;
    let users = app.store().list_users(email, &p)?;
    paged(users)
}

async fn fetch_user(State(app): State<AppRef>, _c: AdminCaller, PathParam(id): PathParam) -> R {
    let id = uuid_arg(&id, "user_id")?;
    let u = app.store().user(&id)?.clone();
    ok(&u)
}

async fn delete_user(State(app): State<AppRef>, _c: AdminCaller, PathParam(id): PathParam) -> R {
    let id = uuid_arg(&id, "user_id")?;
    app.store().delete_user(&id)?;
    accepted()
}

// ----- invites --------------------------------------------------------------------------

async fn list_invites(State(app): State<AppRef>, _c: AdminCaller, q: Query) -> R {
    let p = page(&q, &["invites"])?;
    let invites = app.store().list_invites(&p)?;
    paged(invites)
}

async fn create_invite(State(app): State<AppRef>, _c: AdminCaller, body: Bytes) -> R {
    let req = json_body(&body)?;
    let i = app.store().create_invite(req)?;
    app.counters.created(ResourceKind::Invite);
    ok(&i)
}

async fn fetch_invite(State(app): State<AppRef>, _c: AdminCaller, PathParam(id): PathParam) -> R {
    let id = uuid_arg(&id, "invite_id")?;
    let i = app.store().invite(&id)?;
    ok(&i)
}

async fn delete_invite(State(app): State<AppRef>, _c: AdminCaller, PathParam(id): PathParam) -> R {
    let id = uuid_arg(&id, "invite_id")?;
    app.store().delete_invite(&id)?;
    accepted()
}

async fn resend_invite(State(app): State<AppRef>, _c: AdminCaller, PathParam(id): PathParam) -> R {
    let id = uuid_arg(&id, "invite_id")?;
    let i = app.store().resend_invite(&id)?;
    ok(&i)
}

// ----- service accounts -----------------------------------------------------------------

async fn list_service_accounts(State(app): State<AppRef>, _c: AdminCaller, q: Query) -> R {
    let p = page(&q, &["service-accounts"])?;
    let sas = app.store().list_service_accounts(&p)?;
    paged(sas)
}

async fn create_service_account(State(app): State<AppRef>, _c: AdminCaller, body: Bytes) -> R {
    let req = json_body(&body)?;
    let sa = app.store().create_service_account(req)?;
    app.counters.created(ResourceKind::ServiceAccount);
    created(&sa)
}

async fn fetch_service_account(
    State(app): State<AppRef>,
    _c: AdminCaller,
    PathParam(id): PathParam,
) -> R {
    let id = uuid_arg(&id, "service_account_id")?;
    let sa = app.store().service_account(&id)?.clone();
    ok(&sa)
}

async fn update_service_account(
    State(app): State<AppRef>,
    _c: AdminCaller,
    PathParam(id): PathParam,
    body: Bytes,
) -> R {
    let id = uuid_arg(&id, "service_account_id")?;
    let req = json_body(&body)?;
    let sa = app.store().update_service_account(&id, req)?;
    ok(&sa)
}

async fn delete_service_account(
    State(app): State<AppRef>,
    _c: AdminCaller,
    PathParam(id): PathParam,
) -> R {
    let id = uuid_arg(&id, "service_account_id")?;
    app.store().delete_service_account(&id)?;
    accepted()
}

async fn rotate_secret(State(app): State<AppRef>, _c: AdminCaller, PathParam(id): PathParam) -> R {
    let id = uuid_arg(&id, "service_account_id")?;
    let sa = app.store().rotate_secret(&id)?;
    ok(&sa)
}

// ----- role bindings --------------------------------------------------------------------

async fn list_role_bindings(State(app): State<AppRef>, _c: AdminCaller, q: Query) -> R {
    let owned = |k: &str| q.get(k).map(str::to_owned);
    let filter = RoleBindingFilter {
        principal_type: owned("principal_type"),
        principal_id: owned("principal_id").map(|s| s.to_ascii_lowercase()),
        resource_type: owned("resource_type"),
        resource_id: owned("resource_id"),
        role: owned("role"),
    };
    let ctx = [
        "role-bindings",
        filter.principal_type.as_deref().unwrap_or(""),
        filter.principal_id.as_deref().unwrap_or(""),
        filter.resource_type.as_deref().unwrap_or(""),
        filter.resource_id.as_deref().unwrap_or(""),
        filter.role.as_deref().unwrap_or(""),
    ];
    let p = page(&q, &ctx)?;
    let bindings = app.store().list_role_bindings(&filter, &p)?;
    paged(bindings)
}

async fn create_role_binding(State(app): State<AppRef>, _c: AdminCaller, body: Bytes) -> R {
    let req = json_body(&body)?;
    let b = app.store().create_role_binding(req)?;
    app.counters.created(ResourceKind::RoleBinding);
    ok(&b)
}

async fn fetch_role_binding(
    State(app): State<AppRef>,
    _c: AdminCaller,
    PathParam(id): PathParam,
) -> R {
    let id = uuid_arg(&id, "role_binding_id")?;
    let b = app.store().role_binding(&id)?.clone();
    ok(&b)
}

async fn delete_role_binding(
    State(app): State<AppRef>,
    _c: AdminCaller,
    PathParam(id): PathParam,
) -> R {
    let id = uuid_arg(&id, "role_binding_id")?;
    app.store().delete_role_binding(&id)?;
    accepted()
}
