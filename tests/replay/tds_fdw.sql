-- tds_fdw 2.0.3 (PostgreSQL foreign data wrapper): IMPORT FOREIGN SCHEMA, scans and estimates.

-- source: tds_fdw src/tds_fdw.c:3848 (IMPORT FOREIGN SCHEMA: is the server Microsoft?)
SELECT CHARINDEX('Microsoft', @@version) AS is_sql_server
GO
-- source: tds_fdw src/tds_fdw.c:2987
SELECT schema_name FROM INFORMATION_SCHEMA.SCHEMATA WHERE schema_name = 'Stripe'
GO
-- source: tds_fdw src/tds_fdw.c:3008-3056
SELECT t.table_name, c.column_name, c.data_type, c.column_default, c.is_nullable, c.character_maximum_length, c.numeric_precision, c.numeric_precision_radix, c.numeric_scale, c.datetime_precision FROM INFORMATION_SCHEMA.TABLES t LEFT JOIN INFORMATION_SCHEMA.COLUMNS c ON t.table_schema = c.table_schema AND t.table_name = c.table_name WHERE t.table_type IN ('BASE TABLE','VIEW') AND t.table_schema = 'Stripe' ORDER BY t.table_name, c.ordinal_position
GO
-- source: tds_fdw src/tds_fdw.c:3008-3056 (LIMIT TO variant)
SELECT t.table_name, c.column_name, c.data_type, c.column_default, c.is_nullable, c.character_maximum_length, c.numeric_precision, c.numeric_precision_radix, c.numeric_scale, c.datetime_precision FROM INFORMATION_SCHEMA.TABLES t LEFT JOIN INFORMATION_SCHEMA.COLUMNS c ON t.table_schema = c.table_schema AND t.table_name = c.table_name WHERE t.table_type IN ('BASE TABLE','VIEW') AND t.table_schema = 'Stripe' AND t.table_name IN ('Customers','Charges') ORDER BY t.table_name, c.ordinal_position
GO
-- source: tds_fdw src/tds_fdw.c:1560 (per scan, dbsetopt DBTEXTSIZE)
set textsize 2147483647

GO
-- source: tds_fdw src/deparse.c deparseRelation/deparseTargetList (scan shape)
SELECT [Id], [Email] FROM [Stripe].[Customers]
GO
-- source: tds_fdw src/deparse.c (pushed-down WHERE with PostgreSQL constants)
SELECT [Id], [Email] FROM [Stripe].[Customers] WHERE (([Created] >= '2024-01-01 00:00:00+00')) AND (([Email] IS NOT NULL))
GO
-- source: tds_fdw src/tds_fdw.c:632-884 (row_estimate_method 'showplan_all')
SET SHOWPLAN_ALL ON
GO
SELECT [Id], [Email] FROM [Stripe].[Customers]
GO
SET SHOWPLAN_ALL OFF
GO
