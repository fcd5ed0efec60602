//! LOGIN7 → authentication → session → login response [2.2.6.4], [2.2.7].

use std::io;

use bytes::BytesMut;
use tds_proto::collation::DEFAULT_COLLATION;
use tds_proto::login7::{feature, Login7};
use tds_proto::packet::{DEFAULT_PACKET_SIZE, MAX_PACKET_SIZE, MIN_PACKET_SIZE};
use tds_proto::token::{
    encode_feature_ext_ack, Done, DoneStatus, EnvChange, FeatureAck, InfoError, LoginAck,
};
use tds_proto::TdsVersion;
use tracing::{debug, info, trace, Span};

use crate::connection::{BoxedIo, ConnCtx};
use crate::framing::{invalid_data, write_message};
use crate::handler::{LoginRequest, SessionHandler, SessionInfo};
use crate::handshake::Negotiated;
use crate::sql_error::SqlError;

/// Largest packet size with TLS: one TDS packet must fit one TLS record (16 KiB), and JDBC
/// rejects more than 16383 with SSL.
const MAX_TLS_PACKET_SIZE: u32 = 16383;

/// A logged-in session, ready for requests.
pub(crate) struct Established {
    pub stream: BoxedIo,
    pub handler: Box<dyn SessionHandler>,
    pub tds_version: TdsVersion,
    pub packet_size: u32,
}

/// The packet size to grant: 0 means "server decides" (jTDS), otherwise the request clamped to
/// the protocol range, and to one TLS record when the session is encrypted.
pub(crate) fn negotiate_packet_size(requested: u32, encrypted: bool) -> u32 {
    let size = if requested == 0 {
        DEFAULT_PACKET_SIZE
    } else {
        requested.clamp(MIN_PACKET_SIZE, MAX_PACKET_SIZE)
    };
    if encrypted {
        size.min(MAX_TLS_PACKET_SIZE)
    } else {
        size
    }
}

/// Logs the LOGIN7 bytes at TRACE with the password fields zeroed.
fn trace_login7(payload: &[u8]) {
    if tracing::enabled!(tracing::Level::TRACE) {
        let mut redacted = payload.to_vec();
        Login7::redact_passwords(&mut redacted);
        trace!(bytes = ?redacted, "LOGIN7 (passwords zeroed)");
    }
}

/// Runs the login. `Ok(None)` means the login was refused (the client has been told) and the
/// connection is to be closed.
pub(crate) async fn login(neg: Negotiated, ctx: &ConnCtx) -> io::Result<Option<Established>> {
    let Negotiated {
        mut stream,
        login7,
        encrypted,
    } = neg;
    trace_login7(&login7);
    let decoded = Login7::decode(&login7).map_err(|e| invalid_data(format!("LOGIN7: {e}")))?;
    drop(login7);
    let tds_version = TdsVersion::negotiate(decoded.tds_version);
    let packet_size = negotiate_packet_size(decoded.packet_size, encrypted);
    let request = LoginRequest {
        user_name: decoded.user_name.clone(),
        password: decoded.password.clone(),
        database: Some(decoded.database.clone()).filter(|d| !d.is_empty()),
        app_name: decoded.app_name.clone(),
        host_name: decoded.host_name.clone(),
        library_name: decoded.library_name.clone(),
        language: decoded.language.clone(),
        client_tds_version: decoded.tds_version,
        tds_version,
        packet_size,
        peer: ctx.peer,
        encrypted,
        utf8_requested: tds_version.supports_feature_ext()
            && decoded.requests_feature(feature::UTF8_SUPPORT),
    };
    drop(decoded);
    let span = Span::current();
    span.record("user", request.user_name.as_str());
    span.record("app", request.app_name.as_str());
    debug!(
        tds_version = format_args!("{:#010x}", request.client_tds_version),
        packet_size, encrypted, library = %request.library_name, "LOGIN7"
    );
    // Before the login response the client still uses 4096-byte packets (go-mssqldb).
    let login_packet = packet_size.min(DEFAULT_PACKET_SIZE) as usize;

    let principal = match ctx.auth.authenticate(&request).await {
        Ok(p) => p,
        Err(e) => {
            info!(user = %request.user_name, number = e.number(), "login refused");
            send_error(&mut stream, ctx, tds_version, login_packet, &e).await?;
            return Ok(None);
        }
    };
    let info = SessionInfo {
        spid: ctx.spid,
        tds_version,
        packet_size,
        peer: ctx.peer,
        encrypted,
        server_name: ctx.config.server_name.clone(),
        app_name: request.app_name.clone(),
        host_name: request.host_name.clone(),
        user_name: principal.user_name.clone(),
    };
    let handler = match ctx.sessions.open_session(&principal, &request, &info).await {
        Ok(h) => h,
        Err(e) => {
            info!(user = %request.user_name, number = e.number(), "session refused");
            send_error(&mut stream, ctx, tds_version, login_packet, &e).await?;
            return Ok(None);
        }
    };
    let mut payload = BytesMut::with_capacity(512);
    encode_login_response(&mut payload, ctx, &request, &handler.database());
    write_message(&mut stream, ctx.spid, login_packet, &payload).await?;
    info!(user = %principal.user_name, "logged in");
    Ok(Some(Established {
        stream,
        handler,
        tds_version,
        packet_size,
    }))
}

fn info_token(ctx: &ConnCtx, number: u32, state: u8, message: String) -> InfoError {
    InfoError {
        number,
        state,
        class: 0,
        message,
        server_name: ctx.config.server_name.clone(),
        proc_name: String::new(),
        line: 0,
    }
}

/// The login response in SQL Server's order (TDS-CLIENTS.md §3.2): database, collation,
/// language, LOGINACK, FEATUREEXTACK, packet size, DONE.
fn encode_login_response(buf: &mut BytesMut, ctx: &ConnCtx, req: &LoginRequest, database: &str) {
    let v = req.tds_version;
    EnvChange::Database {
        new: database.to_string(),
        old: "master".to_string(),
    }
    .encode(buf);
    info_token(
        ctx,
        5701,
        2,
        format!("Changed database context to '{database}'."),
    )
    .encode_info(buf, v);
    EnvChange::SqlCollation(DEFAULT_COLLATION).encode(buf);
    EnvChange::Language {
        new: "us_english".to_string(),
        old: String::new(),
    }
    .encode(buf);
    info_token(
        ctx,
        5703,
        1,
        "Changed language setting to us_english.".to_string(),
    )
    .encode_info(buf, v);
    LoginAck::sql_server(v).encode(buf);
    if req.utf8_requested {
        encode_feature_ext_ack(buf, &[FeatureAck::utf8_support()]);
    }
    EnvChange::PacketSize {
        new: req.packet_size,
        old: DEFAULT_PACKET_SIZE,
    }
    .encode(buf);
    Done::new(DoneStatus::FINAL).encode(buf, v);
}

async fn send_error(
    stream: &mut BoxedIo,
    ctx: &ConnCtx,
    version: TdsVersion,
    packet_size: usize,
    e: &SqlError,
) -> io::Result<()> {
    let mut payload = BytesMut::new();
    InfoError {
        number: e.number(),
        state: e.state(),
        class: e.class(),
        message: e.message.clone(),
        server_name: ctx.config.server_name.clone(),
        proc_name: String::new(),
        line: 1,
    }
    .encode_error(&mut payload, version);
    Done::new(DoneStatus::ERROR).encode(&mut payload, version);
    write_message(stream, ctx.spid, packet_size, &payload).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packet_size_negotiation() {
        assert_eq!(negotiate_packet_size(0, false), 4096);
        assert_eq!(negotiate_packet_size(100, false), 512);
        assert_eq!(negotiate_packet_size(8000, false), 8000);
        assert_eq!(negotiate_packet_size(65535, false), 32767);
        assert_eq!(negotiate_packet_size(32767, true), 16383);
        assert_eq!(negotiate_packet_size(0, true), 4096);
    }
}
