use super::*;

fn path(p: &str) -> Field {
    Field::Path(p.split('.').map(String::from).collect())
}

fn clause(field: Field, op: Op, value: Literal) -> Clause {
    Clause {
        negated: false,
        field,
        op,
        value,
    }
}

fn s(v: &str) -> Literal {
    Literal::Str(v.into())
}

fn num(text: &str) -> Literal {
    Literal::Num {
        text: text.into(),
        value: text.parse().unwrap(),
    }
}

#[test]
fn single_clauses_and_operators() {
    let q = parse(r#"email:"jenny@example.com""#).unwrap();
    assert_eq!(q.join, Join::And);
    assert_eq!(
        q.clauses,
        [clause(path("email"), Op::Eq, s("jenny@example.com"))]
    );
    for (text, op) in [
        ("amount>5", Op::Gt),
        ("amount>=5", Op::Gte),
        ("amount<5", Op::Lt),
        ("amount<=5", Op::Lte),
        ("amount:5", Op::Eq),
    ] {
        let q = parse(text).unwrap();
        assert_eq!(q.clauses, [clause(path("amount"), op, num("5"))], "{text}");
    }
    let q = parse("name~'jen'").unwrap();
    assert_eq!(q.clauses, [clause(path("name"), Op::Substring, s("jen"))]);
}

#[test]
fn values_paths_and_metadata() {
    let q =
        parse(r#"billing_details.address.postal_code:"94110" metadata["order id"]:'a\'b' -x:null"#)
            .unwrap();
    assert_eq!(
        q.clauses[0],
        clause(
            path("billing_details.address.postal_code"),
            Op::Eq,
            s("94110")
        )
    );
    assert_eq!(
        q.clauses[1],
        clause(Field::Metadata("order id".into()), Op::Eq, s("a'b"))
    );
    assert_eq!(
        q.clauses[2],
        Clause {
            negated: true,
            field: path("x"),
            op: Op::Eq,
            value: Literal::Null
        }
    );
    let q = parse(r#"a:true b:false c:-1.5 d:"say \"hi\" \\ ok" e:'null' f:"a\\""#).unwrap();
    let values: Vec<&Literal> = q.clauses.iter().map(|c| &c.value).collect();
    assert_eq!(
        values,
        [
            &Literal::Bool(true),
            &Literal::Bool(false),
            &num("-1.5"),
            &s(r#"say "hi" \ ok"#),
            &s("null"),
            &s("a\\"),
        ]
    );
}

#[test]
fn joins() {
    let q = parse("a:1 b:2\t c:3").unwrap();
    assert_eq!((q.join, q.clauses.len()), (Join::And, 3));
    let q = parse("  a:1 and b:2 AND c:3  ").unwrap();
    assert_eq!((q.join, q.clauses.len()), (Join::And, 3));
    let q = parse("a:1 or b:2 Or c:3").unwrap();
    assert_eq!((q.join, q.clauses.len()), (Join::Or, 3));
    // A field may start with a keyword's letters.
    let q = parse("a:1 OR order:2").unwrap();
    assert_eq!(q.clauses[1].field, path("order"));
}

#[test]
fn mixed_joins_are_rejected() {
    for bad in ["a:1 AND b:2 OR c:3", "a:1 b:2 OR c:3", "a:1 OR b:2 c:3"] {
        let e = parse(bad).unwrap_err();
        assert!(e.contains("cannot combine AND and OR"), "{bad}: {e}");
    }
}

#[test]
fn syntax_errors_are_clear() {
    let cases = [
        ("", "empty"),
        ("   ", "empty"),
        ("email", "expected an operator"),
        ("email=\"x\"", "expected an operator"),
        ("email:", "expected a value"),
        ("email:jenny", "must be quoted"),
        ("email:\"jenny", "no closing quote"),
        ("email:\"a\"name:\"b\"", "expected whitespace"),
        ("a:1 AND", "after the last AND/OR"),
        ("a:1 OR ", "after the last AND/OR"),
        ("metadata[key]:\"x\"", "expected a quoted string"),
        ("metadata[\"k\":\"x\"", "expected `]`"),
        (".a:1", "expected a field name"),
        ("a.:1", "expected a field name"),
        ("amount>1e5", "must be quoted"),
        ("-", "expected a field name"),
        ("a:\"x\\", "no closing quote"),
    ];
    for (bad, needle) in cases {
        let e = parse(bad).unwrap_err();
        assert!(e.contains(needle), "{bad:?}: {e}");
    }
    let e = parse("email").unwrap_err();
    assert_eq!(
        e,
        "Search query is invalid at position 5: expected an operator (`:`, `~`, `>`, `<`, \
         `>=` or `<=`) after the field, found the end of the query."
    );
}

#[test]
fn clause_limit() {
    let ten = ["a:1"; MAX_CLAUSES].join(" ");
    assert_eq!(parse(&ten).unwrap().clauses.len(), MAX_CLAUSES);
    let e = parse(&format!("{ten} a:1")).unwrap_err();
    assert!(e.contains("at most 10"), "{e}");
}

#[test]
fn numbers() {
    assert!(is_number("0") && is_number("-12") && is_number("3.25"));
    for bad in ["", "-", "1.", ".5", "1e5", "inf", "NaN", "1-2", "--1"] {
        assert!(!is_number(bad), "{bad}");
    }
}
