//! The resource registry: everything the HTTP layer and the generator need to know about one
//! Stripe resource, so adding a resource means adding one `ResourceSpec` and its module.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::Value;

use crate::config::SimConfig;
use crate::resources;
use crate::rng::Rng;
use crate::table::Table;

/// One stored object: the list sort key, its list-filter values and the seed its JSON is
/// rendered from. Objects are rendered on demand so a million rows cost ~100 bytes each
/// instead of a few kilobytes of `serde_json::Value`.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    pub(crate) id: Arc<str>,
    pub(crate) created: i64,
    pub(crate) seed: u64,
    /// Values of the resource's equality filters, in `ResourceSpec::filters` order; `None` when
    /// the object's field is null (a filter value never matches null, as on Stripe).
    pub(crate) refs: Box<[Option<Arc<str>>]>,
}

impl Row {
    /// The value of filter `index` (see `ResourceSpec::filters`), if the field is not null.
    pub(crate) fn filter_value(&self, index: usize) -> Option<&str> {
        self.refs.get(index).and_then(|v| v.as_deref())
    }
}

/// Static description of one resource (one `GET /v1/<path>` list endpoint).
pub(crate) struct ResourceSpec {
    /// URL segment after `/v1/`, also the name used by `Simulator::count`.
    pub(crate) path: &'static str,
    /// The JSON `object` value, used in "No such <object>" errors.
    pub(crate) object: &'static str,
    /// Equality list filters this endpoint accepts, besides the common list parameters.
    pub(crate) filters: &'static [&'static str],
    /// Creates the rows; runs after every resource listed before it in [`REGISTRY`].
    pub(crate) generate: fn(&mut GenCtx<'_>) -> Vec<Row>,
    /// Renders one row as the exact JSON Stripe returns.
    pub(crate) render: fn(&Dataset, &Row) -> Value,
}

/// All resources, in generation (dependency) order.
pub(crate) static REGISTRY: &[&ResourceSpec] =
    &[&resources::customers::SPEC, &resources::charges::SPEC];

/// State handed to generators: the seeded stream, the config, the tables built so far and the
/// set of ids already issued (so ids are unique across the whole dataset).
pub(crate) struct GenCtx<'a> {
    pub(crate) rng: Rng,
    pub(crate) config: &'a SimConfig,
    pub(crate) dataset: &'a Dataset,
    issued: &'a mut HashSet<Arc<str>>,
}

impl GenCtx<'_> {
    /// A never-before-issued id: `prefix` followed by `len` base62 characters.
    pub(crate) fn fresh_id(&mut self, prefix: &str, len: usize) -> Arc<str> {
        loop {
            let id: Arc<str> = format!("{prefix}{}", self.rng.base62(len)).into();
            if self.issued.insert(Arc::clone(&id)) {
                return id;
            }
        }
    }
}

/// Every generated table.
#[derive(Default)]
pub(crate) struct Dataset {
    pub(crate) tables: Vec<Table>,
}

impl Dataset {
    /// Generates every registered resource from `config`.
    pub(crate) fn generate(config: &SimConfig) -> Dataset {
        let mut dataset = Dataset::default();
        let mut issued = HashSet::new();
        let mut master = Rng::new(config.seed);
        for spec in REGISTRY {
            let rows = {
                let mut ctx = GenCtx {
                    // Each resource gets its own stream so adding a resource later leaves
                    // the data of the existing ones unchanged.
                    rng: Rng::derive(master.next_u64(), 0),
                    config,
                    dataset: &dataset,
                    issued: &mut issued,
                };
                (spec.generate)(&mut ctx)
            };
            dataset.tables.push(Table::build(spec, rows));
        }
        dataset
    }

    /// The table for a URL segment such as `customers`.
    pub(crate) fn table(&self, path: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.spec.path == path)
    }

    /// Renders one row of `table`.
    pub(crate) fn render(&self, table: &Table, row: &Row) -> Value {
        (table.spec.render)(self, row)
    }
}
