-- PostgreSQL 15 + tds_fdw reading Stripe through vtds.
-- Start the demo (cargo run --release -p vtds -- demo) and replace <token> with the token it prints.
CREATE EXTENSION IF NOT EXISTS tds_fdw;

CREATE SERVER "Stripe1" FOREIGN DATA WRAPPER tds_fdw
  OPTIONS (servername '127.0.0.1', port '14333', database 'Stripe1');
CREATE USER MAPPING FOR postgres SERVER "Stripe1"
  OPTIONS (username 'demo@example.com', password '<token>');
CREATE SCHEMA "Stripe1";

-- 1. table_name with the schema inside it; tds_fdw asks SHOWPLAN_ALL for a row estimate.
CREATE FOREIGN TABLE "Stripe1".Customers (id varchar, Discount varchar) SERVER "Stripe1"
  OPTIONS (table_name 'Stripe.Customers', row_estimate_method 'showplan_all');
SELECT id, Discount FROM "Stripe1".Customers;

-- 2. schema_name + table_name.
CREATE FOREIGN TABLE "Stripe1".customers2 (id varchar, email varchar) SERVER "Stripe1"
  OPTIONS (schema_name 'Stripe', table_name 'Customers');
-- tds_fdw sends this WHERE to vtds, which turns Id = … into one Stripe retrieve.
SELECT * FROM "Stripe1".customers2 WHERE id = 'cus_…';

-- 3. a query.
CREATE FOREIGN TABLE "Stripe1".big_charges (id varchar, amount bigint, customerid varchar) SERVER "Stripe1"
  OPTIONS (query 'SELECT Id, Amount, CustomerId FROM Stripe.Charges WHERE Amount > 10000');

-- 4. PostgreSQL column names mapped onto vtds columns.
CREATE FOREIGN TABLE "Stripe1".customers3 (col1 varchar OPTIONS (column_name 'Id'),
                                           col2 varchar OPTIONS (column_name 'Discount'))
  SERVER "Stripe1" OPTIONS (table_name 'Stripe.Customers');

-- 5. every table at once.
CREATE SCHEMA stripe_all;
IMPORT FOREIGN SCHEMA "Stripe" FROM SERVER "Stripe1" INTO stripe_all;
