//! The axum router: `/v1` routing driven by the resource registry, auth, latency injection,
//! request counting, `Request-Id` headers and the `/_sim` control endpoints.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::auth::authenticate;
use crate::error::{Error, Result};
use crate::params;
use crate::route::{resolve, Route};
use crate::search;
use crate::simulator::Simulator;

/// The API version whose object shapes the simulator serves.
const STRIPE_VERSION: &str = "2023-08-16";

pub(crate) fn router(sim: Simulator) -> Router {
    Router::new()
        .route("/_sim/stats", get(stats))
        .route("/_sim/reset", post(reset))
        .fallback(api)
        .layer(middleware::from_fn_with_state(sim.clone(), request_id))
        .with_state(sim)
}

/// Every response, errors included, carries a `Request-Id` (clients put it in error messages).
async fn request_id(State(sim): State<Simulator>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&sim.next_request_id()) {
        headers.insert("request-id", v);
    }
    headers.insert("stripe-version", HeaderValue::from_static(STRIPE_VERSION));
    res
}

async fn stats(State(sim): State<Simulator>) -> Response {
    json_response(StatusCode::OK, &json!(sim.stats()))
}

async fn reset(State(sim): State<Simulator>) -> Response {
    sim.reset_stats();
    json_response(StatusCode::OK, &json!(sim.stats()))
}

/// Everything that is not a `/_sim` endpoint.
async fn api(
    State(sim): State<Simulator>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path();
    if path != "/v1" && !path.starts_with("/v1/") {
        return error_response(&Error::UnknownRoute {
            method: method.to_string(),
            path: path.to_string(),
        });
    }
    let route = resolve(&sim, &method, path);
    let endpoint = route.endpoint(&method);
    sim.record(endpoint.clone());
    // The rate limiter sees the request as it arrives; the latency stands for the network.
    let fault = sim.faults().check();
    let latency = sim.config().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let result = match fault {
        Some(e) => Err(e),
        None => authenticate(&headers, &sim.config().api_keys)
            .and_then(|()| answer(&sim, &method, path, uri.query(), route)),
    };
    let response = match result {
        Ok(body) => json_response(StatusCode::OK, &body),
        Err(e) => error_response(&e),
    };
    sim.record_status(response.status().as_u16());
    tracing::debug!(
        endpoint,
        status = response.status().as_u16(),
        "stripe-sim request"
    );
    response
}

fn answer(
    sim: &Simulator,
    method: &Method,
    path: &str,
    query: Option<&str>,
    route: Route<'_>,
) -> Result<Value> {
    let pairs = params::parse_pairs(query)?;
    match route {
        Route::List(table) => {
            let mut q = params::list_query(&pairs, &table.spec.params, table.spec.created_filter)?;
            table.spec.hide_test_clock_objects(&mut q);
            let page = table.page(&q)?;
            let data: Vec<Value> = page
                .rows
                .iter()
                .map(|r| sim.dataset().render(table, r))
                .collect();
            Ok(json!({
                "object": "list",
                "data": data,
                "has_more": page.has_more,
                "url": format!("/v1/{}", table.spec.path),
            }))
        }
        Route::Search(table) => search::answer(sim, table, &pairs),
        Route::Retrieve(table, id) => {
            params::retrieve_query(&pairs)?;
            let row = table.get(&id).ok_or_else(|| Error::ResourceMissing {
                object: table.spec.object,
                id: id.clone(),
                param: "id",
            })?;
            Ok(sim.dataset().render(table, row))
        }
        Route::Nested(route, parent, id) => {
            let mut q = params::list_query(&pairs, &route.params, false)?;
            if parent.get(&id).is_none() {
                return Err(Error::ResourceMissing {
                    object: parent.spec.object,
                    id,
                    param: "id",
                });
            }
            let child = sim
                .dataset()
                .at(route.table)
                .ok_or_else(|| Error::UnknownRoute {
                    method: method.to_string(),
                    path: path.to_string(),
                })?;
            q.filters.retain(|(slot, _)| *slot != route.slot);
            q.filters.push((route.slot, id.clone()));
            let page = child.page(&q)?;
            let data: Vec<Value> = page
                .rows
                .iter()
                .map(|r| sim.dataset().render(child, r))
                .collect();
            Ok(json!({
                "object": "list",
                "data": data,
                "has_more": page.has_more,
                "url": format!("/v1/{}/{id}/{}", parent.spec.path, route.segment),
            }))
        }
        Route::Unknown => Err(Error::UnknownRoute {
            method: method.to_string(),
            path: path.to_string(),
        }),
    }
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    let mut res = Response::new(Body::from(bytes));
    *res.status_mut() = status;
    res.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res
}

fn error_response(e: &Error) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let mut res = json_response(status, &e.to_json());
    let headers = res.headers_mut();
    match e {
        Error::Authentication { .. } => {
            headers.insert(
                WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"Stripe\""),
            );
        }
        // Stripe names the limiter that refused the request; SDKs do not retry these.
        Error::RateLimited => {
            headers.insert(
                "stripe-rate-limited-reason",
                HeaderValue::from_static("global-rate"),
            );
        }
        // Stripe tells clients a failed request is safe to retry.
        Error::Api => {
            headers.insert("stripe-should-retry", HeaderValue::from_static("true"));
        }
        _ => {}
    }
    res
}
