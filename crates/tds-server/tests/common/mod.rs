//! Shared fixtures: a test authenticator, a session handler answering a tiny command language,
//! server startup on 127.0.0.1:0, and tiberius/raw-socket clients.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod raw;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use async_trait::async_trait;
use bytes::BufMut;
use tds_server::rpc::{ParamValue, ProcId, RpcRequest};
use tds_server::{
    Authenticator, EncryptMode, ErrorKind, LoginRequest, Principal, ResponseWriter, Server,
    ServerConfig, SessionFactory, SessionHandler, SessionInfo, SqlError, TlsIdentity,
};
use tiberius::{AuthMethod, Client, Config, EncryptionLevel};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio_util::compat::{Compat, TokioAsyncWriteCompatExt};

pub const USER: &str = "ana@example.com";
pub const PAT: &str = "pat_s3cret_token";

/// Accepts exactly USER / PAT.
pub struct TestAuth;

#[async_trait]
impl Authenticator for TestAuth {
    async fn authenticate(&self, login: &LoginRequest) -> Result<Principal, SqlError> {
        if login.user_name == USER && login.password.expose() == PAT {
            Ok(Principal {
                user_name: login.user_name.clone(),
                default_database: Some("Stripe1".into()),
            })
        } else {
            Err(SqlError::login_failed(&login.user_name))
        }
    }
}

/// Events the handler reports to the test.
#[derive(Debug, PartialEq, Eq)]
pub enum Event {
    /// A `block` batch started and is now waiting forever.
    Blocked,
    /// The blocked handler future was dropped (cancelled).
    Dropped,
    /// `on_reset` ran.
    Reset,
    /// A session opened with this login.
    Opened {
        utf8: bool,
        encrypted: bool,
        packet_size: u32,
    },
}

pub struct TestFactory {
    pub events: mpsc::UnboundedSender<Event>,
}

#[async_trait]
impl SessionFactory for TestFactory {
    async fn open_session(
        &self,
        principal: &Principal,
        login: &LoginRequest,
        info: &SessionInfo,
    ) -> Result<Box<dyn SessionHandler>, SqlError> {
        let _ = self.events.send(Event::Opened {
            utf8: login.utf8_requested,
            encrypted: info.encrypted,
            packet_size: info.packet_size,
        });
        Ok(Box::new(TestHandler {
            database: login
                .database
                .clone()
                .or_else(|| principal.default_database.clone())
                .unwrap_or_else(|| "master".into()),
            events: self.events.clone(),
        }))
    }
}

pub struct TestHandler {
    database: String,
    events: mpsc::UnboundedSender<Event>,
}

/// Sends `Dropped` when the future holding it is dropped.
struct DropGuard(mpsc::UnboundedSender<Event>);
impl Drop for DropGuard {
    fn drop(&mut self) {
        let _ = self.0.send(Event::Dropped);
    }
}

/// COLMETADATA for one nullable INT column named `n` (TDS ≥ 7.2 layout).
pub fn put_int_colmetadata(buf: &mut bytes::BytesMut) {
    buf.put_u8(0x81);
    buf.put_u16_le(1);
    buf.put_u32_le(0); // user type
    buf.put_u16_le(0x0001); // nullable
    buf.put_u8(0x26); // INTN
    buf.put_u8(4);
    buf.put_u8(1);
    buf.put_u16_le(u16::from(b'n'));
}

/// ROW with one INTN(4) value.
pub fn put_int_row(buf: &mut bytes::BytesMut, v: i32) {
    buf.put_u8(0xD1);
    buf.put_u8(4);
    buf.put_i32_le(v);
}

#[async_trait]
impl SessionHandler for TestHandler {
    fn database(&self) -> String {
        self.database.clone()
    }

    /// `block` waits forever; `rows N` returns N rows 0..N; `error` fails with 208; anything
    /// else returns one row holding the batch's length in characters.
    async fn on_sql_batch(&mut self, sql: String, out: &mut ResponseWriter) -> io::Result<()> {
        let sql = sql.trim().to_string();
        if sql == "block" {
            let _guard = DropGuard(self.events.clone());
            let _ = self.events.send(Event::Blocked);
            std::future::pending::<()>().await;
            return Ok(());
        }
        if sql == "error" {
            out.error(&SqlError::invalid_object("Stripe.Nope"));
            out.done_error(false);
            return Ok(());
        }
        if let Some(n) = sql.strip_prefix("rows ") {
            let n: i32 = n.parse().unwrap_or(0);
            put_int_colmetadata(out.buffer());
            for i in 0..n {
                put_int_row(out.buffer(), i);
                if i % 100 == 0 {
                    out.flush_full_packets().await?;
                }
            }
            out.done(false, Some(n as u64));
            return Ok(());
        }
        put_int_colmetadata(out.buffer());
        put_int_row(out.buffer(), sql.chars().count() as i32);
        out.done(false, Some(1));
        Ok(())
    }

    /// sp_executesql: one INT row per value after `@stmt` and `@params`, a fingerprint of what
    /// was decoded ([`fingerprint`]). Any other procedure: 2812, as the default answers.
    async fn on_rpc(&mut self, request: RpcRequest, out: &mut ResponseWriter) -> io::Result<()> {
        let count = request.calls.len();
        for (i, call) in request.calls.iter().enumerate() {
            let more = i + 1 < count;
            if call.proc.well_known() != Some(ProcId::ExecuteSql) {
                out.error(&SqlError::new(
                    ErrorKind::UnknownProcedure,
                    format!(
                        "Could not find stored procedure '{}'.",
                        call.proc.display_name()
                    ),
                ));
                out.done_proc(more, true);
                continue;
            }
            put_int_colmetadata(out.buffer());
            let values = call.params.get(2..).unwrap_or(&[]);
            for p in values {
                put_int_row(out.buffer(), fingerprint(&p.value));
            }
            out.done_in_proc(true, Some(values.len() as u64));
            out.return_status(0);
            out.done_proc(more, false);
        }
        Ok(())
    }

    fn on_reset(&mut self) {
        let _ = self.events.send(Event::Reset);
    }
}

/// A decoded parameter value as one int: NULL -1, integers and decimals their (unscaled) value,
/// bit 0/1, strings their length in characters, a uniqueidentifier its first wire byte, other
/// types -2.
pub fn fingerprint(v: &ParamValue) -> i32 {
    match v {
        ParamValue::Null => -1,
        ParamValue::Int(i) => *i as i32,
        ParamValue::Decimal { unscaled, .. } => *unscaled as i32,
        ParamValue::Bool(b) => i32::from(*b),
        ParamValue::String(s) => s.chars().count() as i32,
        ParamValue::Guid(g) => i32::from(g[0]),
        _ => -2,
    }
}

/// A running server and its controls.
pub struct TestServer {
    pub addr: SocketAddr,
    pub events: mpsc::UnboundedReceiver<Event>,
    pub stop: Option<oneshot::Sender<()>>,
    pub task: JoinHandle<tds_server::Result<()>>,
    pub cert_pem: String,
}

pub fn tls_identity() -> (TlsIdentity, String) {
    let (cert, key) =
        TlsIdentity::generate_self_signed(&["localhost".into(), "127.0.0.1".into()]).unwrap();
    (TlsIdentity::from_pem(&cert, &key).unwrap(), cert)
}

pub async fn start(encrypt: EncryptMode, with_tls: bool) -> TestServer {
    start_with(encrypt, with_tls, |_| {}).await
}

pub async fn start_with(
    encrypt: EncryptMode,
    with_tls: bool,
    tweak: impl FnOnce(&mut ServerConfig),
) -> TestServer {
    let mut config = ServerConfig::new("127.0.0.1:0".parse().unwrap());
    config.encrypt = encrypt;
    config.server_name = "vtds-test".into();
    let mut cert_pem = String::new();
    if with_tls {
        let (id, cert) = tls_identity();
        config.tls = Some(id);
        cert_pem = cert;
    }
    tweak(&mut config);
    let (tx, rx) = mpsc::unbounded_channel();
    let server = Server::bind(
        config,
        Arc::new(TestAuth),
        Arc::new(TestFactory { events: tx }),
    )
    .await
    .unwrap();
    let addr = server.local_addr();
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let task = tokio::spawn(server.run_until(async move {
        let _ = stop_rx.await;
    }));
    TestServer {
        addr,
        events: rx,
        stop: Some(stop_tx),
        task,
        cert_pem,
    }
}

pub type TibClient = Client<Compat<TcpStream>>;

pub fn tiberius_config(addr: SocketAddr, enc: EncryptionLevel, password: &str) -> Config {
    let mut config = Config::new();
    config.host("127.0.0.1");
    config.port(addr.port());
    config.authentication(AuthMethod::sql_server(USER, password));
    config.encryption(enc);
    config.trust_cert();
    config.database("Stripe1");
    config
}

pub async fn tiberius_connect(
    addr: SocketAddr,
    enc: EncryptionLevel,
    password: &str,
) -> tiberius::Result<TibClient> {
    let tcp = TcpStream::connect(addr).await?;
    tcp.set_nodelay(true)?;
    Client::connect(tiberius_config(addr, enc, password), tcp.compat_write()).await
}

/// Runs a batch and returns the INT values of its first result set.
pub async fn query_ints(client: &mut TibClient, sql: &str) -> tiberius::Result<Vec<i32>> {
    let rows = client.simple_query(sql).await?.into_first_result().await?;
    Ok(rows.iter().map(|r| r.get::<i32, _>(0).unwrap()).collect())
}
