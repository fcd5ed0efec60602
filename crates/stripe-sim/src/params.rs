//! Query-string validation with Stripe's error wording.
//!
//! Stripe rejects anything it does not know (`parameter_unknown`), so the simulator does too:
//! a connector that sends a misspelt filter must fail here rather than silently get an
//! unfiltered list.

use crate::error::{Error, Result};
use crate::registry::{Param, ParamKind};

/// Stripe's default page size.
pub(crate) const DEFAULT_LIMIT: usize = 10;
/// Stripe's largest page size.
pub(crate) const MAX_LIMIT: i64 = 100;

/// A list cursor: an object id that marks a position in the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Cursor {
    /// Objects listed after (older than) this one.
    StartingAfter(String),
    /// Objects listed before (newer than) this one.
    EndingBefore(String),
}

/// A validated list request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ListQuery {
    pub(crate) limit: usize,
    pub(crate) cursor: Option<Cursor>,
    /// Inclusive bounds on `created` (from `created`, `created[gt|gte|lt|lte]`).
    pub(crate) created_min: Option<i64>,
    pub(crate) created_max: Option<i64>,
    /// (slot, exact value).
    pub(crate) filters: Vec<(usize, String)>,
    /// (slot, include, values): the slot's value must (not) be one of `values`
    /// (`subscriptions?status=`'s `ended` and its "not canceled" default).
    pub(crate) sets: Vec<(usize, bool, &'static [&'static str])>,
}

/// Splits a raw query string into pairs. Stripe answers unparsable bodies with a 400 too.
pub(crate) fn parse_pairs(raw: Option<&str>) -> Result<Vec<(String, String)>> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(raw.unwrap_or("")).map_err(|_| {
        Error::InvalidRequest {
            code: None,
            message: "Invalid request: unable to parse the query string.".into(),
            param: None,
        }
    })
}

/// `expand[]` / `expand[0]`: accepted everywhere and (for now) ignored.
pub(crate) fn is_expand(name: &str) -> bool {
    name == "expand"
        || name
            .strip_prefix("expand[")
            .and_then(|rest| rest.strip_suffix(']'))
            .is_some_and(|inner| inner.bytes().all(|b| b.is_ascii_digit()))
}

/// The parameter name Stripe reports for an unknown key: the part before the first `[`,
/// except for sub-keys of a known hash parameter (`created[foo]`), which are reported whole.
pub(crate) fn unknown(name: &str, created: bool) -> Error {
    let base = match name.split_once('[') {
        Some(("created", _)) if created => name,
        Some((base, _)) => base,
        None => name,
    };
    Error::invalid(
        Some("parameter_unknown"),
        format!("Received unknown parameter: {base}"),
        base,
    )
}

pub(crate) fn empty(name: &str) -> Error {
    Error::invalid(
        Some("parameter_invalid_empty"),
        format!(
            "You passed an empty string for '{name}'. We assume empty values are an attempt to \
             unset a parameter; however '{name}' cannot be unset. You should remove '{name}' \
             from your request or supply a non-empty value."
        ),
        name,
    )
}

fn integer(name: &str, value: &str) -> Result<i64> {
    value.parse::<i64>().map_err(|_| {
        Error::invalid(
            Some("parameter_invalid_integer"),
            format!("Invalid integer: {value}"),
            name,
        )
    })
}

/// Validates `limit` (lists and searches share Stripe's 1..=100 range and wording).
pub(crate) fn limit(value: &str) -> Result<usize> {
    let limit = integer("limit", value)?;
    if limit < 1 {
        return Err(Error::invalid(
            Some("parameter_invalid_integer"),
            "This value must be greater than or equal to 1.".into(),
            "limit",
        ));
    }
    if limit > MAX_LIMIT {
        return Err(Error::invalid(
            Some("parameter_invalid_integer"),
            format!("This value must be less than or equal to {MAX_LIMIT}."),
            "limit",
        ));
    }
    Ok(usize::try_from(limit).unwrap_or(DEFAULT_LIMIT))
}

/// Validates a retrieve request's query: only `expand` is allowed.
pub(crate) fn retrieve_query(pairs: &[(String, String)]) -> Result<()> {
    match pairs.iter().find(|(k, _)| !is_expand(k)) {
        Some((k, _)) => Err(unknown(k, false)),
        None => Ok(()),
    }
}

/// Validates a list request's query against the endpoint's parameters (`created` filters
/// only where the endpoint has them).
pub(crate) fn list_query(
    pairs: &[(String, String)],
    params: &[Param],
    created: bool,
) -> Result<ListQuery> {
    let mut q = ListQuery {
        limit: DEFAULT_LIMIT,
        cursor: None,
        created_min: None,
        created_max: None,
        filters: Vec::new(),
        sets: Vec::new(),
    };
    let mut starting_after = None;
    let mut ending_before = None;
    let mut statuses: Vec<(usize, Option<String>)> = params
        .iter()
        .filter_map(|p| match p.kind {
            ParamKind::Status(slot) => Some((slot, None)),
            _ => None,
        })
        .collect();
    for (name, value) in pairs {
        if is_expand(name) {
            continue;
        }
        let base = name.split('[').next().unwrap_or(name);
        let param = params
            .iter()
            .find(|p| p.name == name)
            .or_else(|| params.iter().find(|p| p.name == base));
        let is_created = created
            && matches!(
                name.as_str(),
                "created" | "created[gt]" | "created[gte]" | "created[lt]" | "created[lte]"
            );
        let known = param.is_some()
            || is_created
            || matches!(name.as_str(), "limit" | "starting_after" | "ending_before");
        if !known {
            return Err(unknown(name, created));
        }
        if value.is_empty() {
            return Err(empty(name));
        }
        if let Some(p) = param {
            match p.kind {
                ParamKind::Eq(slot) if p.name == name => {
                    q.filters.retain(|(i, _)| *i != slot);
                    q.filters.push((slot, value.clone()));
                }
                ParamKind::Status(slot) if p.name == name => {
                    for s in statuses.iter_mut().filter(|s| s.0 == slot) {
                        s.1 = Some(value.clone());
                    }
                }
                // Required parameters the simulator cannot evaluate (`apps/secrets?scope`)
                // are accepted: every simulated object matches them.
                _ if p.required => {}
                _ => {
                    return Err(Error::invalid(
                        None,
                        format!("stripe-sim does not simulate the '{}' list filter.", p.name),
                        p.name,
                    ))
                }
            }
            continue;
        }
        match name.as_str() {
            "limit" => q.limit = limit(value)?,
            "starting_after" => starting_after = Some(value.clone()),
            "ending_before" => ending_before = Some(value.clone()),
            created => {
                let v = integer(created, value)?;
                let (min, max) = match created {
                    "created" => (Some(v), Some(v)),
                    "created[gt]" => (Some(v.saturating_add(1)), None),
                    "created[gte]" => (Some(v), None),
                    "created[lt]" => (None, Some(v.saturating_sub(1))),
                    _ => (None, Some(v)),
                };
                if let Some(min) = min {
                    q.created_min = Some(q.created_min.map_or(min, |m| m.max(min)));
                }
                if let Some(max) = max {
                    q.created_max = Some(q.created_max.map_or(max, |m| m.min(max)));
                }
            }
        }
    }
    for p in params.iter().filter(|p| p.required) {
        let given = pairs
            .iter()
            .any(|(k, _)| k == p.name || k.split('[').next() == Some(p.name));
        if !given {
            return Err(Error::invalid(
                Some("parameter_missing"),
                format!("Missing required param: {}.", p.name),
                p.name,
            ));
        }
    }
    for (slot, value) in statuses {
        match value.as_deref() {
            None => q.sets.push((slot, false, &["canceled"])),
            Some("all") => {}
            Some("ended") => q
                .sets
                .push((slot, true, &["canceled", "incomplete_expired"])),
            Some(v) => q.filters.push((slot, v.to_string())),
        }
    }
    q.cursor = match (starting_after, ending_before) {
        (Some(_), Some(_)) => {
            return Err(Error::InvalidRequest {
                code: None,
                message: "Received both starting_after and ending_before parameters. Please \
                          pass in only one."
                    .into(),
                param: None,
            })
        }
        (Some(id), None) => Some(Cursor::StartingAfter(id)),
        (None, Some(id)) => Some(Cursor::EndingBefore(id)),
        (None, None) => None,
    };
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(raw: &str) -> Vec<(String, String)> {
        parse_pairs(Some(raw)).unwrap()
    }

    fn eq(names: &[&'static str]) -> Vec<Param> {
        names
            .iter()
            .enumerate()
            .map(|(i, name)| Param {
                name,
                kind: ParamKind::Eq(i),
                required: false,
            })
            .collect()
    }

    fn param_of(e: &Error) -> String {
        e.to_json()["error"]["param"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    #[test]
    fn defaults_and_ranges() {
        let q = list_query(
            &pairs("created[gt]=10&created[lte]=20&created[gte]=5"),
            &[],
            true,
        )
        .unwrap();
        assert_eq!(q.limit, 10);
        assert_eq!((q.created_min, q.created_max), (Some(11), Some(20)));
        let q = list_query(&pairs("created=7&limit=100"), &[], true).unwrap();
        assert_eq!(
            (q.created_min, q.created_max, q.limit),
            (Some(7), Some(7), 100)
        );
        let q = list_query(&pairs("created%5Blt%5D=7"), &[], true).unwrap();
        assert_eq!(q.created_max, Some(6));
    }

    #[test]
    fn limit_validation() {
        for bad in ["limit=0", "limit=101", "limit=abc", "limit=-3"] {
            let e = list_query(&pairs(bad), &[], true).unwrap_err();
            assert_eq!(e.status(), 400, "{bad}");
            assert_eq!(param_of(&e), "limit", "{bad}");
        }
        let e = list_query(&pairs("limit=abc"), &[], true).unwrap_err();
        assert_eq!(e.to_string(), "Invalid integer: abc");
    }

    #[test]
    fn unknown_and_empty_parameters() {
        let e = list_query(&pairs("foo=1"), &eq(&["email"]), true).unwrap_err();
        assert_eq!(e.to_string(), "Received unknown parameter: foo");
        assert_eq!(e.to_json()["error"]["code"], "parameter_unknown");
        let e = list_query(&pairs("metadata[plan]=pro"), &[], true).unwrap_err();
        assert_eq!(param_of(&e), "metadata");
        let e = list_query(&pairs("created[foo]=1"), &[], true).unwrap_err();
        assert_eq!(param_of(&e), "created[foo]");
        let e = list_query(&pairs("email="), &eq(&["email"]), true).unwrap_err();
        assert_eq!(e.to_json()["error"]["code"], "parameter_invalid_empty");
        // A filter of another resource is unknown here.
        assert!(list_query(&pairs("customer=cus_1"), &eq(&["email"]), true).is_err());
    }

    #[test]
    fn filters_cursors_and_expand() {
        let q = list_query(
            &pairs("email=a%40b.c&expand[]=data.x&expand[0]=y&starting_after=cus_1"),
            &eq(&["email", "test_clock"]),
            true,
        )
        .unwrap();
        assert_eq!(q.filters, vec![(0, "a@b.c".to_string())]);
        assert_eq!(q.cursor, Some(Cursor::StartingAfter("cus_1".into())));
        let e = list_query(&pairs("starting_after=a&ending_before=b"), &[], true).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("Received both starting_after and ending_before"));
        assert!(retrieve_query(&pairs("expand[]=customer")).is_ok());
        assert!(retrieve_query(&pairs("limit=3")).is_err());
    }
}
