//! A procedure name as the first word of a batch calls it without `EXEC` (SQL Server allows this
//! for the batch's first statement; jTDS sends `sp_server_info 16`, ODBC tools type
//! `sp_tables`). sqlparser has no such statement, so an `EXEC` token is put in front.

use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, TokenWithSpan, Whitespace, Word};

/// Prefixes `EXEC` when the batch starts with a system procedure's name (`sp_…`, `xp_…`).
pub(super) fn prefix_exec(mut tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut significant = tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| !matches!(t.token, Token::Whitespace(_)))
        .peekable();
    let Some((first, head)) = significant.next() else {
        return tokens;
    };
    if !matches!(&head.token, Token::Word(w) if w.keyword == Keyword::NoKeyword) {
        return tokens;
    }
    // The last part of a dotted name (`master.dbo.sp_who`, `[db]..sp_tables`).
    let mut last = head;
    let mut after_word = true;
    while let Some((_, t)) = significant.next_if(|(_, t)| match t.token {
        Token::Period => true,
        Token::Word(_) => !after_word,
        _ => false,
    }) {
        after_word = matches!(t.token, Token::Word(_));
        if after_word {
            last = t;
        }
    }
    // Only system procedure names: any other unknown first word stays a syntax error (102).
    let is_system = matches!(&last.token, Token::Word(w)
        if w.value.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("sp_") || p.eq_ignore_ascii_case("xp_")));
    if !is_system {
        return tokens;
    }
    let span = head.span;
    let exec = Token::Word(Word {
        value: "EXEC".to_string(),
        quote_style: None,
        keyword: Keyword::EXEC,
    });
    tokens.insert(
        first,
        TokenWithSpan::new(Token::Whitespace(Whitespace::Space), span),
    );
    tokens.insert(first, TokenWithSpan::new(exec, span));
    tokens
}

#[cfg(test)]
mod tests {
    use super::super::parse_batch;

    #[test]
    fn bare_procedure_names_are_calls() {
        let s = parse_batch("sp_server_info 16").unwrap();
        assert_eq!(s[0].to_string(), "EXECUTE sp_server_info 16");
        let s = parse_batch(" sp_tables @x = 'x'").unwrap();
        assert_eq!(s[0].to_string(), "EXECUTE sp_tables @x = 'x'");
        let s = parse_batch("master..sp_who").unwrap();
        assert!(matches!(s[0], sqlparser::ast::Statement::Execute { .. }));
        let s = parse_batch("  [master].dbo.sp_tables @table_name = 'x'").unwrap();
        assert!(
            s[0].to_string()
                .starts_with("EXECUTE [master].dbo.sp_tables"),
            "{}",
            s[0]
        );
        assert!(parse_batch("SELECT 1").is_ok());
        assert_eq!(parse_batch("SELEC 1").unwrap_err().number(), 102);
        assert!(parse_batch("").unwrap().is_empty());
    }
}
