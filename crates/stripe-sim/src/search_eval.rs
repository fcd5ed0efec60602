//! Checking a parsed search query against a resource's searchable fields (`search_fields`),
//! and evaluating it against rendered objects.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::search_fields::{fields, Kind};
use crate::search_query::{parse, Field, Join, Literal, Op};

/// A literal prepared for matching: strings lowercased once, since matching ignores case.
#[derive(Debug)]
enum Needle {
    Null,
    Text(String),
    /// A number, with its lowercased source text for string fields (`last4:4242`).
    Num(f64, String),
    Bool(bool),
}

#[derive(Debug)]
struct Check {
    negated: bool,
    /// Path into the object (`metadata["k"]` becomes `["metadata", "k"]`).
    path: Vec<String>,
    op: Op,
    needle: Needle,
}

/// A query validated for one resource, ready to test objects.
#[derive(Debug)]
pub(crate) struct Matcher {
    join: Join,
    checks: Vec<Check>,
}

fn bad(message: String) -> Error {
    Error::invalid(None, message, "query")
}

/// Parses `query` and checks every clause against `resource`'s searchable fields.
pub(crate) fn compile(resource: &str, query: &str) -> Result<Matcher> {
    let fields = fields(resource);
    let parsed = parse(query).map_err(bad)?;
    let mut checks = Vec::with_capacity(parsed.clauses.len());
    for clause in parsed.clauses {
        let (name, path) = match clause.field {
            Field::Path(path) => (path.join("."), path),
            Field::Metadata(key) => ("metadata".to_string(), vec!["metadata".into(), key]),
        };
        let kind = fields.iter().find(|(f, _)| *f == name).map(|(_, k)| *k);
        let kind = match kind {
            Some(Kind::Metadata) if path.len() == 1 => {
                return Err(bad(
                    "Search field `metadata` needs a key, as in `metadata[\"key\"]:\"value\"`."
                        .into(),
                ))
            }
            Some(kind) => kind,
            None => {
                return Err(bad(format!(
                    "Field `{name}` is an unsupported search field for resource `{resource}`. \
                     See http://stripe.com/docs/search#query-fields-for-{} for a list of \
                     supported fields.",
                    resource.replace('_', "-")
                )))
            }
        };
        let needle = needle(resource, fields, &name, kind, clause.op, clause.value)?;
        checks.push(Check {
            negated: clause.negated,
            path,
            op: clause.op,
            needle,
        });
    }
    Ok(Matcher {
        join: parsed.join,
        checks,
    })
}

/// Checks that `op` and `value` suit a field of `kind`, and prepares the value.
fn needle(
    resource: &str,
    fields: &[(&str, Kind)],
    name: &str,
    kind: Kind,
    op: Op,
    value: Literal,
) -> Result<Needle> {
    let number = match &value {
        Literal::Num { value, .. } => Some(*value),
        Literal::Str(s) => s.trim().parse::<f64>().ok().filter(|v| v.is_finite()),
        _ => None,
    };
    match op {
        Op::Substring if kind != Kind::Text => {
            let text: Vec<&str> = fields
                .iter()
                .filter(|(_, k)| *k == Kind::Text)
                .map(|(f, _)| *f)
                .collect();
            let allowed = if text.is_empty() {
                format!("no `{resource}` field supports it")
            } else {
                format!("on `{resource}` only {} support it", text.join(", "))
            };
            return Err(bad(format!(
                "Field `{name}` does not support the substring operator `~` ({allowed}); \
                 use `:` for an exact match."
            )));
        }
        Op::Substring => {
            let text = match &value {
                Literal::Str(s) => s.clone(),
                Literal::Num { text, .. } => text.clone(),
                _ => return Err(bad(format!("`{name}~` needs a quoted string value."))),
            };
            if text.chars().count() < 3 {
                return Err(bad(format!(
                    "Substring search (`~`) needs a value of at least 3 characters; \
                     `{name}~\"{text}\"` has {}.",
                    text.chars().count()
                )));
            }
            return Ok(Needle::Text(text.to_lowercase()));
        }
        Op::Gt | Op::Gte | Op::Lt | Op::Lte if kind != Kind::Num => {
            return Err(bad(format!(
                "Field `{name}` does not support range operators (`>`, `<`, `>=`, `<=`): \
                 only numeric fields such as `created` do."
            )))
        }
        Op::Gt | Op::Gte | Op::Lt | Op::Lte | Op::Eq if kind == Kind::Num => {
            if matches!(value, Literal::Null) && op == Op::Eq {
                return Ok(Needle::Null);
            }
            let Some(n) = number else {
                return Err(bad(format!(
                    "Field `{name}` is numeric: compare it with a number."
                )));
            };
            return Ok(Needle::Num(n, n.to_string()));
        }
        _ => {}
    }
    Ok(match value {
        Literal::Null => Needle::Null,
        Literal::Str(s) => Needle::Text(s.to_lowercase()),
        Literal::Num { text, value } => Needle::Num(value, text.to_lowercase()),
        Literal::Bool(b) => Needle::Bool(b),
    })
}

impl Matcher {
    /// Whether the rendered object `obj` satisfies the query.
    pub(crate) fn matches(&self, obj: &Value) -> bool {
        let hit = |c: &Check| c.holds(obj) != c.negated;
        match self.join {
            Join::And => self.checks.iter().all(hit),
            Join::Or => self.checks.iter().any(hit),
        }
    }
}

impl Check {
    fn holds(&self, obj: &Value) -> bool {
        let mut v = Some(obj);
        for key in &self.path {
            v = v.and_then(|o| o.get(key));
        }
        // References render as ids; an expanded one would be an object with an `id`.
        let v = match v {
            Some(Value::Object(o)) if self.path.first().is_some_and(|p| p != "metadata") => {
                o.get("id")
            }
            other => other,
        };
        let Some(v) = v.filter(|v| !v.is_null()) else {
            return matches!(self.needle, Needle::Null) && self.op == Op::Eq;
        };
        match (self.op, &self.needle) {
            (_, Needle::Null) => false,
            (Op::Substring, Needle::Text(t)) => {
                v.as_str().is_some_and(|s| s.to_lowercase().contains(t))
            }
            (Op::Substring, _) => false,
            (Op::Eq, needle) => equals(v, needle),
            (op, Needle::Num(n, _)) => v.as_f64().is_some_and(|x| match op {
                Op::Gt => x > *n,
                Op::Gte => x >= *n,
                Op::Lt => x < *n,
                _ => x <= *n,
            }),
            _ => false,
        }
    }
}

/// `:` on a non-null value: strings without regard to case, numbers numerically, booleans
/// against `true`/`false` in any form.
fn equals(v: &Value, needle: &Needle) -> bool {
    match (v, needle) {
        (Value::String(s), Needle::Text(t) | Needle::Num(_, t)) => s.to_lowercase() == *t,
        (Value::String(s), Needle::Bool(b)) => {
            s.eq_ignore_ascii_case(if *b { "true" } else { "false" })
        }
        (Value::Number(x), Needle::Num(n, _)) => x.as_f64() == Some(*n),
        (Value::Number(x), Needle::Text(t)) => t
            .trim()
            .parse::<f64>()
            .ok()
            .is_some_and(|n| x.as_f64() == Some(n)),
        (Value::Bool(b), Needle::Bool(n)) => b == n,
        (Value::Bool(b), Needle::Text(t)) => *t == b.to_string(),
        _ => false,
    }
}

#[cfg(test)]
#[path = "search_eval_tests.rs"]
mod tests;
