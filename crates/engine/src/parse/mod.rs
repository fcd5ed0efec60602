//! Parsing a T-SQL batch with sqlparser's `MsSqlDialect`.
//!
//! The whole batch is parsed before anything runs (SQL Server compiles a batch first, so a syntax
//! error anywhere means nothing executes). T-SQL separates statements by whitespace as often as by
//! semicolons, and tds_fdw sends PostgreSQL spellings that need token fix-ups first.

mod bare_exec;
mod insert_exec;
mod split;
mod syntax_error;
mod tokens;

pub(crate) use insert_exec::INSERT_EXEC;
pub(crate) use syntax_error::syntax_error;

use sqlparser::ast::Statement;
use sqlparser::dialect::MsSqlDialect;
use sqlparser::parser::{Parser, ParserError, ParserOptions};
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};
use tds_server::SqlError;

/// Deep nesting from a hostile client must fail as a syntax error, not overflow the stack.
const RECURSION_LIMIT: usize = 50;

/// Parses every statement of a batch; the first syntax error is returned as 102/156/105.
pub(crate) fn parse_batch(sql: &str) -> Result<Vec<Statement>, SqlError> {
    let dialect = MsSqlDialect {};
    let tokens = Tokenizer::new(&dialect, sql)
        .tokenize_with_location()
        .map_err(|e| tokens::tokenizer_error(&e.message, sql))?;
    let tokens =
        insert_exec::rewrite_insert_exec(bare_exec::prefix_exec(tokens::fix_tokens(tokens)));
    let last_token = tokens
        .iter()
        .rev()
        .find(|t| !matches!(t.token, Token::Whitespace(_) | Token::EOF))
        .map(|t| t.token.clone());
    let mut tokens = tokens;
    // Each round splits at most one more statement keyword that was taken as an alias.
    for _ in 0..MAX_SPLITS {
        let split_at = match parse_tokens(&dialect, tokens.clone()) {
            Ok(stmts) => match split::implicit_alias_split(&stmts, &tokens) {
                Some(at) => at,
                None => return Ok(stmts),
            },
            Err(e) => match split::alias_before_error(&e, &tokens) {
                Some(at) => at,
                None => return Err(syntax_error(&e, last_token.as_ref())),
            },
        };
        split::insert_semicolon(&mut tokens, split_at);
    }
    parse_tokens(&dialect, tokens).map_err(|e| syntax_error(&e, last_token.as_ref()))
}

/// Statement keywords one batch may have to split on; a bound keeps hostile input cheap.
const MAX_SPLITS: usize = 64;

fn parse_tokens(
    dialect: &MsSqlDialect,
    tokens: Vec<TokenWithSpan>,
) -> Result<Vec<Statement>, ParserError> {
    let options = ParserOptions::new()
        .with_trailing_commas(false)
        .with_unescape(true);
    let options = ParserOptions {
        require_semicolon_stmt_delimiter: false,
        ..options
    };
    Parser::new(dialect)
        .with_options(options)
        .with_recursion_limit(RECURSION_LIMIT)
        .with_tokens_with_locations(tokens)
        .parse_statements()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(sql: &str) -> usize {
        match parse_batch(sql) {
            Ok(v) => v.len(),
            Err(e) => panic!("{sql}: {e}"),
        }
    }

    #[test]
    fn statements_need_no_semicolons() {
        assert_eq!(count("SET NOCOUNT ON SELECT 1"), 2);
        assert_eq!(count("SET NOCOUNT ON\nSELECT 1 AS a\nSELECT 2;"), 3);
        assert_eq!(count("BEGIN TRAN SELECT 1 COMMIT"), 3);
        assert_eq!(count("SELECT * FROM t ROLLBACK"), 2);
        assert_eq!(count("SELECT 1 AS [commit] SELECT 1 AS commit"), 2);
        assert_eq!(count("SELECT 1 USE x SELECT a FROM t c COMMIT TRAN"), 4);
        assert_eq!(count("SELECT 1 SET NOCOUNT ON"), 2);
        assert_eq!(count("USE Stripe1; SELECT 1;;"), 2);
        assert_eq!(count(""), 0);
    }

    #[test]
    fn postgres_escape_strings_become_plain_literals() {
        let stmts = parse_batch(r"SELECT x FROM t WHERE y = E'a\\b' AND z = e'it''s'").unwrap();
        let text = stmts[0].to_string();
        assert!(text.contains(r"y = 'a\b'"), "{text}");
        assert!(text.contains("z = 'it''s'"), "{text}");
    }

    #[test]
    fn syntax_errors_name_the_token() {
        let e = parse_batch("SELECT * FROM t WHERE").unwrap_err();
        // At the end of the batch SQL Server names the last token, keyword or not.
        assert_eq!(
            (e.number(), e.message.as_str()),
            (102, "Incorrect syntax near 'WHERE'.")
        );
        let e = parse_batch("SELECT * FROM t WHERE x = 1 WHERE y = 2").unwrap_err();
        assert_eq!(e.number(), 156, "{e}");
        assert_eq!(e.message, "Incorrect syntax near the keyword 'WHERE'.");
        let e = parse_batch("SELEC 1").unwrap_err();
        assert_eq!(e.message, "Incorrect syntax near 'SELEC'.");
        let e = parse_batch("SELECT 'abc").unwrap_err();
        assert_eq!(
            e.message,
            "Unclosed quotation mark after the character string 'abc'."
        );
    }
}
