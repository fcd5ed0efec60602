//! The plan of one generic table: its slots (parent link, customer, list filters, references
//! to earlier tables), how each is filled, its size and its query parameters.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use crate::catalog::{Endpoint, ObjectDef};
use crate::plan::{link_field, Fill, Plan, Size};
use crate::registry::{name_hash, Kind, Param, ParamKind, ResourceSpec};

/// Where tables stand: name and object per rank, and which are top-level.
pub(crate) struct Layout<'a> {
    pub(crate) names: &'a [String],
    pub(crate) objects: &'a [&'static str],
    pub(crate) top: &'a [bool],
}

impl Layout<'_> {
    /// The table an object reference points at: the first top-level table listing that
    /// object, else the first child table.
    fn target(&self, object: &str) -> Option<usize> {
        let mut child = None;
        for (i, o) in self.objects.iter().enumerate() {
            if *o == object {
                if self.top.get(i).copied().unwrap_or(false) {
                    return Some(i);
                }
                child = child.or(Some(i));
            }
        }
        child
    }
}

/// Children per parent row: small on average so any table stays within a few times the
/// number of customers.
fn per_parent(name: &str, parent: &str) -> (u64, u64) {
    match name {
        "invoices" => (0, 3),
        "invoices/{id}/lines" | "checkout/sessions/{id}/line_items" | "prices" => (1, 3),
        "subscription_items" | "credit_notes/{id}/lines" => (1, 2),
        _ if parent == "charges" => (0, 1),
        _ => (0, 2),
    }
}

/// Plans table `rank` (`name`, listing `object` as defined by `def`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn plan(
    name: &str,
    object: &'static str,
    def: &'static ObjectDef,
    ep: Option<&'static Endpoint>,
    rank: usize,
    parent: Option<usize>,
    specs: &[ResourceSpec],
    layout: &Layout<'_>,
) -> ResourceSpec {
    let mut slots: Vec<&'static str> = Vec::new();
    let mut fills: Vec<Fill> = Vec::new();
    let mut late = BTreeMap::new();
    let parent_spec = parent.and_then(|p| specs.get(p));
    let mut parent_link = None;
    if let (Some(p), Some(ps)) = (parent, parent_spec) {
        slots.push(link_field(def, ps.object).unwrap_or("_parent"));
        fills.push(Fill::Parent);
        parent_link = Some((p, 0));
    }
    let inherit = |field: &str| parent_spec.and_then(|ps| ps.slot(field));
    let mut add = |field: &'static str, slots: &mut Vec<&'static str>, fills: &mut Vec<Fill>| {
        if slots.contains(&field) {
            return;
        }
        let Some(f) = def.fields.get(field) else {
            return;
        };
        let fill = match f.k.as_str() {
            "ref" if field == "customer" && parent_spec.is_some_and(|p| p.path == "customers") => {
                Fill::Parent
            }
            // An object is on its customer's test clock (inherited through the parent chain),
            // never on one picked at random.
            "ref" if field == "test_clock" => inherit(field).map_or(Fill::Null, Fill::Inherit),
            "ref" => match (inherit(field), f.to.iter().find_map(|t| layout.target(t))) {
                (Some(s), _) => Fill::Inherit(s),
                (None, Some(t)) if t < rank => Fill::Pick {
                    table: t,
                    nullable: f.null,
                },
                (None, Some(t)) => {
                    if !f.null {
                        late.insert(field, t);
                    }
                    Fill::Null
                }
                (None, None) => Fill::Const(constant(def.template.get(field))),
            },
            "enum" => Fill::Enum(&f.r#enum),
            "bool" => Fill::Bool,
            _ => Fill::Const(constant(def.template.get(field))),
        };
        slots.push(field);
        fills.push(fill);
    };
    if def.fields.get("customer").is_some_and(|f| f.k == "ref") {
        add("customer", &mut slots, &mut fills);
    }
    for p in ep.iter().flat_map(|e| e.params.iter()) {
        if p.eq {
            add(p.name.as_str(), &mut slots, &mut fills);
        }
    }
    for (field, f) in &def.fields {
        if f.k == "ref" && f.to.iter().any(|t| layout.target(t).is_some()) {
            add(field.as_str(), &mut slots, &mut fills);
        }
    }
    // `late` was filled by `add`; references that stayed unresolved need no slot.
    let params = ep
        .iter()
        .flat_map(|e| e.params.iter())
        .filter(|p| p.name != "created")
        .map(|p| Param {
            name: p.name.as_str(),
            kind: match slots.iter().position(|s| *s == p.name) {
                Some(s) if p.eq && name == "subscriptions" && p.name == "status" => {
                    ParamKind::Status(s)
                }
                Some(s) if p.eq => ParamKind::Eq(s),
                _ => ParamKind::Unsupported,
            },
            required: p.required,
        })
        .collect();
    let size = match (parent, parent_spec) {
        (Some(_), Some(ps)) if name == "payment_intents" && ps.path == "charges" => ps
            .slot("payment_intent")
            .map_or(Size::Fixed(0), Size::FromParentSlot),
        (Some(_), Some(ps)) => {
            let (lo, hi) = per_parent(name, &ps.path);
            Size::PerParent(lo, hi)
        }
        _ => Size::Fixed(3 + (name_hash(name) % 6) as usize),
    };
    let _ = layout.names;
    // Lists with a `test_clock` filter hide objects on a test clock by default (Stripe's
    // customers, subscriptions and quotes).
    let test_clock_slot = ep
        .filter(|e| e.params.iter().any(|p| p.name == "test_clock" && p.eq))
        .and_then(|_| slots.iter().position(|s| *s == "test_clock"));
    ResourceSpec {
        path: name.to_string(),
        object,
        slots,
        params,
        created_filter: ep.is_some_and(|e| e.params.iter().any(|p| p.name == "created")),
        top_level: ep.is_some(),
        parent: parent_link,
        test_clock_slot,
        kind: Kind::Generic(Box::new(Plan {
            def,
            size,
            fills,
            embedded: BTreeMap::new(),
            late,
        })),
    }
}

/// A fixture scalar as a slot value.
fn constant(v: Option<&Value>) -> Option<Arc<str>> {
    match v? {
        Value::String(s) => Some(s.as_str().into()),
        Value::Bool(b) => Some(b.to_string().into()),
        Value::Number(n) => Some(n.to_string().into()),
        _ => None,
    }
}

/// Links embedded lists (`invoice.lines`, `subscription.items`) to the child tables that
/// hold their items, once every table is planned.
pub(crate) fn embed(specs: &mut [ResourceSpec]) {
    let links: Vec<(usize, &'static str, usize, usize)> = specs
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match &s.kind {
            Kind::Generic(plan) => Some((i, plan)),
            Kind::Fixed(..) => None,
        })
        .flat_map(|(i, plan)| {
            plan.def
                .fields
                .iter()
                .filter(|(_, f)| f.k == "list")
                .filter_map(move |(field, f)| Some((i, field.as_str(), f.item.as_deref()?)))
        })
        .filter_map(|(i, field, item)| {
            let (c, slot) = specs.iter().enumerate().find_map(|(c, s)| match s.parent {
                Some((p, slot)) if p == i && s.object == item => Some((c, slot)),
                _ => None,
            })?;
            Some((i, field, c, slot))
        })
        .collect();
    for (i, field, c, slot) in links {
        if let Some(Kind::Generic(plan)) = specs.get_mut(i).map(|s| &mut s.kind) {
            plan.embedded.insert(field, (c, slot));
        }
    }
}
