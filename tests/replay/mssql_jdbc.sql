-- Microsoft JDBC driver (mssql-jdbc) at connect and from DatabaseMetaData.

-- source: mssql-jdbc SQLServerConnection.java (lazy engine edition probe)
SELECT CAST(SERVERPROPERTY('EngineEdition') as INT)
GO
-- source: mssql-jdbc SQLServerConnection.java:3805-3850, 5254 (connection properties lockTimeout, setTransactionIsolation)
set lock_timeout 30000
GO
SET TRANSACTION ISOLATION LEVEL READ COMMITTED
GO
-- source: mssql-jdbc SQLServerConnection.java:5326 (setAutoCommit(false), then commit)
set implicit_transactions on 
GO
IF @@TRANCOUNT > 0 COMMIT TRAN
GO
set implicit_transactions off 
GO
-- source: mssql-jdbc SQLServerDatabaseMetaData.java:544-553 getCatalogs
SELECT name AS TABLE_CAT FROM sys.databases order by name
GO
-- source: mssql-jdbc SQLServerDatabaseMetaData.java getSchemasInternal (getSchemas())
select sys.schemas.name 'TABLE_SCHEM', CASE WHEN sys.schemas.name  IN  ('dbo', 'guest','INFORMATION_SCHEMA','sys','db_owner', 'db_accessadmin', 'db_securityadmin', 'db_ddladmin'  ,'db_backupoperator','db_datareader','db_datawriter','db_denydatareader','db_denydatawriter')  THEN null ELSE  DB_NAME()  END 'TABLE_CATALOG'    from sys.schemas order by 2, 1
GO
-- source: mssql-jdbc SQLServerDatabaseMetaData.java getSchemas(catalog, pattern)
select sys.schemas.name 'TABLE_SCHEM', DB_NAME() 'TABLE_CATALOG' from [Stripe1].sys.schemas where sys.schemas.name like 'Str%' order by 2, 1
GO
-- source: mssql-jdbc SQLServerDatabaseMetaData.java:1888-1960 (compatibility level check)
select name, compatibility_level from sys.databases where name = 'Stripe1'
GO
-- source: mssql-jdbc SQLServerDatabaseMetaData.java:598-630 getTables (EXEC sp_tables @P0,@P1,@P2,@P3, parameters inlined)
EXEC sp_tables 'Customers', 'Stripe', 'Stripe1', '''TABLE'',''VIEW'''
GO
-- source: mssql-jdbc SQLServerDatabaseMetaData.java getPrimaryKeys / getIndexInfo / getTypeInfo
EXEC sp_pkeys 'Customers', 'Stripe', 'Stripe1'
GO
EXEC sp_statistics 'Customers', 'Stripe', 'Stripe1', '%', 'Y', 'Q'
GO
sp_datatype_info_100 @ODBCVer=3
GO
-- source: mssql-jdbc SQLServerDatabaseMetaData.java getColumns (prepared; the six ? bound as table, schema, catalog, column, 2, 3)
DECLARE @mssqljdbc_temp_sp_columns_result TABLE(TABLE_QUALIFIER SYSNAME, TABLE_OWNER SYSNAME,TABLE_NAME SYSNAME, COLUMN_NAME SYSNAME, DATA_TYPE SMALLINT, TYPE_NAME SYSNAME, PRECISION INT,LENGTH INT, SCALE SMALLINT, RADIX SMALLINT, NULLABLE SMALLINT, REMARKS VARCHAR(254), COLUMN_DEF NVARCHAR(4000),SQL_DATA_TYPE SMALLINT, SQL_DATETIME_SUB SMALLINT, CHAR_OCTET_LENGTH INT, ORDINAL_POSITION INT,IS_NULLABLE VARCHAR(254), SS_IS_SPARSE SMALLINT, SS_IS_COLUMN_SET SMALLINT, SS_IS_COMPUTED SMALLINT,SS_IS_IDENTITY SMALLINT, SS_UDT_CATALOG_NAME NVARCHAR(128), SS_UDT_SCHEMA_NAME NVARCHAR(128),SS_UDT_ASSEMBLY_TYPE_NAME NVARCHAR(max), SS_XML_SCHEMACOLLECTION_CATALOG_NAME NVARCHAR(128),SS_XML_SCHEMACOLLECTION_SCHEMA_NAME NVARCHAR(128), SS_XML_SCHEMACOLLECTION_NAME NVARCHAR(128),SS_DATA_TYPE TINYINT);INSERT INTO @mssqljdbc_temp_sp_columns_result EXEC sp_columns_100 N'Customers',N'Stripe',N'Stripe1',N'%',2,3;SELECT TABLE_QUALIFIER AS TABLE_CAT, TABLE_OWNER AS TABLE_SCHEM, TABLE_NAME, COLUMN_NAME, DATA_TYPE,TYPE_NAME, PRECISION AS COLUMN_SIZE, LENGTH AS BUFFER_LENGTH, SCALE AS DECIMAL_DIGITS, RADIX AS NUM_PREC_RADIX,NULLABLE, REMARKS, COLUMN_DEF, SQL_DATA_TYPE, SQL_DATETIME_SUB, CHAR_OCTET_LENGTH, ORDINAL_POSITION, IS_NULLABLE,NULL AS SCOPE_CATALOG, NULL AS SCOPE_SCHEMA, NULL AS SCOPE_TABLE, SS_DATA_TYPE AS SOURCE_DATA_TYPE,CASE SS_IS_IDENTITY WHEN 0 THEN 'NO' WHEN 1 THEN 'YES' WHEN '' THEN '' END AS IS_AUTOINCREMENT,CASE SS_IS_COMPUTED WHEN 0 THEN 'NO' WHEN 1 THEN 'YES' WHEN '' THEN '' END AS IS_GENERATEDCOLUMN, SS_IS_SPARSE, SS_IS_COLUMN_SET, SS_UDT_CATALOG_NAME, SS_UDT_SCHEMA_NAME, SS_UDT_ASSEMBLY_TYPE_NAME,SS_XML_SCHEMACOLLECTION_CATALOG_NAME, SS_XML_SCHEMACOLLECTION_SCHEMA_NAME, SS_XML_SCHEMACOLLECTION_NAME FROM @mssqljdbc_temp_sp_columns_result ORDER BY TABLE_CAT, TABLE_SCHEM, TABLE_NAME, ORDINAL_POSITION;
GO
-- source: mssql-jdbc SQLServerDatabaseMetaData.java executeSPFkeys for getImportedKeys("Stripe1", "Stripe", "Charges") (prepareCall; parameters inlined)
DECLARE @jdbc_temp_fkeys_result table (PKTABLE_QUALIFIER sysname, PKTABLE_OWNER sysname, PKTABLE_NAME sysname, PKCOLUMN_NAME sysname, FKTABLE_QUALIFIER sysname, FKTABLE_OWNER sysname, FKTABLE_NAME sysname, FKCOLUMN_NAME sysname, KEY_SEQ smallint, UPDATE_RULE smallint, DELETE_RULE smallint, FK_NAME sysname, PK_NAME sysname, DEFERRABILITY smallint);INSERT INTO @jdbc_temp_fkeys_result EXEC sp_fkeys NULL,NULL,NULL,N'Charges',N'Stripe',N'Stripe1';SELECT  t.PKTABLE_QUALIFIER AS PKTABLE_CAT, t.PKTABLE_OWNER AS PKTABLE_SCHEM, t.PKTABLE_NAME, t.PKCOLUMN_NAME, t.FKTABLE_QUALIFIER AS FKTABLE_CAT, t.FKTABLE_OWNER AS FKTABLE_SCHEM, t.FKTABLE_NAME, t.FKCOLUMN_NAME, t.KEY_SEQ, CASE s.update_referential_action WHEN 1 THEN 0 WHEN 0 THEN 3 WHEN 2 THEN 2 WHEN 3 THEN 4 END as UPDATE_RULE, CASE s.delete_referential_action WHEN 1 THEN 0 WHEN 0 THEN 3 WHEN 2 THEN 2 WHEN 3 THEN 4 END as DELETE_RULE, t.FK_NAME, t.PK_NAME, t.DEFERRABILITY FROM @jdbc_temp_fkeys_result t LEFT JOIN sys.foreign_keys s ON t.FK_NAME = s.name COLLATE database_default AND schema_id(t.FKTABLE_OWNER) = s.schema_id ORDER BY PKTABLE_CAT, PKTABLE_SCHEM, PKTABLE_NAME, KEY_SEQ
GO
