//! Shared helpers for the HTTP tests: a served simulator and a tiny Stripe client.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::time::Duration;

use reqwest::header::HeaderMap;
use serde_json::Value;
use stripe_sim::{SimConfig, SimServer, DEFAULT_API_KEY};

pub const LOCAL: &str = "127.0.0.1:0";

pub async fn server(customers: usize) -> SimServer {
    server_with(SimConfig {
        customers,
        ..SimConfig::default()
    })
    .await
}

pub async fn server_with(config: SimConfig) -> SimServer {
    let addr: SocketAddr = LOCAL.parse().unwrap();
    SimServer::start(config, addr).await.unwrap()
}

pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

/// GET `path_and_query` with the default key.
pub async fn get(srv: &SimServer, path_and_query: &str) -> Resp {
    get_with(srv, path_and_query, Some(DEFAULT_API_KEY)).await
}

pub async fn get_with(srv: &SimServer, path_and_query: &str, key: Option<&str>) -> Resp {
    let mut req = client().get(format!("{}{path_and_query}", srv.base_url()));
    if let Some(key) = key {
        req = req.bearer_auth(key);
    }
    finish(req).await
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

pub async fn finish(req: reqwest::RequestBuilder) -> Resp {
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body: Value = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
    Resp {
        status,
        headers,
        body,
    }
}

pub fn ids(objects: &[Value]) -> Vec<String> {
    objects
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect()
}

/// Walks a list forwards with `starting_after` and returns every object, in order.
pub async fn walk(srv: &SimServer, resource: &str, params: &str, limit: usize) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    // Fail fast on a repeated object: a broken cursor would otherwise loop forever.
    let mut seen = std::collections::HashSet::new();
    let sep = if params.is_empty() { "" } else { "&" };
    loop {
        let cursor = out
            .last()
            .map(|o| format!("&starting_after={}", o["id"].as_str().unwrap()))
            .unwrap_or_default();
        let r = get(
            srv,
            &format!("/v1/{resource}?limit={limit}{sep}{params}{cursor}"),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.body["object"], "list");
        let url = r.body["url"].as_str().unwrap();
        assert!(
            resource.starts_with(url.trim_start_matches("/v1/")),
            "{url}"
        );
        let page = r.body["data"].as_array().unwrap().clone();
        assert!(page.len() <= limit);
        let has_more = r.body["has_more"].as_bool().unwrap();
        if has_more {
            assert_eq!(page.len(), limit, "a non-final page must be full");
        }
        for o in &page {
            let id = o["id"].as_str().unwrap().to_string();
            assert!(
                seen.insert(id.clone()),
                "{resource}?{params}: {id} returned twice"
            );
        }
        out.extend(page);
        if !has_more {
            return out;
        }
    }
}
