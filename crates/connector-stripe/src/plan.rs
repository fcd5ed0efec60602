//! The Stripe requests one scan will make, built from the pushed filters at plan time (no I/O).

use std::fmt;

use datafusion::logical_expr::Expr;
use serde_json::Value;

use crate::catalogue::ResourceSpec;
use crate::decode::lookup;
use crate::pushdown::{classify, CreatedRange, Pushdown};
use crate::search::Searches;

/// Stripe's largest page.
pub const MAX_PAGE_SIZE: usize = 100;

/// Row estimate for a list scan without a limit (the engine's SHOWPLAN wants a figure).
pub const DEFAULT_ROW_ESTIMATE: f64 = 1000.0;

/// Row estimate for a search: only chosen for a selective clause.
pub const SEARCH_ROW_ESTIMATE: f64 = 100.0;

/// How the rows are fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetch {
    /// Walk `GET <path>` page by page with these filter parameters (without `limit` and cursor).
    List {
        /// Equality and `created` parameters.
        params: Vec<(String, String)>,
        /// A parameter with several wanted values (`customer IN (…)`): one walk per value.
        any_of: Option<(String, Vec<String>)>,
    },
    /// `GET <path>/search?query=…`, paged with `next_page`: a selective search clause makes
    /// it cheaper than walking the list.
    Search {
        /// The query: clauses joined by ` AND `.
        query: String,
        /// The list parameters walked instead if the account refuses search (a restricted key
        /// without the permission, a region without search): slower, never fewer rows.
        fallback: Vec<(String, String)>,
    },
    /// `GET <path>/<id>` for each id.
    Retrieve {
        /// Distinct ids, in query order.
        ids: Vec<String>,
    },
    /// The filters contradict each other: no request at all.
    Nothing,
}

/// Which parents a child table's scan lists the children of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parents {
    /// A top-level table: the list endpoint is called as is.
    NotAChild,
    /// Every parent, paged from the parent table's list endpoint as the scan goes.
    All,
    /// Only these parent ids (from `InvoiceId = 'in_1'` / `IN (…)`), in query order.
    Ids(Vec<String>),
}

/// Everything a scan needs to call Stripe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanRequest {
    /// The resource scanned.
    pub resource: &'static ResourceSpec,
    /// The calls.
    pub fetch: Fetch,
    /// For a child table's list: whose children.
    pub parents: Parents,
    /// `created` bounds re-checked on every object: they were declared `Exact`, so DataFusion
    /// does not re-check them, and a retrieve by id does not apply them.
    pub created: CreatedRange,
    /// Exact equality parameters, re-checked on retrieved objects for the same reason.
    /// (JSON path, expected value) pairs.
    pub exact_params: Vec<(&'static [&'static str], Value)>,
    /// Stop after this many rows (only set when every filter was `Exact`).
    pub limit: Option<usize>,
    /// Rows must come newest first, as the list returns them: a sort on `Created DESC` above
    /// the scan was removed relying on it (see `StripeScanExec::try_pushdown_sort`), so the
    /// scan is one walk and never splits.
    pub newest_first: bool,
}

impl ScanRequest {
    /// Builds the request plan from the filters DataFusion pushed (`Exact` and `Inexact` ones).
    pub fn new(resource: &'static ResourceSpec, filters: &[Expr], limit: Option<usize>) -> Self {
        let mut ids: Option<Vec<String>> = None;
        let mut parent_ids: Option<Vec<String>> = None;
        let mut created = CreatedRange::default();
        let mut params: Vec<(&'static str, String)> = Vec::new();
        let mut exact_params = Vec::new();
        let mut any_of: Option<(&'static str, Vec<String>)> = None;
        let mut contradiction = false;
        let mut searches = Searches::default();
        for f in filters {
            let pushdown = classify(f, resource);
            searches.add(&pushdown, f, resource);
            match pushdown {
                Pushdown::Ids(new) => {
                    ids = Some(match ids {
                        None => new,
                        Some(old) => old.into_iter().filter(|id| new.contains(id)).collect(),
                    });
                }
                Pushdown::Parents(new) => {
                    parent_ids = Some(match parent_ids {
                        None => new,
                        Some(old) => old.into_iter().filter(|id| new.contains(id)).collect(),
                    });
                }
                Pushdown::Created(r) => created = created.intersect(r),
                Pushdown::Param {
                    param,
                    value,
                    exact,
                } => {
                    match params.iter().find(|(p, _)| *p == param) {
                        Some((_, v)) if *v != value => contradiction = true,
                        Some(_) => {}
                        None => params.push((param, value.clone())),
                    }
                    // Exact values are booleans and integers, whose text is also their JSON.
                    let expected = exact.then(|| serde_json::from_str::<Value>(&value).ok());
                    if let Some(Some(expected)) = expected {
                        if let Some(path) = resource
                            .filters
                            .iter()
                            .find(|s| s.param == param)
                            .and_then(|s| resource.column(s.column))
                            .map(|c| c.json_path)
                        {
                            exact_params.push((path, expected));
                        }
                    }
                }
                // Child scans walk per parent with the parent's own parameters; DataFusion
                // applies the filter there.
                Pushdown::ParamAny { .. } if resource.parent.is_some() => {}
                Pushdown::ParamAny { param, values } => match &mut any_of {
                    None => any_of = Some((param, values)),
                    Some((p, old)) if *p == param => old.retain(|v| values.contains(v)),
                    // A second multi-valued filter stays with DataFusion.
                    Some(_) => {}
                },
                Pushdown::Search(_) | Pushdown::Unsupported => {}
            }
        }
        // A single value of the same parameter narrows the list to it (or to nothing).
        if let Some((param, values)) = &any_of {
            if let Some((_, v)) = params.iter().find(|(p, _)| p == param) {
                contradiction |= !values.contains(v);
                any_of = None;
            } else if values.is_empty() {
                contradiction = true;
            }
        }
        let parents = match (resource.parent, parent_ids) {
            (None, _) => Parents::NotAChild,
            (Some(_), None) => Parents::All,
            (Some(_), Some(ids)) => Parents::Ids(ids),
        };
        let no_parent = parents == Parents::Ids(Vec::new());
        let fetch = if contradiction || no_parent || created.is_empty() || limit == Some(0) {
            Fetch::Nothing
        } else if let Some(ids) = ids {
            if ids.is_empty() {
                Fetch::Nothing
            } else {
                Fetch::Retrieve { ids }
            }
        } else {
            let mut list: Vec<(String, String)> = params
                .into_iter()
                .map(|(p, v)| (p.to_string(), v))
                .collect();
            list.extend(created.params());
            for (p, v) in resource.default_params {
                if !list.iter().any(|(k, _)| k == p) {
                    list.push((p.to_string(), v.to_string()));
                }
            }
            match searches.query(resource, &parents, any_of.is_some(), created) {
                Some(query) => Fetch::Search {
                    query,
                    fallback: list,
                },
                None => Fetch::List {
                    params: list,
                    any_of: any_of.map(|(p, v)| (p.to_string(), v)),
                },
            }
        };
        ScanRequest {
            resource,
            fetch,
            parents,
            created,
            exact_params,
            limit,
            newest_first: false,
        }
    }

    /// Whether the scan can deliver its rows in list order, newest `created` first: one list
    /// walk of a top-level resource that is sorted by creation, with no per-value or per-clock
    /// walks whose rows would interleave.
    pub fn can_run_newest_first(&self) -> bool {
        matches!(&self.fetch, Fetch::List { any_of: None, .. })
            && self.parents == Parents::NotAChild
            && self.resource.created_filter
            && !self.sweeps_test_clocks()
    }

    /// A query parameter Stripe requires that neither a filter nor a parent supplies: the scan
    /// would fail at Stripe, so it fails at plan time naming what is missing.
    pub fn missing_param(&self) -> Option<&'static str> {
        let Fetch::List { params, any_of } = &self.fetch else {
            return None;
        };
        self.resource.required_params.iter().copied().find(|p| {
            !params.iter().any(|(k, _)| k == p) && any_of.as_ref().is_none_or(|(k, _)| k != p)
        })
    }

    /// Whether a list scan also walks each test clock (in test mode): the resource hides objects
    /// on test clocks and no filter asks for them.
    pub fn sweeps_test_clocks(&self) -> bool {
        let Fetch::List { params, any_of } = &self.fetch else {
            return false;
        };
        let unhide = self.resource.test_clock_unhide;
        !unhide.is_empty()
            && !params
                .iter()
                .map(|(k, _)| k)
                .chain(any_of.as_ref().map(|(k, _)| k))
                .any(|k| unhide.contains(&k.as_str()))
    }

    /// The `limit` query parameter of each list page.
    pub fn page_size(&self) -> usize {
        self.limit
            .map_or(MAX_PAGE_SIZE, |n| n.clamp(1, MAX_PAGE_SIZE))
    }

    /// Whether an object satisfies the filters Stripe may not have applied (see `created`).
    pub fn keeps(&self, object: &Value) -> bool {
        let created_ok = self.created.is_unbounded()
            || object
                .get("created")
                .and_then(Value::as_i64)
                .is_some_and(|c| self.created.contains(c));
        created_ok
            && self
                .exact_params
                .iter()
                .all(|(path, want)| lookup(object, path) == Some(want))
    }

    /// Expected row count, for SHOWPLAN's EstimateRows.
    pub fn estimated_rows(&self) -> f64 {
        let n = match &self.fetch {
            Fetch::Nothing => 0.0,
            Fetch::Retrieve { ids } => ids.len() as f64,
            Fetch::List { .. } => DEFAULT_ROW_ESTIMATE,
            Fetch::Search { .. } => SEARCH_ROW_ESTIMATE,
        };
        match self.limit {
            Some(l) => n.min(l as f64),
            None => n,
        }
    }
}

/// `GET /v1/customers params=[created[gte]=1700000000, limit=100] limit=5`, or
/// `retrieve GET /v1/customers/{id} ids=[cus_1, cus_2]`.
impl fmt::Display for ScanRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.resource.path;
        match &self.fetch {
            Fetch::Nothing => write!(f, "no request for {path} (the filters exclude every row)")?,
            Fetch::Search { query, .. } => {
                write!(
                    f,
                    "search GET {path}/search query=[{query}] params=[limit={}]",
                    self.page_size()
                )?;
            }
            Fetch::Retrieve { ids } => {
                write!(f, "retrieve GET {path}/{{id}} ids=[{}]", ids.join(", "))?;
                if !self.created.is_unbounded() {
                    let checks: Vec<_> = self
                        .created
                        .params()
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect();
                    write!(f, " check=[{}]", checks.join(", "))?;
                }
            }
            Fetch::List { params, any_of } => {
                let mut shown: Vec<String> =
                    params.iter().map(|(k, v)| format!("{k}={v}")).collect();
                shown.push(format!("limit={}", self.page_size()));
                write!(f, "GET {path} params=[{}]", shown.join(", "))?;
                if let Some((k, values)) = any_of {
                    write!(f, " for {k} in [{}]", values.join(", "))?;
                }
                match (&self.parents, self.resource.parent) {
                    (Parents::Ids(ids), Some(p)) => {
                        write!(f, " for {} in [{}]", p.key, ids.join(", "))?;
                    }
                    (Parents::All, Some(p)) => {
                        let mut shown: Vec<String> = p
                            .resource
                            .default_params
                            .iter()
                            .map(|(k, v)| format!("{k}={v}"))
                            .collect();
                        shown.push(format!("limit={MAX_PAGE_SIZE}"));
                        write!(
                            f,
                            " for each {} of GET {} params=[{}]",
                            p.key,
                            p.resource.path,
                            shown.join(", ")
                        )?;
                    }
                    (_, None) => {
                        if self.newest_first {
                            write!(f, " order=newest-first")?;
                        } else if self.limit.is_none() && self.resource.created_filter {
                            write!(f, " split=created-ranges")?;
                        }
                        if self.sweeps_test_clocks() {
                            write!(f, " +each test clock")?;
                        }
                    }
                    _ => {}
                }
            }
        }
        if let Some(l) = self.limit {
            write!(f, " limit={l}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{CHARGES, CUSTOMERS};
    use datafusion::common::ScalarValue;
    use datafusion::logical_expr::{ident, lit};
    use serde_json::json;

    fn ts(secs: i64) -> Expr {
        Expr::Literal(
            ScalarValue::TimestampMillisecond(Some(secs * 1000), None),
            None,
        )
    }

    #[test]
    fn display_of_list_retrieve_and_nothing() {
        let r = ScanRequest::new(
            &CUSTOMERS,
            &[ident("Created").gt_eq(ts(1_700_000_000))],
            Some(5),
        );
        assert_eq!(
            r.to_string(),
            "GET /v1/customers params=[created[gte]=1700000000, limit=5] +each test clock limit=5"
        );
        let r = ScanRequest::new(&CUSTOMERS, &[], None);
        assert_eq!(
            r.to_string(),
            "GET /v1/customers params=[limit=100] split=created-ranges +each test clock"
        );
        let r = ScanRequest::new(
            &CUSTOMERS,
            &[ident("TestClockId").eq(lit("clock_1"))],
            Some(500),
        );
        assert_eq!(
            r.to_string(),
            "GET /v1/customers params=[test_clock=clock_1, limit=100] limit=500"
        );
        let r = ScanRequest::new(
            &CHARGES,
            &[
                ident("CustomerId").eq(lit("cus_1")),
                ident("Created").lt_eq(ts(1_700_000_000)),
            ],
            None,
        );
        assert_eq!(
            r.to_string(),
            "GET /v1/charges params=[customer=cus_1, created[lte]=1700000000, limit=100] split=created-ranges"
        );
        let filter = ident("Id")
            .eq(lit("cus_1"))
            .or(ident("Id").eq(lit("cus_2")));
        let r = ScanRequest::new(&CUSTOMERS, &[filter], None);
        assert_eq!(
            r.to_string(),
            "retrieve GET /v1/customers/{id} ids=[cus_1, cus_2]"
        );
        assert_eq!(r.estimated_rows(), 2.0);
        let r = ScanRequest::new(
            &CUSTOMERS,
            &[ident("Id").eq(lit("cus_1")), ident("Created").gt_eq(ts(5))],
            None,
        );
        assert_eq!(
            r.to_string(),
            "retrieve GET /v1/customers/{id} ids=[cus_1] check=[created[gte]=5]"
        );
        let r = ScanRequest::new(
            &CUSTOMERS,
            &[ident("Created").gt(ts(10)), ident("Created").lt(ts(5))],
            None,
        );
        assert_eq!(r.fetch, Fetch::Nothing);
        assert_eq!(r.estimated_rows(), 0.0);
        assert!(r.to_string().starts_with("no request for /v1/customers"));
    }

    #[test]
    fn filters_combine() {
        let r = ScanRequest::new(
            &CUSTOMERS,
            &[
                ident("Id").in_list(vec![lit("a"), lit("b"), lit("c")], false),
                ident("Id").eq(lit("b")).or(ident("Id").eq(lit("c"))),
                ident("Name").eq(lit("ignored")),
            ],
            None,
        );
        assert_eq!(
            r.fetch,
            Fetch::Retrieve {
                ids: vec!["b".into(), "c".into()]
            }
        );
        let r = ScanRequest::new(
            &CUSTOMERS,
            &[ident("Id").eq(lit("a")), ident("Id").eq(lit("b"))],
            None,
        );
        assert_eq!(r.fetch, Fetch::Nothing);
        let r = ScanRequest::new(
            &CUSTOMERS,
            &[ident("Email").eq(lit("a")), ident("Email").eq(lit("b"))],
            None,
        );
        assert_eq!(r.fetch, Fetch::Nothing);
        assert_eq!(
            ScanRequest::new(&CUSTOMERS, &[], Some(0)).fetch,
            Fetch::Nothing
        );
        assert_eq!(
            ScanRequest::new(&CUSTOMERS, &[], None).estimated_rows(),
            1000.0
        );
        assert_eq!(
            ScanRequest::new(&CUSTOMERS, &[], Some(7)).estimated_rows(),
            7.0
        );
    }

    #[test]
    fn a_multi_valued_filter_walks_each_value() {
        let both = ident("CustomerId").in_list(vec![lit("cus_1"), lit("cus_2")], false);
        let r = ScanRequest::new(&CHARGES, std::slice::from_ref(&both), None);
        assert_eq!(
            r.to_string(),
            "GET /v1/charges params=[limit=100] for customer in [cus_1, cus_2] \
             split=created-ranges"
        );
        // Intersected with a second list, narrowed by a single value, or contradicted by one.
        let two = ident("CustomerId")
            .eq(lit("cus_2"))
            .or(ident("CustomerId").eq(lit("cus_3")));
        let r = ScanRequest::new(&CHARGES, &[both.clone(), two], None);
        assert_eq!(
            r.fetch,
            Fetch::List {
                params: vec![],
                any_of: Some(("customer".into(), vec!["cus_2".into()]))
            }
        );
        let r = ScanRequest::new(
            &CHARGES,
            &[both.clone(), ident("CustomerId").eq(lit("cus_1"))],
            None,
        );
        assert_eq!(
            r.fetch,
            Fetch::List {
                params: vec![("customer".into(), "cus_1".into())],
                any_of: None
            }
        );
        let r = ScanRequest::new(
            &CHARGES,
            &[both, ident("CustomerId").eq(lit("cus_9"))],
            None,
        );
        assert_eq!(r.fetch, Fetch::Nothing);
        // Email IN (…) on customers still sweeps the test clocks: the email filter hides them.
        let r = ScanRequest::new(
            &CUSTOMERS,
            &[ident("Email").in_list(vec![lit("a@x"), lit("b@x")], false)],
            Some(10),
        );
        assert!(r.sweeps_test_clocks());
    }

    #[test]
    fn objects_are_rechecked_against_created() {
        let r = ScanRequest::new(&CUSTOMERS, &[ident("Created").gt_eq(ts(100))], None);
        assert!(r.keeps(&json!({"created": 100})));
        assert!(!r.keeps(&json!({"created": 99})));
        assert!(!r.keeps(&json!({})));
        assert!(ScanRequest::new(&CUSTOMERS, &[], None).keeps(&json!({})));
    }

    #[test]
    fn exact_params_are_rechecked_on_retrieved_objects() {
        use crate::pushdown::tests::PRODUCTS;
        let r = ScanRequest::new(
            &PRODUCTS,
            &[
                ident("Id").eq(lit("prod_1")),
                Expr::Not(Box::new(ident("Active"))),
            ],
            None,
        );
        assert_eq!(
            r.fetch,
            Fetch::Retrieve {
                ids: vec!["prod_1".into()]
            }
        );
        assert!(r.keeps(&json!({"id": "prod_1", "active": false})));
        assert!(!r.keeps(&json!({"id": "prod_1", "active": true})));
        let r = ScanRequest::new(&PRODUCTS, &[ident("Active")], Some(3));
        assert_eq!(
            r.to_string(),
            "GET /v1/products params=[active=true, limit=3] limit=3"
        );
    }

    #[test]
    fn child_scans_complete_scans_and_required_filters() {
        use crate::catalogue::{
            APPS_SECRETS, INVOICE_LINE_ITEMS, SUBSCRIPTIONS, SUBSCRIPTION_ITEMS,
        };
        let r = ScanRequest::new(&INVOICE_LINE_ITEMS, &[], None);
        assert_eq!(r.parents, Parents::All);
        assert_eq!(
            r.to_string(),
            "GET /v1/invoices/{invoice}/lines params=[limit=100] for each invoice of GET /v1/invoices params=[limit=100]"
        );
        let filter = ident("InvoiceId")
            .eq(lit("in_1"))
            .or(ident("InvoiceId").eq(lit("in_2")));
        let r = ScanRequest::new(&INVOICE_LINE_ITEMS, &[filter], None);
        assert_eq!(r.parents, Parents::Ids(vec!["in_1".into(), "in_2".into()]));
        assert!(
            r.to_string().ends_with("for invoice in [in_1, in_2]"),
            "{r}"
        );
        let r = ScanRequest::new(
            &INVOICE_LINE_ITEMS,
            &[
                ident("InvoiceId").eq(lit("in_1")),
                ident("InvoiceId").eq(lit("in_2")),
            ],
            None,
        );
        assert_eq!(r.fetch, Fetch::Nothing);
        let r = ScanRequest::new(&INVOICE_LINE_ITEMS, &[ident("Id").eq(lit("il_1"))], None);
        assert!(
            matches!(r.fetch, Fetch::List { .. }),
            "line items cannot be retrieved by id"
        );
        let r = ScanRequest::new(&SUBSCRIPTION_ITEMS, &[], Some(5));
        assert!(r.to_string().ends_with(
            "for each subscription of GET /v1/subscriptions params=[status=all, limit=100] limit=5"
        ), "{r}");
        let r = ScanRequest::new(&SUBSCRIPTIONS, &[], None);
        assert_eq!(
            r.to_string(),
            "GET /v1/subscriptions params=[status=all, limit=100] split=created-ranges \
             +each test clock"
        );
        let r = ScanRequest::new(&SUBSCRIPTIONS, &[ident("Status").eq(lit("active"))], None);
        assert_eq!(
            r.to_string(),
            "GET /v1/subscriptions params=[status=active, limit=100] split=created-ranges \
             +each test clock"
        );
        assert_eq!(r.missing_param(), None);
        let r = ScanRequest::new(&APPS_SECRETS, &[], None);
        assert_eq!(r.missing_param(), Some("scope"));
        let r = ScanRequest::new(&APPS_SECRETS, &[ident("Id").eq(lit("x"))], None);
        assert_eq!(
            r.missing_param(),
            Some("scope"),
            "no retrieve endpoint either"
        );
    }
}
