//! Everything before LOGIN7 is decoded: first-byte detection, PRELOGIN, the encryption decision
//! and the TLS handshake in its three shapes (wrapped full TLS, login-only, TDS 8.0 strict).

use std::io;
use std::sync::Arc;

use bytes::BytesMut;
use tds_proto::login7::Login7;
use tds_proto::packet::{PacketStatus, PacketType, DEFAULT_PACKET_SIZE};
use tds_proto::prelogin::{Encryption, PreloginRequest, PreloginResponse};
use tds_proto::token::{Done, DoneStatus, InfoError};
use tds_proto::TdsVersion;
use tokio::io::AsyncRead;
use tokio::net::TcpStream;
use tokio_rustls::TlsAcceptor;
use tracing::debug;

use crate::config::EncryptMode;
use crate::connection::{BoxedIo, ConnCtx};
use crate::framing::{
    append, invalid_data, read_message, read_packet, start, write_message, Message,
    PRE_LOGIN_MAX_MESSAGE, PRE_LOGIN_MAX_PACKET,
};
use crate::prelogin_wrapper::PreloginWrapper;
use crate::sql_error::SqlError;

/// The transport after PRELOGIN/TLS, and the LOGIN7 payload read through it.
pub(crate) struct Negotiated {
    pub stream: BoxedIo,
    pub login7: BytesMut,
    /// The whole session is TLS-protected.
    pub encrypted: bool,
}

/// SQL Server's answer to the client's ENCRYPTION byte (TDS-CLIENTS.md §2.4).
pub(crate) fn decide(mode: EncryptMode, has_tls: bool, client: Option<Encryption>) -> Encryption {
    // A PRELOGIN without ENCRYPTION is read as OFF, as SQL Server does.
    let client = client.map_or(Encryption::Off, Encryption::without_client_cert);
    if !has_tls || mode == EncryptMode::Off {
        return Encryption::NotSup;
    }
    match (mode, client) {
        (EncryptMode::On, Encryption::Off) => Encryption::Off,
        (EncryptMode::On, Encryption::NotSup) => Encryption::NotSup,
        (EncryptMode::Required, Encryption::Off | Encryption::NotSup) => Encryption::Req,
        // ON, REQ and unknown values (go-mssqldb's strict 4 outside strict mode): full TLS.
        _ => Encryption::On,
    }
}

fn expect_login7(msg: Option<Message>) -> io::Result<BytesMut> {
    match msg {
        Some(m) if m.ty == PacketType::Login7 => Ok(m.payload),
        Some(m) => Err(invalid_data(format!(
            "expected LOGIN7, got packet type {:#04x}",
            m.ty.as_u8()
        ))),
        None => Err(io::ErrorKind::UnexpectedEof.into()),
    }
}

async fn read_pre_login<R: AsyncRead + Unpin>(r: &mut R) -> io::Result<Option<Message>> {
    read_message(r, PRE_LOGIN_MAX_PACKET, PRE_LOGIN_MAX_MESSAGE).await
}

/// Runs the pre-login phase. `Ok(None)`: the connection is to be closed quietly.
pub(crate) async fn negotiate(mut tcp: TcpStream, ctx: &ConnCtx) -> io::Result<Option<Negotiated>> {
    let mut first = [0u8; 1];
    if tcp.peek(&mut first).await? == 0 {
        return Ok(None);
    }
    match PacketType::from(first[0]) {
        PacketType::PreLogin => prelogin(tcp, ctx).await,
        // jTDS with ssl=off sends LOGIN7 without PRELOGIN.
        PacketType::Login7 => {
            let login7 = expect_login7(read_pre_login(&mut tcp).await?)?;
            if ctx.config.encrypt == EncryptMode::Required {
                refuse_plaintext(&mut tcp, &login7, ctx).await?;
                return Ok(None);
            }
            Ok(Some(Negotiated {
                stream: Box::new(tcp),
                login7,
                encrypted: false,
            }))
        }
        // 0x16 is a TLS handshake record: a TDS 8.0 (strict) client starting with ClientHello.
        PacketType::Unknown(0x16) => strict(tcp, ctx).await,
        _ => {
            debug!(first_byte = first[0], "not a TDS 7 client; closing");
            Ok(None)
        }
    }
}

async fn prelogin(mut tcp: TcpStream, ctx: &ConnCtx) -> io::Result<Option<Negotiated>> {
    let Some(msg) = read_pre_login(&mut tcp).await? else {
        return Ok(None);
    };
    let req = PreloginRequest::decode(&msg.payload).map_err(|e| invalid_data(e.to_string()))?;
    let tls = ctx.config.tls.as_ref();
    let reply = decide(ctx.config.encrypt, tls.is_some(), req.encryption);
    debug!(client = ?req.encryption, reply = ?reply, "PRELOGIN");
    let mut payload = BytesMut::new();
    PreloginResponse::for_request(&req, reply).encode(&mut payload);
    write_message(&mut tcp, ctx.spid, DEFAULT_PACKET_SIZE as usize, &payload).await?;

    let wrapped = match (reply, tls) {
        (Encryption::NotSup, _) | (_, None) => {
            let login7 = expect_login7(read_pre_login(&mut tcp).await?)?;
            return Ok(Some(Negotiated {
                stream: Box::new(tcp),
                login7,
                encrypted: false,
            }));
        }
        (_, Some(tls)) => tls.wrapped.clone(),
    };
    if reply == Encryption::Req {
        // We answered REQ to a client that asked for no or optional encryption: it may start TLS
        // (tiberius, go-mssqldb do) or, wrongly, send its LOGIN7 in clear, which is refused.
        let mut next = [0u8; 1];
        if tcp.peek(&mut next).await? == 0 {
            return Ok(None);
        }
        if next[0] == PacketType::Login7.as_u8() {
            let login7 = expect_login7(read_pre_login(&mut tcp).await?)?;
            refuse_plaintext(&mut tcp, &login7, ctx).await?;
            return Ok(None);
        }
    }
    let acceptor = TlsAcceptor::from(wrapped);
    let mut tls = acceptor.accept(PreloginWrapper::new(tcp)).await?;
    tls.get_mut().0.handshake_complete();
    if reply != Encryption::Off {
        let login7 = expect_login7(read_pre_login(&mut tls).await?)?;
        return Ok(Some(Negotiated {
            stream: Box::new(tls),
            login7,
            encrypted: true,
        }));
    }
    // Login-only encryption: exactly the first LOGIN7 packet comes through TLS; everything after
    // it (the rest of a multi-packet LOGIN7 and the whole session) is plaintext.
    tls.get_mut().0.limit_reads_to_records();
    let first = read_packet(&mut tls, PRE_LOGIN_MAX_PACKET)
        .await?
        .ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof))?;
    let (wrapper, _) = tls.into_inner();
    if wrapper.is_mid_record() {
        return Err(invalid_data("LOGIN7 did not end on a TLS record boundary"));
    }
    let mut tcp = wrapper.into_inner();
    let mut msg = start(first);
    while msg.last_status & PacketStatus::EOM == 0 {
        let next = read_packet(&mut tcp, PRE_LOGIN_MAX_PACKET)
            .await?
            .ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof))?;
        append(&mut msg, next, PRE_LOGIN_MAX_MESSAGE)?;
    }
    Ok(Some(Negotiated {
        stream: Box::new(tcp),
        login7: expect_login7(Some(msg))?,
        encrypted: false,
    }))
}

/// TDS 8.0: TLS first (ALPN `tds/8.0`), then PRELOGIN and LOGIN7 inside TLS. The PRELOGIN
/// ENCRYPTION answer is NOT_SUP there: the channel is already encrypted and clients ignore it.
async fn strict(tcp: TcpStream, ctx: &ConnCtx) -> io::Result<Option<Negotiated>> {
    let Some(tls) = ctx
        .config
        .tls
        .as_ref()
        .filter(|_| ctx.config.encrypt != EncryptMode::Off)
    else {
        debug!("TLS-first (TDS 8.0) client but TLS is not configured; closing");
        return Ok(None);
    };
    let mut s = TlsAcceptor::from(Arc::clone(&tls.strict))
        .accept(tcp)
        .await?;
    let Some(mut msg) = read_pre_login(&mut s).await? else {
        return Ok(None);
    };
    if msg.ty == PacketType::PreLogin {
        let req = PreloginRequest::decode(&msg.payload).map_err(|e| invalid_data(e.to_string()))?;
        let mut payload = BytesMut::new();
        PreloginResponse::for_request(&req, Encryption::NotSup).encode(&mut payload);
        write_message(&mut s, ctx.spid, DEFAULT_PACKET_SIZE as usize, &payload).await?;
        let Some(next) = read_pre_login(&mut s).await? else {
            return Ok(None);
        };
        msg = next;
    }
    Ok(Some(Negotiated {
        stream: Box::new(s),
        login7: expect_login7(Some(msg))?,
        encrypted: true,
    }))
}

/// Answers a plaintext LOGIN7 when encryption is required: ERROR + DONE(ERROR); the caller closes.
/// 18456 keeps clients like pytds from retrying in a loop.
async fn refuse_plaintext(tcp: &mut TcpStream, login7: &[u8], ctx: &ConnCtx) -> io::Result<()> {
    let version = Login7::decode(login7)
        .map(|l| TdsVersion::negotiate(l.tds_version))
        .unwrap_or(TdsVersion::V7_1);
    debug!("plaintext LOGIN7 refused: encryption is required");
    let e = SqlError::new(
        crate::sql_error::ErrorKind::LoginFailed,
        "Login failed: this server requires encryption. Enable encryption in the client \
         (for example Encrypt=yes with TrustServerCertificate=yes for a self-signed certificate).",
    );
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
    write_message(tcp, ctx.spid, DEFAULT_PACKET_SIZE as usize, &payload).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encryption_matrix_matches_sql_server() {
        use EncryptMode as M;
        use Encryption as E;
        let cases = [
            (M::On, Some(E::Off), E::Off),
            (M::On, Some(E::On), E::On),
            (M::On, Some(E::Req), E::On),
            (M::On, Some(E::NotSup), E::NotSup),
            (M::On, Some(E::Other(4)), E::On),
            (M::On, Some(E::Other(0x82)), E::NotSup),
            (M::On, None, E::Off),
            (M::Required, Some(E::Off), E::Req),
            (M::Required, Some(E::On), E::On),
            (M::Required, Some(E::Req), E::On),
            (M::Required, Some(E::NotSup), E::Req),
            (M::Off, Some(E::Req), E::NotSup),
            (M::Off, Some(E::Off), E::NotSup),
        ];
        for (mode, client, want) in cases {
            assert_eq!(decide(mode, true, client), want, "{mode:?} {client:?}");
        }
        assert_eq!(decide(M::On, false, Some(E::Req)), E::NotSup);
    }
}
