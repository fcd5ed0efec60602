//! The resource registry: everything the HTTP layer and the generators need to know about each
//! table (a top-level list endpoint, or the children of a nested list endpoint), and the
//! lazily generated dataset.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock, OnceLock};

use serde_json::Value;

use crate::config::SimConfig;
use crate::params::ListQuery;
use crate::plan::Plan;
use crate::rng::{mix, Rng};
use crate::table::Table;

/// One stored object: the list sort key, its slot values and the seed its JSON is rendered
/// from. Objects are rendered on demand so a million rows cost ~100 bytes each instead of a
/// few kilobytes of `serde_json::Value`.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    pub(crate) id: Arc<str>,
    pub(crate) created: i64,
    pub(crate) seed: u64,
    /// Values of the table's slots (`ResourceSpec::slots`: list filters and references), in
    /// slot order; `None` when the object's field is null (a filter value never matches
    /// null, as on Stripe).
    pub(crate) refs: Box<[Option<Arc<str>>]>,
}

impl Row {
    /// The value of slot `index`, if the field is not null.
    pub(crate) fn filter_value(&self, index: usize) -> Option<&str> {
        self.refs.get(index).and_then(|v| v.as_deref())
    }
}

/// A hand-written resource (customers, charges): its own generator and renderer, whose output
/// for a seed is frozen because other crates' tests depend on it.
pub(crate) struct FixedSpec {
    /// URL segment after `/v1/`.
    pub(crate) path: &'static str,
    /// The JSON `object` value.
    pub(crate) object: &'static str,
    /// Equality list filters, which are also the row's slots.
    pub(crate) filters: &'static [&'static str],
    /// Whether the list accepts `created` filters.
    pub(crate) created_filter: bool,
    /// Creates the rows.
    pub(crate) generate: fn(&mut GenCtx<'_>) -> Vec<Row>,
    /// Renders one row as the exact JSON Stripe returns.
    pub(crate) render: fn(&Dataset, &Row) -> Value,
}

/// How a table's rows are made and rendered.
pub(crate) enum Kind {
    /// Hand-written; `stream` is its position in the seed's master stream.
    Fixed(&'static FixedSpec, u64),
    /// Generated from the catalogue's schema and fixture.
    Generic(Box<Plan>),
}

/// What a list query parameter does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ParamKind {
    /// Equality on a slot.
    Eq(usize),
    /// `subscriptions?status=`: equality, plus `all`/`ended` and "not canceled" by default.
    Status(usize),
    /// Accepted by Stripe but not simulated: answered with an explicit 400, so a test never
    /// mistakes an unfiltered list for a filtered one.
    Unsupported,
}

/// One accepted list query parameter (besides `limit`, cursors, `expand` and `created`).
#[derive(Clone, Debug)]
pub(crate) struct Param {
    pub(crate) name: &'static str,
    pub(crate) kind: ParamKind,
    pub(crate) required: bool,
}

/// Static description of one table.
pub(crate) struct ResourceSpec {
    /// Table name: the URL segment after `/v1/` (`invoices`, `checkout/sessions`), or the
    /// nested endpoint template for child-only tables (`invoices/{id}/lines`).
    pub(crate) path: String,
    /// The JSON `object` value, used in "No such <object>" errors.
    pub(crate) object: &'static str,
    /// Names of `Row::refs` entries (`_parent` links a child-only row to its parent).
    pub(crate) slots: Vec<&'static str>,
    /// List query parameters of the top-level endpoint.
    pub(crate) params: Vec<Param>,
    /// Whether the list accepts `created` filters.
    pub(crate) created_filter: bool,
    /// Served as `GET /v1/<path>` and `GET /v1/<path>/{id}`.
    pub(crate) top_level: bool,
    /// The table (index) whose rows own this table's rows, and the slot holding the owner id.
    pub(crate) parent: Option<(usize, usize)>,
    /// The `test_clock` slot of a list that hides objects on a test clock unless asked for
    /// them (customers, subscriptions, quotes: see [`ResourceSpec::hide_test_clock_objects`]).
    pub(crate) test_clock_slot: Option<usize>,
    pub(crate) kind: Kind,
}

impl ResourceSpec {
    /// The index of slot `name`.
    pub(crate) fn slot(&self, name: &str) -> Option<usize> {
        self.slots.iter().position(|s| *s == name)
    }

    /// Whether an unfiltered list leaves `row` out: it is on a test clock and this list hides
    /// such objects.
    pub(crate) fn hidden_by_default(&self, row: &Row) -> bool {
        self.test_clock_slot
            .is_some_and(|slot| row.filter_value(slot).is_some())
    }

    /// Stripe's customer, subscription and quote lists leave out objects on a test clock
    /// unless the request filters by `test_clock` or (subscriptions, quotes) by `customer`:
    /// adds that exclusion to `q` when neither filter is present.
    pub(crate) fn hide_test_clock_objects(&self, q: &mut ListQuery) {
        let Some(slot) = self.test_clock_slot else {
            return;
        };
        let customer = self.slot("customer");
        if q.filters
            .iter()
            .any(|(s, _)| *s == slot || Some(*s) == customer)
        {
            return;
        }
        // A null slot reads as "" in a set check: keep exactly the rows without a clock.
        q.sets.push((slot, true, &[""]));
    }
}

/// A nested list endpoint `GET /v1/<parent>/{id}/<segment>`.
pub(crate) struct NestedRoute {
    /// Parent table index.
    pub(crate) parent: usize,
    /// Last path segment (`lines`).
    pub(crate) segment: &'static str,
    /// The table holding the children, and the slot naming their parent.
    pub(crate) table: usize,
    pub(crate) slot: usize,
    /// The nested endpoint's own query parameters, mapped to the child table's slots.
    pub(crate) params: Vec<Param>,
}

/// All tables and nested routes.
pub(crate) struct Registry {
    pub(crate) specs: Vec<ResourceSpec>,
    pub(crate) by_name: HashMap<String, usize>,
    pub(crate) nested: Vec<NestedRoute>,
}

/// The registry, built once from the hand-written resources and the catalogue.
pub(crate) static REGISTRY: LazyLock<Registry> = LazyLock::new(crate::plan::build);

/// State handed to generators: the seeded stream, the config, the dataset (other tables are
/// generated on first use) and the ids already issued in this table.
pub(crate) struct GenCtx<'a> {
    pub(crate) rng: Rng,
    pub(crate) config: &'a SimConfig,
    pub(crate) dataset: &'a Dataset,
    issued: HashSet<Arc<str>>,
}

impl GenCtx<'_> {
    /// A never-before-issued id: `prefix` followed by `len` base62 characters.
    pub(crate) fn fresh_id(&mut self, prefix: &str, len: usize) -> Arc<str> {
        self.fresh_with(|r| format!("{prefix}{}", r.base62(len)))
    }

    /// A never-before-issued id made by `make`.
    pub(crate) fn fresh_with(&mut self, mut make: impl FnMut(&mut Rng) -> String) -> Arc<str> {
        loop {
            let id: Arc<str> = make(&mut self.rng).into();
            if self.issued.insert(Arc::clone(&id)) {
                return id;
            }
        }
    }
}

/// Every table, each generated on first use (a test touching customers never pays for the
/// other ~100 tables). Generation only reads tables of lower rank (and customers read the
/// test clocks, which read nothing), so lazy initialisation never recurses into itself.
pub(crate) struct Dataset {
    config: SimConfig,
    tables: Vec<OnceLock<Table>>,
    /// Per table, on first use: positions of the rows not tied to a test clock.
    unclocked: Vec<OnceLock<Vec<u32>>>,
}

impl Dataset {
    /// An empty, lazily filled dataset for `config`.
    pub(crate) fn new(config: &SimConfig) -> Dataset {
        Dataset {
            config: config.clone(),
            tables: REGISTRY.specs.iter().map(|_| OnceLock::new()).collect(),
            unclocked: REGISTRY.specs.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// Positions (list order) of the rows of table `index` not tied to a test clock.
    /// Generation walks and picks among these first, so adding test clocks to a dataset only
    /// adds objects: everything else a seed produced stays as it was.
    pub(crate) fn unclocked(&self, index: usize) -> &[u32] {
        let Some(cell) = self.unclocked.get(index) else {
            return &[];
        };
        cell.get_or_init(|| {
            let Some(t) = self.at(index) else {
                return Vec::new();
            };
            (0..t.len())
                .zip(t.rows())
                .filter(|(_, r)| !crate::resources::generic::on_test_clock(self, t, r, 0))
                .filter_map(|(i, _)| u32::try_from(i).ok())
                .collect()
        })
    }

    /// A random row of table `index` not tied to a test clock (one draw from `r`), or `None`
    /// without a draw when there is none, exactly as if the clocks' rows did not exist.
    pub(crate) fn pick_unclocked(&self, index: usize, r: &mut Rng) -> Option<&Row> {
        let t = self.at(index)?;
        let plain = self.unclocked(index);
        let i = plain.get(r.below(plain.len() as u64) as usize)?;
        t.rows().get(*i as usize)
    }

    /// The table for a name such as `customers` or `invoices/{id}/lines`.
    pub(crate) fn table(&self, name: &str) -> Option<&Table> {
        REGISTRY.by_name.get(name).and_then(|&i| self.at(i))
    }

    /// The table at registry index `index`, generated if needed.
    pub(crate) fn at(&self, index: usize) -> Option<&Table> {
        let spec = REGISTRY.specs.get(index)?;
        let cell = self.tables.get(index)?;
        Some(cell.get_or_init(|| Table::build(spec, self.generate(spec))))
    }

    /// Tables generated so far (for `Debug`).
    pub(crate) fn generated(&self) -> impl Iterator<Item = &Table> {
        self.tables.iter().filter_map(OnceLock::get)
    }

    fn generate(&self, spec: &'static ResourceSpec) -> Vec<Row> {
        let stream = match &spec.kind {
            Kind::Fixed(_, stream) => {
                // The hand-written resources keep the master-stream seeds they always had,
                // so their data for a seed never changes.
                let mut master = Rng::new(self.config.seed);
                let mut s = master.next_u64();
                for _ in 0..*stream {
                    s = master.next_u64();
                }
                s
            }
            Kind::Generic(_) => mix(self.config.seed ^ name_hash(&spec.path)),
        };
        let mut ctx = GenCtx {
            rng: Rng::derive(stream, 0),
            config: &self.config,
            dataset: self,
            issued: HashSet::new(),
        };
        match &spec.kind {
            Kind::Fixed(fixed, _) => (fixed.generate)(&mut ctx),
            Kind::Generic(plan) => crate::resources::generic::generate(&mut ctx, spec, plan),
        }
    }

    /// Renders one row of `table`.
    pub(crate) fn render(&self, table: &Table, row: &Row) -> Value {
        match &table.spec.kind {
            Kind::Fixed(fixed, _) => (fixed.render)(self, row),
            Kind::Generic(plan) => crate::resources::render::render(self, table.spec, plan, row),
        }
    }
}

/// FNV-1a: a stable hash of a table name (std's hasher is not stable across releases).
pub(crate) fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    })
}
