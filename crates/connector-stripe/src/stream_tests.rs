//! Scans against a scripted server: child tables (parent iteration, parent filters, injected
//! parent ids, 404 parents) and searches (paging, falling back to the list when refused).

use super::*;
use crate::catalogue::{ResourceSpec, INVOICE_LINE_ITEMS, PRODUCTS, SUBSCRIPTION_ITEMS};
use crate::client::ClientConfig;
use crate::retry::RetryPolicy;
use crate::test_server::{Scripted, ScriptedServer};
use datafusion::arrow::array::{Array, StringArray};
use datafusion::logical_expr::{ident, lit, Expr};
use futures::StreamExt;
use serde_json::json;
use std::time::Duration;

fn client(base: &str) -> Arc<StripeClient> {
    let config = ClientConfig {
        api_base: base.to_string(),
        api_key: "sk_test_x".into(),
        user_agent: "t".into(),
        retry: RetryPolicy {
            max_retries: 0,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(1),
            max_retry_after: Duration::from_millis(1),
        },
        requests_per_second: None,
        timeout: Duration::from_secs(10),
        scan_concurrency: 1,
    };
    Arc::new(StripeClient::new(&config).unwrap())
}

fn page(objects: serde_json::Value, has_more: bool) -> Scripted {
    Scripted::json(
        200,
        json!({"object": "list", "data": objects, "has_more": has_more}),
    )
}

/// Runs a scan of `Id` and the parent column; returns (id, parent) rows.
async fn scan(
    srv: &ScriptedServer,
    r: &'static ResourceSpec,
    filters: &[Expr],
) -> Vec<(String, String)> {
    let parent_col = r.parent.unwrap().column;
    let columns: Vec<&'static ColumnSpec> =
        vec![r.column("Id").unwrap(), r.column(parent_col).unwrap()];
    let full = r.table_def().arrow_schema();
    let schema = Arc::new(full.project(&[0, 1]).unwrap());
    assert_eq!(r.columns[1].name, parent_col);
    let request = Arc::new(ScanRequest::new(r, filters, None));
    let mut stream = Box::pin(page_stream(
        client(&srv.base_url),
        request,
        columns.into(),
        schema,
    ));
    let mut rows = Vec::new();
    while let Some(batch) = stream.next().await {
        let batch = batch.unwrap();
        let ids = batch
            .column(0)
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        let parents = batch
            .column(1)
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        for i in 0..batch.num_rows() {
            rows.push((ids.value(i).to_string(), parents.value(i).to_string()));
        }
    }
    rows
}

fn targets(srv: &ScriptedServer) -> Vec<String> {
    (0..srv.count()).map(|i| srv.request(i).target).collect()
}

#[tokio::test]
async fn without_a_parent_filter_the_scan_walks_every_parent() {
    let srv = ScriptedServer::start(vec![
        page(json!([{"id": "in_1"}, {"id": "in_2"}]), true),
        page(json!([{"id": "il_1"}]), true),
        page(json!([{"id": "il_2"}]), false),
        Scripted::json(
            404,
            json!({"error": {"type": "invalid_request_error", "message": "No such invoice"}}),
        ),
        page(json!([{"id": "in_3"}]), false),
        page(json!([{"id": "il_3", "invoice": "in_3"}]), false),
    ])
    .await;
    let rows = scan(&srv, &INVOICE_LINE_ITEMS, &[]).await;
    let want = [("il_1", "in_1"), ("il_2", "in_1"), ("il_3", "in_3")];
    assert_eq!(rows, want.map(|(a, b)| (a.to_string(), b.to_string())));
    assert_eq!(
        targets(&srv),
        [
            "/v1/invoices?limit=100",
            "/v1/invoices/in_1/lines?limit=100",
            "/v1/invoices/in_1/lines?starting_after=il_1&limit=100",
            "/v1/invoices/in_2/lines?limit=100",
            "/v1/invoices?starting_after=in_2&limit=100",
            "/v1/invoices/in_3/lines?limit=100",
        ]
    );
}

#[tokio::test]
async fn a_parent_filter_calls_only_those_parents() {
    let srv = ScriptedServer::start(vec![
        page(json!([{"id": "si_1", "subscription": "sub_1"}]), false),
        page(json!([]), false),
    ])
    .await;
    let filter =
        ident("SubscriptionId").in_list(vec![lit("sub_1"), lit("bad/id"), lit("sub_2")], false);
    let rows = scan(&srv, &SUBSCRIPTION_ITEMS, &[filter]).await;
    assert_eq!(rows, [("si_1".to_string(), "sub_1".to_string())]);
    assert_eq!(
        targets(&srv),
        [
            "/v1/subscription_items?subscription=sub_1&limit=100",
            "/v1/subscription_items?subscription=sub_2&limit=100",
        ],
        "an impossible id makes no request"
    );
}

#[tokio::test]
async fn a_child_scan_stops_when_dropped() {
    let srv = ScriptedServer::start(vec![
        page(json!([{"id": "in_1"}, {"id": "in_2"}]), false),
        page(json!([{"id": "il_1"}]), false),
    ])
    .await;
    let r = &INVOICE_LINE_ITEMS;
    let columns: Vec<&'static ColumnSpec> = vec![r.column("Id").unwrap()];
    let schema = Arc::new(r.table_def().arrow_schema().project(&[0]).unwrap());
    let request = Arc::new(ScanRequest::new(r, &[], None));
    let mut stream = Box::pin(page_stream(
        client(&srv.base_url),
        request,
        columns.into(),
        schema,
    ));
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.num_rows(), 1);
    assert_eq!(first.column(0).len(), 1);
    drop(stream);
    assert_eq!(srv.count(), 2, "in_2's lines were never requested");
}

/// The `Id` column of every row a scan of `r` with `filters` returns.
async fn scan_ids(srv: &ScriptedServer, r: &'static ResourceSpec, filters: &[Expr]) -> Vec<String> {
    let columns: Vec<&'static ColumnSpec> = vec![r.column("Id").unwrap()];
    let schema = Arc::new(r.table_def().arrow_schema().project(&[0]).unwrap());
    let request = Arc::new(ScanRequest::new(r, filters, None));
    let stream = page_stream(client(&srv.base_url), request, columns.into(), schema);
    let batches: Vec<_> = stream.collect().await;
    let mut ids = Vec::new();
    for batch in batches {
        let batch = batch.unwrap();
        let col = batch
            .column(0)
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        ids.extend((0..col.len()).map(|i| col.value(i).to_string()));
    }
    ids
}

fn products_named_widget() -> Expr {
    ident("Name").like(lit("%Widget%"))
}

#[tokio::test]
async fn a_search_pages_with_next_page_tokens() {
    let srv = ScriptedServer::start(vec![
        Scripted::json(
            200,
            json!({"object": "search_result", "data": [{"id": "prod_1"}], "has_more": true,
                   "next_page": "tok_2"}),
        ),
        Scripted::json(
            200,
            json!({"object": "search_result", "data": [{"id": "prod_2"}], "has_more": false,
                   "next_page": null}),
        ),
    ])
    .await;
    let ids = scan_ids(&srv, &PRODUCTS, &[products_named_widget()]).await;
    assert_eq!(ids, ["prod_1", "prod_2"]);
    assert_eq!(
        targets(&srv),
        [
            "/v1/products/search?query=name%7E%22Widget%22&limit=100",
            "/v1/products/search?query=name%7E%22Widget%22&limit=100&page=tok_2",
        ]
    );
}

#[tokio::test]
async fn a_refused_search_falls_back_to_the_list() {
    let srv = ScriptedServer::start(vec![
        Scripted::json(
            403,
            json!({"error": {"type": "invalid_request_error",
                             "message": "The provided key does not have access to search."}}),
        ),
        page(json!([{"id": "prod_1"}, {"id": "prod_2"}]), false),
    ])
    .await;
    let ids = scan_ids(&srv, &PRODUCTS, &[products_named_widget()]).await;
    assert_eq!(ids, ["prod_1", "prod_2"], "DataFusion re-checks the names");
    assert_eq!(
        targets(&srv),
        [
            "/v1/products/search?query=name%7E%22Widget%22&limit=100",
            "/v1/products?limit=100",
        ]
    );
}

#[tokio::test]
async fn a_failing_search_is_an_error_not_a_fallback() {
    let srv = ScriptedServer::start(vec![Scripted::json(
        500,
        json!({"error": {"type": "api_error", "message": "boom"}}),
    )])
    .await;
    let r = &PRODUCTS;
    let columns: Vec<&'static ColumnSpec> = vec![r.column("Id").unwrap()];
    let schema = Arc::new(r.table_def().arrow_schema().project(&[0]).unwrap());
    let request = Arc::new(ScanRequest::new(r, &[products_named_widget()], None));
    let mut stream = Box::pin(page_stream(
        client(&srv.base_url),
        request,
        columns.into(),
        schema,
    ));
    assert!(stream.next().await.unwrap().is_err());
    assert_eq!(srv.count(), 1);
}
