//! Tokio TDS listener: TLS inside PRELOGIN, login, request dispatch to a SessionHandler.
