//! A scripted HTTP/1.1 server for unit tests: answers requests with canned responses in order and
//! records what it received (the simulator cannot inject every failure shape on demand).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One canned answer.
#[derive(Debug, Clone)]
pub struct Scripted {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
    /// Announce a longer Content-Length than sent, then close: a truncated body.
    pub truncate: bool,
}

impl Scripted {
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Scripted {
            status,
            headers: vec![("Content-Type", "application/json".into())],
            body: body.to_string(),
            truncate: false,
        }
    }

    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }
}

/// What the server received: request line target and lower-cased headers.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

pub struct ScriptedServer {
    pub base_url: String,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
}

impl ScriptedServer {
    pub async fn start(script: Vec<Scripted>) -> ScriptedServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(VecDeque::from(script)));
        let recorded = requests.clone();
        tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                let script = script.clone();
                let recorded = recorded.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    loop {
                        let head_end = loop {
                            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                                break i + 4;
                            }
                            let mut chunk = [0u8; 4096];
                            match sock.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buf.extend_from_slice(&chunk[..n]),
                            }
                        };
                        let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                        buf.drain(..head_end);
                        let mut lines = head.split("\r\n");
                        let target = lines
                            .next()
                            .and_then(|l| l.split(' ').nth(1))
                            .unwrap_or_default()
                            .to_string();
                        let headers = lines
                            .filter_map(|l| l.split_once(':'))
                            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
                            .collect();
                        recorded.lock().unwrap().push(Recorded { target, headers });
                        let next = script.lock().unwrap().pop_front();
                        let r = next.unwrap_or_else(|| {
                            Scripted::json(500, serde_json::json!({"error": {"type": "api_error", "message": "script exhausted"}}))
                        });
                        let len = if r.truncate {
                            r.body.len() + 100
                        } else {
                            r.body.len()
                        };
                        let mut out =
                            format!("HTTP/1.1 {} X\r\nContent-Length: {len}\r\n", r.status);
                        for (k, v) in &r.headers {
                            out.push_str(&format!("{k}: {v}\r\n"));
                        }
                        out.push_str("\r\n");
                        out.push_str(&r.body);
                        if sock.write_all(out.as_bytes()).await.is_err() || r.truncate {
                            return;
                        }
                    }
                });
            }
        });
        ScriptedServer { base_url, requests }
    }

    pub fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    pub fn request(&self, i: usize) -> Recorded {
        self.requests.lock().unwrap()[i].clone()
    }
}
