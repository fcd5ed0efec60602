//! The request loop of a logged-in session.
//!
//! Three tasks cooperate: a reader that assembles request messages and notices ATTENTION at any
//! time [2.2.1.7], a writer that puts finished packets on the socket, and this loop, which runs
//! one request at a time and drops the handler's future when ATTENTION (or EOF) arrives.

use std::collections::VecDeque;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use tds_proto::batch::SqlBatch;
use tds_proto::packet::{PacketStatus, PacketType, DEFAULT_PACKET_SIZE};
use tds_proto::rpc::RpcRequest;
use tds_proto::tm::TmRequest;
use tds_proto::token::EnvChange;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadHalf, WriteHalf};
use tokio::sync::{mpsc, watch};
use tracing::{debug, debug_span, Instrument};

use crate::connection::ConnCtx;
use crate::framing::{append, read_packet, start, Message};
use crate::handler::SessionHandler;
use crate::login::Established;
use crate::response::ResponseWriter;
use crate::sql_error::{ErrorKind, SqlError};

/// Packets queued towards the socket; small, so a slow client quickly pushes back on handlers.
const OUTBOUND_QUEUE: usize = 8;
/// Events queued from the reader.
const INBOUND_QUEUE: usize = 8;
/// How long a closing connection may take to deliver its last packets.
const WRITER_DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// What the reader task reports.
#[derive(Debug)]
enum Inbound {
    Request(Message),
    Attention,
    /// The client broke the protocol (oversized message, bad header, …): answer and close.
    Fatal(String),
}

/// Runs requests until the client disconnects, breaks the protocol or the server shuts down.
pub(crate) async fn run(
    est: Established,
    ctx: &ConnCtx,
    mut shutdown: watch::Receiver<bool>,
) -> io::Result<()> {
    let Established {
        stream,
        mut handler,
        tds_version,
        packet_size,
    } = est;
    let (read_half, write_half) = tokio::io::split(stream);
    let max_packet = packet_size.max(DEFAULT_PACKET_SIZE) as usize;
    let (in_tx, mut in_rx) = mpsc::channel(INBOUND_QUEUE);
    let reader = tokio::spawn(
        read_loop(read_half, in_tx, max_packet, ctx.config.max_message_size).in_current_span(),
    );
    let (out_tx, out_rx) = mpsc::channel(OUTBOUND_QUEUE);
    let writer_task = tokio::spawn(write_loop(write_half, out_rx).in_current_span());
    let server_name: Arc<str> = Arc::from(ctx.config.server_name.as_str());
    let mut out = ResponseWriter::new(tds_version, packet_size, ctx.spid, server_name, out_tx);
    let mut pending: VecDeque<Message> = VecDeque::new();

    let result = loop {
        let event = match pending.pop_front() {
            Some(m) => Some(Inbound::Request(m)),
            None => tokio::select! {
                e = in_rx.recv() => e,
                _ = shutdown.wait_for(|stop| *stop) => break Ok(()),
            },
        };
        match event {
            None => break Ok(()),
            Some(Inbound::Attention) => {
                if let Err(e) = out.acknowledge_attention().await {
                    break Err(e);
                }
            }
            Some(Inbound::Fatal(reason)) => {
                debug!(%reason, "protocol error");
                out.error(&SqlError::new(
                    ErrorKind::Protocol,
                    format!("Protocol error: {reason}."),
                ));
                out.done_error(false);
                let _ = out.end_message().await;
                break Ok(());
            }
            Some(Inbound::Request(msg)) => {
                match run_request(&mut *handler, msg, &mut out, &mut in_rx, &mut pending).await {
                    Ok(true) => {}
                    Ok(false) => break Ok(()),
                    Err(e) => break Err(e),
                }
            }
        }
    };
    drop(out);
    reader.abort();
    // The writer drains what is queued (e.g. a final ERROR) and shuts the stream down; a client
    // that stopped reading must not keep this task (and graceful shutdown) alive forever.
    let mut writer_task = writer_task;
    if tokio::time::timeout(WRITER_DRAIN_TIMEOUT, &mut writer_task)
        .await
        .is_err()
    {
        writer_task.abort();
    }
    result
}

/// How a request ended.
enum Outcome {
    /// `Ok(None)`: the request was malformed.
    Finished(io::Result<Option<()>>),
    Cancelled,
    Disconnected,
}

/// Runs one request; `Ok(false)` means the connection must close.
async fn run_request(
    handler: &mut dyn SessionHandler,
    msg: Message,
    out: &mut ResponseWriter,
    in_rx: &mut mpsc::Receiver<Inbound>,
    pending: &mut VecDeque<Message>,
) -> io::Result<bool> {
    out.begin_message();
    if msg.first_status
        & (PacketStatus::RESET_CONNECTION | PacketStatus::RESET_CONNECTION_SKIP_TRAN)
        != 0
    {
        handler.on_reset();
        // A plain RESETCONNECTION ends the open transaction; SKIPTRAN keeps it [2.2.3.1.2].
        if msg.first_status & PacketStatus::RESET_CONNECTION != 0 {
            out.transactions().end(true);
        }
        EnvChange::ResetConnectionAck.encode(out.buffer());
    }
    let ty = msg.ty;
    let span = debug_span!("request", kind = ?ty, bytes = msg.payload.len());
    let outcome = {
        let work = dispatch(handler, msg, out).instrument(span);
        tokio::pin!(work);
        loop {
            tokio::select! {
                r = &mut work => break Outcome::Finished(r),
                e = in_rx.recv() => match e {
                    Some(Inbound::Attention) => break Outcome::Cancelled,
                    // Without MARS a client should not pipeline, but keep the request for later.
                    Some(Inbound::Request(m)) => pending.push_back(m),
                    Some(Inbound::Fatal(_)) | None => break Outcome::Disconnected,
                },
            }
        }
        // `work` (and with it the handler's future) is dropped here.
    };
    match outcome {
        Outcome::Finished(Ok(Some(()))) => {
            if out.is_message_empty() {
                out.done(false, None);
            }
            out.end_message().await?;
            Ok(true)
        }
        Outcome::Finished(Ok(None)) => Ok(false),
        Outcome::Finished(Err(e)) => Err(e),
        Outcome::Cancelled => {
            debug!(kind = ?ty, "request cancelled by ATTENTION");
            out.acknowledge_attention().await?;
            Ok(true)
        }
        Outcome::Disconnected => Ok(false),
    }
}

/// Routes a request to the handler. `Ok(None)`: the request was malformed and the connection
/// must close.
async fn dispatch(
    handler: &mut dyn SessionHandler,
    msg: Message,
    out: &mut ResponseWriter,
) -> io::Result<Option<()>> {
    match msg.ty {
        PacketType::SqlBatch => match SqlBatch::decode(&msg.payload) {
            Ok(batch) => handler.on_sql_batch(batch.text, out).await.map(Some),
            Err(e) => {
                debug!(error = %e, "malformed SQL batch");
                Ok(None)
            }
        },
        PacketType::Rpc => match RpcRequest::decode(&msg.payload) {
            Ok(request) => handler.on_rpc(request, out).await.map(Some),
            Err(e) => {
                malformed_request(out, "RPC", &e);
                Ok(Some(()))
            }
        },
        PacketType::TransactionManager => match TmRequest::decode(&msg.payload) {
            Ok((_, request)) => handler.on_transaction_manager(request, out).await.map(Some),
            Err(e) => {
                malformed_request(out, "transaction manager", &e);
                Ok(Some(()))
            }
        },
        PacketType::BulkLoad => {
            out.error(&SqlError::new(
                ErrorKind::NotSupported,
                "Bulk load is not supported by this server.",
            ));
            out.done_error(false);
            Ok(Some(()))
        }
        other => {
            debug!(
                packet_type = other.as_u8(),
                "unexpected message type after login"
            );
            Ok(None)
        }
    }
}

/// Answers an RPC or TM request that could not be decoded; unlike a broken packet stream, the
/// message boundaries are intact, so the connection stays usable.
fn malformed_request(out: &mut ResponseWriter, what: &str, e: &tds_proto::Error) {
    debug!(error = %e, "malformed {what} request");
    out.error(&SqlError::new(
        ErrorKind::Protocol,
        format!("The incoming tabular data stream (TDS) {what} request is incorrect: {e}."),
    ));
    out.done_error(false);
}

/// Reads packets, assembling messages; ATTENTION is reported as soon as it arrives.
async fn read_loop<R: AsyncRead + Unpin>(
    mut r: ReadHalf<R>,
    tx: mpsc::Sender<Inbound>,
    max_packet: usize,
    max_message: usize,
) {
    let mut partial: Option<Message> = None;
    loop {
        let packet = match read_packet(&mut r, max_packet).await {
            Ok(Some(p)) => p,
            Ok(None) => return,
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                let _ = tx.send(Inbound::Fatal(e.to_string())).await;
                return;
            }
            Err(e) => {
                debug!(error = %e, "read failed");
                return;
            }
        };
        if packet.header.ty == PacketType::Attention {
            partial = None;
            if tx.send(Inbound::Attention).await.is_err() {
                return;
            }
            continue;
        }
        let msg = match partial.take() {
            None => {
                let m = start(packet);
                if m.payload.len() > max_message {
                    let _ = tx.send(Inbound::Fatal("message too large".into())).await;
                    return;
                }
                m
            }
            Some(mut m) => {
                if let Err(e) = append(&mut m, packet, max_message) {
                    let _ = tx.send(Inbound::Fatal(e.to_string())).await;
                    return;
                }
                m
            }
        };
        if msg.last_status & PacketStatus::EOM == 0 {
            partial = Some(msg);
            continue;
        }
        // IGNORE: the client abandoned this message [2.2.3.1.2]; no response is expected.
        if msg.last_status & PacketStatus::IGNORE != 0 {
            continue;
        }
        if tx.send(Inbound::Request(msg)).await.is_err() {
            return;
        }
    }
}

/// Writes queued packets in order, flushing whenever the queue runs dry.
async fn write_loop<W: AsyncWrite + Unpin>(mut w: WriteHalf<W>, mut rx: mpsc::Receiver<Bytes>) {
    let result: io::Result<()> = async {
        while let Some(packet) = rx.recv().await {
            w.write_all(&packet).await?;
            while let Ok(more) = rx.try_recv() {
                w.write_all(&more).await?;
            }
            w.flush().await?;
        }
        w.shutdown().await
    }
    .await;
    if let Err(e) = result {
        debug!(error = %e, "write failed");
    }
}
