package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// types reads one simulated customer with NULL, BIT, BIGINT, DATETIME, DATETIME2, FLOAT, DECIMAL
// and NVARCHAR(MAX) columns and checks both the Go types the driver produced and the values.
func types(db *sql.DB) error {
	id := env("VTDS_EXPECT_ID")
	row := db.QueryRow(`SELECT Id, Email, Name, Balance, Delinquent, Created,
		CAST(Created AS DATETIME2) AS Created2, CAST(Balance AS FLOAT) AS BalanceF,
		CAST(Balance AS DECIMAL(19,2)) AS BalanceD, InvoiceSettingsFooter, Metadata
		FROM Stripe.Customers WHERE Id = '` + id + `'`)
	var gotID, email, name, metadata string
	var balance, delinquent, created, created2, balanceF, balanceD, footer interface{}
	err := row.Scan(&gotID, &email, &name, &balance, &delinquent, &created, &created2,
		&balanceF, &balanceD, &footer, &metadata)
	if err != nil {
		return err
	}
	wantBalance, _ := strconv.ParseInt(env("VTDS_EXPECT_BALANCE"), 10, 64)
	wantCreated := createdAt()
	var problems []string
	expect := func(what string, got, want interface{}) {
		if !reflect.DeepEqual(got, want) {
			problems = append(problems, fmt.Sprintf("%s = %#v, want %#v", what, got, want))
		}
	}
	expect("Id", gotID, id)
	expect("Email", email, env("VTDS_EXPECT_EMAIL"))
	expect("Name", name, env("VTDS_EXPECT_NAME"))
	expect("Balance", balance, wantBalance)
	expect("Delinquent", delinquent, env("VTDS_EXPECT_DELINQUENT") == "true")
	for what, v := range map[string]interface{}{"Created": created, "Created2": created2} {
		if t, ok := v.(time.Time); !ok || !t.Equal(wantCreated) {
			problems = append(problems, fmt.Sprintf("%s = %#v, want %v", what, v, wantCreated))
		}
	}
	expect("BalanceF", balanceF, float64(wantBalance))
	expect("BalanceD", balanceD, []byte(fmt.Sprintf("%d.00", wantBalance)))
	expect("InvoiceSettingsFooter", footer, nil)
	var gotMeta, wantMeta interface{}
	if err := json.Unmarshal([]byte(metadata), &gotMeta); err != nil {
		problems = append(problems, fmt.Sprintf("Metadata %q: %v", metadata, err))
	}
	_ = json.Unmarshal([]byte(env("VTDS_EXPECT_METADATA")), &wantMeta)
	expect("Metadata", gotMeta, wantMeta)
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// createdAt is the expected customer's creation time.
func createdAt() time.Time {
	unix, _ := strconv.ParseInt(env("VTDS_EXPECT_CREATED"), 10, 64)
	return time.Unix(unix, 0).UTC()
}

// one runs a single-row, single-column query and returns the value.
func one(db *sql.DB, query string, args ...interface{}) (interface{}, error) {
	var v interface{}
	err := db.QueryRow(query, args...).Scan(&v)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", query, err)
	}
	return v, nil
}

// params sends @p1-style parameters (sp_executesql) of each Go type the driver maps.
func params(db *sql.DB) error {
	id := env("VTDS_EXPECT_ID")
	cases := []struct {
		query string
		args  []interface{}
		want  interface{}
	}{
		{"SELECT Email FROM Stripe.Customers WHERE Id = @p1", []interface{}{id}, env("VTDS_EXPECT_EMAIL")},
		{"SELECT @p1 + 1", []interface{}{int64(41)}, int64(42)},
		{"SELECT @p1 * 2", []interface{}{1.25}, 2.5},
		{"SELECT @p1", []interface{}{true}, true},
		{"SELECT COUNT(*) FROM Stripe.Customers WHERE Id = @p1 AND Delinquent = @p2",
			[]interface{}{id, env("VTDS_EXPECT_DELINQUENT") == "true"}, int64(1)},
		{"SELECT COALESCE(@p1, N'none')", []interface{}{nil}, "none"},
		{"SELECT COUNT(*) FROM Stripe.Customers WHERE Id = @p1", []interface{}{nil}, int64(0)},
		// time.Time goes out as DATETIMEOFFSET(7), compared here with a DATETIME column.
		{"SELECT Id FROM Stripe.Customers WHERE Id = @p1 AND Created = @p2",
			[]interface{}{id, createdAt()}, id},
		{"SELECT @p1", []interface{}{[]byte("hi")}, []byte("hi")},
		{"SELECT @p1 + N'-' + @p2", []interface{}{"Grüße", "𝄞"}, "Grüße-𝄞"},
		{"SELECT COUNT(*) FROM Stripe.Customers WHERE Id = @id OR Id = @p2",
			[]interface{}{sql.Named("id", id), "cus_nope"}, int64(1)},
	}
	for _, c := range cases {
		got, err := one(db, c.query, c.args...)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, c.want) {
			return fmt.Errorf("%s %v = %#v, want %#v", c.query, c.args, got, c.want)
		}
	}
	return nil
}

// prepared reuses one *sql.Stmt for every expected id.
func prepared(db *sql.DB) error {
	stmt, err := db.Prepare("SELECT Id FROM Stripe.Customers WHERE Id = @p1")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, id := range strings.Split(env("VTDS_EXPECT_TOP3"), ",") {
		var got string
		if err := stmt.QueryRow(id).Scan(&got); err != nil {
			return fmt.Errorf("%s: %v", id, err)
		}
		if got != id {
			return fmt.Errorf("got %s, want %s", got, id)
		}
	}
	return nil
}
