//! Batch control flow the connect scripts of SMO, SqlClient and JDBC use: `DECLARE`/`SET @v`,
//! `IF … ELSE`, `PRINT`, `EXEC ('…')` of a string and `EXEC sp_executesql N'…', N'@p …', …`.
//! Conditions, assignments and messages are evaluated as one-value queries; the statements a
//! branch or a dynamic string selects run next in the same batch (and see its variables).

use datafusion::common::ScalarValue;
use sqlparser::ast::helpers::attached_token::AttachedToken;
use sqlparser::ast::{
    BinaryOperator, CaseWhen, ConditionalStatements, DataType, Declare, DeclareAssignment, Expr,
    IfStatement, ObjectName, SelectItem, Set, SetExpr, Statement, Value,
};
use tds_server::{ErrorKind, SqlError};

use super::locals::{converted, declaration};
use crate::execute::evaluate;
use crate::outcome::Outcome;
use crate::parse::{parse_batch, INSERT_EXEC};
use crate::rpc::declare::parse_declarations;
use crate::session::Session;

/// What one statement did to the batch.
pub(crate) enum Step {
    /// A result for the client.
    Outcome(Outcome),
    /// Statements to run next, before the rest of the batch.
    Inline(Vec<Statement>),
    /// Nothing visible (DECLARE, SET @v).
    Nothing,
}

/// The error when a batch expands past its statement budget.
pub(crate) fn too_many_statements() -> SqlError {
    SqlError::new(
        ErrorKind::NotSupported,
        "The batch runs too many statements (IF/EXEC expansion is limited to 10000).",
    )
}

/// Runs one statement of a batch.
pub(crate) async fn step(session: &mut Session, stmt: Statement) -> Step {
    let result = match stmt {
        Statement::Declare { stmts } => declare(session, stmts).await.map(|()| Step::Nothing),
        Statement::Set(Set::SingleAssignment {
            variable, values, ..
        }) if local_name(&variable).is_some() => set_local(session, &variable, values)
            .await
            .map(|()| Step::Nothing),
        Statement::If(i) => branch(session, i).await.map(Step::Inline),
        Statement::Print(p) => print(session, *p.message).await.map(Step::Outcome),
        Statement::Execute {
            name: None,
            parameters,
            ..
        } => exec_text(session, parameters).await.map(Step::Inline),
        Statement::Execute {
            name: Some(name),
            parameters,
            ..
        } if is_executesql(&name) => executesql(session, parameters).await.map(Step::Inline),
        Statement::Execute {
            name: Some(name),
            parameters,
            ..
        } if name.to_string() == INSERT_EXEC => super::table_vars::insert_exec(session, parameters)
            .await
            .map(Step::Outcome),
        other => return Step::Outcome(session.run_statement(other).await),
    };
    result.unwrap_or_else(|e| Step::Outcome(Outcome::Error(e)))
}

/// `@v` of `SET @v = …` (not `@@…`, which SET cannot assign).
fn local_name(name: &ObjectName) -> Option<String> {
    match name.0.as_slice() {
        [part] => part
            .as_ident()
            .filter(|i| i.quote_style.is_none() && i.value.starts_with('@'))
            .filter(|i| !i.value.starts_with("@@"))
            .map(|i| i.value.clone()),
        _ => None,
    }
}

fn is_executesql(name: &ObjectName) -> bool {
    name.0
        .last()
        .and_then(|p| p.as_ident())
        .is_some_and(|i| i.value.eq_ignore_ascii_case("sp_executesql"))
}

/// `SELECT <expr>` evaluated to one value.
pub(crate) async fn eval(session: &Session, expr: Expr) -> Result<ScalarValue, SqlError> {
    let mut stmts = parse_batch("SELECT 1")?;
    let mut stmt = stmts.pop().ok_or_else(|| SqlError::syntax_near("SELECT"))?;
    if let Statement::Query(q) = &mut stmt {
        if let SetExpr::Select(select) = q.body.as_mut() {
            select.projection = vec![SelectItem::UnnamedExpr(expr)];
        }
    }
    evaluate(session, stmt).await
}

/// The text of a value as PRINT and EXEC use it; NULL is empty.
fn text(v: &ScalarValue) -> String {
    match v {
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => s.clone(),
        v if v.is_null() => String::new(),
        other => other.to_string(),
    }
}

async fn declare(session: &mut Session, stmts: Vec<Declare>) -> Result<(), SqlError> {
    for d in stmts {
        if let (Some(DataType::Table(Some(columns))), [name]) = (&d.data_type, d.names.as_slice()) {
            super::table_vars::declare(session, &name.value, columns)?;
            continue;
        }
        let (Some(ty), [name]) = (&d.data_type, d.names.as_slice()) else {
            return Err(SqlError::new(
                ErrorKind::NotSupported,
                "Only scalar variables can be declared in vtds (no cursors or table variables).",
            ));
        };
        let declared = declaration(&name.value, ty)?;
        session.locals_mut().declare(declared.clone())?;
        let value = match d.assignment {
            Some(
                DeclareAssignment::MsSqlAssignment(e)
                | DeclareAssignment::Expr(e)
                | DeclareAssignment::Default(e),
            ) => eval(session, converted(&declared, *e)).await?,
            _ => continue,
        };
        session.locals_mut().assign(&declared.key, value)?;
    }
    Ok(())
}

async fn set_local(
    session: &mut Session,
    variable: &ObjectName,
    values: Vec<Expr>,
) -> Result<(), SqlError> {
    let name = local_name(variable).unwrap_or_default();
    let declared = session
        .locals()
        .get(&name)
        .map(|l| l.declared.clone())
        .ok_or_else(|| super::locals::undeclared(&name))?;
    let [expr] = <[Expr; 1]>::try_from(values).map_err(|_| SqlError::syntax_near(&name))?;
    let value = eval(session, converted(&declared, expr)).await?;
    session.locals_mut().assign(&name, value)
}

/// Whether a search condition holds (NULL does not).
async fn holds(session: &Session, condition: Expr) -> Result<bool, SqlError> {
    let one = |n: &str| Expr::value(Value::Number(n.to_string(), false));
    let test = Expr::Case {
        case_token: AttachedToken::empty(),
        end_token: AttachedToken::empty(),
        operand: None,
        conditions: vec![CaseWhen {
            condition,
            result: one("1"),
        }],
        else_result: Some(Box::new(one("0"))),
    };
    Ok(matches!(
        eval(session, test).await?,
        ScalarValue::Int8(Some(1))
            | ScalarValue::Int16(Some(1))
            | ScalarValue::Int32(Some(1))
            | ScalarValue::Int64(Some(1))
    ))
}

fn statements(block: ConditionalStatements) -> Vec<Statement> {
    match block {
        ConditionalStatements::Sequence { statements } => statements,
        ConditionalStatements::BeginEnd(b) => b.statements,
    }
}

/// `IF cond stmt [ELSE stmt]`: the statements of the branch taken.
async fn branch(session: &Session, i: IfStatement) -> Result<Vec<Statement>, SqlError> {
    let blocks = std::iter::once(i.if_block).chain(i.elseif_blocks);
    for block in blocks {
        let Some(condition) = block.condition else {
            continue;
        };
        if holds(session, condition).await? {
            return Ok(statements(block.conditional_statements));
        }
    }
    Ok(i.else_block
        .map(|b| statements(b.conditional_statements))
        .unwrap_or_default())
}

async fn print(session: &Session, message: Expr) -> Result<Outcome, SqlError> {
    let value = eval(session, message).await?;
    Ok(Outcome::Info {
        number: 0,
        message: text(&value),
    })
}

/// `EXEC ('…' [+ …])`: the string's statements.
async fn exec_text(session: &Session, parts: Vec<Expr>) -> Result<Vec<Statement>, SqlError> {
    let mut sql = String::new();
    for part in parts {
        sql.push_str(&text(&eval(session, part).await?));
    }
    parse_batch(&sql)
}

/// `@name = value` or a positional value.
fn argument(e: Expr) -> (Option<String>, Expr) {
    match e {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } => match *left {
            Expr::Identifier(id) if id.quote_style.is_none() && id.value.starts_with('@') => {
                (Some(id.value.to_ascii_lowercase()), *right)
            }
            left => (
                None,
                Expr::BinaryOp {
                    left: Box::new(left),
                    op: BinaryOperator::Eq,
                    right,
                },
            ),
        },
        other => (None, other),
    }
}

/// `EXEC sp_executesql @stmt [, @params [, values…]]` in a batch: the parameters become
/// variables of the batch and the statement text runs next.
async fn executesql(session: &mut Session, args: Vec<Expr>) -> Result<Vec<Statement>, SqlError> {
    let mut args = args.into_iter().map(argument);
    let (_, stmt) = args.next().ok_or_else(|| {
        SqlError::new(
            ErrorKind::MissingParameter,
            "Procedure or function 'sp_executesql' expects parameter '@statement', which was not supplied.",
        )
    })?;
    let sql = text(&eval(session, stmt).await?);
    let decl = match args.next() {
        Some((_, e)) => text(&eval(session, e).await?),
        None => String::new(),
    };
    let declared = parse_declarations(&decl)?;
    let mut values: Vec<Option<Expr>> = vec![None; declared.len()];
    for (i, (name, value)) in args.enumerate() {
        let slot = match &name {
            Some(n) => declared.iter().position(|d| &d.key == n),
            None => Some(i),
        };
        match slot.and_then(|s| values.get_mut(s)) {
            Some(v) => *v = Some(value),
            None => {
                return Err(SqlError::new(
                    ErrorKind::TooManyArguments,
                    "Procedure or function has too many arguments specified.",
                ))
            }
        }
    }
    for (d, value) in declared.into_iter().zip(values) {
        let Some(value) = value else {
            return Err(SqlError::new(
                ErrorKind::MissingParameter,
                format!(
                    "The parameterized query '({decl})' expects the parameter '{}', which was not supplied.",
                    d.key
                ),
            ));
        };
        let v = eval(session, converted(&d, value)).await?;
        session.locals_mut().bind(d, v);
    }
    parse_batch(&sql)
}
