//! `GET /v1/<resource>/search`: Stripe's Search API over the simulated data.
//!
//! Unlike lists, search returns every matching object, test-clock objects included, newest
//! first (the table's list order), and pages with an opaque `page` token instead of object
//! cursors. The data never changes, so the token can simply carry an offset into the
//! matches; it also carries a hash of the resource and query, so a token replayed with
//! another query is refused instead of silently skipping results.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::params;
use crate::registry::name_hash;
use crate::search_eval::compile;
use crate::simulator::Simulator;
use crate::table::Table;

/// Prefix of a decoded page token (a version, should the format ever change).
const TOKEN_TAG: &str = "sim1";

/// A validated search request.
#[derive(Debug, PartialEq, Eq)]
struct SearchRequest {
    query: String,
    limit: usize,
    /// Matches to skip (0 without `page`).
    offset: usize,
    /// `expand[]=total_count`.
    total_count: bool,
}

/// Answers a search on `table` (one of the searchable resources).
pub(crate) fn answer(sim: &Simulator, table: &Table, pairs: &[(String, String)]) -> Result<Value> {
    let resource = table.spec.path.as_str();
    let req = request(resource, pairs)?;
    let matcher = compile(resource, &req.query)?;
    // One match past the page tells whether there is more; only `total_count` needs all.
    let enough = req.offset.saturating_add(req.limit).saturating_add(1);
    let mut data = Vec::with_capacity(req.limit);
    let mut matched = 0usize;
    for row in table.rows() {
        let obj = sim.dataset().render(table, row);
        if !matcher.matches(&obj) {
            continue;
        }
        matched += 1;
        if matched > req.offset && data.len() < req.limit {
            data.push(obj);
        }
        if matched >= enough && !req.total_count {
            break;
        }
    }
    let next = req.offset.saturating_add(req.limit);
    let has_more = matched > next;
    let next_page = has_more.then(|| token(next, fingerprint(resource, &req.query)));
    let mut body = json!({
        "object": "search_result",
        "url": format!("/v1/{resource}/search"),
        "has_more": has_more,
        "next_page": next_page,
        "data": data,
    });
    if req.total_count {
        body["total_count"] = json!(matched);
    }
    Ok(body)
}

/// Validates the query string: `query` (required), `limit`, `page` and `expand`.
fn request(resource: &str, pairs: &[(String, String)]) -> Result<SearchRequest> {
    let mut query = None;
    let mut limit = params::DEFAULT_LIMIT;
    let mut page = None;
    let mut total_count = false;
    for (name, value) in pairs {
        if params::is_expand(name) {
            total_count |= value == "total_count";
            continue;
        }
        if !matches!(name.as_str(), "query" | "limit" | "page") {
            return Err(params::unknown(name, false));
        }
        if value.is_empty() {
            return Err(params::empty(name));
        }
        match name.as_str() {
            "query" => query = Some(value.clone()),
            "limit" => limit = params::limit(value)?,
            _ => page = Some(value.as_str()),
        }
    }
    let Some(query) = query else {
        return Err(Error::invalid(
            Some("parameter_missing"),
            "Missing required param: query.".into(),
            "query",
        ));
    };
    let offset = match page {
        Some(p) => offset(p, fingerprint(resource, &query))?,
        None => 0,
    };
    Ok(SearchRequest {
        query,
        limit,
        offset,
        total_count,
    })
}

/// Ties a token to one resource and query.
fn fingerprint(resource: &str, query: &str) -> u64 {
    name_hash(&format!("{resource}\n{query}"))
}

/// The `next_page` token for the matches from `offset` on.
fn token(offset: usize, fingerprint: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{TOKEN_TAG}:{offset}:{fingerprint:016x}"))
}

/// The offset a `page` token stands for; a 400 on `page` for anything this simulator did not
/// issue for the same resource and query.
fn offset(page: &str, fingerprint: u64) -> Result<usize> {
    let decoded = URL_SAFE_NO_PAD
        .decode(page)
        .ok()
        .and_then(|b| String::from_utf8(b).ok());
    let parsed = decoded.as_deref().and_then(|s| {
        let mut parts = s.split(':');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(TOKEN_TAG), Some(offset), Some(hash), None) => Some((
                offset.parse::<usize>().ok()?,
                u64::from_str_radix(hash, 16).ok()?,
            )),
            _ => None,
        }
    });
    match parsed {
        Some((offset, hash)) if hash == fingerprint => Ok(offset),
        Some(_) => Err(Error::invalid(
            None,
            "This page token was issued for a different search query. Pass the `next_page` \
             of a previous response together with the same `query`."
                .into(),
            "page",
        )),
        None => Err(Error::invalid(
            None,
            format!(
                "Invalid page token: '{page}'. Pass the `next_page` value of a previous search \
                 response."
            ),
            "page",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(raw: &str) -> Vec<(String, String)> {
        params::parse_pairs(Some(raw)).unwrap()
    }

    fn err(raw: &str) -> (String, String, String) {
        let e = request("customers", &pairs(raw)).unwrap_err();
        let j = e.to_json();
        let field = |k: &str| j["error"][k].as_str().unwrap_or("").to_string();
        (field("code"), field("param"), e.to_string())
    }

    #[test]
    fn defaults_limit_and_expand() {
        let r = request("customers", &pairs("query=email%3A%22a%22")).unwrap();
        assert_eq!(
            r,
            SearchRequest {
                query: "email:\"a\"".into(),
                limit: 10,
                offset: 0,
                total_count: false,
            }
        );
        let r = request(
            "customers",
            &pairs("query=a&limit=100&expand[]=total_count"),
        )
        .unwrap();
        assert_eq!((r.limit, r.total_count), (100, true));
        assert!(
            !request("customers", &pairs("query=a&expand[]=data.customer"))
                .unwrap()
                .total_count
        );
    }

    #[test]
    fn parameter_errors() {
        let missing = (
            "parameter_missing".into(),
            "query".into(),
            "Missing required param: query.".into(),
        );
        assert_eq!(err("limit=3"), missing);
        assert_eq!(err("query=a&starting_after=cus_1").0, "parameter_unknown");
        assert_eq!(err("query=").0, "parameter_invalid_empty");
        for bad in ["query=a&limit=0", "query=a&limit=101", "query=a&limit=x"] {
            assert_eq!(err(bad).1, "limit", "{bad}");
        }
    }

    #[test]
    fn page_tokens_round_trip_and_are_checked() {
        let fp = fingerprint("customers", "q");
        let t = token(20, fp);
        assert!(
            t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{t}"
        );
        assert_eq!(offset(&t, fp), Ok(20));
        let r = request("customers", &pairs(&format!("query=q&page={t}"))).unwrap();
        assert_eq!(r.offset, 20);
        // Same token, other query or resource.
        assert_eq!(err(&format!("query=other&page={t}")).1, "page");
        assert!(request("charges", &pairs(&format!("query=q&page={t}"))).is_err());
        for bad in ["nope", "%00", "c2ltMTp4OjA", "", "c2ltMToxOjE6Mg"] {
            let e = offset(bad, fp).unwrap_err();
            assert_eq!(e.to_json()["error"]["param"], "page", "{bad}");
            assert_eq!(e.status(), 400);
        }
    }
}
