//! T-SQL needs no separator between statements, but sqlparser takes a following statement
//! keyword as an implicit alias: `SELECT 1 COMMIT` parses as `SELECT 1 AS COMMIT`. After parsing,
//! such aliases are found by their span and a `;` is inserted before them.

use std::ops::ControlFlow;

use sqlparser::ast::{Ident, SelectItem, Statement, TableFactor, Visit, Visitor};
use sqlparser::keywords::Keyword;
use sqlparser::parser::ParserError;
use sqlparser::tokenizer::{Location, Span, Token, TokenWithSpan};

/// Keywords that start a statement and are not reserved against aliases in sqlparser's dialect.
const STATEMENT_KEYWORDS: &[&str] = &["COMMIT", "ROLLBACK", "BEGIN", "USE", "SAVE", "SET", "GO"];

struct Aliases(Vec<Ident>);

impl Visitor for Aliases {
    type Break = ();

    fn pre_visit_select(&mut self, s: &sqlparser::ast::Select) -> ControlFlow<()> {
        for item in &s.projection {
            if let SelectItem::ExprWithAlias { alias, .. } = item {
                self.0.push(alias.clone());
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_table_factor(&mut self, t: &TableFactor) -> ControlFlow<()> {
        let alias = match t {
            TableFactor::Table { alias, .. } | TableFactor::Derived { alias, .. } => alias,
            _ => &None,
        };
        if let Some(a) = alias {
            if !a.explicit {
                self.0.push(a.name.clone());
            }
        }
        ControlFlow::Continue(())
    }
}

/// Index of the first token that is a statement keyword parsed as an implicit alias.
pub(super) fn implicit_alias_split(stmts: &[Statement], tokens: &[TokenWithSpan]) -> Option<usize> {
    let mut aliases = Aliases(Vec::new());
    for s in stmts {
        let _ = s.visit(&mut aliases);
    }
    aliases
        .0
        .iter()
        .filter(|a| {
            a.quote_style.is_none()
                && STATEMENT_KEYWORDS
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(&a.value))
        })
        .filter_map(|a| token_at(tokens, a.span))
        .filter(|&i| !preceded_by_as(tokens, i))
        .min()
}

fn token_at(tokens: &[TokenWithSpan], span: Span) -> Option<usize> {
    tokens.iter().position(|t| t.span.start == span.start)
}

fn preceded_by_as(tokens: &[TokenWithSpan], i: usize) -> bool {
    tokens[..i]
        .iter()
        .rev()
        .find(|t| !matches!(t.token, Token::Whitespace(_)))
        .is_some_and(|t| matches!(&t.token, Token::Word(w) if w.keyword == Keyword::AS))
}

/// `SELECT 1 USE x`: the keyword was taken as an alias and the parser failed on the token after
/// it. Returns the keyword's index when the error sits right behind such a keyword.
pub(super) fn alias_before_error(e: &ParserError, tokens: &[TokenWithSpan]) -> Option<usize> {
    let ParserError::ParserError(m) = e else {
        return None;
    };
    let (_, at) = m.rsplit_once(" at Line: ")?;
    let (line, column) = at.split_once(", Column: ")?;
    let location = Location::new(line.trim().parse().ok()?, column.trim().parse().ok()?);
    let failed = tokens.iter().position(|t| t.span.start == location)?;
    let keyword = tokens[..failed]
        .iter()
        .rposition(|t| !matches!(t.token, Token::Whitespace(_)))?;
    let is_statement_keyword = matches!(&tokens[keyword].token, Token::Word(w)
        if w.quote_style.is_none()
            && STATEMENT_KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(&w.value)));
    let already_split = tokens[..keyword]
        .iter()
        .rev()
        .find(|t| !matches!(t.token, Token::Whitespace(_)))
        .is_some_and(|t| t.token == Token::SemiColon);
    (is_statement_keyword && !already_split && !preceded_by_as(tokens, keyword)).then_some(keyword)
}

/// Inserts a statement separator before token `at`.
pub(super) fn insert_semicolon(tokens: &mut Vec<TokenWithSpan>, at: usize) {
    let span = tokens.get(at).map(|t| t.span).unwrap_or(Span::empty());
    tokens.insert(
        at.min(tokens.len()),
        TokenWithSpan::new(Token::SemiColon, span),
    );
}
