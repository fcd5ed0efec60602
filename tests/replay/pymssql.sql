-- pymssql at connect (FreeTDS dblib underneath).

-- source: pymssql src/pymssql/_mssql.pyx:729-738 (connection SET block)
SET ARITHABORT ON;SET CONCAT_NULL_YIELDS_NULL ON;SET ANSI_NULLS ON;SET ANSI_NULL_DFLT_ON ON;SET ANSI_PADDING ON;SET ANSI_WARNINGS ON;SET ANSI_NULL_DFLT_ON ON;SET CURSOR_CLOSE_ON_COMMIT ON;SET QUOTED_IDENTIFIER ON;SET TEXTSIZE 2147483647;
GO
-- source: pymssql src/pymssql/_mssql.pyx:1533 select_db via dbuse
use [Stripe1]
GO
-- source: pymssql src/pymssql/_pymssql.pyx:201-210 (autocommit off: BEGIN TRAN, COMMIT TRAN + BEGIN TRAN, ROLLBACK TRAN + BEGIN TRAN)
BEGIN TRAN
GO
COMMIT TRAN
GO
BEGIN TRAN
GO
ROLLBACK TRAN
GO
BEGIN TRAN
GO
-- source: pymssql _mssql.pyx:2015 _quote_simple_value (client-side interpolation of a query)
SELECT Id, Email FROM Stripe.Customers WHERE Email = N'nobody@example.com' AND Livemode = 0
GO
