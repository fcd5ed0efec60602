//! Walking JSON text without re-serialising it: OPENJSON and JSON_QUERY return members in
//! document order and fragments exactly as written, as SQL Server does (serde_json's `Value`
//! would sort object keys and reformat numbers).

use super::json::{Path, Step};

/// A JSON value's kind, with SQL Server's OPENJSON `type` codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Null = 0,
    String = 1,
    Number = 2,
    Bool = 3,
    Array = 4,
    Object = 5,
}

/// The kind of a (trimmed, valid) JSON fragment.
pub(crate) fn kind(raw: &str) -> Kind {
    match raw.as_bytes().first() {
        Some(b'"') => Kind::String,
        Some(b'[') => Kind::Array,
        Some(b'{') => Kind::Object,
        Some(b't' | b'f') => Kind::Bool,
        Some(b'n') | None => Kind::Null,
        _ => Kind::Number,
    }
}

/// Checks that `text` is one valid JSON document.
pub(crate) fn is_valid(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok()
}

/// The end (exclusive) of the value starting at byte `start` of valid JSON `s`.
fn value_end(s: &[u8], start: usize) -> usize {
    let mut i = start;
    let mut depth = 0usize;
    let mut in_string = false;
    while i < s.len() {
        let c = s[i];
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' => {
                    in_string = false;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
        } else {
            match c {
                b'"' => in_string = true,
                b'[' | b'{' => depth += 1,
                b']' | b'}' => {
                    if depth == 0 {
                        return i;
                    }
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                b',' | b':' if depth == 0 => return i,
                c if depth == 0 && c.is_ascii_whitespace() => return i,
                _ => {}
            }
        }
        i += 1;
    }
    s.len()
}

fn skip_ws(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && s[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The members of an object (with their keys) or the elements of an array (keyed by index),
/// in document order, as raw fragments. `raw` must be a valid, trimmed object or array.
pub(crate) fn members(raw: &str) -> Vec<(String, &str)> {
    let s = raw.as_bytes();
    let object = kind(raw) == Kind::Object;
    let mut out = Vec::new();
    let mut i = skip_ws(s, 1);
    while i < s.len() && s[i] != b']' && s[i] != b'}' {
        let key = if object {
            let end = value_end(s, i);
            let key = serde_json::from_str::<String>(&raw[i..end]).unwrap_or_default();
            i = skip_ws(s, end);
            // The ':' between key and value.
            i = skip_ws(s, i + 1);
            key
        } else {
            out.len().to_string()
        };
        let end = value_end(s, i);
        out.push((key, &raw[i..end]));
        i = skip_ws(s, end);
        if i < s.len() && s[i] == b',' {
            i = skip_ws(s, i + 1);
        }
    }
    out
}

/// The fragment at `path` in valid JSON `text`, `None` when a step does not exist.
pub(crate) fn navigate<'a>(text: &'a str, path: &Path) -> Option<&'a str> {
    let mut current = text.trim();
    for step in &path.steps {
        let found = match (step, kind(current)) {
            (Step::Key(k), Kind::Object) => members(current).into_iter().find(|(m, _)| m == k),
            (Step::Index(n), Kind::Array) => members(current).into_iter().nth(*n),
            _ => None,
        };
        current = found?.1;
    }
    Some(current)
}

/// A scalar fragment as OPENJSON's `value` column shows it: strings unescaped, numbers and
/// booleans as written, NULL for null; arrays and objects as their JSON text.
pub(crate) fn scalar_text(raw: &str) -> Option<String> {
    match kind(raw) {
        Kind::Null => None,
        Kind::String => serde_json::from_str::<String>(raw).ok(),
        _ => Some(raw.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hooks::json::parse_path;

    #[test]
    fn members_keep_document_order_and_text() {
        let doc = r#"{ "z": 1.50, "a": {"x": [1, 2]}, "s": "q\"uote", "n": null, "b": true }"#;
        let m = members(doc.trim());
        let keys: Vec<&str> = m.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["z", "a", "s", "n", "b"]);
        assert_eq!(m[0].1, "1.50");
        assert_eq!(m[1].1, r#"{"x": [1, 2]}"#);
        assert_eq!(scalar_text(m[2].1).as_deref(), Some("q\"uote"));
        assert_eq!(scalar_text(m[3].1), None);
        assert_eq!(kind(m[4].1), Kind::Bool);
        let arr = members(r#"["a",[1,{"k":"]"}],3]"#);
        assert_eq!(arr.len(), 3);
        assert_eq!(arr[1], ("1".to_string(), r#"[1,{"k":"]"}]"#));
        assert!(members("{}").is_empty() && members("[ ]").is_empty());
    }

    #[test]
    fn navigates_paths() {
        let doc = r#"{"a": {"b": [10, {"c": "deep"}]}}"#;
        let at = |p: &str| navigate(doc, &parse_path(p).unwrap());
        assert_eq!(at("$.a.b[1].c"), Some(r#""deep""#));
        assert_eq!(at("$.a.b"), Some(r#"[10, {"c": "deep"}]"#));
        assert_eq!(at("$"), Some(doc));
        assert_eq!(at("$.nope"), None);
        assert_eq!(at("$.a.b[5]"), None);
        assert!(is_valid(doc) && !is_valid("{\"a\":"));
    }
}
