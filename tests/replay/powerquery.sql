-- Power BI Desktop and Excel "Get Data > SQL Server" (the Power Query / Mashup engine's SqlEnvironment):
-- server metadata, the navigator (schemas, tables, columns, keys) and item lookups.

-- source: Microsoft.Mashup.Engine1.Library.Sql.SqlEnvironment SqlMetadataCommandText (decompiled, public copy)
SELECT
@@version _VERSION,
CAST(SERVERPROPERTY('EngineEdition') as VARCHAR(4)) _EDITION,
CASE WHEN EXISTS (SELECT * FROM sys.extended_properties WHERE [name] = N'isSaaSMetadata' AND [value] = '1') THEN 1 ELSE 0 END _IS_SAAS,
CASE WHEN EXISTS (SELECT * FROM sys.types WHERE name = 'char' AND collation_name LIKE '%UTF8%') THEN 1 ELSE 0 END _UTF8_COLLATION
GO
-- source: SqlEnvironment.LoadSchemas
select SCHEMA_NAME from [INFORMATION_SCHEMA].[SCHEMATA]
GO
-- source: SqlEnvironment.LoadDatabaseInformation
select cast(e.value as nvarchar(max)) [DESCRIPTION]
from sys.extended_properties e
where e.major_id = 0 and e.minor_id = 0 and e.class = 0 and e.name = 'MS_Description'
GO
-- source: SqlEnvironment.LoadTables (no filter)
select t.[TABLE_CATALOG], t.[TABLE_SCHEMA], t.[TABLE_NAME], t.[TABLE_TYPE], tv.create_date [CREATED_DATE], tv.modify_date [MODIFIED_DATE], cast(e.value as nvarchar(max)) [DESCRIPTION]
from [INFORMATION_SCHEMA].[TABLES] t
join sys.schemas s on s.name = t.[TABLE_SCHEMA]
join sys.objects tv on tv.name = t.[TABLE_NAME] and tv.schema_id = s.schema_id and tv.parent_object_id = 0
left outer join sys.extended_properties e on tv.object_id = e.major_id and e.minor_id = 0 and e.class = 1 and e.name = 'MS_Description'
where 1=1 and 1=1
GO
-- source: SqlEnvironment.LoadTables (schema and table filter)
select t.[TABLE_CATALOG], t.[TABLE_SCHEMA], t.[TABLE_NAME], t.[TABLE_TYPE], tv.create_date [CREATED_DATE], tv.modify_date [MODIFIED_DATE], cast(e.value as nvarchar(max)) [DESCRIPTION]
from [INFORMATION_SCHEMA].[TABLES] t
join sys.schemas s on s.name = t.[TABLE_SCHEMA]
join sys.objects tv on tv.name = t.[TABLE_NAME] and tv.schema_id = s.schema_id and tv.parent_object_id = 0
left outer join sys.extended_properties e on tv.object_id = e.major_id and e.minor_id = 0 and e.class = 1 and e.name = 'MS_Description'
where t.[TABLE_SCHEMA] = N'Stripe' and t.[TABLE_NAME] = N'Customers'
GO
-- source: SqlEnvironment.LoadProcedures (no filter)
select r.[ROUTINE_SCHEMA], r.[ROUTINE_NAME], r.[ROUTINE_TYPE], p.create_date [CREATED_DATE], p.modify_date [MODIFIED_DATE], cast(e.value as nvarchar(max)) [DESCRIPTION]
from [INFORMATION_SCHEMA].[ROUTINES] r
join sys.schemas s on s.name = r.[ROUTINE_SCHEMA]
join sys.objects p on p.name = r.[ROUTINE_NAME] and p.schema_id = s.schema_id and p.parent_object_id = 0
left outer join sys.extended_properties e on p.object_id = e.major_id and e.minor_id = 0 and e.class = 1 and e.name = 'MS_Description'
where 1=1 and 1=1
GO
-- source: SqlEnvironment.SqlBatchSchemaLoader.GetColumnsQuery + GetColumnInfoPartialQuery (SQL Server 2016+ settings; GenerateClause inlined for one table)
select
    s.name [TABLE_SCHEMA],
    o.name [TABLE_NAME],
    c.name [COLUMN_NAME],
    cast(c.column_id as bigint) [ORDINAL_POSITION],
    c.is_nullable [IS_NULLABLE],
    case when (t.is_user_defined = 0 and t.name is not null) then t.name when (c.system_type_id = 240 or t.name is null) then 'udt' else t_system.name end [DATA_TYPE],
    case when (c.system_type_id in (59, 62)) then 2 when (c.system_type_id in (48, 52, 56, 60, 104, 106, 108, 122, 127)) then 10 else null end [NUMERIC_PRECISION_RADIX],
    c.precision [NUMERIC_PRECISION],
    case when (c.system_type_id in (59, 62)) then null else c.scale end [NUMERIC_SCALE],
    case when (c.system_type_id in (40, 41, 42, 43, 58, 61)) then c.scale else null end [DATETIME_PRECISION],
    case when (c.system_type_id in (231, 239)) then floor(c.max_length / 2) when (c.system_type_id in (165, 167, 173, 175)) then c.max_length else null end [CHARACTER_MAXIMUM_LENGTH],
    cast(e.value as nvarchar(max)) [DESCRIPTION],
    d.definition [COLUMN_DEFAULT],
    cc.definition [COLUMN_EXPRESSION],
    case when c.is_identity = 1 or c.is_computed = 1 or t.system_type_id = 189 or c.generated_always_type > 0 then 0 else 1 end [IS_WRITABLE],
    null FIELD_CAPTION
from sys.objects o
join sys.schemas s on s.schema_id = o.schema_id
join sys.columns c on o.object_id = c.object_id
left join sys.types t on c.user_type_id = t.user_type_id
left join sys.types t_system on t.system_type_id = t_system.user_type_id
left join sys.default_constraints d on d.object_id = c.default_object_id
left join sys.computed_columns cc on c.object_id = cc.object_id and c.column_id = cc.column_id
left join sys.extended_properties e on o.object_id = e.major_id and c.column_id = e.minor_id and e.class = 1 and e.name = 'MS_Description'
where s.name = N'Stripe' and o.name = N'Customers';
GO
-- source: SqlEnvironment.SqlBatchSchemaLoader.GetStandardForeignKeyQuery
select
    convert(nvarchar, fk.object_id) [FK_NAME], cast(f.constraint_column_id as bigint) [ORDINAL],
    s1.name [TABLE_SCHEMA_1], o1.name [TABLE_NAME_1], c1.name [PK_COLUMN_NAME_1],
    s2.name [TABLE_SCHEMA_2], o2.name [TABLE_NAME_2], c2.name [PK_COLUMN_NAME_2],
    f.constraint_object_id, f.constraint_column_id
from sys.foreign_key_columns f join sys.foreign_keys fk on f.constraint_object_id = fk.object_id
join sys.objects o1 on o1.object_id = f.parent_object_id join sys.schemas s1 on s1.schema_id = o1.schema_id
join sys.objects o2 on o2.object_id = f.referenced_object_id join sys.schemas s2 on s2.schema_id = o2.schema_id
join sys.columns c1 on c1.object_id = o1.object_id and c1.column_id = f.parent_column_id
join sys.columns c2 on c2.object_id = o2.object_id and c2.column_id = f.referenced_column_id
where s1.name = N'Stripe' and o1.name = N'Customers'
union
select
    convert(nvarchar, fk.object_id) [FK_NAME], cast(f.constraint_column_id as bigint) [ORDINAL],
    s1.name [TABLE_SCHEMA_1], o1.name [TABLE_NAME_1], c1.name [PK_COLUMN_NAME_1],
    s2.name [TABLE_SCHEMA_2], o2.name [TABLE_NAME_2], c2.name [PK_COLUMN_NAME_2],
    f.constraint_object_id, f.constraint_column_id
from sys.foreign_key_columns f join sys.foreign_keys fk on f.constraint_object_id = fk.object_id
join sys.objects o1 on o1.object_id = f.parent_object_id join sys.schemas s1 on s1.schema_id = o1.schema_id
join sys.objects o2 on o2.object_id = f.referenced_object_id join sys.schemas s2 on s2.schema_id = o2.schema_id
join sys.columns c1 on c1.object_id = o1.object_id and c1.column_id = f.parent_column_id
join sys.columns c2 on c2.object_id = o2.object_id and c2.column_id = f.referenced_column_id
where s2.name = N'Stripe' and o2.name = N'Customers'
order by f.constraint_object_id, f.constraint_column_id;
GO
-- source: SqlEnvironment.SqlBatchSchemaLoader.GetStandardIndexesQuery
select s.name [TABLE_SCHEMA], o.name [TABLE_NAME], i.name [INDEX_NAME], cc.name [COLUMN_NAME], cast(ic.key_ordinal as bigint) [ORDINAL_POSITION], i.is_primary_key [PRIMARY_KEY]
from sys.objects o join sys.schemas s on s.schema_id = o.schema_id
join sys.indexes as i on i.object_id = o.object_id
join sys.index_columns as ic on ic.object_id = i.object_id and ic.index_id = i.index_id
join sys.columns as cc on ic.column_id = cc.column_id and ic.object_id = cc.object_id
where (i.is_primary_key = 1 or i.is_unique_constraint = 1 or i.is_unique = 1) and o.type in ('U', 'V') and ic.key_ordinal <> 0
      and s.name = N'Stripe' and o.name = N'Customers'
order by i.name, s.name, o.name;
GO
-- source: SqlEnvironment.LoadDatabaseItem
select o.type [OBJECT_TYPE], o.create_date [CREATED_DATE], o.modify_date [MODIFIED_DATE], cast(e.value as nvarchar(max)) [DESCRIPTION],
case when exists (select * from sys.foreign_keys fk where fk.parent_object_id = o.object_id) then 1 else 0 end [HAS_CHILD_RELATION],
case when exists (select * from sys.foreign_keys fk where fk.referenced_object_id = o.object_id) then 1 else 0 end [HAS_PARENT_RELATION]
from sys.objects o
inner join sys.schemas s on s.schema_id = o.schema_id
left outer join sys.extended_properties e on o.object_id = e.major_id and e.minor_id = 0 and e.class = 1 and e.name = 'MS_Description'
where s.name = N'Stripe' and o.name = N'Customers'
GO
-- source: SqlEnvironment.LoadIdentityColumns (parameters inlined)
select c.name [COLUMN_NAME], cast(c.column_id as bigint) [ORDINAL_POSITION]
from sys.objects as o
join sys.schemas s on s.schema_id = o.schema_id
join sys.columns as c on o.object_id = c.object_id
where s.name = N'Stripe' and o.name = N'Customers' and c.is_identity = 1;
GO
-- source: Power Query folding of a navigator preview (TOP and bracketed aliases, PagingStrategy.TopAndRowCount)
select top 1000
    [$Table].[Id] as [Id],
    [$Table].[Email] as [Email],
    [$Table].[Created] as [Created]
from [Stripe].[Customers] as [$Table]
GO
