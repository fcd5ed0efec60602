// The go-mssqldb (sqlcmd's driver) client suite for vtds: database/sql against a running demo.
//
// Reads VTDS_HOST/PORT/USER/PASSWORD/DATABASE plus the simulator's expected values
// (VTDS_EXPECT_*) from the environment, prints `ok <check>` or `FAIL <check>: <why>` per check
// and exits 1 when any failed. Built offline in GOPATH mode against Debian's
// golang-github-denisenkom-go-mssqldb-dev (see scripts/install/go-clients.sh).
package main

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	mssql "github.com/denisenkom/go-mssqldb"
)

var failed bool

// check runs one named check and reports it in the suite's line format.
func check(name string, f func() error) {
	defer func() {
		if r := recover(); r != nil {
			failed = true
			fmt.Printf("FAIL %s: panic: %v\n", name, r)
		}
	}()
	if err := f(); err != nil {
		failed = true
		fmt.Printf("FAIL %s: %s\n", name, strings.ReplaceAll(err.Error(), "\n", " | "))
		return
	}
	fmt.Printf("ok %s\n", name)
}

func env(name string) string {
	v, ok := os.LookupEnv(name)
	if !ok {
		fmt.Printf("FAIL setup: %s is not set\n", name)
		os.Exit(2)
	}
	return v
}

// dsn builds a sqlserver:// URL (the user is an email, so it must be escaped) with extra params.
func dsn(password string, params map[string]string) string {
	q := url.Values{}
	q.Set("database", env("VTDS_DATABASE"))
	q.Set("connection timeout", "30")
	for k, v := range params {
		q.Set(k, v)
	}
	u := url.URL{
		Scheme:   "sqlserver",
		User:     url.UserPassword(env("VTDS_USER"), password),
		Host:     net.JoinHostPort(env("VTDS_HOST"), env("VTDS_PORT")),
		RawQuery: q.Encode(),
	}
	return u.String()
}

var (
	plain = map[string]string{"encrypt": "disable"}
	tls   = map[string]string{"encrypt": "true", "TrustServerCertificate": "true"}
	// No encrypt parameter: this driver then encrypts only the login packet (PRELOGIN ENCRYPT_OFF).
	loginOnly = map[string]string{}
)

// open connects and proves the connection works with a round trip.
func open(params map[string]string) (*sql.DB, error) {
	db, err := sql.Open("sqlserver", dsn(env("VTDS_PASSWORD"), params))
	if err != nil {
		return nil, err
	}
	var one int64
	if err := db.QueryRow("SELECT 1").Scan(&one); err != nil {
		db.Close()
		return nil, err
	}
	if one != 1 {
		db.Close()
		return nil, fmt.Errorf("SELECT 1 returned %d", one)
	}
	return db, nil
}

func main() {
	var db *sql.DB
	check("connect", func() (err error) {
		db, err = open(plain)
		return
	})
	if db == nil {
		os.Exit(1)
	}
	defer db.Close()
	for name, params := range map[string]map[string]string{"connect_tls": tls, "connect_login_tls": loginOnly} {
		params := params
		check(name, func() error {
			other, err := open(params)
			if err != nil {
				return err
			}
			// Not closed: this 2017 driver's Close of a fully encrypted connection panics
			// ("Not implemented" from timeoutConn.SetWriteDeadline, called by crypto/tls's
			// closeNotify); the process ends soon anyway.
			if params["encrypt"] != "true" {
				defer other.Close()
			}
			return expectCount(other)
		})
	}
	check("count", func() error { return expectCount(db) })
	check("top3", func() error { return top3(db) })
	check("types", func() error { return types(db) })
	check("params", func() error { return params(db) })
	check("prepared", func() error { return prepared(db) })
	check("column_types", func() error { return columnTypes(db) })
	check("information_schema", func() error { return informationSchema(db) })
	check("sqlcmd_probes", func() error { return probes(db) })
	check("transaction", func() error { return transaction(db) })
	check("error_208", func() error { return unknownTable(db) })
	check("wrong_password", wrongPassword)
	check("reconnect", func() error {
		db.Close()
		again, err := open(plain)
		if err != nil {
			return err
		}
		defer again.Close()
		return expectCount(again)
	})
	if failed {
		os.Exit(1)
	}
}

func expectCount(db *sql.DB) error {
	var n int64
	if err := db.QueryRow("SELECT COUNT(*) FROM Stripe.Customers").Scan(&n); err != nil {
		return err
	}
	if want := env("VTDS_EXPECT_COUNT"); fmt.Sprint(n) != want {
		return fmt.Errorf("COUNT(*) = %d, want %s", n, want)
	}
	return nil
}

func top3(db *sql.DB) error {
	rows, err := db.Query("SELECT TOP 3 Id, Email FROM Stripe.Customers ORDER BY Created DESC")
	if err != nil {
		return err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		var email sql.NullString
		if err := rows.Scan(&id, &email); err != nil {
			return err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if got, want := strings.Join(ids, ","), env("VTDS_EXPECT_TOP3"); got != want {
		return fmt.Errorf("ids %s, want %s", got, want)
	}
	return nil
}

// unknownTable expects error 208 and then uses the same connection again.
func unknownTable(db *sql.DB) error {
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.QueryContext(ctx, "SELECT * FROM Stripe.Nope")
	e, ok := err.(mssql.Error)
	if !ok {
		return fmt.Errorf("want mssql.Error 208, got %T %v", err, err)
	}
	if e.Number != 208 || e.Message != "Invalid object name 'Stripe.Nope'." {
		return fmt.Errorf("want 208 Invalid object name 'Stripe.Nope'., got %d %q", e.Number, e.Message)
	}
	var answer int64
	if err := conn.QueryRowContext(ctx, "SELECT 40 + 2").Scan(&answer); err != nil {
		return fmt.Errorf("after the error: %v", err)
	}
	if answer != 42 {
		return fmt.Errorf("after the error: %d", answer)
	}
	return nil
}

func wrongPassword() error {
	db, err := sql.Open("sqlserver", dsn("vtds_wrong_token_000000000", plain))
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// This driver flattens login errors into text ("Login error: mssql: Login failed ..."):
	// the number 18456 is not kept, so the message is what can be checked.
	err = db.PingContext(ctx)
	if err == nil {
		return fmt.Errorf("logged in with a wrong token")
	}
	want := fmt.Sprintf("Login failed for user '%s'.", env("VTDS_USER"))
	if !strings.Contains(err.Error(), want) {
		return fmt.Errorf("want %q, got %v", want, err)
	}
	return nil
}
