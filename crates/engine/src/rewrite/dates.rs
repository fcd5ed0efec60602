//! T-SQL date functions in DataFusion terms: `DATEPART`/`YEAR`/`MONTH`/`DAY`, `DATEADD`,
//! `DATEDIFF` (counting boundaries crossed, as SQL Server does), `EOMONTH`, `DATEFROMPARTS`.
//! Date parts are written as bare words (`DATEADD(day, 1, x)`) or their abbreviations.

use sqlparser::ast::{
    BinaryOperator, CastKind, CharacterLength, DataType, Expr, Ident, ObjectName, Value,
    ValueWithSpan,
};

use super::functions::call;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Year,
    Quarter,
    Month,
    DayOfYear,
    Day,
    Week,
    Weekday,
    Hour,
    Minute,
    Second,
    Millisecond,
    Microsecond,
    Nanosecond,
}

/// A date part as written: `day`, `dd`, `d`, `'day'`, …
fn part(e: &Expr) -> Option<Part> {
    let word = match e {
        Expr::Identifier(id) => id.value.to_ascii_lowercase(),
        Expr::Value(ValueWithSpan {
            value: Value::SingleQuotedString(s),
            ..
        }) => s.to_ascii_lowercase(),
        _ => return None,
    };
    Some(match word.as_str() {
        "year" | "yy" | "yyyy" => Part::Year,
        "quarter" | "qq" | "q" => Part::Quarter,
        "month" | "mm" | "m" => Part::Month,
        "dayofyear" | "dy" | "y" => Part::DayOfYear,
        "day" | "dd" | "d" => Part::Day,
        "week" | "wk" | "ww" => Part::Week,
        "weekday" | "dw" | "w" => Part::Weekday,
        "hour" | "hh" => Part::Hour,
        "minute" | "mi" | "n" => Part::Minute,
        "second" | "ss" | "s" => Part::Second,
        "millisecond" | "ms" => Part::Millisecond,
        "microsecond" | "mcs" => Part::Microsecond,
        "nanosecond" | "ns" => Part::Nanosecond,
        _ => return None,
    })
}

fn text(s: &str) -> Expr {
    Expr::Value(Value::SingleQuotedString(s.to_string()).into())
}

fn num(n: i64) -> Expr {
    Expr::Value(Value::Number(n.to_string(), false).into())
}

fn bin(l: Expr, op: BinaryOperator, r: Expr) -> Expr {
    Expr::Nested(Box::new(Expr::BinaryOp {
        left: Box::new(l),
        op,
        right: Box::new(r),
    }))
}

fn cast(e: Expr, data_type: DataType) -> Expr {
    Expr::Cast {
        kind: CastKind::Cast,
        expr: Box::new(e),
        data_type,
        array: false,
        format: None,
    }
}

fn int(e: Expr) -> Expr {
    cast(e, DataType::Int(None))
}

fn datetime2() -> DataType {
    DataType::Custom(ObjectName::from(vec![Ident::new("datetime2")]), vec![])
}

/// Any date, time or date-time value (or text) as a timestamp.
fn ts(e: Expr) -> Expr {
    cast(e, datetime2())
}

fn date_part(p: &str, e: Expr) -> Expr {
    call("date_part", vec![text(p), e])
}

fn trunc(p: &str, e: Expr) -> Expr {
    call("date_trunc", vec![text(p), e])
}

fn epoch(e: Expr) -> Expr {
    date_part("epoch", e)
}

/// `amount` units as an interval (`CAST('3 days' AS INTERVAL)`).
fn interval(amount: Expr, unit: &str) -> Expr {
    let words = call(
        "concat",
        vec![
            cast(amount, DataType::Varchar(None)),
            text(&format!(" {unit}")),
        ],
    );
    cast(
        words,
        DataType::Interval {
            fields: None,
            precision: None,
        },
    )
}

/// `DATEPART(part, x)` as an int.
fn datepart(p: Part, x: Expr) -> Expr {
    let x = ts(x);
    match p {
        Part::Year => int(date_part("year", x)),
        Part::Quarter => int(date_part("quarter", x)),
        Part::Month => int(date_part("month", x)),
        Part::DayOfYear => int(date_part("doy", x)),
        Part::Day => int(date_part("day", x)),
        // Sunday is 1 (SET DATEFIRST 7, SQL Server's default for us_english).
        Part::Weekday => int(bin(date_part("dow", x), BinaryOperator::Plus, num(1))),
        // Weeks start on Sunday and week 1 holds January 1.
        Part::Week => {
            let jan1 = date_part("dow", trunc("year", x.clone()));
            let days = bin(date_part("doy", x), BinaryOperator::Minus, num(1));
            let since = bin(days, BinaryOperator::Plus, jan1);
            int(bin(
                bin(since, BinaryOperator::Divide, num(7)),
                BinaryOperator::Plus,
                num(1),
            ))
        }
        Part::Hour => int(date_part("hour", x)),
        Part::Minute => int(date_part("minute", x)),
        Part::Second => int(date_part("second", x)),
        Part::Millisecond => int(bin(
            date_part("millisecond", x),
            BinaryOperator::Modulo,
            num(1000),
        )),
        Part::Microsecond => int(bin(
            date_part("microsecond", x),
            BinaryOperator::Modulo,
            num(1_000_000),
        )),
        Part::Nanosecond => int(bin(
            date_part("nanosecond", x),
            BinaryOperator::Modulo,
            num(1_000_000_000),
        )),
    }
}

/// `DATEADD(part, n, x)`.
fn dateadd(p: Part, n: Expr, x: Expr) -> Expr {
    let (unit, times) = match p {
        Part::Year => ("years", 1),
        Part::Quarter => ("months", 3),
        Part::Month => ("months", 1),
        Part::Week => ("days", 7),
        Part::Day | Part::DayOfYear | Part::Weekday => ("days", 1),
        Part::Hour => ("hours", 1),
        Part::Minute => ("minutes", 1),
        Part::Second => ("seconds", 1),
        Part::Millisecond => ("milliseconds", 1),
        Part::Microsecond => ("microseconds", 1),
        Part::Nanosecond => ("nanoseconds", 1),
    };
    let amount = if times == 1 {
        n
    } else {
        bin(n, BinaryOperator::Multiply, num(times))
    };
    bin(ts(x), BinaryOperator::Plus, interval(amount, unit))
}

/// Whole `unit`s between the truncations of `a` and `b` (float seconds ÷ unit seconds).
fn units_between(a: Expr, b: Expr, trunc_to: &str, seconds: i64) -> Expr {
    let diff = bin(
        epoch(trunc(trunc_to, ts(b))),
        BinaryOperator::Minus,
        epoch(trunc(trunc_to, ts(a))),
    );
    call(
        "round",
        vec![bin(diff, BinaryOperator::Divide, num(seconds))],
    )
}

/// `DATEDIFF(part, a, b)`: the number of `part` boundaries crossed going from `a` to `b`.
fn datediff(p: Part, a: Expr, b: Expr) -> Expr {
    let minus = |l: Expr, r: Expr| bin(l, BinaryOperator::Minus, r);
    let scaled = |e: Expr, by: i64, plus: Expr| {
        bin(
            bin(e, BinaryOperator::Multiply, num(by)),
            BinaryOperator::Plus,
            plus,
        )
    };
    match p {
        Part::Year => minus(datepart(Part::Year, b), datepart(Part::Year, a)),
        Part::Quarter => minus(
            scaled(
                datepart(Part::Year, b.clone()),
                4,
                datepart(Part::Quarter, b),
            ),
            scaled(
                datepart(Part::Year, a.clone()),
                4,
                datepart(Part::Quarter, a),
            ),
        ),
        Part::Month => minus(
            scaled(
                datepart(Part::Year, b.clone()),
                12,
                datepart(Part::Month, b),
            ),
            scaled(
                datepart(Part::Year, a.clone()),
                12,
                datepart(Part::Month, a),
            ),
        ),
        Part::Day | Part::DayOfYear | Part::Weekday => units_between(a, b, "day", 86_400),
        // Sundays crossed: 1970-01-01 was a Thursday, so days + 4 reach a multiple of 7 on Sundays.
        Part::Week => {
            let weeks = |x: Expr| {
                call(
                    "floor",
                    vec![bin(
                        bin(
                            bin(
                                epoch(trunc("day", ts(x))),
                                BinaryOperator::Divide,
                                num(86_400),
                            ),
                            BinaryOperator::Plus,
                            num(4),
                        ),
                        BinaryOperator::Divide,
                        num(7),
                    )],
                )
            };
            minus(weeks(b), weeks(a))
        }
        Part::Hour => units_between(a, b, "hour", 3_600),
        Part::Minute => units_between(a, b, "minute", 60),
        Part::Second => units_between(a, b, "second", 1),
        Part::Millisecond => call(
            "round",
            vec![bin(
                minus(
                    epoch(trunc("millisecond", ts(b))),
                    epoch(trunc("millisecond", ts(a))),
                ),
                BinaryOperator::Multiply,
                num(1_000),
            )],
        ),
        Part::Microsecond | Part::Nanosecond => {
            let per = if p == Part::Microsecond {
                1_000_000
            } else {
                1_000_000_000
            };
            call(
                "round",
                vec![bin(
                    minus(epoch(ts(b)), epoch(ts(a))),
                    BinaryOperator::Multiply,
                    num(per),
                )],
            )
        }
    }
}

/// The rewrite of a date function call, `None` for other names or shapes (DataFusion then
/// reports the call as it would).
pub(super) fn rewrite(name: &str, args: Vec<Expr>) -> Option<Expr> {
    Some(match (name, args.as_slice()) {
        ("year", [x]) => datepart(Part::Year, x.clone()),
        ("month", [x]) => datepart(Part::Month, x.clone()),
        ("day", [x]) => datepart(Part::Day, x.clone()),
        ("datepart", [p, x]) => datepart(part(p)?, x.clone()),
        ("dateadd", [p, n, x]) => dateadd(part(p)?, n.clone(), x.clone()),
        ("datediff", [p, a, b]) => int(datediff(part(p)?, a.clone(), b.clone())),
        ("datediff_big", [p, a, b]) => cast(
            datediff(part(p)?, a.clone(), b.clone()),
            DataType::BigInt(None),
        ),
        ("eomonth", [d]) => eomonth(d.clone(), num(0)),
        ("eomonth", [d, months]) => eomonth(d.clone(), months.clone()),
        ("datefromparts", [y, m, d]) => call("make_date", vec![y.clone(), m.clone(), d.clone()]),
        ("format", [x, pattern]) | ("format", [x, pattern, _]) => format(x.clone(), pattern)?,
        _ => return None,
    })
}

/// The last day of the month `months` after `d`'s, as a date.
fn eomonth(d: Expr, months: Expr) -> Expr {
    let next = bin(months, BinaryOperator::Plus, num(1));
    let first_of_next = bin(
        trunc("month", ts(d)),
        BinaryOperator::Plus,
        interval(next, "months"),
    );
    cast(
        bin(
            first_of_next,
            BinaryOperator::Minus,
            interval(num(1), "days"),
        ),
        DataType::Date,
    )
}

/// `CONVERT(<character type>, x, style)` for the date styles: the text SQL Server writes, cut
/// to the type's length as SQL Server does (`CONVERT(VARCHAR(10), d, 120)` is the date alone).
/// `None` for other styles or targets: the plain cast applies.
pub(super) fn convert_with_style(x: &Expr, target: &DataType, styles: &[Expr]) -> Option<Expr> {
    // Select-list integers arrive as `CAST(120 AS INT)` (see `int_literals`).
    let style = match styles {
        [Expr::Cast { expr, .. }] => expr.as_ref(),
        [e] => e,
        _ => return None,
    };
    let Expr::Value(ValueWithSpan {
        value: Value::Number(style, _),
        ..
    }) = style
    else {
        return None;
    };
    let format = match style.as_str() {
        "20" | "120" => "%Y-%m-%d %H:%M:%S",
        "21" | "25" | "121" => "%Y-%m-%d %H:%M:%S%.3f",
        "126" | "127" => "%Y-%m-%dT%H:%M:%S%.3f",
        "23" => "%Y-%m-%d",
        "112" => "%Y%m%d",
        "101" => "%m/%d/%Y",
        "102" => "%Y.%m.%d",
        "103" => "%d/%m/%Y",
        "104" => "%d.%m.%Y",
        "105" => "%d-%m-%Y",
        "108" | "8" | "24" => "%H:%M:%S",
        "110" => "%m-%d-%Y",
        "111" => "%Y/%m/%d",
        _ => return None,
    };
    let length = match target {
        DataType::Varchar(len)
        | DataType::Nvarchar(len)
        | DataType::Char(len)
        | DataType::Character(len)
        | DataType::CharVarying(len)
        | DataType::CharacterVarying(len) => len.as_ref().map_or(Some(30), |l| match l {
            CharacterLength::IntegerLength { length, .. } => Some(*length),
            CharacterLength::Max => None,
        }),
        _ => return None,
    };
    let text = call("to_char", vec![ts(x.clone()), self::text(format)]);
    let cut = match length {
        Some(n) => call("left", vec![text, num(i64::try_from(n).ok()?)]),
        None => text,
    };
    Some(cast(cut, target.clone()))
}

/// `FORMAT(d, 'yyyy-MM-dd')`: .NET custom date patterns as chrono ones. Other patterns (numbers,
/// standard one-letter formats) are left to the `format` UDF (`hooks::format`).
fn format(x: Expr, pattern: &Expr) -> Option<Expr> {
    let Expr::Value(ValueWithSpan {
        value: Value::SingleQuotedString(pattern) | Value::NationalStringLiteral(pattern),
        ..
    }) = pattern
    else {
        return None;
    };
    Some(call(
        "to_char",
        vec![ts(x), text(&dotnet_to_chrono(pattern)?)],
    ))
}

/// `yyyy-MM-dd HH:mm:ss.fff` → `%Y-%m-%d %H:%M:%S%.3f`; `None` when the pattern has no date or
/// time token (a number format) or one vtds does not translate.
fn dotnet_to_chrono(pattern: &str) -> Option<String> {
    const TOKENS: &[(&str, &str)] = &[
        ("yyyy", "%Y"),
        ("yy", "%y"),
        ("MMMM", "%B"),
        ("MMM", "%b"),
        ("MM", "%m"),
        ("M", "%-m"),
        ("dddd", "%A"),
        ("ddd", "%a"),
        ("dd", "%d"),
        ("d", "%-d"),
        ("HH", "%H"),
        ("H", "%-H"),
        ("hh", "%I"),
        ("h", "%-I"),
        ("mm", "%M"),
        ("m", "%-M"),
        ("ss", "%S"),
        ("s", "%-S"),
        ("fff", "%3f"),
        ("ff", "%2f"),
        ("tt", "%p"),
    ];
    let mut out = String::new();
    let mut rest = pattern;
    let mut any = false;
    while let Some(c) = rest.chars().next() {
        if let Some((from, to)) = TOKENS.iter().find(|(from, _)| rest.starts_with(from)) {
            // `.fff` is chrono's `%.3f` without its own dot.
            if from.starts_with('f') && out.ends_with('.') {
                out.pop();
                out.push_str(&to.replacen('%', "%.", 1));
            } else {
                out.push_str(to);
            }
            rest = &rest[from.len()..];
            any = true;
            continue;
        }
        match c {
            '%' => out.push_str("%%"),
            '\\' => {
                rest = &rest[1..];
                if let Some(next) = rest.chars().next() {
                    out.push(next);
                    rest = &rest[next.len_utf8()..];
                }
                continue;
            }
            c if c.is_ascii_alphabetic() => return None,
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    any.then_some(out)
}
