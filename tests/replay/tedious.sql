-- tedious (Node.js) at connect and on connection reset.

-- source: tedious src/connection.ts:2576 getInitialSql (defaults L1295-1348), one batch separated by newlines
set ansi_nulls on
set ansi_null_dflt_on on
set ansi_padding on
set ansi_warnings on
set arithabort on
set concat_null_yields_null on
set datefirst 7
set dateformat mdy
set implicit_transactions off
set language us_english
set numeric_roundabort off
set quoted_identifier on
set textsize 2147483647
set transaction isolation level read committed
set xact_abort off
GO
