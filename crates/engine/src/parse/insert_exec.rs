//! `INSERT INTO @t EXEC proc args…` (mssql-jdbc's getColumns and getImportedKeys batches fill a
//! table variable from `sp_columns_100` / `sp_fkeys`). sqlparser has no such statement, so the
//! tokens become `EXEC __vtds_insert_exec @t, proc, args…`, which the session answers.

use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, TokenWithSpan, Whitespace, Word};

/// The procedure name the rewritten statement calls.
pub(crate) const INSERT_EXEC: &str = "__vtds_insert_exec";

fn word(value: &str, keyword: Keyword) -> Token {
    Token::Word(Word {
        value: value.to_string(),
        quote_style: None,
        keyword,
    })
}

fn is_kw(t: &Token, k: Keyword) -> bool {
    matches!(t, Token::Word(w) if w.keyword == k && w.quote_style.is_none())
}

/// Index of the next non-whitespace token at or after `i`.
fn next(tokens: &[TokenWithSpan], mut i: usize) -> Option<usize> {
    while i < tokens.len() {
        if !matches!(tokens[i].token, Token::Whitespace(_)) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Rewrites every `INSERT [INTO] @var EXEC[UTE] name [args]`.
pub(super) fn rewrite_insert_exec(mut tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut i = 0;
    while i < tokens.len() {
        if !is_kw(&tokens[i].token, Keyword::INSERT) {
            i += 1;
            continue;
        }
        let Some(mut t) = next(&tokens, i + 1) else {
            break;
        };
        if is_kw(&tokens[t].token, Keyword::INTO) {
            match next(&tokens, t + 1) {
                Some(n) => t = n,
                None => break,
            }
        }
        let is_table_var = matches!(&tokens[t].token, Token::Word(w) if w.value.starts_with('@'));
        let exec = next(&tokens, t + 1);
        let Some(e) = exec.filter(|&e| {
            is_table_var
                && (is_kw(&tokens[e].token, Keyword::EXEC)
                    || is_kw(&tokens[e].token, Keyword::EXECUTE))
        }) else {
            i += 1;
            continue;
        };
        // The procedure's (possibly dotted) name ends before the first argument.
        let Some(name_start) = next(&tokens, e + 1) else {
            break;
        };
        let mut end = name_start + 1;
        while end + 1 < tokens.len()
            && tokens[end].token == Token::Period
            && matches!(tokens[end + 1].token, Token::Word(_) | Token::Period)
        {
            end += if tokens[end + 1].token == Token::Period {
                1
            } else {
                2
            };
        }
        let has_args = next(&tokens, end).is_some_and(|a| {
            !matches!(tokens[a].token, Token::SemiColon | Token::EOF)
                && !matches!(&tokens[a].token, Token::Word(w) if w.keyword != Keyword::NoKeyword
                    && w.keyword != Keyword::NULL && w.keyword != Keyword::DEFAULT)
        });
        let span = tokens[i].span;
        let comma = TokenWithSpan::new(Token::Comma, span);
        if has_args {
            tokens.insert(end, comma.clone());
        }
        tokens.insert(name_start, comma);
        // `INSERT [INTO] @t EXEC` → `EXEC __vtds_insert_exec @t`.
        let target = tokens[t].clone();
        let replacement = vec![
            TokenWithSpan::new(word("EXEC", Keyword::EXEC), span),
            TokenWithSpan::new(Token::Whitespace(Whitespace::Space), span),
            TokenWithSpan::new(word(INSERT_EXEC, Keyword::NoKeyword), span),
            TokenWithSpan::new(Token::Whitespace(Whitespace::Space), span),
            target,
        ];
        tokens.splice(i..=e, replacement);
        i += 5;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::super::parse_batch;

    #[test]
    fn insert_exec_becomes_a_call() {
        let s = parse_batch(
            "DECLARE @t TABLE(a int); INSERT INTO @t EXEC sp_columns_100 'x', N'y', 2; SELECT a FROM @t",
        )
        .unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(
            s[1].to_string(),
            "EXECUTE __vtds_insert_exec @t, sp_columns_100, 'x', N'y', 2"
        );
        let s = parse_batch("INSERT @t EXECUTE master.dbo.sp_who").unwrap();
        assert_eq!(
            s[0].to_string(),
            "EXECUTE __vtds_insert_exec @t, master.dbo.sp_who"
        );
        assert!(parse_batch("INSERT INTO t VALUES (1)").is_ok());
    }
}
