//! Parser for the subset of Stripe's search query language the simulator understands.
//!
//! ```text
//! query   := clause (sep clause)*            at most MAX_CLAUSES clauses
//! sep     := ws+ | ws+ "AND" ws+ | ws+ "OR" ws+   (keywords case-insensitive; whitespace
//!                                                  means AND; AND and OR cannot be mixed)
//! clause  := "-"? field op value             ("-" negates the clause)
//! field   := ident ("." ident)* | "metadata[" quoted "]"      ident := [A-Za-z0-9_]+
//! op      := ":" | "~" | ">=" | "<=" | ">" | "<"
//! value   := quoted | number | "null" | "true" | "false"
//! quoted  := '"' … '"' | "'" … "'"           (backslash escapes the next character)
//! number  := "-"? digits ("." digits)?
//! ```
//!
//! The parser knows nothing about resources: `search_eval` checks fields and operators against
//! `search_fields`.

/// Stripe accepts at most this many clauses in one query.
pub(crate) const MAX_CLAUSES: usize = 10;

/// How clauses combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Join {
    And,
    Or,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Field {
    /// A dotted path into the rendered object.
    Path(Vec<String>),
    /// `metadata["key"]`.
    Metadata(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Substring,
    Gt,
    Gte,
    Lt,
    Lte,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Literal {
    /// A quoted string, unescaped.
    Str(String),
    /// A bare number; `text` is kept so `last4:4242` can match the string `"4242"`.
    Num { text: String, value: f64 },
    /// Bare `true` / `false`.
    Bool(bool),
    /// Bare `null`.
    Null,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Clause {
    pub(crate) negated: bool,
    pub(crate) field: Field,
    pub(crate) op: Op,
    pub(crate) value: Literal,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Query {
    pub(crate) join: Join,
    pub(crate) clauses: Vec<Clause>,
}

const EMPTY: &str =
    "Search query is empty: it needs at least one clause such as `email:\"jenny@example.com\"`.";
const MIXED: &str = "Search query cannot combine AND and OR (whitespace between clauses means \
                     AND); use one of them throughout.";

/// Parses `input`; the error is a message for a 400 on `query`.
pub(crate) fn parse(input: &str) -> Result<Query, String> {
    let mut p = Parser {
        chars: input.chars().collect(),
        pos: 0,
    };
    let mut clauses = Vec::new();
    let mut join: Option<Join> = None;
    p.skip_ws();
    if p.peek().is_none() {
        return Err(EMPTY.into());
    }
    loop {
        clauses.push(p.clause()?);
        let had_ws = p.skip_ws();
        if p.peek().is_none() {
            break;
        }
        if !had_ws {
            return Err(p.error("expected whitespace, AND or OR between clauses"));
        }
        // Whitespace alone is an implicit AND.
        let this = p.keyword().unwrap_or(Join::And);
        if join.is_some_and(|j| j != this) {
            return Err(MIXED.into());
        }
        join = Some(this);
        if p.peek().is_none() {
            return Err(p.error("expected a clause after the last AND/OR"));
        }
    }
    if clauses.len() > MAX_CLAUSES {
        return Err(format!(
            "Search query has {} clauses; at most {MAX_CLAUSES} are allowed.",
            clauses.len()
        ));
    }
    Ok(Query {
        join: join.unwrap_or(Join::And),
        clauses,
    })
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn error(&self, what: &str) -> String {
        let found = match self.peek() {
            Some(c) => format!("`{c}`"),
            None => "the end of the query".into(),
        };
        format!(
            "Search query is invalid at position {}: {what}, found {found}.",
            self.pos
        )
    }

    /// Skips whitespace; whether there was any.
    fn skip_ws(&mut self) -> bool {
        let start = self.pos;
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
        self.pos > start
    }

    /// Consumes `AND`/`OR` plus the whitespace after it, if that is what comes next (a
    /// keyword at the very end is consumed too, so the caller reports the missing clause).
    fn keyword(&mut self) -> Option<Join> {
        for (word, join) in [("and", Join::And), ("or", Join::Or)] {
            let end = self.pos + word.len();
            let Some(found) = self.chars.get(self.pos..end) else {
                continue;
            };
            let matches = found.iter().collect::<String>().eq_ignore_ascii_case(word);
            if matches && self.chars.get(end).is_none_or(|c| c.is_whitespace()) {
                self.pos = end;
                self.skip_ws();
                return Some(join);
            }
        }
        None
    }

    fn clause(&mut self) -> Result<Clause, String> {
        let negated = self.peek() == Some('-');
        if negated {
            self.pos += 1;
        }
        Ok(Clause {
            negated,
            field: self.field()?,
            op: self.op()?,
            value: self.value()?,
        })
    }

    /// Consumes the longest run of characters satisfying `pred`.
    fn take_while(&mut self, pred: impl Fn(char) -> bool) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek().filter(|c| pred(*c)) {
            out.push(c);
            self.pos += 1;
        }
        out
    }

    fn ident(&mut self) -> Result<String, String> {
        let ident = self.take_while(|c| c.is_ascii_alphanumeric() || c == '_');
        if ident.is_empty() {
            return Err(self.error("expected a field name"));
        }
        Ok(ident)
    }

    fn field(&mut self) -> Result<Field, String> {
        let first = self.ident()?;
        if first == "metadata" && self.peek() == Some('[') {
            self.pos += 1;
            let key = self.quoted()?;
            if self.peek() != Some(']') {
                return Err(self.error("expected `]` after the metadata key"));
            }
            self.pos += 1;
            return Ok(Field::Metadata(key));
        }
        let mut path = vec![first];
        while self.peek() == Some('.') {
            self.pos += 1;
            path.push(self.ident()?);
        }
        Ok(Field::Path(path))
    }

    fn op(&mut self) -> Result<Op, String> {
        let next = self.chars.get(self.pos + 1).copied();
        let (op, len) = match (self.peek(), next) {
            (Some(':'), _) => (Op::Eq, 1),
            (Some('~'), _) => (Op::Substring, 1),
            (Some('>'), Some('=')) => (Op::Gte, 2),
            (Some('<'), Some('=')) => (Op::Lte, 2),
            (Some('>'), _) => (Op::Gt, 1),
            (Some('<'), _) => (Op::Lt, 1),
            _ => {
                return Err(self.error(
                    "expected an operator (`:`, `~`, `>`, `<`, `>=` or `<=`) after the field",
                ))
            }
        };
        self.pos += len;
        Ok(op)
    }

    /// A quoted string; the opening quote is the next character.
    fn quoted(&mut self) -> Result<String, String> {
        let Some(quote) = self.peek().filter(|c| *c == '"' || *c == '\'') else {
            return Err(self.error("expected a quoted string"));
        };
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            // A backslash escapes whatever follows it (`\"`, `\'`, `\\`).
            let escaped = self.peek() == Some('\\');
            if escaped {
                self.pos += 1;
            }
            match self.peek() {
                None => {
                    self.pos = start;
                    return Err(self.error("this string has no closing quote"));
                }
                Some(c) if escaped => out.push(c),
                Some(c) if c == quote => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(c) => out.push(c),
            }
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Result<Literal, String> {
        if matches!(self.peek(), Some('"' | '\'')) {
            return self.quoted().map(Literal::Str);
        }
        let word = self.take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
        match word.as_str() {
            "" => Err(self.error("expected a value (a quoted string, a number or null)")),
            "null" => Ok(Literal::Null),
            "true" => Ok(Literal::Bool(true)),
            "false" => Ok(Literal::Bool(false)),
            _ if is_number(&word) => match word.parse::<f64>() {
                Ok(value) => Ok(Literal::Num { text: word, value }),
                Err(_) => Err(format!("Search query has an invalid number: `{word}`.")),
            },
            _ => Err(format!(
                "Search query value `{word}` must be quoted: string values need double or \
                 single quotes, e.g. \"{word}\"."
            )),
        }
    }
}

/// `-?digits(.digits)?`: stricter than `f64::from_str`, which takes `inf` and `1e5`.
fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    let all = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    all(int) && all(frac)
}

#[cfg(test)]
#[path = "search_query_tests.rs"]
mod tests;
