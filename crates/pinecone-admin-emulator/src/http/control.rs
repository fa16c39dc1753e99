//! The control-plane subset: indexes, collections, backups and assistants.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use serde_json::{json, Value};

use super::extract::{json_body, AssistantCaller, DbCaller, PathParam, Query};
use super::AppRef;
use crate::counters::ResourceKind;
use crate::error::{json_response, ApiError};
use crate::store::page::Page;

type R = Result<Response, ApiError>;

pub(super) fn routes() -> Router<AppRef> {
    let mut r = Router::new()
        .route("/indexes", get(list_indexes).post(create_index))
        .route(
            "/indexes/{index_name}",
            get(describe_index)
                .patch(configure_index)
                .delete(delete_index),
        )
        .route(
            "/indexes/{index_name}/backups",
            get(list_index_backups).post(create_backup),
        )
        .route(
            "/collections",
            get(list_collections).post(create_collection),
        )
        .route(
            "/collections/{collection_name}",
            get(describe_collection).delete(delete_collection),
        )
        .route("/backups", get(list_backups))
        .route(
            "/backups/{backup_id}",
            get(describe_backup).delete(delete_backup),
        );
    for prefix in ["/assistant/assistants", "/assistants"] {
        r = r
            .route(prefix, get(list_assistants).post(create_assistant))
            .route(
                &format!("{prefix}/{{assistant_name}}"),
                get(get_assistant)
                    .patch(update_assistant)
                    .delete(delete_assistant),
            );
    }
    r
}

fn ok(v: Value) -> R {
    Ok(json_response(StatusCode::OK, &v))
}

fn paged(items: Vec<Value>, next: Option<String>) -> Value {
    json!({"data": items, "pagination": next.map(|n| json!({"next": n}))})
}

// ----- indexes --------------------------------------------------------------------------

async fn list_indexes(State(app): State<AppRef>, DbCaller(c): DbCaller) -> R {
    c.read()?;
    let v = app.store().list_indexes(&c.project_id)?;
    ok(json!({ "indexes": v }))
}

async fn create_index(State(app): State<AppRef>, DbCaller(c): DbCaller, body: Bytes) -> R {
    c.write()?;
    let req: Value = json_body(&body)?;
    let v = app.store().create_index(&c.project_id, &req)?;
    app.counters.created(ResourceKind::Index);
    Ok(json_response(StatusCode::CREATED, &v))
}

async fn describe_index(
    State(app): State<AppRef>,
    DbCaller(c): DbCaller,
    PathParam(n): PathParam,
) -> R {
    c.read()?;
    let v = app.store().describe_index(&c.project_id, &n)?;
    ok(v)
}

async fn configure_index(
    State(app): State<AppRef>,
    DbCaller(c): DbCaller,
    PathParam(n): PathParam,
    body: Bytes,
) -> R {
    c.write()?;
    let req: Value = json_body(&body)?;
    let v = app.store().configure_index(&c.project_id, &n, &req)?;
    ok(v)
}

async fn delete_index(
    State(app): State<AppRef>,
    DbCaller(c): DbCaller,
    PathParam(n): PathParam,
) -> R {
    c.write()?;
    app.store().delete_index(&c.project_id, &n)?;
    Ok(StatusCode::ACCEPTED.into_response())
}

// ----- collections ----------------------------------------------------------------------

async fn list_collections(State(app): State<AppRef>, DbCaller(c): DbCaller) -> R {
    c.read()?;
    let v = app.store().list_collections(&c.project_id)?;
    ok(json!({ "collections": v }))
}

async fn create_collection(State(app): State<AppRef>, DbCaller(c): DbCaller, body: Bytes) -> R {
    c.write()?;
    let req: Value = json_body(&body)?;
    let never = app.store().create_collection(&c.project_id, &req)?;
    match never {}
}

async fn describe_collection(
    State(app): State<AppRef>,
    DbCaller(c): DbCaller,
    PathParam(n): PathParam,
) -> R {
    c.read()?;
    let v = app.store().describe_collection(&c.project_id, &n)?;
    ok(v)
}

async fn delete_collection(
    State(app): State<AppRef>,
    DbCaller(c): DbCaller,
    PathParam(n): PathParam,
) -> R {
    c.write()?;
    app.store().delete_collection(&c.project_id, &n)?;
    Ok(StatusCode::ACCEPTED.into_response())
}

// ----- backups --------------------------------------------------------------------------

fn backup_page(q: &Query, ctx: &[&str]) -> Result<Page, ApiError> {
    Page::parse(q.get("limit"), q.get("paginationToken"), 100, 100, ctx)
}

async fn list_backups(State(app): State<AppRef>, DbCaller(c): DbCaller, q: Query) -> R {
    c.read()?;
    let p = backup_page(&q, &["backups", &c.project_id])?;
    let page = app.store().list_backups(&c.project_id, None, false, &p)?;
    ok(paged(page.items, page.next))
}

async fn list_index_backups(
    State(app): State<AppRef>,
    DbCaller(c): DbCaller,
    PathParam(n): PathParam,
    q: Query,
) -> R {
    c.read()?;
    let include_deleted = match q.get("include_deleted") {
        None => false,
        Some(v) if v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("false") => false,
        Some(v) => {
            return Err(ApiError::invalid(format!(
                "include_deleted must be true or false, got `{v}`"
            )))
        }
    };
    let flag = if include_deleted { "all" } else { "active" };
    let p = backup_page(&q, &["index-backups", &c.project_id, &n, flag])?;
    let page = app
        .store()
        .list_backups(&c.project_id, Some(&n), include_deleted, &p)?;
    ok(paged(page.items, page.next))
}

async fn create_backup(
    State(app): State<AppRef>,
    DbCaller(c): DbCaller,
    PathParam(n): PathParam,
    body: Bytes,
) -> R {
    c.write()?;
    let req: Value = json_body(&body)?;
    let v = app.store().create_backup(&c.project_id, &n, &req)?;
    app.counters.created(ResourceKind::Backup);
    ok(v)
}

async fn describe_backup(
    State(app): State<AppRef>,
    DbCaller(c): DbCaller,
    PathParam(id): PathParam,
) -> R {
    c.read()?;
    let v = app.store().describe_backup(&c.project_id, &id)?;
    ok(v)
}

async fn delete_backup(
    State(app): State<AppRef>,
    DbCaller(c): DbCaller,
    PathParam(id): PathParam,
) -> R {
    c.write()?;
    app.store().delete_backup(&c.project_id, &id)?;
    Ok(StatusCode::ACCEPTED.into_response())
}

// ----- assistants -----------------------------------------------------------------------

async fn list_assistants(
    State(app): State<AppRef>,
    AssistantCaller(c): AssistantCaller,
    q: Query,
) -> R {
    c.read()?;
    let p = Page::parse(
        q.get("limit"),
        q.get("pagination_token"),
        50,
        100,
        &["assistants", &c.project_id],
    )?;
    let page = app.store().list_assistants(&c.project_id, &p)?;
    let mut body = json!({ "assistants": page.items });
    if let Some(next) = page.next {
        body["pagination"] = json!({ "next": next });
    }
    ok(body)
}

async fn create_assistant(
    State(app): State<AppRef>,
    AssistantCaller(c): AssistantCaller,
    body: Bytes,
) -> R {
    c.write()?;
    let req: Value = json_body(&body)?;
    let v = app.store().create_assistant(&c.project_id, &req)?;
    app.counters.created(ResourceKind::Assistant);
    ok(v)
}

async fn get_assistant(
    State(app): State<AppRef>,
    AssistantCaller(c): AssistantCaller,
    PathParam(n): PathParam,
) -> R {
    c.read()?;
    let v = app.store().get_assistant(&c.project_id, &n)?;
    ok(v)
}

async fn update_assistant(
    State(app): State<AppRef>,
    AssistantCaller(c): AssistantCaller,
    PathParam(n): PathParam,
    body: Bytes,
) -> R {
    c.write()?;
    let req: Value = json_body(&body)?;
    let v = app.store().update_assistant(&c.project_id, &n, &req)?;
    ok(v)
}

async fn delete_assistant(
    State(app): State<AppRef>,
    AssistantCaller(c): AssistantCaller,
    PathParam(n): PathParam,
) -> R {
    c.write()?;
    app.store().delete_assistant(&c.project_id, &n)?;
    Ok(StatusCode::OK.into_response())
}
