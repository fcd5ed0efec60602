//! One resource's rows in list order, with the indexes that let a list page be found by
//! binary search (benchmarks page through a million rows; a per-request scan would dominate).

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::params::{Cursor, ListQuery};
use crate::registry::{ResourceSpec, Row};

/// Rows sorted newest first (`created` desc, then `id` desc: Stripe's order, and the order
/// that keeps same-second objects stable under cursors).
pub(crate) struct Table {
    pub(crate) spec: &'static ResourceSpec,
    rows: Vec<Row>,
    by_id: HashMap<Arc<str>, usize>,
    /// Per filter: value → row positions, ascending (so each posting list is in list order).
    postings: Vec<HashMap<Arc<str>, Vec<usize>>>,
}

/// One list page: the rows and whether more exist in the direction of travel.
pub(crate) struct Page<'a> {
    pub(crate) rows: Vec<&'a Row>,
    pub(crate) has_more: bool,
}

/// `Less` when `a` is listed before `b` (newer, or same second and larger id).
fn list_order(a: (i64, &str), b: (i64, &str)) -> Ordering {
    b.0.cmp(&a.0).then_with(|| b.1.cmp(a.1))
}

impl Table {
    /// Sorts `rows` into list order and builds the id and filter indexes.
    pub(crate) fn build(spec: &'static ResourceSpec, mut rows: Vec<Row>) -> Table {
        rows.sort_unstable_by(|a, b| list_order((a.created, &a.id), (b.created, &b.id)));
        let by_id = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (Arc::clone(&r.id), i))
            .collect();
        let mut postings: Vec<HashMap<Arc<str>, Vec<usize>>> =
            spec.slots.iter().map(|_| HashMap::new()).collect();
        for (i, row) in rows.iter().enumerate() {
            for (index, value) in postings.iter_mut().zip(row.refs.iter()) {
                if let Some(v) = value {
                    index.entry(Arc::clone(v)).or_default().push(i);
                }
            }
        }
        Table {
            spec,
            rows,
            by_id,
            postings,
        }
    }

    /// Number of objects.
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// All rows, newest first.
    pub(crate) fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The row with this id.
    pub(crate) fn get(&self, id: &str) -> Option<&Row> {
        self.by_id.get(id).and_then(|&i| self.rows.get(i))
    }

    /// Rows whose slot `slot` equals `value`, in list order.
    pub(crate) fn matching(&self, slot: usize, value: &str) -> Vec<&Row> {
        self.postings
            .get(slot)
            .and_then(|p| p.get(value))
            .map_or_else(Vec::new, |list| {
                list.iter().filter_map(|&i| self.rows.get(i)).collect()
            })
    }

    /// The page `query` asks for. Cursors must name an existing object of this resource
    /// (else `resource_missing`, as Stripe answers), but need not match the filters: like
    /// Stripe, the cursor is a position in the list.
    pub(crate) fn page(&self, query: &ListQuery) -> Result<Page<'_>> {
        let cursor = match &query.cursor {
            None => None,
            Some(c) => {
                let (id, param) = match c {
                    Cursor::StartingAfter(id) => (id, "starting_after"),
                    Cursor::EndingBefore(id) => (id, "ending_before"),
                };
                let row = self.get(id).ok_or_else(|| Error::ResourceMissing {
                    object: self.spec.object,
                    id: id.clone(),
                    param,
                })?;
                Some((matches!(c, Cursor::StartingAfter(_)), row))
            }
        };

        // Drive the scan from the most selective equality filter; check the others per row.
        let mut best: Option<(usize, &[usize])> = None;
        for (i, (filter, value)) in query.filters.iter().enumerate() {
            let list = self
                .postings
                .get(*filter)
                .and_then(|p| p.get(value.as_str()))
                .map_or(&[][..], Vec::as_slice);
            if best.is_none_or(|(_, b)| list.len() < b.len()) {
                best = Some((i, list));
            }
        }
        let view: View<'_> = match best {
            Some((_, list)) => View::Subset(&self.rows, list),
            None => View::All(&self.rows),
        };
        let residual: Vec<&(usize, String)> = query
            .filters
            .iter()
            .enumerate()
            .filter(|(i, _)| best.is_none_or(|(b, _)| b != *i))
            .map(|(_, f)| f)
            .collect();
        let keep = |row: &Row| {
            residual.iter().all(|(filter, value)| {
                matches!(row.refs.get(*filter), Some(Some(v)) if v.as_ref() == value.as_str())
            }) && query.sets.iter().all(|(slot, include, values)| {
                let v = row.filter_value(*slot).unwrap_or("");
                values.contains(&v) == *include
            })
        };

        let n = view.len();
        let mut lo = match query.created_max {
            Some(max) => view.partition(|r| r.created > max),
            None => 0,
        };
        let mut hi = match query.created_min {
            Some(min) => view.partition(|r| r.created >= min),
            None => n,
        };
        let forward = match cursor {
            None => true,
            Some((true, c)) => {
                let key = (c.created, &*c.id);
                lo = lo.max(view.partition(|r| list_order((r.created, &r.id), key).is_le()));
                true
            }
            Some((false, c)) => {
                let key = (c.created, &*c.id);
                hi = hi.min(view.partition(|r| list_order((r.created, &r.id), key).is_lt()));
                false
            }
        };

        let mut rows = Vec::with_capacity(query.limit.min(hi.saturating_sub(lo)));
        let mut has_more = false;
        let candidates: Box<dyn Iterator<Item = usize>> = if forward {
            Box::new(lo..hi.max(lo))
        } else {
            Box::new((lo..hi.max(lo)).rev())
        };
        for i in candidates {
            let Some(row) = view.at(i) else { continue };
            if !keep(row) {
                continue;
            }
            if rows.len() == query.limit {
                has_more = true;
                break;
            }
            rows.push(row);
        }
        if !forward {
            // `ending_before` walks towards newer objects but a page is still newest first.
            rows.reverse();
        }
        Ok(Page { rows, has_more })
    }
}

/// The rows a scan walks: the whole table, or one filter value's posting list.
enum View<'a> {
    All(&'a [Row]),
    Subset(&'a [Row], &'a [usize]),
}

impl<'a> View<'a> {
    fn len(&self) -> usize {
        match self {
            View::All(rows) => rows.len(),
            View::Subset(_, list) => list.len(),
        }
    }

    fn at(&self, i: usize) -> Option<&'a Row> {
        match self {
            View::All(rows) => rows.get(i),
            View::Subset(rows, list) => list.get(i).and_then(|&p| rows.get(p)),
        }
    }

    /// First position whose row fails `pred`; `pred` must hold for a prefix of the view.
    fn partition(&self, pred: impl Fn(&Row) -> bool) -> usize {
        match self {
            View::All(rows) => rows.partition_point(pred),
            View::Subset(rows, list) => list.partition_point(|&p| rows.get(p).is_some_and(&pred)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{Dataset, FixedSpec, GenCtx, Kind};
    use serde_json::Value;
    use std::sync::LazyLock;

    static FIXED: FixedSpec = FixedSpec {
        path: "things",
        object: "thing",
        filters: &["color", "size"],
        created_filter: true,
        generate: |_: &mut GenCtx<'_>| Vec::new(),
        render: |_: &Dataset, _: &Row| Value::Null,
    };
    static SPEC: LazyLock<ResourceSpec> = LazyLock::new(|| ResourceSpec {
        path: "things".into(),
        object: "thing",
        slots: vec!["color", "size"],
        params: Vec::new(),
        created_filter: true,
        top_level: true,
        parent: None,
        test_clock_slot: None,
        kind: Kind::Fixed(&FIXED, 0),
    });

    /// Rows `t_00`..`t_19`: created = i / 2 (pairs share a second), color alternates
    /// red/blue, size is "big" for every third row.
    fn table() -> Table {
        let rows = (0..20)
            .map(|i: i64| Row {
                id: format!("t_{i:02}").into(),
                created: i / 2,
                seed: 0,
                refs: vec![
                    Some((if i % 2 == 0 { "red" } else { "blue" }).into()),
                    (i % 3 == 0).then(|| "big".into()),
                ]
                .into_boxed_slice(),
            })
            .collect();
        Table::build(&SPEC, rows)
    }

    fn query(limit: usize) -> ListQuery {
        ListQuery {
            limit,
            cursor: None,
            created_min: None,
            created_max: None,
            filters: Vec::new(),
            sets: Vec::new(),
        }
    }

    fn page_ids(t: &Table, q: &ListQuery) -> (Vec<String>, bool) {
        let p = t.page(q).unwrap();
        (
            p.rows.iter().map(|r| r.id.to_string()).collect(),
            p.has_more,
        )
    }

    #[test]
    fn newest_first_with_id_tiebreak() {
        let t = table();
        let (ids, more) = page_ids(&t, &query(4));
        assert_eq!(ids, ["t_19", "t_18", "t_17", "t_16"]);
        assert!(more);
        let mut q = query(3);
        q.cursor = Some(Cursor::StartingAfter("t_18".into()));
        assert_eq!(page_ids(&t, &q).0, ["t_17", "t_16", "t_15"]);
        q.cursor = Some(Cursor::EndingBefore("t_15".into()));
        assert_eq!(
            page_ids(&t, &q),
            (vec!["t_18".into(), "t_17".into(), "t_16".into()], true)
        );
    }

    #[test]
    fn filters_created_and_cursors_combine() {
        let t = table();
        let mut q = query(10);
        q.filters = vec![(0, "red".into()), (1, "big".into())];
        // red = even, big = multiple of 3 → 18, 12, 6, 0
        assert_eq!(page_ids(&t, &q).0, ["t_18", "t_12", "t_06", "t_00"]);
        q.created_min = Some(3);
        q.created_max = Some(8);
        assert_eq!(page_ids(&t, &q).0, ["t_12", "t_06"]);
        // Cursor not matching the filter still positions the page.
        q.cursor = Some(Cursor::StartingAfter("t_13".into()));
        assert_eq!(page_ids(&t, &q).0, ["t_12", "t_06"]);
        q.cursor = Some(Cursor::EndingBefore("t_07".into()));
        q.limit = 1;
        assert_eq!(page_ids(&t, &q), (vec!["t_12".into()], false));
        q.filters = vec![(0, "green".into())];
        assert_eq!(page_ids(&t, &q), (Vec::new(), false));
    }

    #[test]
    fn unknown_cursor_is_resource_missing() {
        let t = table();
        let mut q = query(3);
        q.cursor = Some(Cursor::EndingBefore("t_99".into()));
        let Err(e) = t.page(&q) else {
            panic!("expected an error")
        };
        assert_eq!(e.status(), 400);
        assert_eq!(e.to_string(), "No such thing: 't_99'");
    }
}
