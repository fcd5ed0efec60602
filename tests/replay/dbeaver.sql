-- DBeaver (SQL Server plugin over mssql-jdbc) at connect and when expanding the navigator.

-- source: dbeaver/dbeaver plugins/org.jkiss.dbeaver.ext.mssql .../SQLServerDataSource.java initialize (SystemDataTypeCache)
SELECT * FROM sys.types WHERE is_user_defined = 0 order by name
GO
-- source: dbeaver SQLServerDataSource.java DatabaseCache
SELECT db.* FROM sys.databases db
ORDER BY db.name
GO
-- source: dbeaver SQLServerDataSource.java initialize (Database Engine edition)
SELECT SERVERPROPERTY('EngineEdition')
GO
-- source: dbeaver/dbeaver issue #15017 (schema cache query before Babelfish expanded its views)
SELECT s.*,ep.value as description FROM sys.schemas s
LEFT OUTER JOIN sys.extended_properties ep ON ep.class=3 AND ep.major_id=s.schema_id AND ep.minor_id=0 AND ep.name='MS_Description'
GO
