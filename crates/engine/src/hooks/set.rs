//! `SET …` statements. Drivers send a block of them at connect (tedious, jTDS, SqlClient) and
//! tds_fdw sends `set textsize 2147483647` before every scan: all are accepted; the ones with an
//! observable effect (SHOWPLAN, NOCOUNT, ROWCOUNT, FMTONLY, TEXTSIZE, LANGUAGE, …) are tracked.

use sqlparser::ast::{Set, SetSessionParamKind};
use tds_server::{ErrorKind, SqlError};

use crate::state::{Settings, Showplan};

fn on_off(value: &str) -> Option<bool> {
    match value.trim().to_ascii_uppercase().as_str() {
        "ON" => Some(true),
        "OFF" => Some(false),
        _ => None,
    }
}

/// `N'us_english'` / `'x'` / `x` → `x`.
fn unquote(value: &str) -> String {
    let v = value.trim();
    let v = v
        .strip_prefix(['N', 'n'])
        .filter(|r| r.starts_with('\''))
        .unwrap_or(v);
    v.trim_matches(|c| c == '\'' || c == '"' || c == '[' || c == ']')
        .to_string()
}

fn bad_value(name: &str, value: &str) -> SqlError {
    SqlError::syntax_near(if value.is_empty() { name } else { value })
}

fn apply_option(name: &str, value: &str, s: &mut Settings) -> Result<(), SqlError> {
    let upper = name.to_ascii_uppercase();
    let number = || {
        value
            .trim()
            .parse::<i64>()
            .map_err(|_| bad_value(name, value))
    };
    match upper.as_str() {
        "SHOWPLAN_ALL" | "SHOWPLAN_TEXT" => {
            let on = on_off(value).ok_or_else(|| bad_value(name, value))?;
            s.showplan = match (on, upper.as_str()) {
                (true, "SHOWPLAN_ALL") => Showplan::All,
                (true, _) => Showplan::Text,
                (false, _) => Showplan::Off,
            };
        }
        "SHOWPLAN_XML" if on_off(value) == Some(true) => {
            return Err(SqlError::new(
                ErrorKind::NotSupported,
                "SET SHOWPLAN_XML is not supported by vtds; use SET SHOWPLAN_ALL ON.",
            ))
        }
        "NOCOUNT" => s.nocount = on_off(value).ok_or_else(|| bad_value(name, value))?,
        "FMTONLY" => s.fmtonly = on_off(value).ok_or_else(|| bad_value(name, value))?,
        "ROWCOUNT" => s.rowcount = u64::try_from(number()?).unwrap_or(0),
        "TEXTSIZE" => {
            let n = number()?;
            s.textsize = if n <= 0 {
                4096
            } else {
                i32::try_from(n).unwrap_or(i32::MAX)
            };
        }
        "LANGUAGE" => s.language = unquote(value),
        "DATEFIRST" => {
            s.datefirst = u8::try_from(number()?)
                .ok()
                .filter(|d| (1..=7).contains(d))
                .ok_or_else(|| bad_value(name, value))?
        }
        "LOCK_TIMEOUT" => s.lock_timeout = i32::try_from(number()?).unwrap_or(-1),
        // Everything else (ANSI_*, QUOTED_IDENTIFIER, ARITHABORT, XACT_ABORT, DATEFORMAT,
        // DEADLOCK_PRIORITY, IMPLICIT_TRANSACTIONS, NO_BROWSETABLE, …) has no effect here.
        _ => {}
    }
    Ok(())
}

/// Applies one SET statement to the session's options.
pub(crate) fn apply(set: &Set, settings: &mut Settings) -> Result<(), SqlError> {
    match set {
        Set::SetSessionParam(SetSessionParamKind::Generic(g)) => {
            for name in &g.names {
                apply_option(name, &g.value, settings)?;
            }
            Ok(())
        }
        Set::SingleAssignment { variable, .. } => {
            let name = variable.to_string();
            if name.starts_with('@') {
                // SET @v = … needs DECLARE, which vtds does not run yet.
                return Err(SqlError::new(
                    ErrorKind::UndeclaredVariable,
                    format!("Must declare the scalar variable \"{name}\"."),
                ));
            }
            Ok(())
        }
        // STATISTICS, IDENTITY_INSERT, OFFSETS, TRANSACTION ISOLATION LEVEL, …: accepted.
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::ast::Statement;

    fn run(sql: &str, s: &mut Settings) -> Result<(), SqlError> {
        for stmt in crate::parse::parse_batch(sql)? {
            let Statement::Set(set) = stmt else {
                panic!("not a SET: {sql}")
            };
            apply(&set, s)?;
        }
        Ok(())
    }

    #[test]
    fn tracks_observable_options() {
        let mut s = Settings::default();
        run("SET SHOWPLAN_ALL ON", &mut s).unwrap();
        assert_eq!(s.showplan, Showplan::All);
        run("SET SHOWPLAN_ALL OFF SET NOCOUNT ON SET ROWCOUNT 5", &mut s).unwrap();
        assert_eq!(
            (s.showplan, s.nocount, s.rowcount),
            (Showplan::Off, true, 5)
        );
        run(
            "set textsize 2147483647\nSET LANGUAGE N'us_english' SET DATEFIRST 1",
            &mut s,
        )
        .unwrap();
        assert_eq!(
            (s.textsize, s.language.as_str(), s.datefirst),
            (i32::MAX, "us_english", 1)
        );
        run(
            "SET ANSI_NULLS, QUOTED_IDENTIFIER ON SET DEADLOCK_PRIORITY LOW",
            &mut s,
        )
        .unwrap();
        run(
            "SET TRANSACTION ISOLATION LEVEL READ COMMITTED SET LOCK_TIMEOUT 5000",
            &mut s,
        )
        .unwrap();
        assert_eq!(s.lock_timeout, 5000);
    }

    #[test]
    fn rejects_bad_values() {
        let mut s = Settings::default();
        assert_eq!(run("SET NOCOUNT MAYBE", &mut s).unwrap_err().number(), 102);
        assert_eq!(run("SET DATEFIRST 9", &mut s).unwrap_err().number(), 102);
    }
}
