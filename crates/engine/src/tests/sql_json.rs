//! OPENJSON and JSON_QUERY over literals, variables and the JSON columns of Stripe tables.

use super::harness::{one, run, scalar, session};

#[tokio::test]
async fn openjson_default_schema_over_a_literal_and_a_variable() {
    let mut s = session();
    let r = one(
        &mut s,
        r#"SELECT [key], [value], [type] FROM OPENJSON(N'{"plan":"pro","seats":3,"trial":false,"tags":["a"],"x":null}')"#,
    )
    .await;
    assert_eq!(r.names(), vec!["key", "value", "type"]);
    assert_eq!(
        r.rows(),
        &vec![
            vec!["plan", "pro", "1"],
            vec!["seats", "3", "2"],
            vec!["trial", "false", "3"],
            vec!["tags", "[\"a\"]", "4"],
            vec!["x", "NULL", "0"],
        ]
    );
    let out = run(
        &mut s,
        r#"DECLARE @j nvarchar(max) = N'{"a":{"b":[10,20]}}'; SELECT [key], value FROM OPENJSON(@j, '$.a.b') ORDER BY [key] DESC"#,
    )
    .await;
    assert_eq!(
        out.last().unwrap().rows(),
        &vec![vec!["1", "20"], vec!["0", "10"]]
    );
    let r = one(
        &mut s,
        r#"SELECT id, name FROM OPENJSON('[{"id":1,"name":"a"},{"id":2}]') WITH (id int '$.id', name nvarchar(10))"#,
    )
    .await;
    assert_eq!(r.rows(), &vec![vec!["1", "a"], vec!["2", "NULL"]]);
}

#[tokio::test]
async fn cross_and_outer_apply_over_a_json_column() {
    let mut s = session();
    let r = one(
        &mut s,
        "SELECT c.Id, j.[key], j.[value] FROM Stripe.Customers c CROSS APPLY OPENJSON(c.Discount) AS j",
    )
    .await;
    assert_eq!(r.names(), vec!["Id", "key", "value"]);
    assert_eq!(r.rows(), &vec![vec!["cus_2", "coupon", "SAVE10"]]);
    let r = one(
        &mut s,
        "SELECT c.Id, j.[key] FROM Stripe.Customers c OUTER APPLY OPENJSON(c.Discount) j ORDER BY c.Id",
    )
    .await;
    assert_eq!(r.rows().len(), 5);
    assert_eq!(r.rows()[0], vec!["cus_1", "NULL"]);
    assert_eq!(r.rows()[1], vec!["cus_2", "coupon"]);
    let r = one(
        &mut s,
        "SELECT Id, [value] FROM Stripe.Customers CROSS APPLY OPENJSON(Discount) WHERE [key] = 'coupon'",
    )
    .await;
    assert_eq!(r.rows(), &vec![vec!["cus_2", "SAVE10"]]);
}

#[tokio::test]
async fn json_query_returns_objects_and_arrays() {
    let mut s = session();
    assert_eq!(
        scalar(&mut s, r#"SELECT JSON_QUERY(N'{"a":{"b":[1, 2]}}', '$.a')"#).await,
        r#"{"b":[1, 2]}"#
    );
    assert_eq!(
        scalar(&mut s, r#"SELECT JSON_QUERY('{"a":1}', '$.a')"#).await,
        "NULL"
    );
    assert_eq!(
        scalar(
            &mut s,
            "SELECT JSON_QUERY(Discount) FROM Stripe.Customers WHERE Id = 'cus_2'"
        )
        .await,
        r#"{"coupon":"SAVE10"}"#
    );
    let r = one(&mut s, "SELECT [key] FROM OPENJSON('not json')").await;
    assert!(matches!(r, super::harness::R::Err(..)), "{r:?}");
}
