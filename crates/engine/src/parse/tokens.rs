//! Token-level fix-ups applied before parsing.

use sqlparser::tokenizer::{Token, TokenWithSpan};
use tds_server::{ErrorKind, SqlError};

/// Rewrites PostgreSQL spellings the T-SQL tokenizer splits apart. tds_fdw sends strings that
/// contain a backslash as PostgreSQL escape strings (`E'a\\b'`); the MS SQL tokenizer sees the word
/// `E` followed by a string, so the pair becomes one unescaped string literal.
pub(super) fn fix_tokens(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut out: Vec<TokenWithSpan> = Vec::with_capacity(tokens.len());
    for t in tokens {
        if let Token::SingleQuotedString(s) = &t.token {
            let prefix_is_e = out.last().is_some_and(|prev| {
                matches!(&prev.token, Token::Word(w)
                    if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("e"))
            });
            if prefix_is_e {
                if let Some(prev) = out.pop() {
                    let span = prev.span.union(&t.span);
                    out.push(TokenWithSpan::new(
                        Token::SingleQuotedString(unescape_postgres(s)),
                        span,
                    ));
                    continue;
                }
            }
        }
        out.push(t);
    }
    out
}

/// PostgreSQL escape-string semantics for the escapes tds_fdw and hand-written SQL use.
fn unescape_postgres(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The tokenizer fails only on unterminated literals and stray characters.
pub(super) fn tokenizer_error(message: &str, sql: &str) -> SqlError {
    if message.contains("Unterminated string") {
        // SQL Server: 105 "Unclosed quotation mark after the character string '…'."
        let tail = sql.rsplit_once('\'').map(|(_, t)| t).unwrap_or("");
        return SqlError::new(
            ErrorKind::Syntax,
            format!("Unclosed quotation mark after the character string '{tail}'."),
        );
    }
    let near = message.split('\'').nth(1).unwrap_or(message);
    SqlError::syntax_near(near)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_like_postgres() {
        assert_eq!(unescape_postgres(r"a\\b"), r"a\b");
        assert_eq!(unescape_postgres(r"x\ny\"), "x\ny\\");
    }
}
