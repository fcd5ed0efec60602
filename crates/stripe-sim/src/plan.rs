//! Builds the registry from the hand-written resources and the catalogue: one table per
//! top-level list endpoint, one per nested list whose children exist nowhere else, a
//! generation order (rank) and, per generic table, how each stored slot is filled.
//!
//! Consistency comes from the order: a table only references tables generated before it, and
//! a child inherits its parent's customer, so `invoice.customer`, `line.invoice`,
//! `refund.charge`… all name objects that exist (and agree with each other).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::catalog::{Endpoint, ObjectDef, CATALOG};
use crate::registry::{Kind, NestedRoute, Param, ParamKind, Registry, ResourceSpec};
use crate::resources::{charges, customers, test_clocks};

/// How a generic table is generated and rendered.
pub(crate) struct Plan {
    pub(crate) def: &'static ObjectDef,
    pub(crate) size: Size,
    /// One per slot, in slot order.
    pub(crate) fills: Vec<Fill>,
    /// Embedded lists (`invoice.lines`): field → (child table, child slot naming this row).
    pub(crate) embedded: BTreeMap<&'static str, (usize, usize)>,
    /// Non-nullable references to tables generated later, picked at render time.
    pub(crate) late: BTreeMap<&'static str, usize>,
}

/// How many rows a generic table has.
pub(crate) enum Size {
    /// `lo..=hi` children per parent row.
    PerParent(u64, u64),
    /// One row per parent row whose slot holds this row's id (payment intents of charges).
    FromParentSlot(usize),
    /// A fixed number (account-level configuration).
    Fixed(usize),
}

/// Where a slot's value comes from.
pub(crate) enum Fill {
    /// The parent row's id.
    Parent,
    /// The parent row's value of its slot with this index (a refund's `payment_intent` is
    /// its charge's).
    Inherit(usize),
    /// A row of another (earlier) table; same customer when both have one.
    Pick { table: usize, nullable: bool },
    /// One of the enum values.
    Enum(&'static [String]),
    /// `true` or `false`.
    Bool,
    /// The fixture's value.
    Const(Option<Arc<str>>),
    /// Always null (a reference to a table generated later).
    Null,
}

/// Generation order of the core resources; the others follow in catalogue order.
const ORDER: &[&str] = &[
    "payment_intents",
    "accounts",
    "products",
    "prices",
    "plans",
    "coupons",
    "promotion_codes",
    "tax_rates",
    "tax_codes",
    "shipping_rates",
    "payment_methods",
    "setup_intents",
    "setup_attempts",
    "subscriptions",
    "subscription_items",
    "subscription_schedules",
    "invoices",
    "invoices/{id}/lines",
    "invoiceitems",
    "refunds",
    "disputes",
    "application_fees",
    "application_fees/{id}/refunds",
    "transfers",
    "transfers/{id}/reversals",
    "credit_notes",
    "credit_notes/{id}/lines",
    "customers/{id}/balance_transactions",
    "customers/{id}/tax_ids",
    "checkout/sessions",
    "checkout/sessions/{id}/line_items",
    "quotes",
    "payouts",
    "balance_transactions",
    "files",
    "file_links",
    "radar/value_lists",
    "radar/value_list_items",
    "identity/verification_sessions",
    "identity/verification_reports",
    "issuing/cardholders",
    "issuing/cards",
    "issuing/authorizations",
    "issuing/transactions",
    "issuing/disputes",
    "treasury/financial_accounts",
    "treasury/transactions",
];

/// Explicit owners (table → parent table); otherwise nested tables belong to their parent
/// endpoint and anything with a `customer` to customers.
const PARENTS: &[(&str, &str)] = &[
    ("payment_intents", "charges"),
    ("prices", "products"),
    ("plans", "products"),
    ("promotion_codes", "coupons"),
    ("subscription_items", "subscriptions"),
    ("invoices", "customers"),
    ("invoiceitems", "invoices"),
    ("credit_notes", "invoices"),
    ("refunds", "charges"),
    ("disputes", "charges"),
    ("application_fees", "charges"),
    ("reviews", "charges"),
    ("radar/early_fraud_warnings", "charges"),
    ("setup_attempts", "setup_intents"),
    ("file_links", "files"),
    ("radar/value_list_items", "radar/value_lists"),
    (
        "identity/verification_reports",
        "identity/verification_sessions",
    ),
    ("issuing/cards", "issuing/cardholders"),
    ("issuing/authorizations", "issuing/cards"),
    ("issuing/transactions", "issuing/authorizations"),
    ("issuing/disputes", "issuing/transactions"),
    ("terminal/readers", "terminal/locations"),
];

/// Builds the registry. Never fails: endpoints the simulator cannot model are left out.
pub(crate) fn build() -> Registry {
    let mut specs: Vec<ResourceSpec> = Vec::new();
    // Test clocks come after charges (master stream 2) so customers and charges keep the
    // streams they always had; customers read the clocks, which read nothing.
    let fixed_specs = [&customers::SPEC, &charges::SPEC, &test_clocks::SPEC];
    for (stream, fixed) in fixed_specs.into_iter().enumerate() {
        specs.push(ResourceSpec {
            path: fixed.path.to_string(),
            object: fixed.object,
            slots: fixed.filters.to_vec(),
            params: (0..fixed.filters.len())
                .filter_map(|i| {
                    let name = fixed.filters.get(i)?;
                    Some(Param {
                        name,
                        kind: ParamKind::Eq(i),
                        required: false,
                    })
                })
                .collect(),
            created_filter: fixed.created_filter,
            top_level: true,
            parent: None,
            test_clock_slot: fixed.filters.iter().position(|f| *f == "test_clock"),
            kind: Kind::Fixed(fixed, stream as u64),
        });
    }
    let catalog = &*CATALOG;
    let mut pending: Vec<(String, &'static ObjectDef, Option<&'static Endpoint>)> = Vec::new();
    let mut nested: Vec<(&'static Endpoint, String, &'static str)> = Vec::new();
    for ep in &catalog.endpoints {
        let Some(rest) = ep.path.strip_prefix("/v1/") else {
            continue;
        };
        let Some(def) = catalog.objects.get(&ep.object) else {
            continue;
        };
        match rest.split_once("/{") {
            None if specs.iter().any(|s| s.path == rest) => {}
            None => pending.push((rest.to_string(), def, Some(ep))),
            Some((parent, tail)) => {
                let segment = tail.split_once("}/").map(|(_, s)| s).unwrap_or_default();
                if !segment.is_empty() && !segment.contains('/') && !segment.contains('{') {
                    nested.push((ep, parent.to_string(), segment));
                }
            }
        }
    }
    let top_order: Vec<(String, &'static str)> = specs
        .iter()
        .map(|s| (s.path.clone(), s.object))
        .chain(
            pending
                .iter()
                .map(|(n, _, ep)| (n.clone(), ep.map_or("", |e| e.object.as_str()))),
        )
        .collect();
    let top: HashMap<String, &'static str> = top_order.iter().cloned().collect();
    // Nested lists: reuse a top-level table that references the parent, else a child table.
    let mut routes: Vec<(String, &'static Endpoint, String, &'static str)> = Vec::new();
    for (ep, parent, segment) in nested {
        let Some(parent_object) = top.get(&parent).copied() else {
            continue;
        };
        if ep.params.iter().any(|p| p.required) {
            continue;
        }
        let reuse = top_order
            .iter()
            .find(|(_, o)| *o == ep.object)
            .and_then(|(n, _)| {
                let def = catalog.objects.get(&ep.object)?;
                link_field(def, parent_object).map(|_| n.clone())
            });
        let table = match reuse {
            Some(n) => n,
            None => {
                let name = format!("{parent}/{{id}}/{segment}");
                if let Some(def) = catalog.objects.get(&ep.object) {
                    pending.push((name.clone(), def, None));
                }
                name
            }
        };
        routes.push((table, ep, parent, segment));
    }
    // Rank: hand-written first, then ORDER, then the rest in catalogue order.
    pending.sort_by_key(|(name, _, _)| ORDER.iter().position(|o| o == name).unwrap_or(ORDER.len()));
    let names: Vec<String> = specs
        .iter()
        .map(|s| s.path.clone())
        .chain(pending.iter().map(|(n, _, _)| n.clone()))
        .collect();
    let index: HashMap<String, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), i))
        .collect();
    let objects: Vec<&'static str> = specs
        .iter()
        .map(|s| s.object)
        .chain(pending.iter().map(|(_, def, ep)| object_name(def, *ep)))
        .collect();
    let top: Vec<bool> = specs
        .iter()
        .map(|_| true)
        .chain(pending.iter().map(|(_, _, ep)| ep.is_some()))
        .collect();
    let layout = crate::plan_generic::Layout {
        names: &names,
        objects: &objects,
        top: &top,
    };
    let route_parent: HashMap<&str, &str> = routes
        .iter()
        .map(|(t, _, p, _)| (t.as_str(), p.as_str()))
        .collect();
    for (name, def, ep) in &pending {
        let rank = specs.len();
        let explicit = PARENTS.iter().find(|(t, _)| t == name).map(|(_, p)| *p);
        let parent_name = explicit.or_else(|| route_parent.get(name.as_str()).copied());
        let customer_parent = def.fields.contains_key("customer").then_some("customers");
        // A list that demands a filter (`treasury/*?financial_account=`) belongs to it, so
        // every row is reachable through the filter.
        let required_parent = ep
            .iter()
            .flat_map(|e| e.params.iter())
            .filter(|p| p.required && p.eq)
            .filter_map(|p| def.fields.get(&p.name)?.to.first())
            .find_map(|t| objects.iter().position(|o| o == t));
        let parent = parent_name
            .and_then(|p| index.get(p).copied())
            .or(required_parent)
            .or_else(|| customer_parent.and_then(|p| index.get(p).copied()))
            .filter(|&p| p < rank);
        let spec = crate::plan_generic::plan(
            name,
            object_name(def, *ep),
            def,
            *ep,
            rank,
            parent,
            &specs,
            &layout,
        );
        specs.push(spec);
    }
    let mut nested_routes = Vec::new();
    for (table, ep, parent, segment) in routes {
        let (Some(&t), Some(&p)) = (index.get(&table), index.get(&parent)) else {
            continue;
        };
        let (Some(spec), Some(parent_spec)) = (specs.get(t), specs.get(p)) else {
            continue;
        };
        let slot = match spec.parent {
            Some((pp, slot)) if pp == p => Some(slot),
            _ => catalog
                .objects
                .get(spec.object)
                .and_then(|d| link_field(d, parent_spec.object))
                .and_then(|f| spec.slot(f)),
        };
        let Some(slot) = slot else { continue };
        let params = ep
            .params
            .iter()
            .map(|p| Param {
                name: p.name.as_str(),
                kind: match spec.slot(&p.name) {
                    Some(s) if p.eq => ParamKind::Eq(s),
                    _ => ParamKind::Unsupported,
                },
                required: p.required,
            })
            .collect();
        nested_routes.push(NestedRoute {
            parent: p,
            segment,
            table: t,
            slot,
            params,
        });
    }
    crate::plan_generic::embed(&mut specs);
    let by_name = specs
        .iter()
        .enumerate()
        .map(|(i, s)| (s.path.clone(), i))
        .collect();
    Registry {
        specs,
        by_name,
        nested: nested_routes,
    }
}

/// The object name a table lists (child tables have no endpoint of their own: use the
/// catalogue key whose definition this is).
fn object_name(def: &'static ObjectDef, ep: Option<&'static Endpoint>) -> &'static str {
    match ep {
        Some(e) => e.object.as_str(),
        None => CATALOG
            .objects
            .iter()
            .find(|(_, d)| std::ptr::eq(*d, def))
            .map_or("", |(k, _)| k.as_str()),
    }
}

/// The field of `def` that references `parent_object` (`fee` → `application_fee`).
pub(crate) fn link_field<'a>(def: &'a ObjectDef, parent_object: &str) -> Option<&'a str> {
    def.fields
        .iter()
        .find(|(_, f)| f.k == "ref" && f.to.first().is_some_and(|t| t == parent_object))
        .map(|(n, _)| n.as_str())
}
