//! The one table that maps classified errors to SQL Server error numbers, states and classes.
//!
//! Every layer classifies its failures into an [`ErrorKind`] once; only this table decides what
//! number, severity class and state the client sees, so clients that branch on numbers (pytds
//! retries every login error except 18456, pymssql matches 3903 text, …) see SQL Server's values.

use std::fmt;

/// What went wrong, independent of how TDS spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// 18456, class 14: wrong user or token. Never says which.
    LoginFailed,
    /// 4060, class 11: the requested database does not exist or is not granted.
    CannotOpenDatabase,
    /// 102, class 15: incorrect syntax near a token.
    Syntax,
    /// 156, class 15: incorrect syntax near a keyword.
    SyntaxNearKeyword,
    /// 207, class 16: invalid column name.
    InvalidColumn,
    /// 208, class 16: invalid object name.
    InvalidObject,
    /// 229, class 14: permission denied.
    PermissionDenied,
    /// 2812, class 16: could not find stored procedure.
    UnknownProcedure,
    /// 8114 / 245, class 16: conversion failed.
    Conversion,
    /// 8152, class 16: string or binary data would be truncated.
    Truncation,
    /// 8134, class 16: divide by zero.
    DivideByZero,
    /// 137, class 15: must declare the scalar variable.
    UndeclaredVariable,
    /// 40000-range feature not supported by vtds (class 16); the message names the alternative.
    NotSupported,
    /// 50001, class 16: the upstream API (Stripe) answered with an error.
    Upstream,
    /// 50002, class 16: the upstream API could not be reached or kept failing after retries.
    UpstreamUnavailable,
    /// 50003, class 16: the upstream API refused the key's permissions.
    UpstreamPermission,
    /// 3621/0, class 16: a statement failed for an internal reason.
    Internal,
    /// 4002, class 16: the client broke the protocol; the connection is closed.
    Protocol,
    /// 3980, class 16: the request was cancelled.
    Cancelled,
    /// 201, class 16: a procedure was called without a required parameter.
    MissingParameter,
    /// 8144, class 16: a procedure was called with too many arguments.
    TooManyArguments,
    /// 8179, class 16: sp_execute/sp_unprepare named an unknown prepared-statement handle.
    UnknownPreparedHandle,
    /// 911, class 16: `USE` named a database that does not exist (or is not granted).
    DatabaseDoesNotExist,
    /// 209, class 16: a column name matches columns of more than one table.
    AmbiguousColumn,
    /// 8145, class 16: a named argument is not a parameter of the procedure.
    NotAParameter,
    /// 8116, class 16: a built-in function's argument has a type it cannot take.
    InvalidArgumentType,
    /// 8117, class 16: an aggregate's operand has a type it cannot take (`AVG` of a bit).
    InvalidOperand,
    /// 174, class 15: a built-in function was called with the wrong number of arguments.
    WrongArgumentCount,
    /// 1031, class 15: `TOP … PERCENT` outside 0–100.
    PercentOutOfRange,
    /// 9818, class 16: `FORMAT` was given a culture the server does not support.
    UnsupportedCulture,
    /// 8162, class 16: an RPC parameter was passed as OUTPUT but not declared OUTPUT.
    NotAnOutputParameter,
}

impl ErrorKind {
    /// SQL Server error number.
    pub fn number(self) -> u32 {
        match self {
            ErrorKind::LoginFailed => 18456,
            ErrorKind::CannotOpenDatabase => 4060,
            ErrorKind::Syntax => 102,
            ErrorKind::SyntaxNearKeyword => 156,
            ErrorKind::InvalidColumn => 207,
            ErrorKind::InvalidObject => 208,
            ErrorKind::PermissionDenied => 229,
            ErrorKind::UnknownProcedure => 2812,
            ErrorKind::Conversion => 8114,
            ErrorKind::Truncation => 8152,
            ErrorKind::DivideByZero => 8134,
            ErrorKind::UndeclaredVariable => 137,
            ErrorKind::NotSupported => 40517,
            ErrorKind::Upstream => 50001,
            ErrorKind::UpstreamUnavailable => 50002,
            ErrorKind::UpstreamPermission => 50003,
            ErrorKind::Internal => 50000,
            ErrorKind::Protocol => 4002,
            ErrorKind::Cancelled => 3980,
            ErrorKind::MissingParameter => 201,
            ErrorKind::TooManyArguments => 8144,
            ErrorKind::UnknownPreparedHandle => 8179,
            ErrorKind::DatabaseDoesNotExist => 911,
            ErrorKind::AmbiguousColumn => 209,
            ErrorKind::NotAParameter => 8145,
            ErrorKind::InvalidArgumentType => 8116,
            ErrorKind::InvalidOperand => 8117,
            ErrorKind::WrongArgumentCount => 174,
            ErrorKind::PercentOutOfRange => 1031,
            ErrorKind::UnsupportedCulture => 9818,
            ErrorKind::NotAnOutputParameter => 8162,
        }
    }

    /// Severity class: 11–16 are user-correctable errors that keep the connection.
    pub fn class(self) -> u8 {
        match self {
            ErrorKind::LoginFailed | ErrorKind::PermissionDenied => 14,
            ErrorKind::CannotOpenDatabase => 11,
            ErrorKind::Syntax
            | ErrorKind::SyntaxNearKeyword
            | ErrorKind::UndeclaredVariable
            | ErrorKind::WrongArgumentCount
            | ErrorKind::PercentOutOfRange => 15,
            _ => 16,
        }
    }

    /// Error state; SQL Server uses 1 for most of these.
    pub fn state(self) -> u8 {
        1
    }
}

/// An error as the client will see it: classified kind plus SQL Server-style message text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlError {
    /// The classification, which fixes number, class and state.
    pub kind: ErrorKind,
    /// Message text, e.g. `Invalid object name 'Stripe.Nope'.` Never contains secrets.
    pub message: String,
}

impl SqlError {
    /// Builds an error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        SqlError {
            kind,
            message: message.into(),
        }
    }

    /// 18456 with SQL Server's exact wording.
    pub fn login_failed(user: &str) -> Self {
        SqlError::new(
            ErrorKind::LoginFailed,
            format!("Login failed for user '{user}'."),
        )
    }

    /// 4060 with SQL Server's exact wording.
    pub fn cannot_open_database(database: &str) -> Self {
        SqlError::new(
            ErrorKind::CannotOpenDatabase,
            format!(
                "Cannot open database \"{database}\" requested by the login. The login failed."
            ),
        )
    }

    /// 208 with SQL Server's exact wording.
    pub fn invalid_object(name: &str) -> Self {
        SqlError::new(
            ErrorKind::InvalidObject,
            format!("Invalid object name '{name}'."),
        )
    }

    /// 207 with SQL Server's exact wording.
    pub fn invalid_column(name: &str) -> Self {
        SqlError::new(
            ErrorKind::InvalidColumn,
            format!("Invalid column name '{name}'."),
        )
    }

    /// 102 with SQL Server's exact wording.
    pub fn syntax_near(token: &str) -> Self {
        SqlError::new(
            ErrorKind::Syntax,
            format!("Incorrect syntax near '{token}'."),
        )
    }

    /// SQL Server error number.
    pub fn number(&self) -> u32 {
        self.kind.number()
    }

    /// Severity class.
    pub fn class(&self) -> u8 {
        self.kind.class()
    }

    /// Error state.
    pub fn state(&self) -> u8 {
        self.kind.state()
    }
}

impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Msg {}: {}", self.number(), self.message)
    }
}

impl std::error::Error for SqlError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_match_sql_server() {
        assert_eq!(SqlError::login_failed("a@b.c").number(), 18456);
        assert_eq!(SqlError::login_failed("a@b.c").class(), 14);
        assert_eq!(SqlError::invalid_object("x").number(), 208);
        assert_eq!(SqlError::invalid_column("x").number(), 207);
        assert_eq!(SqlError::syntax_near("x").number(), 102);
        assert_eq!(SqlError::cannot_open_database("x").number(), 4060);
        assert_eq!(ErrorKind::DatabaseDoesNotExist.number(), 911);
        assert_eq!(ErrorKind::AmbiguousColumn.number(), 209);
        assert_eq!(ErrorKind::NotAParameter.number(), 8145);
        assert_eq!(ErrorKind::InvalidOperand.number(), 8117);
        assert_eq!(ErrorKind::InvalidArgumentType.number(), 8116);
        assert_eq!(ErrorKind::WrongArgumentCount.number(), 174);
        assert_eq!(ErrorKind::WrongArgumentCount.class(), 15);
        assert_eq!(ErrorKind::PercentOutOfRange.number(), 1031);
        assert_eq!(ErrorKind::UnsupportedCulture.number(), 9818);
        assert_eq!(ErrorKind::NotAnOutputParameter.number(), 8162);
        assert_eq!(ErrorKind::DatabaseDoesNotExist.class(), 16);
        assert_eq!(
            SqlError::invalid_object("Stripe.Nope").message,
            "Invalid object name 'Stripe.Nope'."
        );
    }
}
