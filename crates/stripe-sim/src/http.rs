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
use crate::registry::{NestedRoute, REGISTRY};
use crate::simulator::Simulator;
use crate::table::Table;

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

/// What a `/v1` path names.
enum Route<'a> {
    List(&'a Table),
    Retrieve(&'a Table, String),
    /// A nested list: the route, the parent table and the parent id.
    Nested(&'static NestedRoute, &'a Table, String),
    Unknown,
}

impl Route<'_> {
    /// The stats key: the endpoint template, never the concrete id (keeps the map bounded).
    fn endpoint(&self, method: &Method) -> String {
        match self {
            Route::List(t) => format!("GET /v1/{}", t.spec.path),
            Route::Retrieve(t, _) => format!("GET /v1/{}/{{id}}", t.spec.path),
            Route::Nested(n, parent, _) => {
                format!("GET /v1/{}/{{id}}/{}", parent.spec.path, n.segment)
            }
            Route::Unknown => {
                let m = if is_standard(method) {
                    method.as_str()
                } else {
                    "OTHER"
                };
                format!("{m} /v1/(unknown)")
            }
        }
    }
}

fn is_standard(m: &Method) -> bool {
    [
        Method::GET,
        Method::POST,
        Method::DELETE,
        Method::PUT,
        Method::PATCH,
        Method::HEAD,
    ]
    .contains(m)
}

fn resolve<'a>(sim: &'a Simulator, method: &Method, path: &str) -> Route<'a> {
    if method != Method::GET {
        return Route::Unknown;
    }
    let Some(rest) = path.strip_prefix("/v1/") else {
        return Route::Unknown;
    };
    // The longest top-level table name that prefixes the path (`checkout/sessions/…`).
    let mut best: Option<(usize, &str)> = None;
    for (i, spec) in REGISTRY.specs.iter().enumerate() {
        if !spec.top_level {
            continue;
        }
        let tail = if rest == spec.path {
            Some("")
        } else {
            rest.strip_prefix(spec.path.as_str())
                .and_then(|t| t.strip_prefix('/'))
        };
        if let Some(tail) = tail {
            if best.is_none_or(|(b, _)| {
                REGISTRY
                    .specs
                    .get(b)
                    .is_some_and(|s| s.path.len() < spec.path.len())
            }) {
                best = Some((i, tail));
            }
        }
    }
    let Some((index, tail)) = best else {
        return Route::Unknown;
    };
    let Some(table) = sim.dataset().at(index) else {
        return Route::Unknown;
    };
    if tail.is_empty() && rest == table.spec.path {
        return Route::List(table);
    }
    let mut parts = tail.split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(id), None, None) if !id.is_empty() => Route::Retrieve(table, percent_decode(id)),
        (Some(id), Some(segment), None) if !id.is_empty() => REGISTRY
            .nested
            .iter()
            .find(|n| n.parent == index && n.segment == segment)
            .map_or(Route::Unknown, |n| {
                Route::Nested(n, table, percent_decode(id))
            }),
        _ => Route::Unknown,
    }
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
    let latency = sim.config().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let result = authenticate(&headers, &sim.config().api_keys)
        .and_then(|()| answer(&sim, &method, path, uri.query(), route));
    let response = match result {
        Ok(body) => json_response(StatusCode::OK, &body),
        Err(e) => error_response(&e),
    };
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
            let q = params::list_query(&pairs, &table.spec.params, table.spec.created_filter)?;
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
    if status == StatusCode::UNAUTHORIZED {
        res.headers_mut().insert(
            WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"Stripe\""),
        );
    }
    res
}

/// Decodes `%XX` escapes in a path segment (ids are base62, but error messages should echo
/// what the client meant, as Stripe does). Invalid escapes are kept literally.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes() {
        assert_eq!(percent_decode("cus_a%20b"), "cus_a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%+1"), "%+1");
        assert_eq!(percent_decode("%E2%82%AC"), "€");
    }
}
