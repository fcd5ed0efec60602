package main

import (
	"database/sql"
	"fmt"
	"strings"
)

// columnTypes checks sql.ColumnType metadata (from the COLMETADATA token) for the customer columns.
func columnTypes(db *sql.DB) error {
	rows, err := db.Query(`SELECT Id, Balance, Delinquent, Created,
		CAST(Balance AS DECIMAL(19,2)) AS D, CAST(Balance AS FLOAT) AS F, Metadata
		FROM Stripe.Customers WHERE Id = @p1`, env("VTDS_EXPECT_ID"))
	if err != nil {
		return err
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		return err
	}
	want := []struct {
		name, typ string
		nullable  bool
		length    int64 // -1: not a variable-length type
	}{
		{"Id", "NVARCHAR", false, 255},
		{"Balance", "BIGINT", true, -1},
		{"Delinquent", "BIT", true, -1},
		{"Created", "DATETIME", true, -1},
		{"D", "DECIMAL", true, -1},
		{"F", "FLOAT", true, -1},
		// The driver reports NVARCHAR(MAX) as 2147483645/2 characters.
		{"Metadata", "NVARCHAR", true, 2147483645 / 2},
	}
	if len(cts) != len(want) {
		return fmt.Errorf("%d columns, want %d", len(cts), len(want))
	}
	var problems []string
	for i, w := range want {
		ct := cts[i]
		nullable, nok := ct.Nullable()
		length, lok := ct.Length()
		got := fmt.Sprintf("%s %s nullable=%v/%v", ct.Name(), ct.DatabaseTypeName(), nullable, nok)
		exp := fmt.Sprintf("%s %s nullable=%v/true", w.name, w.typ, w.nullable)
		if w.length >= 0 {
			got += fmt.Sprintf(" length=%d/%v", length, lok)
			exp += fmt.Sprintf(" length=%d/true", w.length)
		}
		if got != exp {
			problems = append(problems, fmt.Sprintf("got %s, want %s", got, exp))
		}
	}
	if p, s, ok := cts[4].DecimalSize(); p != 19 || s != 2 || !ok {
		problems = append(problems, fmt.Sprintf("D DecimalSize = %d,%d,%v, want 19,2,true", p, s, ok))
	}
	if _, _, ok := cts[1].DecimalSize(); ok {
		problems = append(problems, "Balance has a DecimalSize")
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// informationSchema reads the catalogue views (database/sql has no catalogue API of its own).
func informationSchema(db *sql.DB) error {
	rows, err := db.Query(`SELECT COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS
		WHERE TABLE_SCHEMA = @p1 AND TABLE_NAME = @p2 ORDER BY ORDINAL_POSITION`, "Stripe", "Customers")
	if err != nil {
		return err
	}
	defer rows.Close()
	types := map[string]string{}
	var first string
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return err
		}
		if first == "" {
			first = name
		}
		types[name] = typ
	}
	if err := rows.Err(); err != nil {
		return err
	}
	got := fmt.Sprintf("first=%s Balance=%s Created=%s Delinquent=%s Email=%s", first,
		types["Balance"], types["Created"], types["Delinquent"], types["Email"])
	want := "first=Id Balance=bigint Created=datetime Delinquent=bit Email=nvarchar"
	if got != want {
		return fmt.Errorf("got %s, want %s", got, want)
	}
	var n int64
	err = db.QueryRow(`SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES
		WHERE TABLE_SCHEMA = 'Stripe' AND TABLE_NAME IN ('Customers', 'Charges')`).Scan(&n)
	if err != nil {
		return err
	}
	if n != 2 {
		return fmt.Errorf("INFORMATION_SCHEMA.TABLES has %d of Customers, Charges", n)
	}
	return nil
}

// probes runs what go-sqlcmd asks of a server besides user batches.
func probes(db *sql.DB) error {
	var dbName, login string
	if err := db.QueryRow("SELECT DB_NAME(), SUSER_SNAME()").Scan(&dbName, &login); err != nil {
		return err
	}
	if dbName != env("VTDS_DATABASE") || login != env("VTDS_USER") {
		return fmt.Errorf("DB_NAME(), SUSER_SNAME() = %s, %s", dbName, login)
	}
	// `sqlcmd config connection-strings` runs PRINT DB_NAME(): an INFO message and no rows.
	if _, err := db.Exec("PRINT DB_NAME()"); err != nil {
		return err
	}
	var version string
	if err := db.QueryRow("SELECT @@VERSION").Scan(&version); err != nil {
		return err
	}
	if !strings.HasPrefix(version, "Microsoft SQL Server") {
		return fmt.Errorf("@@VERSION = %q", version)
	}
	return nil
}

// transaction uses the transaction-manager requests the driver sends for Begin/Commit/Rollback.
func transaction(db *sql.DB) error {
	for _, commit := range []bool{true, false} {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		var trancount, n int64
		if err := tx.QueryRow("SELECT @@TRANCOUNT").Scan(&trancount); err != nil {
			return err
		}
		if err := tx.QueryRow("SELECT COUNT(*) FROM Stripe.Customers").Scan(&n); err != nil {
			return err
		}
		if trancount != 1 || fmt.Sprint(n) != env("VTDS_EXPECT_COUNT") {
			return fmt.Errorf("in a transaction: @@TRANCOUNT %d, COUNT(*) %d", trancount, n)
		}
		if commit {
			err = tx.Commit()
		} else {
			err = tx.Rollback()
		}
		if err != nil {
			return fmt.Errorf("commit=%v: %v", commit, err)
		}
	}
	return nil
}
