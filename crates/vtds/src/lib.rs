//! The vtds composition root: configuration, server start-up, the demo and admin commands.
//!
//! The binary in `main.rs` only parses flags and calls [`run`]; tests use [`app::start_server`]
//! and [`demo::Demo`] directly to run real servers in-process.

pub mod admin;
pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod store;
pub mod tls;

use std::io::Write;

use anyhow::{Context, Result};

use cli::{Cli, Command};

/// Runs one CLI command to completion.
pub async fn run(cli: Cli) -> Result<()> {
    let data_dir = cli.data_dir.clone();
    let mut out = std::io::stdout();
    match &cli.command {
        Command::Serve(args) => {
            let settings = config::Settings::resolve(&data_dir, args)?;
            let store = store::open_store(&data_dir, store::DB_FILE)?;
            let server = app::start_server(&settings, store).await?;
            writeln!(out, "vtds listening on {}", server.addr())?;
            tokio::signal::ctrl_c()
                .await
                .context("waiting for Ctrl-C")?;
            server.shutdown().await
        }
        Command::Demo(args) => demo::run(&data_dir, args).await,
        Command::Sim(args) => {
            let mut config = args.sim.config();
            if let Some(key) = &args.api_key {
                config.api_keys.push(key.clone());
            }
            let sim = stripe_sim::SimServer::start(config, args.listen).await?;
            writeln!(
                out,
                "Stripe simulator on {} (key {})",
                sim.base_url(),
                stripe_sim::DEFAULT_API_KEY
            )?;
            tokio::signal::ctrl_c().await?;
            sim.shutdown().await;
            Ok(())
        }
        Command::User(cmd) => {
            let store = store::open_store(&data_dir, store::DB_FILE)?;
            admin::user(store.as_ref(), cmd, &mut out)
        }
        Command::Token(cmd) => {
            let store = store::open_store(&data_dir, store::DB_FILE)?;
            admin::token(store.as_ref(), cmd, &mut out)
        }
        Command::Connection(cmd) => {
            let store = store::open_store(&data_dir, store::DB_FILE)?;
            admin::connection(store.as_ref(), cmd, &mut out)
        }
        Command::Grant(args) => {
            let store = store::open_store(&data_dir, store::DB_FILE)?;
            admin::grant(store.as_ref(), args, &mut out)
        }
    }
}
