//! Turning sqlparser's errors into SQL Server's 102 / 156 messages.

use sqlparser::parser::ParserError;
use sqlparser::tokenizer::Token;
use tds_server::{ErrorKind, SqlError};

/// T-SQL reserved keywords: SQL Server says "near the keyword 'X'" (156) for these only.
const RESERVED: &[&str] = &[
    "ADD",
    "ALL",
    "ALTER",
    "AND",
    "ANY",
    "AS",
    "ASC",
    "AUTHORIZATION",
    "BACKUP",
    "BEGIN",
    "BETWEEN",
    "BREAK",
    "BROWSE",
    "BULK",
    "BY",
    "CASCADE",
    "CASE",
    "CHECK",
    "CHECKPOINT",
    "CLOSE",
    "CLUSTERED",
    "COALESCE",
    "COLLATE",
    "COLUMN",
    "COMMIT",
    "COMPUTE",
    "CONSTRAINT",
    "CONTAINS",
    "CONTAINSTABLE",
    "CONTINUE",
    "CONVERT",
    "CREATE",
    "CROSS",
    "CURRENT",
    "CURRENT_DATE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "CURRENT_USER",
    "CURSOR",
    "DATABASE",
    "DBCC",
    "DEALLOCATE",
    "DECLARE",
    "DEFAULT",
    "DELETE",
    "DENY",
    "DESC",
    "DISK",
    "DISTINCT",
    "DISTRIBUTED",
    "DOUBLE",
    "DROP",
    "DUMP",
    "ELSE",
    "END",
    "ERRLVL",
    "ESCAPE",
    "EXCEPT",
    "EXEC",
    "EXECUTE",
    "EXISTS",
    "EXIT",
    "EXTERNAL",
    "FETCH",
    "FILE",
    "FILLFACTOR",
    "FOR",
    "FOREIGN",
    "FREETEXT",
    "FREETEXTTABLE",
    "FROM",
    "FULL",
    "FUNCTION",
    "GOTO",
    "GRANT",
    "GROUP",
    "HAVING",
    "HOLDLOCK",
    "IDENTITY",
    "IDENTITY_INSERT",
    "IDENTITYCOL",
    "IF",
    "IN",
    "INDEX",
    "INNER",
    "INSERT",
    "INTERSECT",
    "INTO",
    "IS",
    "JOIN",
    "KEY",
    "KILL",
    "LEFT",
    "LIKE",
    "LINENO",
    "LOAD",
    "MERGE",
    "NATIONAL",
    "NOCHECK",
    "NONCLUSTERED",
    "NOT",
    "NULL",
    "NULLIF",
    "OF",
    "OFF",
    "OFFSETS",
    "ON",
    "OPEN",
    "OPENDATASOURCE",
    "OPENQUERY",
    "OPENROWSET",
    "OPENXML",
    "OPTION",
    "OR",
    "ORDER",
    "OUTER",
    "OVER",
    "PERCENT",
    "PIVOT",
    "PLAN",
    "PRECISION",
    "PRIMARY",
    "PRINT",
    "PROC",
    "PROCEDURE",
    "PUBLIC",
    "RAISERROR",
    "READ",
    "READTEXT",
    "RECONFIGURE",
    "REFERENCES",
    "REPLICATION",
    "RESTORE",
    "RESTRICT",
    "RETURN",
    "REVERT",
    "REVOKE",
    "RIGHT",
    "ROLLBACK",
    "ROWCOUNT",
    "ROWGUIDCOL",
    "RULE",
    "SAVE",
    "SCHEMA",
    "SECURITYAUDIT",
    "SELECT",
    "SEMANTICKEYPHRASETABLE",
    "SEMANTICSIMILARITYDETAILSTABLE",
    "SEMANTICSIMILARITYTABLE",
    "SESSION_USER",
    "SET",
    "SETUSER",
    "SHUTDOWN",
    "SOME",
    "STATISTICS",
    "SYSTEM_USER",
    "TABLE",
    "TABLESAMPLE",
    "TEXTSIZE",
    "THEN",
    "TO",
    "TOP",
    "TRAN",
    "TRANSACTION",
    "TRIGGER",
    "TRUNCATE",
    "TRY_CONVERT",
    "TSEQUAL",
    "UNION",
    "UNIQUE",
    "UNPIVOT",
    "UPDATE",
    "UPDATETEXT",
    "USE",
    "USER",
    "VALUES",
    "VARYING",
    "VIEW",
    "WAITFOR",
    "WHEN",
    "WHERE",
    "WHILE",
    "WITH",
    "WITHIN",
    "WRITETEXT",
];

/// Maps a parser error to SQL Server's syntax error. sqlparser says "Expected: X, found: TOKEN at
/// Line: l, Column: c"; SQL Server names the offending token, or the batch's last token when the
/// batch ended too early.
pub(crate) fn syntax_error(e: &ParserError, last_token: Option<&Token>) -> SqlError {
    let text = match e {
        ParserError::ParserError(m) | ParserError::TokenizerError(m) => m.as_str(),
        ParserError::RecursionLimitExceeded => {
            return SqlError::new(
                ErrorKind::Syntax,
                "The query is nested too deeply to be processed.",
            )
        }
    };
    let found = text
        .split_once("found: ")
        .map(|(_, rest)| rest.split(" at Line: ").next().unwrap_or(rest).trim());
    match found {
        Some(tok) if tok != "EOF" => {
            let bare = tok.trim_matches(|c| c == '\'' || c == '"');
            if is_reserved(tok) {
                SqlError::new(
                    ErrorKind::SyntaxNearKeyword,
                    format!("Incorrect syntax near the keyword '{tok}'."),
                )
            } else {
                SqlError::syntax_near(bare)
            }
        }
        _ => {
            let near = last_token.map(token_text).unwrap_or_default();
            SqlError::syntax_near(&near)
        }
    }
}

fn is_reserved(word: &str) -> bool {
    RESERVED.iter().any(|k| k.eq_ignore_ascii_case(word))
}

fn token_text(t: &Token) -> String {
    match t {
        Token::Word(w) => w.value.clone(),
        Token::SingleQuotedString(s) | Token::NationalStringLiteral(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_get_156_others_102() {
        let e =
            ParserError::ParserError("Expected: end of statement, found: FROM at Line: 1".into());
        assert_eq!(syntax_error(&e, None).number(), 156);
        let e =
            ParserError::ParserError("Expected: an SQL statement, found: SELEC at Line: 1".into());
        assert_eq!(
            syntax_error(&e, None).message,
            "Incorrect syntax near 'SELEC'."
        );
        let e = ParserError::ParserError("Expected: an expression, found: EOF".into());
        let last = Token::make_keyword("WHERE");
        assert_eq!(
            syntax_error(&e, Some(&last)).message,
            "Incorrect syntax near 'WHERE'."
        );
    }
}
