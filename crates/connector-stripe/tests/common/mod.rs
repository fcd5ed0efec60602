//! Shared setup: a simulator, a connector pointed at it, and a DataFusion session with its tables.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use connector::{ConnectionConfig, Connector, ConnectorFactory};
use connector_stripe::{RetryPolicy, StripeConnectorFactory, StripeOptions};
use datafusion::arrow::array::RecordBatch;
use datafusion::common::TableReference;
use datafusion::physical_plan::{displayable, ExecutionPlan};
use datafusion::prelude::{SessionConfig, SessionContext};
use stripe_sim::{SimConfig, SimServer};

pub struct Fixture {
    pub sim: SimServer,
    pub ctx: SessionContext,
    pub connector: Arc<dyn Connector>,
}

pub async fn sim(customers: usize, latency: Duration) -> SimServer {
    sim_with(SimConfig {
        customers,
        latency,
        ..SimConfig::default()
    })
    .await
}

/// A simulator from `config` with the tests' seed and key.
pub async fn sim_with(config: SimConfig) -> SimServer {
    let config = SimConfig {
        seed: 7,
        api_keys: vec![stripe_sim::DEFAULT_API_KEY.to_string()],
        ..config
    };
    SimServer::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

pub fn connect(sim: &SimServer, key: &str) -> Arc<dyn Connector> {
    let factory = StripeConnectorFactory::new(StripeOptions {
        default_api_base: "https://api.stripe.invalid".into(),
        user_agent: "vtds-tests".into(),
        retry: RetryPolicy {
            max_retries: 1,
            initial_backoff: Duration::from_millis(1),
            ..RetryPolicy::default()
        },
        // The simulator has no rate limit; don't let the test budget slow the suite.
        requests_per_second: Some(10_000.0),
        ..StripeOptions::default()
    });
    factory
        .connect(&ConnectionConfig {
            name: "Stripe1".into(),
            kind: "stripe".into(),
            api_key: key.into(),
            api_base: Some(sim.base_url()),
        })
        .unwrap()
}

/// A session as the engine configures it: identifiers verbatim (we write canonical names),
/// plain Utf8 strings.
pub fn session(connector: &Arc<dyn Connector>) -> SessionContext {
    // As the engine runs: one partition (no round-robin repartitioning above the scans).
    let mut config = SessionConfig::new().with_target_partitions(1);
    let opts = config.options_mut();
    opts.sql_parser.enable_ident_normalization = false;
    opts.sql_parser.map_string_types_to_utf8view = false;
    let ctx = SessionContext::new_with_config(config);
    for t in connector.tables("Stripe") {
        let provider = connector.table_provider("Stripe", &t.name).unwrap();
        ctx.register_table(TableReference::bare(t.name.as_str()), provider)
            .unwrap();
    }
    ctx
}

pub async fn fixture(customers: usize, latency: Duration) -> Fixture {
    fixture_on(sim(customers, latency).await)
}

/// A fixture on an account without test clocks, for tests about other things: its scans make
/// only the one extra request that finds no clocks.
pub async fn fixture_without_clocks(customers: usize, latency: Duration) -> Fixture {
    fixture_on(
        sim_with(SimConfig {
            customers,
            latency,
            test_clocks: 0,
            ..SimConfig::default()
        })
        .await,
    )
}

pub fn fixture_on(sim: SimServer) -> Fixture {
    let connector = connect(&sim, stripe_sim::DEFAULT_API_KEY);
    let ctx = session(&connector);
    Fixture {
        sim,
        ctx,
        connector,
    }
}

impl Fixture {
    pub async fn plan(&self, sql: &str) -> Arc<dyn ExecutionPlan> {
        self.ctx
            .sql(sql)
            .await
            .unwrap()
            .create_physical_plan()
            .await
            .unwrap()
    }

    pub async fn explain(&self, sql: &str) -> String {
        let plan = self.plan(sql).await;
        let text = displayable(plan.as_ref()).indent(false).to_string();
        text
    }

    pub async fn query(&self, sql: &str) -> Vec<RecordBatch> {
        self.ctx.sql(sql).await.unwrap().collect().await.unwrap()
    }

    pub fn count(&self, endpoint: &str) -> u64 {
        self.sim.simulator().stats().get(endpoint)
    }

    pub fn reset(&self) {
        self.sim.simulator().reset_stats();
    }
}

pub fn rows(batches: &[RecordBatch]) -> usize {
    batches.iter().map(RecordBatch::num_rows).sum()
}
