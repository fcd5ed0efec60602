//! Resolving a `/v1` request path to a list, a retrieve, a search or a nested list of the
//! registry.

use axum::http::Method;

use crate::registry::{NestedRoute, REGISTRY};
use crate::search_fields::is_searchable;
use crate::simulator::Simulator;
use crate::table::Table;

/// What a `/v1` path names.
pub(crate) enum Route<'a> {
    List(&'a Table),
    Retrieve(&'a Table, String),
    /// `GET /v1/<resource>/search` (only the resources Stripe's Search API covers).
    Search(&'a Table),
    /// A nested list: the route, the parent table and the parent id.
    Nested(&'static NestedRoute, &'a Table, String),
    Unknown,
}

impl Route<'_> {
    /// The stats key: the endpoint template, never the concrete id (keeps the map bounded).
    pub(crate) fn endpoint(&self, method: &Method) -> String {
        match self {
            Route::List(t) => format!("GET /v1/{}", t.spec.path),
            Route::Retrieve(t, _) => format!("GET /v1/{}/{{id}}", t.spec.path),
            Route::Search(t) => format!("GET /v1/{}/search", t.spec.path),
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

pub(crate) fn resolve<'a>(sim: &'a Simulator, method: &Method, path: &str) -> Route<'a> {
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
    // No Stripe id is `search`, so the segment is unambiguous where search exists.
    if tail == "search" && is_searchable(&table.spec.path) {
        return Route::Search(table);
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
